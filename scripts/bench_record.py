#!/usr/bin/env python
"""Cost of audit recording: requests/s and p50 latency with recording on vs off, measured in one run.

Two real mitmdump processes with the exitguard bundle (one with exitguard_record_dir, one without), the same
local HTTPS upstream, alternating batches between them so machine noise hits both alike. Each batch drives
``--clients`` keep-alive HTTPS connections at once (one thread each: flows overlap, as with a fleet of agents, so
the recorder's group commit can cover several with one fdatasync round), then one connection alone. Nothing
leaves 127.0.0.1. The last line is

    recording cost: N% req/s, p50 +X ms

N is always the closed loop's (the ``--clients`` batches: each client sends its next request when its last answer
came, so req/s is the proxy's capacity). X is the open loop's p50, on minus off, with ``--rate``; without it, the
closed loop's (where p50 is about clients / req/s: the same throughput measured twice). Both loops' own lines
are printed above it, p50 of either always shown.

    .venv/bin/python scripts/bench_record.py [--rounds 10] [--clients 12] [--batch 10] [--single-batch 30] [--floor]
                                             [--baseline DIR | --aa] [--baseline-first] [--prompt-kb N]
                                             [--hook-cpu] [--parts]
                                             [--rate R|Fx] [--open-seconds S]

``--rate R`` adds an open loop to every round, each mode in turn: requests start on a fixed schedule (Poisson
arrivals at R requests/s, seeded, the same schedule for every mode in a round) over ``--clients`` connections, for
``--open-seconds`` a round; a request's latency runs from its scheduled start, so a request that waits for a free
connection (the proxy fell behind) counts its wait. ``--rate 0.3x``: 0.3 times the off proxy's closed-loop req/s
of the first round, fixed for the run (printed). Its p50 and p99, on vs off, are latency as latency: at a rate the
proxy keeps up with, what recording adds to one request (its group-commit round, its hook's CPU), not throughput.
Before each round 20 appends with an fdatasync each are timed in a folder of their own beside the slots' record
folders (the same filesystem): a round waits for one (both files are synced at once), so their p50 bounds the open
loop's p50 cost from below, whatever the hook costs.

``--trace [JSON]`` (with ``--rate``) loads bench_addons/flow_trace.py into every proxy and prints, per mode, where an
open-loop flow's time goes: mitmproxy's own timestamps, each HTTP hook's entry and exit, the Audit hook, each step of
the group commit, the response handed to the client's transport, and the client's answer, as the median time since
the client sent it and the median step from the stage before (flows matched to the client's request by its local
port); with a file name, every flow's timeline is written there as JSON too (rec52 found the recorded flow's wait in
the event loop's queue this way).

``--prompt-kb N`` sends each request a new prompt of about N KB instead of the same 666-byte body: the guard then
scans every body anew (a repeated body comes from its detection cache), as with real conversations.

Each line also gives the proxy's CPU per request, and of it the event loop's thread (the rest is the recorder's
writing thread). ``--floor`` adds a third proxy, recording off, whose response hooks each suspend once
(bench_addons/suspend_once.py): what any recording that holds the answer until its record is durable costs at least.

``--baseline DIR`` adds a proxy recording with another checkout's addons (e.g. ``git archive <commit> addons rules |
tar -x -C DIR``), in turn with the others: the previous build's cost and this one's, measured side by side. The two
recording slots are then alike by construction: each loads its addons from its own fresh copy (this checkout's
working tree for "on", DIR for the baseline) in sibling temporary folders, both compiled to bytecode before the
start; each records into its own folder, the disk probe into a third; the rounds' order alternates (a rotation, then
its reverse), so each recording slot runs before the other in half the rounds; and every ``--restart-every`` rounds
(default 2) both slots start again, in the other order each time (``--baseline-first``: which starts first at
first), because two processes of one build stay apart for their whole life. ``--aa`` puts this build in both slots
(an A/A run) and prints how far apart they came: the noise floor any "this / baseline" figure must beat. A/A floor
(rec27, scripts/MEASUREMENTS.md, load 3-13, 2 cores shared): closed-loop req/s up to 15% apart, one connection p50
up to 4 ms, open-loop p50 (``--rate 25``) up to 3 ms, either sign; a single run's gap smaller than that is no result.

``--parts`` adds two more recording proxies, each with one half of recording taken away
(bench_addons/record_parts.py): "hook only" does the response hook's CPU work (scrubbed copy, index record,
serialization) and suspends once, writing nothing; "commit only" does none of it and sends a constant 3,000-byte
entry through the real group commit (writing thread, sealing, both fdatasyncs, the loop's wake-up). Its line gives
each one's closed-loop cost in req/s and in proxy CPU a request (steadier on a loaded machine), beside the whole's.

``--hook-cpu`` loads bench_addons/hook_cpu.py into every proxy and prints, per request over the whole run (both
kinds of batch), each thread's CPU and context switches, every addon hook's CPU (across its suspensions), the
recording's parts and the loop's passes, then what differs most from "off": where recording's cost goes. Its
timers cost a few us a call in every proxy alike.

``--pieces`` instead times the hook's parts in this process on one chat flow (TLS connections with certificates,
the guard's metadata), CPU time, best of 7: the detached copy, the scrub, the index record, the serialization,
the writer thread's sealing of the index line, and the whole hook (copy + scrub + index record + serialization);
the flow's unscrubbed state as the event loop would hand it to a recording process (detached copy + serialization:
what such a process leaves on the loop, before the pipe and the wake-up for its answer);
the whole hook over new flows on the same connections (median of 7 x 2,000: a new id, start time, messages and
metadata each, so only what is the same from flow to flow can come from a cache);
then the writer's whole side a flow (``Recorder.write`` of rounds of 1, 4 and 12 flows, each followed by
``Recorder.sync``, both fdatasyncs, in the folder of ``--record-dir`` or a temporary one: user + system CPU of the
process) and what one suspension of a hook task costs asyncio (mitmproxy's eager tasks).
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import os
import queue
import random
import shutil
import socket
import ssl
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SUSPEND_ADDON = ROOT / "scripts" / "bench_addons" / "suspend_once.py"
HOOK_CPU_ADDON = ROOT / "scripts" / "bench_addons" / "hook_cpu.py"
PARTS_ADDON = ROOT / "scripts" / "bench_addons" / "record_parts.py"
STAGES_ADDON = ROOT / "scripts" / "bench_addons" / "commit_stages.py"
TRACE_ADDON = ROOT / "scripts" / "bench_addons" / "flow_trace.py"
sys.path.insert(0, str(ROOT))

from tests.live import harness  # noqa: E402

BODY = json.dumps({"model": "gpt-4o", "messages": [
    {"role": "system", "content": "You are a helpful assistant."},
    {"role": "user", "content": "Summarise the deployment notes for the on-call engineer: " + "lorem ipsum " * 40},
]}).encode()
# --prompt-kb N: each request a new prompt of about N KB (no two bodies alike, as in a conversation that grows), so
# the guard scans each body anew instead of answering from its detection cache as it does for BODY, sent every time.
PROSE_WORDS = ("deploy", "rollback", "service", "latency", "budget", "queue", "replica", "incident", "owner", "alert",
               "migration", "schema", "cache", "window", "ticket", "runbook", "quota", "region", "retry", "backlog")


def fresh_body(n: int, kilobytes: int) -> bytes:
    """The n-th request's body: a chat prompt of about ``kilobytes`` KB of prose no other request repeats."""
    rng = random.Random(n)
    words, size = [], 0
    while size < kilobytes * 1024:
        words.append(rng.choice(PROSE_WORDS) + (f" {rng.randrange(10**6)}." if rng.random() < 0.1 else ""))
        size += len(words[-1]) + 1
    return json.dumps({"model": "gpt-4o", "messages": [
        {"role": "system", "content": "You are a helpful assistant."},
        {"role": "user", "content": f"Request {n}: summarise these notes. " + " ".join(words)}]}).encode()


MODES = ("off", "on")
FLOOR = "off+suspend"  # --floor: recording off, each response hook suspended once (bench_addons/suspend_once.py)
BASELINE = "on, baseline"  # --baseline DIR: recording on, DIR's addons
# --parts: recording on with one half taken away (bench_addons/record_parts.py)
HOOK_ONLY, COMMIT_ONLY = "hook only", "commit only"


class Client:
    """One keep-alive HTTPS connection through the proxy (CONNECT once, then many requests)."""

    sent = itertools.count()  # request numbers across all clients (--prompt-kb: one prompt each)
    prompt_kb = 0
    traced: list[tuple[int, int, int, int]] | None = None  # --trace: (local port, due, sent, answered) ns, open loop

    def __init__(self, proxy: harness.Proxy) -> None:
        ctx = ssl.create_default_context(cafile=str(proxy.ca))
        self.conn = http.client.HTTPSConnection("127.0.0.1", proxy.port, context=ctx, timeout=30)
        self.conn.set_tunnel("api.openai.com", 443)
        self.conn.connect()
        # http.client sends a body of 2,000 bytes or more in a write of its own: without this, Nagle and delayed
        # ACKs stall each request ~40 ms and more.
        self.conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    @staticmethod
    def next_body() -> bytes:
        return fresh_body(next(Client.sent), Client.prompt_kb) if Client.prompt_kb else BODY

    def post(self, body: bytes | None = None) -> float:
        body = self.next_body() if body is None else body  # made before the clock
        started = time.perf_counter()
        self.conn.request("POST", "/v1/chat/completions", body, {"content-type": "application/json"})
        resp = self.conn.getresponse()
        resp.read()
        if resp.status != 200:
            raise RuntimeError(f"unexpected status {resp.status}")
        return time.perf_counter() - started

    def posts(self, n: int) -> list[float]:
        return [self.post() for _ in range(n)]

    def scheduled(self, starts: queue.SimpleQueue) -> list[float]:
        """Open loop: take the next scheduled start (a ``perf_counter`` time; None: no more), wait for it if it is
        ahead, send; each latency from the scheduled start, so time spent waiting for this connection counts."""
        latencies = []
        while (due := starts.get()) is not None:
            body = self.next_body()  # made before its start, as the closed loop's before its clock
            if (ahead := due - time.perf_counter()) > 0:
                time.sleep(ahead)
            sent = time.perf_counter_ns()
            self.post(body)
            latencies.append(time.perf_counter() - due)
            if Client.traced is not None:
                Client.traced.append((self.conn.sock.getsockname()[1], int(due * 1e9), sent, time.perf_counter_ns()))
        return latencies


def cpu_seconds(pid: int) -> float:
    """User + system CPU time the process has used (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main_thread_cpu_seconds(pid: int) -> float:
    """CPU time of the process's main thread (mitmproxy's event loop; the recorder writes in another thread)."""
    return cpu_seconds_of(Path(f"/proc/{pid}/task/{pid}/stat"))


def cpu_seconds_of(stat: Path) -> float:
    fields = stat.read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass
class Tally:
    """Latencies, wall time and proxy CPU time of one mode's batches."""
    pid: int
    latencies: list[float] = field(default_factory=list)
    seconds: float = 0.0
    cpu: float = 0.0
    loop_cpu: float = 0.0  # of it, the event loop's thread
    round_p50s: list[float] = field(default_factory=list)  # each open-loop round's own p50, ms

    def run(self, pool: ThreadPoolExecutor, clients: list[Client], per_client: int) -> None:
        started, cpu, loop_cpu = time.perf_counter(), cpu_seconds(self.pid), main_thread_cpu_seconds(self.pid)
        for done in [pool.submit(c.posts, per_client) for c in clients]:
            self.latencies += done.result()
        self.seconds += time.perf_counter() - started
        self.cpu += cpu_seconds(self.pid) - cpu
        self.loop_cpu += main_thread_cpu_seconds(self.pid) - loop_cpu

    def run_open(self, pool: ThreadPoolExecutor, clients: list[Client], starts: list[float]) -> None:
        """Open loop: one request at each of ``starts`` (seconds from now), over ``clients`` (Client.scheduled)."""
        due: queue.SimpleQueue = queue.SimpleQueue()
        begin = time.perf_counter() + 0.02  # the clients are waiting before the first start
        for offset in starts:
            due.put(begin + offset)
        for _ in clients:
            due.put(None)
        cpu, loop_cpu = cpu_seconds(self.pid), main_thread_cpu_seconds(self.pid)
        this_round: list[float] = []
        for done in [pool.submit(c.scheduled, due) for c in clients]:
            this_round += done.result()
        self.latencies += this_round
        if this_round:  # a short round at a low rate may schedule nothing (the same for every mode)
            self.round_p50s.append(statistics.median(this_round) * 1000)
        self.seconds += time.perf_counter() - begin
        self.cpu += cpu_seconds(self.pid) - cpu
        self.loop_cpu += main_thread_cpu_seconds(self.pid) - loop_cpu

    def quantile_ms(self, q: int) -> float:
        """The q-th percentile."""
        return statistics.quantiles(self.latencies, n=100)[q - 1] * 1000

    def open_line(self, label: str) -> str:
        return (f"  {label}: {self.rate:7.1f} req/s   p50 {self.p50_ms:6.2f} ms   p90 {self.quantile_ms(90):6.2f} ms   "
                f"p99 {self.quantile_ms(99):6.2f} ms   proxy CPU {self.cpu_ms:5.2f} ms/request "
                f"(event loop {self.loop_ms:5.2f})")

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds

    @property
    def p50_ms(self) -> float:
        return statistics.median(self.latencies) * 1000

    def line(self, label: str) -> str:
        p90 = statistics.quantiles(self.latencies, n=10)[-1] * 1000
        return (f"  {label}: {self.rate:7.1f} req/s   p50 {self.p50_ms:6.2f} ms   p90 {p90:6.2f} ms   "
                f"proxy CPU {self.cpu_ms:5.2f} ms/request (event loop {self.loop_ms:5.2f})")

    @property
    def loop_ms(self) -> float:
        return self.loop_cpu / len(self.latencies) * 1000

    @property
    def cpu_ms(self) -> float:
        return self.cpu / len(self.latencies) * 1000


def parts_line(closed: dict[str, Tally], floor: bool) -> str:
    """--parts: each half's closed-loop cost in req/s and in proxy CPU a request, beside the whole (and the floor)."""
    off = closed["off"]

    def share(name: str) -> str:
        tally = closed[name]
        return (f"{name} {(off.rate - tally.rate) / off.rate * 100:.1f}% req/s, "
                f"{(tally.cpu_ms - off.cpu_ms) / off.cpu_ms * 100:+.1f}% CPU")

    names = [FLOOR] * floor + [HOOK_ONLY, COMMIT_ONLY, "on"]
    return "parts (closed loop; CPU: proxy CPU a request against off's): " + "; ".join(share(n) for n in names)


def cost(off: Tally, on: Tally) -> str:
    return f"{(off.rate - on.rate) / off.rate * 100:.1f}% req/s, p50 {on.p50_ms - off.p50_ms:+.2f} ms"


def open_cost(off: Tally, on: Tally) -> str:
    return f"p50 {on.p50_ms - off.p50_ms:+.2f} ms, p99 {on.quantile_ms(99) - off.quantile_ms(99):+.2f} ms"


@dataclass(frozen=True)
class Rate:
    """--rate: requests/s, or a fraction of the off proxy's closed-loop req/s (``0.3x``)."""
    per_second: float | None
    fraction: float | None

    @classmethod
    def parse(cls, text: str) -> Rate:
        value = float(text.removesuffix("x"))
        if value <= 0:
            raise argparse.ArgumentTypeError("--rate must be above 0")
        return cls(None, value) if text.endswith("x") else cls(value, None)


def sync_probe(folder: Path, n: int = 20) -> list[float]:
    """Seconds of ``n`` appends (3 KB, a flow's size) each followed by an fdatasync, in ``folder`` (where the proxies
    record): what one group-commit round waits for at least, on this disk at this moment."""
    path = folder / "sync-probe"
    took = []
    with path.open("ab", buffering=0) as f:
        for _ in range(n):
            started = time.perf_counter()
            f.write(b"x" * 3000)
            os.fdatasync(f.fileno())
            took.append(time.perf_counter() - started)
    path.unlink()
    return took


def slot_copy(source: Path, folder: Path) -> Path:
    """A fresh copy of ``source``'s addons and rules (no bytecode caches) in ``folder``, compiled there, so that both
    recording slots load their code alike: from a sibling folder, each with its own warm bytecode. Returns the
    copy's bundle."""
    for part in ("addons", "rules"):
        shutil.copytree(source / part, folder / part, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(folder / "addons")], check=True)
    bundle = folder / "addons" / "bundle.py"
    if not bundle.is_file():
        raise SystemExit(f"no {source / 'addons' / 'bundle.py'}")
    return bundle


def round_order(modes: tuple[str, ...], r: int) -> tuple[str, ...]:
    """Round ``r``'s order: a rotation of ``modes`` (each first in turn), reversed in every other round, so any two
    modes run in either order equally often and none always follows the same neighbour."""
    turn = (r // 2) % len(modes)
    rotated = modes[turn:] + modes[:turn]
    return rotated[::-1] if r % 2 else rotated


def slot_gap(label: str, a: list[float], b: list[float]) -> str:
    """Per-round differences ``a - b`` (ms) and how often ``a`` was lower: a gap that flips sign is noise."""
    gaps = [x - y for x, y in zip(a, b)]
    return (f"{label} per round: " + ", ".join(f"{g:+.2f}" for g in gaps)
            + f" ms (median {statistics.median(gaps):+.2f}, first lower in {sum(g < 0 for g in gaps)} of {len(gaps)})")


def poisson_starts(rate: float, seconds: float, seed: int) -> list[float]:
    """Start times (seconds from 0) of Poisson arrivals at ``rate`` over ``seconds``, seeded."""
    rng, at, starts = random.Random(seed), 0.0, []
    while (at := at + rng.expovariate(rate)) < seconds:
        starts.append(at)
    return starts


def chat_flow(rt):
    """A recorded chat flow as the hook sees it (what the guard leaves in the metadata, no findings)."""
    from mitmproxy import certs, http
    from mitmproxy.test import tflow

    from addons.core import metakeys

    reply = json.dumps({"id": "chatcmpl-1", "object": "chat.completion", "model": "gpt-4o", "choices": [
        {"index": 0, "message": {"role": "assistant", "content": "The notes say: nothing is on fire."},
         "finish_reason": "stop"}], "usage": {"prompt_tokens": 120, "completion_tokens": 9}}).encode()
    f = tflow.tflow(resp=True)
    f.live = True
    _, ca = certs.create_ca("exitguard bench", "exitguard bench CA", 2048)
    f.server_conn.certificate_list = [certs.Cert(ca), certs.Cert(ca)]
    f.client_conn.mitmcert = certs.Cert(ca)
    f.request = http.Request.make("POST", "https://api.openai.com/v1/chat/completions", BODY, {
        "content-type": "application/json", "content-length": str(len(BODY)), "accept-encoding": "identity",
        "user-agent": "Python-urllib/3.12", "authorization": "Bearer [BROKERED:openai]"})
    f.request.timestamp_start = time.time()
    # As the benchmark's proxy sees it (tests/live/harness.py): the tunnel goes to the local upstream's address,
    # every name the client gives is the provider's.
    f.request.data.host, f.server_conn.address = "127.0.0.1", ("127.0.0.1", 443)
    f.server_conn.sni = f.client_conn.sni = "api.openai.com"
    f.response = http.Response.make(200, reply, {"content-type": "application/json", "server": "upstream",
                                                 "date": "Wed, 02 Dec 2026 23:00:00 GMT"})
    names = [{"source": "target", "host": "127.0.0.1"}, {"source": "connect", "host": "127.0.0.1"},
             {"source": "upstream_sni", "host": "api.openai.com"}, {"source": "sni", "host": "api.openai.com"},
             {"source": "host", "host": "api.openai.com"}]
    f.metadata.update({
        metakeys.IDENTITY: "agent-7", metakeys.GROUPS: ["agents"], metakeys.AUTH_METHOD: "token",
        metakeys.HOST_CLASS: "guarded", metakeys.DECISION: "allow", metakeys.REASON: "no findings",
        metakeys.DESTINATION: {"host": "api.openai.com", "port": 443, "scheme": "https", "names": names,
                               "agree": True, "claimed": []},
        metakeys.FINDINGS: [], metakeys.LATENCY_MS: 1.25, metakeys.MODEL: "gpt-4o",
        metakeys.POLICY_VERSION: rt.version, metakeys.INJECTED: [{"header": "authorization", "name": "openai"}],
        metakeys.COVERAGE: [{"direction": "request", "status": "scanned", "reason": "4 field(s)"},
                            {"direction": "response", "status": "scanned", "reason": "6 field(s)"}]})
    return f


def _per_request(start: dict, end: dict, requests: int) -> dict[str, float]:
    """bench_addons/hook_cpu.py's totals over the run, per request: CPU in us, calls and context switches."""
    tick = 1e6 / os.sysconf("SC_CLK_TCK")
    out = {}
    for key, value in end["totals"].items():
        delta = value - start["totals"].get(key, 0)
        out[key.removesuffix(" ns")] = delta / 1000 / requests if key.endswith(" ns") else delta / requests
    for thread, now in end["threads"].items():
        before = start["threads"].get(thread, [0, 0, 0, 0])
        user, system, voluntary, involuntary = (b - a for a, b in zip(before, now, strict=True))
        out[f"{thread}: user + system CPU"] = (user + system) * tick / requests
        out[f"{thread}: context switches (voluntary)"] = voluntary / requests
        out[f"{thread}: context switches (involuntary)"] = involuntary / requests
    return out


STAGES = ("hand-over", "taken", "sync start", "sync end", "release sent", "loop woken", "hook resumed")


def stage_summary(flows: list[list[int]]) -> dict[str, list[float]]:
    """bench_addons/commit_stages.py's flows: per stage, p10 / p50 / p90 in ms after the flow's start."""
    out = {}
    for n, name in enumerate(STAGES, start=1):
        values = [flow[n] for flow in flows]
        if len(values) >= 10:
            q = statistics.quantiles(values, n=10)
            out[name] = [round(q[0] / 1e6, 3), round(statistics.median(values) / 1e6, 3), round(q[-1] / 1e6, 3)]
    return out


TRACE_STAGES = ("request start", "requestheaders in", "requestheaders out", "request end", "request in",
                "request out", "response start", "responseheaders in", "responseheaders out", "response end",
                "hook task", "response in", "audit in", "handed in", "hand-over", "taken", "written", "sync start",
                "sync end", "release sent", "loop woken", "hook resumed", "audit out", "response out", "sent",
                "client answered")


def print_trace(traces: dict[str, list[dict]], clients: list[tuple[int, int, int, int]],
                windows: dict[str, list[tuple[int, int]]]) -> dict[str, list[dict[str, int]]]:
    """--trace: each mode's open-loop flows, matched to the client request that made them (its connection's local
    port, the proxy's request start between its send and its answer); per stage the p50 of the time since the
    client sent, and the p50 of the step from the stage before (of the stages that flow has)."""
    by_port: dict[int, list[tuple[int, int, int]]] = {}
    for port, due, sent, answered in clients:
        by_port.setdefault(port, []).append((due, sent, answered))
    timelines: dict[str, list[dict[str, int]]] = {}
    for name, flows in traces.items():
        for flow in flows:
            start = flow.get("request start")
            if start is None or not any(a <= start <= b for a, b in windows.get(name, [])):
                continue
            match = [c for c in by_port.get(flow["port"], []) if c[1] <= start <= c[2]]
            if len(match) != 1:
                continue
            due, sent, answered = match[0]
            line = {stage: at - sent for stage, at in flow.items() if stage != "port"}
            line["client answered"] = answered - sent
            line["waited for a connection"] = sent - due
            timelines.setdefault(name, []).append(line)
    modes = list(timelines)
    print("where an open-loop flow's time goes (--trace, bench_addons/flow_trace.py; ms since the client sent it, "
          "p50, and the p50 of the step from the stage before; flows matched: "
          + ", ".join(f"{m} {len(timelines[m])}" for m in modes) + "):")
    print(f"  {'':22}" + "".join(f"{m[:15]:>16}{'step':>8}" for m in modes))
    for stage in ("waited for a connection", *TRACE_STAGES):
        cells = []
        for m in modes:
            at = [t[stage] for t in timelines[m] if stage in t]
            steps = [t[stage] - t[prev] for t in timelines[m] if stage in t
                     for prev in [_previous(t, stage)] if prev is not None]
            cells.append(f"{statistics.median(at) / 1e6:16.3f}" if at else f"{'':16}")
            cells.append(f"{statistics.median(steps) / 1e6:8.3f}" if steps else f"{'':8}")
        if any(c.strip() for c in cells):
            print(f"  {stage:22}" + "".join(cells))
    return timelines


def _previous(timeline: dict[str, int], stage: str) -> str | None:
    """The stage before ``stage`` in TRACE_STAGES that this timeline has (None for the first)."""
    if stage not in TRACE_STAGES:
        return None
    before = [s for s in TRACE_STAGES[:TRACE_STAGES.index(stage)] if s in timeline]
    return before[-1] if before else None


def print_hook_cpu(per_request: dict[str, dict[str, float]]) -> None:
    """Each proxy's figures per request (whole run), then what differs most from "off"."""
    print("where the CPU goes, per request over the whole run (bench_addons/hook_cpu.py; us of CPU, else counts):")
    names = sorted({key for figures in per_request.values() for key in figures})
    modes = list(per_request)
    print(f"  {'':52}" + "".join(f"{mode:>14}" for mode in modes))
    off = per_request["off"]
    shown = [key for key in names if any(abs(figures.get(key, 0) - off.get(key, 0)) >= 2 or
                                         (not key.startswith("hook ") and figures.get(key, 0))
                                         for figures in per_request.values())]
    for key in sorted(shown, key=lambda k: -max(abs(f.get(k, 0) - off.get(k, 0)) for f in per_request.values())):
        print(f"  {key[:52]:52}" + "".join(f"{per_request[mode].get(key, 0):14.2f}" for mode in modes))


def clean_bodies_module():
    """core/clean_bodies.py where this build has it (a baseline checkout may not)."""
    try:
        from addons.core import clean_bodies
    except ImportError:
        return None
    return clean_bodies


def pieces(record_dir: Path | None = None) -> int:
    """CPU per flow of the hook's parts, in this process (see the module docstring)."""
    from addons.audit import audit, scrub
    from addons.audit import index as auditlog
    from addons.audit.recorder import Recorder
    from addons.core import outside, runtime

    with tempfile.TemporaryDirectory() as tmp:
        rt = runtime.build(None, [], Path(tmp) / "key")
    runtime.install(rt)
    flow = chat_flow(rt)
    if hasattr(clean_bodies_module(), "mark"):  # as the guard leaves them: scanned, nothing found
        clean_bodies_module().mark(flow.request, rt.inspector)
        clean_bodies_module().mark(flow.response, rt.inspector)
    sizes = (len(flow.request.raw_content or b""), len(flow.response.raw_content or b""))
    copy = scrub.record_copy(flow, rt)
    record = {**audit.flow_record(copy, rt, sizes), "file": "audit-000001-20261202T000000Z.mitm", "offset": 0,
              **auditlog.flow_commitment(Recorder.serialize(copy))}

    def hook(flow) -> None:
        if not hasattr(outside, "Remembering"):  # a build before the per-record scanner (to compare with)
            c = scrub.record_copy(flow, rt)
            audit.flow_record(c, rt, sizes)
            Recorder.serialize(c)
            return
        scanner = outside.Remembering(rt.inspector)
        c = scrub.record_copy(flow, rt, scanner)
        audit.flow_record(c, rt, sizes, scanner)
        Recorder.serialize(c)

    # Each streamed answer is new text (as in real traffic): a repeated one would come from the detection cache.
    answers = iter([streamed_flow(flow, n) for n in range(7 * 50 + 10)])
    events = streamed_flow(flow, 0).response.raw_content.count(b"\n\ndata: ")
    parts = {"detached copy": lambda: scrub.detached(flow), "copy + scrub": lambda: scrub.record_copy(flow, rt),
             "index record": lambda: audit.flow_record(copy, rt, sizes),
             "serialization": lambda: Recorder.serialize(copy),
             "sealing (writer thread)": lambda: auditlog.Chain().seal(record), "whole hook": lambda: hook(flow),
             # what a recording process (scrub, index record, serialization in a child) would leave on the loop
             "state out for a recording process": lambda: Recorder.serialize(scrub.detached(flow)),
             f"whole hook, streamed answer ({events} events)": lambda: hook(next(answers))}
    print(f"exitguard recording, the hook's parts on one {len(BODY)}-byte chat flow (CPU per flow, best of 7):")
    for name, part in parts.items():
        runs = 50 if "streamed" in name else 1000
        for _ in range(runs // 5):
            part()
        best = float("inf")
        for _ in range(7):
            started = time.process_time()
            for _ in range(runs):
                part()
            best = min(best, time.process_time() - started)
        print(f"  {name:42} {best / runs * 1e6:7.1f} us")
    data, placer = Recorder.serialize(copy), audit.placed(audit.flow_record(copy, rt, sizes))
    with tempfile.TemporaryDirectory(prefix="exitguard-bench-pieces-", dir=record_dir) as folder:
        for k, cpu_us, system_us in commit_cpu(Recorder, folder, data, placer):
            print(f"  {f'writer: {k}-flow rounds + fdatasyncs, a flow':42} {cpu_us:7.1f} us ({system_us:.1f} system)")
    direct, suspended = suspension_cpu()
    print(f"  {'one suspension of a hook task (asyncio)':42} {suspended - direct:7.1f} us "
          f"({direct:.1f} -> {suspended:.1f} a hook task)")
    runs = [fresh_hook_cpu(flow, rt, hook) for _ in range(7)]
    print(f"  {'whole hook, fresh flows on its connections':42} {statistics.median(runs):7.1f} us "
          f"(median of 7 x {FRESH_FLOWS}; {min(runs):.1f} - {max(runs):.1f})")
    return 0


FRESH_FLOWS = 2000


def fresh_hook_cpu(chat, rt, hook) -> float:
    """CPU of ``hook`` a flow over FRESH_FLOWS new flows like ``chat`` (a new id, request start, messages and
    metadata each, as a keep-alive connection's next requests: the same connection objects), us. Unlike the same
    flow again, nothing of one flow's own objects is met twice: what a per-flow cache cannot give."""
    import copy
    import uuid

    clean_bodies = clean_bodies_module()

    def fresh():
        f = copy.copy(chat)
        f.id = str(uuid.uuid4())
        f.request, f.response = chat.request.copy(), chat.response.copy()
        f.request.timestamp_start = time.time()
        f.metadata = copy.deepcopy(chat.metadata)
        if hasattr(clean_bodies, "mark"):
            clean_bodies.mark(f.request, rt.inspector)
            clean_bodies.mark(f.response, rt.inspector)
        return f

    flows = [fresh() for _ in range(FRESH_FLOWS)]
    started = time.process_time()
    for f in flows:
        hook(f)
    return (time.process_time() - started) / FRESH_FLOWS * 1e6


def commit_cpu(recorder_class, folder: str, data: bytes, placer, flows: int = 1200):
    """The writer's side of recording, per flow: ``Recorder.write`` of rounds of k copies of one serialized flow,
    each followed by ``Recorder.sync`` (both fdatasyncs), in this process (no hand-over between threads), on the
    folder's filesystem; user + system CPU of the process (the index's fdatasync runs on a helper thread), best of
    3. Yields (k, us a flow, of it system us)."""
    import resource

    from addons.audit.recorder import FlowEntry, Rotation

    def cpu() -> tuple[float, float]:
        used = resource.getrusage(resource.RUSAGE_SELF)
        return used.ru_utime + used.ru_stime, used.ru_stime

    recorder = recorder_class(folder, Rotation.parse("hourly"), key=b"bench-key-" * 4)
    try:
        for event in recorder.open():
            recorder.record_event(event)
        for k in (1, 4, 12):
            best = (float("inf"), 0.0)
            for _ in range(3):
                (cpu0, sys0) = cpu()
                for _ in range(flows // k):
                    recorder.write([FlowEntry(data, placer) for _ in range(k)], [object() for _ in range(k)])
                    recorder.sync()
                (cpu1, sys1) = cpu()
                best = min(best, ((cpu1 - cpu0) / flows * 1e6, (sys1 - sys0) / flows * 1e6))
            yield k, best[0], best[1]
    finally:
        recorder.release()


def suspension_cpu(n: int = 100_000) -> tuple[float, float]:
    """CPU of a hook task as mitmproxy runs one (an eager task started from a transport's callback, then the
    server-event lock), finishing at once or suspending once (``await asyncio.sleep(0)``, as the floor's addon
    does), 12 started a loop pass; best of 3, us a hook task."""
    import asyncio

    async def run(suspend: bool) -> float:
        loop = asyncio.get_running_loop()
        loop.set_task_factory(asyncio.eager_task_factory)
        lock, finished, done = asyncio.Lock(), loop.create_future(), [0]

        async def hook_task() -> None:
            if suspend:
                await asyncio.sleep(0)
            async with lock:  # mitmproxy's server_event after the hook
                pass
            done[0] += 1
            if done[0] == n:
                finished.set_result(None)

        started = time.process_time()
        for i in range(n):
            loop.call_soon(lambda: asyncio.create_task(hook_task()))
            if i % 12 == 11:
                await asyncio.sleep(0)
        await finished
        return (time.process_time() - started) / n * 1e6

    return tuple(min(asyncio.run(run(suspend)) for _ in range(3)) for suspend in (False, True))  # type: ignore


def streamed_flow(chat, n: int):
    """``chat`` with its ``n``-th answer streamed (SSE, one word per event) as the stream concern leaves it for the
    record: the events the client was sent, as the response body."""
    from mitmproxy import http

    from addons.core import metakeys

    words = (f"the notes of shift {n} say that nothing is on fire and the on-call engineer can rest " * 20).split()
    events = [json.dumps({"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1767225600,
                          "model": "gpt-4o", "choices": [{"index": 0, "delta": {"content": " " + word},
                                                          "finish_reason": None}]}) for word in words]
    body = "".join(f"data: {event}\n\n" for event in events) + "data: [DONE]\n\n"
    f = chat.copy()
    f.id, f.live = chat.id, True
    f.response = http.Response.make(200, body.encode(), {"content-type": "text/event-stream"})
    f.metadata[metakeys.STREAMED] = True
    return f


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pieces", action="store_true", help="time the hook's parts in this process instead")
    ap.add_argument("--rounds", type=int, default=10)
    ap.add_argument("--clients", type=int, default=12, help="concurrent keep-alive connections per mode")
    ap.add_argument("--batch", type=int, default=10, help="POSTs per concurrent client per batch")
    ap.add_argument("--single-batch", type=int, default=30, help="POSTs of the one-connection batch (0: skip)")
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("--floor", action="store_true",
                    help="also run a proxy with recording off whose response hooks each suspend once (the floor)")
    slots = ap.add_mutually_exclusive_group()
    slots.add_argument("--baseline", type=Path, default=None,
                       help="also run a recording proxy with this checkout's addons (DIR/addons/bundle.py)")
    slots.add_argument("--aa", action="store_true",
                       help="A/A: the baseline slot runs this build too (the slots' noise floor)")
    ap.add_argument("--restart-every", type=int, default=2, metavar="K",
                    help="with --baseline or --aa: start both recording slots again every K rounds (0: never)")
    ap.add_argument("--baseline-first", action="store_true",
                    help="start the baseline slot's proxy before the \"on\" slot's (default: after)")
    ap.add_argument("--prompt-kb", type=int, default=0,
                    help="send each request a new prompt of about this many KB (default: the same 666-byte body)")
    ap.add_argument("--parts", action="store_true",
                    help="also run two recording proxies with one half of recording each (the hook's CPU work "
                         "only; a constant entry through the group commit only: bench_addons/record_parts.py)")
    ap.add_argument("--hook-cpu", action="store_true",
                    help="also print where each proxy's CPU goes (bench_addons/hook_cpu.py), per request")
    ap.add_argument("--stages", action="store_true",
                    help="also print where a recorded flow's wait goes (bench_addons/commit_stages.py)")
    ap.add_argument("--trace", nargs="?", const="", default=None, metavar="JSON",
                    help="with --rate: also print each mode's open-loop flow timeline, stage by stage "
                         "(bench_addons/flow_trace.py); with a file name, also write every flow's timeline there")
    ap.add_argument("--rate", type=Rate.parse, default=None,
                    help="also run an open loop at this many requests/s (or Fx: F times off's closed-loop req/s)")
    ap.add_argument("--open-seconds", type=float, default=3.0, help="seconds of open loop per mode per round")
    ap.add_argument("--record-dir", type=Path, default=None,
                    help="record here (e.g. on the volume production uses; default: a temporary folder)")
    args = ap.parse_args()
    if args.pieces:
        return pieces(args.record_dir)
    if args.aa:
        args.baseline = ROOT
    paired = args.baseline is not None
    Client.prompt_kb = args.prompt_kb
    tmp = Path(tempfile.mkdtemp(prefix="exitguard-bench-"))
    launched: list[harness.Proxy] = []  # every proxy this run started: stopped at the end, whatever happened
    try:
        ca, pem = harness.make_upstream_certs(tmp)
        upstream = harness.Upstream(pem)
        harness._upstream_ca[id(upstream)] = ca
        rec_dir = Path(tempfile.mkdtemp(prefix="exitguard-bench-rec-", dir=args.record_dir)) if args.record_dir \
            else tmp / "rec"
        cpu_files: dict[str, Path] = {}
        stage_files: dict[str, Path] = {}
        trace_files: dict[str, list[Path]] = {}
        if args.trace is not None:
            Client.traced = []

        def start(name: str, folder: str, *extra: str, **kwargs) -> harness.Proxy:
            if args.stages and name in ("on", BASELINE):
                stage_files[name] = tmp / f"{folder}.stages.json"
                os.environ["EXITGUARD_STAGES"] = str(stage_files[name])
                extra = (*extra, "-s", str(STAGES_ADDON))
            if args.trace is not None:
                trace_files.setdefault(name, []).append(tmp / f"{folder}.trace.json")
                os.environ["EXITGUARD_TRACE"] = str(trace_files[name][-1])
                extra = (*extra, "-s", str(TRACE_ADDON))
            if args.hook_cpu:  # the addon reads where to write from its environment
                cpu_files[name] = tmp / f"{folder}.hook-cpu.json"
                os.environ["EXITGUARD_HOOK_CPU"] = str(cpu_files[name])
                extra = (*extra, "-s", str(HOOK_CPU_ADDON))
            launched.append(harness.start_proxy(tmp / folder, upstream, *extra, **kwargs))
            return launched[-1]

        # Each recording slot its own record folder, the disk probe a third: none shares a folder with another.
        probe_dir = rec_dir / "probe"
        probe_dir.mkdir(parents=True)
        proxies = {"off": start("off", "off")}
        slot_bundles = {"on": harness.BUNDLE}
        if paired:  # both recording slots from fresh sibling copies, alike but for the build
            slot_bundles = {"on": slot_copy(ROOT, tmp / "slot-on"),
                            BASELINE: slot_copy(args.baseline.resolve(), tmp / "slot-baseline")}
        slot_folders = {"on": "on", BASELINE: "baseline"}

        def start_slots(baseline_first: bool, generation: int) -> dict[str, harness.Proxy]:
            """The recording slots' proxies, started in this order (each its own record folder)."""
            started = {}
            for name in sorted(slot_bundles, key=lambda n: (n == "on") == baseline_first):
                folder = f"{slot_folders[name]}-{generation}"
                started[name] = start(name, folder, "--set", f"exitguard_record_dir={rec_dir / folder}",
                                      bundle=slot_bundles[name])
            return started

        proxies |= start_slots(args.baseline_first, 1)
        proxies = {name: proxies[name] for name in ("off", "on", BASELINE) if name in proxies}
        # Every --restart-every rounds both recording slots start again, in the other order: identical builds in two
        # processes came apart in every round of a run (rec27), so each slot's figures pool several processes and
        # both start positions.
        every = args.restart_every if paired and not (args.hook_cpu or args.stages) else 0
        if args.floor:
            proxies[FLOOR] = start(FLOOR, "floor", "-s", str(SUSPEND_ADDON))
        for name, part in ((HOOK_ONLY, "hook"), (COMMIT_ONLY, "commit")) if args.parts else ():
            os.environ["EXITGUARD_RECORD_PART"] = part
            folder = f"part-{part}"
            proxies[name] = start(name, folder, "--set", f"exitguard_record_dir={rec_dir / folder}",
                                  "-s", str(PARTS_ADDON))
        os.environ.pop("EXITGUARD_RECORD_PART", None)
        os.environ.pop("EXITGUARD_HOOK_CPU", None)
        os.environ.pop("EXITGUARD_STAGES", None)
        os.environ.pop("EXITGUARD_TRACE", None)
        modes = tuple(proxies)
        clients = {name: [Client(p) for _ in range(args.clients)] for name, p in proxies.items()}
        pool = ThreadPoolExecutor(max_workers=args.clients)
        for group in clients.values():
            list(pool.map(lambda c: c.posts(args.warmup), group))
        time.sleep(0.6 if args.hook_cpu else 0)  # the addon writes its totals every 0.5 s
        cpu_start = {name: json.loads(path.read_text()) for name, path in cpu_files.items()}
        concurrent = {name: Tally(proxies[name].proc.pid) for name in modes}
        single = {name: Tally(proxies[name].proc.pid) for name in modes}
        opened = {name: Tally(proxies[name].proc.pid) for name in modes}
        rate: float | None = args.rate.per_second if args.rate else None
        syncs: list[float] = []
        open_windows: dict[str, list[tuple[int, int]]] = {}
        for r in range(args.rounds):
            if every and r and r % every == 0:
                for name in slot_bundles:
                    proxies[name].stop()
                generation = r // every + 1
                proxies |= start_slots(args.baseline_first != (generation % 2 == 0), generation)
                for name in slot_bundles:
                    clients[name] = [Client(proxies[name]) for _ in range(args.clients)]
                    list(pool.map(lambda c: c.posts(args.warmup), clients[name]))
                    for tally in (concurrent[name], single[name], opened[name]):
                        tally.pid = proxies[name].proc.pid
            syncs += sync_probe(probe_dir)  # between the batches: the disk as the rounds find it
            order = round_order(modes, r)
            for name in order:
                concurrent[name].run(pool, clients[name], args.batch)
            for name in order if args.single_batch else ():
                single[name].run(pool, clients[name][:1], args.single_batch)
            if args.rate is None:
                continue
            if rate is None:  # --rate Fx: fixed from the first round's closed loop
                rate = args.rate.fraction * concurrent["off"].rate
            starts = poisson_starts(rate, args.open_seconds, seed=r)  # the same schedule for every mode
            for name in order:
                started = time.perf_counter_ns()
                opened[name].run_open(pool, clients[name], starts)
                open_windows.setdefault(name, []).append((started, time.perf_counter_ns()))
        pool.shutdown()
        time.sleep(0.6 if args.hook_cpu else 0)
        cpu_end = {name: json.loads(path.read_text()) for name, path in cpu_files.items()}
        time.sleep(0.6 if args.stages or args.trace is not None else 0)
        traces = {name: [flow for path in paths if path.exists() for flow in json.loads(path.read_text())["flows"]]
                  for name, paths in trace_files.items()}
        stages = {name: json.loads(path.read_text()) for name, path in stage_files.items() if path.exists()}
        for p in proxies.values():
            p.stop()
        upstream.close()
        recorded = sum(p.read_bytes().count(b"\n") for p in rec_dir.glob("**/*.jsonl"))
        if args.record_dir:
            shutil.rmtree(rec_dir, ignore_errors=True)
        body = f"a new ~{args.prompt_kb} KB prompt per request" if args.prompt_kb else f"{len(BODY)}-byte chat body"
        print(f"exitguard recording cost: {args.rounds} rounds, modes in turn ({', '.join(modes)}); "
              f"{body}; {recorded} index records written")
        if paired:
            first = "baseline" if args.baseline_first else '"on"'
            print(f"recording slots: {first} started first" + (f", both started again every {every} rounds, in the "
                                                               f"other order each time" if every else ""))
        print(f"{args.clients} concurrent keep-alive clients x {args.batch} POSTs per batch:")
        for name in modes:
            print(concurrent[name].line(f"recording {name:12}"))
        if args.single_batch:
            print(f"1 keep-alive client x {args.single_batch} POSTs per batch:")
            for name in modes:
                print(single[name].line(f"recording {name:12}"))
            print(f"  one connection: {cost(single['off'], single['on'])}")
            if args.baseline:
                print(f"  one connection, baseline: {cost(single['off'], single[BASELINE])}")
        if args.rate is not None:
            assert rate is not None
            given = f"{args.rate.fraction:g} x round 1's closed-loop off {rate / args.rate.fraction:.1f} req/s" \
                if args.rate.fraction else "given"
            print(f"open loop: Poisson arrivals at {rate:.1f} req/s ({given}; seeded, the same per round for every "
                  f"mode), {args.open_seconds:g} s a round over {args.clients} connections, latency from the "
                  f"scheduled start:")
            for name in modes:
                print(opened[name].open_line(f"recording {name:12}"))
            print(f"  open loop: {open_cost(opened['off'], opened['on'])}")
            if args.floor:
                print(f"  open loop, floor: {open_cost(opened['off'], opened[FLOOR])}")
            if args.baseline:
                print(f"  open loop, baseline: {open_cost(opened['off'], opened[BASELINE])}")
                print("  " + slot_gap('open-loop p50, "on" - baseline', opened["on"].round_p50s,
                                      opened[BASELINE].round_p50s))
        if args.floor:
            floor = cost(concurrent["off"], concurrent[FLOOR])
            print(f"floor (one suspended response hook, nothing recorded): {floor}")
        if args.parts:
            print(parts_line(concurrent, args.floor))
        if args.baseline:
            which = "this build again (A/A)" if args.aa else str(args.baseline)
            print(f"baseline ({which}) recording cost: {cost(concurrent['off'], concurrent[BASELINE])}")
        if args.hook_cpu:
            served = {name: len(concurrent[name].latencies) + len(single[name].latencies)
                      + len(opened[name].latencies) for name in modes}
            print_hook_cpu({name: _per_request(cpu_start[name], cpu_end[name], served[name]) for name in modes})
        if traces and Client.traced:
            timelines = print_trace(traces, Client.traced, open_windows)
            if args.trace:
                Path(args.trace).write_text(json.dumps(timelines))
        for name, stamped in stages.items():
            flows = [f for f in stamped["flows"] if any(a <= f[0] <= b for a, b in open_windows.get(name, []))]
            print(f"where a recorded flow of the open loop waits ({name}; ms after its hook handed the entry in, "
                  f"p10 / p50 / p90, {len(flows)} flows): "
                  + "; ".join(f"{k} {' / '.join(map(str, v))}" for k, v in stage_summary(flows).items()))
        sync_q = statistics.quantiles(syncs, n=10)
        print(f"the record folder's append + fdatasync, {len(syncs)} between the batches (a round waits for one): "
              f"p10 {sync_q[0] * 1000:.2f} ms, p50 {statistics.median(syncs) * 1000:.2f} ms, p90 "
              f"{sync_q[-1] * 1000:.2f} ms")
        closed = cost(concurrent["off"], concurrent["on"])
        print(f"closed loop, {args.clients} clients: {closed}")
        if args.rate is not None:
            throughput = (concurrent["off"].rate - concurrent["on"].rate) / concurrent["off"].rate * 100
            open_p50 = opened["on"].p50_ms - opened["off"].p50_ms
            if args.baseline:
                base = (concurrent["off"].rate - concurrent[BASELINE].rate) / concurrent["off"].rate * 100
                print(f"baseline recording cost (closed-loop req/s, open-loop p50): {base:.1f}% req/s, p50 "
                      f"{opened[BASELINE].p50_ms - opened['off'].p50_ms:+.2f} ms")
            print(f"recording cost: {throughput:.1f}% req/s, p50 {open_p50:+.2f} ms")
        else:
            print(f"recording cost: {closed}")
        if args.aa:  # the same build in both slots: any gap is the bench's and the machine's, not the code's
            apart = (concurrent["on"].rate - concurrent[BASELINE].rate) / concurrent[BASELINE].rate * 100
            gaps = [f"closed-loop req/s {apart:+.1f}%"]
            if args.single_batch:
                gaps.append(f"one connection p50 {single['on'].p50_ms - single[BASELINE].p50_ms:+.2f} ms")
            if args.rate is not None:
                gaps.append(f"open-loop p50 {opened['on'].p50_ms - opened[BASELINE].p50_ms:+.2f} ms")
            print(f"A/A noise floor (\"on\" - baseline, the same build): {', '.join(gaps)}")
        return 0
    finally:
        for proxy in launched:  # a run that raised midway left its proxies running (rec27)
            proxy.stop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
