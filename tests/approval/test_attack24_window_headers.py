"""Attack24: an approval (its window, or a pending approval an "identical" retry joins) covering a request that is
not the one the reviewer approved, because what differs is in a header.

Headers carry what a request does on several vendor APIs: Stripe's ``Stripe-Account`` (which connected account a
refund comes out of), S3's ``x-amz-copy-source`` (which object CopyObject copies) and ``x-amz-acl`` (public-read),
WebDAV's ``Destination``, the placeholder in ``Authorization`` that picks a brokered key. The retry fingerprint held
the caller, method, URL, body and reasons, no header: a window approved for one account let the same refund for any
other account pass unreviewed, and a request for another account sent while the first waited joined it and went
out on the same "yes". Headers now count, except those a client changes between two sends of the same request
(retry counters, tracing ids, dates, SDK metadata: ``approval/rules.VOLATILE_HEADERS``)."""

from __future__ import annotations

import asyncio

import pytest

from addons.approval.rules import request_fingerprint, significant_headers
from addons.core import metakeys
from tests.approval.support import (
    approve_for_a_window,
    assert_rides_the_window,
    chat_flow,
    deny_the_pending,
    start_hold,
)


def refund(account: str, **extra: str):
    f = chat_flow(identity="agent-7")
    f.request.headers["Stripe-Account"] = account
    for name, value in extra.items():
        f.request.headers[name.replace("_", "-")] = value
    return f


async def test_a_window_for_one_account_does_not_pass_the_same_request_for_another(ctx_approval):
    _, guard, approval = ctx_approval
    mine = refund("acct_agents_own")
    await approve_for_a_window(guard, approval, mine)
    assert mine.response is None
    other = refund("acct_someone_else")
    task = await start_hold(guard, approval, other)
    assert other.intercepted and not task.done(), "passed by the window granted for another account"
    assert other.metadata[metakeys.APPROVAL].get("via") != "window"
    await deny_the_pending(approval, task)
    assert other.response.status_code == 403
    again = refund("acct_agents_own", x_stainless_retry_count="1", traceparent="00-abc-def-01")
    await assert_rides_the_window(guard, approval, again)  # the approved request itself, sent again


async def test_a_request_for_another_account_does_not_join_a_pending_approval(ctx_approval):
    _, guard, approval = ctx_approval
    mine = refund("acct_agents_own")
    first = await start_hold(guard, approval, mine)
    other = refund("acct_someone_else")
    second = await start_hold(guard, approval, other)
    assert len(approval.listing()) == 2, "joined the approval the reviewer sees for another account"
    for pending in approval.listing():
        approval.decide(pending["id"], "deny", "alice")
    await asyncio.wait_for(asyncio.gather(first, second), 2)


@pytest.mark.parametrize(("name", "a", "b"), [
    ("x-amz-copy-source", "/bucket/public.txt", "/secrets/prod.env"), ("x-amz-acl", "private", "public-read"),
    ("destination", "/dav/a", "/dav/b"), ("authorization", "Bearer exitguard", "Bearer exitguard-admin"),
    ("content-type", "application/json", "application/x-www-form-urlencoded"), ("cookie", "s=1", "s=2"),
])
def test_headers_that_say_what_a_request_does_count(name, a, b):
    def fp(value):
        return request_fingerprint("agent", "PUT", "h", "/", b"", headers=significant_headers([(name, value)]))
    assert fp(a) != fp(b)


@pytest.mark.parametrize("name", ["x-stainless-retry-count", "traceparent", "x-request-id", "date", "user-agent",
                                  "content-length", "proxy-authorization", "amz-sdk-request", "idempotency-key"])
def test_headers_a_client_changes_between_sends_of_one_request_do_not(name):
    def fp(value):
        return request_fingerprint("agent", "PUT", "h", "/", b"", headers=significant_headers([(name, value)]))
    assert fp("1") == fp("2") == request_fingerprint("agent", "PUT", "h", "/", b"")


def from_address(address: str):
    f = chat_flow()  # no identity: exitguard_auth=off (a transparent CI listener: "the job's network is its identity")
    f.client_conn.peername = (address, 40000)
    return f


async def test_a_window_granted_to_one_anonymous_client_does_not_pass_another(ctx_approval):
    """Two CI jobs on one transparent proxy with authentication off, told apart by their addresses (capacity is
    per address already). The fingerprint held the caller's identity only, the same (none) for every job: a window
    granted for job A's request passed job B's identical one, and B's joined A's pending approval."""
    _, guard, approval = ctx_approval
    await approve_for_a_window(guard, approval, from_address("10.231.1.2"))
    job_b = from_address("10.231.2.2")
    task = await start_hold(guard, approval, job_b)
    assert job_b.intercepted and not task.done(), "job B passed by job A's window"
    await deny_the_pending(approval, task)
    await assert_rides_the_window(guard, approval, from_address("10.231.1.2"))
