"""attack31 (open30's bound): a tool call's argument nested four to eight objects or arrays deep in the arguments
(`{"a": {"b": {"c": {"creds": {"combo": X}}}}}`, `{"items": [[{"x": [{"combo": X}]}]]}`) was read without its call
(open30 read up to three): a password under a key of entry in an unlock call was sent. Now up to eight are read
(`call_context.MAX_NESTING`); the same arguments of a report call go on. Made-up values."""

from __future__ import annotations

import json

import pytest

from tests.hostile.test_properties import mask_body

PASSWORD = "Wq8!zLr3pX"


def _call(name: str, arguments: object) -> bytes:
    return json.dumps({"tool_calls": [{"type": "function", "function": {"name": name, "arguments": arguments}}]}
                      ).encode()


def _nested(depth: int, value: str) -> dict:
    inner: dict = {"locker": "B-7", "combo": value}
    for level in range(depth):
        inner = {f"level{level}": inner}
    return inner


def _shapes(value: str) -> dict[str, object]:
    return {
        "four objects deep": _nested(4, value),
        "six objects deep": _nested(6, value),
        "eight objects deep": _nested(8, value),
        "arrays of objects four deep": {"items": [[{"x": [{"locker": "B-7", "combo": value}]}]]},
        "five deep in a string": json.dumps(_nested(5, value)),
    }


@pytest.mark.parametrize("shape", sorted(_shapes(PASSWORD)))
def test_a_deeply_nested_argument_of_an_unlock_call_is_masked(shape):
    assert PASSWORD.encode() not in mask_body("application/json", _call("locker_unlock", _shapes(PASSWORD)[shape]))


@pytest.mark.parametrize("shape", sorted(_shapes(PASSWORD)))
def test_the_same_argument_of_a_report_call_goes_on(shape):
    assert PASSWORD.encode() in mask_body("application/json", _call("locker_report", _shapes(PASSWORD)[shape]))


def test_nine_deep_is_read_without_the_call():
    """The bound (EVASION.md: open): past it the argument is read alone, as any field."""
    assert PASSWORD.encode() in mask_body("application/json", _call("locker_unlock", _nested(9, PASSWORD)))
