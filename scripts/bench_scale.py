#!/usr/bin/env python3
"""How exitguard scales with replicas: requests/s through ONE mitmdump+bundle, and through 1, 2, ... N of them
behind a round-robin TCP balancer, side by side in one run on this machine, as a fleet runs them: every replica
records (exitguard_record_dir) and shares its state in a real redis-server (exitguard_state=redis://).

    .venv/bin/python scripts/bench_scale.py [--procs 3] [--seconds 20] [--conns 16] [--state redis|memory]
                                            [--no-record]

The benchmark's requests need no approval, so the shared state costs them nothing per request (a replica
talks to Redis for approvals, windows and its heartbeat); recording costs every request.

mitmproxy runs one asyncio thread per process (CPU-bound Python), so more throughput means more processes. Setup:
keep-alive plain-HTTP chat-completion POSTs (~1 KB JSON) to a local upstream that the default policy plus one line
makes a guarded host (every body is scanned by the full rule set); load generator, balancer, upstream and proxies
share this machine's cores, so the N-process figure is a lower bound of what N dedicated cores give.
Nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MITMDUMP = ROOT / ".venv" / "bin" / "mitmdump"
PROMPT = ("Summarise the following build log and suggest a fix. " * 12).strip()
BODY = json.dumps({"model": "gpt-4o-mini", "messages": [{"role": "user", "content": PROMPT}]}).encode()
REPLY = json.dumps({"id": "chatcmpl-bench", "object": "chat.completion", "choices": [
    {"index": 0, "message": {"role": "assistant", "content": "ok"}, "finish_reason": "stop"}]}).encode()


# --------------------------------------------------------------------------- helpers run as subprocesses


async def read_message(reader: asyncio.StreamReader) -> tuple[bytes, bytes]:
    head = await reader.readuntil(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    return head, await reader.readexactly(length) if length else b""


async def serve_upstream(port: int) -> None:
    """Minimal keep-alive HTTP/1.1 upstream answering every request with a chat completion."""
    response = (b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: %d\r\n\r\n" % len(REPLY)
                + REPLY)

    async def handle(reader, writer):
        try:
            while True:
                await read_message(reader)
                writer.write(response)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", port, backlog=1024)
    await server.serve_forever()


async def serve_balancer(port: int, backends: list[int]) -> None:
    """Round-robin TCP balancer: each new client connection goes to the next backend; bytes are relayed as is."""
    ring = itertools.cycle(backends)

    async def pump(reader, writer):
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        except ConnectionError:
            pass
        finally:
            writer.close()

    async def handle(c_reader, c_writer):
        try:
            s_reader, s_writer = await asyncio.open_connection("127.0.0.1", next(ring))
        except OSError:
            c_writer.close()
            return
        await asyncio.gather(pump(c_reader, s_writer), pump(s_reader, c_writer))

    server = await asyncio.start_server(handle, "127.0.0.1", port, backlog=1024)
    await server.serve_forever()


# --------------------------------------------------------------------------- the run


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_listening(port: int, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            log = Path(getattr(proc, "log_path", "")).read_text()[-3000:] if hasattr(proc, "log_path") else ""
            raise SystemExit(f"bench: a helper process exited early ({' '.join(map(str, proc.args[:3]))} ...)\n{log}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"bench: nothing listens on {port}")


def spawn_helper(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, __file__, *args], stderr=subprocess.DEVNULL)


def bench_policy(directory: Path) -> Path:
    """The default policy with the local upstream as a guarded host. (Not routing api.openai.com to it with
    tests/live/route_addon.py: rewriting the upstream address defeats mitmproxy's upstream connection reuse.)"""
    import yaml

    policy = yaml.safe_load((ROOT / "addons" / "core" / "default_policy.yaml").read_text())
    policy["guarded_hosts"].append("127.0.0.1")
    path = directory / "bench-policy.yaml"
    path.write_text(yaml.safe_dump(policy))
    return path


def spawn_redis(port: int, directory: Path) -> subprocess.Popen:
    """A throwaway redis-server on loopback, nothing persisted (the Debian package redis-server)."""
    binary = shutil.which("redis-server")
    if binary is None:
        raise SystemExit("bench: redis-server is not installed (apt-get install redis-server), or use --state memory")
    directory.mkdir(parents=True, exist_ok=True)
    return subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                             "--dir", str(directory)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def spawn_proxy(port: int, upstream_port: int, confdir: Path, policy: Path, extra: list[str]) -> subprocess.Popen:
    log_path = policy.parent / f"mitmdump-{port}.log"  # shown if it fails to start; shutdown noise stays there
    proc = subprocess.Popen(
        [str(MITMDUMP), "--listen-host", "127.0.0.1", "--listen-port", str(port),
         "--set", f"confdir={confdir}", "--set", "flow_detail=0", "--set", "termlog_verbosity=warn",
         "-s", str(ROOT / "addons" / "bundle.py"), "--set", f"exitguard_policy={policy}",
         "--set", f"exitguard_allow_upstreams=127.0.0.1:{upstream_port}", *extra],
        cwd=ROOT, stdout=log_path.open("w"), stderr=subprocess.STDOUT)
    proc.log_path = log_path
    return proc


async def load(port: int, upstream_port: int, conns: int, seconds: float, warmup: float) -> dict:
    """`conns` keep-alive connections sending requests back to back; latencies only after the warm-up."""
    target = b"127.0.0.1:%d" % upstream_port
    request = (b"POST http://%s/v1/chat/completions HTTP/1.1\r\nHost: %s\r\ncontent-type: application/json\r\n"
               b"authorization: Bearer sk-bench\r\ncontent-length: %d\r\n\r\n" % (target, target, len(BODY)) + BODY)
    latencies: list[float] = []
    errors = 0
    start = time.monotonic()
    measure_from, stop_at = start + warmup, start + warmup + seconds

    async def worker():
        nonlocal errors
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while (now := time.monotonic()) < stop_at:
                writer.write(request)
                head, _ = await read_message(reader)
                if not head.startswith(b"HTTP/1.1 200"):
                    errors += 1
                elif now >= measure_from:
                    latencies.append(time.monotonic() - now)
        finally:
            writer.close()

    results = await asyncio.gather(*(worker() for _ in range(conns)), return_exceptions=True)
    errors += sum(isinstance(r, Exception) for r in results)
    return {"latencies": latencies, "errors": errors}


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time of the proxy processes (Linux /proc): what the requests cost, whatever else runs."""
    ticks = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def run(args: argparse.Namespace) -> list[dict]:
    import tempfile

    procs: list[subprocess.Popen] = []
    try:
        upstream_port = free_port()
        procs.append(spawn_helper("--serve-upstream", str(upstream_port)))
        wait_listening(upstream_port, procs[-1])
        with tempfile.TemporaryDirectory(prefix="eg-bench-") as tmp:
            policy = bench_policy(Path(tmp))
            state: list[str] = []
            if args.state == "redis":
                redis_port = free_port()
                procs.append(spawn_redis(redis_port, Path(tmp) / "redis"))
                wait_listening(redis_port, procs[-1])
                state = ["--set", f"exitguard_state=redis://127.0.0.1:{redis_port}/0"]
            proxy_ports, proxy_pids = [free_port() for _ in range(args.procs)], []
            for i, port in enumerate(proxy_ports):  # one CA for all, like replicas sharing a Secret
                extra = [*state, "--set", f"exitguard_replica=bench-{i + 1}"]
                if args.record:
                    extra += ["--set", f"exitguard_record_dir={Path(tmp) / f'records-{i + 1}'}"]
                procs.append(spawn_proxy(port, upstream_port, Path(tmp) / "conf", policy, extra))
                proxy_pids.append(procs[-1].pid)
                wait_listening(port, procs[-1])
            configs = [("1 replica, direct", 1, proxy_ports[0])]
            for n in range(1, args.procs + 1):
                balancer_port = free_port()
                procs.append(spawn_helper("--serve-balancer", str(balancer_port), *map(str, proxy_ports[:n])))
                wait_listening(balancer_port, procs[-1])
                configs.append((f"{n} replica{'s' if n > 1 else ''} via balancer", n, balancer_port))
            totals = {name: {"latencies": [], "errors": 0, "cpu": 0.0} for name, _, _ in configs}
            # Interleaved rounds: load from other work on the machine drifts, and should hit every configuration alike.
            for round_no in range(args.rounds):
                for name, n, port in configs:
                    before = cpu_seconds(proxy_pids[:n])
                    result = asyncio.run(load(port, upstream_port, args.conns, args.seconds / args.rounds,
                                              args.warmup))
                    totals[name]["cpu"] += cpu_seconds(proxy_pids[:n]) - before
                    totals[name]["latencies"] += result["latencies"]
                    totals[name]["errors"] += result["errors"]
                    print(f"  round {round_no + 1}: {name}: {len(result['latencies']) * args.rounds / args.seconds:.0f}"
                          " req/s", file=sys.stderr, flush=True)
            rows = []
            for name, n, _ in configs:
                lat = sorted(totals[name]["latencies"])
                warm_share = (args.seconds + args.rounds * args.warmup) / args.seconds  # CPU was spent in warm-ups too
                rows.append({"config": name, "processes": n, "requests": len(lat), "rps": len(lat) / args.seconds,
                             "errors": totals[name]["errors"],
                             "p50_ms": 1000 * statistics.median(lat) if lat else float("nan"),
                             "p95_ms": 1000 * lat[int(0.95 * (len(lat) - 1))] if lat else float("nan"),
                             "req_per_cpu_s": len(lat) * warm_share / totals[name]["cpu"] if totals[name]["cpu"]
                             else float("nan")})
            return rows
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=15)
            except subprocess.TimeoutExpired:
                p.kill()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--procs", type=int, default=3,
                    help="largest number of replicas behind the balancer; 1..N are measured (default 3)")
    ap.add_argument("--state", choices=("redis", "memory"), default="redis",
                    help="exitguard_state of the replicas: a local redis-server (default) or in-process")
    ap.add_argument("--no-record", dest="record", action="store_false",
                    help="measure without recording (default: every replica records to its own folder)")
    ap.add_argument("--seconds", type=float, default=20, help="measured seconds per configuration (default 20)")
    ap.add_argument("--warmup", type=float, default=1, help="unmeasured seconds before each measurement")
    ap.add_argument("--rounds", type=int, default=4, help="interleaved rounds the seconds are split into (default 4)")
    ap.add_argument("--conns", type=int, default=16, help="concurrent keep-alive client connections (default 16)")
    ap.add_argument("--json", action="store_true", help="print the rows as JSON too")
    ap.add_argument("--serve-upstream", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--serve-balancer", type=int, nargs="+", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.serve_upstream:
        return asyncio.run(serve_upstream(args.serve_upstream))
    if args.serve_balancer:
        return asyncio.run(serve_balancer(args.serve_balancer[0], args.serve_balancer[1:]))

    print(f"exitguard bench_scale: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}, "
          f"{args.conns} connections, {args.seconds:g} s per configuration, recording "
          f"{'on' if args.record else 'off'}, state {args.state}", flush=True)
    rows = run(args)
    base = rows[0]["rps"] or float("nan")
    print(f"{'configuration':28} {'procs':>5} {'req/s':>8} {'x 1 proc':>8} {'p50 ms':>7} {'p95 ms':>7} {'errors':>6} "
          f"{'req/CPU-s':>9} {'proxy CPU':>9}")
    for r in rows:
        print(f"{r['config']:28} {r['processes']:>5} {r['rps']:>8.0f} {r['rps'] / base:>8.2f} "
              f"{r['p50_ms']:>7.1f} {r['p95_ms']:>7.1f} {r['errors']:>6} {r['req_per_cpu_s']:>9.0f} "
              f"{r['rps'] / r['req_per_cpu_s']:>9.2f}")
    print("req/CPU-s: requests per CPU-second of the proxy processes; proxy CPU: cores they actually got "
          "(below N: the\nmachine was busy with other work). With a dedicated core each, N processes serve about "
          "N x req/CPU-s.")
    if args.json:
        print(json.dumps(rows))


if __name__ == "__main__":
    main()
