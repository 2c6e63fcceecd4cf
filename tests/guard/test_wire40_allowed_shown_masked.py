"""wire40: a value the policy lets through to a guarded host (an allow action, report mode, an approved value)
leaves from the flow's wire copy (core/wire.py); the live flow, which mitmweb shows and saves, holds it masked as
the record masks it. Without compat's seam the request is refused, never sent with the masks, never shown."""

from __future__ import annotations

import json

import pytest
from mitmproxy.proxy.layers import http as http_layer
from mitmproxy.test import taddons

from addons.audit import scrub
from addons.core import held, metakeys, runtime, wire
from addons.guard.guard import Guard
from addons.guard.hostpolicy import HostPolicy
from tests.guard.support import EMAIL, OPENAI, POLICY, RULES, TOKEN, Upstream, exchange, request_flow

ALLOW_PII = POLICY.replace("request: {secret: mask, pii: mask}", "request: {secret: mask, pii: allow}")


@pytest.fixture
def allow_pii(tmp_path):
    (tmp_path / "policy.yaml").write_text(ALLOW_PII)
    runtime.install(runtime.build(str(tmp_path / "policy.yaml"), [str(RULES)], tmp_path / "fingerprint.key"))
    try:
        with taddons.context(HostPolicy(), Guard()) as tctx:
            yield tctx
    finally:
        runtime.install(None)


def allowed_flow():
    body = json.dumps({"model": "gpt-test", "messages": [{"role": "user", "content": f"mail {EMAIL}, key {TOKEN}"}]})
    flow = request_flow(OPENAI[0], f"{OPENAI[1]}?cc={EMAIL}", body.encode())
    flow.request.headers["x-contact"] = EMAIL
    return flow


def shown(flow) -> str:
    r = flow.request
    return r.path + json.dumps([[k, v] for k, v in r.headers.items(multi=True)]) + r.get_text()


async def test_an_allowed_value_reaches_the_upstream_and_the_live_flow_shows_it_masked(allow_pii):
    flow, upstream = allowed_flow(), Upstream()
    await exchange(allow_pii, flow, upstream)
    (sent,) = upstream.received
    assert EMAIL in sent.get_text() and sent.headers["x-contact"] == EMAIL and sent.query["cc"] == EMAIL
    assert TOKEN not in sent.get_text()  # masked by the policy: on the copy too
    assert EMAIL not in shown(flow) and TOKEN not in shown(flow)
    assert "[MASKED:email-address:" in flow.request.path  # readable, as the record writes a path
    assert "[MASKED:email-address:" in flow.request.headers["x-contact"]
    assert flow.metadata[metakeys.SHOWN_MASKED] == ["request"]
    assert not wire.has_copy(flow)  # dropped at the response
    record = scrub.record_copy(flow, runtime.get())
    assert EMAIL not in shown(record) and "[MASKED:email-address:" in record.request.get_text()
    assert not any("recording: body not kept" in c["reason"] for c in record.metadata[metakeys.COVERAGE])
    assert {f["action"] for f in record.metadata[metakeys.FINDINGS]} == {"allow", "mask"}  # noted as passed


async def test_report_mode_sends_every_byte_as_written_and_shows_it_masked(installed, chain):
    installed("report")
    flow, upstream = allowed_flow(), Upstream()
    original = flow.request.copy()
    await exchange(chain, flow, upstream)
    (sent,) = upstream.received
    assert sent.raw_content == original.raw_content and sent.path == original.path
    assert sent.headers.fields == original.headers.fields
    assert EMAIL not in shown(flow) and TOKEN not in shown(flow)


async def test_an_approval_fingerprint_reads_what_leaves(allow_pii):
    flow = allowed_flow()
    for hook in (http_layer.HttpRequestHeadersHook, http_layer.HttpRequestHook):
        await allow_pii.master.addons.handle_lifecycle(hook(flow))
    leaves = held.forwardable(flow)  # what the approval hold fingerprints (a policy rule may hold this flow)
    assert EMAIL in (leaves.raw_content or b"").decode() and EMAIL in leaves.path
    assert EMAIL not in shown(flow)


async def test_without_the_seam_the_request_is_refused_never_sent_masked_nor_shown(allow_pii, monkeypatch):
    monkeypatch.setattr(wire, "_seam", [])
    flow, upstream = allowed_flow(), Upstream()
    await exchange(allow_pii, flow, upstream)
    assert upstream.received == []
    assert flow.response.status_code == 502 and b"exitguard_wire_unavailable" in flow.response.content
    assert EMAIL not in shown(flow) and TOKEN not in shown(flow)


async def test_an_approved_request_without_the_seam_is_refused(allow_pii, monkeypatch):
    flow = allowed_flow()
    held.hide(flow, lambda: setattr(flow.request, "content", b"{}"))
    monkeypatch.setattr(wire, "_seam", [])
    held.restore(flow)
    assert flow.response.status_code == 502 and not wire.has_copy(flow)
    assert flow.request.content == b"{}"  # the held view stays; the kept request went nowhere
