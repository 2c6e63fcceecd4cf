"""Attacks on the record check for values split over fields (attack3): a value the policy lets through (PII in
responses) in two JSON values, which the guard finds across them and the scrub finds in neither. The scrub used to
count per rule how many such values were left against how many it found field by field, and to take a value's
placeholder in the body as proof that it was masked; an answer could make both counts agree and the pieces were
recorded raw. Now the guard says which bodies hold such pieces (metakeys.SPLIT_LEFT), and the count, kept as a
second line, is per field and ignores placeholders of values the policy let through."""

from __future__ import annotations

import base64
import json

import pytest

from addons.audit import scrub
from addons.core import metakeys, runtime
from tests.guard.support import EMAIL, OPENAI, TOKEN, Upstream, chat_body, exchange, json_response, request_flow
from tests.guard.test_guard import masked

HEAD, TAIL = EMAIL[:18], EMAIL[18:]
OTHER = "bob@example.com"  # base64 of it is 20 characters: a short run, read by the guard for fixed-shape keys only


def recorded(flow, second_line_only: bool) -> bytes:
    """The recorded response body; ``second_line_only``: as if the guard had not said the body holds pieces (a flow
    from another split-value view), so that the scrub's own count must catch it."""
    if second_line_only:
        flow.metadata.pop(metakeys.SPLIT_LEFT, None)
    record = scrub.record_copy(flow, runtime.get())
    reasons = [c["reason"] for c in record.metadata.get(metakeys.COVERAGE, [])]
    assert any("email-address value was found across fields" in r for r in reasons), reasons
    return record.response.raw_content


@pytest.mark.parametrize("second_line_only", [False, True])
async def test_short_base64_emails_elsewhere_do_not_stand_in_for_the_pieces_of_a_split_one(chain, second_line_only,
                                                                                         answers_shown_as_sent):
    other = base64.b64encode(OTHER.encode()).decode()
    flow = request_flow(*OPENAI, chat_body("hello"))
    await exchange(chain, flow, Upstream(json_response({"a": HEAD, "b": TAIL, "c": other, "d": other})))
    assert HEAD.encode() in flow.response.raw_content  # allowed in responses: the client gets it
    body = recorded(flow, second_line_only)
    assert HEAD.encode() not in body and TAIL.encode() not in body


@pytest.mark.parametrize("second_line_only", [False, True])
async def test_the_placeholder_of_an_allowed_split_value_written_into_the_body_does_not_hide_its_pieces(
        chain, second_line_only, answers_shown_as_sent):
    # The model got this placeholder in its prompt (requests mask e-mails) and repeats it, then spells the value.
    first = request_flow(*OPENAI, chat_body(f"write to {EMAIL}"))
    upstream = Upstream()
    await exchange(chain, first, upstream)
    placeholder = masked(EMAIL, "email-address")
    assert placeholder in upstream.received[0].get_text()
    flow = request_flow(*OPENAI, chat_body("hello"))
    await exchange(chain, flow, Upstream(json_response({"note": f"I cannot see {placeholder} twice",
                                                        "x": placeholder, "a": HEAD, "b": TAIL})))
    body = recorded(flow, second_line_only)
    assert HEAD.encode() not in body and TAIL.encode() not in body


async def test_a_key_split_over_two_values_in_report_only_mode_is_not_recorded(chain, installed):
    installed("report")
    parts = [{"type": "text", "text": f"here {TOKEN[:12]}"}, {"type": "text", "text": f"{TOKEN[12:]} there"}]
    upstream = Upstream()
    flow = request_flow(*OPENAI, json.dumps({"model": "m", "messages": [
        {"role": "user", "content": parts}]}).encode())
    await exchange(chain, flow, upstream)
    assert TOKEN[:12] in upstream.received[0].get_text()  # report-only: sent as it was
    assert flow.metadata[metakeys.SPLIT_LEFT] == {"request": ["test-api-token"]}
    record = scrub.record_copy(flow, runtime.get())
    assert TOKEN[:12].encode() not in record.request.raw_content
    assert TOKEN[12:].encode() not in record.request.raw_content


async def test_a_masked_split_value_keeps_its_body(chain):
    parts = [{"type": "text", "text": f"here {TOKEN[:12]}"}, {"type": "text", "text": f"{TOKEN[12:]} there"}]
    flow = request_flow(*OPENAI, json.dumps({"model": "m", "messages": [
        {"role": "user", "content": parts}]}).encode())
    await exchange(chain, flow, Upstream())
    assert metakeys.SPLIT_LEFT not in flow.metadata
    record = scrub.record_copy(flow, runtime.get())
    assert record.request.raw_content == flow.request.raw_content and b"[MASKED:test-api-token:" in \
        record.request.raw_content
