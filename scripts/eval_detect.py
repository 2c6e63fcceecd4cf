#!/usr/bin/env python3
"""Precision, recall and F1 of the detection engine on a labelled evaluation set.

    .venv/bin/python scripts/eval_detect.py [--data tests/data/eval/eval.jsonl] [--rules DIR_OR_FILE ...]
                                            [--engine hyperscan|python] [--show N]

Input lines: {"id", "text", "labels": [{"start", "end", "category", "type"}], "hard_negative"?, "context"?}.
A finding counts as a true positive when it overlaps a label of the same category (a label is matched at
most once); per category, overall, per label type (missed provider-format keys are listed), and the
number of findings on hard-negative items. Exit status 1 when a provider-format key is missed or a hard
negative is hit. Previews are masked: first 3 characters of the value, then its length.
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

DEFAULT_DATA = ROOT / "tests" / "data" / "eval" / "eval.jsonl"


def preview(text: str) -> str:
    return f"{text[:3]}…({len(text)} chars)"


def evaluate(scanner: Scanner, items: list[dict]):
    tp, fp, fn = Counter(), Counter(), Counter()
    by_type = defaultdict(lambda: [0, 0])  # type -> [found, total]
    hard_negative_hits, mistakes = 0, []
    for item in items:
        text, labels = item["text"], item.get("labels", [])
        findings = scanner.scan(text)
        matched = set()
        for finding in findings:
            hit = next((i for i, label in enumerate(labels) if i not in matched
                        and label["category"] == finding.category
                        and finding.start < label["end"] and label["start"] < finding.end), None)
            if hit is None:
                fp[finding.category] += 1
                mistakes.append(("FP", item, finding.rule_id, text[finding.start:finding.end]))
            else:
                matched.add(hit)
                tp[finding.category] += 1
        if item.get("hard_negative"):
            hard_negative_hits += len(findings)
        for i, label in enumerate(labels):
            by_type[label.get("type", label["category"])][1] += 1
            if i in matched:
                by_type[label.get("type", label["category"])][0] += 1
            else:
                fn[label["category"]] += 1
                mistakes.append(("FN", item, label.get("type", "?"), text[label["start"]:label["end"]]))
    return tp, fp, fn, by_type, hard_negative_hits, mistakes


def scores(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--rules", action="append", help="rule file or directory (repeatable); default: rules/")
    parser.add_argument("--engine", choices=["hyperscan", "python"], default="hyperscan")
    parser.add_argument("--show", type=int, default=20, help="list up to N mistakes")
    args = parser.parse_args()

    scanner = Scanner.from_rules(args.rules, args.engine) if args.rules else Scanner.default(args.engine)
    items = [json.loads(line) for line in args.data.read_text().splitlines() if line.strip()]
    tp, fp, fn, by_type, hard_hits, mistakes = evaluate(scanner, items)

    print(f"eval set: {args.data} ({len(items)} items, {sum(len(i.get('labels', [])) for i in items)} labels, "
          f"{sum(bool(i.get('hard_negative')) for i in items)} hard negatives); rules {scanner.version}, "
          f"engine {scanner.engine}")
    print(f"{'category':<10} {'TP':>5} {'FP':>5} {'FN':>5} {'precision':>10} {'recall':>8} {'F1':>7}")
    for category in [*sorted(set(tp) | set(fp) | set(fn)), "overall"]:
        counts = (sum(tp.values()), sum(fp.values()), sum(fn.values())) if category == "overall" else (
            tp[category], fp[category], fn[category])
        p, r, f = scores(*counts)
        print(f"{category:<10} {counts[0]:>5} {counts[1]:>5} {counts[2]:>5} {p:>10.3f} {r:>8.3f} {f:>7.3f}")
    missed_providers = {t: total - found for t, (found, total) in by_type.items()
                        if t.startswith("provider:") and found < total}
    print(f"hard-negative items hit: {hard_hits} findings")
    print(f"provider-format keys missed: {sum(missed_providers.values())}"
          + (f" ({', '.join(sorted(missed_providers))})" if missed_providers else ""))
    for kind, item, what, value in mistakes[: args.show]:
        print(f"  {kind} {item['id']} [{item.get('context', '?')}] {what}: {preview(value)}")
    return 1 if missed_providers or hard_hits else 0


if __name__ == "__main__":
    raise SystemExit(main())
