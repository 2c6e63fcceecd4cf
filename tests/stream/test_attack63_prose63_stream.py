"""attack63: prose63's shapes that its own sweep (tests/stream/test_prose63_shapes.py) does not stream, through the
hold-back with the oracle of test_holdback_attack.py (each text the client has after an event is a prefix of the whole
text masked; a stop fails it too), cut anywhere, one character at a time and as JSON with \\u escapes: the ones whose
deciding words come long after the value (the first-use instruction after a dash, the account named at the sentence's
end), digits before their word after an account, a dotted account in the clause, a call naming user and password, a
control tool's change_password. Gapping with a comma (`t.lind is the login, X the password`) failed the JSON leg here:
the whole body's scan finds nothing once the sentence opens a JSON string (tests/detect/test_attack63_prose63.py)."""

from __future__ import annotations

from tests.stream import shape_sweeps as sweeps
from tests.stream import support

SHAPES = [
    ("Chmiel#4471x is the password for the brewhouse tablet - change it after your first sign-in.", "Chmiel#4471x"),
    ("Mill office: wheatsheafgrist is the password for the scale PC, login m.kowal.", "wheatsheafgrist"),
    ("Your account on the hive-scale portal is b.okafor, and 58203914 is the password.", "58203914"),
    ("On the ferry's booking PC p.novak is the account and quay.lantern.harbour the password.",
     "quay.lantern.harbour"),
    ("Kiln app: the glaze-room password for m.kowal is now saggarkilnwash.", "saggarkilnwash"),
    ("Login kiln-07 on the glaze tablet. SaggarKilnwash -- that's the password.", "SaggarKilnwash"),
    ("The label printer wants its password after every reset - it's Glaze_Kiln_7781.", "Glaze_Kiln_7781"),
    ('store.set_user_password("m.kowal", "Chmiel#4471x")', "Chmiel#4471x"),
    ("ejabberdctl change_password k.olsen chat.forge.test Heron_Quay83", "Heron_Quay83"),
]


rt, composed = support.shipped_answer_fixtures()


class TestAttack63Prose63Shapes(sweeps.ShapeSweeps):
    SHAPES = SHAPES
    AFTER = 40
