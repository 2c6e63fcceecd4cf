"""attack61's closed prose61 shapes through the stream hold-back (tests/stream/shape_sweeps.py: plain, cut anywhere,
one character at a time, JSON with \\u escapes): the dash as `---` or a horizontal bar, `that’s` with a typographic
apostrophe, Vietnamese in title case, a subscript's aligned `=`, an IPsec secret holding an apostrophe."""

from __future__ import annotations

from tests.stream import shape_sweeps as sweeps
from tests.stream import support

SHAPES = [
    ("Boathouse: Fjord!2291 --- that's the password for the router.", "Fjord!2291"),
    ("Boathouse: Fjord!2291 \u2015 that's the password for the router.", "Fjord!2291"),
    ("Boathouse: Fjord!2291 -- that\u2019s the password for the router.", "Fjord!2291"),
    ("Quán phở: Ngoc#4471 là Mật Khẩu wifi của quán", "Ngoc#4471"),
    ('os.environ["SMTP_PASSWORD"]     = "Bellows#58x"', "Bellows#58x"),
    ('@east @west : PSK "Bob\'s#Kettle77"', "Bob's#Kettle77"),
]


rt, composed = support.shipped_answer_fixtures()


class TestAttack61Shapes(sweeps.ShapeSweeps):
    SHAPES = SHAPES
    AFTER = 24
