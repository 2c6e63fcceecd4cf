#!/usr/bin/env python3
"""Added latency of exitguard over a bare mitmdump, measured side by side in one run.

A 16 KB OpenAI chat request over one keep-alive HTTPS connection through each proxy, in alternating
rounds (so both see the same machine load), to the same local upstream. Prints p50 / p99 per proxy
and the difference.

    .venv/bin/python scripts/bench_proxy.py [--requests 400] [--secrets]
    # non-LLM traffic to an unlisted (observed) host: a 1 MB binary and a 200 KB JSON download, a 200 KB upload
    .venv/bin/python scripts/bench_proxy.py --host unlisted.example --workload download-binary
    # upstream pinning: no test router, the proxies resolve "localhost" themselves; a new tunnel per request
    .venv/bin/python scripts/bench_proxy.py --host localhost --pin --fresh
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import socket
import ssl
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests import fakes  # noqa: E402
from tests.live import harness  # noqa: E402

WORDS = ["the", "deployment", "pipeline", "runs", "tests", "before", "release", "and", "reports", "coverage", "to",
         "the", "team", "while", "the", "agent", "summarises", "logs", "from", "yesterday's", "incident", "and",
         "proposes", "a", "fix", "for", "the", "flaky", "integration", "test"]


def chat_body(size: int, with_secrets: bool, seed: int) -> bytes:
    rng = random.Random(seed)
    words = []
    while sum(len(w) + 1 for w in words) < size - 200:
        words.append(rng.choice(WORDS))
    if with_secrets:
        words[len(words) // 2] = fakes.github_pat(seed)
        words[len(words) // 3] = fakes.EMAIL
    return json.dumps({"model": "gpt-4o", "messages": [{"role": "user", "content": " ".join(words)}]}).encode()


BINARY = random.Random(7).randbytes(1024 * 1024)
JSON_200K = json.dumps({"packages": [{"name": f"pkg-{i}", "version": f"1.{i}.0", "sha256": f"{i:064x}"}
                                     for i in range(1900)]}).encode()
WORKLOADS = {  # name -> (method, path, request body or None for the chat body, upstream reply)
    "chat": ("POST", "/v1/chat/completions", None, None),
    "download-binary": ("GET", "/packages/wheel.whl", b"", harness.Reply(200, {"content-type":
                                                                                "application/octet-stream"}, BINARY)),
    "download-json": ("GET", "/simple/index.json", b"", harness.Reply(200, {"content-type": "application/json"},
                                                                      JSON_200K)),
    "upload-json": ("POST", "/api/upload", JSON_200K, None),
}


class Tunnel:
    """One keep-alive HTTPS connection to ``host`` through a proxy."""

    def __init__(self, proxy: harness.Proxy, host: str, port: int = 443) -> None:
        self.proxy, self.host, self.port = proxy, host, port
        self.conn = self._connect()

    def _connect(self) -> http.client.HTTPSConnection:
        ctx = ssl.create_default_context(cafile=str(self.proxy.ca))
        conn = http.client.HTTPSConnection("127.0.0.1", self.proxy.port, context=ctx, timeout=30)
        conn.set_tunnel(self.host, self.port)
        conn.connect()
        conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return conn

    def reconnect(self) -> None:
        self.conn.close()
        self.conn = self._connect()

    def post(self, body: bytes, method: str = "POST", path: str = "/v1/chat/completions") -> float:
        started = time.perf_counter()
        self.conn.request(method, path, body or None,
                          {"content-type": "application/json", "authorization": "Bearer sk-bench"})
        resp = self.conn.getresponse()
        resp_body = resp.read()
        elapsed = (time.perf_counter() - started) * 1000
        if resp.status != 200:
            raise RuntimeError(f"status {resp.status}: {resp_body[:200]!r}")
        return elapsed


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--requests", type=int, default=400, help="requests per proxy (default 400)")
    ap.add_argument("--size", type=int, default=16 * 1024, help="request body size in bytes (default 16 KB)")
    ap.add_argument("--secrets", action="store_true", help="put a GitHub token and an email in every prompt")
    ap.add_argument("--host", default="api.openai.com", help="host tunnelled to (default api.openai.com: guarded)")
    ap.add_argument("--workload", choices=WORKLOADS, default="chat")
    ap.add_argument("--pin", action="store_true",
                    help="no test router: both proxies resolve --host (e.g. localhost) and exitguard pins the address")
    ap.add_argument("--fresh", action="store_true", help="a new tunnel (and upstream connection) per request")
    ap.add_argument("--policy", help="exitguard policy file (default: the built-in one)")
    args = ap.parse_args()
    method, path, fixed_body, reply = WORKLOADS[args.workload]

    tmp = Path(tempfile.mkdtemp(prefix="exitguard-bench-"))
    ca, pem = harness.make_upstream_certs(tmp / "upstream")
    upstream = harness.Upstream(pem)
    harness._upstream_ca[id(upstream)] = ca
    if reply is not None:
        upstream.route(method, path, lambda req: reply)
    port = upstream.port if args.pin else 443
    bare_cmd = ["--set", f"ssl_verify_upstream_trusted_ca={ca}"]
    if not args.pin:
        bare_cmd += ["--set", f"egtest_upstream={upstream.address}"]
    proxies = {}
    try:
        proxies["bare mitmdump"] = start_bare(tmp / "bare", bare_cmd, route=not args.pin)
        extra = ("--set", "exitguard_block_loopback=false") if args.pin else ()
        extra += ("--set", f"exitguard_policy={args.policy}") if args.policy else ()
        proxies["exitguard"] = harness.start_proxy(tmp / "exitguard", upstream, *extra, route=not args.pin)
        tunnels = {name: Tunnel(p, args.host, port) for name, p in proxies.items()}
        bodies = [chat_body(args.size, args.secrets, i) if fixed_body is None else fixed_body for i in range(20)]
        for t in tunnels.values():  # warm up: TLS handshakes, certificate generation, caches
            for b in bodies:
                t.post(b, method, path)
        times: dict[str, list[float]] = {name: [] for name in tunnels}
        for i in range(args.requests):
            order = list(tunnels.items()) if i % 2 == 0 else list(reversed(tunnels.items()))
            for name, t in order:
                if args.fresh:
                    t.reconnect()
                times[name].append(t.post(bodies[i % len(bodies)], method, path))
    finally:
        for p in proxies.values():
            p.stop()
        upstream.close()

    size = len(reply.body) if reply is not None else len(bodies[0])
    print(f"{args.requests} x {args.workload} ({size / 1024:.1f} KB) to {args.host} per proxy, "
          f"{'a new tunnel per request' if args.fresh else 'keep-alive HTTPS'}{', pinned by name' if args.pin else ''}"
          f", {'with' if args.secrets else 'no'} secrets")
    print(f"{'proxy':<16}{'p50 ms':>10}{'p99 ms':>10}{'mean ms':>10}")
    for name, values in times.items():
        print(f"{name:<16}{percentile(values, 50):>10.2f}{percentile(values, 99):>10.2f}"
              f"{statistics.fmean(values):>10.2f}")
    bare, guard = times["bare mitmdump"], times["exitguard"]
    print(f"{'added':<16}{percentile(guard, 50) - percentile(bare, 50):>10.2f}"
          f"{percentile(guard, 99) - percentile(bare, 99):>10.2f}"
          f"{statistics.fmean(guard) - statistics.fmean(bare):>10.2f}")
    return 0


def start_bare(tmp: Path, extra: list[str], route: bool = True) -> harness.Proxy:
    """mitmdump with only the test router (or nothing, ``route=False``): the same path minus exitguard."""
    import re
    import subprocess
    import threading

    tmp.mkdir(parents=True, exist_ok=True)
    cmd = [str(ROOT / ".venv/bin/mitmdump"), "--listen-host", "127.0.0.1", "--listen-port", "0",
           "--set", f"confdir={tmp / 'conf'}", "--set", "flow_detail=0",
           *(["-s", str(harness.ROUTE_ADDON)] if route else []), *extra]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines = []
    for line in proc.stdout:
        lines.append(line)
        if m := re.search(r"listening at .*:(\d+)", line):
            threading.Thread(target=lambda: [lines.append(x) for x in proc.stdout], daemon=True).start()
            return harness.Proxy(proc, int(m.group(1)), tmp / "conf", lines)
    raise RuntimeError("bare mitmdump did not start:\n" + "".join(lines))


if __name__ == "__main__":
    sys.exit(main())
