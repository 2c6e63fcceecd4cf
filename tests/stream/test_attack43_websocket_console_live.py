"""attack43, live: the console's WebSocket levers on a guarded realtime session (real mitmweb with the bundle).

`inject.websocket` (the command mitmweb's API runs) sends a message of the console's into a live connection, either
way. mitmproxy 12.3 relays an injected message through the same `websocket_message` hook as a read one (marked
`injected`), so the guard reads it like the agent's or the vendor's: a key and an address the console injects toward
the vendor reach it masked (the default policy masks them in requests); an address injected toward the agent reaches
it whole (`response: pii: allow`) and mitmweb's message view, `/flows/dump`, the record and the log show the mask.
An intercepted message (`intercept=~websocket`) resumed from the console leaves as the bundle let it go (the wire
copy), shown masked. Regression guards: these held when first tried."""

from __future__ import annotations

import json
import socket
import ssl
import threading
import time

import pytest
from wsproto import ConnectionType, WSConnection
from wsproto.events import AcceptConnection, CloseConnection, Message, Request, TextMessage

from tests import fakes
from tests.approval.test_live_abandoned import wait_for_record
from tests.live import harness
from tests.live.console import start_console, wait_until
from tests.live.ws_upstream import WebSocketUpstream

pytestmark = pytest.mark.live

EMAIL = "marta.okonkwo@northwind-traders.com"
AKID = fakes.aws_key_id(4303)
# the vendor's answer: an address at a delta's end is held back by the stream masker until the next message (hold61:
# until four words follow it, as any password-shaped token: a credential word may still make it a password)
ANSWER = [json.dumps({"type": "response.text.delta", "delta": f"mail {EMAIL}"}),
          json.dumps({"type": "response.text.delta", "delta": " please, and thanks a lot."}),
          json.dumps({"type": "response.text.done", "text": f"mail {EMAIL} please, and thanks a lot."})]


def said(got: list[str]) -> str:
    return "".join(json.loads(text).get("delta", "") for text in got)


class Vendor(WebSocketUpstream):
    """Keeps what it receives; answers the agent's first message with ANSWER."""

    def __init__(self, ca, pem) -> None:
        self.received: list[str | bytes] = []
        super().__init__(ca, pem)

    def on_event(self, conn, ws, event) -> bool:
        if isinstance(event, Message):
            self.received.append(event.data)
            if len(self.received) == 1:
                for text in ANSWER:
                    conn.sendall(ws.send(Message(data=text)))
        elif isinstance(event, CloseConnection):
            conn.sendall(ws.send(event.response()))
            return True
        return False


class Agent:
    """The agent's realtime session through the proxy: reads in a thread, keeps every message it gets."""

    def __init__(self, proxy: harness.Proxy, path: str) -> None:
        raw = socket.create_connection(("127.0.0.1", proxy.port), timeout=30)
        raw.sendall(b"CONNECT api.openai.com:443 HTTP/1.1\r\nHost: api.openai.com:443\r\n\r\n")
        assert raw.recv(4096).startswith(b"HTTP/1.1 200")
        self.conn = ssl.create_default_context(cafile=str(proxy.ca)).wrap_socket(raw, server_hostname="api.openai.com")
        self.ws = WSConnection(ConnectionType.CLIENT)
        self.got: list[str] = []
        self.open = threading.Event()
        self.conn.sendall(self.ws.send(Request(host="api.openai.com", target=path)))
        threading.Thread(target=self._read, daemon=True).start()
        assert self.open.wait(30)

    def _read(self) -> None:
        try:
            while data := self.conn.recv(65536):
                self.ws.receive_data(data)
                for event in self.ws.events():
                    if isinstance(event, AcceptConnection):
                        self.open.set()
                    elif isinstance(event, TextMessage):
                        self.got.append(event.data)
                    elif isinstance(event, CloseConnection):
                        return
        except OSError:
            return

    def send(self, text: str) -> None:
        self.conn.sendall(self.ws.send(Message(data=text)))

    def close(self) -> None:
        self.conn.sendall(self.ws.send(CloseConnection(code=1000)))
        time.sleep(0.5)
        self.conn.close()


@pytest.fixture(scope="module")
def vendor(upstream_certs):
    up = Vendor(*upstream_certs)
    yield up
    up.sock.close()


def _never_shown(value: str, console, proxy, folder, record) -> None:
    for text in console.seen:
        assert value not in text, text[:300]
    assert value.encode() not in harness.written(record)
    assert value not in proxy.log
    assert value.encode() not in harness.written(folder / "proxy-conf")


def test_messages_the_console_injects_are_guarded_both_ways(vendor, tmp_path):
    proxy, console, record = start_console(tmp_path, vendor)
    try:
        path = "/v1/realtime?model=attack43-inject"
        agent = Agent(proxy, path)
        agent.send(json.dumps({"type": "response.create"}))
        wait_until(lambda: True if len(agent.got) >= 3 else None, "the vendor's answer")
        assert EMAIL in said(agent.got), agent.got  # allowed toward the agent
        flow = wait_until(lambda: console.flow_with("attack43-inject"), "the flow in the console")
        inject = "/commands/inject.websocket"
        # toward the vendor: a key and an address (request: secret/precise mask, pii mask)
        answer = console.send("POST", inject, {"arguments": ["~u attack43-inject", "false",
                                                             json.dumps({"note": f"{AKID} {EMAIL}"}), "true"]})
        assert "error" not in answer.json(), answer.text
        wait_until(lambda: True if len(vendor.received) >= 2 else None, "the injected message at the vendor")
        assert AKID not in str(vendor.received[-1]) and EMAIL not in str(vendor.received[-1]), vendor.received
        # toward the agent: an address (response: pii allow) arrives whole; a key (response: secret mask) masked
        console.send("POST", inject, {"arguments": ["~u attack43-inject", "true",
                                                    json.dumps({"text": f"to {EMAIL}"}), "true"]})
        console.send("POST", inject, {"arguments": ["~u attack43-inject", "true",
                                                    json.dumps({"text": f"key {AKID}"}), "true"]})
        wait_until(lambda: True if len(agent.got) >= 5 else None, "the injected messages at the agent")
        assert EMAIL in agent.got[3] and AKID not in agent.got[4], agent.got
        messages = console.get(f"/flows/{flow['id']}/messages/content/auto.json")
        assert messages.status_code == 200 and "[MASKED:" in messages.text, messages.text[:500]
        agent.close()
        wait_until(lambda: True if any(p.suffix == ".mitm" and p.stat().st_size for p in record.rglob("*"))
                   else None, "the record")
        console.get("/flows/dump")
        _never_shown(EMAIL, console, proxy, tmp_path, record)
        _never_shown(AKID, console, proxy, tmp_path, record)
    finally:
        proxy.stop()


def test_an_intercepted_message_resumed_from_the_console_leaves_as_the_bundle_let_it_go(vendor, tmp_path):
    proxy, console, record = start_console(tmp_path, vendor, "--set", "intercept=~websocket")
    try:
        path = "/v1/realtime?model=attack43-intercept"
        vendor.received.clear()
        resumed: list[str] = []
        stop = threading.Event()

        def resume_every_held() -> None:  # the console's operator: Resume on whatever is held (handshake, messages)
            while not stop.is_set():
                for f in console.flows():
                    if "attack43-intercept" in f["request"]["path"] and f["intercepted"]:
                        console.send("POST", f"/flows/{f['id']}/resume")
                        resumed.append(f["id"])
                time.sleep(0.2)

        resumer = threading.Thread(target=resume_every_held, daemon=True)
        resumer.start()
        agent = Agent(proxy, path)
        agent.send(json.dumps({"type": "response.create"}))
        wait_until(lambda: True if len(agent.got) >= 3 else None, "the vendor's answer at the agent")
        stop.set()
        resumer.join(timeout=10)
        assert len(resumed) >= 4, resumed  # the messages were held and resumed, not only the handshake
        assert EMAIL in said(agent.got), agent.got  # allowed toward the agent: whole
        flow = console.flow_with("attack43-intercept")
        messages = console.get(f"/flows/{flow['id']}/messages/content/auto.json")
        assert "[MASKED:email-address:" in messages.text, messages.text[:500]
        agent.close()
        wait_until(lambda: True if any(p.suffix == ".mitm" and p.stat().st_size for p in record.rglob("*"))
                   else None, "the record")
        _never_shown(EMAIL, console, proxy, tmp_path, record)
    finally:
        proxy.stop()


def test_a_session_killed_from_the_console_relays_nothing_after(vendor, tmp_path):
    """mitmweb's Kill of a live WebSocket flow (between messages): `flow.kill()` only marks it (mitmproxy#4711) and
    every exitguard hook skips a flow that is not live; the agent's next message, holding a key, must not reach the
    vendor as written."""
    proxy, console, record = start_console(tmp_path, vendor)
    try:
        path = "/v1/realtime?model=attack43-kill"
        vendor.received.clear()
        agent = Agent(proxy, path)
        agent.send(json.dumps({"type": "response.create"}))
        wait_until(lambda: True if len(agent.got) >= 3 else None, "the vendor's answer")
        flow = wait_until(lambda: console.flow_with("attack43-kill"), "the flow in the console")
        assert console.send("POST", f"/flows/{flow['id']}/kill").status_code == 200
        try:
            agent.send(json.dumps({"note": f"key {AKID}"}))
        except OSError:
            pass  # the proxy closed the connection: nothing more goes
        time.sleep(2)
        assert all(AKID not in str(m) for m in vendor.received), vendor.received  # held: not relayed at all
        assert vendor.received == ['{"type": "response.create"}'], vendor.received
        recorded = wait_for_record(record, lambda r: r.get("event") == "flow" and "/v1/realtime" in str(r.get("path")))
        assert recorded["status"] == 101, recorded
        _never_shown(AKID, console, proxy, tmp_path, record)
    finally:
        proxy.stop()
