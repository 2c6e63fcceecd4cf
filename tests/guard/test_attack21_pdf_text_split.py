"""attack21 (open, pinned): a key in a PDF's text split over two show-text operands, as every PDF writer splits text
for kerning (`[(AKIA2HLYO)-20(SBOHAGKTYZU)] TJ`) or over two `Tj` operators. A PDF reader, and a provider's text
extraction for the model, reads the operands joined: the key. The guard reads a PDF's printable strings and its
inflated streams as written, where `)-20(` breaks the key: found by nothing, sent (as a body, and base64'd in a
document part). Closing it needs a reading of PDF text operators (EVASION.md); these xfails fail loudly once it
exists."""

from __future__ import annotations

import base64
import json
import zlib

import pytest

from addons.core.inspection import contexts_of
from addons.formats import open_body
from tests import fakes
from tests.stream.test_attack_password_words import rt  # noqa: F401  (fixture: the shipped rules and policy)

AWS = fakes.aws_key_id(2)
SHOWN = {
    "kerned_TJ": b"BT /F1 12 Tf 72 712 Td [(aws key " + AWS[:9].encode() + b")-20(" + AWS[9:].encode() + b")] TJ ET",
    "two_Tj": b"BT /F1 12 Tf 72 712 Td (aws key " + AWS[:9].encode() + b") Tj (" + AWS[9:].encode() + b") Tj ET",
}


def pdf(content: bytes, compress: bool) -> bytes:
    stream = zlib.compress(content) if compress else content
    head = b"/Filter /FlateDecode " if compress else b""
    return (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
            b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
            b"3 0 obj << /Type /Page /Parent 2 0 R /Contents 4 0 R >> endobj\n"
            b"4 0 obj << " + head + b"/Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream
            + b"\nendstream\nendobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")


def found(rt, doc) -> list[str]:  # noqa: F811
    rules = []
    for f, context in zip(doc.fields, contexts_of(doc.fields), strict=True):
        res = rt.inspector.inspect_field(f.text, "request", f.location, None,
                                         fixed_shape_only=f.kind == "decoded-short", context=context)
        rules += [r.rule for r in res.findings]
    return rules


def test_held_a_key_shown_whole_in_a_pdf_body_is_found(rt):  # noqa: F811
    for compress in (False, True):
        content = b"BT /F1 12 Tf 72 712 Td (aws key " + AWS.encode() + b") Tj ET"
        assert "aws-access-key-id" in found(rt, open_body("application/pdf", pdf(content, compress)))


@pytest.mark.xfail(strict=True, reason="open: PDF text operands are not read joined (EVASION.md, attack21)")
@pytest.mark.parametrize("carrier", ["body", "base64_part"])
@pytest.mark.parametrize("compress", [False, True])
@pytest.mark.parametrize("name", sorted(SHOWN))
def test_a_key_split_over_pdf_text_operands_is_found(rt, name, compress, carrier):  # noqa: F811
    raw = pdf(SHOWN[name], compress)
    doc = open_body("application/pdf", raw) if carrier == "body" else open_body(
        "application/json", json.dumps({"type": "document", "data": base64.b64encode(raw).decode()}).encode())
    assert "aws-access-key-id" in found(rt, doc)
