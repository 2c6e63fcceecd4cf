#!/usr/bin/env python3
"""Bounded load test on loopback: a real mitmdump with the bundle and recording on, a local upstream, and N
concurrent clients mixing buffered chat requests (with secrets) and SSE streams (with secrets in the answer).

    .venv/bin/python scripts/load_test.py [--seconds 60] [--clients 50] [--stream-share 0.3] [--keep DIR]
                                          [--set OPTION=VALUE]...

Reports, in one table: requests, throughput, error rate, p50/p99 latency per kind, audit records lost
(requests a client completed without an index line), secrets seen unmasked at the upstream, by the clients
and in the recordings, and the proxy's RSS (VmRSS) at start, peak and end. Exit code 1 when a record was
lost or a secret leaked. Nothing leaves 127.0.0.1; every loop is bounded by --seconds.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import random
import shutil
import socket
import ssl
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests import fakes  # noqa: E402
from tests.live import harness  # noqa: E402
from tests.stream import streams as S  # noqa: E402

THREADS_PER_PROCESS = 10
REQUEST_SECRETS = [fakes.github_pat(101), fakes.aws_key_id(102), fakes.EMAIL, fakes.openai_key(103)]
RESPONSE_SECRET = fakes.aws_key_id(104)
ALL_SECRETS = [*REQUEST_SECRETS, RESPONSE_SECRET]
PROSE = ["the", "agent", "reads", "the", "build", "log,", "finds", "the", "failing", "test", "and", "proposes", "a",
         "patch", "for", "the", "retry", "logic", "in", "the", "payment", "worker", "before", "the", "release", "train",
         "leaves", "on", "friday"]


# ------------------------------------------------------------------------------------------- upstream


class LeakCounter:
    def __init__(self) -> None:
        self.requests = 0
        self.leaks = 0
        self.lock = threading.Lock()

    def handler(self, req: harness.Received) -> harness.Reply:
        leaked = any(s.encode() in req.body for s in ALL_SECRETS)
        with self.lock:
            self.requests += 1
            self.leaks += leaked
        if b'"stream": true' in req.body:
            text = f"Here is the answer. The key is {RESPONSE_SECRET} and that is all."
            frags = [text[i:i + 7] for i in range(0, len(text), 7)]
            body = S.openai_chat(frags)
            return harness.Reply(200, {"content-type": "text/event-stream"}, b"",
                                 chunks=[(body[i:i + 512], 0) for i in range(0, len(body), 512)])
        return harness.Reply.json({"id": "chatcmpl-load", "object": "chat.completion", "created": 1, "model": "m",
                                   "choices": [{"index": 0, "finish_reason": "stop", "message": {
                                       "role": "assistant", "content": f"noted, key {RESPONSE_SECRET}"}}]})


# ------------------------------------------------------------------------------------------- clients


def request_body(rng: random.Random, stream: bool) -> bytes:
    words = [rng.choice(PROSE) for _ in range(rng.randint(50, 400))]
    words.insert(rng.randrange(len(words)), rng.choice(REQUEST_SECRETS))
    body = {"model": "gpt-4o", "messages": [{"role": "user", "content": " ".join(words)}]}
    if stream:
        body["stream"] = True
    return json.dumps(body).encode()


def revealed(body: bytes, stream: bool) -> bool:
    """The response secret in what a client reads: in a stream it is split over events, so reassemble."""
    if stream:
        try:
            return RESPONSE_SECRET in S.client_text("openai_chat", body).get("text", "")
        except ValueError:
            return False  # not a clean stream (an error answer): nothing reassembled
    return RESPONSE_SECRET.encode() in body


def client_thread(port: int, ca: str, deadline: float, seed: int, stream_share: float, out: list) -> None:
    rng = random.Random(seed)
    ctx = ssl.create_default_context(cafile=ca)
    conn = None
    while time.monotonic() < deadline:
        stream = rng.random() < stream_share
        body = request_body(rng, stream)
        started = time.perf_counter()
        try:
            if conn is None:
                conn = http.client.HTTPSConnection("127.0.0.1", port, context=ctx, timeout=30)
                conn.set_tunnel("api.openai.com", 443)
                conn.connect()
                conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            conn.request("POST", "/v1/chat/completions", body, {"content-type": "application/json"})
            resp = conn.getresponse()
            data = resp.read()
            leaked = revealed(data, stream)
            out.append(("stream" if stream else "chat", time.perf_counter() - started, resp.status, None, leaked))
            if resp.getheader("connection", "").lower() == "close":
                conn.close()
                conn = None
        except Exception as e:
            out.append(("stream" if stream else "chat", time.perf_counter() - started, None, type(e).__name__, False))
            if conn is not None:
                conn.close()
            conn = None
    if conn is not None:
        conn.close()


def client_process(port: int, ca: str, seconds: float, seed: int, threads: int, stream_share: float, queue) -> None:
    deadline = time.monotonic() + seconds
    results: list = []
    workers = [threading.Thread(target=client_thread, args=(port, ca, deadline, seed * 100 + i, stream_share,
                                                            results)) for i in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    queue.put(results)


# ------------------------------------------------------------------------------------------- measuring


class Rss:
    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.start = self.peak = self.end = self.sample()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def sample(self) -> int:
        with open(f"/proc/{self.pid}/status") as f:
            return next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))

    def _run(self) -> None:
        while not self._stop.wait(0.25):
            self.peak = max(self.peak, self.sample())

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()
        self.end = self.sample()
        self.peak = max(self.peak, self.end)


def indexed_flows(rec_dir: Path) -> int:
    from addons.audit import index as auditlog

    return sum(1 for _, _, r in auditlog.read_records(auditlog.index_files(rec_dir))
               if r.get("event") == "flow" and r.get("path") == "/v1/chat/completions")


def secrets_in_recordings(rec_dir: Path) -> int:
    """Secrets in the raw files, and in every recorded stream reassembled as a client would read it."""
    from mitmproxy import io

    hits = 0
    for path in rec_dir.iterdir():
        if path.is_file():
            data = path.read_bytes()
            hits += sum(data.count(s.encode()) for s in ALL_SECRETS)
    for path in rec_dir.glob("*.mitm"):
        with open(path, "rb") as f:
            for flow in io.FlowReader(f).stream():
                response = getattr(flow, "response", None)
                if response is not None and "event-stream" in response.headers.get("content-type", ""):
                    hits += revealed(response.content or b"", True)
    return hits


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


# ------------------------------------------------------------------------------------------- main


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--stream-share", type=float, default=0.3)
    parser.add_argument("--keep", type=Path, help="keep the recordings here instead of a temp folder")
    parser.add_argument("--set", action="append", default=[], metavar="OPTION=VALUE",
                        help="extra mitmproxy option (e.g. exitguard_mode=report shows that the leak counters work)")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="exitguard-load-"))
    rec_dir = args.keep or work / "rec"
    ca, pem = harness.make_upstream_certs(work)
    upstream = harness.Upstream(pem)
    harness._upstream_ca[id(upstream)] = ca
    counter = LeakCounter()
    upstream.route("POST", "/v1/chat/completions", counter.handler)
    extra = [a for option in args.set for a in ("--set", option)]
    proxy = harness.start_proxy(work, upstream, "--set", f"exitguard_record_dir={rec_dir}", *extra)
    try:
        time.sleep(1.0)
        rss = Rss(proxy.proc.pid)
        queue = multiprocessing.get_context("fork").Queue()
        processes = max(1, (args.clients + THREADS_PER_PROCESS - 1) // THREADS_PER_PROCESS)
        procs = []
        for i in range(processes):
            threads = min(THREADS_PER_PROCESS, args.clients - i * THREADS_PER_PROCESS)
            p = multiprocessing.get_context("fork").Process(target=client_process, args=(
                proxy.port, str(proxy.ca), args.seconds, i + 1, threads, args.stream_share, queue))
            p.start()
            procs.append(p)
        started = time.monotonic()
        results = []
        for _ in procs:
            results.extend(queue.get(timeout=args.seconds + 120))
        elapsed = time.monotonic() - started
        for p in procs:
            p.join(timeout=30)
        time.sleep(2.0)  # let the last records land and memory settle
        rss.stop()
        alive = proxy.proc.poll() is None
    finally:
        proxy.stop()
        upstream.close()
    completed = [r for r in results if r[2] is not None]
    errors = [r for r in results if r[2] != 200]
    indexed = indexed_flows(rec_dir)
    lost = max(0, len(completed) - indexed)
    in_records = secrets_in_recordings(rec_dir)
    to_clients = sum(1 for r in results if r[4])

    rows = [("duration (s)", f"{elapsed:.1f}"), ("clients", args.clients),
            ("requests sent", len(results)), ("completed (any status)", len(completed)),
            ("throughput (req/s)", f"{len(completed) / elapsed:.1f}"),
            ("error rate", f"{len(errors) / max(1, len(results)):.2%} ({len(errors)})")]
    for kind in ("chat", "stream"):
        lat = [r[1] * 1000 for r in results if r[0] == kind and r[2] == 200]
        rows.append((f"{kind}: n / p50 / p99 (ms)",
                     f"{len(lat)} / {percentile(lat, 50):.1f} / {percentile(lat, 99):.1f}"))
    all_lat = [r[1] * 1000 for r in results if r[2] == 200]
    rows += [("all: p50 / p99 (ms)", f"{percentile(all_lat, 50):.1f} / {percentile(all_lat, 99):.1f}"),
             ("audit index lines (chat path)", indexed), ("audit records lost", lost),
             ("unmasked secrets at upstream", counter.leaks), ("unmasked secrets to clients", to_clients),
             ("secrets in recordings", in_records),
             ("proxy RSS start / peak / end (MiB)", f"{rss.start / 1024:.0f} / {rss.peak / 1024:.0f} / "
                                                    f"{rss.end / 1024:.0f}"),
             ("proxy alive at the end", alive)]
    error_kinds: dict[str, int] = {}
    for r in errors:
        key = r[3] or f"HTTP {r[2]}"
        error_kinds[key] = error_kinds.get(key, 0) + 1
    if error_kinds:
        rows.append(("errors by kind", ", ".join(f"{k}: {v}" for k, v in sorted(error_kinds.items()))))
    width = max(len(k) for k, _ in rows)
    print("\n".join(f"{k:<{width}}  {v}" for k, v in rows))
    if args.keep is None:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if (lost or counter.leaks or to_clients or in_records or not alive) else 0


if __name__ == "__main__":
    sys.exit(main())
