#!/usr/bin/env python
"""Cost of audit recording: requests/s and p50 latency with recording on vs off, measured in one run.

Two real mitmdump processes with the exitguard bundle (one with exitguard_record_dir, one without), the same
local HTTPS upstream, the same keep-alive client loop, alternating batches between them so machine noise hits
both alike. Nothing leaves 127.0.0.1.

    .venv/bin/python scripts/bench_record.py [--rounds 10] [--batch 50]
"""

from __future__ import annotations

import argparse
import http.client
import json
import shutil
import ssl
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.live import harness  # noqa: E402

BODY = json.dumps({"model": "gpt-4o", "messages": [
    {"role": "system", "content": "You are a helpful assistant."},
    {"role": "user", "content": "Summarise the deployment notes for the on-call engineer: " + "lorem ipsum " * 40},
]}).encode()


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


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=10)
    ap.add_argument("--batch", type=int, default=50)
    ap.add_argument("--warmup", type=int, default=20)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="exitguard-bench-"))
    try:
        ca, pem = harness.make_upstream_certs(tmp)
        upstream = harness.Upstream(pem)
        # The test upstream writes headers and body separately; without TCP_NODELAY, Nagle + delayed ACK add
        # ~40 ms to every request in both modes and hide the difference being measured.
        upstream.server.RequestHandlerClass.disable_nagle_algorithm = True
        harness._upstream_ca[id(upstream)] = ca
        proxies = {
            "off": harness.start_proxy(tmp / "off", upstream),
            "on": harness.start_proxy(tmp / "on", upstream, "--set", f"exitguard_record_dir={tmp / 'rec'}"),
        }
        clients = {name: Client(p) for name, p in proxies.items()}
        for c in clients.values():
            for _ in range(args.warmup):
                c.post()
        lat: dict[str, list[float]] = {"off": [], "on": []}
        spent = {"off": 0.0, "on": 0.0}
        for r in range(args.rounds):
            order = ("off", "on") if r % 2 == 0 else ("on", "off")
            for name in order:
                t0 = time.perf_counter()
                lat[name] += [clients[name].post() for _ in range(args.batch)]
                spent[name] += time.perf_counter() - t0
        for p in proxies.values():
            p.stop()
        upstream.close()
        recorded = sum(p.read_bytes().count(b"\n") for p in (tmp / "rec").glob("*.jsonl"))
        print(f"exitguard recording cost: {args.rounds} rounds x {args.batch} keep-alive POSTs per mode, "
              f"{len(BODY)}-byte chat body, alternating; {recorded} index records written")
        for name in ("off", "on"):
            n = len(lat[name])
            p50 = statistics.median(lat[name]) * 1000
            print(f"  recording {name:3}: {n / spent[name]:7.1f} req/s   p50 {p50:6.2f} ms"
                  f"   p90 {statistics.quantiles(lat[name], n=10)[-1] * 1000:6.2f} ms")
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
