"""Nothing the proxy prints holds a raw value (issue 18 item 6): secrets in URLs (query and path), headers,
chunked trailers and malformed or cut-off requests, with mitmdump asked for its most verbose flow output."""

from __future__ import annotations

import socket
import time

import pytest

from tests import fakes
from tests.live import harness

pytestmark = pytest.mark.live

AKID = fakes.aws_key_id(31)
PAT = fakes.github_pat(32)
TAIL = "Zq8Wx3Kp"  # a marker with no rule: only the byte-repr and URL masks can hide it


def raw(gw: harness.Proxy, data: bytes, read: bool = True) -> bytes:
    with socket.create_connection(("127.0.0.1", gw.port), timeout=10) as s:
        s.sendall(data)
        if not read:
            return b""
        s.shutdown(socket.SHUT_WR)
        out = b""
        while chunk := s.recv(65536):
            out += chunk
        return out


def test_no_secret_reaches_stdout_or_the_log(proxy_factory, upstream, tmp_path):
    gw = proxy_factory(flow_detail=4)  # Config switches the Dumper off whatever is asked
    port = upstream.port
    # URLs: guarded (masked upstream), unlisted (observed) and denied-by-finding; the path holds a token too
    harness.curl(gw, f"https://api.openai.com/v1/models?key={AKID}&x={TAIL}")
    harness.curl(gw, f"https://paste.example/{PAT}/raw?k={AKID}&m={TAIL}")
    harness.curl(gw, "-H", f"X-Api-Key: {AKID}", "-H", f"X-Marker: {TAIL}", "https://api.github.com/user")
    # plain http, absolute form, a chunked body with trailers
    raw(gw, (f"POST http://paste.example:{port}/t?k={AKID} HTTP/1.1\r\nHost: paste.example:{port}\r\n"
             f"Transfer-Encoding: chunked\r\nTrailer: X-Sig\r\n\r\n5\r\nhello\r\n0\r\n"
             f"X-Sig: {AKID}{TAIL}\r\n\r\n").encode())
    # malformed: headers never completed, then a garbage request line, then a broken trailer
    raw(gw, f"GET /?k={AKID}&m={TAIL} HTTP/1.1\r\nHost: x".encode())
    raw(gw, f"\x00\x01 {AKID} {TAIL}\r\n\r\n".encode())
    raw(gw, (f"POST http://paste.example:{port}/ HTTP/1.1\r\nHost: paste.example\r\nTransfer-Encoding: chunked\r\n"
             f"\r\n0\r\n{AKID}{TAIL} no colon\r\n\r\n").encode())
    time.sleep(1.0)
    gw.stop()
    time.sleep(0.5)
    out = gw.log
    assert "paste.example" in out and "api.openai.com" in out  # the flow lines are there
    for value in (AKID, PAT, TAIL):
        assert value not in out, [line for line in out.splitlines() if value in line]
