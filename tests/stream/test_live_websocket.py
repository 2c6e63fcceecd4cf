"""WebSocket messages to a guarded host through the real proxy: a local TLS WebSocket upstream (wsproto) that
sends a secret and records what it receives, and a wsproto client going through the proxy's CONNECT."""

from __future__ import annotations

import json
import socket
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from wsproto import ConnectionType, WSConnection
from wsproto.events import AcceptConnection, BytesMessage, CloseConnection, Message, Request, TextMessage
from wsproto.extensions import PerMessageDeflate

from tests import fakes
from tests.live import harness
from tests.live.ws_upstream import WebSocketUpstream

pytestmark = pytest.mark.live

PAT = fakes.github_pat(41)
AKID = fakes.aws_key_id(42)


class WSUpstream(WebSocketUpstream):
    """Answers every text message with one that carries a secret; records what it receives."""

    def __init__(self, ca, pem) -> None:
        self.received: list[str | bytes] = []
        super().__init__(ca, pem)

    def on_event(self, conn, ws, event) -> bool:
        if isinstance(event, TextMessage):
            self.received.append(event.data)
            reply = json.dumps({"type": "response.text.delta", "delta": f"your key is {AKID} ok"})
            conn.sendall(ws.send(Message(data=reply)))
        elif isinstance(event, BytesMessage):
            self.received.append(event.data)
            conn.sendall(ws.send(Message(data=b"\x00binary reply")))
        elif isinstance(event, CloseConnection):
            conn.sendall(ws.send(event.response()))
            return True
        return False


@contextmanager
def recording_proxy(folder, upstream: WSUpstream) -> Iterator[tuple[WSUpstream, harness.Proxy, Path]]:
    """A proxy recording into ``folder / "records"`` in front of ``upstream``: (upstream, proxy, record folder)."""
    records = folder / "records"
    proxy = harness.start_proxy(folder, upstream, "--set", f"exitguard_record_dir={records}")
    try:
        yield upstream, proxy, records
    finally:
        proxy.stop()
        upstream.sock.close()


def client_roundtrip(proxy: harness.Proxy, messages: list[str | bytes], deflate: bool = False) -> list:
    """CONNECT through the proxy, TLS with the proxy's CA, WebSocket handshake, send, read one reply each.
    ``deflate``: offer permessage-deflate (each message compressed on the wire) and require it."""
    raw = socket.create_connection(("127.0.0.1", proxy.port), timeout=10)
    raw.sendall(b"CONNECT api.openai.com:443 HTTP/1.1\r\nHost: api.openai.com:443\r\n\r\n")
    assert raw.recv(4096).startswith(b"HTTP/1.1 200")
    ctx = ssl.create_default_context(cafile=str(proxy.ca))
    conn = ctx.wrap_socket(raw, server_hostname="api.openai.com")
    ws = WSConnection(ConnectionType.CLIENT)
    conn.sendall(ws.send(Request(host="api.openai.com", target="/v1/realtime?model=gpt-4o-realtime",
                                 extensions=[PerMessageDeflate()] if deflate else [])))
    replies: list = []
    pending = list(messages)
    accepted = False
    while len(replies) < len(messages):
        data = conn.recv(65536)
        if not data:
            break
        ws.receive_data(data)
        for event in ws.events():
            if isinstance(event, AcceptConnection):
                accepted = True
                assert event.extensions or not deflate, "permessage-deflate was not negotiated"
            elif isinstance(event, (TextMessage, BytesMessage)):
                replies.append(event.data)
            elif isinstance(event, CloseConnection):
                replies.append("closed")
        if accepted and pending:
            conn.sendall(ws.send(Message(data=pending.pop(0))))
    conn.close()
    return replies


@pytest.fixture(scope="module")
def ws_proxy(tmp_path_factory, upstream_certs):
    up = WSUpstream(*upstream_certs)
    p = harness.start_proxy(tmp_path_factory.mktemp("ws"), up)
    yield up, p
    p.stop()
    up.sock.close()


def test_text_messages_are_masked_both_ways(ws_proxy):
    up, proxy = ws_proxy
    up.received.clear()
    event = json.dumps({"type": "conversation.item.create",
                        "item": {"content": [{"type": "input_text", "text": f"use {PAT} please"}]}})
    replies = client_roundtrip(proxy, [event, b"\x01\x02 binary frame"])
    assert len(up.received) == 2 and PAT not in up.received[0]
    assert json.loads(up.received[0])["item"]["content"][0]["text"].startswith("use [MASKED:github-pat-classic:")
    assert up.received[1] == b"\x01\x02 binary frame"  # binary: passed, recorded as not inspected
    assert AKID not in replies[0] and "[MASKED:aws-access-key-id:" in json.loads(replies[0])["delta"]
    assert replies[1] == b"\x00binary reply"


def test_an_encoded_key_in_an_agents_message_never_reaches_the_upstream(ws_proxy):
    """attack16: base64 / hex of a key in a realtime message went upstream as written (the POST of the same text was
    masked). Failed before with every spelling at the upstream."""
    import base64

    up, proxy = ws_proxy
    up.received.clear()
    spelled = [base64.b64encode(f"token={PAT}".encode()).decode(), PAT.encode().hex(),
               base64.b64encode(AKID.encode()).decode()]
    events = [json.dumps({"type": "conversation.item.create",
                          "item": {"content": [{"type": "input_text", "text": f"decode {s} please"}]}})
              for s in spelled]
    client_roundtrip(proxy, events)
    assert len(up.received) == len(spelled)
    for s, got in zip(spelled, up.received, strict=True):
        assert isinstance(got, str) and s not in got and PAT not in got and AKID not in got, got
        assert "[MASKED:" in json.loads(got)["item"]["content"][0]["text"]
