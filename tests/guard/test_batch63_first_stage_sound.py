"""batch63: the first stage reports every end of a match of every pattern, whatever the rule pack, in a text alone
(`HyperscanPrefilter.ends`) and among a head's texts (`fired_in`, dos62's batch).

The counterexample the lead's review of dos62 kept (`test_anchors_fire_where_the_text_alone_does`) was not the join:
it was Hyperscan. The library hyperscan 0.9 bundles (vectorscan 5.4.12) loses a match that ends where the scanned
bytes end in two ways, in a text alone as much as in a join:
- its small-write engine (which a block database carries for buffers under 70 bytes, under 35 for some patterns)
  misses a match ending on the last byte of a buffer of 17 to 69 bytes: with the two patterns `ab$` and `kq`, `kq`
  in `'=' * 15 + 'kq'` (17 bytes) is not reported, in `'=' * 6 + 'kq'` (8 bytes) it is; the review's joined head was
  19 bytes, `======kq` alone 8;
- its main engine misses a `$` match before a final line break in some texts (`[^a]k+$` alone in the 37 bytes of
  `BEFORE_A_FINAL_BREAK`), in block, streaming and vectored mode alike.
So every scan now appends a line break and a byte no text holds (`prefilter.TAIL`), every anchor of the data's end
reads that line break (`batch_source`), and a never-matching start-of-match pattern keeps the small-write engine out
of every database: no real match ends where the scanned bytes end, and no `$` is read in the real text.

The oracle here is Python's `re` on the text alone, not Hyperscan: a test that compared the batch to the per-text
scan could not see a match both lose (the small-write miss is in the per-text scan too)."""

from __future__ import annotations

import functools
import re
from unittest import mock

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from addons.detect import prefilter
from addons.detect.rules import Rule
from addons.detect.vocabulary import Category, Classification, Tier

# The engine's two misses, reduced (see the module's docstring): pack, text, the end it must report.
SMALL_WRITE = (["ab$", "kq"], "=" * 15 + "kq", 17)
BEFORE_A_FINAL_BREAK = (["[^a]k+$"], "\n=xbakk\naqxqx\naqqxqx=xbq\nbbab=bx\n=qk\n", 36)


def _rule(index: int, source: str) -> Rule:
    return Rule(f"batch63-{index}", "user-style", Category.SECRET, Classification.CONFIDENTIAL, Tier.PRECISE, source)


@functools.lru_cache(maxsize=512)
def _prefilter(pack: tuple[str, ...]) -> prefilter.HyperscanPrefilter:
    """The pack's first stage, built in memory (random packs must not fill the user's cache folder)."""
    assert prefilter.hyperscan is not None, "Hyperscan is a required dependency (pyproject.toml)"
    with mock.patch.object(prefilter, "cache_dir", lambda: None):
        return prefilter.HyperscanPrefilter([_rule(i, source) for i, source in enumerate(pack)])


def _reported(pf: prefilter.HyperscanPrefilter, text: str, only: int | None = None) -> dict[int, set[int]]:
    """Every end `ends` reports or a window of it holds, per pattern (``only`` that one)."""
    ends, windows = pf.ends(text)
    out: dict[int, set[int]] = {}
    for index in range(len(pf.rules)) if only is None else (only,):
        spans = windows.get(index, ())
        out[index] = set(ends.get(index, ())) | {e for e in range(len(text) + 1) if any(s <= e <= w for s, w in spans)}
    return out


# Python's `re` form of a Hyperscan pattern where they differ (`\z`, `\Z`), for the oracle.
_PYTHON: dict[str, str] = {r"(?:^|[^a-z])q\z": r"(?:^|[^a-z])q\Z"}


@functools.lru_cache(maxsize=4096)
def _ending_at(source: str, after: int) -> re.Pattern:
    """The pattern followed by exactly ``after`` characters to the end: whether a match ends there."""
    return re.compile(f"(?:{_PYTHON.get(source, source)})(?=[\\s\\S]{{{after}}}\\Z)", re.ASCII)


def _real_ends(source: str, text: str) -> set[int]:
    """Where a non-empty match of ``source`` ends in ``text`` alone (an empty one holds no value): the leftmost match
    that ends at ``e`` starts before it."""
    return {e for e in range(1, len(text) + 1)
            if (m := _ending_at(source, len(text) - e).search(text)) is not None and m.start() < e}


@pytest.mark.parametrize("pack, text, end", [SMALL_WRITE, BEFORE_A_FINAL_BREAK])
def test_the_engines_misses_at_the_end_of_the_bytes_are_reported(pack, text, end):
    pf = _prefilter(tuple(pack))
    assert end in _reported(pf, text)[len(pack) - 1]
    # and among other texts, as the head's batch reads it
    for before in ([], ["=="], ["", "=", "==="], ["x" * 80]):
        assert pf.fired_in([*before, text]) == [False] * len(before) + [True]


# Small packs whose databases the engine misread (the pattern whose match ends the text is the last), and the text
# of a given length that ends in such a match.
ENDING_PACKS = [
    (("ab$", "kq"), lambda n: "=" * (n - 2) + "kq"),  # small-write: 17-69 bytes
    ((r"\nq{2,}", "ab"), lambda n: "x" * (n - 2) + "ab"),  # small-write: 17-34 bytes (no anchor at all)
    (("a[ab]$",), lambda n: "x" * (n - 2) + "aa"),  # small-write: 17-34 bytes
    ((r"[ab]k+$",), lambda n: "x" * (n - 2) + "ak"),
    ((r"^k+kq[^a]", r"[^a]k+$"), lambda n: "=" * (n - 3) + "qk\n"),  # a `$` before a final line break
    ((r"x\b", r"(?:^|[^a-z])q\z"), lambda n: "=" * (n - 1) + "q"),
]


@pytest.mark.parametrize("pack, text_of", ENDING_PACKS)
def test_a_match_ending_the_text_is_reported_at_every_length(pack, text_of):
    """The small-write misses span 17 to 69 bytes, the main engine's lie past them: every length up to 140."""
    pf = _prefilter(pack)
    index = len(pack) - 1
    for length in range(3, 140):
        text = text_of(length)
        want = _real_ends(pack[index], text)
        assert want and want <= _reported(pf, text)[index], (pack, text)
        assert pf.fired_in(["a", text, "b"])[1] and pf.fired_in(["a", text]) == [False, True]


# User-style patterns: each atom as Hyperscan reads it and as Python's `re` does (`\Z` is PCRE's end or before a final
# line break; `\z` the end only, Python's `\Z`).
ATOMS = [("ab", "ab"), ("kq", "kq"), ("a", "a"), ("q", "q"), ("[ab]", "[ab]"), ("[^a]", "[^a]"), ("k+", "k+"),
         ("=", "="), ("\\n", "\\n"), ("x?", "x?"), ("[a-z]{2,}", "[a-z]{2,}"), ("\\w", "\\w"), ("\\s", "\\s"),
         ("(?:ab|kq)", "(?:ab|kq)"), ("[^\\n]", "[^\\n]"), ("\\d", "\\d"), (".", "."), ("b*", "b*")]
STARTS = [("", ""), ("^", "^"), ("\\A", "\\A"), ("\\b", "\\b"), ("\\B", "\\B"), ("(?:^|[^a-z])", "(?:^|[^a-z])"),
          ("(?:^|\\n)", "(?:^|\\n)"), ("(?:^|x)", "(?:^|x)")]
ENDS = [("", ""), ("$", "$"), ("\\z", "\\Z"), ("\\Z", "(?=\\n?\\Z)"), ("\\b", "\\b"), ("\\B", "\\B"),
        ("(?:[^a-z]|$)", "(?:[^a-z]|$)"), ("(?:\\n|$)", "(?:\\n|$)"), ("(?:y|$)", "(?:y|$)"), ("$\\n?", "$\\n?")]


@st.composite
def _patterns(draw) -> tuple[str, str]:
    start, end = draw(st.sampled_from(STARTS)), draw(st.sampled_from(ENDS))
    atoms = draw(st.lists(st.sampled_from(ATOMS), min_size=0, max_size=3))
    return (start[0] + "".join(a[0] for a in atoms) + end[0], start[1] + "".join(a[1] for a in atoms) + end[1])


TEXTS = st.text(alphabet="abkqxy=\n \"^$0_", max_size=12)


def _check(pack: list[tuple[str, str]], texts: list[str]) -> None:
    for hs, py in pack:
        _PYTHON[hs] = py
    pf = _prefilter(tuple(hs for hs, _ in pack))
    fired = pf.fired_in(texts)
    for text, marked in zip(texts, fired, strict=True):
        reported = _reported(pf, text) if text else {}
        for index, (hs, _) in enumerate(pack):
            real = _real_ends(hs, text)
            if real:
                assert real <= reported[index], (hs, text, real, reported[index])
                assert marked, (hs, text, texts)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@example(pack=[("^ab", "^ab"), ("ab$", "ab$"), ("(?:^|x)cd(?:y|$)", "(?:^|x)cd(?:y|$)"), ("\\Aab", "\\Aab"),
               ("ab\\z", "ab\\Z"), ("^$", "^$"), ("kq", "kq")], texts=["==", "", "=", "===", "======kq"])
@example(pack=[("ab$", "ab$"), ("kq", "kq")], texts=["=" * 15 + "kq"])
@example(pack=[("[^a]k+$", "[^a]k+$")], texts=[BEFORE_A_FINAL_BREAK[1]])
@given(st.lists(_patterns(), min_size=1, max_size=4), st.lists(TEXTS, min_size=1, max_size=8))
def test_every_match_of_a_user_style_pack_is_reported_alone_and_in_a_head(pack, texts):
    _check(pack, texts)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_patterns(), min_size=1, max_size=4),
       st.lists(st.text(alphabet="abkqxy=\n \"0_", min_size=15, max_size=90), min_size=1, max_size=3))
def test_and_in_texts_the_small_write_engine_would_have_read(pack, texts):
    """Texts of 15 to 90 characters: across the small-write engine's 17-69 bytes and past them."""
    _check(pack, texts)


@pytest.fixture(scope="module")
def shipped_prefilter(tmp_path_factory) -> prefilter.HyperscanPrefilter:
    from tests.guard.support import shipped_rules_runtime
    pf = shipped_rules_runtime(tmp_path_factory.mktemp("batch63")).inspector.scanner._prefilter
    assert isinstance(pf, prefilter.HyperscanPrefilter), "the shipped scanner runs without Hyperscan"
    return pf


@pytest.mark.parametrize("before", ["=" * 15, "x y " * 8 + "=", "q" * 66, "\n" * 3])
def test_every_shipped_example_ending_a_text_is_reported(shipped_prefilter, before):
    """The shipped pack, every rule's examples ending a text (after 15 to 66 characters: the small-write engine's
    lengths) and, where the rule's regex is its first stage, every end of its matches there (Python's `regex` module
    as the oracle; a `first_stage` promises only the ends of the matches its examples prove)."""
    pf = shipped_prefilter
    for index, rule in enumerate(pf.rules):
        for sample in rule.examples:
            text = before + sample
            real = {m.end() for m in rule.pattern.finditer(text, overlapped=True)} if not rule.first_stage else set()
            reported = _reported(pf, text, index)[index]
            assert real <= reported, (rule.id, before)
            if real:
                assert pf.fired_in([before, text, "b"])[1], (rule.id, before)
