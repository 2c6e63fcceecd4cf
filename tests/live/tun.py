"""A real mitmdump with a `tun` listener for live tests (root): a test network routed into the device, and the test
route addon sending every upstream connection to a local port (a UDP sink, or a TCP server), with recording on."""

from __future__ import annotations

import socket
import struct
import subprocess
import time
from pathlib import Path

from tests.live import harness


def start_tun_proxy(tmp_path: Path, upstream: harness.Upstream, device: str, network: str, sink_port: int,
                    record: Path) -> harness.Proxy:
    """The proxy started, its device up and `network` routed into it (stopped again if that fails)."""
    proxy = harness.start_proxy(tmp_path, upstream, "--set", f"exitguard_record_dir={record}",
                                "-s", str(harness.ROUTE_ADDON), "--set", f"egtest_upstream=127.0.0.1:{sink_port}",
                                "--mode", "regular@127.0.0.1:0", "--mode", f"tun:{device}", route=False)
    try:
        deadline = time.monotonic() + 20
        while "TUN interface started" not in proxy.log and time.monotonic() < deadline:
            time.sleep(0.1)
        subprocess.run(["ip", "link", "set", device, "up"], check=True)
        subprocess.run(["ip", "route", "add", network, "dev", device], check=True)
    except BaseException:
        proxy.stop()
        raise
    return proxy


def dns_query(name: str, ident: int, qtype: int = 1) -> bytes:
    """A DNS query for `name` (type A unless said), class IN, recursion desired."""
    labels = b"".join(bytes([len(label)]) + label for label in name.encode().split(b"."))
    return struct.pack(">HHHHHH", ident, 0x0100, 1, 0, 0, 0) + labels + b"\x00" + struct.pack(">HH", qtype, 1)


def received(sink: socket.socket) -> list[bytes]:
    """Every datagram the sink holds, until none comes for 2 s."""
    got = []
    sink.settimeout(2)
    try:
        while True:
            got.append(sink.recvfrom(65536)[0])
    except TimeoutError:
        return got
