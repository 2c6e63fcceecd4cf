"""open30 (attack27's open end): a tool call's argument nested inside the arguments (`{"creds": {"combo": X}}`)
or stringified twice (`"arguments": "{\\"args\\": \\"{\\\\\\"combo\\\\\\": ...}\\"}"`) was read without the call:
the name is a field of its own at the call's level, and the argument's location no longer ended where
`call_context` looked for it, so a password under a key of entry in an unlock call was sent. Made-up values."""

from __future__ import annotations

import json

import pytest

from addons.core import inspection
from addons.formats.body import open_body
from tests.hostile.test_properties import mask_body

PASSWORD = "Wq8!zLr3pX"


def _call(name: str, arguments: object) -> bytes:
    return json.dumps({"tool_calls": [{"type": "function", "function": {"name": name, "arguments": arguments}}]}
                      ).encode()


def _shapes(value: str) -> dict[str, object]:
    inner = {"locker": "B-7", "combo": value}
    return {
        "nested in an object": {"creds": inner},
        "nested in an object in a string": json.dumps({"creds": inner}),
        "stringified twice": json.dumps({"args": json.dumps(inner)}),
        "nested two deep": {"request": {"creds": inner}},
        "in an array in an object": {"items": [inner]},
    }


@pytest.mark.parametrize("shape", sorted(_shapes(PASSWORD)))
def test_a_nested_or_twice_stringified_argument_of_an_unlock_call_is_masked(shape):
    assert PASSWORD.encode() not in mask_body("application/json", _call("locker_unlock", _shapes(PASSWORD)[shape]))


@pytest.mark.parametrize("shape", sorted(_shapes(PASSWORD)))
def test_the_same_argument_of_a_report_call_goes_on(shape):
    assert PASSWORD.encode() in mask_body("application/json", _call("locker_report", _shapes(PASSWORD)[shape]))


def test_the_context_of_a_twice_stringified_argument_holds_the_call():
    fields = open_body("application/json", _call("vpn_open", json.dumps({"args": json.dumps(
        {"account": "ops", "unlock": "x1"})}))).fields
    contexts = dict(zip((f.location for f in fields), inspection.contexts_of(fields), strict=True))
    unlock = next(location for location in contexts if location.endswith("unlock"))
    assert contexts[unlock].startswith('"name": "vpn_open", "arguments": {')
