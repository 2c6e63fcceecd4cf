"""The labelled evaluation set (tests/data/eval/eval.jsonl) as a quality gate: F1 >= 0.97, no missed
provider-format key, no finding on a hard negative. scripts/eval_detect.py prints the full report."""

import importlib.util
import json
from pathlib import Path

from addons.detect import Scanner

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("eval_detect", ROOT / "scripts" / "eval_detect.py")
eval_detect = importlib.util.module_from_spec(spec)
spec.loader.exec_module(eval_detect)


def test_eval_set_quality():
    items = [json.loads(line) for line in (ROOT / "tests/data/eval/eval.jsonl").read_text().splitlines()]
    assert len(items) >= 500 and sum(i["hard_negative"] for i in items) >= 200
    tp, fp, fn, by_type, hard_hits, _ = eval_detect.evaluate(Scanner.default(), items)
    _, _, f1 = eval_detect.scores(sum(tp.values()), sum(fp.values()), sum(fn.values()))
    missed = {t: total - found for t, (found, total) in by_type.items() if t.startswith("provider:") and found < total}
    assert f1 >= 0.97
    assert missed == {}
    assert hard_hits == 0


def test_eval_set_is_reproducible(tmp_path):
    spec = importlib.util.spec_from_file_location("generate", ROOT / "tests/data/eval/generate.py")
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    stored = (ROOT / "tests/data/eval/eval.jsonl").read_text().splitlines()
    assert [json.dumps(item) for item in generate.build()] == stored
