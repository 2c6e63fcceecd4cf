"""attack62: attack61's open shapes, closed, through the stream hold-back with the oracle of test_holdback_attack.py
(each text the client has after an event is a prefix of the whole text masked; a stop fails it too): the value before
its word with a narrow no-break space, a wrapped line or Markdown's emphasis between, a modal before the link, Tatar
capitals; a constant's literal wrapped or prefixed; an IPsec key file's passphrase, a `$` secret, an apostrophe."""

from __future__ import annotations

from tests.stream import shape_sweeps as sweeps
from tests.stream import support

SHAPES = [
    ("Marina gate: Harbour#5580 is our\u202fpassword this month", "Harbour#5580"),
    ("Night shift: Lantern#4417 is the\npassword for the loading dock.", "Lantern#4417"),
    ("Marina gate: `Harbour#5580` is our **password** this month", "Harbour#5580"),
    ("Zugang: Werkhof#62 ist das **Passwort** der Werkstatt", "Werkhof#62"),
    ("Delta#6620 will serve as the passphrase for the backup disk.", "Delta#6620"),
    ("ТЕПЛИЦА: Sabantuy#58 СЕРСҮЗЕ БЕЛӘН КЕРЕГЕЗ", "Sabantuy#58"),
    ("curl_setopt($ch, CURLOPT_PROXYPASSWORD,\n    'Kiln#4471x');", "Kiln#4471x"),
    ('os.environ["SMTP_PASSWORD"] = r"Bellows#58x"', "Bellows#58x"),
    ('@east @west : PSK "$ecret#Kettle99"', "$ecret#Kettle99"),
    (': RSA bob.key "Kettle#99copper"', "Kettle#99copper"),
    ('@east @west : PSK "Bob\'s copper kettle"', "Bob's copper kettle"),
]


rt, composed = support.shipped_answer_fixtures()


class TestAttack62Shapes(sweeps.ShapeSweeps):
    SHAPES = SHAPES
    AFTER = 30
