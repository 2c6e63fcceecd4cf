"""Budget15, live: announced request lengths that are never sent must not fill the buffering budget.

Without an identity each client address is a caller with its own share, and a local user can bind any address of
127.0.0.0/8. Before: a declared content-length took its share at the headers, so a few connections from a few
addresses, each announcing a body and sending none of it, held the cap in all and every other caller got 429 for
as long as they stayed open (mitmproxy has no read timeout). Now only bytes that arrived count; a length past
the caller's share is still refused at the headers."""

from __future__ import annotations

import socket
import ssl

import pytest

from tests.hostile import live_support as L
from tests.live import harness

pytestmark = pytest.mark.live

MIB = 1 << 20
SHARE = 8 * MIB  # below the 10 MiB inspection limit (max_body_bytes), which answers 413 at the headers
IN_ALL = 24 * MIB
ATTACKERS = 4  # 4 x 8 MiB announced > 24 MiB in all


@pytest.fixture
def small_caps(tmp_path, upstream_session, upstream):
    p = harness.start_proxy(tmp_path, upstream_session,
                            "--set", f"exitguard_max_buffered_bytes_per_identity={SHARE}",
                            "--set", f"exitguard_max_buffered_bytes={IN_ALL}")
    yield p
    p.stop()


def tunnel_from(proxy, source: str) -> ssl.SSLSocket:
    """A CONNECT tunnel to api.openai.com opened from ``source`` (another 127.0.0.x: another caller)."""
    s = socket.create_connection(("127.0.0.1", proxy.port), timeout=10, source_address=(source, 0))
    s.sendall(b"CONNECT api.openai.com:443 HTTP/1.1\r\nHost: api.openai.com:443\r\n\r\n")
    head = b""
    while b"\r\n\r\n" not in head and (chunk := s.recv(65536)):
        head += chunk
    assert b" 200 " in head.split(b"\r\n", 1)[0], head
    ctx = ssl.create_default_context(cafile=str(proxy.ca))
    return ctx.wrap_socket(s, server_hostname="api.openai.com")


def announce(sock: ssl.SSLSocket, length: int) -> None:
    sock.sendall(b"POST /v1/files HTTP/1.1\r\nHost: api.openai.com\r\ncontent-type: text/plain\r\n"
                 b"content-length: %d\r\n\r\n" % length)


def test_idle_announced_bodies_from_many_addresses_do_not_shut_out_other_callers(small_caps):
    idle = []
    try:
        for i in range(ATTACKERS):
            t = tunnel_from(small_caps, f"127.0.0.{i + 2}")
            announce(t, SHARE)  # each within its own share; nothing of the body is ever sent
            idle.append(t)
        # before: 429 exitguard_max_buffered_bytes for this caller (and every other) while the idle ones stay open
        L.sdk_still_served(small_caps)
        over = tunnel_from(small_caps, "127.0.0.9")
        announce(over, SHARE + 1)  # past the caller's share: refused at its headers (answered once it is read)
        over.sendall(b"x" * (SHARE + 1))
        answer = L.read_all(over, wait=10)
        over.close()
        assert L.status_of(answer) == 429, answer[:400]
        assert b"exitguard_max_buffered_bytes_per_identity" in answer
        for t in idle:  # the idle requests themselves still go through once their bodies arrive
            t.settimeout(10)
            t.sendall(b"x" * SHARE)
            assert L.status_of(L.read_all(t, wait=10)) != 429
    finally:
        for t in idle:
            t.close()
