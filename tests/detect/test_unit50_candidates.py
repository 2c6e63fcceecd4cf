"""`Holdback.candidates` by tables (unit50) gives what its per-character loops gave: the rules to run on a stream's
unreleased text and where a literal cut off at its end holds it from."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from addons.detect import Scanner
from addons.detect.holdback import Holdback, _same_length_lower, set_bits

from .test_literal_finder import LITERALS, PIECE

COST_S = 2.0  # tests/conftest.py heaviest_files_first: hypothesis tests of ~1 s, handed out early


def looped(holdback: Holdback, pending: str) -> tuple[list[int], int]:
    """`candidates` as it was before unit50: a loop per distinct char, per length of a literal's beginning and per
    set bit."""
    enabled = holdback.enabled
    hold = len(pending)
    if not pending.isascii():
        mask = holdback.non_ascii
    else:
        mask = 0
        for c in set(pending):
            mask |= holdback.first.get(c, 0)
        if mask & holdback.broad:
            seconds = 0
            for c in set(pending[1:]):
                seconds |= holdback.second.get(c, 0)
            if mask & holdback.broad & ~seconds & holdback.first.get(pending[-1], 0) & enabled:
                hold = len(pending) - 1
            mask &= ~holdback.broad | seconds
    lower = _same_length_lower(pending)
    found = holdback.finder.present(pending)
    if found is None:
        literal_mask, hold = holdback._literals_at_every_position(lower, hold)
    else:
        literal_mask = holdback._literals_in(found)
    mask |= literal_mask
    for k in range(1, min(len(lower), holdback.longest_literal) + 1):
        if holdback.beginnings.get(lower[-k:], 0) & enabled:
            hold = min(hold, len(lower) - k)
    mask &= enabled
    out = []
    while mask:
        low = mask & -mask
        out.append(low.bit_length() - 1)
        mask ^= low
    return out, hold


@pytest.fixture(scope="module")
def holdback():
    return Holdback.for_scanner(Scanner.default())


WORDS = st.text(st.characters(min_codepoint=9, max_codepoint=126), max_size=24)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(PIECE, WORDS), min_size=1, max_size=12).map("".join))
def test_the_tables_give_the_rules_and_hold_of_the_loops(holdback, text):
    assert holdback.candidates(text) == looped(holdback, text)


@settings(max_examples=100, deadline=None)
@given(st.lists(PIECE, min_size=1, max_size=12).map("".join), st.integers(1, 9))
def test_the_same_with_some_rules_enabled(holdback, text, step):
    some = holdback.only(holdback.rule_ids[::step])
    assert some.candidates(text) == looped(some, text)


def test_every_beginning_of_a_literal_at_the_end_holds_as_the_loop_did(holdback):
    values = holdback.only(holdback.rule_ids[1::3])
    for literal in LITERALS:
        for k in range(1, len(literal) + 1):
            for text in (literal[:k], "x " + literal[:k], literal + " " + literal[:k], "é" + literal[:k]):
                for view in (holdback, values):
                    assert view.candidates(text) == looped(view, text), (literal, k)


@given(st.integers(0, (1 << 420) - 1))
def test_set_bits_lists_every_bit_set_in_order(mask):
    assert set_bits(mask) == [i for i in range(mask.bit_length()) if mask >> i & 1]
