#!/usr/bin/env python3
"""Instructions per byte of the first stage's main Hyperscan database (the secret rules'), counted by Valgrind:
a figure the machine's load does not move, for changes too small to see in MB/s on a shared machine (a rule's
first stage costing 2-4% of clean-code speed).

    .venv/bin/python scripts/bench_prefilter_instructions.py [--mb 1] [--only clean,dense,mixed] DIR [DIR ...]

For each DIR (a checkout or `git archive <commit> addons rules` output; `.` is this one) a child process with that
DIR's engine builds the database exactly as the prefilter does (prefilter.hyperscan_source of every rule in the
`secrets` group of database_groups, each with the flags _plan gives it) and writes it out; `valgrind
--tool=cachegrind --cache-sim=no` then counts the instructions of loading it and scanning --mb MB of each
bench_detect.py corpus in 100 KB blocks, minus those of loading it and scanning nothing. Needs valgrind on PATH.
Under Valgrind Hyperscan may pick another code path than on the bare CPU (what CPUID reports differs): compare
the DIRs with each other, not with MB/s. speed63 found the value-first rule's cost with it (scripts/MEASUREMENTS.md).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

BUILD = r"""
import sys
sys.path.insert(0, sys.argv[1])
import hyperscan
from addons.detect import Scanner, prefilter
scanner = Scanner.default(engine="hyperscan")
group = prefilter.database_groups(scanner.rules)["secrets"]
flags = prefilter._plan({i: prefilter.hyperscan_source(scanner.rules[i].first_stage or scanner.rules[i].regex)
                         for i in group})
sources = {i: prefilter.hyperscan_source(scanner.rules[i].first_stage or scanner.rules[i].regex) for i in flags}
indices = sorted(flags)
database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
database.compile(expressions=[sources[i].encode() for i in indices], ids=indices, elements=len(indices),
                 flags=[flags[i] for i in indices])
open(sys.argv[2], "wb").write(hyperscan.dumpb(database))
"""

SCAN = r"""
import sys
import hyperscan
database = hyperscan.loadb(open(sys.argv[1], "rb").read(), mode=hyperscan.HS_MODE_BLOCK)
scratch = hyperscan.Scratch(database)
data = open(sys.argv[2], "rb").read()[:int(sys.argv[3])]
for i in range(0, len(data), 100_000):
    database.scan(data[i:i + 100_000], match_event_handler=lambda *args: None, scratch=scratch)
"""


def instructions(database: Path, corpus: Path, size: int) -> int:
    done = subprocess.run(["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
                           sys.executable, "-c", SCAN, str(database), str(corpus), str(size)],
                          capture_output=True, text=True, check=True)
    found = re.search(r"I\s+refs:\s+([\d,]+)", done.stderr)
    if found is None:
        raise RuntimeError(f"no instruction count in valgrind's output: {done.stderr[-300:]}")
    return int(found.group(1).replace(",", ""))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("checkouts", nargs="+", type=Path)
    parser.add_argument("--mb", type=float, default=1.0)
    parser.add_argument("--only", default="clean,dense,mixed")
    args = parser.parse_args()
    from bench_detect import clean_code, corpus, dense_credentials

    makers = {"clean": clean_code, "dense": dense_credentials, "mixed": corpus}
    size = int(args.mb * 1_000_000)
    with tempfile.TemporaryDirectory() as tmp:
        corpora = {}
        for name in args.only.split(","):
            corpora[name] = Path(tmp) / f"{name}.txt"
            corpora[name].write_bytes(makers[name](args.mb).encode("ascii", "replace"))
        for n, checkout in enumerate(args.checkouts):
            database = Path(tmp) / f"secrets-{n}.db"
            subprocess.run([sys.executable, "-c", BUILD, str(checkout.resolve()), str(database)], check=True)
            empty = instructions(database, next(iter(corpora.values())), 0)
            figures = [f"{name} {(instructions(database, path, size) - empty) / size:.1f}"
                       for name, path in corpora.items()]
            print(f"{checkout}: instructions per byte, secrets database: {', '.join(figures)}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
