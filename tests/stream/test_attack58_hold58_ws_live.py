"""attack58 on hold58, live: a value before its word whose word comes in the next WebSocket message, through a real
mitmdump with a wsproto client and a TLS WebSocket upstream, in the three places. The vendor streams its answer as
Gemini Live does (`serverContent.modelTurn` chunks: JSON with no `.delta` type, so hold58 takes each chunk for a unit
of text whose end settles the verdict), the agent writes German plain text over two messages.

What must hold on main (the opt-in rule loaded beside the shipped rules) and after hold58 alike: every byte the proxy
wrote (the record folder: `.mitm` and index; its log) holds neither password, and a password that reached either
side is noted in the audit index's coverage. What hold58 gives up (EVASION.md, attack58 rows): the client and the
upstream get the password (strict xfails once the rule is shipped)."""

from __future__ import annotations

import json
import shutil
import socket
import ssl

import pytest
from mitmproxy import io
from wsproto import ConnectionType, WSConnection
from wsproto.events import AcceptConnection, CloseConnection, Message, Request, TextMessage

from addons.audit import index as auditlog
from addons.cli.audit import check_flows
from addons.core import runtime
from addons.detect.scanner import default_rules_dir
from tests.live import harness
from tests.live.ws_upstream import WebSocketUpstream
from tests.stream.test_attack58_hold58_spared import AFTER_HOLD58, RULE, RULE_SHIPPED

pytestmark = pytest.mark.live

VENDOR_TOKEN, AGENT_TOKEN = "Kx7q2mz9", "Tarla58#xy"
CHUNKS = [f"Sure: {VENDOR_TOKEN} ", "ist das Passwort für den Router. ", "Anything else? "]
AGENT = [f"Mein Router: {AGENT_TOKEN} ist", " das Passwort für den Router. ", "Danke. "]


def _chunk(text: str) -> str:
    return json.dumps({"serverContent": {"modelTurn": {"parts": [{"text": text}]}}})


class GeminiLikeUpstream(WebSocketUpstream):
    """Answers the first text message with the chunks of a model turn and its turnComplete; records what it gets."""

    def __init__(self, ca, pem) -> None:
        self.received: list[str] = []
        super().__init__(ca, pem)

    def on_event(self, conn, ws, event) -> bool:
        if isinstance(event, TextMessage):
            self.received.append(event.data)
            if len(self.received) == 1:
                for text in CHUNKS:
                    conn.sendall(ws.send(Message(data=_chunk(text))))
                conn.sendall(ws.send(Message(data=json.dumps({"serverContent": {"turnComplete": True}}))))
        elif isinstance(event, CloseConnection):
            conn.sendall(ws.send(event.response()))
            return True
        return False


def _session(proxy: harness.Proxy) -> list[str]:
    """The agent's three messages (the vendor's turn answered after the first); the texts the client got."""
    raw = socket.create_connection(("127.0.0.1", proxy.port), timeout=20)
    raw.sendall(b"CONNECT generativelanguage.googleapis.com:443 HTTP/1.1\r\n"
                b"Host: generativelanguage.googleapis.com:443\r\n\r\n")
    assert raw.recv(4096).startswith(b"HTTP/1.1 200")
    conn = ssl.create_default_context(cafile=str(proxy.ca)).wrap_socket(
        raw, server_hostname="generativelanguage.googleapis.com")
    ws = WSConnection(ConnectionType.CLIENT)
    conn.sendall(ws.send(Request(host="generativelanguage.googleapis.com", target="/ws/live")))
    got: list[str] = []
    pending, closed = list(AGENT), False
    while not closed:
        try:
            data = conn.recv(65536)
        except TimeoutError:
            break
        if not data:
            break
        ws.receive_data(data)
        for event in ws.events():
            if isinstance(event, AcceptConnection):
                conn.sendall(ws.send(Message(data=pending.pop(0))))
            elif isinstance(event, TextMessage):
                got.append(event.data)
                if '"turnComplete"' in event.data or len(got) == len(CHUNKS) + 1:
                    for text in pending:
                        conn.sendall(ws.send(Message(data=text)))
                    pending = []
                    conn.sendall(ws.send(CloseConnection(code=1000)))
            elif isinstance(event, CloseConnection):
                closed = True
    conn.close()
    return got


@pytest.fixture(scope="module")
def session(tmp_path_factory, upstream_certs):
    folder = tmp_path_factory.mktemp("attack58-ws")
    extra: list[str] = []
    if not RULE_SHIPPED:  # main: the opt-in file in a rules folder of its own beside copies of the shipped packs
        rules = folder / "rules"
        shutil.copytree(default_rules_dir(), rules, ignore=shutil.ignore_patterns("opt-in"))
        shutil.copy(default_rules_dir() / "opt-in" / "value-first.yaml", rules / "value-first.yaml")
        extra = ["--set", f"exitguard_rules={rules}"]
    up = GeminiLikeUpstream(*upstream_certs)
    records = folder / "records"
    proxy = harness.start_proxy(folder, up, "--set", f"exitguard_record_dir={records}", *extra)
    try:
        got = _session(proxy)
    finally:
        assert proxy.stop() == 0
        up.sock.close()
    index = [json.loads(line) for f in sorted(records.glob("audit-*.jsonl")) for line in f.read_text().splitlines()]
    return {"client": got, "upstream": list(up.received), "written": harness.written(records) + proxy.log.encode(),
            "index": index, "records": records}


def test_both_sentences_are_passwords_as_a_whole(tmp_path):
    built = runtime.build(None, [] if RULE_SHIPPED else [str(default_rules_dir()), str(default_rules_dir() / "opt-in"
                                                                                        / "value-first.yaml")],
                          tmp_path / "key")
    assert VENDOR_TOKEN not in built.inspector.inspect_text("".join(CHUNKS), "response", "t").text
    assert AGENT_TOKEN not in built.inspector.inspect_text("".join(AGENT), "request", "t").text


def test_the_session_ran_and_nothing_the_proxy_wrote_holds_either_password(session):
    assert len(session["upstream"]) == len(AGENT), session["upstream"]  # every message went on
    assert len(session["client"]) == len(CHUNKS) + 1, session["client"]
    for token in (VENDOR_TOKEN, AGENT_TOKEN):
        assert token.encode() not in session["written"]
        assert json.dumps(token)[1:-1].encode() not in session["written"]


def test_the_record_loads_in_mitmproxy_and_the_index_verifies(session):
    """rec56 writes `.mitm` records with its own encoder: a WebSocket flow whose messages a split value kept out of
    the record still loads in mitmproxy (FlowReader) and the index and records verify as `exitguard audit verify`
    checks them."""
    records = session["records"]
    files = auditlog.index_files(records)
    assert files and auditlog.verify(files) == [] and auditlog.check_recordings(records, files) == []
    assert check_flows(records, files) == []
    flows = [f for mitm in sorted(records.glob("*.mitm")) for f in io.FlowReader(mitm.open("rb")).stream()]
    (ws,) = [f for f in flows if f.websocket is not None]  # the session's one WebSocket flow, its messages kept
    assert ws.websocket is not None and len(ws.websocket.messages) == len(AGENT) + len(CHUNKS) + 1


def test_a_password_that_left_is_noted_in_the_audit_index(session):
    left = [(d, t) for d, t, seen in (("response", VENDOR_TOKEN, "".join(session["client"])),
                                      ("request", AGENT_TOKEN, "".join(session["upstream"]))) if t in seen]
    notes = [c for record in session["index"] for c in record.get("coverage", [])]
    for direction, _ in left:
        assert any(c.get("direction") == direction and RULE in c.get("reason", "") for c in notes), (direction, notes)


@AFTER_HOLD58
def test_the_client_does_not_get_the_vendors_password(session):
    assert VENDOR_TOKEN not in "".join(session["client"])


@AFTER_HOLD58
def test_the_upstream_does_not_get_the_agents_password(session):
    assert AGENT_TOKEN not in "".join(session["upstream"])
