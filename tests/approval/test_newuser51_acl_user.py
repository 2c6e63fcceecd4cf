"""deploy/README.md says "requirepass or an ACL user" but gave no ACL (newuser51: a platform engineer whose Redis
is shared with other teams wants a user that reaches exitguard's keys only). The README now gives one; this runs
every command the fleet sends as that user, on a real redis-server: approvals opened, joined, decided with a
window, the listing, the fleet heartbeat, revocations (set and channel), the compare-and-set scripts; and shows
the user reaches nothing outside exitguard's keys."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import pytest
import redis
import redis.asyncio as aioredis

from addons.core.state import fleet as fleet_entries
from addons.core.state.redis_store import Connection, RedisState
from tests.approval.fleet import fleet_on
from tests.live.redis_server import RedisServer, free_port

pytestmark = pytest.mark.tool

README = Path(__file__).resolve().parents[2] / "deploy" / "README.md"
ADMIN_PASSWORD, FLEET_PASSWORD = "admin-pw-not-real", "fleet-pw-not-real"
SUMMARY = {"reasons": ["approval rule uploads"], "requester": "ci-build", "host": "127.0.0.1"}


def documented_acl() -> list[str]:
    """The ``ACL SETUSER`` rules deploy/README.md gives, without the user name and password."""
    found = re.search(r"`ACL SETUSER exitguard on >PASSWORD ([^`]+)`", README.read_text())
    assert found, "deploy/README.md names no ACL SETUSER line for the fleet's Redis user"
    return found.group(1).split()


@pytest.fixture
def acl_redis(tmp_path):
    rules = documented_acl()  # before the server starts: a failed fixture leaves no redis-server behind
    server = RedisServer(tmp_path / "redis", free_port(), password=ADMIN_PASSWORD).start()
    admin = redis.Redis(port=server.port, password=ADMIN_PASSWORD)
    try:
        admin.execute_command("ACL", "SETUSER", "exitguard", "on", f">{FLEET_PASSWORD}", *rules)
        admin.set("other-team:secret", "theirs")
        yield server
    finally:
        admin.close()
        server.stop()


async def test_the_documented_acl_user_runs_the_whole_fleet(acl_redis):
    url = f"redis://exitguard:{FLEET_PASSWORD}@127.0.0.1:{acl_redis.port}/0"
    async with fleet_on(url, "abc") as replicas:
        a, b, c = replicas["a"], replicas["b"], replicas["c"]
        opened, _ = await a.hold("fp-acl", "ci-build", SUMMARY, timeout_s=30)
        opened.flow_ids.append("flow-on-a")
        await a.waiting_changed(opened)
        retry, joined = await b.hold("fp-acl", "ci-build", SUMMARY, timeout_s=30)
        assert joined and retry.id == opened.id
        (listed,) = await c.listing()
        assert listed["id"] == opened.id
        await fleet_entries.announce(c.store, "instance-c")
        assert [r["replica"] for r in await fleet_entries.replicas(a.store)] == ["c"]
        decided = await c.decide(opened.id, "approve", "alice", window_s=60)
        assert decided["state"] == "approved"
        await asyncio.wait_for(asyncio.gather(opened.done.wait(), retry.done.wait()), 2)
        assert (await b.window_for("fp-acl"))[1] == opened.id
        await a.store.set_add("identity:revoked", ["token-1"])
        await a.store.publish("identity:revoked", {"ids": ["token-1"]})
        assert await b.store.set_members("identity:revoked") == {"token-1"}


async def test_the_documented_acl_user_reaches_nothing_else(acl_redis):
    client = aioredis.Redis(port=acl_redis.port, username="exitguard", password=FLEET_PASSWORD)
    try:
        for command in (("GET", "other-team:secret"), ("FLUSHALL",), ("CONFIG", "GET", "requirepass"),
                        ("KEYS", "*")):
            with pytest.raises(redis.exceptions.NoPermissionError):
                await client.execute_command(*command)
    finally:
        await client.aclose()
    store = RedisState(Connection(f"redis://exitguard:{FLEET_PASSWORD}@127.0.0.1:{acl_redis.port}/0"), "x")
    try:
        assert await store.get("approval:nothing") is None  # its own keys: allowed
    finally:
        await store.close()
