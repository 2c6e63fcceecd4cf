"""A second local TLS upstream for protocol abuse: logs the raw bytes it receives and answers by a script
(a plain HTTP reply, a WebSocket echo, a reset mid-stream). The shared harness upstream parses HTTP/1.1
only; these cases need to see bytes that are not HTTP, or to misbehave below HTTP.

`start_proxy_to` starts a proxy whose route addon sends every upstream connection there.
"""

from __future__ import annotations

import contextlib
import json
import re
import socket
import ssl
import struct
import threading
import time
from collections.abc import Callable
from pathlib import Path

# What the openai SDK accepts as an answer, so `live_support.sdk_still_served` works against this upstream too.
CHAT_COMPLETION = {"id": "chatcmpl-raw", "object": "chat.completion", "created": 1, "model": "gpt-test",
                   "choices": [{"index": 0, "finish_reason": "stop",
                                "message": {"role": "assistant", "content": "ok"}}]}

Script = Callable[[ssl.SSLSocket, bytes, "RawUpstream"], None]


def read_request(conn: ssl.SSLSocket, first: bytes, server: RawUpstream) -> tuple[bytes, bytes] | None:
    """One request head and its content-length body (None if the peer went away first)."""
    data = first
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        data += chunk
        server.log(chunk)
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip() or 0)
    while len(body) < length:
        chunk = conn.recv(65536)
        if not chunk:
            break
        body += chunk
        server.log(chunk)
    return head, body


def http_ok(conn: ssl.SSLSocket, first: bytes, server: RawUpstream) -> None:
    """Answer one request with a chat completion."""
    if read_request(conn, first, server) is None:
        return
    body = json.dumps(CHAT_COMPLETION).encode()
    conn.sendall(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: %d\r\n"
                 b"connection: close\r\n\r\n%s" % (len(body), body))


def sse_then_reset(events_for: Callable[[bytes], bytes]) -> Script:
    """Answer a streaming request with SSE headers and `events_for(request body)`, then reset the TCP
    connection (RST, not FIN). Other requests (the liveness check) get `http_ok`'s answer."""

    def script(conn: ssl.SSLSocket, first: bytes, server: RawUpstream) -> None:
        request = read_request(conn, first, server)
        if request is None:
            return
        if not re.search(rb'"stream":\s*true', request[1]):
            body = json.dumps(CHAT_COMPLETION).encode()
            conn.sendall(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: %d\r\n"
                         b"connection: close\r\n\r\n%s" % (len(body), body))
            return
        events = events_for(request[1])
        conn.sendall(b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n"
                     + b"%x\r\n%s\r\n" % (len(events), events))
        time.sleep(0.5)  # let the proxy read it: a reset discards data the peer has not read yet
        # Linger 0: close() sends a TCP RST, no TLS close_notify, no terminating chunk.
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        conn.close()

    return script


def websocket_echo(conn: ssl.SSLSocket, first: bytes, server: RawUpstream) -> None:
    """Accept a WebSocket upgrade and echo every message; text messages are logged (decoded)."""
    from wsproto import ConnectionType, WSConnection
    from wsproto.events import AcceptConnection, BytesMessage, CloseConnection, Ping, Request, TextMessage

    if b"upgrade: websocket" not in first.lower():
        return http_ok(conn, first, server)  # the SDK liveness check
    # Idle while the proxy relays its echoes: the flood's client sends again only once it has all 2,000, and a loaded
    # proxy took more than the 20 s default to relay them (the upstream then hung up, and the test failed).
    conn.settimeout(200)
    ws = WSConnection(ConnectionType.SERVER)
    ws.receive_data(first)
    text = ""
    while True:
        for event in ws.events():
            if isinstance(event, Request):
                conn.sendall(ws.send(AcceptConnection()))
            elif isinstance(event, TextMessage):
                text += event.data
                if event.message_finished:
                    server.messages.append(text)
                    conn.sendall(ws.send(TextMessage(data=text)))
                    text = ""
            elif isinstance(event, BytesMessage):
                conn.sendall(ws.send(BytesMessage(data=event.data, message_finished=event.message_finished)))
            elif isinstance(event, Ping):
                conn.sendall(ws.send(event.response()))
            elif isinstance(event, CloseConnection):
                conn.sendall(ws.send(event.response()))
                return
        data = conn.recv(65536)
        if not data:
            return
        ws.receive_data(data)


class RawUpstream:
    def __init__(self, cert_pem: Path, script: Script = http_ok) -> None:
        self.script = script
        self.raw = bytearray()  # every byte received, all connections
        self.connections = 0
        self.snis: list[str | None] = []  # the TLS server name of each connection: where the proxy meant to go
        self.messages: list[str] = []  # WebSocket text messages received (decoded: client frames are XOR-masked)
        self._lock = threading.Lock()
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self.ctx.load_cert_chain(cert_pem)
        self.ctx.set_alpn_protocols(["http/1.1"])
        self.ctx.sni_callback = lambda _sock, name, _ctx: self.snis.append(name)
        self.port = self.sock.getsockname()[1]
        self.address = f"127.0.0.1:{self.port}"
        self._closed = False
        threading.Thread(target=self._serve, daemon=True).start()

    def log(self, data: bytes) -> None:
        with self._lock:
            self.raw += data

    def _serve(self) -> None:
        while not self._closed:
            try:
                sock, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._handle, args=(sock,), daemon=True).start()

    def _handle(self, sock: socket.socket) -> None:
        self.connections += 1
        try:
            conn = self.ctx.wrap_socket(sock, server_side=True)
            conn.settimeout(20)
            first = conn.recv(65536)
            self.log(first)
            if first:
                self.script(conn, first, self)
            conn.close()
        except (OSError, ssl.SSLError):
            sock.close()

    def close(self) -> None:
        self._closed = True
        self.sock.close()


def start_proxy_to(tmp_path: Path, server: RawUpstream, ca: Path, *extra: str):
    """A real mitmdump with the bundle whose upstream connections all go to `server` (harness routing)."""
    from tests.live import harness

    harness._upstream_ca[id(server)] = ca  # what start_proxy trusts for upstream TLS
    return harness.start_proxy(tmp_path, server, *extra)


@contextlib.contextmanager
def proxy_before(tmp_path: Path, certs: tuple[Path, Path], script: Script, *extra: str):
    """A `RawUpstream` answering with `script` and a real mitmdump in front of it (``start_proxy_to``), both
    stopped on leaving: yields (proxy, server). `certs` is the ``upstream_certs`` fixture (CA, server pair)."""
    server = RawUpstream(certs[1], script)
    proxy = start_proxy_to(tmp_path, server, certs[0], *extra)
    try:
        yield proxy, server
    finally:
        proxy.stop()
        server.close()
