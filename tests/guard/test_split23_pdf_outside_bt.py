"""split23: a key shown by text operators outside any `BT ... ET` block (invalid PDF, but some readers show it:
`(AKIA2HL) Tj [(YOSB)-20(OHAG...)] TJ` with no `BT`, or between one block's `ET` and the next `BT`, or before the
first). The text reading (formats/pdftext.py, attack21) read only inside blocks: split over operands, the key was
found by nothing. Now an outside stretch that holds a show-text operator (a regex search, C speed) is read the same
way, bounded and linear as before; a stream without one costs that search only."""

from __future__ import annotations

import base64
import json

import pytest

from addons.formats import open_body, pdftext
from tests import fakes
from tests.guard.test_attack21_pdf_text_split import found, pdf
from tests.stream.test_attack_password_words import rt  # noqa: F401  (fixture: the shipped rules and policy)

AWS = fakes.aws_key_id(23)
A, B = AWS[:9].encode(), AWS[9:].encode()
OUTSIDE = {
    "no_block_at_all": b"/F1 12 Tf 72 712 Td [(aws key " + A + b")-20(" + B + b")] TJ",
    "two_Tj_no_block": b"(" + A + b") Tj (" + B + b") Tj",
    "between_two_blocks": b"BT (intro) Tj ET (" + A + b") Tj (" + B + b") Tj BT (outro) Tj ET",
    "before_the_first_block": b"q 1 0 0 1 0 0 cm [(" + A + b")-20(" + B + b")] TJ Q BT (page 1) Tj ET",
    "half_inside_half_outside": b"BT (" + A + b") Tj ET (" + B + b") Tj",
    "quote_operator_outside": b"14 TL (" + A + b") ' (" + B + b") '",
}


@pytest.mark.parametrize("carrier", ["body", "base64_part"])
@pytest.mark.parametrize("compress", [False, True])
@pytest.mark.parametrize("name", sorted(OUTSIDE))
def test_a_key_shown_outside_text_blocks_is_found(rt, name, compress, carrier):  # noqa: F811
    raw = pdf(OUTSIDE[name], compress)
    assert AWS.encode() not in raw
    doc = open_body("application/pdf", raw) if carrier == "body" else open_body(
        "application/json", json.dumps({"type": "document", "data": base64.b64encode(raw).decode()}).encode())
    assert "aws-access-key-id" in found(rt, doc)


def test_graphics_outside_blocks_give_no_text_and_blocks_read_as_before():
    shown = pdftext.ShownText()
    shown.feed(b"q 0.5 0 0 0.5 10 10 cm /Im1 Do 0 0 m 100 100 l S Q BT (one) Tj ET 1 0 0 RG BT (two) Tj ET")
    assert shown.reader == "one\ntwo" and shown.glued == "onetwo" and not shown.cut


@pytest.mark.slow  # a long stretch read whole, ~1.5 s of CPU
def test_an_outside_stretch_is_read_in_one_linear_pass():
    # 200,000 outside show-text operators between blocks: each stretch read once, the token bound holds
    content = b"BT (a) Tj ET " + b"(x) Tj " * 200_000 + b"BT (b) Tj ET"
    shown = pdftext.ShownText()
    shown.feed(content)
    assert shown.reader.startswith("a\nx") and shown.reader.endswith("x\nb") and not shown.cut
    shown = pdftext.ShownText()
    shown.feed(b"(x) Tj " * (pdftext.MAX_TOKENS // 2 + 10))
    assert shown.cut
