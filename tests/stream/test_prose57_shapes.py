"""prose57's new shapes through the stream hold-back, with the oracle of test_holdback_attack.py (each text the client
has after an event is a prefix of the whole text masked: no character of a value the scan of the whole text masks
goes out first; a stop fails it too): a notice's `your` that owns another noun, a value's own period before a command
line's next option, a PIN where -p is no port, a login command's e-mail account then its password, a login
protocol's client call (a port argument, a mailbox literal, a charlist), a Marathi / Urdu lock code, a chat answer to
a request that ends in the password word, letters a password was reset to, a quoted user before the word, and the
column a comment header names (chap-secrets)."""

from __future__ import annotations

from tests.stream import shape_sweeps as sweeps
from tests.stream import support

SHAPES = [
    ("Your account at the pottery supplier is live with the password Kiln!Glaze48; orders ship Fridays.",
     "Kiln!Glaze48"),
    ("tsql -S LOANSDB -U ops.kb -P Heron!Quay83. -D loans", "Heron!Quay83."),
    ("oc login -u developer -p 582914 https://api.crc.test:6443", "582914"),
    ("bw login k.olsen@corp.test 'Heron#Quay62'", "Heron#Quay62"),
    ("client.connect('sftp.corp.test', 2222, 'k.olsen', '48213')", "48213"),
    ("$inbox = imap_open('{mail.corp.test:143/novalidate-cert}INBOX', 'k.olsen', 'marshwillowheron');",
     "marshwillowheron"),
    (":ok = :ftp.user(pid, ~c\"k.olsen\", ~c\"Tarn_Gannet7\")", "Tarn_Gannet7"),
    ("गॅरेजच्या कुलुपाचा कोड 4817 आहे.", "4817"),
    ("دکان کے لاکر کا کوڈ 58213 ہے", "58213"),
    ("Jonas: die Kasse will ein Passwort\nLea: Heron#Quay62 -- user is kasse.2", "Heron#Quay62"),
    ("ops note: the kiosk password reset to marshwillow.", "marshwillow"),
    ("your vpn password has been reset to heronbrackenfield for k.olsen.", "heronbrackenfield"),
    ("poll imap.corp.test protocol IMAP\n  user \"k.olsen\" password \"7840605\" ssl", "7840605"),
    ("the kiln PC signs in as kiln.ops with Heronmarshland every morning", "Heronmarshland"),
    ("# /etc/ppp/chap-secrets\n# client  server  secret  IP addresses\n\"vpn.ops\"  *  \"marram tussock knoll\"  *",
     "marram tussock knoll"),
]


rt, composed = support.shipped_answer_fixtures()


class TestProse57Shapes(sweeps.ShapeSweeps):
    SHAPES = SHAPES
    AFTER = 24
