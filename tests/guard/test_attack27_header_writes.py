"""attack27: a request with thousands of headers and one value to mask. The masked headers were written back by
`headers.clear()` (one delete per name, each a pass over all of them) and one `headers.add()` per header (each
copying them all): quadratic in the event loop, 2.5 s of CPU for one masked value among 4,000 headers (39 KB of
head, within the 64 KiB an HTTP/1 head may hold), ~10 s at 8,000. They are now written back in one assignment.
The test counts the writes (no timing): one request of 3,000 headers costs no write per header."""

from __future__ import annotations

import pytest
from mitmproxy import http
from mitmproxy.coretypes import multidict

from tests.guard.support import OPENAI, TOKEN, Upstream, chat_body, exchange, request_flow


@pytest.mark.slow  # 3,000 headers through the whole chain, ~2 s of CPU
async def test_masking_one_header_among_thousands_writes_the_headers_once(chain, monkeypatch):
    writes = []
    for cls, name in ((multidict._MultiDict, "__delitem__"), (http.Headers, "add"), (multidict._MultiDict, "add")):
        original = getattr(cls, name)

        def counted(self, *args, _original=original, _name=name, **kwargs):
            writes.append(_name)
            return _original(self, *args, **kwargs)

        monkeypatch.setattr(cls, name, counted)
    headers = [(f"h{i}".encode(), b"b") for i in range(3000)]
    flow = request_flow(*OPENAI, chat_body("hi"), headers=((b"content-type", b"application/json"), *headers,
                                                           (b"x-note", TOKEN.encode())))
    writes.clear()
    upstream = Upstream()
    await exchange(chain, flow, upstream)
    (sent,) = upstream.received
    assert TOKEN not in sent.headers["x-note"] and sent.headers["x-note"].startswith("[MASKED:")
    assert [sent.headers[f"h{i}"] for i in (0, 1500, 2999)] == ["b", "b", "b"]
    assert len(sent.headers) == len(flow.request.headers)
    assert len(writes) < 100, f"{len(writes)} writes to the headers"
