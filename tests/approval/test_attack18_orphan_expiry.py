"""attack18 (invariant 1): an approval whose holder is gone. walk17 records an approval nobody waits for when its
deadline passes, but on the replica that held it (its watch): when that replica stopped or died first, the
approval stayed held in Redis past its deadline, and whoever met it next wrote its expiry to the store (a reviewer's
late decision, answered 409 "already expired") or only hid it (a listing); no replica's audit index ever recorded
how it ended. The replica whose write expires it in the store now reports it (``SharedApprovals.on_expired``, wired
to the audit index by the Approval addon), exactly once. A real redis-server; marked ``tool``."""

from __future__ import annotations

import pytest

from addons.approval.rules import DecisionError
from tests.approval.fleet import DELETE_SUMMARY, recording_fleet

pytestmark = pytest.mark.tool

SUMMARY = DELETE_SUMMARY


@pytest.fixture
async def fleet(redis_server):
    async with recording_fleet(redis_server.url) as replicas_and_expiries:
        yield replicas_and_expiries


async def test_a_late_decision_on_another_replica_records_the_expiry_of_an_orphaned_approval(fleet):
    replicas, recorded = fleet
    pending, _ = await replicas["a"].hold("fp-orphan", "agent-7", SUMMARY, timeout_s=0)  # overdue at once
    # a stops here: its watch never runs. A reviewer on b approves too late.
    with pytest.raises(DecisionError) as e:
        await replicas["b"].decide(pending.id, "approve", "alice")
    assert e.value.status == 409 and "expired" in str(e.value)
    (rec,) = recorded["b"]
    assert rec["id"] == pending.id and rec["state"] == "expired" and rec["host"] == "api.github.com"
    assert recorded["a"] == recorded["c"] == []
    assert await replicas["a"].expire(pending) is False  # a's own expiry, had it lived, loses: no second record
    assert len(recorded["a"]) + len(recorded["b"]) + len(recorded["c"]) == 1


async def test_a_listing_expires_and_records_an_orphaned_approval(fleet):
    replicas, recorded = fleet
    pending, _ = await replicas["a"].hold("fp-listed", "agent-7", SUMMARY, timeout_s=0)
    assert await replicas["c"].listing() == []
    (rec,) = recorded["c"]
    assert rec["id"] == pending.id and rec["state"] == "expired"
    (shown,) = [p for p in await replicas["b"].listing(include_decided=True) if p["id"] == pending.id]
    assert shown["state"] == "expired"
    assert recorded["a"] == recorded["b"] == []


async def test_the_holders_own_expiry_is_recorded_once(fleet):
    replicas, recorded = fleet
    pending, _ = await replicas["a"].hold("fp-own", None, SUMMARY, timeout_s=0)
    assert await replicas["a"].expire(pending) is True
    (rec,) = recorded["a"]
    assert rec["id"] == pending.id and rec["state"] == "expired" and pending.state == "expired"
    assert recorded["b"] == recorded["c"] == []
