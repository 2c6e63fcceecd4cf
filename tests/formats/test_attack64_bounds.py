"""attack64: wire63's new readers on bodies built to make them big or slow. The ones here held memory in proportion
to what the body expands to, not to the body (measured side by side in scripts/MEASUREMENTS.md, attack64):

- a PDF stream behind ASCII85Decode of `z` only (each `z` is four zero bytes): 1.3 MB decoded to 5 MiB, ~100 MB of
  the decoder's list, before the cut to the stream's bound;
- an event stream sent as a body of 1.5 M `data:` lines: every line was held in a list (~80 MB for 9 MB).

Also the shown text of hostile office XML (unclosed quotes, comments, CDATA openers) stays linear, and the joins of
tiny concatenated members stay bounded."""

from __future__ import annotations

import gzip
import time
import tracemalloc

from addons.formats.body import open_body
from addons.formats.compressed import MAX_PARTS, _ascii85_stream, _texts, inner_fields

MB = 1 << 20


def _peak(call) -> int:
    tracemalloc.start()
    try:
        call()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_an_ascii85_stream_of_z_decodes_no_more_than_its_bound():
    raw = b"%PDF-1.4\n1 0 obj << /Filter /ASCII85Decode >> stream\n" + b"z" * 1_300_000 + b"\nendstream\n"
    start = raw.index(b"stream\n") + 7
    assert len(_ascii85_stream(raw, start, MB)) == MB
    assert _peak(lambda: _ascii85_stream(raw, start, MB)) < 40 * MB  # main: ~120 MB (its list of groups: ~26 MB)


def test_an_ascii85_stream_is_decoded_whole_within_its_bound():
    import base64
    data = b"\0" * 400 + b"BT (hello) Tj ET" * 30 + b"ab\0\0\0\0cd" * 50
    raw = b"x" + base64.a85encode(data, wrapcol=7) + b"~>"
    for limit in (1, 5, 37, 401, len(data), MB):
        assert _ascii85_stream(raw, 1, limit) == data[:limit]


def test_an_event_stream_of_empty_data_lines_is_read_in_memory_of_the_body_order():
    body = b"data:\n" * 150_000  # 0.9 MB
    assert _peak(lambda: open_body("text/event-stream", body)) < 4 * len(body)  # main: ~9x the body


def test_hostile_office_markup_reads_in_linear_time():
    hostile = ['<w:p>"' + "<w:t '" * 200_000 + "</w:p>", "<w:p>" + "<!--<?<![CDATA[" * 60_000 + "</w:p>",
               "<w:p>" + '<w:r a="x>y">' * 80_000 + "</w:p>", "<w:p>" + "<w:delText " * 90_000 + "</w:p>",
               "<w:p>" + "<" * 1_000_000 + "</w:p>"]
    for text in hostile:
        started = time.process_time()
        _texts("x", text.encode())
        assert time.process_time() - started < 0.5, text[:20]


def test_the_joins_of_tiny_members_stay_bounded():
    fields, _ = inner_fields(gzip.compress(b"a", mtime=0) * (MAX_PARTS + 50))
    joined = [f for f in fields if f.location.endswith("#joined")]
    assert len(joined) == 1 and len(joined[0].text) <= MAX_PARTS * 514
