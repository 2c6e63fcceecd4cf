"""Attack (attack9, time of check / time of use): a WebSocket is checked when it opens (proxy credentials, host
class, the policy in force) and by the message that breaks a rule; an agent keeps the connection and goes on
sending after that moment. Through a real mitmdump, a wsproto client and upstream:

- a message blocked on a guarded host "ends the connection" (`Streaming.websocket_message` kills the flow), but
  mitmproxy 12.3 does not end a killed WebSocket (mitmproxy#4711): the next message, on a flow no longer live,
  was relayed unscanned (the raw key reached the upstream), and the flow was never recorded;
- the proxy token revoked while the WebSocket stays open: its messages still went out under the old identity;
- the policy made stricter (enforce after report, the host denied) while it stays open: its messages followed
  the policy it opened under.
Each now ends the connection with a close frame (1008) before the message leaves, and the record says why.
"""

from __future__ import annotations

import base64
import json
import socket
import ssl
import time
from pathlib import Path

import pytest
import yaml
from wsproto import ConnectionType, WSConnection
from wsproto.events import AcceptConnection, CloseConnection, Message, Request, TextMessage

from addons.cli import main as cli
from addons.core.policy import DEFAULT_POLICY_FILE
from addons.identity.identity import TOKEN_FILE_CHECK_INTERVAL
from addons.identity.tokens import TokenStore
from tests import fakes
from tests.live import harness
from tests.live.ws_upstream import WebSocketUpstream
from tests.stream.test_live_blind_spots import record_bytes

pytestmark = pytest.mark.live

KEY = fakes.aws_key_id(91)
RELOAD_TIMEOUT = 30  # the policy watcher looks every ~2 s; a loaded machine is slower


class EchoUpstream(WebSocketUpstream):
    """Logs every text message it gets and answers "ok"."""

    def __init__(self, ca, pem) -> None:
        self.got: list[str] = []
        super().__init__(ca, pem)

    def on_event(self, conn, ws, event) -> bool:
        if isinstance(event, TextMessage):
            self.got.append(event.data)
            conn.sendall(ws.send(Message(data="ok")))
        elif isinstance(event, CloseConnection):
            if ws.state.name != "CLOSED":
                conn.sendall(ws.send(event.response()))
            return True
        return False


class Client:
    def __init__(self, proxy: harness.Proxy, credentials: str | None = None) -> None:
        raw = socket.create_connection(("127.0.0.1", proxy.port), timeout=10)
        auth = (b"Proxy-Authorization: Basic " + base64.b64encode(credentials.encode()) + b"\r\n"
                if credentials else b"")
        raw.sendall(b"CONNECT api.openai.com:443 HTTP/1.1\r\nHost: api.openai.com:443\r\n" + auth + b"\r\n")
        assert raw.recv(4096).startswith(b"HTTP/1.1 200")
        self.conn = ssl.create_default_context(cafile=str(proxy.ca)).wrap_socket(raw, server_hostname="api.openai.com")
        self.ws = WSConnection(ConnectionType.CLIENT)
        self.conn.sendall(self.ws.send(Request(host="api.openai.com", target="/v1/realtime?model=gpt-4o-realtime")))
        assert any(isinstance(e, AcceptConnection) for e in self.read())

    def send(self, text: str) -> list:
        """Send one message; the events that follow (an answer, a close, or the end of the connection)."""
        try:
            self.conn.sendall(self.ws.send(Message(data=text)))
        except (OSError, ssl.SSLError, Exception) as e:  # wsproto refuses to send on a closed connection
            return [f"send failed: {type(e).__name__}"]
        return self.read()

    def read(self, timeout: float = 30) -> list:  # every caller waits for an answer or a close: 5 s ran out under load
        events: list = []
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.conn.settimeout(max(0.1, deadline - time.monotonic()))
            try:
                data = self.conn.recv(65536)
            except TimeoutError:
                break
            except (OSError, ssl.SSLError):
                events.append("eof")
                break
            if not data:
                events.append("eof")
                break
            self.ws.receive_data(data)
            for event in self.ws.events():
                events.append(event)
            if any(isinstance(e, (AcceptConnection, TextMessage, CloseConnection)) for e in events):
                break
        return events


def closed(events: list) -> CloseConnection | None:
    return next((e for e in events if isinstance(e, CloseConnection)), None)


def index_records(folder: Path) -> list[dict]:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        lines = [json.loads(line) for f in sorted(folder.glob("*.jsonl")) for line in f.read_text().splitlines()]
        flows = [r for r in lines if r.get("event") == "flow" and (r.get("path") or "").startswith("/v1/realtime")]
        if flows:
            return flows
        time.sleep(0.1)
    return []


def wait_for_log(proxy: harness.Proxy, needle: str, after: int) -> None:
    """Until the proxy says `needle` in what it logged after `after` characters (a policy reload is in force once
    logged: it is installed before the line). Waited on, not slept: a fixed 4 s was most of each test's time, and
    under load it could still be too short."""
    deadline = time.monotonic() + RELOAD_TIMEOUT
    while needle not in proxy.log[after:]:
        assert time.monotonic() < deadline, f"the proxy never said {needle!r}: {proxy.log[-2000:]}"
        time.sleep(0.05)


def write_policy(path: Path, **changes) -> None:
    policy = yaml.safe_load(DEFAULT_POLICY_FILE.read_text())
    policy.update(changes)
    path.write_text(yaml.safe_dump(policy))


@pytest.fixture
def ws_up(upstream_certs):
    up = EchoUpstream(*upstream_certs)
    yield up
    up.sock.close()


def start(tmp_path: Path, up: EchoUpstream, *extra: str) -> harness.Proxy:
    return harness.start_proxy(tmp_path, up, "--set", f"exitguard_record_dir={tmp_path / 'records'}", *extra)


def test_after_a_blocked_message_the_connection_ends_and_the_next_message_never_leaves(tmp_path, ws_up):
    write_policy(tmp_path / "policy.yaml", actions={"request": {"secret/precise": "block", "secret/generic": "mask",
                                                                "pii": "mask", "public": "allow"},
                                                    "response": {"secret": "mask", "pii": "allow"}})
    proxy = start(tmp_path, ws_up, "--set", f"exitguard_policy={tmp_path / 'policy.yaml'}")
    try:
        client = Client(proxy)
        assert any(isinstance(e, TextMessage) for e in client.send("hello there. "))
        blocked = client.send(f"my key {KEY} here. ")
        later = client.send(f"again {KEY} there. ")
        time.sleep(0.5)
        assert not any(KEY in got for got in ws_up.got), "a key reached the upstream after the block"
        assert ws_up.got == ["hello there. "]
        close = closed(blocked + later)
        assert close is not None and close.code == 1008, blocked + later
        records = index_records(tmp_path / "records")
        assert records and records[-1]["decision"] == "block", records
        assert KEY.encode() not in record_bytes(tmp_path / "records")
    finally:
        proxy.stop()


def test_a_token_revoked_while_the_websocket_is_open_stops_its_next_message(tmp_path, ws_up):
    tokens = tmp_path / "tokens.json"
    store = TokenStore(tokens)
    token = store.add("agent", ["platform"])
    store.save()
    proxy = start(tmp_path, ws_up, "--set", "exitguard_auth=required", "--set", f"exitguard_tokens_file={tokens}")
    try:
        client = Client(proxy, f"agent:{token}")
        assert any(isinstance(e, TextMessage) for e in client.send("hello there. "))
        assert cli.main(["token", "--file", str(tokens), "revoke", "agent"]) == 0
        # The proxy looks at the token file when a message or request comes, at most once a second (it looked for
        # "hello" above): past that second, the next message reads the revoke (a sleep of 2.5 s before).
        time.sleep(TOKEN_FILE_CHECK_INTERVAL + 0.25)
        events = client.send("after the revoke. ")
        time.sleep(0.5)
        assert ws_up.got == ["hello there. "], "a message went out under a revoked token"
        close = closed(events)
        assert close is not None and close.code == 1008 and "revoked" in (close.reason or ""), events
        records = index_records(tmp_path / "records")
        assert records and records[-1]["decision"] == "deny", records
        assert "revoked" in records[-1]["reason"]
        assert token.encode() not in record_bytes(tmp_path / "records")
    finally:
        proxy.stop()


@pytest.mark.parametrize(("opened_under", "stricter"), [
    ({"mode": "report"}, {"mode": "enforce"}),  # nothing was masked; an incident, the operator enforces
    ({}, {"deny_hosts": ["api.openai.com"]}),  # the host is denied now
])
def test_a_stricter_policy_applies_to_a_websocket_opened_before_it(tmp_path, ws_up, opened_under, stricter):
    policy = tmp_path / "policy.yaml"
    write_policy(policy, **opened_under)
    proxy = start(tmp_path, ws_up, "--set", f"exitguard_policy={policy}")
    try:
        client = Client(proxy)
        assert any(isinstance(e, TextMessage) for e in client.send("hello there. "))
        mark = len(proxy.log)
        write_policy(policy, **{**opened_under, **stricter})
        wait_for_log(proxy, "reloaded policy", mark)
        events = client.send(f"my key {KEY} here. ")
        time.sleep(0.5)
        assert ws_up.got == ["hello there. "], "a message went out under the policy the socket opened with"
        close = closed(events)
        assert close is not None and close.code == 1008 and "policy" in (close.reason or ""), events
        records = index_records(tmp_path / "records")
        assert records and "policy" in (records[-1]["reason"] or ""), records
        assert KEY.encode() not in record_bytes(tmp_path / "records")
    finally:
        proxy.stop()
