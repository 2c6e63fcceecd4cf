#!/usr/bin/env python3
"""Score the second held-out set (tests/data/heldout2): recall per label type and false-positive rate per
hard-negative kind (the share of `neg/<kind>` items with at least one sensitive finding).

    .venv/bin/python scripts/eval_heldout2.py [--rules DIR ...] [--engine hyperscan|python] [--json OUT]

A finding classified `public` or `test-value` is not sensitive: policy allows those classes, so it is no
false positive (it is still listed under `allowed_findings`). Matching is the one of eval_heldout.py: a
finding overlapping a label of the same category, each label matched once. Nothing here prints a value.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from addons.detect import Scanner  # noqa: E402

DEFAULT_DATA = ROOT / "tests" / "data" / "heldout2" / "heldout2.jsonl"
NOT_SENSITIVE = ("public", "test-value")


def load(path: Path = DEFAULT_DATA) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def evaluate(scanner: Scanner, items: list[dict]) -> dict:
    recall: dict[str, list[int]] = defaultdict(lambda: [0, 0])      # type -> [found, total]
    fp_rate: dict[str, list[int]] = defaultdict(lambda: [0, 0])     # neg kind -> [items hit, items]
    fp_rules: Counter = Counter()
    allowed: Counter = Counter()
    extra_on_positives: Counter = Counter()
    for item in items:
        labels, matched = item["labels"], set()
        hit_sensitive = False
        for finding in scanner.scan(item["text"]):
            if finding.classification in NOT_SENSITIVE:
                allowed[f"{finding.rule_id}:{finding.classification}"] += 1
                continue
            hit = next((i for i, label in enumerate(labels) if i not in matched
                        and label["category"] == finding.category
                        and finding.start < label["end"] and label["start"] < finding.end), None)
            if hit is None:
                hit_sensitive = True
                (fp_rules if item["hard_negative"] else extra_on_positives)[finding.rule_id] += 1
            else:
                matched.add(hit)
        for i, label in enumerate(labels):
            recall[label["type"]][1] += 1
            recall[label["type"]][0] += i in matched
        if item["hard_negative"]:
            kind = item["context"].removeprefix("neg/")
            fp_rate[kind][1] += 1
            fp_rate[kind][0] += hit_sensitive
    found = sum(f for f, _ in recall.values())
    total = sum(t for _, t in recall.values())
    hit = sum(h for h, _ in fp_rate.values())
    negatives = sum(n for _, n in fp_rate.values())
    return {"rules_version": scanner.version, "engine": scanner.engine,
            "recall_overall": [found, total], "fp_rate_overall": [hit, negatives],
            "recall": dict(sorted(recall.items())), "fp_rate": dict(sorted(fp_rate.items())),
            "fp_rules": dict(fp_rules.most_common()), "fp_on_positive_items": dict(extra_on_positives.most_common()),
            "allowed_findings": dict(allowed.most_common())}


def report(result: dict) -> str:
    lines = [f"rules {result['rules_version']}, engine {result['engine']}"]
    found, total = result["recall_overall"]
    lines.append(f"recall overall: {found}/{total} = {found / total:.3f}")
    for kind, (f, t) in result["recall"].items():
        lines.append(f"  recall {kind:<32} {f:>3}/{t:<3} {f / t:.2f}")
    hit, negatives = result["fp_rate_overall"]
    lines.append(f"false-positive rate overall (hard-negative items hit): {hit}/{negatives} = {hit / negatives:.3f}")
    for kind, (h, n) in result["fp_rate"].items():
        lines.append(f"  fp rate {kind:<31} {h:>3}/{n:<3} {h / n:.2f}")
    lines.append("false positives by rule: " + (", ".join(f"{r} {n}" for r, n in result["fp_rules"].items()) or "none"))
    lines.append("extra findings on positive items: "
                 + (", ".join(f"{r} {n}" for r, n in result["fp_on_positive_items"].items()) or "none"))
    lines.append("allowed (public / test-value) findings: "
                 + (", ".join(f"{r} {n}" for r, n in result["allowed_findings"].items()) or "none"))
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--rules", action="append", help="rule file or directory (repeatable); default: rules/")
    parser.add_argument("--engine", choices=["hyperscan", "python"], default="hyperscan")
    parser.add_argument("--json", type=Path, help="also write the result as JSON here")
    args = parser.parse_args()
    scanner = Scanner.from_rules(args.rules, args.engine) if args.rules else Scanner.default(args.engine)
    result = evaluate(scanner, load(args.data))
    print(report(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
