"""attack21 (closed): a key in a PDF's text split over two show-text operands, as every PDF writer splits text
for kerning (`[(AKIA2HLYO)-20(SBOHAGKTYZU)] TJ`) or over two `Tj` operators. A PDF reader, and a provider's text
extraction for the model, reads the operands joined: the key. The guard reads a PDF's printable strings and its
inflated streams as written, where `)-20(` breaks the key: found by nothing, sent (as a body, and base64'd in a
document part). Now the text the pages show is read too (formats/pdftext.py): found, and refused (a PDF cannot be
masked in place)."""

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


@pytest.mark.parametrize("carrier", ["body", "base64_part"])
@pytest.mark.parametrize("compress", [False, True])
@pytest.mark.parametrize("name", sorted(SHOWN))
def test_a_key_split_over_pdf_text_operands_is_found(rt, name, compress, carrier):  # noqa: F811
    raw = pdf(SHOWN[name], compress)
    doc = open_body("application/pdf", raw) if carrier == "body" else open_body(
        "application/json", json.dumps({"type": "document", "data": base64.b64encode(raw).decode()}).encode())
    assert "aws-access-key-id" in found(rt, doc)


# Other spellings of the split (attack21, after the fix): each a PDF writer may produce, each read joined by a reader.
_A, _B, _C = AWS[:6].encode(), AWS[6:13].encode(), AWS[13:].encode()
VARIANTS = {
    "hex_strings": b"BT /F1 12 Tf [<" + AWS[:9].encode().hex().encode() + b"> -20 <"
                   + AWS[9:].encode().hex().upper().encode() + b">] TJ ET",
    "octal_escapes": b"BT (key " + b"".join(b"\\%03o" % c for c in AWS[:9].encode()) + b") Tj (\\"
                     + oct(ord(AWS[9]))[2:].encode() + AWS[10:].encode() + b") Tj ET",
    "three_way_TJ": b"BT [(" + _A + b")-15(" + _B + b")30(" + _C + b")] TJ ET",
    "word_space_displacement": b"BT [(" + AWS[:9].encode() + b")-900(" + AWS[9:].encode() + b")] TJ ET",
    "two_blocks": b"BT (" + AWS[:9].encode() + b") Tj ET\nBT 80 0 Td (" + AWS[9:].encode() + b") Tj ET",
    "next_line_operators": b"BT 14 TL (" + _A + b") Tj T* (" + _B + b") ' 0 0 (" + _C + b") \" ET",
    "line_continuation": b"BT (" + AWS[:9].encode() + b"\\\n" + AWS[9:].encode() + b") Tj ET",
    "utf16_string": b"BT <FEFF" + AWS[:9].encode("utf-16-be").hex().encode() + b"> Tj <FEFF"
                    + AWS[9:].encode("utf-16-be").hex().encode() + b"> Tj ET",
    "nested_parentheses_and_comment": b"BT % a comment (not text\n[(see \\(1\\) (a) ) ("
                                      + AWS[:9].encode() + b")-20 % k\n(" + AWS[9:].encode() + b")] TJ ET",
}


@pytest.mark.parametrize("carrier", ["body", "base64_part"])
@pytest.mark.parametrize("compress", [False, True])
@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_other_spellings_of_the_split_are_found(rt, name, compress, carrier):  # noqa: F811
    raw = pdf(VARIANTS[name], compress)
    assert AWS.encode() not in raw and AWS.encode() not in zlib.compress(VARIANTS[name])
    doc = open_body("application/pdf", raw) if carrier == "body" else open_body(
        "application/json", json.dumps({"type": "document", "data": base64.b64encode(raw).decode()}).encode())
    assert "aws-access-key-id" in found(rt, doc)


def two_streams_pdf(first: bytes, second: bytes) -> bytes:
    """A page whose content is two streams (`/Contents [4 0 R 5 0 R]`): one content, read as one."""
    one, two = zlib.compress(first), second
    return (b"%PDF-1.4\n3 0 obj << /Type /Page /Contents [4 0 R 5 0 R] >> endobj\n"
            b"4 0 obj << /Filter /FlateDecode /Length " + str(len(one)).encode() + b" >>\nstream\n" + one
            + b"\nendstream\nendobj\n5 0 obj << /Length " + str(len(two)).encode() + b" >>\nstream\n" + two
            + b"\nendstream\nendobj\n%%EOF\n")


def test_a_key_split_over_two_content_streams_is_found(rt):  # noqa: F811
    raw = two_streams_pdf(b"BT (" + AWS[:9].encode() + b") Tj", b"(" + AWS[9:].encode() + b") Tj ET")
    assert "aws-access-key-id" in found(rt, open_body("application/pdf", raw))


@pytest.mark.xfail(strict=True, reason="open: a CID font's glyph ids map to characters only by its ToUnicode CMap")
def test_open_a_key_shown_in_glyph_ids_of_a_composite_font(rt):  # noqa: F811
    # Identity-H with a TrueType subset: glyph id = character code - 29 ('A' is glyph 0x24), as many writers do
    glyphs = b"".join((ord(c) - 29).to_bytes(2, "big") for c in AWS)
    raw = pdf(b"BT /F1 12 Tf <" + glyphs.hex().encode() + b"> Tj ET", True)
    assert "aws-access-key-id" in found(rt, open_body("application/pdf", raw))


@pytest.mark.parametrize("seed", range(4))
def test_ordinary_text_split_by_a_writer_gives_no_finding(rt, seed):  # noqa: F811
    """Invariant 4: the glued reading is scanned for fixed-shape keys only; prose set in kerned TJ arrays, with
    random ids and numbers, glued over lines and blocks, makes none (seeded: random text holds shapes by chance)."""
    import random
    import string

    rng = random.Random(seed)
    words = ["invoice", "total", "Customer", "ORDER", "ref", "page", "EUR", "the", "and", "AKIA", "ghp", "sk"]
    lines = []
    for _ in range(300):
        parts = [rng.choice(words) + rng.choice(["", str(rng.randrange(10**6)),
                                                "".join(rng.choices(string.ascii_letters + string.digits, k=8))])
                 for _ in range(rng.randrange(1, 6))]
        lines.append(b"BT 72 " + str(rng.randrange(800)).encode() + b" Td [" + b"".join(
            b"(" + p.encode() + b")" + str(-rng.randrange(400)).encode() for p in parts) + b"] TJ ET")
    raw = pdf(b"\n".join(lines), True)
    assert found(rt, open_body("application/pdf", raw)) == []


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    from tests.guard.support import shipped_rules_runtime
    return shipped_rules_runtime(tmp_path_factory.mktemp("attack21-pdf"))


@pytest.mark.parametrize("carrier", ["body", "document_part"])
async def test_the_guard_refuses_a_pdf_showing_a_split_key(shipped, carrier):
    """A PDF cannot be masked in place (its lengths and offsets): refused, 403, as a key in any binary is."""
    from tests.guard.support import ANTHROPIC, Upstream, exchange, guard_chain, request_flow

    raw = pdf(SHOWN["kerned_TJ"], True)
    if carrier == "body":
        flow = request_flow("api.openai.com", "/v1/files", raw, headers=((b"content-type", b"application/pdf"),))
    else:
        part = {"type": "document", "source": {"type": "base64", "media_type": "application/pdf",
                                               "data": base64.b64encode(raw).decode()}}
        flow = request_flow(*ANTHROPIC, json.dumps({"model": "claude-test", "max_tokens": 8, "messages": [
            {"role": "user", "content": [part]}]}).encode())
    upstream = Upstream()
    with guard_chain(shipped) as tctx:
        await exchange(tctx, flow, upstream)
    assert upstream.received == []
    assert flow.response is not None and flow.response.status_code == 403
    message = flow.response.get_text()
    assert "aws-access-key-id" in message and "cannot be masked" in message
    assert AWS not in message and AWS[:9] not in message and AWS[9:] not in message


async def test_the_guard_passes_a_pdf_without_a_key_byte_for_byte(shipped):
    from tests.guard.support import Upstream, exchange, guard_chain, request_flow

    raw = pdf(b"BT /F1 12 Tf 72 712 Td [(Quarterly )-20(report)-300(2026)] TJ (page 1) Tj ET", True)
    flow = request_flow("api.openai.com", "/v1/files", raw, headers=((b"content-type", b"application/pdf"),))
    upstream = Upstream()
    with guard_chain(shipped) as tctx:
        await exchange(tctx, flow, upstream)
    (sent,) = upstream.received
    assert sent.content == raw
