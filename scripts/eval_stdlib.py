#!/usr/bin/env python3
"""Findings per MB on real code: every .py file of a CPython standard library, scanned as the proxy scans.

    .venv/bin/python scripts/eval_stdlib.py [--stdlib DIR] [--no-tests] [--policy FILE] [--list]

Default tree: the stdlib of the interpreter running this script (site-packages excluded). The scanner is the
proxy's (`Scanner.default()`, the shipped rules), the policy the shipped default; each finding's action is the
one the policy gives it in a request to a guarded host. Prints MB and files scanned, findings in total and per
MB, by rule and by classification, and how many the policy acts on (mask, approve, block) against those it
only classifies (allow: `public`, or whatever the policy allows). `--list` adds one line per finding:
file:line rule classification action and the scan CLI's masked preview; a found value is never printed.
Output is deterministic: files in sorted order, counts sorted by count then name.
"""

from __future__ import annotations

import argparse
import sys
import sysconfig
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from addons.cli.scan import FindingFilter, Located, Source, scan_source  # noqa: E402
from addons.core.policy import Policy  # noqa: E402
from addons.core.vocabulary import Action, Direction, HostClass  # noqa: E402
from addons.detect import Scanner  # noqa: E402

# Folders that are not the standard library proper, and (with --no-tests) its test suites.
NOT_STDLIB = frozenset({"site-packages", "dist-packages", "__pycache__"})
TEST_FOLDERS = frozenset({"test", "tests", "idle_test"})


def default_stdlib() -> Path:
    return Path(sysconfig.get_paths()["stdlib"])


def python_files(tree: Path, skip_tests: bool) -> list[Path]:
    skipped = NOT_STDLIB | (TEST_FOLDERS if skip_tests else frozenset())
    return sorted(p for p in tree.rglob("*.py")
                  if p.is_file() and not skipped & set(p.relative_to(tree).parts[:-1]))


@dataclass(frozen=True)
class Judged:
    finding: Located
    relative: str
    action: Action


def judge(scanner: Scanner, policy: Policy, tree: Path, files: list[Path]) -> tuple[list[Judged], int, list[str]]:
    """Every finding with the policy's action for it, the bytes scanned and the reasons of incomplete scans."""
    judged, size, incomplete = [], 0, []
    for path in files:
        relative = path.relative_to(tree).as_posix()
        size += path.stat().st_size
        result = scan_source(scanner, Source(relative, path), binary_strings=False, wanted=FindingFilter())
        incomplete += [f"{relative}: {reason}" for reason in result.incomplete]
        for f in result.findings:
            action = policy.action_for(Direction.REQUEST, f.rule, f.category, f.classification, f.tier,
                                       host_class=HostClass.GUARDED)
            judged.append(Judged(f, relative, action))
    return judged, size, incomplete


def table(title: str, counts: Counter, mb: float) -> list[str]:
    lines = [f"{title}:"]
    for name, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        lines.append(f"  {name:<34} {count:>6}  {count / mb:6.2f}/MB")
    return lines


def report(judged: list[Judged], size: int, files: int, incomplete: list[str], listing: bool) -> list[str]:
    mb = size / 1e6
    acted = [j for j in judged if j.action != Action.ALLOW]
    lines = [f"scanned {files} files, {mb:.2f} MB",
             f"findings: {len(judged)} ({len(judged) / mb:.2f}/MB)",
             f"acted on by the default policy (mask/approve/block): {len(acted)} ({len(acted) / mb:.2f}/MB)",
             f"only classified (allowed): {len(judged) - len(acted)}"]
    lines += table("by rule", Counter(j.finding.rule for j in judged), mb)
    lines += table("by classification", Counter(j.finding.classification for j in judged), mb)
    lines += table("by category/tier", Counter(f"{j.finding.category}/{j.finding.tier}" for j in judged), mb)
    lines += table("by action", Counter(str(j.action) for j in judged), mb)
    lines += table("acted on, by rule", Counter(j.finding.rule for j in acted), mb)
    lines += [f"incomplete: {reason}" for reason in incomplete]
    if listing:
        lines.append("findings (file:line rule classification action preview):")
        lines += [f"  {j.relative}:{j.finding.line} {j.finding.rule} {j.finding.classification} {j.action} "
                  f"{j.finding.preview}" for j in judged]
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stdlib", type=Path, default=None, help="the tree to scan (default: this Python's stdlib)")
    parser.add_argument("--no-tests", action="store_true", help="skip test folders (test, tests, idle_test)")
    parser.add_argument("--policy", type=Path, default=None, help="policy file (default: the shipped default)")
    parser.add_argument("--list", action="store_true", help="one line per finding (value masked)")
    args = parser.parse_args()

    tree = (args.stdlib or default_stdlib()).resolve()
    if not tree.is_dir():
        parser.error(f"{tree}: not a directory")
    files = python_files(tree, args.no_tests)
    judged, size, incomplete = judge(Scanner.default(), Policy.load(args.policy), tree, files)
    print(f"tree: {tree}{' (test folders skipped)' if args.no_tests else ''}")
    for line in report(judged, size, len(files), incomplete, args.list):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
