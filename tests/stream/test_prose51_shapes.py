"""prose51's new shapes through the stream hold-back, with the oracle of test_holdback_attack.py (each text the client
has after an event is a prefix of the whole text masked: no character of a value the scan of the whole text masks
goes out first; a stop fails it too): Somali `waa`, what a cabinet or lockbox opens with (a PIN too), a word `=` a
number in a password's place, rdesktop's `-p`, unixODBC isql's DSN USER X, and `net use ... X /user:U`, whose value
is read only once ` /user:` follows it (the rule's lookahead: the hold-back must keep the value until then)."""

from __future__ import annotations

from tests.stream import shape_sweeps as sweeps
from tests.stream import support

SHAPES = [
    ("Salaan Faadumo, erayga sirta ee kombiyuutarka dukaanka waa Xamar#Badda71 - cidna ha u sheegin.",
     "Xamar#Badda71"),
    ("Erayga sirta ee kombiyuutarka waa 60418275 - ha ku qorin warqad.", "60418275"),
    ("Porters: the key cabinet now opens with 4819273. Keep it off the rota.", "4819273"),
    ("Stewards: the changing-room lockers now open with 7318. Don't post it.", "7318"),
    ("Front desk: the spare-key lockbox now opens with plover.71, not the old one.", "plover.71"),
    ("Reception: the sign-in tablet now unlocks with MarigoldHeron42. Don't write it down.", "MarigoldHeron42"),
    ("Temporary password oriole=52; please change it on first login.", "oriole=52"),
    ("sqlcmd -S db01 -U etl -P kestrel=44 -Q \"select 1\"", "kestrel=44"),
    ("rdesktop -u ops -p 70318 -d CORP ts01.corp.test", "70318"),
    ("isql -v WAREHOUSE_DSN etl.loader Pw7~kRt2Xm", "Pw7~kRt2Xm"),
    ("net use M: \\\\files01\\media Vt8-Rq2mLx /user:STUDIO\\a.okafor /persistent:yes", "Vt8-Rq2mLx"),
]


rt, composed = support.shipped_answer_fixtures()


class TestProse51Shapes(sweeps.ShapeSweeps):
    SHAPES = SHAPES
    AFTER = 9
