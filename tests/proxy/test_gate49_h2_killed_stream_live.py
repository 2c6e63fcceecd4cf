"""gate49: faults49's ending of killed streams (compat.end_killed_streams) was unit-tested on HTTP/2 only. Live: a real
mitmdump, an HTTP/2 client and an HTTP/2 upstream on one connection each. One stream's answer is a single SSE event
that never ends (the masker refuses it past its cap and kills the flow); another stream on the same client
connection, opened while the first is being refused, must complete whole, and the connection must stay usable.
The upstream must see the endless stream reset (RST_STREAM) and stop being read, not its whole connection closed.

The proxy's policy caps one event at 1 MiB (max_body_bytes), not the default 10 MiB: the ending is what is tested,
and reading 10 MiB of one event took ~45 s of the proxy's CPU at load ~10 (suite54b)."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import h2.config
import h2.connection
import h2.events
import h2.exceptions
import pytest

from tests.hostile import live_support as L
from tests.live import harness
from tests.live.loopback_server import LoopbackServer

pytestmark = pytest.mark.live

ENDLESS = "the endless one"
CHUNK = b"x" * 16384
LIMIT = 64 * 1024 * 1024  # what the upstream writes at most for the endless stream
EVENT_CAP = 1024 * 1024  # the test policy's max_body_bytes: the masker refuses one event past it


def normal_answer() -> bytes:
    events = [{"id": "c", "object": "chat.completion.chunk", "choices": [{"index": 0, "delta": {"content": w}}]}
              for w in ("all ", "is ", "well")]
    return b"".join(b"data: " + json.dumps(e).encode() + b"\n\n" for e in events) + b"data: [DONE]\n\n"


class H2Upstream(LoopbackServer):
    """HTTP/2 only. A request whose body holds ENDLESS gets one SSE event that never ends, written until the stream
    is reset or LIMIT; any other gets a short answer. Records what it saw."""

    def __init__(self, ca: Path, pem: Path) -> None:
        self.reset_streams: list[int] = []
        self.endless_sent = 0
        self.connections = 0
        self.lock = threading.Lock()
        super().__init__(pem, ca)
        assert self.ctx is not None
        self.ctx.set_alpn_protocols(["h2"])
        self.start()

    def handle(self, conn) -> None:
        with self.lock:
            self.connections += 1
        h2c = h2.connection.H2Connection(h2.config.H2Configuration(client_side=False))
        h2c.initiate_connection()
        conn.sendall(h2c.data_to_send())
        bodies: dict[int, bytes] = {}
        endless: set[int] = set()
        conn.settimeout(0.05)
        while True:
            try:
                data = conn.recv(65536)
                if not data:
                    return
                events = h2c.receive_data(data)
            except TimeoutError:
                events = []
            except OSError:
                return
            for event in events:
                if isinstance(event, h2.events.DataReceived):
                    bodies[event.stream_id] = bodies.get(event.stream_id, b"") + event.data
                    h2c.acknowledge_received_data(event.flow_controlled_length, event.stream_id)
                elif isinstance(event, h2.events.StreamEnded):
                    sid = event.stream_id
                    h2c.send_headers(sid, [(":status", "200"), ("content-type", "text/event-stream")])
                    if ENDLESS.encode() in bodies.get(sid, b""):
                        endless.add(sid)
                        h2c.send_data(sid, b'data: {"choices": [{"index": 0, "delta": {"content": "')
                    else:
                        h2c.send_data(sid, normal_answer(), end_stream=True)
                elif isinstance(event, h2.events.StreamReset):
                    self.reset_streams.append(event.stream_id)
                    endless.discard(event.stream_id)
            for sid in list(endless):
                try:
                    if self.endless_sent < LIMIT and h2c.local_flow_control_window(sid) >= len(CHUNK):
                        h2c.send_data(sid, CHUNK)
                        self.endless_sent += len(CHUNK)
                except (h2.exceptions.StreamClosedError, h2.exceptions.ProtocolError):
                    endless.discard(sid)
            try:
                conn.sendall(h2c.data_to_send())
            except OSError:
                return


def _request(conn: h2.connection.H2Connection, content: str) -> int:
    body = json.dumps({"model": "m", "stream": True, "messages": [{"role": "user", "content": content}]}).encode()
    sid = conn.get_next_available_stream_id()
    conn.send_headers(sid, [(":method", "POST"), (":scheme", "https"), (":authority", "api.openai.com"),
                            (":path", "/v1/chat/completions"), ("content-type", "application/json"),
                            ("content-length", str(len(body)))])
    conn.send_data(sid, body, end_stream=True)
    return sid


def capped_policy(folder: Path) -> Path:
    """The default policy with one event (and body) capped at EVENT_CAP."""
    default = (harness.ROOT / "addons" / "core" / "default_policy.yaml").read_text()
    assert "\nmax_body_bytes: 10485760\n" in default
    policy = folder / "policy.yaml"
    policy.write_text(default.replace("\nmax_body_bytes: 10485760\n", f"\nmax_body_bytes: {EVENT_CAP}\n"))
    return policy


def test_an_endless_event_on_one_http2_stream_is_refused_and_reset_while_another_stream_completes(
        tmp_path, upstream_certs):
    server = H2Upstream(*upstream_certs)
    proxy = harness.start_proxy(tmp_path, server, "--set", f"exitguard_policy={capped_policy(tmp_path)}")
    try:
        t = L.tunnel(proxy, alpn=["h2"], timeout=30)
        assert t.selected_alpn_protocol() == "h2"
        conn = h2.connection.H2Connection(h2.config.H2Configuration(client_side=True))
        conn.initiate_connection()
        conn.increment_flow_control_window(1 << 30)
        endless = _request(conn, ENDLESS)
        t.sendall(conn.data_to_send())
        got: dict[int, bytes] = {}
        status: dict[int, int] = {}
        ended: dict[int, str] = {}
        other: int | None = None
        deadline = time.monotonic() + 120
        t.settimeout(0.5)
        while (endless not in ended or other is None or other not in ended) and time.monotonic() < deadline:
            if other is None and server.endless_sent > 256 * 1024:
                other = _request(conn, "hello")  # opened while the endless event is being read
                t.sendall(conn.data_to_send())
            try:
                data = t.recv(65536)
            except TimeoutError:
                continue  # the endless event is held whole until the masker refuses it: nothing to read yet
            assert data, "the proxy closed the client's connection"
            for event in conn.receive_data(data):
                if isinstance(event, h2.events.ResponseReceived):
                    status[event.stream_id] = int(dict(event.headers)[b":status"])
                elif isinstance(event, h2.events.DataReceived):
                    got[event.stream_id] = got.get(event.stream_id, b"") + event.data
                    conn.acknowledge_received_data(event.flow_controlled_length, event.stream_id)
                elif isinstance(event, h2.events.StreamEnded):
                    ended[event.stream_id] = "ended"
                elif isinstance(event, h2.events.StreamReset):
                    ended[event.stream_id] = "reset"
            t.sendall(conn.data_to_send())
        print(f"gate49 h2: endless stream {ended.get(endless)}, upstream wrote {server.endless_sent} bytes of it; "
              f"client got {len(got.get(endless, b''))}; other {ended.get(other)}")
        assert other is not None and ended.get(other) == "ended", (ended, status)
        assert status[other] == 200 and b"data: [DONE]" in got[other] and b"well" in got[other], got.get(other)
        assert endless in ended, "the endless stream never ended for the client"
        assert b"[DONE]" not in got.get(endless, b""), "the refused stream ended as if whole"
        assert b"exitguard_" in got.get(endless, b""), got.get(endless)  # the refusal's error event came first
        # the upstream: that stream reset, its writing stopped well before LIMIT, one connection all along
        until = time.monotonic() + 30
        while endless not in server.reset_streams and time.monotonic() < until:
            time.sleep(0.2)
        assert endless in server.reset_streams, "the upstream was not told to stop the refused stream"
        assert server.endless_sent < LIMIT
        assert server.connections == 1
        # the client's connection still serves a new stream
        third = _request(conn, "again")
        t.sendall(conn.data_to_send())
        done = False
        while not done and time.monotonic() < deadline:
            try:
                data = t.recv(65536)
            except TimeoutError:
                continue
            assert data
            for event in conn.receive_data(data):
                if isinstance(event, h2.events.DataReceived):
                    conn.acknowledge_received_data(event.flow_controlled_length, event.stream_id)
                done = done or (isinstance(event, h2.events.StreamEnded) and event.stream_id == third)
            t.sendall(conn.data_to_send())
        assert done
        t.close()
        assert proxy.proc.poll() is None
    finally:
        proxy.stop()
        server.close()
