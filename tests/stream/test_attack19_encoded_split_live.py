"""Live (attack19): base64 of a key split over two WebSocket messages, both ways, through a real mitmdump with the
bundle and the shipped rules (a raw TLS socket and wsproto as the agent, a WebSocket upstream as the guarded host).
Before, each message's half of the run decoded to noise and both halves went out as written: the upstream and the
agent could join them. Checked: what the upstream received, what the client received, and every byte the proxy
wrote (the .mitm record, the audit index, the log)."""

from __future__ import annotations

import base64
import json

import pytest
from wsproto.events import CloseConnection, Message, TextMessage

from tests import fakes
from tests.live import harness
from tests.live.ws_upstream import WebSocketUpstream
from tests.stream.test_attack19_encoded_split import exposed
from tests.stream.test_live_websocket import client_roundtrip

pytestmark = pytest.mark.live

AKID = fakes.aws_key_id(42)
SPELLED = base64.b64encode(f"aws_access_key_id={AKID} for the deploy job".encode()).decode()
CUT = 27  # inside the key's bytes
HALVES = (SPELLED[:CUT], SPELLED[CUT:])


class SplitReplies(WebSocketUpstream):
    """Answers the n-th text message with the n-th half of the key's base64; records what it receives."""

    def __init__(self, ca, pem) -> None:
        self.received: list[str | bytes] = []
        super().__init__(ca, pem)

    def on_event(self, conn, ws, event) -> bool:
        if isinstance(event, TextMessage):
            half = HALVES[len(self.received) % 2]
            self.received.append(event.data)
            conn.sendall(ws.send(Message(data=json.dumps({"type": "response.text.delta", "delta": half}))))
        elif isinstance(event, CloseConnection):
            conn.sendall(ws.send(event.response()))
            return True
        return False


def _delta_text(message) -> str:
    return json.loads(message)["delta"] if isinstance(message, str) and message.startswith("{") else ""


def test_a_keys_base64_split_over_two_messages_reaches_neither_side_nor_any_record(tmp_path, upstream_certs):
    up = SplitReplies(*upstream_certs)
    proxy = harness.start_proxy(tmp_path, up, "--set", f"exitguard_record_dir={tmp_path / 'rec'}")
    try:
        events = [json.dumps({"type": "response.text.delta", "delta": f"keep this: {HALVES[0]}"}),
                  json.dumps({"type": "response.text.delta", "delta": f"{HALVES[1]} thanks."})]
        replies = client_roundtrip(proxy, events)
        to_upstream = "".join(_delta_text(m) for m in up.received)
        to_client = "".join(_delta_text(m) for m in replies)
        assert exposed("keep this: " + SPELLED, AKID)  # the check reads the spelling
        assert not exposed(to_upstream, AKID), up.received
        assert not exposed(to_client, AKID), replies
        assert HALVES[1][:12] not in to_upstream and HALVES[1][:12] not in to_client
        assert proxy.stop() == 0
        written = harness.written(tmp_path / "rec")
        written_text = written.decode("latin-1") + proxy.log
        assert not exposed(written_text, AKID)
        assert [h[:12] for h in HALVES if h[:12] in written_text] == []
    finally:
        proxy.stop()
        up.sock.close()
