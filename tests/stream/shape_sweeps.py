"""The sweeps each prose helper's new password shapes go through in a stream (gate50, prose51, prose52), with the
oracle of test_holdback_attack.py: each text the client has after an event is a prefix of the whole text masked, so
no character of a value the scan of the whole text masks goes out first (a stop fails it too). Each shape is a
(text, value) pair; the text is sent inside a model's answer."""

from __future__ import annotations

import json

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
