"""The stream hold-back's literal pass (detect/literal_finder.py) gives what its per-character loop gave."""

import copy

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from addons.detect import Scanner
from addons.detect.holdback import Holdback
from addons.detect.literal_finder import LiteralFinder

COST_S = 2.0  # tests/conftest.py heaviest_files_first: four hypothesis tests of ~1 s, handed out early, not last


@pytest.fixture(scope="module")
def holdbacks():
    fast = Holdback(Scanner.default())
    reference = copy.copy(fast)
    reference.finder = LiteralFinder([])  # answers None: the per-character loop
    reference._views = {}  # its restricted views are its own (copy.copy shares the cache)
    return fast, reference


# The process-wide hold-back (built once per scanner) at import; the fixture above builds its own, on first use.
LITERALS = sorted({literal for literal, _ in Holdback.for_scanner(Scanner.default()).literals})
PIECE = st.one_of(
    st.sampled_from(LITERALS),
    st.sampled_from(LITERALS).map(str.upper),
    st.tuples(st.sampled_from(LITERALS), st.integers(1, 48)).map(lambda p: p[0][:p[1]]),  # cut off
    st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=8),
    st.sampled_from([" ", "\n", "_", "-", ".", "é", "\\u00"]),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(PIECE, min_size=1, max_size=12).map("".join))
def test_the_literal_pass_gives_the_rules_and_hold_of_the_loop(holdbacks, text):
    fast, reference = holdbacks
    assert fast.candidates(text) == reference.candidates(text)


@settings(max_examples=100, deadline=None)
@given(st.lists(PIECE, min_size=1, max_size=12).map("".join))
def test_the_same_with_some_rules_enabled(holdbacks, text):
    fast, reference = holdbacks
    some = fast.rule_ids[::7]
    assert fast.only(some).candidates(text) == reference.only(some).candidates(text)


def test_every_literal_cut_off_at_the_end_holds_the_same(holdbacks):
    fast, reference = holdbacks
    for literal in LITERALS:
        for k in range(1, len(literal) + 1):
            for text in (literal[:k], "x " + literal[:k], literal + " " + literal[:k]):
                assert fast.candidates(text) == reference.candidates(text), (literal, k)


def test_present_finds_each_literal_once_whatever_its_case():
    finder = LiteralFinder(["ghp_", "akia", "contraseña", "sk-"])
    assert sorted(finder.present("x GHP_1 ghp_2 AkIa sk-") or []) == [0, 1, 3]
    assert finder.present("contraseña") is None  # not ASCII: the caller's loop answers
    assert LiteralFinder([]).present("ghp_") is None
