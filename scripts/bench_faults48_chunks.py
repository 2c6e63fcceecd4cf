#!/usr/bin/env python3
"""What an upstream answering in tiny chunks costs the proxy (faults48, EVASION.md section 5): the proxy's CPU
seconds (utime + stime from /proc) per MiB of answer, by chunk size, buffered (JSON, scanned whole, under the
10 MiB limit) and streamed (SSE events of 16 KB, masked as they pass), and the median time of a small request
made by another client meanwhile (against the same request with nothing else running). One mitmdump + exitguard,
recording on; each size in turn, in one run.

    .venv/bin/python scripts/bench_faults48_chunks.py [--mib 4] [--sizes 16,1024,65536]
    .venv/bin/python scripts/bench_faults48_chunks.py --budget 0.5,2 [--mib 2] [--sizes 256,65536]

``--budget SHARE,BURST`` (faults49): the SSE answers only, through two proxies side by side, one without a stream
CPU budget (policy ``stream_cpu_budget: {share: 1}``, as before faults49) and one with ``{share: SHARE,
burst_seconds: BURST}``, each size on one then the other: CPU, what the client got, whether it was cut.

Nothing beyond 127.0.0.1 is contacted: api.openai.com is routed to the local upstream.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.hostile import live_support as L  # noqa: E402
from tests.live import harness  # noqa: E402

MARKER = b"the big one"
TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def small_request_ms(proxy: harness.Proxy) -> float:
    started = time.perf_counter()
    t = L.tunnel(proxy, timeout=30)
    t.sendall(L.chat_request("small"))
    answer = L.read_all(t, wait=30)
    t.close()
    assert L.status_of(answer) == 200, answer[:200]
    return (time.perf_counter() - started) * 1000


def pieces(total: int, size: int, sse: bool):
    if sse:
        event = b'data: {"choices": [{"index": 0, "delta": {"content": "' + b"y" * 16000 + b'"}}]}\n\n'
        data = event * (total // len(event)) + b"data: [DONE]\n\n"
    else:
        data = b'{"id": "chatcmpl-big", "filler": "' + b"x" * total + b'"}'
    for at in range(0, len(data), size):
        yield data[at:at + size], 0.0


class Run:
    def __init__(self, status: int | None, cpu: float, wall: float, during: list[float], got: bytes = b"") -> None:
        self.status, self.cpu, self.wall, self.during, self.got = status, cpu, wall, during, got


def run_big(proxy: harness.Proxy, with_others: bool) -> Run:
    """The big answer once (connection: close, so its end is the proxy closing), with or without another client
    making small requests one after the other meanwhile."""
    got: list[bytes] = []

    def big() -> None:
        t = L.tunnel(proxy, timeout=30)
        t.sendall(L.chat_request(MARKER.decode(), extra_headers="connection: close\r\n"))
        got.append(L.read_all(t, wait=60))
        t.close()
    before, started = cpu_seconds(proxy.proc.pid), time.perf_counter()
    worker = threading.Thread(target=big)
    worker.start()
    during = []
    while with_others and worker.is_alive():
        during.append(small_request_ms(proxy))
    worker.join()
    return Run(L.status_of(got[0]) if got else None, cpu_seconds(proxy.proc.pid) - before,
               time.perf_counter() - started, during, got[0] if got else b"")


def policy_with_budget(folder: Path, share: float, burst: float) -> Path:
    import yaml

    from addons.core.policy import DEFAULT_POLICY_FILE

    data = yaml.safe_load(DEFAULT_POLICY_FILE.read_text())
    data["stream_cpu_budget"] = {"share": share, "burst_seconds": burst}
    path = folder / f"policy-{share}-{burst}.yaml"
    path.write_text(yaml.safe_dump(data))
    return path


def compare_budget(tmp: Path, upstream: harness.Upstream, budget: str, mib: float, sizes: list[int]) -> None:
    share, burst = (float(x) for x in budget.split(","))
    total = int(mib * 1024 * 1024)
    proxies = {}
    runs = (("no budget", 1.0), (f"budget {share:g}/{burst:g} s", share))
    for i, (name, their_share) in enumerate(runs):
        folder = tmp / f"p{i}"
        folder.mkdir()
        proxies[name] = harness.start_proxy(folder, upstream, "--set", f"exitguard_record_dir={folder / 'rec'}",
                                            "--set", f"exitguard_policy={policy_with_budget(tmp, their_share, burst)}")
    try:
        for size in sizes:
            upstream.route("POST", "/v1/chat/completions", lambda req, size=size: (
                harness.Reply(200, {"content-type": "text/event-stream"}, chunks=pieces(total, size, True))
                if MARKER in req.body else harness.default_handler(req)))
            for name, proxy in proxies.items():
                run = run_big(proxy, with_others=False)
                cut = b"exitguard_stream_cpu_budget" in run.got
                print(f"SSE {mib:g} MiB in {size} B chunks, {name}: status {run.status}, proxy CPU {run.cpu:.2f} s "
                      f"({run.wall:.1f} s wall), client got {len(run.got) / 1024 / 1024:.2f} MiB, "
                      f"{'CUT (exitguard_stream_cpu_budget)' if cut else 'whole' if b'[DONE]' in run.got else 'other'}")
    finally:
        for proxy in proxies.values():
            proxy.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mib", type=float, default=4.0)
    parser.add_argument("--sizes", default="16,1024,65536")
    parser.add_argument("--budget", help="SHARE,BURST: SSE only, without and with that stream_cpu_budget")
    args = parser.parse_args()
    total = int(args.mib * 1024 * 1024)
    tmp = Path(tempfile.mkdtemp(prefix="bench-faults48-"))
    ca, pem = harness.make_upstream_certs(tmp / "upstream")
    upstream = harness.Upstream(pem)
    harness._upstream_ca[id(upstream)] = ca
    if args.budget:
        try:
            compare_budget(tmp, upstream, args.budget, args.mib, [int(s) for s in args.sizes.split(",")])
        finally:
            upstream.close()
        return
    proxy = harness.start_proxy(tmp, upstream, "--set", f"exitguard_record_dir={tmp / 'records'}")
    try:
        idle = [small_request_ms(proxy) for _ in range(15)]
        print(f"idle small request: median {statistics.median(idle):.1f} ms (15)")
        for sse in (False, True):
            for size in (int(s) for s in args.sizes.split(",")):
                media = "text/event-stream" if sse else "application/json"
                upstream.route("POST", "/v1/chat/completions", lambda req, size=size, sse=sse, media=media: (
                    harness.Reply(200, {"content-type": media}, chunks=pieces(total, size, sse))
                    if MARKER in req.body else harness.default_handler(req)))
                alone = run_big(proxy, with_others=False)
                shared = run_big(proxy, with_others=True)
                print(f"{'SSE' if sse else 'JSON'} {args.mib:g} MiB in {size} B chunks: status {alone.status}, "
                      f"proxy CPU alone {alone.cpu:.2f} s ({alone.cpu / args.mib:.2f} s/MiB, {alone.wall:.1f} s wall); "
                      f"meanwhile {len(shared.during)} small requests, median "
                      f"{statistics.median(shared.during) if shared.during else float('nan'):.1f} ms")
    finally:
        proxy.stop()
        upstream.close()


if __name__ == "__main__":
    main()
