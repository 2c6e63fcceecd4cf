"""faults48 (EVASION.md section 5, "a decision whose compare-and-set succeeded and whose publish then failed"): the
decider's replica wins the compare-and-set in Redis, then the store hangs or the link drops before the next command
(deleting the held key, the listing's indexes, the window, the publish). Before the fix the decider was told 503
"unreachable" although the record said approved, nothing recorded the decision in any replica's audit index, and
the replica holding the request heard nothing (it released it at its deadline from the record, or failed it as
``lost``). Now the decision is recorded by the replica whose compare-and-set won (as an expiry is), the decider is
told the truth (approved, delivery pending, and why), and the rest is delivered again in the background until it
goes through. A real redis-server and the real store code; the hang is ``tests/live/stall_relay.py`` stopping the
bytes of the decider's open connections between two commands. Marked ``tool``."""

from __future__ import annotations

import asyncio
import json

import pytest

from addons.approval.approval import Approval
from addons.approval.registry import Registry
from addons.approval.shared import SharedApprovals
from addons.core.state import StateUnavailable
from addons.core.state.redis_store import Connection, RedisState
from tests.approval.fleet import DELETE_SUMMARY, FLEET_KEY, until
from tests.live.stall_relay import StallRelay

pytestmark = pytest.mark.tool

# A command on a stalled connection times out after redis_store.COMMAND_TIMEOUT_S (2 s in a proxy, read when a store
# is made); the redelivery after it goes through a new connection. The decider's store here waits STALLED_S: each
# test waits out one stalled command (and the first retry), and 2.5 s of nothing five times was most of this file's
# time (unit49). Room for a loaded machine: a loopback Redis answers in milliseconds.
STALLED_S = 1.0
DELIVERED_WITHIN_S = 30.0


class Decider:
    """Replica b: an Approval addon whose backend talks to Redis through a relay that can go silent, and whose
    audit index is the list of records it was handed (the Audit addon's record_event)."""

    def __init__(self, relay: StallRelay) -> None:
        self.index: list[dict] = []
        self.approval = Approval(record_event=self._record)
        self.store = RedisState(Connection(f"redis://127.0.0.1:{relay.port}/0"), "b")
        from addons.approval.seal import Seal
        self.approval.backend = SharedApprovals(self.store, self.approval.registry, Seal.of_key(FLEET_KEY))

    async def _record(self, record: dict) -> None:
        self.index.append(json.loads(json.dumps(record)))  # as the index would hold it


@pytest.fixture
async def two_replicas(redis_server, monkeypatch):
    from addons.approval import shared
    from addons.approval.seal import Seal
    from addons.core.state import redis_store
    relay = StallRelay(redis_server.port)
    holder_store = RedisState(Connection(redis_server.url), "a")
    holder = SharedApprovals(holder_store, Registry(), Seal.of_key(FLEET_KEY))
    monkeypatch.setattr(redis_store, "COMMAND_TIMEOUT_S", STALLED_S)
    monkeypatch.setattr(shared, "REDELIVER_FIRST_S", 0.1)  # the first retry after 0.1 s, not 0.5 (then doubling)
    decider = Decider(relay)
    await holder_store.start()
    await decider.store.start()
    try:
        await until(lambda: holder_store.linked and decider.store.linked, 10)
        yield holder, decider, relay
    finally:
        await decider.approval.backend.stop()
        await decider.store.close()
        await holder_store.close()
        relay.close()


def stall_before(store: RedisState, command: str, relay: StallRelay) -> list[str]:
    """The first ``command`` after this finds every open connection of the relay silent (the store hung, or the
    link dropped without a reset, between the compare-and-set and it); what was stalled is listed."""
    real = getattr(store, command)
    stalled: list[str] = []

    async def stalled_once(*args, **kwargs):
        if not stalled:
            relay.stall()
            stalled.append(command)
        return await real(*args, **kwargs)

    setattr(store, command, stalled_once)
    return stalled


async def record_of(approvals: SharedApprovals, approval_id: str) -> dict:
    return await approvals._record(approval_id)


@pytest.mark.parametrize("command", ["publish", "delete_if"])
async def test_a_decision_whose_publish_failed_is_recorded_told_and_delivered(two_replicas, command):
    holder, decider, relay = two_replicas
    pending, _ = await holder.hold("fp-cas", "agent-7", DELETE_SUMMARY, timeout_s=300)
    pending.flow_ids.append("flow-on-a")
    await holder.waiting_changed(pending)
    stalled = stall_before(decider.store, command, relay)

    decided = await decider.approval.decide_anywhere(pending.id, "approve", "alice", "fine")  # before: 503

    assert stalled == [command]  # the hang did fall between the compare-and-set and the rest
    assert (await record_of(holder, pending.id))["state"] == "approved"  # the store's word: approved
    # The decider is told the truth: approved, and that the holder may not have heard yet (and why).
    assert decided["state"] == "approved" and decided["decider"] == "alice"
    assert decided["delivery"].startswith("pending:") and "unreachable" in decided["delivery"]
    # The decision is in the decider's audit index, exactly once, as a decision.
    await until(lambda: decider.index, 5)
    (rec,) = [r for r in decider.index if r.get("event") == "approval"]
    assert rec["decision"] == "approved" and rec["approval"]["id"] == pending.id
    assert rec["approval"]["decider"] == "alice" and rec["approval"]["state"] == "approved"
    # Delivered again in the background through a new connection: the holder releases its request now, not at its
    # deadline 300 s away.
    await asyncio.wait_for(pending.done.wait(), DELIVERED_WITHIN_S)
    assert pending.state == "approved" and pending.decider == "alice"
    await until(lambda: not decider.approval.backend._tasks, DELIVERED_WITHIN_S)  # the redelivery ended
    assert await holder.listing() == []  # off the open listing
    (listed,) = [p for p in await holder.listing(include_decided=True) if p["id"] == pending.id]
    assert listed["state"] == "approved"
    assert len([r for r in decider.index if r.get("event") == "approval"]) == 1  # never recorded twice


async def test_a_window_whose_write_failed_is_opened_by_the_redelivery(two_replicas):
    holder, decider, relay = two_replicas
    pending, _ = await holder.hold("fp-window", "agent-7", DELETE_SUMMARY, timeout_s=300)
    stall_before(decider.store, "put", relay)  # the window's write is the first `put` of a decision
    decided = await decider.approval.decide_anywhere(pending.id, "approve", "alice", window=600)
    assert decided["state"] == "approved" and decided["delivery"].startswith("pending:")
    await asyncio.wait_for(pending.done.wait(), DELIVERED_WITHIN_S)
    await until(lambda: not decider.approval.backend._tasks, DELIVERED_WITHIN_S)
    window = await holder.window_for("fp-window")
    assert window is not None and window[1] == pending.id and window[2] == "alice"


async def test_a_failure_before_the_compare_and_set_decides_nothing(two_replicas):
    """The other side of the line: the store hung before the compare-and-set, nothing was decided: 503, nothing
    recorded, the approval still held everywhere."""
    holder, decider, relay = two_replicas
    pending, _ = await holder.hold("fp-before", "agent-7", DELETE_SUMMARY, timeout_s=300)
    stall_before(decider.store, "replace", relay)
    from addons.approval.rules import DecisionError
    with pytest.raises(DecisionError) as e:
        await decider.approval.decide_anywhere(pending.id, "approve", "alice")
    assert e.value.status == 503 and "unreachable" in str(e.value)
    assert (await record_of(holder, pending.id))["state"] == "held" and pending.state == "held"
    await asyncio.sleep(0)
    assert decider.index == []


async def test_the_store_still_down_keeps_the_decision_and_the_holder_fails_closed(redis_server):
    """Redis gone for good after the compare-and-set: the decider is answered (approved, delivery pending), the
    decision recorded; the holder, whose link drops, fails its request closed (``lost``); nothing is sent."""
    from addons.approval.seal import Seal
    holder_store = RedisState(Connection(redis_server.url), "a")
    holder = SharedApprovals(holder_store, Registry(), Seal.of_key(FLEET_KEY))
    relay = StallRelay(redis_server.port)
    decider = Decider(relay)
    await holder_store.start()
    await decider.store.start()
    try:
        await until(lambda: holder_store.linked and decider.store.linked, 10)
        pending, _ = await holder.hold("fp-down", "agent-7", DELETE_SUMMARY, timeout_s=300)
        real_publish = decider.store.publish

        async def dies_first(channel, message):
            redis_server.stop()
            return await real_publish(channel, message)

        decider.store.publish = dies_first  # type: ignore[method-assign]
        decided = await decider.approval.decide_anywhere(pending.id, "approve", "alice")
        assert decided["state"] == "approved" and decided["delivery"].startswith("pending:")
        await until(lambda: decider.index, 5)
        await asyncio.wait_for(pending.done.wait(), DELIVERED_WITHIN_S)
        assert pending.state == "lost"  # the holder never heard: it fails closed, as for any lost store
        with pytest.raises(StateUnavailable):
            await holder.listing()
    finally:
        await decider.approval.backend.stop()
        await decider.store.close()
        await holder_store.close()
        relay.close()


@pytest.fixture
def audit_index(tmp_path):
    """A real Audit addon recording into ``tmp_path / "rec"``: the decider's audit index, read back from disk."""
    from mitmproxy.test import taddons

    from addons.audit import audit
    from addons.core import runtime
    runtime.install(runtime.build(None, [], tmp_path / "fp.key"))
    addon = audit.Audit()
    with taddons.context(addon) as tctx:
        tctx.configure(addon, exitguard_record_dir=str(tmp_path / "rec"))
        yield addon, tmp_path / "rec"
    addon.done()
    runtime.install(None)


async def test_the_unpublished_decision_is_in_the_deciders_audit_index_on_disk(two_replicas, audit_index):
    from addons.audit import index as auditlog
    holder, decider, relay = two_replicas
    audit_addon, folder = audit_index
    decider.approval.record_event = audit_addon.record_event
    pending, _ = await holder.hold("fp-index", "agent-7", DELETE_SUMMARY, timeout_s=300)
    stall_before(decider.store, "publish", relay)
    decided = await decider.approval.decide_anywhere(pending.id, "deny", "bob", "not this one")
    assert decided["state"] == "denied" and decided["delivery"].startswith("pending:")

    def decisions() -> list[dict]:
        return [r for _, _, r in auditlog.read_records(auditlog.index_files(folder)) if r.get("event") == "approval"]
    await until(decisions, 10)
    (rec,) = decisions()
    assert rec["decision"] == "denied" and rec["approval"]["id"] == pending.id
    assert rec["approval"]["decider"] == "bob" and rec["approval"]["reason"] == "not this one"
    await asyncio.wait_for(pending.done.wait(), DELIVERED_WITHIN_S)
    assert pending.state == "denied"
