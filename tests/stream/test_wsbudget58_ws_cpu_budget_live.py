"""wsbudget58 (dos58): a WebSocket message of hostile uniform text through a real mitmdump with recording on, under a
policy whose ``stream_cpu_budget`` is tiny (the overhead charged per message alone empties it; no timed
assertion). Either side's message is dropped, never reaching the other side; the connection is closed with the
budget's reason; the flow is on record with it. Unit: tests/stream/test_wsbudget58_ws_cpu_budget.py."""

from __future__ import annotations

import socket
import ssl

import pytest
import yaml
from wsproto import ConnectionType, WSConnection
from wsproto.events import AcceptConnection, BytesMessage, CloseConnection, Message, Request, TextMessage

from addons.core.policy import DEFAULT_POLICY_FILE
from tests.live import harness
from tests.live.ws_upstream import WebSocketUpstream
from tests.proxy.test_faults48_slow_answers_live import flows_recorded

pytestmark = pytest.mark.live

UNIFORM = "=" * (64 * 1024)


class UniformUpstream(WebSocketUpstream):
    """Records what it receives and answers "ok"; with ``push``, sends one message of uniform text right after the
    handshake, unasked (the agent sends nothing: only the upstream's direction is charged)."""

    def __init__(self, ca, pem) -> None:
        self.received: list[str | bytes] = []
        self.push = False
        super().__init__(ca, pem)

    def after_handshake(self, conn, ws) -> None:
        if self.push:
            conn.sendall(ws.send(Message(data=UNIFORM)))

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
    up = UniformUpstream(*upstream_certs)
    proxy = harness.start_proxy(tmp_path, up, "--set", f"exitguard_policy={policy}",
                                "--set", f"exitguard_record_dir={records}")
    yield up, proxy, records
    proxy.stop()
    up.sock.close()


def exchange(proxy: harness.Proxy, message: str | None) -> tuple[list[str | bytes], CloseConnection | None]:
    """One message from the agent (if any) once the handshake is done: what it then got, and the close frame."""
    raw = socket.create_connection(("127.0.0.1", proxy.port), timeout=30)
    raw.sendall(b"CONNECT api.openai.com:443 HTTP/1.1\r\nHost: api.openai.com:443\r\n\r\n")
    assert raw.recv(4096).startswith(b"HTTP/1.1 200")
    conn = ssl.create_default_context(cafile=str(proxy.ca)).wrap_socket(raw, server_hostname="api.openai.com")
    ws = WSConnection(ConnectionType.CLIENT)
    conn.sendall(ws.send(Request(host="api.openai.com", target="/v1/realtime?model=gpt-4o-realtime")))
    got: list[str | bytes] = []
    try:
        while True:
            data = conn.recv(65536)
            if not data:
                return got, None
            ws.receive_data(data)
            for event in ws.events():
                if isinstance(event, AcceptConnection) and message is not None:
                    conn.sendall(ws.send(Message(data=message)))
                elif isinstance(event, (TextMessage, BytesMessage)):
                    got.append(event.data)
                elif isinstance(event, CloseConnection):
                    return got, event
    finally:
        conn.close()


@pytest.mark.parametrize("from_client", [True, False], ids=["agent", "upstream"])
def test_a_uniform_message_past_the_budget_is_dropped_closed_with_the_reason_and_recorded(budgeted, from_client):
    up, proxy, records = budgeted
    up.push = not from_client
    got, close = exchange(proxy, UNIFORM if from_client else None)
    assert got == []  # nothing of the upstream's message reached the agent
    assert up.received == []  # nor of the agent's the upstream
    assert close is not None and "stream_cpu_budget" in close.reason, close
    flows = flows_recorded(records)
    assert any("stream_cpu_budget" in (r.get("reason") or "") and r["decision"] == "error" for r in flows), flows
    assert proxy.proc.poll() is None
