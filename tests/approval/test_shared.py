"""Approvals shared by replicas through a real redis-server (addons/approval/shared.py): each "replica" is its
own store connection and Registry, as in separate processes. Marked ``tool`` (needs redis-server)."""

from __future__ import annotations

import asyncio
import json

import pytest

from addons.approval.rules import DecisionError
from addons.core.state import StateUnavailable
from addons.core.state.redis_store import Connection, RedisState
from tests.approval.fleet import fleet_on, until
from tests.live.redis_server import free_port

pytestmark = pytest.mark.tool

SUMMARY = {"reasons": ["approval rule github-deletes"], "requester": "agent-7", "host": "api.github.com"}


@pytest.fixture
async def fleet(redis_server):
    async with fleet_on(redis_server.url, "abc") as replicas:
        yield replicas


async def test_a_decision_on_b_releases_the_request_held_on_a(fleet):
    a, b = fleet["a"], fleet["b"]
    pending, joined = await a.hold("fp1", "agent-7", SUMMARY, timeout_s=30)
    assert not joined
    pending.flow_ids.append("flow-on-a")
    await a.waiting_changed(pending)
    (listed,) = await b.listing()
    assert listed["id"] == pending.id and listed["replica"] == "a" and listed["flows"] == ["flow-on-a"]
    # b cannot know whether a's webhook went out, or whether a has one: it must not claim it was sent
    assert listed["notified"] == {"delivered": None, "error": "not known here (held by a)"}
    with pytest.raises(DecisionError) as e:
        await b.decide(pending.id, "approve", "Agent-7")
    assert e.value.status == 403  # self-approval, checked against the requester stored with the approval
    decided = await b.decide(pending.id, "approve", "alice", "fine")
    assert decided["state"] == "approved" and decided["decider"] == "alice"
    await asyncio.wait_for(pending.done.wait(), 2)  # pushed, not polled
    assert pending.state == "approved" and pending.decider == "alice" and pending.reason == "fine"
    with pytest.raises(DecisionError) as e:
        await fleet["c"].decide(pending.id, "deny", "carol")
    assert e.value.status == 409 and "approved by alice" in str(e.value)
    assert await b.listing() == []


async def test_a_retry_on_another_replica_joins_and_a_window_covers_the_fleet(fleet):
    a, b, c = fleet["a"], fleet["b"], fleet["c"]
    first, _ = await a.hold("fp2", "agent-7", SUMMARY, timeout_s=30)
    retry, joined = await b.hold("fp2", "agent-7", SUMMARY, timeout_s=30)
    assert joined and retry.id == first.id and retry.requests == 2
    await c.decide(first.id, "approve", "alice", window_s=60)
    await asyncio.wait_for(asyncio.gather(first.done.wait(), retry.done.wait()), 2)
    assert first.state == retry.state == "approved"
    _until, approval_id, decider = await a.window_for("fp2")
    assert approval_id == first.id and decider == "alice"
    assert await a.window_for("other") is None
    again, joined = await b.hold("fp2", "agent-7", SUMMARY, timeout_s=30)
    assert not joined and again.id != first.id  # a decided approval is never re-used


async def test_concurrent_deciders_one_wins(fleet):
    pending, _ = await fleet["a"].hold("fp3", None, SUMMARY, timeout_s=30)
    results = await asyncio.gather(fleet["b"].decide(pending.id, "approve", "bob"),
                                   fleet["c"].decide(pending.id, "deny", "carol"), return_exceptions=True)
    assert sum(isinstance(r, dict) for r in results) == 1
    assert sum(isinstance(r, DecisionError) and r.status == 409 for r in results) == 1


@pytest.mark.slow  # waits out an approval's timeout
async def test_expiry_on_the_holder_is_seen_everywhere(fleet):
    a, b = fleet["a"], fleet["b"]
    pending, _ = await a.hold("fp4", None, SUMMARY, timeout_s=1)
    await asyncio.sleep(1.1)
    await a.expire(pending)
    assert pending.state == "expired"
    with pytest.raises(DecisionError) as e:
        await b.decide(pending.id, "approve", "alice")
    assert e.value.status == 409 and "expired" in str(e.value)


async def test_losing_redis_fails_held_approvals_closed_and_new_ones_work_when_it_is_back(fleet, redis_server):
    a = fleet["a"]
    pending, _ = await a.hold("fp5", None, SUMMARY, timeout_s=30)
    redis_server.stop()
    await asyncio.wait_for(pending.done.wait(), 3)
    assert pending.state == "lost" and "Redis at redis://127.0.0.1" in pending.reason
    with pytest.raises(StateUnavailable):
        await a.hold("fp6", None, SUMMARY, timeout_s=30)
    redis_server.start()
    await until(lambda: a.store.linked)
    fresh, joined = await a.hold("fp5", None, SUMMARY, timeout_s=30)
    assert not joined and fresh.id != pending.id  # the restarted store forgot the old one: a new approval
    await fleet["b"].decide(fresh.id, "deny", "bob")
    await asyncio.wait_for(fresh.done.wait(), 2)
    assert fresh.state == "denied"


async def test_the_addon_answers_503_and_records_which_store_when_redis_is_unreachable(installed):
    """A new approval-gated request with the store down: refused, recorded as such, the password never shown;
    a request that needs no approval passes untouched."""
    from mitmproxy.test import taddons

    from addons.approval.approval import Approval
    from addons.core import metakeys
    from addons.core import state as shared_state
    from addons.guard.guard import Guard
    from tests.approval.support import CODENAME, chat_flow

    previous = shared_state.current()
    store = RedisState(Connection(f"redis://:pw-never-shown@127.0.0.1:{free_port()}/0"), "r1")
    shared_state.install(store)
    try:
        guard, approval = Guard(), Approval()
        with taddons.context(guard, approval) as tctx:
            tctx.configure(approval, exitguard_approval_timeout=5, exitguard_control_listen="off")
            await approval.running()
            f = chat_flow(f"plan for {CODENAME}")
            await guard.request(f)
            await asyncio.wait_for(approval.request(f), 5)
            assert f.response.status_code == 503 and not f.intercepted
            error = f.response.json()["error"]
            assert error["code"] == "exitguard_state_unavailable"
            # which store and why: in the record, not for the agent (newuser51: it named the fleet's Redis)
            assert "127.0.0.1" not in error["message"] and "state store" in error["message"]
            assert "pw-never-shown" not in json.dumps(f.metadata[metakeys.APPROVAL])
            assert "Redis at redis://***@127.0.0.1" in f.metadata[metakeys.APPROVAL]["reason"]
            assert f.metadata[metakeys.APPROVAL]["state"] == "unavailable"
            assert CODENAME not in f.request.get_text()  # the held value is not left on the flow
            plain = chat_flow("nothing to approve here")
            await guard.request(plain)
            await asyncio.wait_for(approval.request(plain), 1)
            assert plain.response is None and metakeys.APPROVAL not in plain.metadata
    finally:
        await store.close()
        shared_state.install(previous)


async def test_after_a_short_outage_the_holder_marks_its_failed_approvals_lost(fleet):
    """The store kept its keys (a network blip, not a restart): the approval the holder answered 503 for must
    not stay listed as held, nor be joined by a retry."""
    a, b = fleet["a"], fleet["b"]
    pending, _ = await a.hold("fp7", None, SUMMARY, timeout_s=30)
    a.store._set_link(False)  # what the subscriber does when its connection drops
    assert pending.state == "lost"
    a.store._set_link(True)
    await until(lambda: not a._tasks)
    assert await b.listing() == []
    again, joined = await b.hold("fp7", None, SUMMARY, timeout_s=30)
    assert not joined and again.id != pending.id


async def test_any_replica_looks_up_a_settled_approval_with_its_decider_and_window(fleet):
    a, b, c = fleet["a"], fleet["b"], fleet["c"]
    pending, _ = await a.hold("fp-lookup", "agent-7", SUMMARY, timeout_s=30)
    assert (await c.lookup(pending.id))["state"] == "held"
    await b.decide(pending.id, "approve", "webhook-link", window_s=900)
    seen = await c.lookup(pending.id)  # what a Slack click landing on c reports
    assert (seen["state"], seen["decider"], seen["window_s"], seen["requester"]) == \
        ("approved", "webhook-link", 900, "agent-7")
    assert await c.lookup("0badc0de") is None


async def test_approving_on_b_counts_the_request_a_held_even_when_a_releases_it_first(fleet):
    """walk22: `approvals approve` on r1 said "nothing sent: no request waits for it any more" while r0 sent the
    request: the count was read after the decision was published, and r0 had taken its flow off the list by then."""
    a, b = fleet["a"], fleet["b"]
    pending, _ = await a.hold("fp-count", "agent-7", SUMMARY, timeout_s=30)
    pending.flow_ids.append("flow-on-a")
    await a.waiting_changed(pending)

    async def holder_releases() -> None:  # what approval.py does once the decision reaches the holder
        await pending.done.wait()
        pending.flow_ids.remove("flow-on-a")
        await a.waiting_changed(pending)

    released = asyncio.create_task(holder_releases())
    publish = b.store.publish

    async def publish_then_let_the_holder_act(channel: str, message: dict) -> None:
        await publish(channel, message)
        await asyncio.wait_for(released, 2)  # the holder heard and released before b counts

    b.store.publish = publish_then_let_the_holder_act  # type: ignore[method-assign]
    decided = await b.decide(pending.id, "approve", "alice")
    assert decided["state"] == "approved" and decided["waiting"] == 1 and decided["flows"] == ["flow-on-a"]
