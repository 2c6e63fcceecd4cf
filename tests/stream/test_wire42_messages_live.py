"""wire42, live: a WebSocket message holding a value the policy lets through reaches the other side whole, and mitmweb
never shows it: ``/flows/<id>/messages/content/auto.json`` (mitmweb 12.3's message view), ``/flows``, ``/flows/dump``,
the ``/updates`` WebSocket, ``save.file``'s ``.mitm``, the record, the index and the log hold only the mask. An e-mail
in the vendor's realtime answer (the default policy: ``response: pii: allow``), over permessage-deflate; the agent's
message in report mode (an e-mail and a key, sent as they came). Real mitmweb, a real wsproto client and a TLS
WebSocket upstream on loopback."""

from __future__ import annotations

import json
import socket
import ssl

import pytest
import yaml
from wsproto import ConnectionType, WSConnection
from wsproto.events import AcceptConnection, CloseConnection, Message, Request, TextMessage
from wsproto.extensions import PerMessageDeflate

from addons.core.policy import DEFAULT_POLICY_FILE
from tests import fakes
from tests.audit.test_attack36_console_head_live import ConsoleUpdates
from tests.live import harness
from tests.live.console import Console, start_console, wait_until
from tests.live.ws_upstream import WebSocketUpstream

pytestmark = pytest.mark.live

EMAIL = "dana.whitfield@northwind-traders.com"
AKID = fakes.aws_key_id(4202)
ANSWER = [json.dumps({"type": "response.text.delta", "delta": f"write to {EMAIL}"}),
          json.dumps({"type": "response.text.delta", "delta": " and thanks."}),
          json.dumps({"type": "response.text.done", "text": f"write to {EMAIL} and thanks."})]


class Vendor(WebSocketUpstream):
    """Answers each of the agent's messages with the three of ANSWER (permessage-deflate when offered); keeps what
    it received."""

    def __init__(self, ca, pem) -> None:
        self.received: list[str | bytes] = []
        super().__init__(ca, pem)

    def extensions(self) -> list:
        return [PerMessageDeflate()]

    def on_event(self, conn, ws, event) -> bool:
        if isinstance(event, Message):
            self.received.append(event.data)
            for text in ANSWER:
                conn.sendall(ws.send(Message(data=text)))
        elif isinstance(event, CloseConnection):
            conn.sendall(ws.send(event.response()))
            return True
        return False


def session(proxy: harness.Proxy, message: str, path: str, *, deflate: bool) -> list[str]:
    """The agent: one message to api.openai.com through the proxy, the three answers read, the connection closed
    with a close frame (so the flow ends and is recorded). Returns the answers' texts."""
    raw = socket.create_connection(("127.0.0.1", proxy.port), timeout=20)
    raw.sendall(b"CONNECT api.openai.com:443 HTTP/1.1\r\nHost: api.openai.com:443\r\n\r\n")
    assert raw.recv(4096).startswith(b"HTTP/1.1 200")
    conn = ssl.create_default_context(cafile=str(proxy.ca)).wrap_socket(raw, server_hostname="api.openai.com")
    ws = WSConnection(ConnectionType.CLIENT)
    conn.sendall(ws.send(Request(host="api.openai.com", target=path, extensions=[PerMessageDeflate()] if deflate
                                 else [])))
    answers: list[str] = []
    closed = False
    while not closed and (data := conn.recv(65536)):
        ws.receive_data(data)
        for event in ws.events():
            if isinstance(event, AcceptConnection):
                assert bool(event.extensions) == deflate, "permessage-deflate was not as asked"
                conn.sendall(ws.send(Message(data=message)))
            elif isinstance(event, TextMessage):
                answers.append(event.data)
                if len(answers) == len(ANSWER):
                    conn.sendall(ws.send(CloseConnection(code=1000)))
            elif isinstance(event, CloseConnection):
                closed = True
    conn.close()
    return answers


def every_surface(console: Console, updates: ConsoleUpdates, path: str, folder, record) -> tuple[bytes, str]:
    """What mitmweb shows and saves of the WebSocket flow at ``path`` once it has ended (its answers are kept in
    ``console.seen``), and its messages as the message view shows them. Waits for the record."""
    flow = wait_until(lambda: next((f for f in console.flows() if f["request"]["path"] == path
                                    and f.get("websocket") and f["websocket"]["timestamp_end"]), None),
                      f"the WebSocket flow {path} ended")
    messages = console.get(f"/flows/{flow['id']}/messages/content/auto.json")
    assert messages.status_code == 200, messages.text[:300]
    console.get("/flows/dump")
    console.send("POST", "/commands/save.file", {"arguments": ["@all", str(folder / "saved.mitm")]})
    wait_until(lambda: True if any(p.suffix == ".mitm" and p.stat().st_size for p in record.rglob("*")) else None,
               "the record of the WebSocket flow")
    return harness.written(folder), messages.text


def assert_never_shown(values, console: Console, updates: ConsoleUpdates, written: bytes, proxy, record) -> None:
    for value in values:
        for text in (*console.seen, *updates.messages):
            assert value not in text, text[:300]
        assert value.encode() not in written
        assert value.encode() not in harness.written(record)
        assert value not in proxy.log


def policy(folder, mode: str):
    data = yaml.safe_load(DEFAULT_POLICY_FILE.read_text())
    data["mode"] = mode
    path = folder / "policy.yaml"
    path.write_text(yaml.safe_dump(data))
    return path


@pytest.fixture(scope="module")
def vendor(upstream_certs):
    up = Vendor(*upstream_certs)
    yield up
    up.sock.close()


def test_an_allowed_email_in_the_vendors_message_reaches_the_agent_and_no_console_surface_shows_it(
        vendor, tmp_path):
    proxy, console, record = start_console(tmp_path, vendor, policy=policy(tmp_path, "enforce"))
    try:
        updates = ConsoleUpdates(console.port, console.token)
        try:
            path = "/v1/realtime?model=wire42-vendor"
            answers = session(proxy, json.dumps({"type": "response.create"}), path, deflate=True)
            said = "".join(json.loads(a).get("delta", "") for a in answers)
            assert EMAIL in said, answers  # the policy lets it through: the agent reads it whole
            assert EMAIL in json.loads(answers[-1])["text"]
            written, messages = every_surface(console, updates, path, tmp_path, record)
        finally:
            updates.close()
        assert "[MASKED:email-address:" in messages  # the view shows the messages, masked
        assert_never_shown([EMAIL], console, updates, written, proxy, record)
        assert b"[MASKED:email-address:" in harness.written(record)
        index = b"".join(p.read_bytes() for p in record.rglob("*") if p.is_file() and p.suffix != ".mitm")
        assert b'"allow"' in index  # the index notes that the value passed
    finally:
        proxy.stop()
    assert EMAIL not in proxy.log


def test_report_mode_sends_the_agents_message_as_it_came_and_no_console_surface_shows_it(vendor, tmp_path):
    proxy, console, record = start_console(tmp_path, vendor, policy=policy(tmp_path, "report"))
    try:
        updates = ConsoleUpdates(console.port, console.token)
        try:
            path = "/v1/realtime?model=wire42-agent"
            message = json.dumps({"type": "conversation.item.create", "item": {"content": [
                {"type": "input_text", "text": f"mail {EMAIL}, key {AKID}"}]}})
            vendor.received.clear()
            session(proxy, message, path, deflate=False)
            assert vendor.received == [message]  # report mode: byte for byte
            written, messages = every_surface(console, updates, path, tmp_path, record)
        finally:
            updates.close()
        assert "[MASKED:email-address:" in messages and "[MASKED:aws-access-key-id:" in messages
        assert_never_shown([EMAIL, AKID], console, updates, written, proxy, record)
    finally:
        proxy.stop()
    assert EMAIL not in proxy.log and AKID not in proxy.log
