"""core/call_context.py: a tool call's argument under a key of entry (`"combo"`, `"pin"`) is scanned with the call's
name and other arguments before it, which the JSON codec puts in fields of their own, so the guard masks what a scan
of the whole call finds; and a call that neither logs in nor unlocks lets the same value through. Made-up values."""

from __future__ import annotations

import json

import pytest

from addons.core import call_context, inspection
from addons.formats.body import open_body
from tests.hostile.test_properties import mask_body

PASSWORD = "Wq8!zLr3pX"


def _call(name: str, arguments: dict[str, str], stringified: bool) -> bytes:
    args: object = json.dumps(arguments) if stringified else arguments
    return json.dumps({"tool_calls": [{"type": "function", "function": {"name": name, "arguments": args}}]}).encode()


@pytest.mark.parametrize("stringified", [True, False])
def test_an_argument_of_an_unlock_call_is_masked_and_of_a_report_call_is_not(stringified):
    unlock = _call("locker_unlock", {"locker": "B-7", "combo": PASSWORD}, stringified)
    report = _call("locker_report", {"locker": "B-7", "combo": PASSWORD}, stringified)
    assert PASSWORD.encode() not in mask_body("application/json", unlock)
    assert PASSWORD.encode() in mask_body("application/json", report)


def test_an_account_among_the_other_arguments_is_evidence_too():
    with_account = _call("fetch_mail", {"acct": "r.ilves", "pin": "58210447"}, True)
    without = _call("fetch_mail", {"folder": "inbox", "pin": "58210447"}, True)
    assert b"58210447" not in mask_body("application/json", with_account)
    assert b"58210447" in mask_body("application/json", without)


def test_the_context_holds_the_call_and_only_keys_the_detector_reads_pay_for_it():
    fields = open_body("application/json", _call("vpn_open", {"account": "ops", "unlock": "x1", "note": "n"},
                                                 True)).fields
    contexts = dict(zip((f.location for f in fields), inspection.contexts_of(fields), strict=True))
    unlock = next(location for location in contexts if location.endswith(".unlock"))
    note = next(location for location in contexts if location.endswith(".note"))
    assert contexts[unlock] == '"name": "vpn_open", "arguments": {"account": "ops", "unlock": "'  # evidence only
    assert contexts[note] == '"note": "'
    assert call_context.call_context(fields, 0, "") == ""


def _many(before: dict[str, str], key: str, value: str) -> dict[str, str]:
    return {**before, key: value}


@pytest.mark.parametrize("shape", ["20 short arguments before", "10 arguments of 60 characters before",
                                   "20 fields between the arguments and the name", "Anthropic tool_use, 20 inputs"])
def test_a_call_with_many_or_long_arguments_is_still_read_with_its_name(shape):
    """attack27: the name was looked for among the 16 fields either side, and every short argument went into the
    context: many arguments, or long ones (the name then further back than the detector looks), and the call's
    password was sent."""
    short = {f"a{i}": "x" for i in range(20)}
    long = {f"note{i}": "y" * 60 for i in range(10)}
    if shape == "20 short arguments before":
        body = _call("locker_unlock", _many(short, "combo", PASSWORD), True)
    elif shape == "10 arguments of 60 characters before":
        body = _call("locker_unlock", _many(long, "combo", PASSWORD), True)
    elif shape == "20 fields between the arguments and the name":
        function = {"arguments": json.dumps({"combo": PASSWORD}), **{f"z{i}": "q" for i in range(20)},
                    "name": "locker_unlock"}
        body = json.dumps({"tool_calls": [{"type": "function", "function": function}]}).encode()
    else:
        body = json.dumps({"content": [{"type": "tool_use", "id": "t1", "name": "locker_unlock",
                                        "input": _many(short, "combo", PASSWORD)}]}).encode()
    assert PASSWORD.encode() not in mask_body("application/json", body)


def test_an_account_among_long_arguments_is_still_evidence():
    arguments = _many({f"n{i}": "y" * 60 for i in range(10)}, "acct", "r.ilves")
    assert b"58210447" not in mask_body("application/json", _call("fetch_mail", _many(arguments, "pin", "58210447"),
                                                                   True))
    without = _many({f"n{i}": "y" * 60 for i in range(10)}, "folder", "inbox")
    assert b"58210447" in mask_body("application/json", _call("fetch_mail", _many(without, "pin", "58210447"), True))
