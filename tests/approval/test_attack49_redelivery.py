"""attack49: faults48's redelivery of a decision whose compare-and-set won and whose delivery failed, against a
real redis-server and a relay that stalls the decider's connections (tests/live/stall_relay.py). A window whose
write failed is written again only for what is left of it: a redelivery that comes after the window's end opens
nothing (a late write would let identical requests pass with nobody's approval), and a decision delivered again
is taken once."""

from __future__ import annotations

import asyncio

import pytest

from tests.approval.fleet import DELETE_SUMMARY, until
from tests.approval.test_faults48_decision_unpublished import (  # noqa: F401  (fixtures)
    DELIVERED_WITHIN_S,
    stall_before,
    two_replicas,
)

pytestmark = pytest.mark.tool


async def test_a_window_that_ended_before_its_redelivery_is_not_opened(two_replicas):  # noqa: F811
    holder, decider, relay = two_replicas
    pending, _ = await holder.hold("fp-short-window", "agent-7", DELETE_SUMMARY, timeout_s=300)
    stall_before(decider.store, "put", relay)  # the window's write hangs (2 s command timeout), then redelivered
    decided = await decider.approval.decide_anywhere(pending.id, "approve", "alice", window=1)
    assert decided["state"] == "approved" and decided["delivery"].startswith("pending:")
    await asyncio.wait_for(pending.done.wait(), DELIVERED_WITHIN_S)
    await until(lambda: not decider.approval.backend._tasks, DELIVERED_WITHIN_S)  # the redelivery ended
    assert pending.state == "approved"
    assert await holder.window_for("fp-short-window") is None  # a second past its end: never opened late
    raw = await holder.store.get("approval:window:fp-short-window")
    assert raw is None


async def test_a_decision_published_twice_is_taken_once(two_replicas):  # noqa: F811
    holder, decider, _ = two_replicas
    pending, _ = await holder.hold("fp-twice", "agent-7", DELETE_SUMMARY, timeout_s=300)
    decided = await decider.approval.decide_anywhere(pending.id, "deny", "alice", "no")
    assert decided["state"] == "denied" and "delivery" not in decided
    await asyncio.wait_for(pending.done.wait(), DELIVERED_WITHIN_S)
    record = await holder._record(pending.id)
    # the same sealed message again (a redelivery after the first publish did go out): nothing changes
    await decider.approval.backend._publish_step({**record, "state": "approved", "decider": "mallory"})()
    await decider.approval.backend._publish_step(record)()
    await asyncio.sleep(0.5)
    assert pending.state == "denied" and pending.decider == "alice"
