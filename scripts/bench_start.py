"""One proxy start's cost once its imports are done (what a live test's forked start pays, and the part of a
user's restart that follows the imports): CPU and wall from mitmdump's main() to the `running` event, with the
bundle and a fresh confdir (a new CA) each time, as `tests/live/harness.start_proxy` starts it.

    .venv/bin/python scripts/bench_start.py [--baseline OTHER_CHECKOUT] [-n N]

With --baseline, starts alternate between that checkout's addons and this one's, in one run. Each start is a fresh
interpreter that imports what the live tests' fork server preloads, then runs mitmdump in-process."""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHILD = r"""
import asyncio, os, sys, time
sys.path.insert(0, os.getcwd())
import mitmproxy.tools.main, mitmproxy.tools.dump, mitmproxy.tools.web.master, addons.chain  # the fork server's
from mitmproxy import ctx
assert addons.chain.__file__.startswith(os.getcwd()), addons.chain.__file__
t0, w0 = os.times(), time.monotonic()

class Ready:
    def running(self):
        t = os.times()
        print(json.dumps({"cpu": t.user + t.system - t0.user - t0.system, "wall": time.monotonic() - w0}), flush=True)
        asyncio.get_running_loop().call_soon(ctx.master.shutdown)

import json
sys.argv = ["mitmdump", *sys.argv[1:]]
__import__("builtins").egbench_ready = Ready()
mitmproxy.tools.main.mitmdump()
"""
READY_SCRIPT = "import builtins\naddons = [builtins.egbench_ready]\n"


def one_start(tree: Path, scratch: Path) -> dict:
    confdir = Path(tempfile.mkdtemp(dir=scratch))
    ready = scratch / "ready_addon.py"
    ready.write_text(READY_SCRIPT)
    cmd = [sys.executable, "-c", CHILD, "--listen-host", "127.0.0.1", "--listen-port", "0", "--set",
           f"confdir={confdir}", "--set", "termlog_verbosity=info", "-s", str(tree / "addons" / "bundle.py"),
           "-s", str(ready)]
    out = subprocess.run(cmd, cwd=tree, capture_output=True, text=True, timeout=120)
    for line in out.stdout.splitlines():
        if line.startswith("{"):
            return json.loads(line)
    raise RuntimeError(out.stdout[-2000:] + out.stderr[-2000:])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--baseline", type=Path)
    parser.add_argument("-n", type=int, default=10)
    args = parser.parse_args()
    trees = {"this": ROOT} if args.baseline is None else {"baseline": args.baseline.resolve(), "this": ROOT}
    results: dict[str, list[dict]] = {name: [] for name in trees}
    with tempfile.TemporaryDirectory() as scratch:
        for _ in range(args.n):
            for name, tree in trees.items():
                results[name].append(one_start(tree, Path(scratch)))
    for name, runs in results.items():
        cpu, wall = [r["cpu"] for r in runs], [r["wall"] for r in runs]
        print(f"{name}: {len(runs)} starts, CPU median {statistics.median(cpu):.3f} s"
              f" (mean {statistics.mean(cpu):.3f}), wall to running median {statistics.median(wall):.3f} s"
              f" (mean {statistics.mean(wall):.3f})")


if __name__ == "__main__":
    main()
