"""The independent held-out set (tests/data/heldout/heldout.jsonl, generate.py next to it) as a regression
gate: scores at or above what the rules reach now, no missed provider-format key, no finding on a hard
negative. scripts/eval_heldout.py prints the full report."""

import importlib.util
import json
from pathlib import Path

import pytest

from addons.detect import Scanner

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests/data/heldout/heldout.jsonl"


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


eval_heldout = _load("eval_heldout", ROOT / "scripts" / "eval_heldout.py")


@pytest.fixture(scope="module")
def items():
    return eval_heldout.load(DATA)


# The pure-Python first stage reads the set in ~1.3 s: the full suite runs it, the unit loop the Hyperscan one.
@pytest.mark.parametrize("engine", ["hyperscan", pytest.param("python", marks=pytest.mark.slow)])
def test_heldout_quality(items, engine):
    result = eval_heldout.evaluate(Scanner.default(engine), items)
    precision, recall, f1 = eval_heldout.overall(result)
    assert result["missed_providers"] == {}
    assert result["hard_hits"] == 0
    assert f1 >= 0.99 and precision >= 0.99 and recall >= 0.99
    for category in ("secret", "pii"):
        _, _, category_f1 = eval_heldout.scores(result["tp"][category], result["fp"][category], result["fn"][category])
        assert category_f1 >= 0.99, category
    exact, matched = result["exact"]
    assert exact >= matched - 2  # findings cover the value only: key names, quotes, &next=params stay out


def test_heldout_composition(items):
    assert len(items) >= 600
    assert sum(i["hard_negative"] for i in items) >= 150
    kinds = {label["type"] for i in items for label in i["labels"]}
    assert sum(k.startswith("provider:") for k in kinds) >= 60
    assert {"pii:email", "pii:phone", "pii:card", "pii:ssn", "pii:iban", "pii:ip",
            "secret:password", "secret:connection-string", "secret:private-key", "secret:jwt"} <= kinds


def test_heldout_is_reproducible():
    generate = _load("heldout_generate", ROOT / "tests/data/heldout/generate.py")
    assert [json.dumps(item) for item in generate.build()] == DATA.read_text().splitlines()
