"""Attacks on the fleet's approvals by someone who reaches the shared Redis (a local user, a neighbour pod) but not
the proxy's fingerprint key: every write they make that would release a held request, open a window or redeem a
link must be ignored. A real redis-server; the attacker is a plain redis client. Marked ``tool``."""

from __future__ import annotations

import asyncio
import hashlib
import json
import time

import pytest
import redis.asyncio as aioredis

from addons.approval import capability
from addons.approval.seal import Seal
from addons.core.state.redis_store import PREFIX
from tests.approval.fleet import FLEET_KEY, fleet_on

pytestmark = pytest.mark.tool

KEY = FLEET_KEY  # the attacker does not have it
SUMMARY = {"reasons": ["approval rule github-deletes"], "requester": "agent-7", "host": "api.github.com"}


@pytest.fixture
async def fleet(redis_server):
    async with fleet_on(redis_server.url, "ab") as replicas:
        yield replicas


@pytest.fixture
async def attacker(redis_server):
    client = aioredis.Redis.from_url(redis_server.url, decode_responses=True)
    yield client
    await client.aclose()


async def test_a_forged_decision_message_does_not_release_a_held_request(fleet, attacker):
    a, b = fleet["a"], fleet["b"]
    pending, _ = await a.hold("fp-msg", "agent-7", SUMMARY, timeout_s=30)
    forged = {"id": pending.id, "state": "approved", "decider": "alice", "reason": None,
              "decided_at": time.time(), "window_s": None}
    assert await attacker.publish(PREFIX + "approval:decisions", json.dumps(forged)) == 2  # both replicas hear it
    await asyncio.sleep(0.5)
    assert pending.state == "held"
    await b.decide(pending.id, "deny", "bob")  # a real decision still arrives
    await asyncio.wait_for(pending.done.wait(), 2)
    assert pending.state == "denied"


async def test_a_forged_window_lets_nothing_pass(fleet, attacker):
    a = fleet["a"]
    await a.hold("fp-win", "agent-7", SUMMARY, timeout_s=30)
    [held_key] = await attacker.keys(PREFIX + "approval:held:*")  # the fingerprint is in the key name
    fingerprint = held_key.rsplit(":", 1)[1]
    forged = {"until": time.time() + 600, "id": "deadbeef", "decider": "alice"}
    await attacker.set(PREFIX + f"approval:window:{fingerprint}", json.dumps(forged), ex=600)
    assert await a.window_for(fingerprint) is None


async def test_a_window_copied_to_another_fingerprint_lets_nothing_pass(fleet, attacker):
    a, b = fleet["a"], fleet["b"]
    harmless, _ = await a.hold("fp-harmless", "agent-7", SUMMARY, timeout_s=30)
    await b.decide(harmless.id, "approve", "alice", window_s=600)
    assert await a.window_for("fp-harmless") is not None
    granted = await attacker.get(PREFIX + "approval:window:fp-harmless")
    await attacker.set(PREFIX + "approval:window:fp-risky", granted, ex=600)
    assert await a.window_for("fp-risky") is None


@pytest.mark.slow  # waits out an approval's timeout
async def test_a_record_rewritten_as_approved_is_not_applied_when_it_expires(fleet, attacker):
    a = fleet["a"]
    pending, _ = await a.hold("fp-rec", "agent-7", SUMMARY, timeout_s=1)
    key = PREFIX + f"approval:{pending.id}"
    record = json.loads(await attacker.get(key))
    record.update(state="approved", decider="alice", decided_at=time.time())
    await attacker.set(key, json.dumps(record), keepttl=True)
    await asyncio.sleep(1.1)
    await a.expire(pending)
    assert pending.state != "approved"


async def test_a_retry_pointed_at_another_fingerprints_approval_does_not_join_it(fleet, attacker):
    """The held key's value is the id of the approval to join: pointing a risky request's key at a harmless
    approval would let the risky retry go out when reviewers approve the harmless one."""
    a, b = fleet["a"], fleet["b"]
    harmless, _ = await a.hold("fp-harmless", "agent-7", SUMMARY, timeout_s=30)
    risky, _ = await a.hold("fp-risky", "agent-7", SUMMARY, timeout_s=30)
    await attacker.set(PREFIX + "approval:held:fp-risky", harmless.id, keepttl=True)
    retry, _ = await b.hold("fp-risky", "agent-7", SUMMARY, timeout_s=30)
    assert retry.id != harmless.id
    await a.decide(harmless.id, "approve", "alice")
    await asyncio.sleep(0.3)
    assert retry.state == "held" and risky.state == "held"


async def test_a_forged_listing_entry_is_not_shown(fleet, attacker):
    a = fleet["a"]
    forged = {"id": "0badf00d", "fingerprint": "fp-x", "requester": "agent-7", "summary": SUMMARY,
              "requested_at": time.time(), "deadline": time.time() + 60, "timeout_s": 60, "state": "held",
              "decider": None, "reason": None, "decided_at": None, "window_s": None, "replica": "a"}
    await attacker.set(PREFIX + "approval:0badf00d", json.dumps(forged), ex=60)
    await attacker.zadd(PREFIX + "approval:open", {"0badf00d": time.time()})
    assert await a.listing() == [] and await a.lookup("0badf00d") is None


async def test_a_forged_link_record_redeems_nothing(fleet, attacker):
    a = fleet["a"]
    pending, _ = await a.hold("fp-link", "agent-7", SUMMARY, timeout_s=30)
    token = capability.new_link_token()
    record = {"id": pending.id, "verdict": "approve-window", "siblings": [], "window_s": 3600}
    await attacker.set(PREFIX + "approval:link:" + hashlib.sha256(token.encode()).hexdigest(), json.dumps(record),
                       ex=60)
    with pytest.raises(capability.Refused):
        await capability.redeem_link(a.store, pending.id, "approve-window", token, seal=Seal.of_key(KEY))
    issued = await capability.issue_links(a.store, pending.id, 30, 900, seal=Seal.of_key(KEY))  # real ones still work
    assert await capability.redeem_link(a.store, pending.id, "approve-window", issued["approve-window"],
                                        seal=Seal.of_key(KEY)) == 900


async def test_unsealed_counters_and_flow_lists_show_nothing_a_terminal_would_run(fleet, attacker):
    """Only shown by `list`, so not sealed; but whatever a Redis writer puts there must not reach a terminal."""
    a = fleet["a"]
    pending, _ = await a.hold("fp-shown", "agent-7", SUMMARY, timeout_s=30)
    pending.flow_ids.append("flow-on-a")
    await a.waiting_changed(pending)
    await attacker.hset(PREFIX + f"approval:flows:{pending.id}", mapping={
        "evil": json.dumps(["\x1b]52;c;ZWNobyBoaQ==\x07", {"x": 1}]), "broken": "not json"})
    await attacker.set(PREFIX + f"approval:requests:{pending.id}", "\x1b[2J")
    (listed,) = await a.listing()
    assert listed["flows"] == ["flow-on-a"] and listed["requests"] == 1


async def test_a_genuine_link_record_copied_under_a_token_of_ones_own_redeems_nothing(fleet, attacker):
    """The attacker cannot seal, but can copy: a sealed record moved to the digest of their own token."""
    a = fleet["a"]
    pending, _ = await a.hold("fp-copy", "agent-7", SUMMARY, timeout_s=30)
    issued = await capability.issue_links(a.store, pending.id, 30, 900, seal=Seal.of_key(KEY))
    genuine = await attacker.get(PREFIX + "approval:link:" + hashlib.sha256(issued["approve-window"].encode())
                                 .hexdigest())
    token = capability.new_link_token()
    await attacker.set(PREFIX + "approval:link:" + hashlib.sha256(token.encode()).hexdigest(), genuine, ex=60)
    with pytest.raises(capability.Refused):
        await capability.redeem_link(a.store, pending.id, "approve-window", token, seal=Seal.of_key(KEY))


async def test_a_forged_outcome_is_not_reported_as_sent(fleet, attacker):
    """polish58: the replica holding a request reports what became of it in ``approval:outcomes:<id>``, and the
    replica a decision was taken on tells the decider. Someone on Redis writing "sent" there, or moving a real sealed
    outcome to another flow's field, must not make a decider believe a request left."""
    a, b = fleet["a"], fleet["b"]
    pending, _ = await a.hold("fp-out", "agent-7", SUMMARY, timeout_s=30)
    key = PREFIX + f"approval:outcomes:{pending.id}"
    await attacker.hset(key, "flow-1", json.dumps({"outcome": "sent", "replica": "a"}))
    wrong_key = Seal.of_key(b"\x01" * 32).dumps(f"approval:outcomes:{pending.id}:flow-2",
                                                {"outcome": "sent", "replica": "a"})
    await attacker.hset(key, "flow-2", wrong_key)
    await attacker.hset(key, "\x1b[2Jflow", "x")  # not a flow id: never read, never named in a log line
    assert await b.reported(pending.id) == {}
    await a.report(pending, "flow-3", "policy_changed")  # the holder's real report
    assert await b.reported(pending.id) == {"flow-3": "policy_changed"}
    moved = await attacker.hget(key, "flow-3")
    await attacker.hset(key, "flow-4", moved)  # a real seal, on another flow's field
    assert await b.reported(pending.id) == {"flow-3": "policy_changed"}
