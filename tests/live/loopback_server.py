"""A server for live tests' upstreams: listens on 127.0.0.1 (a free port), takes each connection on a thread of its
own and hands it to the subclass's `handle`, TLS-wrapped when it has a certificate. Nothing listens beyond
loopback."""

from __future__ import annotations

import socket
import ssl
import threading
from pathlib import Path

from tests.live import harness


class LoopbackServer:
    def __init__(self, cert_pem: Path | None = None, ca: Path | None = None) -> None:
        """``cert_pem``: serve TLS with it; ``ca``: the CA the proxy is to trust for this upstream (harness
        routing). Call ``start`` once the subclass is ready to handle connections."""
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.address = f"127.0.0.1:{self.sock.getsockname()[1]}"
        self.ctx: ssl.SSLContext | None = None
        if cert_pem is not None:
            self.ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            self.ctx.load_cert_chain(cert_pem)
        if ca is not None:
            harness._upstream_ca[id(self)] = ca

    def start(self) -> LoopbackServer:
        threading.Thread(target=self._serve, daemon=True).start()
        return self

    def close(self) -> None:
        self.sock.close()

    def handle(self, conn: socket.socket) -> None:
        """Serve one connection (TLS already set up when the server has a certificate)."""
        raise NotImplementedError

    def handshake_failed(self) -> None:
        """A client that did not complete the TLS handshake (the proxy gave up, or refused the certificate)."""

    def _serve(self) -> None:
        while True:
            try:
                raw, _ = self.sock.accept()
            except OSError:  # closed
                return
            threading.Thread(target=self._one, args=(raw,), daemon=True).start()

    def _one(self, raw: socket.socket) -> None:
        if self.ctx is None:
            with raw:
                self.handle(raw)
            return
        try:
            conn = self.ctx.wrap_socket(raw, server_side=True)
        except OSError:
            raw.close()
            self.handshake_failed()
            return
        with conn:
            self.handle(conn)
