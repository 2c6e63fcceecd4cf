"""attack46 (EVASION.md section 5, "clock"): approval windows in a fleet are stored with the deciding replica's wall
clock (``until``), which a replica whose clock is 10 minutes ahead would push 10 minutes further. Held: the window's
key in Redis has a time to live of the window's length, counted by Redis's own clock, so no replica's clock makes a
window outlast ``--for``. A replica whose clock runs ahead sees approvals expire early (it refuses, never widens).
In one process every deadline and window is monotonic (registry.py). A real redis-server: marked ``tool``."""

from __future__ import annotations

import asyncio
import time

import pytest

from addons.approval.rules import DecisionError
from tests.approval.fleet import fleet_on

pytestmark = pytest.mark.tool

SUMMARY = {"reasons": ["approval rule github-deletes"], "requester": "agent-7", "host": "api.github.com"}
AHEAD_S = 600.0
WITHIN_S = 15.0  # a 1 s window must be gone well within this; skewed, it would last AHEAD_S


@pytest.fixture
async def fleet(redis_server):
    async with fleet_on(redis_server.url, "ab") as replicas:
        yield replicas


async def test_a_window_granted_on_a_replica_ten_minutes_ahead_ends_with_its_length(fleet):
    holder, fast = fleet["a"], fleet["b"]
    fast.registry.wall = lambda: time.time() + AHEAD_S
    pending, _ = await holder.hold("fp-skew", "agent-7", SUMMARY, timeout_s=900)
    await fast.decide(pending.id, "approve", "alice", window_s=1)
    window = await holder.window_for("fp-skew")
    assert window is not None and window[0] - holder.registry.clock() > AHEAD_S  # the stored `until` is skewed...
    # ...but Redis drops the key after the window's 1 s (polled: a loaded machine's slack, far from the 600 s skew)
    deadline = time.monotonic() + WITHIN_S
    while await holder.window_for("fp-skew") is not None:
        assert time.monotonic() < deadline, "the window outlived its length"
        await asyncio.sleep(0.05)


async def test_a_replica_ten_minutes_ahead_sees_an_approval_expired_and_cannot_approve_it(fleet):
    holder, fast = fleet["a"], fleet["b"]
    fast.registry.wall = lambda: time.time() + AHEAD_S
    pending, _ = await holder.hold("fp-early", "agent-7", SUMMARY, timeout_s=60)
    with pytest.raises(DecisionError) as refused:
        await fast.decide(pending.id, "approve", "alice")
    assert refused.value.status == 409 and "expired" in str(refused.value)  # fails closed, never open
