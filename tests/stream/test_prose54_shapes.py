"""prose54's new shapes through the stream hold-back, with the oracle of test_holdback_attack.py (each text the client
has after an event is a prefix of the whole text masked: no character of a value the scan of the whole text masks
goes out first; a stop fails it too): the code of a lock in any language (the lock named before or after the code
word, a colon, a copula or nothing before the value; कोड with no colon through its first-stage mark), and a PIN or
letters only right after another script's password word, given by a copula after them or ending their clause;
a login call with a digit in its name (ssh2_auth_password)."""

from __future__ import annotations

from tests.stream import shape_sweeps as sweeps
from tests.stream import support

SHAPES = [
    ("Код від гаражу: 739184. Нікому не кажи.", "739184"),
    ("लॉकर का कोड 481736 है। किसी को मत बताना।", "481736"),
    ("Le code du cadenas du portail : 7391.", "7391"),
    ("The code for the padlock on the shed: Kestrel!Moor42, keep it to yourself.", "Kestrel!Moor42"),
    ("राउटर का नया पासवर्ड kingfisherganga है। किसी को मत बताना।", "kingfisherganga"),
    ("Зайди в почту с логином k.ivanova и паролем 583920, потом смени его.", "583920"),
    ("Wi-Fi नेटवर्कको पासवर्ड 739184 हो।", "739184"),
    ("ssh2_auth_password($conn, 'k.morris', 'kestrelmoorland');", "kestrelmoorland"),
]


rt, composed = support.shipped_answer_fixtures()


class TestProse54Shapes(sweeps.ShapeSweeps):
    SHAPES = SHAPES
    AFTER = 24
