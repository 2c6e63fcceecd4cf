"""codec61: the joins of values split over fields or headers (guard/joined.py) made each excerpt as a list of pieces
(a NamedTuple each, a list copy per excerpt) and joined its text piece by piece: on thousands of one-letter headers
(dos59's open row: ~0.15 ms a header) that was most of the joins' cost, for excerpts nearly none of which holds a
finding. Each value's edge runs are now cut once, each excerpt's text is the one before it and one more value's run,
and the pieces are made only for an excerpt a finding is in. The texts must not change: the differential test
reads them against the old builder (below, as it was at ce29d5c) on seeded random values; the count test fails on
main (~24,000 pieces for 2,000 headers), and the key split over the last two headers is still found."""

from __future__ import annotations

import random
from itertools import accumulate

import pytest

from addons.core import runtime
from addons.formats import Field
from addons.guard import header_join, joined
from tests import fakes
from tests.guard.support import shipped_rules_runtime
from tests.guard.test_dos59_header_scan_work import _parts

AWS = fakes.aws_key_id(61)


def old_excerpts(values, max_pieces):
    excerpts, budget = [], joined.MAX_PIECED
    lengths = [0, *accumulate(v.length for v in values)]
    leads = [joined._Piece(v.field, 0, v.lead) for v in values]
    for i, first in enumerate(values):
        if first.trail == first.length:
            continue
        pieces = [joined._Piece(first.field, first.trail, first.length)]
        reach = max_pieces if budget > 0 else 2
        budget -= lengths[min(i + reach, len(values))] - lengths[i]
        for j in range(i + 1, min(i + reach, len(values))):
            if not values[j].lead:
                break
            pieces.append(leads[j])
            excerpts.append(pieces.copy())
            if not values[j].pure:
                break
    return excerpts


def old_apart_pairs(values):
    values = values[:joined.APART_VALUES]
    excerpts = []
    for i, first in enumerate(values):
        if first.trail == first.length:
            continue
        for later in values[i + 2:]:
            if later.lead:
                excerpts.append([joined._Piece(first.field, first.trail, first.length),
                                 joined._Piece(later.field, 0, later.lead)])
    return excerpts


PIECES = ["AKIA", "ab12", "x", "Q", "==", "-", "_", " ", "  ", ".", "é", "ghp_", "0", "a b", "<", "7" * 30, "z" * 300]


def _fields(rng: random.Random, count: int) -> list[Field]:
    out = []
    for i in range(count):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randrange(0, 5)))
        location = rng.choice([f"$.m[{i}].content", f"$.m[{i}].role", f"header.h{i}", f"$.x{i}"])
        out.append(Field(location, text, rng.choice(["text", "text", "text", "key", "decoded"])))
    return out


@pytest.mark.parametrize("seed", range(40))
def test_the_excerpts_and_their_texts_are_the_old_ones(seed):
    rng = random.Random(seed)
    fields = _fields(rng, rng.choice([3, 20, 200, 3000]))  # 3,000: past MAX_PIECED, pairs only from there
    values = joined._values(fields)
    leads = [fields[v.field].text[:v.lead] for v in values]
    trails = [fields[v.field].text[v.trail:] for v in values]
    for max_pieces in (2, 3, joined.MAX_PIECES):
        excerpts, texts = joined._excerpts(values, leads, trails, max_pieces)
        pairs, pair_texts = joined._apart_pairs(values, leads, trails)
        for new, new_texts, old in ((excerpts, texts, old_excerpts(values, max_pieces)),
                                    (pairs, pair_texts, old_apart_pairs(values))):
            assert [joined._pieces(values, e) for e in new] == old
            assert new_texts == ["".join(fields[p.field].text[p.start:p.end] for p in pieces) for pieces in old]


@pytest.fixture(scope="module")
def shipped(tmp_path_factory) -> runtime.Runtime:
    return shipped_rules_runtime(tmp_path_factory.mktemp("codec61-joins"))


def test_pieces_are_made_only_for_an_excerpt_a_finding_is_in(shipped, monkeypatch):
    built = [0]

    class CountedPiece(joined._Piece):
        def __new__(cls, *args):
            built[0] += 1
            return super().__new__(cls, *args)

    monkeypatch.setattr(joined, "_Piece", CountedPiece)
    parts = _parts(2000)
    found = header_join.scan(parts, shipped.inspector, None)
    assert sorted(found) == [len(parts) - 3, len(parts) - 1]  # the key split over the two x-note values
    assert all(any(f.rule.startswith("aws") for f in found[i].findings) for i in found)
    assert built[0] < 100, f"{built[0]} pieces built for {len(parts)} parts"
