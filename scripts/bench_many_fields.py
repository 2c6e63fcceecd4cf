#!/usr/bin/env python3
"""CPU of the Guard (in-process: HostPolicy + Guard, shipped rules, default policy) on a body of many tiny fields
(form pairs, JSON strings and keys, NDJSON lines, multipart parts; codec61: a form value of JSON, base64 runs, XML
marks, protobuf fields) beside one text of the same size (attack58). With `--baseline DIR` (a checkout with its own
.venv, or a `git archive` of addons, rules and tests, run with this one's) each size runs in that checkout's
interpreter too, one child process after the other. Prints process CPU seconds and the answer's status;
asserts nothing. The machine is shared: give `cat /proc/loadavg` with any figure.

    .venv/bin/python scripts/bench_many_fields.py [--kib 256 1024] [--baseline DIR]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = r"""
import asyncio, json, sys, tempfile, time
from urllib.parse import quote
from pathlib import Path
from mitmproxy.test import taddons
from addons.core import runtime
from addons.guard.guard import Guard
from addons.guard.hostpolicy import HostPolicy
from tests.guard.support import posted_as

size = int(sys.argv[1])
shapes = {
    "text 'a '": ("text/plain", b"a " * (size // 2)),
    "form a=b pairs": ("application/x-www-form-urlencoded", b"&".join([b"a=b"] * (size // 4))),
    "JSON strings": ("application/json", json.dumps({"model": "m", "x": ["a"] * (size // 5)}).encode()),
    "JSON keys": ("application/json",
                  json.dumps({"model": "m", "x": {f"k{i}": "v" for i in range(size // 12)}}).encode()),
    "NDJSON lines": ("application/x-ndjson", b'{"a":"b"}\n' * (size // 10)),
    "multipart parts": ("multipart/form-data; boundary=XX", b"".join(
        [b'--XX\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n'] * (size // 50)) + b"--XX--\r\n"),
    # codec61: the other codecs' loops (a form value walked as JSON, base64 runs, XML marks, protobuf fields)
    "form JSON payload": ("application/x-www-form-urlencoded",
                          b"payload=" + quote(json.dumps(["a"] * (size // 8))).encode()),
    "JSON base64 runs": ("application/json", json.dumps(["QUJDREVGR0hJSktMTU5PUA"] * (size // 25)).encode()),
    "XML comment marks": ("application/xml", b"<a>" + b"x<!---->" * (size // 8) + b"</a>"),
    "protobuf fields": ("application/octet-stream", b"\x08\x01" * (size // 2)),
}
rt = runtime.build(None, [], Path(tempfile.mkdtemp()) / "key")
runtime.install(rt)

async def main():
    out = {}
    for name, (ctype, body) in shapes.items():
        with taddons.context(HostPolicy(), Guard()) as tctx:
            started = time.process_time()
            flow, _ = await posted_as(tctx, ctype, body)
            out[name] = (len(body), round(time.process_time() - started, 2),
                         flow.response.status_code if flow.response else "sent")
    print(json.dumps(out))

asyncio.run(main())
"""


def run(checkout: Path, size: int) -> dict:
    """One child in ``checkout``'s interpreter, or this one's for a tree without a .venv (a `git archive` of
    addons, rules and tests: its PYTHONPATH comes first)."""
    python = checkout / ".venv" / "bin" / "python"
    python = python if python.exists() else ROOT / ".venv" / "bin" / "python"
    done = subprocess.run([str(python), "-c", CHILD, str(size)], cwd=checkout,
                          capture_output=True, text=True, check=True, env={"PYTHONPATH": str(checkout)})
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kib", type=int, nargs="+", default=[256, 1024])
    parser.add_argument("--baseline", type=Path)
    args = parser.parse_args()
    print("load:", Path("/proc/loadavg").read_text().strip())
    for kib in args.kib:
        trees = [("this", ROOT)] + ([("baseline", args.baseline.resolve())] if args.baseline else [])
        results = {label: run(tree, kib * 1024) for label, tree in trees}
        for name in results["this"]:
            row = "  ".join(f"{label}: {results[label][name][1]:6.2f} s CPU ({results[label][name][2]})"
                            for label, _ in trees)
            print(f"{kib:5d} KiB  {name:16s} {results['this'][name][0]:9d} B  {row}")
    print("load:", Path("/proc/loadavg").read_text().strip())


if __name__ == "__main__":
    sys.exit(main())
