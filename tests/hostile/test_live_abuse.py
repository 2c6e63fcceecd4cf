"""Protocol abuse through a real mitmdump with the bundle. Every case has its documented answer in
EVASION.md ("Protocol abuse"); after each group a normal openai SDK request must still be served.

Builds on tests/proxy/test_live_guard.py (bad bodies, request bombs, 100 MB, loopback via curl), which is not
repeated here.
"""

from __future__ import annotations

import gzip
import json
import socket
import threading
import time

import brotli
import pytest
import zstandard

from tests import fakes
from tests.hostile import live_support as L
from tests.hostile.rawupstream import RawUpstream, start_proxy_to, websocket_echo
from tests.live import harness
from tests.live.harness import Reply

pytestmark = pytest.mark.live

AKID = fakes.aws_key_id(31)


def write_policy(tmp_path, **changes) -> str:
    import yaml

    from addons.core.policy import DEFAULT_POLICY_FILE

    data = yaml.safe_load(DEFAULT_POLICY_FILE.read_text())
    data.update(changes)
    path = tmp_path / "policy.yaml"
    path.write_text(yaml.safe_dump(data))
    return str(path)


@pytest.fixture(scope="module")
def gw(tmp_path_factory, upstream_session):
    tmp = tmp_path_factory.mktemp("abuse")
    policy = write_policy(tmp, deny_hosts=["denied.example", "*.denied.example"])
    p = harness.start_proxy(tmp, upstream_session, "--set", f"exitguard_policy={policy}")
    yield p
    p.stop()


@pytest.fixture
def proxy(gw, upstream):
    assert gw.proc.poll() is None, gw.log[-3000:]
    return gw


@pytest.fixture(scope="module")
def raw_upstream(upstream_certs):
    server = RawUpstream(upstream_certs[1])
    yield server
    server.close()


@pytest.fixture(scope="module")
def raw_gw(tmp_path_factory, raw_upstream, upstream_certs):
    """A proxy whose upstream is the raw-byte logger: shows bytes that were never parsed as HTTP."""
    p = start_proxy_to(tmp_path_factory.mktemp("abuse-raw"), raw_upstream, upstream_certs[0])
    yield p
    p.stop()


def leaked_to(upstream) -> bool:
    return any(AKID.encode() in r.body or AKID in json.dumps(r.headers) or AKID in r.path
               for r in upstream.received)


# --------------------------------------------------------------------------- malformed HTTP/1.1

MALFORMED_IN_TUNNEL = {
    # name: (bytes sent inside a TLS tunnel to api.openai.com, expected status or None = closed/no answer)
    "bad request line": (b"GARBAGE / HTTP/1.1 extra\r\nHost: api.openai.com\r\n\r\n", 400),
    "header without colon": (b"GET /v1/models HTTP/1.1\r\nHost: api.openai.com\r\nNoColonHere\r\n\r\n", 400),
    "content-length and transfer-encoding": (
        b"POST /v1/chat/completions HTTP/1.1\r\nHost: api.openai.com\r\ncontent-type: application/json\r\n"
        b"Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nPOST /smuggled HTTP/1.1\r\n"
        b"Host: api.openai.com\r\ncontent-length: 24\r\n\r\n" + f'{{"k": "{AKID}"}}'.encode(), 400),
    "two different content-lengths": (
        b"POST /v1/chat/completions HTTP/1.1\r\nHost: api.openai.com\r\nContent-Length: 30\r\n"
        b"Content-Length: 3\r\n\r\n" + f'{{"k": "{AKID}"}}'.encode(), 400),
    "non-hex chunk size": (b"POST /v1/chat/completions HTTP/1.1\r\nHost: api.openai.com\r\n"
                           b"content-type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                           b"ZZ\r\nabc\r\n0\r\n\r\n",
                           None),
    "negative chunk size": (b"POST /v1/chat/completions HTTP/1.1\r\nHost: api.openai.com\r\n"
                            b"content-type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                            b"-5\r\nabc\r\n0\r\n\r\n",
                            None),
    "2^72 chunk size": (b"POST /v1/chat/completions HTTP/1.1\r\nHost: api.openai.com\r\n"
                        b"content-type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFFF\r\n"
                        + f'{{"k": "{AKID}"}}'.encode(), None),
}


def test_malformed_http1_in_a_tunnel_never_reaches_the_upstream(proxy, upstream):
    answers = {}
    for name, (data, _) in MALFORMED_IN_TUNNEL.items():
        t = L.tunnel(proxy)
        t.sendall(data)
        answers[name] = L.status_of(L.read_all(t, wait=2))
        t.close()
    assert answers == {name: expected for name, (_, expected) in MALFORMED_IN_TUNNEL.items()}
    assert upstream.received == [] and not leaked_to(upstream)
    L.sdk_still_served(proxy)


def test_malformed_requests_on_the_proxy_port(proxy, upstream):
    for data, expected in ((b"HELLO\r\n\r\n", 400),
                           (b"GET http://api.openai.com/ HTTP/1.1\r\nNoColon\r\n\r\n", 400),
                           (b"CONNECT api.openai.com HTTP/1.1\r\n\r\n", 400),  # authority without a port
                           (b"\x16\x03\x01\x00\x05hello", None)):  # a TLS record sent to a plain proxy
        s = socket.create_connection(("127.0.0.1", proxy.port), timeout=10)
        s.sendall(data)
        answer = L.read_all(s, wait=2)
        s.close()
        assert L.status_of(answer) == expected, (data[:30], answer[:200])
    assert upstream.received == []
    L.sdk_still_served(proxy)


# --------------------------------------------------------------------------- raw TCP fallback (defect)

def _split_request(first: int):
    def send(t, data):
        t.sendall(data[:first])  # its own TLS record: mitmproxy decides the protocol on this alone
        time.sleep(0.3)
        t.sendall(data[first:])
    return send


@pytest.mark.parametrize("name, prefix, send", [
    ("first byte in its own TLS record", b"", _split_request(1)),
    ("first two bytes in their own TLS record", b"", _split_request(2)),
    ("leading empty line (RFC 9112 2.2 lets servers skip it)", b"\r\n", lambda t, d: t.sendall(d)),
], ids=["1-byte-record", "2-byte-record", "leading-crlf"])
def test_a_request_that_does_not_look_like_http_at_first_is_still_inspected(raw_gw, raw_upstream, name, prefix,
                                                                            send):
    # mitmproxy's next_layer falls back to raw TCP (option rawtcp, on by default) when the first bytes in a
    # tunnel do not look like HTTP: the bytes then go to the guarded host unparsed, unscanned, unrecorded.
    raw_upstream.raw.clear()
    t = L.tunnel(raw_gw)
    send(t, prefix + L.chat_request(f"key {AKID}"))
    L.read_all(t, wait=3)
    t.close()
    assert AKID.encode() not in bytes(raw_upstream.raw), f"{name}: the secret reached the upstream unscanned"


def test_domain_fronting_host_header_does_not_skip_inspection(raw_gw, raw_upstream):
    # CONNECT to a guarded host, then a Host header naming an unlisted (pass) host: the connection still goes
    # to api.openai.com (TLS server name). The names disagree on a guarded host, so the request is refused
    # (421, core/destination.py); before that it was inspected as api.openai.com's, never passed unscanned.
    raw_upstream.raw.clear()
    raw_upstream.snis.clear()
    t = L.tunnel(raw_gw)
    t.sendall(L.chat_request(f"key {AKID}", host="unlisted.example"))
    assert L.status_of(L.read_all(t, wait=3)) == 421
    t.close()
    assert "api.openai.com" in raw_upstream.snis
    assert AKID.encode() not in bytes(raw_upstream.raw), "the Host header decided the policy, not the destination"


# --------------------------------------------------------------------------- known gaps (current behaviour)


def test_secrets_in_custom_request_headers_and_url_path_are_masked(proxy, upstream):
    # Header values, path segments and query keys are scanned like body fields (guard/request_parts.py);
    # a masked path segment is the percent-encoded placeholder. More in tests/guard/test_live_content.py.
    t = L.tunnel(proxy)
    t.sendall(L.chat_request("hello", extra_headers=f"X-Debug-Note: {AKID}\r\n"))
    assert L.status_of(L.read_all(t)) == 200
    t.close()
    t = L.tunnel(proxy)
    t.sendall(f"GET /v1/files/{AKID} HTTP/1.1\r\nHost: api.openai.com\r\n\r\n".encode())
    assert L.status_of(L.read_all(t)) == 200
    t.close()
    assert upstream.received[0].headers["x-debug-note"].startswith("[MASKED:aws-access-key-id:")
    assert upstream.received[1].path.startswith("/v1/files/%5BMASKED%3Aaws-access-key-id%3A")


def test_url_encoded_secret_in_query_is_masked(proxy, upstream):
    encoded = "".join(f"%{ord(c):02X}" for c in AKID)
    t = L.tunnel(proxy)
    t.sendall(f"GET /v1/models?note={encoded} HTTP/1.1\r\nHost: api.openai.com\r\n\r\n".encode())
    assert L.status_of(L.read_all(t)) == 200
    t.close()
    (req,) = upstream.received
    assert AKID not in req.path and "MASKED" in req.path


# --------------------------------------------------------------------------- oversized headers


@pytest.mark.parametrize("size", [1 << 20, 8 << 20], ids=["1MB", "8MB"])
def test_oversized_header_does_not_take_the_proxy_down(proxy, upstream, size):
    t = L.tunnel(proxy)
    with L.RssSampler(proxy.proc.pid) as rss:
        try:
            t.sendall(b"GET /v1/models HTTP/1.1\r\nHost: api.openai.com\r\nX-Big: " + b"a" * size + b"\r\n\r\n")
        except OSError:
            pass  # the proxy answered 431 and closed while the head was still coming
        answer = L.read_all(t, wait=10)
    t.close()
    # mitmproxy 12.3 has no head size limit (it buffered any head whole and forwarded it); compat.py's is 64 KiB:
    # 431, or the connection reset before the client read it. Nothing goes upstream.
    assert L.status_of(answer) in (431, None), answer[:200]
    assert not upstream.received
    assert (rss.peak - rss.start) < 40 * size // 1024 + 100_000, f"RSS grew {(rss.peak - rss.start) // 1024} MiB"
    L.sdk_still_served(proxy)


# --------------------------------------------------------------------------- HTTP/2


@pytest.fixture(scope="module")
def h2_gw(tmp_path_factory, upstream_session):
    # mitmproxy offers the client h2 only if the upstream does, or if it has not connected upstream yet. The test
    # upstream speaks HTTP/1.1 (api.openai.com speaks h2): connect lazily so the client side is h2, as in production.
    p = harness.start_proxy(tmp_path_factory.mktemp("abuse-h2"), upstream_session,
                            "--set", "connection_strategy=lazy")
    yield p
    p.stop()


def _h2_session(proxy, streams: int, reset_after_open: bool = False) -> dict[int, int]:
    """Open `streams` concurrent h2 streams (chat requests with a secret); returns stream id -> status."""
    import h2.config
    import h2.connection
    import h2.events

    t = L.tunnel(proxy, alpn=["h2"], timeout=30)
    assert t.selected_alpn_protocol() == "h2"
    conn = h2.connection.H2Connection(h2.config.H2Configuration(client_side=True))
    conn.initiate_connection()
    conn.increment_flow_control_window(1 << 30)
    t.sendall(conn.data_to_send())
    body = json.dumps({"model": "m", "messages": [{"role": "user", "content": f"key {AKID}"}]}).encode()
    ids = []
    for _ in range(streams):
        sid = conn.get_next_available_stream_id()
        conn.send_headers(sid, [(":method", "POST"), (":scheme", "https"), (":authority", "api.openai.com"),
                                (":path", "/v1/chat/completions"), ("content-type", "application/json"),
                                ("content-length", str(len(body)))])
        if reset_after_open:
            conn.reset_stream(sid)
        else:
            conn.send_data(sid, body, end_stream=True)
        ids.append(sid)
    t.sendall(conn.data_to_send())
    statuses: dict[int, int] = {}
    open_ids = set() if reset_after_open else set(ids)
    deadline = time.monotonic() + 60
    t.settimeout(5)
    while open_ids and time.monotonic() < deadline:
        data = t.recv(65536)
        if not data:
            break
        for event in conn.receive_data(data):
            if isinstance(event, h2.events.ResponseReceived):
                statuses[event.stream_id] = int(dict(event.headers)[b":status"])
            elif isinstance(event, h2.events.DataReceived):
                conn.acknowledge_received_data(event.flow_controlled_length, event.stream_id)
            elif isinstance(event, (h2.events.StreamEnded, h2.events.StreamReset)):
                open_ids.discard(event.stream_id)
        t.sendall(conn.data_to_send())
    t.close()
    return statuses


def test_http2_many_concurrent_streams_are_all_inspected(h2_gw, upstream):
    proxy = h2_gw
    statuses = _h2_session(proxy, 100)
    assert len(statuses) == 100 and set(statuses.values()) == {200}, statuses
    assert len(upstream.received) == 100 and not leaked_to(upstream)
    assert all("[MASKED:aws-access-key-id:" in r.json()["messages"][0]["content"] for r in upstream.received)
    L.sdk_still_served(proxy)


def test_http2_rapid_reset_flood(h2_gw, upstream):
    proxy = h2_gw
    # CVE-2023-44487 shape: open and cancel streams as fast as possible.
    for _ in range(5):
        _h2_session(proxy, 400, reset_after_open=True)
    assert not leaked_to(upstream)
    L.sdk_still_served(proxy)


# --------------------------------------------------------------------------- slow loris


def test_slow_loris_clients_do_not_stall_others(proxy, upstream):
    stop = threading.Event()
    sockets = []

    def dribble(sock, data: bytes):
        try:
            for byte in data:
                if stop.is_set():
                    return
                sock.sendall(bytes([byte]))
                time.sleep(0.2)
        except OSError:
            pass

    threads = []
    for _ in range(60):
        s = socket.create_connection(("127.0.0.1", proxy.port), timeout=30)
        sockets.append(s)
        head = b"CONNECT api.openai.com:443 HTTP/1.1\r\nHost: api.openai.com:443\r\nX-Slow: " + b"z" * 200
        threads.append(threading.Thread(target=dribble, args=(s, head), daemon=True))
    for _ in range(20):  # inside tunnels too: a request line in one piece, then headers dribbled
        t = L.tunnel(proxy)
        t.sendall(b"POST /v1/chat/completions HTTP/1.1\r\n")
        sockets.append(t)
        threads.append(threading.Thread(target=dribble, args=(t, b"Host: api.openai.com\r\nX-Slow: " + b"z" * 200),
                                        daemon=True))
    for th in threads:
        th.start()
    try:
        time.sleep(1)
        assert L.sdk_still_served(proxy, within=15) < 15
        t = L.tunnel(proxy)
        started = time.monotonic()
        t.sendall(L.chat_request("fast one"))
        # served while the slow ones still dribble (a generous bound: the machine may be loaded)
        assert L.status_of(L.read_all(t)) == 200 and time.monotonic() - started < 10
        t.close()
    finally:
        stop.set()
        for s in sockets:
            s.close()


# --------------------------------------------------------------------------- WebSocket flood


@pytest.fixture
def ws_gw(tmp_path, upstream_certs):
    server = RawUpstream(upstream_certs[1], websocket_echo)
    p = start_proxy_to(tmp_path, server, upstream_certs[0])
    yield p, server
    p.stop()
    server.close()


def test_websocket_flood_to_a_guarded_host(ws_gw):
    from wsproto import ConnectionType, WSConnection
    from wsproto.events import AcceptConnection, CloseConnection, Request, TextMessage

    proxy, server = ws_gw
    t = L.tunnel(proxy)
    ws = WSConnection(ConnectionType.CLIENT)
    t.sendall(ws.send(Request(host="api.openai.com", target="/v1/realtime")))
    echoes: list[str] = []
    accepted = threading.Event()
    closed = threading.Event()

    def reader():
        t.settimeout(180)  # as long as the wait for the echoes below: a loaded proxy can be silent for 30 s
        text = ""
        try:
            while not closed.is_set():
                data = t.recv(65536)
                if not data:
                    break
                ws.receive_data(data)
                for event in ws.events():
                    if isinstance(event, AcceptConnection):
                        accepted.set()
                    elif isinstance(event, TextMessage):
                        text += event.data
                        if event.message_finished:
                            echoes.append(text)
                            text = ""
                    elif isinstance(event, CloseConnection):
                        closed.set()
        except OSError:
            pass

    threading.Thread(target=reader, daemon=True).start()
    assert accepted.wait(10)
    # 200 x 2 KB sent without waiting (more than the proxy masks in seconds: ~25 ms of CPU a message, both ways),
    # a key in every 25th. Session 28's 2,000 messages (a key in every 100th) cost ~230 s of wall and ~53 s of CPU
    # at load 7 and proved nothing more (suite49): with the agent's messages unmasked this volume fails as that one
    # did; the masker keeps no more per message than ~its text (removing its trim of sent text slows it, fails
    # neither), and the RSS bound below is its 50 MB of slack at both volumes.
    count, every, payload = 200, 25, "x" * 2000
    with L.RssSampler(proxy.proc.pid) as rss:
        for i in range(count):
            text = f"{i} key {AKID} {payload}" if i % every == 0 else f"{i} {payload}"
            t.sendall(ws.send(TextMessage(data=text)))
        deadline = time.monotonic() + 180  # waits only while echoes are missing: a loaded CI needed more than 60 s
        while len(echoes) < count and time.monotonic() < deadline:
            time.sleep(0.1)
    assert len(echoes) == count, f"{len(echoes)} of {count} echoed"
    assert len(server.messages) == count
    assert not any(AKID in m for m in server.messages), "a secret reached the WebSocket upstream"
    assert sum("[MASKED:aws-access-key-id:" in m for m in server.messages) == count // every
    # mitmproxy keeps every message of a live WebSocket flow (reference §20): ~2x the traffic, not more.
    assert rss.peak - rss.start < 4 * count * len(payload) // 1024 + 50_000
    # A secret split over the frames of one message is caught (mitmproxy reassembles a message before the
    # hook); split over two messages too (issue 13: the connection's masker holds back what could still become
    # a secret and sends it with the next message, as on the SSE path).
    t.sendall(ws.send(TextMessage(data=f"fragmented {AKID[:9]}", message_finished=False)))
    t.sendall(ws.send(TextMessage(data=f"{AKID[9:]} end", message_finished=True)))
    t.sendall(ws.send(TextMessage(data=f"split {AKID[:9]}")))
    t.sendall(ws.send(TextMessage(data=f"{AKID[9:]} end")))
    deadline = time.monotonic() + 60
    while len(server.messages) < count + 3 and time.monotonic() < deadline:
        time.sleep(0.1)
    fragmented, first, second = server.messages[count:count + 3]
    assert AKID not in fragmented and "[MASKED:aws-access-key-id:" in fragmented
    joined = fragmented + first + second
    assert AKID[:9] not in joined and joined.count("[MASKED:aws-access-key-id:") == 2, joined
    t.sendall(ws.send(CloseConnection(code=1000)))
    closed.wait(5)
    t.close()
    L.sdk_still_served(proxy)


# --------------------------------------------------------------------------- response bombs


def _bomb(encoding: str, size: int = 200 << 20) -> bytes:
    data = b'{"a": "' + b"0" * size + b'"}'
    if encoding == "gzip":
        return gzip.compress(data, 9)
    if encoding == "br":
        return brotli.compress(data, quality=5)
    return zstandard.ZstdCompressor(level=3).compress(data)


@pytest.mark.parametrize("encoding", ["gzip", "br", "zstd"])
def test_response_bomb_gets_a_clear_error_and_the_proxy_survives(proxy, upstream, encoding):
    bomb = _bomb(encoding)
    upstream.route("POST", "/v1/chat/completions", lambda req: Reply(
        200, {"content-type": "application/json", "content-encoding": encoding}, bomb))
    t = L.tunnel(proxy)
    with L.RssSampler(proxy.proc.pid) as rss:
        t.sendall(L.chat_request("hi", extra_headers=f"accept-encoding: {encoding}\r\n"))
        answer = L.read_all(t, wait=30)
    t.close()
    assert L.status_of(answer) == 502 and b"exitguard_body_too_large" in answer, answer[:300]
    assert rss.peak - rss.start < 150_000, f"RSS grew {(rss.peak - rss.start) // 1024} MiB for a {encoding} bomb"
    upstream.reset()
    L.sdk_still_served(proxy)


def test_streamed_sse_gzip_bomb_is_stopped_with_bounded_memory(proxy, upstream):
    # One endless SSE line, gzip'd: 200 MB that compress to ~200 KB. The stream decoder must not inflate it all.
    bomb = gzip.compress(b"data: " + b"a" * (200 << 20), 9)
    upstream.route("POST", "/v1/chat/completions", lambda req: Reply(
        200, {"content-type": "text/event-stream", "content-encoding": "gzip"}, b"",
        chunks=[(bomb[i:i + 16384], 0) for i in range(0, len(bomb), 16384)]))
    t = L.tunnel(proxy)
    with L.RssSampler(proxy.proc.pid, interval=0.01) as rss:
        t.sendall(L.chat_request("stream please").replace(b'"gpt-4o"', b'"gpt-4o", "stream": true'))
        answer = L.read_all(t, wait=15)
    t.close()
    assert b"exitguard" in answer and b"data: aaaa" not in answer, answer[:400]
    assert rss.peak - rss.start < 150_000, f"RSS grew {(rss.peak - rss.start) // 1024} MiB for a streamed bomb"
    upstream.reset()
    L.sdk_still_served(proxy)


# --------------------------------------------------------------------------- chunked upload without limit


def test_chunked_upload_is_not_buffered_past_the_body_limit(proxy, upstream):
    # No content-length: the Guard's requestheaders check cannot refuse early. The body must still be cut at
    # max_body_bytes (10 MiB), not buffered whole before the 413 (a multi-GB upload would exhaust memory).
    t = L.tunnel(proxy)
    t.sendall(b"POST /v1/files HTTP/1.1\r\nHost: api.openai.com\r\ncontent-type: text/plain\r\n"
              b"transfer-encoding: chunked\r\n\r\n")
    chunk = b"%x\r\n%s\r\n" % (1 << 20, b"x" * (1 << 20))
    with L.RssSampler(proxy.proc.pid) as rss:
        try:
            for _ in range(300):
                t.sendall(chunk)
            t.sendall(b"0\r\n\r\n")
        except OSError:
            pass  # the proxy may hang up as soon as the limit is passed: that is the good outcome
        answer = L.read_all(t, wait=30)
    t.close()
    assert L.status_of(answer) in (413, None), answer[:200]
    assert upstream.received == []
    assert rss.peak - rss.start < 120_000, f"RSS grew {(rss.peak - rss.start) // 1024} MiB for a 300 MiB upload"
    L.sdk_still_served(proxy)


# --------------------------------------------------------------------------- own address, loopback, deny


@pytest.fixture
def unrouted(tmp_path, upstream_session):
    """No test router: destinations are what the client asks for. Plus a local 'control port' that counts
    hits, and exitguard's own approval control endpoint (its address is in the control file)."""
    import http.server

    hits: list[str] = []

    class Local(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()

        do_PUT = do_POST = do_GET

        def log_message(self, *a):
            pass

    local = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Local)
    threading.Thread(target=local.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    p = harness.start_proxy(tmp_path, upstream_session, route=False)
    yield p, local.server_port, hits
    p.stop()
    local.shutdown()


def _loopback_forms(port: int) -> list[str]:
    return [f"127.0.0.1:{port}", f"localhost:{port}", f"localhost.:{port}", f"LOCALHOST:{port}",
            f"127.1:{port}", f"2130706433:{port}", f"0x7f000001:{port}", f"0177.0.0.1:{port}",
            f"0.0.0.0:{port}", f"[::1]:{port}", f"[::ffff:127.0.0.1]:{port}", f"[::]:{port}",
            f"127.255.255.254:{port}"]


def _control_endpoint(proxy) -> tuple[int, str]:
    """exitguard's own approval control endpoint (Approval addon): its port and bearer token."""
    deadline = time.monotonic() + 10
    while not (found := sorted(proxy.confdir.glob("exitguard-control-*.json"))):
        assert time.monotonic() < deadline, "no control file: is the Approval addon loaded?"
        time.sleep(0.1)
    control = json.loads(found[0].read_text())
    return int(control["url"].rsplit(":", 1)[1]), control["token"]


def test_loopback_control_ports_and_the_proxy_itself_are_never_reached(unrouted, upstream):
    proxy, local_port, hits = unrouted
    control_port, token = _control_endpoint(proxy)
    auth = f"Authorization: Bearer {token}\r\n"
    # Sanity: the endpoint answers when asked directly, so a request that got through would show.
    s = socket.create_connection(("127.0.0.1", control_port), timeout=10)
    s.sendall(f"GET /v1/approvals HTTP/1.1\r\nHost: 127.0.0.1\r\n{auth}\r\n".encode())
    assert L.status_of(L.read_all(s, wait=3)) == 200
    s.close()
    outcomes = {}
    for port in (local_port, control_port, proxy.port):
        for target in _loopback_forms(port):
            s, head = L.connect(proxy, target)  # CONNECT: refused when the tunnel opens
            if b" 200 " in head.split(b"\r\n", 1)[0]:
                s.sendall(f"GET /v1/approvals HTTP/1.1\r\nHost: {target}\r\n{auth}\r\n".encode())
                head = L.read_all(s, wait=3)
            s.close()
            outcomes[f"CONNECT {target}"] = L.status_of(head)
            s = socket.create_connection(("127.0.0.1", proxy.port), timeout=10)
            s.sendall(f"GET http://{target}/v1/approvals HTTP/1.1\r\nHost: {target}\r\n{auth}\r\n".encode())
            outcomes[f"GET http://{target}"] = L.status_of(L.read_all(s, wait=3))
            s.close()
    # Origin-form with a Host header (no absolute URL) sent straight to the proxy port.
    s = socket.create_connection(("127.0.0.1", proxy.port), timeout=10)
    s.sendall(f"GET /v1/approvals HTTP/1.1\r\nHost: 127.0.0.1:{control_port}\r\n{auth}\r\n".encode())
    outcomes["origin-form"] = L.status_of(L.read_all(s, wait=3))
    s.close()
    assert hits == [], hits
    reached = {k: v for k, v in outcomes.items() if v is not None and v < 400}
    assert reached == {}, reached
    assert proxy.proc.poll() is None


@pytest.mark.parametrize("target", ["denied.example:443", "DENIED.EXAMPLE:443", "denied.example.:443",
                                    "denied.example:8443", "api.denied.example:443"])
def test_connect_to_denied_hosts_in_any_spelling(proxy, upstream, target):
    s, head = L.connect(proxy, target)
    s.close()
    assert L.status_of(head) == 403, (target, head[:200])
    assert upstream.received == []


def test_denied_host_named_only_inside_an_allowed_tunnel(proxy, upstream):
    t = L.tunnel(proxy, host="unlisted.example")
    t.sendall(b"GET http://denied.example/ HTTP/1.1\r\nHost: denied.example\r\n\r\n")
    answer = L.read_all(t)
    t.close()
    assert L.status_of(answer) == 403 and b"exitguard_host_denied" in answer, answer[:300]
    assert upstream.received == []
    L.sdk_still_served(proxy)


def test_smuggling_checks_stay_on_when_switched_off(tmp_path, raw_upstream, upstream_certs):
    """Attack10's open row: an operator (or a config.yaml in the confdir) switching mitmproxy's
    validate_inbound_headers off let a second request ride in the first one's body (Content-Length with
    Transfer-Encoding), past the guard, which reads the first. exitguard keeps the check on, as it keeps rawtcp off."""
    raw_upstream.raw.clear()
    gw = start_proxy_to(tmp_path, raw_upstream, upstream_certs[0], "--set", "validate_inbound_headers=false")
    try:
        t = L.tunnel(gw)
        t.sendall(MALFORMED_IN_TUNNEL["content-length and transfer-encoding"][0])
        assert L.status_of(L.read_all(t, wait=2)) == 400
        t.close()
        assert AKID.encode() not in bytes(raw_upstream.raw)
        assert "validate_inbound_headers stays on" in gw.log
    finally:
        gw.stop()
