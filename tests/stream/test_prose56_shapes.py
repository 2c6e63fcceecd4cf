"""prose56's new shapes through the stream hold-back, with the oracle of test_holdback_attack.py (each text the client
has after an event is a prefix of the whole text masked: no character of a value the scan of the whole text masks
goes out first; a stop fails it too): a login call's literal after a host and a user, a protocol's client built with
its login, the -U / -P and -xu / -xp flag pairs and net-snmp's -A, a generator's `==`, a lock's code and a PIN in the
Dravidian scripts and Sinhala, an account notice's "Reset to X", a login event naming its account before the word, a
JSON member judged by its own words, and the next sentence forbidding to tell it."""

from __future__ import annotations

from tests.stream import shape_sweeps as sweeps
from tests.stream import support

SHAPES = [
    ("$link = mysqli_connect('10.4.0.9', 'shop', '48213', 'orders');", "48213"),
    ('ftp = FTP("ftp.harbour.test", "dock.clerk", "gannetkittiwake")', "gannetkittiwake"),
    ("sendEmail -f ci@corp.test -s relay.corp.test:587 -xu ci.mailer -xp 48213 -m done", "48213"),
    ("snmpbulkwalk -v3 -l authNoPriv -u poller -a SHA-256 -A 70412983 core1 ifTable", "70412983"),
    ("ipmitool -I lanplus -H bmc7 -U admin -P Kx==!7Tq~w2 sol activate", "Kx==!7Tq~w2"),
    ("ഓഫീസിലെ ലോക്കറിന്റെ കോഡ് 582913 ആണ്.", "582913"),
    ("ലാപ്‌ടോപ്പിന്റെ പുതിയ പാസ്‌വേഡ് 70412983 ആണ്.", "70412983"),
    ("The kiosk login was locked after three tries. Reset to Quoll!Fen34; change it at your next sign-in.",
     "Quoll!Fen34"),
    ("Jan 12 03:11:09 till-04 posd[771]: operator j_okafor logged in, password kittiwakegannet", "kittiwakegannet"),
    ('{"kiosk": "K-3", "cable": "full length", "kiosk_password": "HeronMarsh"}', "HeronMarsh"),
    ("দোকানের নতুন পাসওয়ার্ড gannetfulmar. কাউকে বলবেন না।", "gannetfulmar"),
    ("Heads-up: the label printer's tablet wants m.ueda and Heron#Quay62 every shift.", "Heron#Quay62"),
]


rt, composed = support.shipped_answer_fixtures()


class TestProse56Shapes(sweeps.ShapeSweeps):
    SHAPES = SHAPES
    AFTER = 24
