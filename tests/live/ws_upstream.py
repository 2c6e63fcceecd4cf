"""A local TLS WebSocket upstream for live tests (wsproto): accepts on loopback, does the handshake, and hands every
later event of each connection to the subclass's `on_event`, which answers on `conn` through `ws`. It returns True
to end the connection."""

from __future__ import annotations

import socket
import ssl
import threading

from wsproto import ConnectionType, WSConnection
from wsproto.events import AcceptConnection, Event, Request

from tests.live import harness


class WebSocketUpstream:
    def __init__(self, ca, pem) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.address = f"127.0.0.1:{self.sock.getsockname()[1]}"
        self.ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self.ctx.load_cert_chain(pem)
        harness._upstream_ca[id(self)] = ca
        threading.Thread(target=self._serve, daemon=True).start()

    def on_event(self, conn: ssl.SSLSocket, ws: WSConnection, event: Event) -> bool:
        """Answer one event after the handshake (each test's upstream defines it); True ends the connection."""
        raise NotImplementedError

    def _serve(self) -> None:
        while True:
            try:
                raw, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._handle, args=(raw,), daemon=True).start()

    def _handle(self, raw) -> None:
        with self.ctx.wrap_socket(raw, server_side=True) as conn:
            ws = WSConnection(ConnectionType.SERVER)
            while True:
                data = conn.recv(65536)
                if not data:
                    return
                ws.receive_data(data)
                for event in ws.events():
                    if isinstance(event, Request):
                        conn.sendall(ws.send(AcceptConnection()))
                    elif self.on_event(conn, ws, event):
                        return
