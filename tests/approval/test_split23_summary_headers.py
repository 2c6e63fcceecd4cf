"""split23: reviewers' approval summaries showed no header (EVASION, attack24: what a reviewer approved for the first
request included headers they did not see: another `Stripe-Account`, `x-amz-acl: public-read`). The summary's
preview now lists the request's headers, names and values masked as bodies are; credential headers (Authorization,
X-Api-Key, Cookie, ...) as `<redacted>`, Proxy-Authorization not at all. Nothing sensitive in the summary: a key
in a header is only its placeholder in the listing, the webhook body and the record."""

from __future__ import annotations

import asyncio

import pytest
from mitmproxy.test import taddons

from addons.approval import notify
from addons.approval.approval import Approval
from addons.guard.guard import Guard
from tests.approval.support import CODENAME, TOKEN, chat_flow, start_hold
from tests.approval.webhook import Receiver

BEARER = "sk-proj-" + "Zq3" * 16  # the client's own key in Authorization: redacted whatever it is
PROXY_PASSWORD = "hunter2-proxy-password"


@pytest.fixture
def receiver():
    r = Receiver()
    yield r
    r.close()


def flow_with_headers():
    f = chat_flow(f"ship {CODENAME}", identity="agent-7")
    f.request.headers["x-amz-acl"] = "public-read"
    f.request.headers["Stripe-Account"] = "acct_1Pq2Rs3Tu4Vw5Xy"
    f.request.headers["X-Debug"] = f"trace {TOKEN}"
    f.request.headers["Authorization"] = f"Bearer {BEARER}"
    f.request.headers["Cookie"] = "session=abc123def456"
    f.request.headers["Proxy-Authorization"] = f"Basic {PROXY_PASSWORD}"
    return f


async def test_the_summary_shows_every_header_masked_and_credentials_redacted(installed, receiver):
    guard, approval = Guard(), Approval()
    with taddons.context(guard, approval) as tctx:
        tctx.configure(approval, exitguard_approval_timeout=5, exitguard_approval_webhook=receiver.url,
                       exitguard_approval_webhook_format="json")
        f = flow_with_headers()
        task = await start_hold(guard, approval, f)
        for _ in range(100):
            if approval.listing()[0]["notified"].get("state") != "sending":
                break
            await asyncio.sleep(0.02)
        listed = approval.listing()[0]
        approval.decide(listed["id"], "deny", "alice")
        await asyncio.wait_for(task, 2)
    headers = listed["summary"]["preview"]["headers"] if "summary" in listed else listed["preview"]["headers"]
    assert "x-amz-acl: public-read" in headers and "Stripe-Account: acct_1Pq2Rs3Tu4Vw5Xy" in headers
    assert "Authorization: <redacted>" in headers and "Cookie: <redacted>" in headers
    assert not any(h.lower().startswith("proxy-authorization") for h in headers)
    (debug,) = [h for h in headers if h.startswith("X-Debug: ")]
    assert debug.startswith("X-Debug: trace [MASKED:test-api-token:")
    (doc,) = receiver.received
    assert doc["preview"]["headers"] == headers
    everything = repr(listed) + receiver.raw[0].decode() + repr(f.metadata)
    for secret in (TOKEN, TOKEN[6:], BEARER, PROXY_PASSWORD, "abc123def456"):
        assert secret not in everything


def test_a_header_named_with_a_key_or_holding_a_piece_is_withheld(installed):
    from addons.core import runtime

    rt = runtime.get()
    f = chat_flow("hello")
    f.request.headers["X-" + TOKEN] = "1"
    f.request.headers["X-Note"] = TOKEN[:10]
    f.metadata["exitguard.findings"] = [{"rule": "test-api-token", "location": "header.x-note", "direction": "request"}]
    headers = notify.request_preview(f, rt.inspector, rt.policy.max_body_bytes)["headers"]
    assert TOKEN not in repr(headers) and TOKEN[:10] not in repr(headers), headers
    assert "X-Note: <withheld: holds part of a finding>" in headers
