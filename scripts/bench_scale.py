#!/usr/bin/env python3
"""How exitguard scales with replicas: requests/s through ONE mitmdump+bundle, and through 1, 2, ... N of them
behind a round-robin TCP balancer, side by side in one run on this machine, as a fleet runs them: every replica
records (exitguard_record_dir) and shares its state in a real redis-server (exitguard_state=redis://).

    .venv/bin/python scripts/bench_scale.py [--procs 3] [--seconds 20] [--conns 16] [--state redis|memory]
                                            [--no-record] [--prompt-kb 1 16 64] [--stream-tokens 300]

The benchmark's requests need no approval, so the shared state costs them nothing per request (a replica
talks to Redis for approvals, windows and its heartbeat); recording costs every request.

mitmproxy runs one asyncio thread per process (CPU-bound Python), so more throughput means more processes. Setup:
keep-alive plain-HTTP chat-completion POSTs (~1 KB JSON) to a local upstream that the default policy plus one line
makes a guarded host (every body is scanned by the full rule set); load generator, balancer, upstream and proxies
share this machine's cores, so the N-process figure is a lower bound of what N dedicated cores give.
Nothing leaves 127.0.0.1.

An agent's prompts are rarely 1 KB (a conversation's history, a build log, a file): `--prompt-kb 1 16 64` measures
each prompt size side by side in the same interleaved rounds, so the requests per CPU-second for your agents'
typical prompt is read off one run. `--stream-tokens N`: every answer streamed as N SSE events (the masker reads
each), as an agent that streams gets them.
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




def chat_body(prompt_kb: float | None, stream_tokens: int = 0) -> bytes:
    """The request body: a chat completion whose user message is ``prompt_kb`` KiB of build-log prose (no secret,
    so every request is scanned whole and passes unchanged), or the default ~0.6 KB one; with ``stream_tokens``,
    `stream: true` and `max_tokens`, which the bench's upstream answers in that many SSE events."""
    if prompt_kb is None and not stream_tokens:
        return BODY
    content = PROMPT
    if prompt_kb is not None:
        lines, size, n = [], 0, 0
        while size < prompt_kb * 1024:
            n += 1
            line = f"step {n}: {PROMPT[:200]}"
            lines.append(line)
            size += len(line) + 1
        content = "\n".join(lines)
    extra = {"stream": True, "max_tokens": stream_tokens} if stream_tokens else {}
    return json.dumps({"model": "gpt-4o-mini", **extra, "messages": [{"role": "user", "content": content}]}).encode()


# --------------------------------------------------------------------------- helpers run as subprocesses


async def read_message(reader: asyncio.StreamReader) -> tuple[bytes, bytes]:
    head = await reader.readuntil(b"\r\n\r\n")
    length, chunked = 0, False
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
        elif name.strip().lower() == b"transfer-encoding" and b"chunked" in value.lower():
            chunked = True  # a streamed answer, as the proxy passes it on
    if chunked:
        body = b""
        while size := int((await reader.readuntil(b"\r\n")).split(b";")[0], 16):
            body += (await reader.readexactly(size + 2))[:-2]
        await reader.readuntil(b"\r\n")  # the empty line after the last chunk (no trailers here)
        return head, body
    return head, await reader.readexactly(length) if length else b""


def streamed_reply(tokens: int) -> bytes:
    """A chat completion streamed as ``tokens`` SSE events of one word each, then `[DONE]` (OpenAI's shape)."""
    events = [json.dumps({"id": "chatcmpl-bench", "object": "chat.completion.chunk", "choices": [
        {"index": 0, "delta": {"content": f" word{i}"}, "finish_reason": None}]}) for i in range(tokens)]
    return "".join(f"data: {e}\n\n" for e in [*events, "[DONE]"]).encode()


def answer(body: bytes) -> bytes:
    """The upstream's answer: a chat completion, streamed in `max_tokens` SSE events when the request streams."""
    request = json.loads(body) if body else {}
    if request.get("stream"):
        reply, kind = streamed_reply(int(request.get("max_tokens", 1))), b"text/event-stream"
    else:
        reply, kind = REPLY, b"application/json"
    return b"HTTP/1.1 200 OK\r\ncontent-type: %s\r\ncontent-length: %d\r\n\r\n" % (kind, len(reply)) + reply


async def serve_upstream(port: int) -> None:
    """Minimal keep-alive HTTP/1.1 upstream answering every request with a chat completion (`answer`)."""
    answers: dict[bytes, bytes] = {}

    async def handle(reader, writer):
        try:
            while True:
                _, body = await read_message(reader)
                if body not in answers:  # the bench sends a few distinct bodies, each again and again
                    answers[body] = answer(body)
                writer.write(answers[body])
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


async def load(port: int, upstream_port: int, conns: int, seconds: float, warmup: float, body: bytes = BODY) -> dict:
    """`conns` keep-alive connections sending requests back to back; latencies only after the warm-up."""
    target = b"127.0.0.1:%d" % upstream_port
    request = (b"POST http://%s/v1/chat/completions HTTP/1.1\r\nHost: %s\r\ncontent-type: application/json\r\n"
               b"authorization: Bearer sk-bench\r\ncontent-length: %d\r\n\r\n" % (target, target, len(body)) + body)
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


def kind_label(kind: tuple[float | None, int], several: bool) -> str:
    """How a configuration's name says its request size and answer: `, 16 KB, 300 events` (only when several)."""
    if not several:
        return ""
    kb, tokens = kind
    size = f"{len(chat_body(kb, tokens)) / 1024:.0f} KB"
    return f", {size}, {f'{tokens} events' if tokens else 'JSON'}"


async def prime(port: int, upstream_port: int, body: bytes) -> None:
    """One request through a fresh proxy before anything is measured: what a process builds once (the stream
    hold-backs' patterns on its first streamed answer: seconds of CPU) is no request's cost."""
    await asyncio.wait_for(load(port, upstream_port, 1, 0.001, 0, body), timeout=600)


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
            setups = [("1 replica, direct", 1, proxy_ports[0])]
            for n in range(1, args.procs + 1):
                balancer_port = free_port()
                procs.append(spawn_helper("--serve-balancer", str(balancer_port), *map(str, proxy_ports[:n])))
                wait_listening(balancer_port, procs[-1])
                setups.append((f"{n} replica{'s' if n > 1 else ''} via balancer", n, balancer_port))
            kinds = [(kb, tokens) for kb in args.prompt_kb or [None] for tokens in args.stream_tokens]
            configs = [(name + kind_label(kind, len(kinds) > 1), n, port, kind)
                       for name, n, port in setups for kind in kinds]
            bodies = {kind: chat_body(*kind) for kind in kinds}
            totals = {name: {"latencies": [], "errors": 0, "cpu": 0.0} for name, _, _, _ in configs}
            for port in proxy_ports:
                for body in bodies.values():
                    asyncio.run(prime(port, upstream_port, body))
            # Interleaved rounds: load from other work on the machine drifts, and should hit every configuration alike.
            for round_no in range(args.rounds):
                for name, n, port, kind in configs:
                    before = cpu_seconds(proxy_pids[:n])
                    result = asyncio.run(load(port, upstream_port, args.conns, args.seconds / args.rounds,
                                              args.warmup, bodies[kind]))
                    totals[name]["cpu"] += cpu_seconds(proxy_pids[:n]) - before
                    totals[name]["latencies"] += result["latencies"]
                    totals[name]["errors"] += result["errors"]
                    print(f"  round {round_no + 1}: {name}: {len(result['latencies']) * args.rounds / args.seconds:.0f}"
                          " req/s", file=sys.stderr, flush=True)
            rows = []
            for name, n, _, kind in configs:
                lat = sorted(totals[name]["latencies"])
                warm_share = (args.seconds + args.rounds * args.warmup) / args.seconds  # CPU was spent in warm-ups too
                rows.append({"config": name, "processes": n, "body_bytes": len(bodies[kind]),
                             "stream_tokens": kind[1], "requests": len(lat),
                             "rps": len(lat) / args.seconds,
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
    ap.add_argument("--prompt-kb", type=float, nargs="+", metavar="KB",
                    help="the user message's size in KiB, one or several (each measured in the same rounds; "
                         "default: one ~0.6 KB message, a ~1 KB body)")
    ap.add_argument("--stream-tokens", type=int, nargs="+", default=[0], metavar="N",
                    help="answers streamed (SSE) in N events, as agents that stream get them, one or several "
                         "(each measured in the same rounds; 0: one JSON answer, the default); the stream masker "
                         "reads every event")
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
    direct = {(r["body_bytes"], r["stream_tokens"]): r["rps"] or float("nan")
              for r in rows if r["config"].startswith("1 replica, direct")}
    print(f"{'configuration':36} {'procs':>5} {'req/s':>8} {'x 1 proc':>8} {'p50 ms':>7} {'p95 ms':>7} {'errors':>6} "
          f"{'req/CPU-s':>9} {'proxy CPU':>9}")
    for r in rows:
        ratio = r["rps"] / direct[r["body_bytes"], r["stream_tokens"]]
        print(f"{r['config']:36} {r['processes']:>5} {r['rps']:>8.0f} {ratio:>8.2f} "
              f"{r['p50_ms']:>7.1f} {r['p95_ms']:>7.1f} {r['errors']:>6} {r['req_per_cpu_s']:>9.0f} "
              f"{r['rps'] / r['req_per_cpu_s'] if r['req_per_cpu_s'] else float('nan'):>9.2f}")
    print("req/CPU-s: requests per CPU-second of the proxy processes; proxy CPU: cores they actually got "
          "(below N: the\nmachine was busy with other work). With a dedicated core each, N processes serve about "
          "N x req/CPU-s.")
    if args.json:
        print(json.dumps(rows))


if __name__ == "__main__":
    main()
