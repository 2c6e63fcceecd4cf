"""Attack14, live: leaks and bypasses of attack13's buffering budget (core/body_budget.py) through a real mitmdump.

A share that is never given back is a permanent 429 for its caller, and with the cap in all, for everyone; a body
the budget never counts is memory any caller (or no caller at all) can take.

The shares are a few MiB (suite54b: 16 MiB before): what a share test needs is an upload that fits only if every
share came back, and each MiB of a fitting upload is scanned (~1 s of the proxy's CPU at load ~13) for nothing it
proves."""

from __future__ import annotations

import base64
import hashlib
import json
import socket
import time

import pytest

from tests import fakes
from tests.hostile import live_support as L
from tests.hostile.rawupstream import CHAT_COMPLETION, RawUpstream, proxy_before, read_request
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
WS_CAP = 4 * MIB
UPGRADE_BODY = 5 * MIB // 4


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
    with proxy_before(tmp_path, upstream_certs, upgrade_refused_by_its_header_name,
                       "--set", f"exitguard_max_buffered_bytes_per_identity={WS_CAP}") as (p, server):
        yield p, server


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
    upgrades of 1.25 MiB and the caller's 4 MiB share was gone: every later upload 429, for the life of the proxy
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


LEAK_CAP = 4 * MIB
DECLARED = 3 * MIB // 2  # two leaked shares and a 2.25 MiB upload (FITS) no longer fits
ARRIVED = MIB  # what an aborted upload sends of its body before it stops
FITS = 9 * MIB // 4


def slow_or_ok(conn, first: bytes, server: RawUpstream) -> None:
    """``/slow``: read the request, wait 3 s, then answer; anything else: a chat completion at once."""
    request = read_request(conn, first, server)
    if request is None:
        return
    if b" /slow " in request[0].split(b"\r\n", 1)[0] + b" ":
        time.sleep(3)
    _ok(conn)


@pytest.fixture(scope="module")
def leak_proxy(tmp_path_factory, upstream_certs):
    """One proxy for the seven tests of shares given back and bytes not buffered (a mitmdump start and stop each
    was most of their time). Sharing weakens no check: each test's aborts and upload are its own, and a share an
    earlier test never gave back only leaves less room for a later test's upload."""
    with proxy_before(tmp_path_factory.mktemp("leak-proxy"), upstream_certs, slow_or_ok,
                       "--set", "connection_strategy=lazy",
                       "--set", f"exitguard_max_buffered_bytes_per_identity={LEAK_CAP}") as (p, _server):
        yield p


def _h1_abort_mid_body(proxy, chunked: bool) -> None:
    t = L.tunnel(proxy)
    framing = b"transfer-encoding: chunked" if chunked else b"content-length: %d" % DECLARED
    t.sendall(b"POST /v1/files HTTP/1.1\r\nHost: api.openai.com\r\ncontent-type: text/plain\r\n%s\r\n\r\n" % framing)
    part = b"x" * ARRIVED
    t.sendall(b"%x\r\n%s\r\n" % (len(part), part) if chunked else part)
    time.sleep(0.3)
    t.close()


def _h1_abort_while_upstream_answers(proxy) -> None:
    t = L.tunnel(proxy)
    body = b'{"input": "' + b"x" * (DECLARED - 13) + b'"}'
    t.sendall(b"POST /slow HTTP/1.1\r\nHost: api.openai.com\r\ncontent-type: application/json\r\n"
              b"content-length: %d\r\n\r\n%s" % (len(body), body))
    time.sleep(1)
    t.close()


def _h2_abort(proxy, how: str) -> None:
    """Streams declaring ``DECLARED`` bytes, a little of the body sent, then reset (``rst``) or the connection
    closed (``close``)."""
    import h2.config
    import h2.connection

    t = L.tunnel(proxy, alpn=["h2"], timeout=30)
    assert t.selected_alpn_protocol() == "h2"
    conn = h2.connection.H2Connection(h2.config.H2Configuration(client_side=True))
    conn.initiate_connection()
    ids = []
    for _ in range(2):
        sid = conn.get_next_available_stream_id()
        conn.send_headers(sid, [(":method", "POST"), (":scheme", "https"), (":authority", "api.openai.com"),
                                (":path", "/v1/files"), ("content-type", "text/plain"),
                                ("content-length", str(DECLARED))])
        conn.send_data(sid, b"x" * 16000)
        ids.append(sid)
    t.sendall(conn.data_to_send())
    time.sleep(0.5)
    if how == "rst":
        for sid in ids:
            conn.reset_stream(sid)
        t.sendall(conn.data_to_send())
        time.sleep(0.3)
    t.close()


def _upload_fits(proxy) -> bytes:
    t = L.tunnel(proxy)
    body = b'{"input": "' + b"y" * FITS + b'"}'
    try:
        t.sendall(b"POST /v1/responses HTTP/1.1\r\nHost: api.openai.com\r\ncontent-type: application/json\r\n"
                  b"content-length: %d\r\n\r\n" % len(body) + body)
    except OSError:
        pass  # refused (429) before the body was all sent: the answer, if any, is read below
    answer = L.read_all(t, wait=10)
    t.close()
    return answer


def _upload_fits_once_given_back(proxy, within: float = 15.0) -> bytes:
    """The FITS upload, tried again every 0.2 s until it is answered 200 or ``within`` seconds have passed (a
    share given back a little late still counts; one never given back fails). Waiting for the event instead of a
    fixed 3 s after the aborts took ~3 s from each of the aborts whose share comes back at once."""
    deadline = time.monotonic() + within
    while True:
        answer = _upload_fits(proxy)
        if L.status_of(answer) == 200 or time.monotonic() > deadline:
            return answer
        time.sleep(0.2)


@pytest.mark.parametrize("abort", ["h1_mid_body", "h1_chunked_mid_body", "h1_while_upstream_answers",
                                   "h2_reset", "h2_connection_closed"])
def test_every_way_a_buffered_upload_ends_gives_its_share_back(leak_proxy, abort):
    """Each aborted upload took a 1.5 MiB share (declared, or 1 MiB arrived); three of them and a 2.25 MiB upload
    of the same caller fits in its 4 MiB share only if every one was given back."""
    for _ in range(3):
        {"h1_mid_body": lambda: _h1_abort_mid_body(leak_proxy, False),
         "h1_chunked_mid_body": lambda: _h1_abort_mid_body(leak_proxy, True),
         "h1_while_upstream_answers": lambda: _h1_abort_while_upstream_answers(leak_proxy),
         "h2_reset": lambda: _h2_abort(leak_proxy, "rst"),
         "h2_connection_closed": lambda: _h2_abort(leak_proxy, "close")}[abort]()
    answer = _upload_fits_once_given_back(leak_proxy)  # h1_while_upstream_answers: once the slow upstream answers
    assert L.status_of(answer) == 200, answer[:400]


BIG_ANSWER = 200 * MIB


def big_answer(conn, first: bytes, server: RawUpstream) -> None:
    """``/big``: a 200 MiB answer (content-length); anything else: a chat completion."""
    request = read_request(conn, first, server)
    if request is None:
        return
    if b" /big " not in request[0].split(b"\r\n", 1)[0] + b" ":
        return _ok(conn)
    conn.sendall(b"HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\ncontent-length: %d\r\n"
                 b"connection: close\r\n\r\n" % BIG_ANSWER)
    block = b"z" * MIB
    try:
        for _ in range(BIG_ANSWER // MIB):
            conn.sendall(block)
    except OSError:
        pass


@pytest.fixture
def big_proxy(tmp_path, upstream_certs):
    with proxy_before(tmp_path, upstream_certs, big_answer,
                       "--set", f"exitguard_max_buffered_bytes_per_identity={48 * MIB}") as (p, _server):
        yield p


def test_a_large_answer_from_an_unlisted_host_is_not_buffered_whole(big_proxy):
    """An observed host's answer is not inspected, but was buffered whole unless it was an event stream: one
    agent downloading a few GB (any file from its own server) took the proxy's memory from everyone. Past the
    inspection limit (or without a length) it is now passed on as it arrives, the record keeping its start."""
    t = L.tunnel(big_proxy, host="unlisted.example")
    t.sendall(b"GET /big HTTP/1.1\r\nHost: unlisted.example\r\n\r\n")
    got, first = 0, b""
    t.settimeout(20)
    with L.RssSampler(big_proxy.proc.pid) as rss:
        try:
            while data := t.recv(1 << 20):
                first += data[:400] if len(first) < 400 else b""
                got += len(data)
        except OSError:
            pass
    t.close()
    grown_mib = (rss.peak - rss.start) // 1024
    print(f"200 MiB answer from an unlisted host: {got} bytes to the client, RSS grew {grown_mib} MiB")
    assert L.status_of(first) == 200 and got > BIG_ANSWER  # all of it passed on
    assert grown_mib < 100, grown_mib


def test_a_request_head_without_end_is_not_buffered_without_bound(denying):
    """mitmproxy 12.3 reads an HTTP/1 request head until its blank line, with no bound: one header line of
    200 MiB that never ends was buffered whole, no identity needed (the budget counts bodies only)."""
    s = socket.create_connection(("127.0.0.1", denying.port), timeout=10)
    s.sendall(b"GET http://unlisted.example/ HTTP/1.1\r\nHost: unlisted.example\r\nX-Long: ")
    block = b"a" * MIB
    s.settimeout(10)
    sent = 0
    with L.RssSampler(denying.proc.pid) as rss:
        try:
            for _ in range(200):
                s.sendall(block)
                sent += 1
        except OSError:
            pass
        answer = b""
        try:
            s.settimeout(3)
            answer = s.recv(65536)
        except OSError:
            pass
    s.close()
    grown_mib = (rss.peak - rss.start) // 1024
    print(f"a 200 MiB request head: {sent} MiB sent, answer {answer[:80]!r}, RSS grew {grown_mib} MiB")
    assert L.status_of(answer) == 431 and sent < 200
    assert grown_mib < 100, grown_mib
    L.sdk_still_served(denying)


def endless_answer_head(conn, first: bytes, server: RawUpstream) -> None:
    """``/endless``: an answer head whose one header never ends (200 MiB); anything else: a chat completion."""
    request = read_request(conn, first, server)
    if request is None:
        return
    if b" /endless " not in request[0].split(b"\r\n", 1)[0] + b" ":
        return _ok(conn)
    conn.sendall(b"HTTP/1.1 200 OK\r\nx-long: ")
    try:
        for _ in range(200):
            conn.sendall(b"b" * MIB)
    except OSError:
        pass


@pytest.fixture
def endless_proxy(tmp_path, upstream_certs):
    with proxy_before(tmp_path, upstream_certs, endless_answer_head) as (p, _server):
        yield p


def test_an_upstreams_endless_answer_head_is_not_buffered_without_bound(endless_proxy):
    """The agent's own server (an unlisted host) can answer with a head that never ends: mitmproxy buffered it."""
    t = L.tunnel(endless_proxy, host="unlisted.example")
    with L.RssSampler(endless_proxy.proc.pid) as rss:
        t.sendall(b"GET /endless HTTP/1.1\r\nHost: unlisted.example\r\n\r\n")
        answer = L.read_all(t, wait=20)
    t.close()
    grown_mib = (rss.peak - rss.start) // 1024
    print(f"an endless answer head: {answer[:60]!r}, RSS grew {grown_mib} MiB")
    assert L.status_of(answer) == 502 and b"x-long" not in answer.lower()
    assert grown_mib < 100, grown_mib
    L.sdk_still_served(endless_proxy)


@pytest.fixture
def ws_proxy(tmp_path, upstream_certs):
    from tests.hostile.rawupstream import websocket_echo

    with proxy_before(tmp_path, upstream_certs, websocket_echo,
                       "--set", f"exitguard_max_buffered_bytes_per_identity={WS_CAP}") as (p, server):
        yield p, server


def test_one_websocket_message_that_never_ends_is_not_buffered_without_bound(ws_proxy):
    """mitmproxy gathers a fragmented WebSocket message until its last frame before any hook sees it; the budget
    counted whole messages in ``websocket_message``: one message of 1 MiB frames without FIN grew the proxy for
    as long as the client sent (200 MiB -> RSS +207 MiB; ended at a 16 MiB share: +20 MiB)."""
    from wsproto import ConnectionType, WSConnection
    from wsproto.events import AcceptConnection, Request, TextMessage

    proxy, _ = ws_proxy
    t = L.tunnel(proxy)
    ws = WSConnection(ConnectionType.CLIENT)
    t.sendall(ws.send(Request(host="api.openai.com", target="/v1/realtime")))
    t.settimeout(10)
    data = t.recv(65536)
    ws.receive_data(data)
    assert any(isinstance(e, AcceptConnection) for e in ws.events())
    sent = 0
    with L.RssSampler(proxy.proc.pid) as rss:
        try:
            for _ in range(200):
                t.sendall(ws.send(TextMessage(data="x" * MIB, message_finished=False)))
                sent += 1
        except OSError:
            pass
        time.sleep(1)
    t.close()
    grown_mib = (rss.peak - rss.start) // 1024
    print(f"one unfinished WebSocket message: {sent} MiB sent, RSS grew {grown_mib} MiB")
    assert sent < 200  # ended by the proxy
    assert grown_mib < 100, grown_mib


def test_bytes_sent_after_a_request_while_it_is_answered_are_not_buffered_without_bound(leak_proxy):
    """HTTP/1: while a request is in flight mitmproxy keeps whatever else arrives on the connection for the next
    request (a pipelined one) without looking at it: 200 MiB sent after a request its upstream answers slowly
    were all kept."""
    t = L.tunnel(leak_proxy)
    t.sendall(b"GET /slow HTTP/1.1\r\nHost: api.openai.com\r\n\r\n")
    sent = 0
    t.settimeout(10)
    with L.RssSampler(leak_proxy.proc.pid) as rss:
        try:
            for _ in range(200):
                t.sendall(b"z" * MIB)
                sent += 1
        except OSError:
            pass
        time.sleep(0.5)
    t.close()
    grown_mib = (rss.peak - rss.start) // 1024
    print(f"after a request in flight: {sent} MiB sent, RSS grew {grown_mib} MiB")
    assert grown_mib < 100, grown_mib
    L.sdk_still_served(leak_proxy)


def test_an_http2_header_block_that_never_ends_is_not_buffered_without_bound(leak_proxy):
    """HTTP/2's answer to an endless head: a HEADERS frame without END_HEADERS and CONTINUATION frames after it.
    The h2 library ends the connection after 64 of them (held; here so that a change of library shows)."""
    from hyperframe.frame import ContinuationFrame, HeadersFrame, SettingsFrame

    t = L.tunnel(leak_proxy, alpn=["h2"])  # lazy: the proxy offers h2 before it has connected upstream
    assert t.selected_alpn_protocol() == "h2"
    t.sendall(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" + SettingsFrame(0).serialize())
    t.sendall(HeadersFrame(1, data=b"").serialize())
    sent = 0
    t.settimeout(10)
    with L.RssSampler(leak_proxy.proc.pid) as rss:
        try:
            for _ in range(200 * 64):  # 200 MiB of 16 KiB frames
                t.sendall(ContinuationFrame(1, data=b"\x00" * 16384).serialize())
                sent += 1
        except OSError:
            pass
    t.close()
    grown_mib = (rss.peak - rss.start) // 1024
    print(f"HTTP/2 CONTINUATION flood: {sent} frames sent, RSS grew {grown_mib} MiB")
    assert sent < 200 * 64 and grown_mib < 100, (sent, grown_mib)
    L.sdk_still_served(leak_proxy)
