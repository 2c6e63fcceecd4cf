#!/usr/bin/env python
"""Cost of audit recording: requests/s and p50 latency with recording on vs off, measured in one run.

Two real mitmdump processes with the exitguard bundle (one with exitguard_record_dir, one without), the same
local HTTPS upstream, alternating batches between them so machine noise hits both alike. Each batch drives
``--clients`` keep-alive HTTPS connections at once (one thread each: flows overlap, as with a fleet of agents, so
the recorder's group commit can cover several with one fdatasync round), then one connection alone. Nothing
leaves 127.0.0.1. The last line is the concurrent figure:

    recording cost: N% req/s, p50 +X ms

    .venv/bin/python scripts/bench_record.py [--rounds 10] [--clients 12] [--batch 10] [--single-batch 30]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import ssl
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.live import harness  # noqa: E402

BODY = json.dumps({"model": "gpt-4o", "messages": [
    {"role": "system", "content": "You are a helpful assistant."},
    {"role": "user", "content": "Summarise the deployment notes for the on-call engineer: " + "lorem ipsum " * 40},
]}).encode()
MODES = ("off", "on")


class Client:
    """One keep-alive HTTPS connection through the proxy (CONNECT once, then many requests)."""

    def __init__(self, proxy: harness.Proxy) -> None:
        ctx = ssl.create_default_context(cafile=str(proxy.ca))
        self.conn = http.client.HTTPSConnection("127.0.0.1", proxy.port, context=ctx, timeout=30)
        self.conn.set_tunnel("api.openai.com", 443)

    def post(self) -> float:
        started = time.perf_counter()
        self.conn.request("POST", "/v1/chat/completions", BODY, {"content-type": "application/json"})
        resp = self.conn.getresponse()
        resp.read()
        if resp.status != 200:
            raise RuntimeError(f"unexpected status {resp.status}")
        return time.perf_counter() - started

    def posts(self, n: int) -> list[float]:
        return [self.post() for _ in range(n)]


def cpu_seconds(pid: int) -> float:
    """User + system CPU time the process has used (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass
class Tally:
    """Latencies, wall time and proxy CPU time of one mode's batches."""
    pid: int
    latencies: list[float] = field(default_factory=list)
    seconds: float = 0.0
    cpu: float = 0.0

    def run(self, pool: ThreadPoolExecutor, clients: list[Client], per_client: int) -> None:
        started, cpu = time.perf_counter(), cpu_seconds(self.pid)
        for done in [pool.submit(c.posts, per_client) for c in clients]:
            self.latencies += done.result()
        self.seconds += time.perf_counter() - started
        self.cpu += cpu_seconds(self.pid) - cpu

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds

    @property
    def p50_ms(self) -> float:
        return statistics.median(self.latencies) * 1000

    def line(self, label: str) -> str:
        p90 = statistics.quantiles(self.latencies, n=10)[-1] * 1000
        return (f"  {label}: {self.rate:7.1f} req/s   p50 {self.p50_ms:6.2f} ms   p90 {p90:6.2f} ms   "
                f"proxy CPU {self.cpu_ms:5.2f} ms/request")

    @property
    def cpu_ms(self) -> float:
        return self.cpu / len(self.latencies) * 1000


def cost(off: Tally, on: Tally) -> str:
    return f"{(off.rate - on.rate) / off.rate * 100:.1f}% req/s, p50 {on.p50_ms - off.p50_ms:+.2f} ms"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=10)
    ap.add_argument("--clients", type=int, default=12, help="concurrent keep-alive connections per mode")
    ap.add_argument("--batch", type=int, default=10, help="POSTs per concurrent client per batch")
    ap.add_argument("--single-batch", type=int, default=30, help="POSTs of the one-connection batch (0: skip)")
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("--record-dir", type=Path, default=None,
                    help="record here (e.g. on the volume production uses; default: a temporary folder)")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="exitguard-bench-"))
    try:
        ca, pem = harness.make_upstream_certs(tmp)
        upstream = harness.Upstream(pem)
        harness._upstream_ca[id(upstream)] = ca
        rec_dir = Path(tempfile.mkdtemp(prefix="exitguard-bench-rec-", dir=args.record_dir)) if args.record_dir \
            else tmp / "rec"
        proxies = {
            "off": harness.start_proxy(tmp / "off", upstream),
            "on": harness.start_proxy(tmp / "on", upstream, "--set", f"exitguard_record_dir={rec_dir}"),
        }
        clients = {name: [Client(p) for _ in range(args.clients)] for name, p in proxies.items()}
        pool = ThreadPoolExecutor(max_workers=args.clients)
        for group in clients.values():
            list(pool.map(lambda c: c.posts(args.warmup), group))
        concurrent = {name: Tally(proxies[name].proc.pid) for name in MODES}
        single = {name: Tally(proxies[name].proc.pid) for name in MODES}
        for r in range(args.rounds):
            order = MODES if r % 2 == 0 else MODES[::-1]
            for name in order:
                concurrent[name].run(pool, clients[name], args.batch)
            for name in order if args.single_batch else ():
                single[name].run(pool, clients[name][:1], args.single_batch)
        pool.shutdown()
        for p in proxies.values():
            p.stop()
        upstream.close()
        recorded = sum(p.read_bytes().count(b"\n") for p in rec_dir.glob("*.jsonl"))
        if args.record_dir:
            shutil.rmtree(rec_dir, ignore_errors=True)
        print(f"exitguard recording cost: {args.rounds} rounds, alternating off/on; {len(BODY)}-byte chat body; "
              f"{recorded} index records written")
        print(f"{args.clients} concurrent keep-alive clients x {args.batch} POSTs per batch:")
        for name in MODES:
            print(concurrent[name].line(f"recording {name:3}"))
        if args.single_batch:
            print(f"1 keep-alive client x {args.single_batch} POSTs per batch:")
            for name in MODES:
                print(single[name].line(f"recording {name:3}"))
            print(f"  one connection: {cost(single['off'], single['on'])}")
        print(f"recording cost: {cost(concurrent['off'], concurrent['on'])}")
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
