"""Attack25, live: the fleet's Redis through mitmproxy's SOCKS5 mode, every address type SOCKS5 has (IPv4, a
domain, IPv6) and the spellings that reach loopback. The same ``server_connect`` hook refuses it (held before and
after attack25: a guard against a mode-specific path appearing)."""

from __future__ import annotations

import socket
import struct

import pytest

from tests.approval.test_attack24_control_plane_live import BODY, MARK, store_behind_a_proxy

pytestmark = [pytest.mark.live, pytest.mark.tool]

TARGETS = [(1, socket.inet_aton("127.0.0.1")), (3, b"\x09localhost"), (3, b"\x0a2130706433"),
           (4, socket.inet_pton(socket.AF_INET6, "::ffff:127.0.0.1")), (4, socket.inet_pton(socket.AF_INET6, "::1"))]


@pytest.fixture(scope="module")
def socks(tmp_path_factory):
    with store_behind_a_proxy(tmp_path_factory.mktemp("attack25-socks"),
                              lambda server: ["--mode", "socks5",
                                              "--set", f"exitguard_state=redis://localhost:{server.port}/0",
                                              "--set", "exitguard_block_loopback=false"]) as trio:
        yield trio


@pytest.mark.parametrize("target", range(len(TARGETS)))
def test_the_fleets_redis_is_not_reached_through_socks5(socks, target):
    proxy, server, client = socks
    client.delete(MARK)
    atyp, address = TARGETS[target]
    with socket.create_connection(("127.0.0.1", proxy.port), timeout=10) as s:
        s.sendall(b"\x05\x01\x00")
        assert s.recv(2) == b"\x05\x00"
        s.sendall(bytes([5, 1, 0, atyp]) + address + struct.pack(">H", server.port))
        reply = s.recv(10)
        try:
            s.sendall(BODY)
            s.settimeout(2)
            s.recv(100)
        except OSError:
            pass
    assert client.get(MARK) is None, (atyp, address)
    assert reply[1] != 0, reply  # not "succeeded"
