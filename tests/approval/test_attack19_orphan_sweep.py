"""attack19 (invariant 1, issue 16): an orphaned approval (its holder died) that nobody lists or decides on ran out
with its Redis time to live in no replica's index. ``SharedApprovals.sweep_overdue``, which every linked replica runs
every ``SWEEP_EVERY_S`` (the Approval addon), expires and records it, exactly once in the fleet. A real
redis-server; marked ``tool``. Live: ``test_attack19_orphan_sweep_live.py``."""

from __future__ import annotations

import pytest

from tests.approval.fleet import DELETE_SUMMARY, recording_fleet

pytestmark = pytest.mark.tool

SUMMARY = DELETE_SUMMARY


@pytest.fixture
async def fleet(redis_server):
    async with recording_fleet(redis_server.url) as replicas_and_expiries:
        yield replicas_and_expiries


async def test_a_sweep_records_an_orphaned_approval_once_in_the_fleet(fleet):
    replicas, recorded = fleet
    orphan, _ = await replicas["a"].hold("fp-orphan", "agent-7", SUMMARY, timeout_s=0)  # a dies: no watch runs
    alive, _ = await replicas["a"].hold("fp-alive", "agent-7", SUMMARY, timeout_s=120)
    assert await replicas["b"].sweep_overdue(grace_s=0) == 1
    assert await replicas["c"].sweep_overdue(grace_s=0) == 0
    (rec,) = recorded["b"]
    assert rec["id"] == orphan.id and rec["state"] == "expired" and rec["host"] == "api.github.com"
    assert recorded["a"] == recorded["c"] == []
    assert (await replicas["c"].lookup(alive.id))["state"] == "held"


async def test_the_sweep_leaves_a_just_overdue_approval_to_its_holder(fleet):
    replicas, recorded = fleet
    pending, _ = await replicas["a"].hold("fp-own", None, SUMMARY, timeout_s=0)
    assert await replicas["b"].sweep_overdue() == 0  # within the grace: a's own watch records it
    assert await replicas["a"].expire(pending) is True
    assert [r["id"] for r in recorded["a"]] == [pending.id] and recorded["b"] == []


async def test_the_sweep_drops_ids_whose_record_is_gone(fleet):
    """An id in the open index without a record (its time to live ran out, or a Redis writer added it) is dropped
    on the first sweep, so the sweep of every replica does not read it again every interval."""
    replicas, recorded = fleet
    store = replicas["a"].store
    await store.index_add("approval:open", "ap_forged", 1.0)
    assert await replicas["b"].sweep_overdue(grace_s=0) == 0
    assert "ap_forged" not in await store.index_members("approval:open")
    assert recorded == {"a": [], "b": [], "c": []}
