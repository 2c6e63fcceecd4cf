"""dos59: one request of thousands of tiny headers cost ~0.15 ms of CPU a header in the Guard (0.6-0.7 s for 4,000,
all within the 64 KiB an HTTP/1 head may hold). About a third was the header joins (guard/header_join.py,
guard/joined.py): each excerpt of a run of up to six values built a new NamedTuple for every piece it held (Python
code: ~11 per part and reading), and each part's reading and `is_name` were worked out again for every reading.
Each value's leading piece is now built once and shared, and each part's reading made once. The test counts the
pieces and readings built (no timing): it fails before (~20 pieces a part), and the joined findings stay the
same (a key split over the last two headers is found among them)."""

from __future__ import annotations

import pytest

from addons.core import runtime
from addons.core.inspection import TextResult
from addons.guard import header_join, joined
from tests import fakes
from tests.guard.support import shipped_rules_runtime

AWS = fakes.aws_key_id(59)


@pytest.fixture(scope="module")
def shipped(tmp_path_factory) -> runtime.Runtime:
    return shipped_rules_runtime(tmp_path_factory.mktemp("dos59-headers"))


def _parts(count: int) -> list[header_join.HeaderPart]:
    headers = [(f"h{i}", "b") for i in range(count)] + [("x-note", AWS[:10]), ("x-note", AWS[10:])]
    out = []
    for i, (name, value) in enumerate(headers):
        out.append(header_join.HeaderPart("header-name", i, name, name, f"header.{{{i}}}#name", TextResult(name)))
        out.append(header_join.HeaderPart("header", i, name, value, f"header.{name}", TextResult(value)))
    return out


def test_thousands_of_tiny_headers_build_a_few_pieces_each(shipped, monkeypatch):
    built = {"pieces": 0, "readings": 0}

    class CountedPiece(joined._Piece):
        def __new__(cls, *args):
            built["pieces"] += 1
            return super().__new__(cls, *args)

    reading = header_join._reading

    def counted_reading(*args):
        built["readings"] += 1
        return reading(*args)

    monkeypatch.setattr(joined, "_Piece", CountedPiece)
    monkeypatch.setattr(header_join, "_reading", counted_reading)
    parts = _parts(2000)
    found = header_join.scan(parts, shipped.inspector, None)
    # the key split over the two x-note values is found at both, whatever stands before them
    assert sorted(found) == [len(parts) - 3, len(parts) - 1]
    assert all(any(f.rule.startswith("aws") for f in found[i].findings) for i in found)
    # four readings (the values, in order and the agent's own apart; names and values as written and upper-cased):
    # in each, a leading and a trailing piece per value at most, ~24,000 here (before: one per piece of every
    # excerpt, 68,238)
    assert built["pieces"] < 7 * len(parts), built
    assert built["readings"] <= 2 * len(parts), built
