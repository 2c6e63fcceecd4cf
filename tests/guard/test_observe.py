"""Unlisted hosts observed (issue 18): requests scanned and findings recorded, nothing changed unless
unlisted_hosts.actions says so; what cannot be scanned is recorded and sent, never refused."""

from __future__ import annotations

import pytest
from mitmproxy.proxy.layers import http as http_layer
from mitmproxy.test import taddons

from addons.core import metakeys, runtime
from addons.guard.guard import Guard
from addons.guard.hostpolicy import HostPolicy, WatchedBody
from tests.guard.support import (
    POLICY,
    ROOT_KEY,
    RULES,
    TOKEN,
    Upstream,
    chat_body,
    exchange,
    json_response,
    request_flow,
)

HOST = "paste.unlisted.example"


@pytest.fixture
def observing(tmp_path):
    def install(unlisted: str) -> taddons.context:
        policy = tmp_path / "policy.yaml"
        policy.write_text(POLICY.replace("unlisted_hosts: pass", f"unlisted_hosts: {unlisted}"))
        runtime.install(runtime.build(str(policy), [str(RULES)], tmp_path / "key"))
        return taddons.context(HostPolicy(), Guard())
    yield install
    runtime.install(None)


async def test_an_observed_host_is_scanned_and_recorded_but_nothing_changes(observing):
    body = chat_body(f"root {ROOT_KEY} token {TOKEN}")
    flow = request_flow(HOST, f"/upload?k={TOKEN}", body)
    reply = json_response({"echo": TOKEN})
    upstream = Upstream(reply)
    with observing("observe") as tctx:
        await exchange(tctx, flow, upstream)

    (sent,) = upstream.received
    assert sent.raw_content == body and TOKEN in sent.url  # changed nothing
    assert flow.response.raw_content == reply.raw_content  # responses are not scanned
    assert flow.metadata[metakeys.HOST_CLASS] == "observe"
    findings = flow.metadata[metakeys.FINDINGS]
    assert {f["location"].split(".")[0] for f in findings} >= {"query"} and len(findings) >= 3
    assert {f["action"] for f in findings} == {"allow"}
    assert all(f["direction"] == "request" for f in findings)


async def test_observe_actions_can_block_precise_secrets_to_any_unlisted_host(observing):
    flow = request_flow(HOST, "/hook", chat_body(f"root {ROOT_KEY}"))
    upstream = Upstream()
    with observing("{mode: observe, actions: {request: {secret: block}}}") as tctx:
        await exchange(tctx, flow, upstream)
    assert upstream.received == [] and flow.response.status_code == 403
    assert flow.metadata[metakeys.DECISION] == "block"


async def test_an_observed_body_that_cannot_be_scanned_is_recorded_and_sent(observing):
    flow = request_flow(HOST, "/upload", b'{"broken": ')
    flow.request.headers["content-type"] = "application/json"
    upstream = Upstream()
    with observing("observe") as tctx:
        await exchange(tctx, flow, upstream)
    (sent,) = upstream.received
    assert sent.raw_content == b'{"broken": '
    assert any(c["status"] == "unparseable" for c in flow.metadata[metakeys.COVERAGE])


async def test_an_observed_body_over_the_limit_is_streamed_on_unscanned(observing):
    flow = request_flow(HOST, "/upload", b"x" * 10)
    flow.request.headers["content-length"] = str(10**9)
    with observing("observe") as tctx:
        await tctx.master.addons.handle_lifecycle(http_layer.HttpRequestHeadersHook(flow))
    # streamed on, each chunk watched for a reload that denies the host meanwhile (attack50)
    assert flow.response is None and isinstance(flow.request.stream, WatchedBody)
    assert flow.metadata[metakeys.COVERAGE][0]["status"] == "too_large"


async def test_mitmweb_says_what_an_observed_request_carried_without_the_values(observing):
    """README: in mitmweb every inspected flow carries a comment (what was found, what was done). An observed flow
    with findings had none at all: an operator saw the raw request with no word that it held a key."""
    flow = request_flow(HOST, f"/upload?k={TOKEN}", chat_body(f"root {ROOT_KEY}"))
    with observing("observe") as tctx:
        await exchange(tctx, flow, Upstream())
    assert flow.comment.startswith("exitguard found ") and "allowed by the policy" in flow.comment, flow.comment
    assert "test-api-token" in flow.comment and "test-root-key" in flow.comment
    assert TOKEN not in flow.comment and ROOT_KEY not in flow.comment
    assert flow.marked == ":eyes:"
