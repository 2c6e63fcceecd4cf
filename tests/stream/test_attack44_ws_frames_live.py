"""attack44, live: WebSocket frames the agent sends in one TCP write (real mitmdump with the bundle, the realtime
path of a guarded vendor): an allowed message then one holding a key in the same batch; a key split over
continuation frames; a ping between the fragments; each again over permessage-deflate. mitmproxy (wsproto)
joins the fragments into one message before the `websocket_message` hook and relays a control frame between them
at once; the key must never reach the upstream, and the ordinary message must."""

from __future__ import annotations

import socket
import ssl
import time

import pytest
from wsproto import ConnectionType, WSConnection
from wsproto.events import AcceptConnection, CloseConnection, Message, Ping, Request, TextMessage
from wsproto.extensions import PerMessageDeflate

from tests import fakes
from tests.live import harness
from tests.live.ws_upstream import WebSocketUpstream
from tests.stream.test_live_blind_spots import record_bytes

pytestmark = pytest.mark.live

AKID = fakes.aws_key_id(144)
PAT = fakes.github_pat(144)


class FrameUpstream(WebSocketUpstream):
    """Logs each message as the upstream's wsproto joins it (text pieces until message_finished) and each ping."""

    def __init__(self, ca, pem, deflate: bool) -> None:
        self.deflate, self.messages, self.pings, self.piece = deflate, [], [], ""
        super().__init__(ca, pem)

    def extensions(self) -> list:
        return [PerMessageDeflate()] if self.deflate else []

    def on_event(self, conn, ws, event) -> bool:
        if isinstance(event, TextMessage):
            self.piece += event.data
            if event.message_finished:
                self.messages.append(self.piece)
                self.piece = ""
                conn.sendall(ws.send(Message(data="ok")))
        elif isinstance(event, Ping):
            self.pings.append(bytes(event.payload))
            conn.sendall(ws.send(event.response()))
        elif isinstance(event, CloseConnection):
            if ws.state.name != "CLOSED":
                conn.sendall(ws.send(event.response()))
            return True
        return False


@pytest.fixture(params=[False, True], ids=["plain", "deflate"])
def ws_up(request, tmp_path, upstream_certs):
    up = FrameUpstream(*upstream_certs, deflate=request.param)
    p = harness.start_proxy(tmp_path, up, "--set", f"exitguard_record_dir={tmp_path / 'records'}")
    yield up, p, tmp_path / "records", request.param
    p.stop()
    up.sock.close()


def connect(proxy, deflate: bool) -> tuple[ssl.SSLSocket, WSConnection]:
    raw = socket.create_connection(("127.0.0.1", proxy.port), timeout=10)
    raw.sendall(b"CONNECT api.openai.com:443 HTTP/1.1\r\nHost: api.openai.com:443\r\n\r\n")
    assert raw.recv(4096).startswith(b"HTTP/1.1 200")
    conn = ssl.create_default_context(cafile=str(proxy.ca)).wrap_socket(raw, server_hostname="api.openai.com")
    ws = WSConnection(ConnectionType.CLIENT)
    conn.sendall(ws.send(Request(host="api.openai.com", target="/v1/realtime?model=gpt-4o-realtime",
                                 extensions=[PerMessageDeflate()] if deflate else [])))
    accepted = False
    while not accepted:
        ws.receive_data(conn.recv(65536))
        accepted = any(isinstance(e, AcceptConnection) for e in ws.events())
    return conn, ws


def send_batch(up, proxy, deflate: bool, ping_between: bool) -> str:
    conn, ws = connect(proxy, deflate)
    frames = [Message(data="hello there, allowed. "), Message(data=f"and the key {AKID} now. "),
              Message(data="split key ghp_", message_finished=False),  # the key over three frames
              Message(data=PAT[4:20], message_finished=False), Message(data=PAT[20:] + " done. "),
              Message(data="last ordinary message. ")]
    if ping_between:
        frames.insert(3, Ping(payload=b"between fragments"))  # a control frame between them (RFC 6455 5.4)
    conn.sendall(b"".join(ws.send(frame) for frame in frames))  # one TCP write: every frame at once
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and len(up.messages) < 4 and not (deflate and ping_between and up.pings):
        time.sleep(0.1)
    time.sleep(0.5)  # anything still in flight
    conn.sendall(ws.send(CloseConnection(code=1000)))
    conn.close()
    return "\n".join(up.messages)


def assert_no_key(up, proxy, records, got: str) -> None:
    assert AKID not in got and PAT not in got and PAT[4:20] not in got, up.messages
    proxy.stop()
    written = record_bytes(records) + proxy.log.encode()
    assert AKID.encode() not in written and PAT.encode() not in written


def test_an_allowed_message_a_key_and_a_fragmented_key_in_one_write(ws_up):
    up, proxy, records, deflate = ws_up
    got = send_batch(up, proxy, deflate, ping_between=False)
    assert "hello there, allowed." in got and "last ordinary message." in got, up.messages
    assert "split key [MASKED" in got, up.messages  # the fragments joined, then masked
    assert_no_key(up, proxy, records, got)


def test_a_ping_between_the_fragments_of_a_key(ws_up):
    """Plain: the ping goes on at once and the message, joined, is masked. permessage-deflate: wsproto (mitmproxy's
    and this client's, 1.3.2) cannot decode compressed fragments around a control frame and closes the connection:
    nothing after the ping goes on (fail closed; a client that pings mid-message is cut off: wsproto's)."""
    up, proxy, records, deflate = ws_up
    got = send_batch(up, proxy, deflate, ping_between=True)
    assert up.pings == [b"between fragments"] and "hello there, allowed." in got, up.messages
    if deflate:
        assert "last ordinary message." not in got, up.messages
    else:
        assert "last ordinary message." in got and "split key [MASKED" in got, up.messages
    assert_no_key(up, proxy, records, got)
