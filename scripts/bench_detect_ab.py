#!/usr/bin/env python3
"""Side-by-side scan speed of two or more checkouts, interleaved finely enough to see a few percent on a shared
machine: one warm child process per checkout (its engine and rules, time budget lifted), and each round every child
scans each corpus once in turn (the order reversed every other round). Prints per corpus the MB/s CPU of each
checkout (median over rounds) and the median of the per-round time ratios against the first checkout, with their
quartiles: a ratio whose quartiles straddle 1.0 is noise.

    .venv/bin/python scripts/bench_detect_ab.py [--rounds 10] [--engine hyperscan|python] [--mb 10]
                                                [--only clean,dense,mixed] DIR [DIR ...]

Each DIR holds `addons` and `rules` (`git archive <commit> addons rules | tar -x -C DIR`; `.` is this checkout).
The corpora are bench_detect.py's (clean code, dense credentials at up to 5 MB, the mixed corpus), cut into
100 KB bodies. speed63 bisected session 38's clean-code slowdown with it (scripts/MEASUREMENTS.md).
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

CHILD = r"""
import json, os, sys, time
sys.path.insert(0, sys.argv[1])
from addons.detect import Scanner
scanner = Scanner.default(engine=sys.argv[2])
scanner.time_budget = float("inf")
folder = sys.argv[3]
corpora = {}
for name in sorted(os.listdir(folder)):
    text = open(os.path.join(folder, name)).read()
    corpora[name[:-4]] = [text[i:i + 100_000] for i in range(0, len(text), 100_000)]
findings = {name: sum(len(scanner.scan(body)) for body in bodies) for name, bodies in corpora.items()}
print(json.dumps(findings), flush=True)
for line in sys.stdin:
    started = time.process_time()
    for body in corpora[line.strip()]:
        scanner.scan(body)
    print(time.process_time() - started, flush=True)
"""


def write_corpora(folder: Path, only: list[str], megabytes: float) -> dict[str, float]:
    from bench_detect import clean_code, corpus, dense_credentials

    makers = {"clean": lambda: clean_code(megabytes), "dense": lambda: dense_credentials(min(megabytes, 5)),
              "mixed": lambda: corpus(megabytes)}
    sizes = {}
    for name in only:
        text = makers[name]()
        (folder / f"{name}.txt").write_text(text)
        sizes[name] = len(text) / 1e6
    return sizes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("checkouts", nargs="+", type=Path)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--engine", choices=["hyperscan", "python"], default="hyperscan")
    parser.add_argument("--mb", type=float, default=10.0)
    parser.add_argument("--only", default="clean,dense,mixed")
    args = parser.parse_args()
    only = args.only.split(",")
    with tempfile.TemporaryDirectory() as tmp:
        sizes = write_corpora(Path(tmp), only, args.mb)
        children = [subprocess.Popen([sys.executable, "-c", CHILD, str(checkout.resolve()), args.engine, tmp],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
                    for checkout in args.checkouts]
        findings = [json.loads(child.stdout.readline()) for child in children]  # type: ignore[union-attr]
        times: dict[tuple[int, str], list[float]] = {(i, name): [] for i in range(len(children)) for name in only}
        for round_number in range(args.rounds):
            order = list(range(len(children)))[::-1 if round_number % 2 else 1]
            for name in only:
                for i in order:
                    children[i].stdin.write(name + "\n")  # type: ignore[union-attr]
                    children[i].stdin.flush()  # type: ignore[union-attr]
                    times[(i, name)].append(float(children[i].stdout.readline()))  # type: ignore[union-attr]
        for child in children:
            child.stdin.close()  # type: ignore[union-attr]
            child.wait()
    for name in only:
        print(f"{name} ({sizes[name]:.1f} MB, 100 KB bodies, {args.rounds} rounds):")
        for i, checkout in enumerate(args.checkouts):
            ratios = [mine / first for mine, first in zip(times[(i, name)], times[(0, name)])]
            low, _median, high = statistics.quantiles(ratios, n=4)
            print(f"  {checkout}: {sizes[name] / statistics.median(times[(i, name)]):.1f} MB/s CPU, "
                  f"{findings[i][name]} findings, time x{statistics.median(ratios):.3f} of the first "
                  f"(quartiles {low:.3f}-{high:.3f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
