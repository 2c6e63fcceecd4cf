"""Attack14, live: leaks and bypasses of attack13's buffering budget (core/body_budget.py) through a real mitmdump.

A share that is never given back is a permanent 429 for its caller, and with the cap in all, for everyone; a body
the budget never counts is memory any caller (or no caller at all) can take."""

from __future__ import annotations

import base64
import hashlib
import json
import socket
import time

import pytest

from tests import fakes
from tests.hostile import live_support as L
from tests.hostile.rawupstream import CHAT_COMPLETION, RawUpstream, read_request, start_proxy_to
from tests.hostile.test_live_abuse import write_policy
from tests.live import harness

pytestmark = pytest.mark.live

MIB = 1 << 20


@pytest.fixture
def denying(tmp_path, upstream_session, upstream):
    policy = write_policy(tmp_path, deny_hosts=["denied.example"])
    p = harness.start_proxy(tmp_path, upstream_session, "--set", f"exitguard_policy={policy}",
                            "--set", f"exitguard_max_buffered_bytes_per_identity={48 * MIB}")
    yield p
    p.stop()


def chunked_upload(sock: socket.socket, head: bytes, mib: int) -> bytes:
    """``head`` then ``mib`` chunks of 1 MiB and the terminator; the answer's head."""
    sock.sendall(head)
    chunk = b"%x\r\n%s\r\n" % (MIB, b"x" * MIB)
    sock.settimeout(10)
    try:
        for _ in range(mib):
            sock.sendall(chunk)
        sock.sendall(b"0\r\n\r\n")
    except OSError:
        pass  # the proxy hung up: the answer (if any) is read below
    out = b""
    try:
        while b"\r\n\r\n" not in out and (data := sock.recv(65536)):
            out += data
    except OSError:
        pass
    return out


def test_a_refused_requests_body_is_not_buffered_whole(denying):
    """A request refused at its headers (a denied host here; a missing proxy credential is the same: the flow is
    answered before HostPolicy classifies it) was not counted by the budget (it takes no share once answered) and
    compat.py dropped the rest of a refused body for guarded flows only: mitmproxy buffered every byte of it,
    then copied it into the flow, before the 403 went out. 200 MiB -> RSS +400 MiB; a few GB stops the proxy."""
    s = socket.create_connection(("127.0.0.1", denying.port), timeout=10)
    head = (b"POST http://denied.example/upload HTTP/1.1\r\nHost: denied.example\r\n"
            b"content-type: text/plain\r\ntransfer-encoding: chunked\r\n\r\n")
    with L.RssSampler(denying.proc.pid) as rss:
        answer = chunked_upload(s, head, 200)
    s.close()
    grown_mib = (rss.peak - rss.start) // 1024
    print(f"200 MiB chunked to a denied host: {L.status_of(answer)}, RSS grew {grown_mib} MiB")
    assert L.status_of(answer) == 403 and b"exitguard_host_denied" in answer
    assert grown_mib < 100, grown_mib
    L.sdk_still_served(denying)


PAT = fakes.github_pat(41)
WS_CAP = 16 * MIB
UPGRADE_BODY = 5 * MIB


def upgrade_refused_by_its_header_name(conn, first: bytes, server: RawUpstream) -> None:
    """A guarded host that accepts a WebSocket upgrade with a 101 whose header *name* holds a key: the answer
    stops (a name cannot be masked) and the client gets a 403 instead. Other requests: a chat completion."""
    request = read_request(conn, first, server)
    if request is None:
        return
    if b"upgrade: websocket" not in request[0].lower():
        return _ok(conn)
    key = next(line.split(b":", 1)[1].strip() for line in request[0].split(b"\r\n")
               if line.lower().startswith(b"sec-websocket-key:"))
    accept = base64.b64encode(hashlib.sha1(key + b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11").digest())
    conn.sendall(b"HTTP/1.1 101 Switching Protocols\r\nupgrade: websocket\r\nconnection: Upgrade\r\n"
                 b"sec-websocket-accept: %s\r\n%s: 1\r\n\r\n" % (accept, PAT.encode()))
    time.sleep(1)


def _ok(conn) -> None:
    body = json.dumps(CHAT_COMPLETION).encode()
    conn.sendall(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: %d\r\n"
                 b"connection: close\r\n\r\n%s" % (len(body), body))


@pytest.fixture
def ws_refusing(tmp_path, upstream_certs):
    server = RawUpstream(upstream_certs[1], upgrade_refused_by_its_header_name)
    p = start_proxy_to(tmp_path, server, upstream_certs[0],
                       "--set", f"exitguard_max_buffered_bytes_per_identity={WS_CAP}")
    yield p, server
    p.stop()
    server.close()


def upgrade_with_a_body(proxy) -> bytes:
    t = L.tunnel(proxy)
    t.sendall(b"GET /v1/realtime HTTP/1.1\r\nHost: api.openai.com\r\nupgrade: websocket\r\nconnection: Upgrade\r\n"
              b"sec-websocket-version: 13\r\nsec-websocket-key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
              b"content-type: text/plain\r\ncontent-length: %d\r\n\r\n" % UPGRADE_BODY + b"x" * UPGRADE_BODY)
    answer = L.read_all(t, wait=5)
    t.close()
    return answer


def test_a_websocket_upgrade_answered_otherwise_gives_its_share_back(ws_refusing):
    """The share of an upgrade request waits for ``websocket_end`` once the answer is a WebSocket's. An answer
    that was one when mitmproxy looked (101) and is replaced in a response hook (Streaming: a key in a header
    name -> 403) never becomes a WebSocket: no ``websocket_end``, the share was kept for good. Three such
    upgrades of 5 MiB and the caller's 16 MiB share was gone: every later upload 429, for the life of the proxy
    (with the cap in all: for everyone)."""
    proxy, _ = ws_refusing
    for _ in range(3):
        answer = upgrade_with_a_body(proxy)
        assert L.status_of(answer) == 403 and PAT.encode() not in answer, answer[:300]
    time.sleep(0.5)
    t = L.tunnel(proxy)
    body = b'{"model": "gpt-4o", "input": "' + b"y" * UPGRADE_BODY + b'"}'
    t.sendall(b"POST /v1/responses HTTP/1.1\r\nHost: api.openai.com\r\ncontent-type: application/json\r\n"
              b"content-length: %d\r\n\r\n" % len(body) + body)
    answer = L.read_all(t, wait=10)
    t.close()
    assert L.status_of(answer) == 200, answer[:400]
