#!/usr/bin/env python3
"""What detect/chance.py's judgement of a long base64 run costs, this checkout's module against a git revision's, side
by side in one process (the machine is shared: ratios, not absolute figures). The worst case attack20 measured: a
glued candidate in every 4,096-character slice of a 10 MB run of random bytes' base64, so each slice is decoded
(and, since attack21, compressed) once, plus the run's own samples.

    .venv/bin/python scripts/bench_chance_judge.py [--baseline REV] [--runs 3]
"""

from __future__ import annotations

import argparse
import base64
import importlib.util
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import addons.detect  # noqa: E402,F401  (the package the modules below import from)


def load(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(f"addons.detect.{name}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def judge_every_slice(chance, run: str) -> float:
    judge = chance.ChanceJudge(run)
    whole = chance._Run(0, len(run), chance.STANDARD, True)
    started = time.process_time()
    for at in range(0, len(run), chance.SAMPLE_SLICE_CHARS):
        judge._random_block(whole, at)
    chance._random_bytes(run, False)
    return time.process_time() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", default="HEAD~1", help="git revision of the module to compare with")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    source = subprocess.run(["git", "show", f"{args.baseline}:addons/detect/chance.py"], cwd=ROOT, check=True,
                            capture_output=True, text=True).stdout
    with tempfile.TemporaryDirectory() as folder:
        old_path = Path(folder) / "chance_baseline.py"
        old_path.write_text(source)
        modules = {args.baseline: load(old_path, "chance_baseline"),
                   "working tree": load(ROOT / "addons" / "detect" / "chance.py", "chance_working")}
        run = base64.b64encode(random.Random(1).randbytes(7_500_000)).decode()  # 10 MB
        times: dict[str, list[float]] = {name: [] for name in modules}
        for _ in range(args.runs):
            for name, module in modules.items():
                times[name].append(judge_every_slice(module, run))
    base, new = (min(t) for t in times.values())
    for name, t in times.items():
        print(f"{name:>14}: min {min(t):.3f} s CPU ({', '.join(f'{x:.3f}' for x in t)})")
    print(f"ratio: {new / base:.2f}")


if __name__ == "__main__":
    main()
