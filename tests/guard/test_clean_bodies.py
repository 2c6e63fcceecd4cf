"""core/clean_bodies.py: a body the guard scanned and found nothing in is recorded without a second scan, and only
while it is exactly what the guard read. Every way to change it after the guard (new bytes, a new content type or
encoding, a rules reload) must bring the recording's own scan back, and a body the policy let a value through in is
always scanned again (the record masks it)."""

from __future__ import annotations

import base64
import json

import pytest

from addons.audit import scrub
from addons.core import clean_bodies, runtime
from tests.guard.support import EMAIL, OPENAI, TOKEN, Upstream, chat_body, exchange, json_response, request_flow


@pytest.fixture
def body_scans(monkeypatch) -> list[str]:
    """The directions whose body the recording's scrub opened and scanned."""
    scanned: list[str] = []
    real = scrub._Masker._mask_body

    def mask_body(self, message, *args):
        scanned.append("request" if message.__class__.__name__ == "Request" else "response")
        return real(self, message, *args)

    monkeypatch.setattr(scrub._Masker, "_mask_body", mask_body)
    return scanned


async def guarded(chain, body: bytes, reply: dict | None = None, **request):
    flow = request_flow(*OPENAI, chat_body("hello") if body is None else body, **request)
    upstream = Upstream(json_response(reply)) if reply is not None else Upstream()
    await exchange(chain, flow, upstream)
    return flow


async def test_clean_bodies_are_recorded_as_they_are_without_a_second_scan(chain, body_scans):
    flow = await guarded(chain, chat_body("summarise the release notes"))
    record = scrub.record_copy(flow, runtime.get())
    assert body_scans == []
    assert record.request.raw_content == flow.request.raw_content
    assert record.response.raw_content == flow.response.raw_content


async def test_a_value_the_policy_let_through_is_scanned_again_and_masked_in_the_record(chain, body_scans,
                                                                                         answers_shown_as_sent):
    flow = await guarded(chain, chat_body("hello"), reply={"choices": [{"text": f"write to {EMAIL}"}]})
    assert EMAIL.encode() in flow.response.raw_content  # allowed in responses: the client gets it
    record = scrub.record_copy(flow, runtime.get())
    assert body_scans == ["response"]
    assert EMAIL.encode() not in record.response.raw_content and b"[MASKED:" in record.response.raw_content


async def test_a_masked_request_body_is_scanned_again(chain, body_scans):
    flow = await guarded(chain, chat_body(f"use {TOKEN}"))
    assert TOKEN.encode() not in flow.request.raw_content
    scrub.record_copy(flow, runtime.get())
    assert "request" in body_scans


async def test_new_bytes_after_the_guard_are_scanned(chain, body_scans):
    flow = await guarded(chain, chat_body("nothing here"))
    flow.request.content = chat_body(f"added later: {TOKEN}")  # an addon, mitmweb's editor, a replay
    record = scrub.record_copy(flow, runtime.get())
    assert body_scans == ["request"]
    assert TOKEN.encode() not in record.request.raw_content


async def test_a_content_encoding_added_after_the_guard_brings_the_scan_back(chain, body_scans):
    flow = await guarded(chain, chat_body("hello"))
    flow.request.headers["content-encoding"] = "identity"  # the bytes may now be read another way
    scrub.record_copy(flow, runtime.get())
    assert body_scans == ["request"]


async def test_a_changed_content_type_brings_the_scan_back(chain, body_scans):
    flow = await guarded(chain, chat_body("hello"))
    assert clean_bodies.is_clean(flow.request, runtime.get().inspector)
    flow.request.headers["content-type"] = "text/plain"
    assert not clean_bodies.is_clean(flow.request, runtime.get().inspector)
    flow.request.headers["content-type"] = "application/json"
    flow.request.headers.add("Content-Type", "text/plain")  # a second field, as a smuggler would add it
    assert not clean_bodies.is_clean(flow.request, runtime.get().inspector)


async def test_a_rules_reload_brings_the_scan_back(chain, body_scans, runtimes):
    flow = await guarded(chain, chat_body("hello"))
    scrub.record_copy(flow, runtimes["report"])  # another runtime: another inspector, other rules
    assert body_scans == ["request", "response"]


async def test_short_base64_with_a_finding_of_any_rule_is_scanned_again(chain, body_scans):
    # A 20-character base64 run is a "decoded-short" field: the guard looks in it for fixed-shape keys only, so
    # the e-mail inside passes to the upstream; the record must still mask it.
    encoded = base64.b64encode(b"anna@acmeco.org").decode()
    assert len(encoded) == 20
    flow = await guarded(chain, json.dumps({"model": "gpt-test", "user": encoded}).encode())
    assert encoded.encode() in flow.request.raw_content
    record = scrub.record_copy(flow, runtime.get())
    assert "request" in body_scans
    assert encoded.encode() not in record.request.raw_content


async def test_an_unparseable_body_is_never_marked(chain, body_scans):
    flow = await guarded(chain, b'{"messages": [', headers=((b"content-type", b"application/json"),))
    assert not clean_bodies.is_clean(flow.request, runtime.get().inspector)


def test_a_mark_holds_the_bytes_it_was_made_for(installed):
    flow = request_flow(*OPENAI, chat_body("hello"))
    inspector = runtime.get().inspector
    clean_bodies.mark(flow.request, inspector)
    flow.request.content = bytes(bytearray(flow.request.raw_content))  # equal bytes, another object
    assert not clean_bodies.is_clean(flow.request, inspector)
