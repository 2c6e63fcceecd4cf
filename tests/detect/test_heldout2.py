"""The second held-out set (tests/data/heldout2, issue 15): reproducible from its generator, and composed of
the kinds it promises. scripts/eval_heldout2.py prints the per-type recall and per-kind false-positive rate."""

import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests/data/heldout2/heldout2.jsonl"


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_heldout2_is_reproducible():
    generate = _load("heldout2_generate", ROOT / "tests/data/heldout2/generate.py")
    assert [json.dumps(item, ensure_ascii=False) for item in generate.build()] == DATA.read_text().splitlines()


def test_heldout2_composition():
    items = [json.loads(line) for line in DATA.read_text().splitlines()]
    kinds = {label["type"] for item in items for label in item["labels"]}
    assert {"secret:password-prose", "secret:password-de", "secret:password-fr", "secret:password-es",
            "secret:password-positional", "provider:discord-bot", "provider:aws-secret-key"} <= kinds
    negatives = {item["context"] for item in items if item["hard_negative"]}
    assert {"neg/doc-ip", "neg/zip", "neg/test-card", "neg/auth-mechanism", "neg/author-email"} <= negatives


def test_heldout2_quality_does_not_fall_below_the_recorded_after_scores():
    """Regression gate at the scores recorded in results-after-detect4.txt (recall 112/118, 0 of 83 negatives
    hit; results-after.txt holds detect3's 103/118 and 1 of 83). The held-out set is not for tuning: lower a
    bound only with a reason in the commit message."""
    from addons.detect import Scanner

    eval_heldout2 = _load("eval_heldout2", ROOT / "scripts" / "eval_heldout2.py")
    result = eval_heldout2.evaluate(Scanner.default(), eval_heldout2.load(DATA))
    found, total = result["recall_overall"]
    hit, negatives = result["fp_rate_overall"]
    assert found >= 112 and total == 118
    assert hit == 0 and negatives == 83
