#!/usr/bin/env python3
"""Development split for the prose-password context model (session prose20): sets 15 and 16 are spent, so this
scores set 15 whole and set 16 split by template: even-numbered templates of each carrier are development material,
odd-numbered ones are held back to check that a change generalises rather than fits phrasings.

    .venv/bin/python scripts/dev_split16.py [--show dev|check|15] [--carrier NAME]
(--show prints the missed texts of that part with scanner.explain; the check part should not be read while tuning.)
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import heldout_score  # noqa: E402


def tagged(module_name: str):
    module = importlib.import_module(module_name)
    counts: dict[str, int] = defaultdict(int)
    styles = len(module.STYLES)
    for item in module.items():
        template = counts[item.carrier] // styles
        counts[item.carrier] += 1
        yield item, template


def main() -> int:
    from addons.detect import Scanner

    ap = argparse.ArgumentParser()
    ap.add_argument("--show", choices=("dev", "check", "15"))
    ap.add_argument("--carrier")
    args = ap.parse_args()
    scanner = Scanner.default()
    parts = {"15": [], "dev": [], "check": []}
    for item, _template in tagged("eval_heldout15"):
        parts["15"].append(item)
    for item, template in tagged("eval_heldout16"):
        parts["dev" if template % 2 == 0 else "check"].append(item)
    for part, items in parts.items():
        by_carrier: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for item in items:
            findings = [f for f in scanner.scan(item.text) if f.classification not in heldout_score.NOT_SENSITIVE]
            start = item.text.index(item.password)
            hit = heldout_score.covered(start, start + len(item.password), findings)
            by_carrier[item.carrier][0] += hit
            by_carrier[item.carrier][1] += 1
            if not hit and args.show == part and (args.carrier in (None, item.carrier)):
                print(f"--- {item.carrier}/{item.style} value={item.password!r}\n{item.text}")
                print(scanner.explain(item.text))
        found = sum(f for f, _ in by_carrier.values())
        total = sum(t for _, t in by_carrier.values())
        detail = " ".join(f"{c}={f}/{t}" for c, (f, t) in by_carrier.items())
        print(f"{part}: {found}/{total} = {found / total:.3f}  [{detail}]")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
