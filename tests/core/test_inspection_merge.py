"""inspection._merge (a scanner's findings merged with an extra detector's or a second view's) against the plain
code it replaced: a sort and a scan over every kept finding per other finding, quadratic on a customer export
with an address on every line."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from addons.core import inspection


@dataclass(frozen=True)
class _Found:
    start: int
    end: int
    rule_id: str


def _plain_non_overlapping(findings):
    kept = []
    for f in sorted(findings, key=lambda f: (f.start, -(f.end - f.start))):
        if kept and f.start < kept[-1].end:
            continue
        kept.append(f)
    return kept


def _plain_merge(preferred, others):
    kept = _plain_non_overlapping(preferred)
    kept += [f for f in _plain_non_overlapping(others) if not any(f.start < k.end and k.start < f.end for k in kept)]
    return sorted(kept, key=lambda f: f.start)


_spans = st.lists(st.tuples(st.integers(0, 60), st.integers(0, 12)), max_size=25)


def _found(spans, rule_id):
    return [_Found(start, start + length, f"{rule_id}{i}") for i, (start, length) in enumerate(spans)]


@pytest.mark.slow  # generated finding sets, both merges
@settings(max_examples=600, deadline=None)
@given(_spans, _spans)
def test_merge_keeps_what_the_plain_merge_keeps(preferred, others):
    preferred, others = _found(preferred, "p"), _found(others, "o")
    expected = _plain_merge(preferred, others)
    merged = inspection._merge(preferred, others)
    assert [(f.start, f.end, f.rule_id) for f in merged] == [(f.start, f.end, f.rule_id) for f in expected]


@settings(max_examples=300, deadline=None)
@given(_spans)
def test_an_already_ordered_list_is_kept_as_the_sort_would_keep_it(spans):
    ordered = _plain_non_overlapping(_found(spans, "s"))  # sorted, non-overlapping: the scanner's output shape
    assert inspection._non_overlapping(ordered) == ordered
    assert inspection._merge([], ordered) == _plain_merge([], ordered)
    assert inspection._merge(ordered, []) == _plain_merge(ordered, [])


def test_zero_length_and_touching_findings():
    preferred = _found([(5, 0), (5, 3), (8, 2)], "p")
    others = _found([(4, 2), (6, 0), (10, 0), (7, 1), (0, 4)], "o")
    assert inspection._merge(preferred, others) == _plain_merge(preferred, others)
