"""The sweeps each prose helper's new password shapes go through in a stream (gate50, prose51, prose52), with the
oracle of test_holdback_attack.py: each text the client has after an event is a prefix of the whole text masked, so
no character of a value the scan of the whole text masks goes out first (a stop fails it too). Each shape is a
(text, value) pair; the text is sent inside a model's answer."""

from __future__ import annotations

import json
from typing import ClassVar

import pytest

from tests.stream.test_holdback_attack import leak


def answer(text: str) -> str:
    """The text as a model's answer carries it: a line before, a line after."""
    return f"Sure:\n{text}\nAnything else?"


def assert_the_whole_scan_masks_each_value(rt, shapes: list[tuple[str, str]]) -> None:
    for text, value in shapes:
        whole = answer(text)
        assert value in [whole[f.start:f.end] for f in rt.scanner.scan(whole)], text


def assert_cuts_from_the_value_on_hold_it(rt, composed, text: str, value: str, cuts: range) -> None:
    """A first delta ending at each of ``cuts`` (offsets from the value's end) sends nothing of the value."""
    whole = answer(text)
    end = whole.index(value) + len(value)
    for cut in range(max(1, end + cuts.start), min(len(whole), end + cuts.stop)):
        assert leak(rt, composed, [whole[:cut], whole[cut:]]) is None, repr(whole[end:cut])


def assert_cut_anywhere_or_one_char_at_a_time_masked(rt, composed, text: str) -> None:
    whole = answer(text)
    assert leak(rt, composed, list(whole)) is None
    for cut in range(1, len(whole)):
        assert leak(rt, composed, [whole[:cut], whole[cut:]]) is None, cut


def assert_json_with_u_escapes_one_char_at_a_time_masked(rt, composed, text: str) -> None:
    """Tool-call arguments as a model writes them: non-ASCII and line breaks as ``\\uXXXX`` escapes."""
    body = json.dumps({"note": text}, ensure_ascii=True)
    assert rt.scanner.scan(body), body
    assert leak(rt, composed, list(body), tool_call=True) is None


class ShapeSweeps:
    """The four sweeps over a module's shapes: subclass it as ``class TestX(ShapeSweeps)`` with ``SHAPES`` and
    ``AFTER`` (how far past a value's end the first delta may still end), in a module that has the ``rt`` and
    ``composed`` fixtures (``support.shipped_answer_fixtures()``)."""

    SHAPES: ClassVar[list[tuple[str, str]]] = []
    AFTER = 9

    def pytest_generate_tests(self, metafunc) -> None:
        if {"text", "value"} <= set(metafunc.fixturenames):
            ids = [f"{i}-{text[:24]}" for i, (text, _) in enumerate(self.SHAPES)]
            metafunc.parametrize("text, value", self.SHAPES, ids=ids)

    def test_the_scan_of_the_whole_text_masks_each_value(self, rt):
        assert_the_whole_scan_masks_each_value(rt, self.SHAPES)

    def test_a_delta_ending_right_after_the_value_or_in_what_follows_holds_it(self, rt, composed, text, value):
        assert_cuts_from_the_value_on_hold_it(rt, composed, text, value, range(-2, self.AFTER))

    @pytest.mark.slow  # ~100 streams a shape
    def test_a_value_of_a_new_shape_cut_anywhere_or_one_char_at_a_time_reaches_the_client_masked(self, rt, composed,
                                                                                                 text, value):
        assert_cut_anywhere_or_one_char_at_a_time_masked(rt, composed, text)

    @pytest.mark.slow
    def test_a_value_of_a_new_shape_in_json_with_u_escapes_one_char_at_a_time_is_masked(self, rt, composed, text,
                                                                                        value):
        assert_json_with_u_escapes_one_char_at_a_time_masked(rt, composed, text)
