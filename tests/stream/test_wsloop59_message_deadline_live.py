"""wsloop59 (dos58, wsbudget58; invariant 5): a WebSocket message of hostile uniform text through a real mitmdump with
recording on, while another client's plain request goes through the same proxy on another connection. Under a policy
whose ``stream_cpu_budget`` is tiny, the message's scan is cut inside (main scanned all of it, 256 KiB of `=`: ~5 s
of the event loop, and only then charged the budget): the connection is closed with the budget's reason saying so,
nothing of the message reaches the upstream, the flow is on record with it, and the other client is answered. No
timed assertion: what tells the cut apart is the reason (the scan was cut), not how long anything took.
Unit: tests/stream/test_wsloop59_message_deadline.py."""

from __future__ import annotations

import socket
import ssl

import pytest
import yaml
from wsproto import ConnectionType, WSConnection
from wsproto.events import AcceptConnection, BytesMessage, CloseConnection, Message, Request, TextMessage

from addons.core.policy import DEFAULT_POLICY_FILE
from tests.hostile import live_support as L
from tests.live import harness
from tests.live.ws_upstream import WebSocketUpstream
from tests.proxy.test_faults48_slow_answers_live import flows_recorded

pytestmark = pytest.mark.live

HOSTILE = "=" * (256 * 1024)


class EchoAndPlainUpstream(WebSocketUpstream):
    """Records the WebSocket messages it receives (answers "ok"), and answers a plain HTTP request with 200."""

    def __init__(self, ca, pem) -> None:
        self.received: list[str | bytes] = []
        self.plain: list[bytes] = []
        super().__init__(ca, pem)

    def plain_request(self, conn, data: bytes) -> bool:
        if b"upgrade: websocket" in data.lower():
            return False
        head, _, body = data.partition(b"\r\n\r\n")
        length = next((int(line.split(b":", 1)[1]) for line in head.split(b"\r\n")
                       if line.lower().startswith(b"content-length:")), 0)
        while len(body) < length and (more := conn.recv(65536)):
            body += more
        self.plain.append(body)
        answer = b'{"id":"chatcmpl-1","choices":[{"index":0,"message":{"role":"assistant","content":"fine"}}]}'
        conn.sendall(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close\r\n"
                     b"content-length: %d\r\n\r\n%s" % (len(answer), answer))
        return True

    def on_event(self, conn, ws, event) -> bool:
        if isinstance(event, (TextMessage, BytesMessage)):
            self.received.append(event.data)
            conn.sendall(ws.send(Message(data="ok")))
        elif isinstance(event, CloseConnection):
            conn.sendall(ws.send(event.response()))
            return True
        return False


@pytest.fixture
def budgeted(tmp_path, upstream_certs):
    data = yaml.safe_load(DEFAULT_POLICY_FILE.read_text())
    data["stream_cpu_budget"] = {"share": 0.01, "burst_seconds": 1e-9}
    policy = tmp_path / "policy.yaml"
    policy.write_text(yaml.safe_dump(data))
    records = tmp_path / "records"
    up = EchoAndPlainUpstream(*upstream_certs)
    proxy = harness.start_proxy(tmp_path, up, "--set", f"exitguard_policy={policy}",
                                "--set", f"exitguard_record_dir={records}")
    yield up, proxy, records
    proxy.stop()
    up.sock.close()


def opened(proxy: harness.Proxy) -> tuple[ssl.SSLSocket, WSConnection]:
    """A WebSocket to the guarded host through the proxy, its handshake done."""
    raw = socket.create_connection(("127.0.0.1", proxy.port), timeout=120)
    raw.sendall(b"CONNECT api.openai.com:443 HTTP/1.1\r\nHost: api.openai.com:443\r\n\r\n")
    assert raw.recv(4096).startswith(b"HTTP/1.1 200")
    conn = ssl.create_default_context(cafile=str(proxy.ca)).wrap_socket(raw, server_hostname="api.openai.com")
    ws = WSConnection(ConnectionType.CLIENT)
    conn.sendall(ws.send(Request(host="api.openai.com", target="/v1/realtime?model=gpt-4o-realtime")))
    while True:
        ws.receive_data(conn.recv(65536))
        if any(isinstance(event, AcceptConnection) for event in ws.events()):
            return conn, ws


def until_closed(conn: ssl.SSLSocket, ws: WSConnection) -> tuple[list[str | bytes], CloseConnection | None]:
    got: list[str | bytes] = []
    while data := conn.recv(65536):
        ws.receive_data(data)
        for event in ws.events():
            if isinstance(event, (TextMessage, BytesMessage)):
                got.append(event.data)
            elif isinstance(event, CloseConnection):
                return got, event
    return got, None


def test_a_uniform_message_is_cut_inside_its_scan_closed_recorded_and_another_client_is_served(budgeted):
    up, proxy, records = budgeted
    conn, ws = opened(proxy)
    other = L.tunnel(proxy, timeout=120)  # the other client's connection, its TLS done before the message
    try:
        conn.sendall(ws.send(Message(data=HOSTILE)))
        other.sendall(L.chat_request("hello, a plain question"))
        answer = L.read_all(other, wait=120)
        got, close = until_closed(conn, ws)
    finally:
        conn.close()
        other.close()
    assert L.status_of(answer) == 200, answer[:300]  # the other client was served
    assert up.plain and b"a plain question" in up.plain[0]
    assert got == [] and up.received == []  # nothing of the message went on, nor an answer to it came back
    assert close is not None and "stream_cpu_budget" in close.reason and "scan was cut" in close.reason, close
    flows = flows_recorded(records, count=2)
    cut = [r for r in flows if "scan was cut" in (r.get("reason") or "")]
    assert cut and cut[0]["decision"] == "error", flows
    assert proxy.proc.poll() is None
