"""Attack (attack4): WebSocket control frames through the real proxy. mitmproxy relays a ping's or pong's payload
(up to 125 bytes) and a close frame's reason (up to 123) to the other side with no hook: the agent's key went to the
upstream in a ping, the upstream's key to the agent in a pong or a close reason, and the close reason was
recorded raw (`flow.websocket.close_reason`). Each is now scanned on a guarded host (core/compat.py wraps the
relay, stream/control_frames.py decides). Checked: what the upstream got, what the client got, every recorded
byte and the proxy's log (mitmproxy logs each ping's payload; core/logmask.py withholds byte reprs)."""

from __future__ import annotations

import socket
import ssl
import time

import pytest
from wsproto import ConnectionType, WSConnection
from wsproto.events import AcceptConnection, CloseConnection, Message, Ping, Pong, Request, TextMessage

from tests import fakes
from tests.live import harness
from tests.live.ws_upstream import WebSocketUpstream
from tests.stream.test_live_blind_spots import record_bytes

pytestmark = pytest.mark.live

PAT = fakes.github_pat(43)
AKID = fakes.aws_key_id(44)
SECRETS = (PAT, AKID)


class ControlUpstream(WebSocketUpstream):
    """A WebSocket upstream that logs every ping and pong payload and close reason it gets; on a text message
    "ping me. " it pings the client with a key, on "close now. " it closes with a key as the reason (messages end
    in a space: a word at the end of one is held back until the next)."""

    def __init__(self, ca, pem) -> None:
        self.got: list[tuple[str, bytes]] = []  # (kind, payload or reason)
        super().__init__(ca, pem)

    def on_event(self, conn, ws, event) -> bool:
        if isinstance(event, TextMessage):
            self.got.append(("text", event.data.encode()))
            if event.data == "ping me. ":
                conn.sendall(ws.send(Ping(payload=f"hb {AKID}".encode())))
            elif event.data == "close now. ":
                conn.sendall(ws.send(CloseConnection(code=1000, reason=f"bye {PAT}")))
            else:
                conn.sendall(ws.send(Message(data="ok")))
        elif isinstance(event, Ping):
            self.got.append(("ping", bytes(event.payload)))
            conn.sendall(ws.send(event.response()))
        elif isinstance(event, Pong):
            self.got.append(("pong", bytes(event.payload)))
        elif isinstance(event, CloseConnection):
            self.got.append(("close", (event.reason or "").encode()))
            if ws.state.name != "CLOSED":
                conn.sendall(ws.send(event.response()))
            return True
        return False


@pytest.fixture
def ws_up(tmp_path, upstream_certs):
    up = ControlUpstream(*upstream_certs)
    p = harness.start_proxy(tmp_path, up, "--set", f"exitguard_record_dir={tmp_path / 'records'}")
    p.dir = tmp_path / "records"
    yield up, p
    p.stop()
    up.sock.close()


def connect(proxy) -> tuple[ssl.SSLSocket, WSConnection]:
    raw = socket.create_connection(("127.0.0.1", proxy.port), timeout=10)
    raw.sendall(b"CONNECT api.openai.com:443 HTTP/1.1\r\nHost: api.openai.com:443\r\n\r\n")
    assert raw.recv(4096).startswith(b"HTTP/1.1 200")
    conn = ssl.create_default_context(cafile=str(proxy.ca)).wrap_socket(raw, server_hostname="api.openai.com")
    ws = WSConnection(ConnectionType.CLIENT)
    conn.sendall(ws.send(Request(host="api.openai.com", target="/v1/realtime?model=gpt-4o-realtime")))
    events = read_until(conn, ws, AcceptConnection)
    assert any(isinstance(e, AcceptConnection) for e in events)
    return conn, ws


def read_until(conn, ws, kind, timeout: float = 10) -> list:
    """Events until one of `kind` arrives (or the connection ends)."""
    events: list = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            data = conn.recv(65536)
        except (OSError, ssl.SSLError):
            break
        if not data:
            break
        ws.receive_data(data)
        for event in ws.events():
            events.append(event)
            if isinstance(event, Ping):  # answer as a client does: the pong echoes the payload
                conn.sendall(ws.send(event.response()))
        if any(isinstance(e, kind) for e in events):
            break
    return events


def payloads(events) -> list[bytes]:
    out = []
    for e in events:
        if isinstance(e, (Ping, Pong)):
            out.append(bytes(e.payload))
        elif isinstance(e, CloseConnection):
            out.append((e.reason or "").encode())
        elif isinstance(e, TextMessage):
            out.append(e.data.encode())
    return out


def assert_no_secret(*blobs: bytes) -> None:
    for blob in blobs:
        for secret in SECRETS:
            assert secret.encode() not in blob, blob[:300]


def wait_for_record(folder) -> bytes:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if any(f.suffix == ".mitm" and f.stat().st_size for f in folder.glob("*")):
            break
        time.sleep(0.1)
    return record_bytes(folder)


def test_a_key_in_a_ping_or_a_close_reason_from_the_agent_does_not_reach_the_upstream(ws_up):
    up, proxy = ws_up
    conn, ws = connect(proxy)
    conn.sendall(ws.send(Ping(payload=f"hb {AKID}".encode())))
    client_got = read_until(conn, ws, Pong)
    conn.sendall(ws.send(Message(data="hello there. ")))
    client_got += read_until(conn, ws, TextMessage)
    conn.sendall(ws.send(CloseConnection(code=1000, reason=f"done {PAT}")))
    client_got += read_until(conn, ws, CloseConnection)
    conn.close()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not any(kind == "close" for kind, _ in up.got):
        time.sleep(0.1)
    kinds = [kind for kind, _ in up.got]
    assert "ping" in kinds and "text" in kinds and "close" in kinds, up.got  # each frame went on
    assert_no_secret(*(payload for _, payload in up.got))
    assert_no_secret(*payloads(client_got))  # the pong echoes what the upstream got
    proxy.stop()
    assert_no_secret(wait_for_record(proxy.dir), proxy.log.encode())  # the record and the log


def test_a_key_in_a_ping_or_a_close_reason_from_the_upstream_does_not_reach_the_agent(ws_up):
    up, proxy = ws_up
    conn, ws = connect(proxy)
    conn.sendall(ws.send(Message(data="ping me. ")))
    client_got = read_until(conn, ws, Ping)
    conn.sendall(ws.send(Message(data="close now. ")))
    client_got += read_until(conn, ws, CloseConnection)
    conn.close()
    assert any(isinstance(e, Ping) for e in client_got) and any(isinstance(e, CloseConnection) for e in client_got)
    assert_no_secret(*payloads(client_got))
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not any(kind == "pong" for kind, _ in up.got):
        time.sleep(0.1)
    assert_no_secret(*(payload for _, payload in up.got))
    proxy.stop()
    assert_no_secret(wait_for_record(proxy.dir), proxy.log.encode())  # the record and the log


def test_a_letters_password_split_over_messages_is_masked_upstream_and_in_the_record(ws_up):
    """tests/stream/test_attack_password_words.py through the real proxy: a key whose first part (`DB_`) is outside
    generic-password-letters' match since a227861, and a value judged by the word after it, split over messages."""
    up, proxy = ws_up
    conn, ws = connect(proxy)
    parts = ["export DB_", "PASSWORD=tavoreni\n", "DB_PASSWORD=tavoreni characters", "X and more.\n",
             "use tavoreni as the password manager", "ial things.\n", "bye now. "]
    for part in parts:
        conn.sendall(ws.send(Message(data=part)))
        read_until(conn, ws, TextMessage)
    conn.sendall(ws.send(CloseConnection(code=1000)))
    read_until(conn, ws, CloseConnection)
    conn.close()
    texts = [payload for kind, payload in up.got if kind == "text"]
    assert len(texts) == len(parts)  # every message went on: masked in time, not stopped
    upstream = b"".join(texts)
    assert b"tavoreni" not in upstream and upstream.count(b"[MASKED:generic-password-letters") == 3, upstream
    proxy.stop()
    assert b"tavoreni" not in wait_for_record(proxy.dir)
