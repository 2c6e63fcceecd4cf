"""Text inside compressed binary bodies (formats/compressed.py): gzip, zlib, zip members, PDF FlateDecode
streams; read bounded, scanned as "strings" fields (a finding blocks: rendering raises Unmaskable)."""

import gzip
import io
import zipfile
import zlib

import pytest

from addons.formats import Unmaskable, open_body
from addons.formats.compressed import MAX_OUT, MAX_PARTS, inner_fields

ENV = b"GITHUB_TOKEN=ghp_exampleexampleexampleexampleexampl\n"


def zip_of(*members: tuple[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return buf.getvalue()


def pdf_with(content: bytes) -> bytes:
    stream = zlib.compress(content)
    return (b"%PDF-1.4\n1 0 obj\n<< /Length " + str(len(stream)).encode() + b" /Filter /FlateDecode >>\nstream\n"
            + stream
            + b"\nendstream\nendobj\n2 0 obj\n<< /Length 5 >>\nstream\nplain\nendstream\nendobj\n%%EOF\n")


@pytest.mark.parametrize("raw, location", [
    (gzip.compress(ENV, mtime=0), "gzip"),  # mtime=0: the same bytes, so the same test id in every xdist worker
    (zlib.compress(ENV), "zlib"),
    (zip_of(("secret name.env", ENV)), "zip[0]"),
    (pdf_with(b"BT (" + ENV.strip() + b") Tj ET"), "pdf.stream[0]"),
], ids=["gzip", "zlib", "zip", "pdf"])
def test_text_inside_is_a_strings_field_and_cannot_be_rewritten(raw, location):
    doc = open_body("application/octet-stream", raw)
    assert doc.kind == "binary" and doc.skipped == []
    (inner,) = [f for f in doc.fields if f.location == location]
    assert b"ghp_example" in inner.text.encode() and inner.kind == "strings"
    with pytest.raises(Unmaskable):
        doc.render({doc.fields.index(inner): "[M]"})


def test_binary_members_give_their_printable_strings():
    fields, skipped = inner_fields(zip_of(("a.bin", bytes(range(256)) * 4 + b"\x00token egtok_1234567890\x00")))
    assert [f.location for f in fields] == ["zip[0].strings.ascii"] and "egtok_1234567890" in fields[0].text
    assert skipped == []


def test_bounds_are_kept_and_said():
    bomb = gzip.compress(b"a" * (MAX_OUT + 10))
    fields, skipped = inner_fields(bomb)
    assert len(fields[0].text) == MAX_OUT and "beyond" in skipped[0]
    many = zip_of(*[(f"m{i}", b"x") for i in range(MAX_PARTS + 1)], method=zipfile.ZIP_STORED)
    fields, skipped = inner_fields(many)
    assert len(fields) == MAX_PARTS and "after the first" in skipped[0]


def test_unreadable_archives_and_other_binaries_are_said_or_left():
    assert inner_fields(b"PK\x03\x04" + b"\x00" * 40)[1] == ["zip body whose directory cannot be read"]
    assert inner_fields(b"\x89PNG\r\n\x1a\n" + bytes(200)) == ([], [])
