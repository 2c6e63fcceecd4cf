"""A value the policy lets through, split over two fields (two JSON values, two stream events): the guard or the
stream masker finds it across them, the recording's scrub scans each field alone and finds neither piece. The record
must not keep the pieces: it drops the body (coverage says why), and keeps every body it can mask."""

from __future__ import annotations

import json

from addons.audit import scrub
from addons.core import metakeys, runtime
from tests.guard.support import EMAIL, OPENAI, TOKEN, Upstream, chat_body, exchange, json_response, request_flow


def coverage_reasons(record) -> list[str]:
    return [c["reason"] for c in record.metadata.get(metakeys.COVERAGE, [])]


async def test_an_allowed_value_split_over_two_json_values_is_not_recorded(chain, answers_shown_as_sent):
    head, tail = EMAIL[:18], EMAIL[18:]
    flow = request_flow(*OPENAI, chat_body("hello"))
    await exchange(chain, flow, Upstream(json_response({"a": head, "b": tail})))
    assert head.encode() in flow.response.raw_content  # responses: PII allowed, so the client gets it
    assert any(f["rule"] == "email-address" for f in flow.metadata[metakeys.FINDINGS])
    record = scrub.record_copy(flow, runtime.get())
    assert head.encode() not in record.response.raw_content and tail.encode() not in record.response.raw_content
    assert any("email-address value was found across fields" in r for r in coverage_reasons(record))
    assert record.request.raw_content == flow.request.raw_content  # the request had nothing: kept


async def test_an_allowed_value_in_one_field_is_masked_and_the_body_kept(chain):
    flow = request_flow(*OPENAI, chat_body("hello"))
    await exchange(chain, flow, Upstream(json_response({"a": f"write to {EMAIL}"})))
    record = scrub.record_copy(flow, runtime.get())
    assert json.loads(record.response.raw_content)["a"].startswith("write to [MASKED:email-address:")
    assert not any("across fields" in r for r in coverage_reasons(record))


async def test_a_body_the_guard_masked_is_kept(chain):
    flow = request_flow(*OPENAI, chat_body(f"use {TOKEN} and {TOKEN} again"))
    await exchange(chain, flow, Upstream())
    record = scrub.record_copy(flow, runtime.get())
    assert record.request.raw_content == flow.request.raw_content and b"[MASKED:test-api-token:" in \
        record.request.raw_content
    form = request_flow(*OPENAI, f"note=hi&token={TOKEN}".encode(),
                        headers=((b"content-type", b"application/x-www-form-urlencoded"),))
    await exchange(chain, form, Upstream())
    record = scrub.record_copy(form, runtime.get())
    assert record.request.raw_content == form.request.raw_content  # the placeholder is percent-encoded there


def streamed(words: list[str]) -> bytes:
    events = [json.dumps({"choices": [{"index": 0, "delta": {"content": w}}]}) for w in words]
    return "".join(f"data: {e}\n\n" for e in events).encode() + b"data: [DONE]\n\n"


def test_an_allowed_value_streamed_over_several_events_is_not_recorded(installed):
    rt = runtime.get()
    words = ["Write", " to ", EMAIL[:4], EMAIL[4:14], EMAIL[14:19], EMAIL[19:], " today"]
    flow = request_flow(*OPENAI, chat_body("hello"))
    flow.response = json_response({})
    flow.response.headers["content-type"] = "text/event-stream"
    flow.response.content = streamed(words)
    # What the stream masker records: the channel's text read as one, the policy's action (allowed in responses).
    seen = rt.inspector.inspect_text("".join(words), "response", "stream:content")
    assert [f.rule for f in seen.findings] == ["email-address"] and not seen.changed
    flow.metadata[metakeys.FINDINGS] = [f.to_metadata() for f in seen.findings]
    flow.metadata[metakeys.STREAMED] = True
    record = scrub.record_copy(flow, rt)
    assert EMAIL[4:14].encode() not in record.response.raw_content
    assert any("across fields" in r for r in coverage_reasons(record))
    whole = request_flow(*OPENAI, chat_body("hello"))  # in one event, the scrub finds and masks it: kept
    whole.response = json_response({})
    whole.response.headers["content-type"] = "text/event-stream"
    whole.response.content = streamed(["Write to ", EMAIL, " today"])
    whole.metadata[metakeys.FINDINGS] = flow.metadata[metakeys.FINDINGS]
    record = scrub.record_copy(whole, rt)
    assert EMAIL.encode() not in record.response.raw_content and b"data: " in record.response.raw_content
