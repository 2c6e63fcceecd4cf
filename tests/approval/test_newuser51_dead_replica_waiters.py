"""A replica killed while it held a request (newuser51: three replicas on one Redis, one killed with SIGKILL, the
client's retry joining the approval on another): the listing went on saying "2 of 2" waiting and "held by r1",
`approvals approve` "2 waiting request(s) released" and the audit index's approval record "2 waiting", though the
dead replica's connection, and its request, were gone. Flows of a replica that announced itself and went silent
for longer than the fleet's freshness no longer count; a replica that never announced (starting) still does."""

from __future__ import annotations

import json
import time

import pytest

from addons.core.state import fleet as fleet_entries
from tests.approval.fleet import fleet_on

pytestmark = pytest.mark.tool

SUMMARY = {"reasons": ["approval rule uploads"], "requester": "ci-build", "host": "127.0.0.1"}


async def announce(store, name: str, seconds_ago: float) -> None:
    entry = {"policy": "p", "seen": time.time() - seconds_ago, "instance": name}
    await store.hash_put(fleet_entries.KEY, name, json.dumps(entry), ttl_s=60)


async def test_a_killed_holders_flows_no_longer_count_as_waiting(redis_server):
    async with fleet_on(redis_server.url, ["r1", "r2", "r0"]) as replicas:
        r1, r2, r0 = replicas["r1"], replicas["r2"], replicas["r0"]
        pending, _ = await r1.hold("fp-killed", "ci-build", SUMMARY, timeout_s=30)
        pending.flow_ids.append("flow-on-r1")
        await r1.waiting_changed(pending)
        retry, joined = await r2.hold("fp-killed", "ci-build", SUMMARY, timeout_s=30)
        assert joined
        retry.flow_ids.append("retry-on-r2")
        await r2.waiting_changed(retry)
        for name in ("r0", "r2"):
            await announce(r0.store, name, seconds_ago=1)
        await announce(r0.store, "r1", seconds_ago=1)
        (listed,) = await r0.listing()
        assert listed["waiting"] == 2  # r1 is alive: both wait

        await announce(r0.store, "r1", seconds_ago=fleet_entries.FRESH_S + 5)  # r1 killed: no announcement since
        (listed,) = await r0.listing()
        assert listed["waiting"] == 1 and listed["flows"] == ["retry-on-r2"], listed
        assert listed["notified"]["error"] == "not known here (held by r1, which stopped answering)"
        decided = await r0.decide(pending.id, "approve", "alice")
        assert decided["waiting"] == 1 and decided["flows"] == ["retry-on-r2"], decided


async def test_a_replica_that_never_announced_still_counts(redis_server):
    async with fleet_on(redis_server.url, ["a", "b"]) as replicas:
        pending, _ = await replicas["a"].hold("fp-new", "ci-build", SUMMARY, timeout_s=30)
        pending.flow_ids.append("flow-on-a")
        await replicas["a"].waiting_changed(pending)
        (listed,) = await replicas["b"].listing()
        assert listed["waiting"] == 1 and listed["notified"]["error"] == "not known here (held by a)"
