"""One client connection relayed to a loopback port, a thread each way: the plain TCP relay several tests put between
a client and a server (a container's bridge address, a listener that takes an address over)."""

from __future__ import annotations

import socket
import threading


def relay_to(client: socket.socket, port: int, timeout: float = 30) -> None:
    """Relays ``client`` to 127.0.0.1:``port`` until either side ends; returns when the client's side has."""
    try:
        upstream = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    except OSError:
        client.close()
        return
    threading.Thread(target=_pipe, args=(upstream, client), daemon=True).start()
    _pipe(client, upstream)


def _pipe(src: socket.socket, dst: socket.socket) -> None:
    try:
        while data := src.recv(65536):
            dst.sendall(data)
    except OSError:
        pass
    finally:
        for s in (src, dst):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
