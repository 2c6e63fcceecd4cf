"""A local TLS WebSocket upstream for live tests (wsproto): accepts on loopback, does the handshake, and hands every
later event of each connection to the subclass's `on_event`, which answers on `conn` through `ws`. It returns True
to end the connection."""

from __future__ import annotations

import ssl

from wsproto import ConnectionType, WSConnection
from wsproto.events import AcceptConnection, Event, Request

from tests.live.loopback_server import LoopbackServer


class WebSocketUpstream(LoopbackServer):
    def __init__(self, ca, pem) -> None:
        super().__init__(pem, ca)
        self.start()

    def on_event(self, conn: ssl.SSLSocket, ws: WSConnection, event: Event) -> bool:
        """Answer one event after the handshake (each test's upstream defines it); True ends the connection."""
        raise NotImplementedError

    def extensions(self) -> list:
        """The extensions the handshake accepts (none; a subclass may accept permessage-deflate)."""
        return []

    def after_handshake(self, conn: ssl.SSLSocket, ws: WSConnection) -> None:
        """Called once the handshake is accepted (nothing; a subclass may send a message unasked)."""

    def plain_request(self, conn: ssl.SSLSocket, data: bytes) -> bool:
        """A connection's first bytes, before the handshake: True when the subclass answered them as a plain HTTP
        request (no upgrade) and the connection ends; False (this default) goes on to the handshake."""
        return False

    def handle(self, conn) -> None:
        ws = WSConnection(ConnectionType.SERVER)
        first = True
        while True:
            data = conn.recv(65536)
            if not data:
                return
            if first and self.plain_request(conn, data):
                return
            first = False
            ws.receive_data(data)
            for event in ws.events():
                if isinstance(event, Request):
                    conn.sendall(ws.send(AcceptConnection(extensions=self.extensions())))
                    self.after_handshake(conn, ws)
                elif self.on_event(conn, ws, event):
                    return
