"""prose63's new shapes through the stream hold-back, with the oracle of test_holdback_attack.py (each text the client
has after an event is a prefix of the whole text masked: no character of a value the scan of the whole text masks
goes out first; a stop fails it too): a prefixed pair of user and password flags, -w after a Kerberos principal, an
option taking the user and the password as two words, a control tool registering an account on a host, a call naming
the user and the password together, a handed-over password with its first-use instruction, a reset as the time the
password is asked, gapping (U is the account and X the password), digits the word after them names, letters opening
their sentence with the account named."""

from __future__ import annotations

from tests.stream import shape_sweeps as sweeps
from tests.stream import support

SHAPES = [
    ("vmrun -T fusion -gu j.moreau -gp Ferment#4471x runScriptInGuest /vm/cellar.vmx /bin/sh /opt/rack.sh",
     "Ferment#4471x"),
    ('kadmin -p m.kowal/admin@FORGE.TEST -w Chmiel#4471x -q "getprinc web/forge.test"', "Chmiel#4471x"),
    ("sapcontrol -nr 02 -host s4.forge.test -user ops.kb Tarn!Fescue6 -function Stop", "Tarn!Fescue6"),
    ("prosodyctl register p.novak xmpp.ferry.test Quay!Lantern52", "Quay!Lantern52"),
    ('mqttc.username_pw_set("kiln-07", "Glaze_Kiln_7781")', "Glaze_Kiln_7781"),
    ("Take Heron_Quay83 as the password for now and change it once you're signed in.", "Heron_Quay83"),
    ("The door panel asks for its password after each reset. It's Kelenn#2291x, user ops.", "Kelenn#2291x"),
    ("The brewhouse tablet wants a login: m.kowal is the account and Chmiel#4471x the password.", "Chmiel#4471x"),
    ("The kiln tablet's login is m.kowal. Use 4471 as the password at first sign-in.", "4471"),
    ("User b.okafor; Honeycombdrone is the password.", "Honeycombdrone"),
]


rt, composed = support.shipped_answer_fixtures()


class TestProse63Shapes(sweeps.ShapeSweeps):
    SHAPES = SHAPES
    AFTER = 24
