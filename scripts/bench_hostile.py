#!/usr/bin/env python3
"""The proxy's CPU per MiB of hostile uniform input (dos58): one character (or a short unit) repeated, as a plain,
JSON, form or multipart upload to a guarded host, through a real mitmdump with the exitguard bundle. CPU is the
proxy process's own (utime + stime from /proc), before and after each upload; the answer's status is printed so a
refusal is seen as one. With `--baseline DIR` (e.g. `git archive COMMIT addons | tar -x -C DIR`) the same uploads go
through a proxy running that checkout's bundle, alternated upload by upload (both see the same load).
`--profile FILE` runs this checkout's proxy under cProfile and writes its stats to FILE when it stops.

    .venv/bin/python scripts/bench_hostile.py [--mib 1 3] [--shapes x eq] [--carriers plain json]
                                              [--baseline DIR] [--profile /tmp/p.prof]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.hostile import live_support as L  # noqa: E402
from tests.hostile.rawupstream import RawUpstream, websocket_echo  # noqa: E402
from tests.live import harness  # noqa: E402

MIB = 1 << 20
TICK = os.sysconf("SC_CLK_TCK")

# name -> the unit repeated; every unit's repetition is text a scanner reads as one long run
SHAPES = {
    "x": "x",
    "a-space": "a ",
    "eq": "=",
    "pct41": "%41",
    "u0041": "\\u0041",  # inside a JSON string: an escape that decodes to `A`; elsewhere six plain characters
    "base64": "QUJD",
    # dos59: escapes the disguise view undoes, alone, mixed and with a plain character between, and an invisible
    # character after each letter (all JSON-safe: the JSON carrier holds them as they are)
    "amp65": "&#65;",
    "mix": "%41&#65;&#x41;&lt;",
    "pct41-space": "%41 ",
    "zw": "a\u200b",
}
# codec61: "lines" (NDJSON) and "pairs" (form) carry the unit as many tiny fields, one a line or pair: the codecs'
# own loops, which ran to the body's end before the message budget's first check
CARRIERS = ("plain", "json", "form", "multipart", "websocket", "sse", "lines", "pairs")
SSE_EVENT = 16 << 10  # the shape's characters per streamed event
POLICY = "max_body_bytes: 33554432\n"  # 32 MiB: a 10 MiB shape plus its carrier's wrapping still fits


def body_of(carrier: str, unit: str, size: int) -> tuple[str, bytes]:
    """(content type, body) with ``size`` bytes of ``unit`` repeated in the carrier's one field."""
    text = unit * (size // len(unit.encode()))  # whole units (a cut escape would make another shape), size in bytes
    if carrier == "plain":
        return "text/plain", text.encode()
    if carrier == "json":  # the unit as it stands in the JSON text (`\\u0041` stays an escape)
        return "application/json", b'{"messages":[{"role":"user","content":"' + text.encode() + b'"}]}'
    if carrier == "form":
        return "application/x-www-form-urlencoded", b"note=" + (text if unit == "%41" else quote(text)).encode()
    if carrier == "lines":
        line = json.dumps({"a": unit}).encode() + b"\n"
        return "application/x-ndjson", line * (size // len(line))
    if carrier == "pairs":
        pair = b"a=" + (unit if unit == "%41" else quote(unit)).encode() + b"&"
        return "application/x-www-form-urlencoded", pair * (size // len(pair))
    boundary = "dos58boundary"
    return (f"multipart/form-data; boundary={boundary}",
            f"--{boundary}\r\ncontent-disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n"
            f"content-type: text/plain\r\n\r\n{text}\r\n--{boundary}--\r\n".encode())


def sse_events(unit: str, size: int, event: int = SSE_EVENT) -> list[tuple[bytes, float]]:
    """A chat completion streamed as SSE, ``size`` bytes of ``unit`` in its deltas (as the JSON text writes them),
    ``event`` bytes of it per event (wsloop59: one event of the whole size is one piece the hold-back reads at once)."""
    text = unit * (size // len(unit))
    per = max(len(unit), event // len(unit) * len(unit))
    events = [(b'data: {"choices":[{"index":0,"delta":{"content":"' + text[at:at + per].encode() + b'"}}]}\n\n', 0.0)
              for at in range(0, len(text), per)]
    return [*events, (b"data: [DONE]\n\n", 0.0)]


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def start(tmp: Path, upstream: harness.Upstream, bundle: Path, profile: str | None) -> harness.Proxy:
    """A fresh mitmdump (never the test fork server: its pid is the proxy's), optionally under cProfile."""
    policy = tmp / "policy.yaml"
    tmp.mkdir(parents=True, exist_ok=True)
    policy.write_text(POLICY)
    confdir = tmp / "proxy-conf"
    args = ["--listen-host", "127.0.0.1", "--listen-port", "0", "--set", f"confdir={confdir}",
            "--set", "termlog_verbosity=info", "--set", "flow_detail=0",
            "-s", str(harness.ROUTE_ADDON), "--set", f"egtest_upstream={upstream.address}",
            "--set", f"ssl_verify_upstream_trusted_ca={harness.upstream_ca_path(upstream)}",
            "--set", f"exitguard_allow_upstreams={upstream.address}",
            "-s", str(bundle), "--set", f"exitguard_policy={policy}"]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    if profile:
        env["DOS58_PROF"] = profile
        code = ("import cProfile, os, sys\nfrom mitmproxy.tools.main import mitmdump\np = cProfile.Profile()\n"
                "p.enable()\ntry:\n    mitmdump(sys.argv[1:])\nfinally:\n    p.disable()\n"
                "    p.dump_stats(os.environ['DOS58_PROF'])\n")
        cmd = [str(harness.PROXY_PYTHON), "-c", code, *args]
    else:
        cmd = [str(ROOT / ".venv/bin/mitmdump"), *args]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    lines: list[str] = []
    for line in proc.stdout:
        lines.append(line)
        if m := re.search(r"listening at .*:(\d+)", line):
            drainer = threading.Thread(target=lambda: [lines.append(x) for x in proc.stdout], daemon=True)
            drainer.start()
            return harness.Proxy(proc, int(m.group(1)), confdir, lines, drainer)
    raise RuntimeError("mitmdump did not start:\n" + "".join(lines))


def upload(proxy: harness.Proxy, content_type: str, body: bytes, path: str = "/v1/upload") -> tuple[int, float, float]:
    """(status, the proxy's CPU seconds, wall seconds) for one upload (or an answer's stream) over a fresh tunnel."""
    t = L.tunnel(proxy, timeout=300)
    before, started = cpu_seconds(proxy.proc.pid), time.perf_counter()
    t.sendall(b"POST %s HTTP/1.1\r\nHost: api.openai.com\r\ncontent-type: %s\r\ncontent-length: %d\r\n"
              b"connection: close\r\n\r\n" % (path.encode(), content_type.encode(), len(body)) + body)
    answer = L.read_all(t, wait=300)
    wall = time.perf_counter() - started
    t.close()
    time.sleep(0.3)  # the flow's last hooks (record, audit) run after the answer went out
    return L.status_of(answer), cpu_seconds(proxy.proc.pid) - before, wall


def websocket_message(proxy: harness.Proxy, text: str) -> tuple[int, float, float]:
    """(101 when the message came back echoed, else the proxy's close code or 0; CPU seconds; wall seconds) for one
    text message over a fresh WebSocket to a guarded host (the upstream echoes it)."""
    from wsproto import ConnectionType, WSConnection
    from wsproto.events import AcceptConnection, CloseConnection, Request, TextMessage

    t = L.tunnel(proxy, timeout=300)
    ws = WSConnection(ConnectionType.CLIENT)
    t.sendall(ws.send(Request(host="api.openai.com", target="/v1/realtime")))
    outcome, got = 0, 0
    accepted = False
    t.settimeout(300)
    while not accepted:
        ws.receive_data(t.recv(1 << 16) or None)
        accepted = any(isinstance(e, AcceptConnection) for e in ws.events())
    before, started = cpu_seconds(proxy.proc.pid), time.perf_counter()
    t.sendall(ws.send(TextMessage(data=text)))
    while not outcome:
        data = t.recv(1 << 20)
        ws.receive_data(data or None)
        for event in ws.events():
            if isinstance(event, TextMessage):
                got += len(event.data)
                outcome = 101 if event.message_finished else 0
            elif isinstance(event, CloseConnection):
                outcome = event.code
        if not data:
            break
    wall = time.perf_counter() - started
    t.close()
    time.sleep(0.3)
    return outcome, cpu_seconds(proxy.proc.pid) - before, wall


def measure(proxy: harness.Proxy, carrier: str, unit: str, size: int) -> tuple[int, float, float]:
    if carrier == "websocket":
        return websocket_message(proxy, unit * (size // len(unit)))
    if carrier == "sse":
        shape = next(name for name, of in SHAPES.items() if of == unit)
        return upload(proxy, "application/json", b'{"model":"gpt-4o","stream":true}', "/v1/sse/" + shape)
    return upload(proxy, *body_of(carrier, unit, size))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mib", type=float, nargs="+", default=[1.0, 3.0])
    ap.add_argument("--shapes", nargs="+", choices=SHAPES, default=list(SHAPES))
    ap.add_argument("--carriers", nargs="+", choices=CARRIERS, default=list(CARRIERS))
    ap.add_argument("--baseline", help="another checkout's root (its addons/bundle.py is run)")
    ap.add_argument("--sse-event-kib", type=float, default=SSE_EVENT / 1024,
                    help="the shape's KiB per streamed event (default 16; the size of --mib: one event)")
    ap.add_argument("--profile", help="cProfile this checkout's proxy; stats written here (FILE.ws: the WebSocket one)")
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="exitguard-hostile-"))
    ca, pem = harness.make_upstream_certs(tmp / "upstream")
    upstream = harness.Upstream(pem)
    harness._upstream_ca[id(upstream)] = ca
    upstream.route("POST", "/v1/upload", lambda req: harness.Reply.json({"ok": len(req.body)}))
    sse_size = [MIB]
    sse_event = [SSE_EVENT]
    upstream.route("POST", "/v1/sse/", lambda req: harness.Reply(200, {"content-type": "text/event-stream"}, b"",
                                                                  sse_events(SHAPES[req.path[len("/v1/sse/"):]],
                                                                             sse_size[0], sse_event[0])))
    echo = RawUpstream(pem, websocket_echo)
    harness._upstream_ca[id(echo)] = ca
    proxies: dict[str, harness.Proxy] = {}
    rows: list[tuple[str, str, float, dict[str, tuple[int, float, float]]]] = []
    try:
        bundles = {"this": harness.BUNDLE}
        if args.baseline:
            bundles["baseline"] = Path(args.baseline) / "addons/bundle.py"
        for name, bundle in bundles.items():
            proxies[name] = start(tmp / name, upstream, bundle, args.profile if name == "this" else None)
            if "websocket" in args.carriers:  # the echoing upstream is another server: a proxy routed to it
                proxies[name + " ws"] = start(tmp / (name + "-ws"), echo, bundle,
                                              args.profile + ".ws" if args.profile and name == "this" else None)
        sse_size[0] = 1 << 10
        for name, p in proxies.items():  # warm: rule caches, certificates, the stream hold's rules (first stream)
            if name.endswith(" ws"):
                websocket_message(p, "hello")
            else:
                upload(p, "application/json", b'{"messages":[{"role":"user","content":"hello"}]}')
                measure(p, "sse", "x", 1 << 10)
        sse_event[0] = int(args.sse_event_kib * 1024)
        for mib in args.mib:
            for shape in args.shapes:
                for carrier in args.carriers:
                    sse_size[0] = int(mib * MIB)
                    got = {name: measure(proxies[name + (" ws" if carrier == "websocket" else "")], carrier,
                                         SHAPES[shape], int(mib * MIB)) for name in bundles}
                    rows.append((shape, carrier, mib, got))
                    cells = "  ".join(f"{name}: {s} {c:6.2f} s CPU {c / mib:6.2f} s/MiB {w:6.1f} s wall"
                                      for name, (s, c, w) in got.items())
                    print(f"{shape:<8}{carrier:<10}{mib:>5g} MiB  {cells}   load {_load()}", flush=True)
    finally:
        for p in proxies.values():
            p.stop()
        upstream.close()
        echo.close()
    print(json.dumps([{"shape": s, "carrier": c, "mib": m, **{k: {"status": v[0], "cpu": round(v[1], 3)}
                                                              for k, v in got.items()}}
                      for s, c, m, got in rows]))
    return 0


def _load() -> str:
    return Path("/proc/loadavg").read_text().split()[0]


if __name__ == "__main__":
    sys.exit(main())
