"""Breadth (issue 15, part 2): every credential family peers cover is found whole, and its look-alikes are not.
The set is scripts/eval_breadth.py's: written from each format's public documentation, independent of the rules'
own examples (which tests/detect/test_rule_examples.py holds)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from addons.detect import Scanner

_spec = importlib.util.spec_from_file_location(
    "eval_breadth", Path(__file__).resolve().parents[2] / "scripts" / "eval_breadth.py")
assert _spec is not None and _spec.loader is not None
eval_breadth = importlib.util.module_from_spec(_spec)
sys.modules["eval_breadth"] = eval_breadth  # its dataclasses look their module up there
_spec.loader.exec_module(eval_breadth)

FAMILIES = eval_breadth.families(eval_breadth.Draw())


@pytest.fixture(scope="module")
def scores():
    return eval_breadth.evaluate(Scanner.default(), FAMILIES)


@pytest.mark.parametrize("name", [f.name for f in FAMILIES])
def test_every_family_is_found_whole_and_its_look_alikes_are_not(scores, name):
    score = scores[name]
    assert score.misses == []
    assert score.found == score.positives > 0 and score.hit == 0


def test_a_value_left_partly_unmasked_counts_as_missed():
    class Finding:
        def __init__(self, start, end):
            self.start, self.end = start, end

    assert eval_breadth.covered(5, 15, [Finding(0, 9), Finding(9, 15)])
    assert not eval_breadth.covered(5, 15, [Finding(5, 9), Finding(10, 15)])  # one character left between
    assert not eval_breadth.covered(5, 15, [Finding(8, 15)])
