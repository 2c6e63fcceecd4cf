#!/usr/bin/env python3
"""Detection quality on the held-out set (tests/data/heldout/heldout.jsonl, written independently of the
engine's own eval set): precision / recall / F1 per category, recall per label type, misses by format,
false positives by rule, hard-negative hits and span exactness.

    .venv/bin/python scripts/eval_heldout.py [--data PATH] [--rules DIR_OR_FILE ...] [--engine hyperscan|python]
                                             [--show N] [--only PREFIX]

Matching is the one of scripts/eval_detect.py (a finding overlapping a label of the same category, each
label matched once). Previews are masked (first 3 characters, then the length). Exit status 1 when a
provider-format key is missed or a hard negative is hit.
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

DEFAULT_DATA = ROOT / "tests" / "data" / "heldout" / "heldout.jsonl"


def preview(text: str) -> str:
    return f"{text[:3]}…({len(text)} chars)"


def load(path: Path = DEFAULT_DATA) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def evaluate(scanner: Scanner, items: list[dict]) -> dict:
    """Counts and mistakes; `fp_rules` / `hard_rules` count false positives / hard-negative hits by rule."""
    tp, fp, fn = Counter(), Counter(), Counter()
    by_type = defaultdict(lambda: [0, 0])
    fp_rules, hard_rules, exact, mistakes = Counter(), Counter(), [0, 0], []
    for item in items:
        text, labels = item["text"], item.get("labels", [])
        matched: dict[int, object] = {}
        for f in scanner.scan(text):
            hit = next((i for i, label in enumerate(labels) if i not in matched and label["category"] == f.category
                        and f.start < label["end"] and label["start"] < f.end), None)
            if hit is None:
                fp[f.category] += 1
                fp_rules[f.rule_id] += 1
                if item.get("hard_negative"):
                    hard_rules[f.rule_id] += 1
                mistakes.append(("FP", item, f.rule_id, text[f.start:f.end]))
            else:
                matched[hit] = f
                tp[f.category] += 1
                exact[1] += 1
                exact[0] += (f.start, f.end) == (labels[hit]["start"], labels[hit]["end"])
        for i, label in enumerate(labels):
            by_type[label["type"]][1] += 1
            if i in matched:
                by_type[label["type"]][0] += 1
            else:
                fn[label["category"]] += 1
                mistakes.append(("FN", item, label["type"], text[label["start"]:label["end"]]))
    missed_providers = {t: total - found for t, (found, total) in by_type.items()
                        if t.startswith("provider:") and found < total}
    return {"tp": tp, "fp": fp, "fn": fn, "by_type": dict(by_type), "fp_rules": fp_rules, "hard_rules": hard_rules,
            "exact": exact, "mistakes": mistakes, "missed_providers": missed_providers,
            "hard_hits": sum(hard_rules.values())}


def scores(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def overall(result: dict) -> tuple[float, float, float]:
    return scores(sum(result["tp"].values()), sum(result["fp"].values()), sum(result["fn"].values()))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--rules", action="append", help="rule file or directory (repeatable); default: rules/")
    parser.add_argument("--engine", choices=["hyperscan", "python"], default="hyperscan")
    parser.add_argument("--show", type=int, default=60, help="list up to N mistakes")
    parser.add_argument("--only", metavar="PREFIX",
                        help="items whose context starts with PREFIX (b2/: the second batch)")
    args = parser.parse_args()

    scanner = Scanner.from_rules(args.rules, args.engine) if args.rules else Scanner.default(args.engine)
    items = load(args.data)
    if args.only:
        items = [i for i in items if i.get("context", "").startswith(args.only)]
    res = evaluate(scanner, items)
    print(f"held-out set: {args.data.relative_to(ROOT) if args.data.is_relative_to(ROOT) else args.data} "
          f"({len(items)} items, {sum(len(i['labels']) for i in items)} labels, "
          f"{sum(i['hard_negative'] for i in items)} hard negatives); rules {scanner.version}, "
          f"engine {scanner.engine}")
    print(f"{'category':<10} {'TP':>5} {'FP':>5} {'FN':>5} {'precision':>10} {'recall':>8} {'F1':>7}")
    tp, fp, fn = res["tp"], res["fp"], res["fn"]
    for cat in [*sorted(set(tp) | set(fp) | set(fn)), "overall"]:
        counts = ((sum(tp.values()), sum(fp.values()), sum(fn.values())) if cat == "overall"
                  else (tp[cat], fp[cat], fn[cat]))
        p, r, f = scores(*counts)
        print(f"{cat:<10} {counts[0]:>5} {counts[1]:>5} {counts[2]:>5} {p:>10.3f} {r:>8.3f} {f:>7.3f}")
    print(f"exact spans: {res['exact'][0]}/{res['exact'][1]} of the matched findings")
    misses = {t: (found, total) for t, (found, total) in sorted(res["by_type"].items()) if found < total}
    missed = ", ".join(f"{t} {total - found}/{total}" for t, (found, total) in misses.items())
    print("misses by label type: " + (missed or "none"))
    print("false positives by rule: " + (", ".join(f"{r} {n}" for r, n in res["fp_rules"].most_common()) or "none"))
    print(f"hard-negative items hit: {res['hard_hits']} findings"
          + (f" ({', '.join(f'{r} {n}' for r, n in res['hard_rules'].most_common())})" if res["hard_hits"] else ""))
    print(f"provider-format keys missed: {sum(res['missed_providers'].values())}"
          + (f" ({', '.join(sorted(res['missed_providers']))})" if res["missed_providers"] else ""))
    for kind, item, what, value in res["mistakes"][: args.show]:
        print(f"  {kind} {item['id']} [{item.get('context', '?')}] {what}: {preview(value)}")
    return 1 if res["missed_providers"] or res["hard_hits"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
