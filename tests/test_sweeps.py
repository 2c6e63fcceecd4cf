"""tests/sweeps.py's split_points: what a thinned split sweep still cuts (suite63)."""

from __future__ import annotations

import pytest

from tests import sweeps

TEXT = "Sure, here it is:\npassword hunter2-Kettle and then some more prose after it\nAnything else?"
VALUE = (TEXT.index("hunter2"), TEXT.index(" and then"))


def test_every_cut_near_a_value_s_ends_and_no_two_neighbours_left_out():
    cuts = sweeps.split_points(TEXT, [VALUE], "key")
    assert set(cuts) <= set(range(1, len(TEXT)))
    for end in VALUE:
        assert set(range(end - sweeps.EDGE, end + sweeps.EDGE + 1)) <= set(cuts)
    left_out = set(range(1, len(TEXT))) - set(cuts)
    assert left_out and not any(cut + 1 in left_out for cut in left_out)
    assert len(cuts) < 0.7 * (len(TEXT) - 1)


def test_the_same_cuts_every_run_and_the_other_half_covers_the_rest():
    cuts = sweeps.split_points(TEXT, [VALUE], "key")
    assert cuts == sweeps.split_points(TEXT, [VALUE], "key")
    other = sweeps.split_points(TEXT, [VALUE], "key", other_half=True)
    assert set(cuts) | set(other) == set(range(1, len(TEXT)))


def test_every_cut_cuts_everywhere(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(sweeps, "EVERY_CUT", True)
    assert sweeps.split_points(TEXT, [VALUE], "key") == list(range(1, len(TEXT)))
