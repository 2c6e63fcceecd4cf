"""attack27: a guarded answer with thousands of headers of distinct names. Each name's values were looked up
(`get_all`, a pass over all the headers) and a changed one written back (`set_all`, another): quadratic in the
event loop, 5.7 s of CPU for 8,000 headers (~79 KB; an HTTP/2 or HTTP/1 head of 64 KiB holds ~6,500). The values
are now gathered in one pass and written back in one. The test counts passes (no timing)."""

from __future__ import annotations

from mitmproxy import http
from mitmproxy.coretypes import multidict

from addons.stream.response_headers import scan_headers
from tests import fakes


def test_thousands_of_headers_are_read_and_written_in_a_few_passes(rt, monkeypatch):
    passes = []
    for cls, name in ((multidict._MultiDict, "get_all"), (multidict._MultiDict, "set_all"),
                      (multidict._MultiDict, "__delitem__")):
        original = getattr(cls, name)

        def counted(self, *args, _original=original, _name=name, **kwargs):
            passes.append(_name)
            return _original(self, *args, **kwargs)

        monkeypatch.setattr(cls, name, counted)
    key = fakes.github_pat(73)
    headers = http.Headers([(f"h{i}".encode(), b"b") for i in range(3000)] + [
        (b"x-note", b"first"), (b"x-note", key.encode()), (b"x-note", b"last")])
    scan = scan_headers(headers, rt.inspector, None, "header", change=True)
    assert scan.findings and key not in str(headers.fields)
    assert headers.get_all("x-note")[0] == "first" and headers.get_all("x-note")[2] == "last"
    assert headers.get_all("x-note")[1].startswith("[MASKED:") and len(headers) == 3001
    assert len(passes) < 100, f"{len(passes)} passes over the headers"
