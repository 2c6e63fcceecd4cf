#!/usr/bin/env python3
"""CPU of hostile escapes and of many headers, in process (dos59): `disguise.views_of` on a text of one unit repeated
(`%41`, `&#65;`, mixes, an invisible character after each letter), the Guard (HostPolicy + Guard, shipped rules,
default policy) on a JSON body holding that text as its one message, and the Guard on one request of N tiny headers
(`h0: b`, ...) or N headers of random ten-character names. With `--baseline DIR` (a checkout's root holding addons/
and rules/, e.g. `git archive main addons rules tests | tar -x -C DIR`) every figure is taken in that checkout's code
too, in alternated child processes (this interpreter); each figure is the least of `--repeat` runs. Prints process
CPU seconds and the Guard's answer; asserts nothing. The machine is shared: give `cat /proc/loadavg` with any figure.

    .venv/bin/python scripts/bench_escape_fields.py [--mib 1] [--headers 4000] [--repeat 3] [--baseline DIR]
                                                    [--only window views guard tiny random]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

UNITS = {"%41": "%41", "&#65;": "&#65;", "\\x41": "\\x41", "%41 ": "%41 ", "mix": "%41&#65;&#x41;&lt;",
         "a+ZWSP": "a\u200b", "\\41 ": "\\41 "}

CHILD = r"""
import asyncio, json, random, sys, tempfile, time
from pathlib import Path
from mitmproxy.test import taddons
from addons.core import runtime
from addons.detect import disguise
from addons.guard.guard import Guard
from addons.guard.hostpolicy import HostPolicy
from tests.guard.support import OPENAI, Upstream, exchange, posted_as, request_flow

what, unit, size = sys.argv[1], sys.argv[2], int(sys.argv[3])
rt = runtime.build(None, [], Path(tempfile.mkdtemp()) / "key")
runtime.install(rt)

async def guard(flow=None, body=None):
    with taddons.context(HostPolicy(), Guard()) as tctx:
        await posted_as(tctx, "application/json", b'{"model":"m"}')  # warm
        started = time.process_time()
        if flow is None:
            flow, _ = await posted_as(tctx, "application/json", body)
        else:
            await exchange(tctx, flow, Upstream())
        return time.process_time() - started, flow.response.status_code if flow.response else 200

if what == "window":  # a stream's window: 500 characters with one escape, views_of 2,000 times (CPU per call)
    text = "x" * 300 + unit + "y" * 200
    started = time.process_time()
    for _ in range(2000):
        disguise.views_of(text)
    print(json.dumps([(time.process_time() - started) / 2000, 0]))
elif what == "views":
    text = unit * (size // len(unit.encode()))
    disguise.views_of(text[:1000])
    started = time.process_time()
    disguise.views_of(text)
    print(json.dumps([time.process_time() - started, 0]))
elif what == "guard":
    text = unit * (size // len(unit.encode()))
    body = json.dumps({"model": "m", "messages": [{"role": "user", "content": text}]}, ensure_ascii=False).encode()
    print(json.dumps(asyncio.run(guard(body=body))))
else:
    rnd = random.Random(59)
    letters = "abcdefghijklmnopqrstuvwxyz0123456789"
    names = [f"h{i}" if what == "tiny" else "".join(rnd.choice(letters) for _ in range(10)) for i in range(size)]
    body = b'{"model":"m","messages":[{"role":"user","content":"hi"}]}'
    flow = request_flow(*OPENAI, body, headers=((b"content-type", b"application/json"),
                                                *((n.encode(), b"b") for n in names)))
    print(json.dumps(asyncio.run(guard(flow=flow))))
"""


def run(checkout: Path, what: str, unit: str, size: int) -> tuple[float, int]:
    done = subprocess.run([sys.executable, "-c", CHILD, what, unit, str(size)], cwd=checkout, capture_output=True,
                          text=True, check=True, env={"PYTHONPATH": f"{checkout}:{ROOT}"})
    cpu, status = json.loads(done.stdout.strip().splitlines()[-1])
    return cpu, status


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mib", type=float, default=1.0)
    parser.add_argument("--headers", type=int, nargs="+", default=[4000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--baseline", type=Path)
    parser.add_argument("--only", nargs="+", choices=("window", "views", "guard", "tiny", "random"),
                        help="these cases only")
    args = parser.parse_args()
    trees = [("this", ROOT)] + ([("baseline", args.baseline.resolve())] if args.baseline else [])
    size = int(args.mib * (1 << 20))
    cases = [("views", unit) for unit in UNITS] + [("guard", unit) for unit in UNITS]
    cases += [(shape, str(n)) for n in args.headers for shape in ("tiny", "random")]
    cases = [("window", "&amp;"), ("window", "%41"), *cases]
    cases = [case for case in cases if not args.only or case[0] in args.only]
    print("load:", Path("/proc/loadavg").read_text().strip())
    for what, unit in cases:
        best: dict[str, tuple[float, int]] = {}
        for _ in range(args.repeat):
            for label, tree in trees:
                got = run(tree, what, UNITS.get(unit, unit), int(unit) if what in ("tiny", "random") else size)
                best[label] = min(best.get(label, got), got)
        per = (f"{args.mib:g} MiB of {unit!r}" if what in ("views", "guard") else f"{unit} headers"
               if what in ("tiny", "random") else f"500 chars, one {unit!r}")
        cells = "  ".join(f"{label}: {cpu * 1e6:8.1f} us CPU a call" if what == "window" else
                          f"{label}: {cpu:6.3f} s CPU ({status})" for label, (cpu, status) in best.items())
        print(f"{what:7s} {per:28s} {cells}", flush=True)
    print("load:", Path("/proc/loadavg").read_text().strip())


if __name__ == "__main__":
    main()
