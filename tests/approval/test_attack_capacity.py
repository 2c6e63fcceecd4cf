"""Attack13: one agent (one proxy token) against everyone else, through the approvals it can open.

Each request held for approval keeps its client connection, the request to send (core/held.py: up to
max_body_bytes) and an entry in the registry for up to exitguard_approval_timeout, and a new approval sends the
reviewers one webhook message. Before the caps, one identity could open as many as it liked: every distinct
request became a new held flow and a new notification. Now each identity, and the proxy in all, has a cap on
requests waiting for approval and on the bytes they hold; past a cap the caller gets a clear 429 (Retry-After,
the cap named), nothing is notified, and other identities keep being held and decided as before."""

from __future__ import annotations

import asyncio
import gc
import tracemalloc

import pytest
from mitmproxy import exceptions
from mitmproxy.test import taddons

from addons.approval.approval import Approval
from addons.core import metakeys
from addons.guard.guard import Guard
from tests.approval.support import CODENAME, chat_flow, start_hold
from tests.flows import on_the_wire


@pytest.fixture
def capped(installed):
    guard, approval = Guard(), Approval()
    with taddons.context(guard, approval) as tctx:
        tctx.configure(approval, exitguard_approval_timeout=30, exitguard_approval_max_pending_per_identity=3,
                       exitguard_approval_max_pending=5)
        yield tctx, guard, approval


def distinct(identity: str, n: int, size: int = 0):
    """``n`` approval-gated requests of one caller, each different (so none joins another's approval)."""
    return [chat_flow(f"plan for {CODENAME} step {i} " + "x" * size, identity=identity) for i in range(n)]


async def hold_all(guard, approval, flows):
    return [await start_hold(guard, approval, f) for f in flows]


async def release(approval, tasks):
    for pending in approval.listing():
        approval.decide(pending["id"], "deny", "alice", "test over")
    await asyncio.wait_for(asyncio.gather(*tasks), 5)


def refused_for_capacity(f) -> bool:
    return (f.response is not None and f.response.status_code == 429 and not f.intercepted
            and f.response.headers.get("x-exitguard-decision") == "exitguard_approval_capacity")


async def test_one_identity_cannot_hold_more_than_its_cap(capped):
    _, guard, approval = capped
    flows = distinct("agent-7", 10)
    tasks = await hold_all(guard, approval, flows)
    held = [f for f in flows if f.intercepted]
    refused = [f for f in flows if refused_for_capacity(f)]
    assert len(held) == 3 and len(refused) == 7  # before: 10 held, 10 approvals, 10 webhook messages
    assert len(approval.listing()) == 3
    answer = refused[0]
    message = answer.response.json()["error"]["message"]
    assert "exitguard_approval_max_pending_per_identity" in message and "3" in message
    assert int(answer.response.headers["retry-after"]) > 0
    md = answer.metadata[metakeys.APPROVAL]
    assert md["state"] == "refused" and md["cap"] == "exitguard_approval_max_pending_per_identity"
    assert answer.metadata[metakeys.DECISION] == "denied"
    assert CODENAME not in answer.response.get_text()
    await release(approval, tasks)


async def test_other_identities_keep_being_held_and_served(capped):
    _, guard, approval = capped
    tasks = await hold_all(guard, approval, distinct("agent-7", 8))
    other = chat_flow(f"plan for {CODENAME} elsewhere", identity="agent-9")
    task = await start_hold(guard, approval, other)
    assert other.intercepted  # the abuser's refusals cost agent-9 nothing
    (mine,) = [p for p in approval.listing() if p["requester"] == "agent-9"]
    approval.decide(mine["id"], "approve", "alice")
    await asyncio.wait_for(task, 2)
    assert other.response is None and CODENAME in on_the_wire(other).get_text()
    assert CODENAME not in other.request.get_text()  # the console shows it masked (wire40)
    await release(approval, tasks)


async def test_the_proxy_in_all_has_a_cap(capped):
    _, guard, approval = capped
    tasks = []
    for who in ("a1", "a2", "a3"):
        tasks += await hold_all(guard, approval, distinct(who, 2))
    assert len(approval.listing()) == 5  # 6 asked, 5 held: the global cap
    last = distinct("a4", 1)[0]
    tasks.append(await start_hold(guard, approval, last))
    assert refused_for_capacity(last)
    assert "exitguard_approval_max_pending)" in last.response.json()["error"]["message"]
    await release(approval, tasks)


async def test_a_slot_is_free_again_once_its_request_is_decided(capped):
    _, guard, approval = capped
    tasks = await hold_all(guard, approval, distinct("agent-7", 3))
    await release(approval, tasks)
    again = distinct("agent-7", 3)
    tasks = await hold_all(guard, approval, again)
    assert all(f.intercepted for f in again)
    await release(approval, tasks)


async def test_retries_joining_one_approval_count_against_the_cap(capped):
    """An identical request joins the pending approval, but it keeps its own connection and body."""
    _, guard, approval = capped
    flows = [chat_flow(f"plan for {CODENAME}", identity="agent-7") for _ in range(6)]
    tasks = await hold_all(guard, approval, flows)
    assert sum(f.intercepted for f in flows) == 3 and sum(refused_for_capacity(f) for f in flows) == 3
    assert len(approval.listing()) == 1 and approval.listing()[0]["waiting"] == 3
    await release(approval, tasks)


async def test_held_bytes_have_a_cap(installed):
    guard, approval = Guard(), Approval()
    with taddons.context(guard, approval) as tctx:
        tctx.configure(approval, exitguard_approval_max_held_bytes=450_000)
        flows = distinct("agent-7", 4, size=100_000)
        tasks = await hold_all(guard, approval, flows)
        assert sum(f.intercepted for f in flows) == 2  # the held request and the masked one shown: ~200 KB each
        refused = [f for f in flows if refused_for_capacity(f)]
        assert len(refused) == 2
        assert "exitguard_approval_max_held_bytes" in refused[0].response.json()["error"]["message"]
        await release(approval, tasks)


@pytest.mark.slow  # 200 requests of 64 KB, measured with tracemalloc
async def test_memory_held_for_one_identity_is_bounded_with_the_defaults(installed):
    """The figure: 200 distinct 64 KB approval-gated requests of one agent, and what stays in memory while they
    wait (a refused flow is answered and dropped by the proxy; the test drops it too). Before, all 200 were held
    (200 approvals, 200 webhook messages, 29.3 MB traced); with the default caps 20 are (3.5 MB)."""
    guard, approval = Guard(), Approval()
    with taddons.context(guard, approval) as tctx:
        tctx.configure(approval, exitguard_approval_timeout=600)  # none may expire: CI under load took >30 s
        tracemalloc.start()
        base = tracemalloc.get_traced_memory()[0]
        flows = distinct("agent-7", 200, size=64 * 1024)
        tasks = await hold_all(guard, approval, flows)
        flows = [f for f in flows if f.intercepted]
        gc.collect()
        kept = tracemalloc.get_traced_memory()[0] - base
        tracemalloc.stop()
        assert len(flows) == 20 and len(approval.listing()) == 20
        assert kept < 6_000_000, kept
        await release(approval, tasks)


def test_caps_must_be_positive(installed):
    approval = Approval()
    with taddons.context(approval) as tctx:
        for name in ("exitguard_approval_max_pending_per_identity", "exitguard_approval_max_pending",
                     "exitguard_approval_max_held_bytes"):
            with pytest.raises(exceptions.OptionsError, match=name):
                tctx.configure(approval, **{name: 0})
