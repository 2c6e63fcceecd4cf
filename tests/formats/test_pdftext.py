"""The text a PDF's content streams show (formats/pdftext.py): operands joined as a reader joins them, escapes
undone, bounded, and never an exception out of malformed syntax."""

from __future__ import annotations

import random
import sys
import zlib

import pytest

from addons.formats import pdftext
from addons.formats.pdftext import ShownText

compressed = sys.modules["addons.formats.compressed"]  # (the package exports a function of that name)


def shown(*streams: bytes) -> ShownText:
    reading = ShownText()
    for stream in streams:
        reading.feed(stream)
    return reading


@pytest.mark.parametrize(("content", "reader"), [
    (b"BT (Hello) Tj ( world) Tj ET", "Hello world"),
    (b"BT [(Hel)-20(lo)-400(world)] TJ ET", "Hello world"),
    (b"BT [(a)-149(b)] TJ ET", "ab"),
    (b"BT (one) Tj 0 -14 Td (two) Tj T* (three) ' 1 2 (four) \" ET", "one\ntwo\nthree\nfour"),
    (b"BT (a\\nb\\tc\\\\d\\(e\\)f) Tj ET", "a\nb\tc\\d(e)f"),
    (b"BT (\\101\\102\\103\\0618) Tj ET", "ABC18"),  # octal: up to three digits
    (b"BT (con\\\ntinued\\\r\nagain) Tj ET", "continuedagain"),
    (b"BT (nested (paren) ok) Tj ET", "nested (paren) ok"),
    (b"BT <48 65 6c6C 6f> Tj <414> Tj ET", "HelloA@"),  # white space ignored, an odd last digit is followed by 0
    (b"BT <FEFF00480069> Tj ET", "Hi"),
    (b"BT % (not shown) Tj\n(shown) Tj ET", "shown"),
    (b"(outside) Tj BT (inside) Tj ET (after) Tj", "outside\ninside\nafter"),  # split23: read outside blocks too
    (b"BT /F1 12 Tf BI /W 4 /H 4 ID \x00(no) Tj\xff EI (image skipped) Tj ET", "image skipped"),
    (b"q 1 0 0 1 0 0 cm BT << /ActualText (x) >> BDC (y) Tj EMC ET Q", "y"),
])
def test_the_reader_view(content, reader):
    assert shown(content).reader == reader


def test_the_glued_view_joins_lines_blocks_and_streams():
    reading = shown(b"BT (AK) Tj 0 -20 Td (IA) Tj ET BT [(12)-900(34)] TJ", b"(56) Tj ET")
    assert reading.glued == "AKIA123456"
    assert reading.reader == "AK\nIA\n12 34\n56"


@pytest.mark.parametrize("content", [
    b"BT (never closed", b"BT [(a) [[[[", b"BT <4142", b"BT \\\\\\", b"BT (a\\", b"BT ] ] >> << ET",
    b"BT (a) TJ [(b)] Tj ET", b"BT BI ID", b"BT 1.2.3 -.5 +7 Tj ET", b"BT" + b"[" * 100 + b"(x)] TJ ET",
])
def test_malformed_syntax_is_read_as_far_as_it_goes(content):
    shown(content)  # no exception


def test_random_bytes_never_raise():
    rng = random.Random(21)
    alphabet = b"BTEJj()[]<>\\/%'\" 0123456789-.\nFEABCD"
    for _ in range(500):
        shown(b"BT " + bytes(rng.choice(alphabet) for _ in range(rng.randrange(200))))
        shown(b"BT " + rng.randbytes(rng.randrange(200)))


def test_bounds_cut_the_reading_and_say_so(monkeypatch):
    monkeypatch.setattr(pdftext, "MAX_TOKENS", 1000)
    reading = shown(b"BT " + b"(x) Tj " * 1000 + b"ET")
    assert reading.cut and len(reading.glued) < 1000
    monkeypatch.setattr(pdftext, "MAX_TEXT", 10)
    assert shown(b"BT " + b"(abc) Tj " * 10 + b"ET").cut
    assert shown(b"BT (" + b"\\101" * 100 + b") Tj ET").cut  # one string of escapes stops at the bound too


def test_a_pdf_with_stream_markers_inside_a_plain_stream_is_read_once(monkeypatch):
    """Not quadratic: `stream` inside a plain stream's content is not the start of another one to read."""
    fed: list[int] = []
    original = ShownText.feed
    monkeypatch.setattr(ShownText, "feed", lambda self, content: (fed.append(len(content)), original(self, content)))
    raw = b"%PDF-1.4\n1 0 obj << /Length 9 >>\nstream\n" + b"BT x stream\n" * 50_000 + b"\nendstream\n"
    compressed.read_pdf(raw, compressed.MAX_TOTAL, stream_texts=True)
    assert sum(fed) <= len(raw)


def test_a_pdf_reading_names_what_it_cut(monkeypatch):
    monkeypatch.setattr(pdftext, "MAX_TOKENS", 10)
    content = zlib.compress(b"BT " + b"(x) Tj " * 100 + b"ET")
    raw = b"%PDF-1.4\n<< /Filter /FlateDecode >>\nstream\n" + content + b"\nendstream\n"
    reading = compressed.read_pdf(raw, compressed.MAX_TOTAL, stream_texts=False)
    assert "PDF body: text beyond the reading's bounds not read" in reading.skipped
