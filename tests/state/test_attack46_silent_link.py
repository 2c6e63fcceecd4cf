"""attack46 (EVASION.md section 5, "a subscription that goes silent"): the state store's subscription connection
stays open while nothing passes (Redis stopped with SIGSTOP; an idle connection a NAT or firewall dropped without a
reset, played by a relay that stops passing bytes). Before the fix the subscriber never noticed: the link stayed up,
so a revocation published by another replica never reached this one and the revoked token kept working here, and
held approvals waited for decisions that could not arrive. Now a silent subscription is pinged and dropped when the
answer is late; the reconnect reloads the revoked set. A real redis-server (marked ``tool``)."""

from __future__ import annotations

import asyncio
import os
import signal

import pytest

from addons.core.state import redis_store
from addons.core.state.redis_store import Connection, RedisState
from addons.identity.revocations import SharedRevocations
from tests.live.redis_server import RedisServer, free_port
from tests.live.stall_relay import StallRelay

pytestmark = pytest.mark.tool

# The store pings after 5 s of silence and waits 5 s for the answer; here a fraction of a second each (the module's
# constants are read at call time), so the tests wait on behaviour, not on the clock. The budget is a loaded
# machine's slack: the polls end as soon as the link drops or comes back.
PING_AFTER_S, ANSWER_S = 0.3, 0.3
NOTICED_WITHIN_S = 30.0
NEVER_S = 3600.0


@pytest.fixture
def quick_pings(monkeypatch):
    """The store's ping deadlines, settable mid-test: ``quick_pings(ping_after_s)``."""
    def set_ping_after(seconds: float) -> None:
        monkeypatch.setattr(redis_store, "LINK_PING_AFTER_S", seconds)
    monkeypatch.setattr(redis_store, "LINK_ANSWER_S", ANSWER_S)
    set_ping_after(PING_AFTER_S)
    return set_ping_after


async def until(condition, timeout: float) -> None:
    async def poll() -> None:
        while not condition():
            await asyncio.sleep(0.05)
    await asyncio.wait_for(poll(), timeout)


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path / "redis", free_port()).start()
    yield server
    if server.proc is not None and server.proc.poll() is None:
        os.kill(server.proc.pid, signal.SIGCONT)
    server.stop()


async def test_a_revocation_reaches_a_replica_whose_subscription_went_silent(redis_server, quick_pings):
    quick_pings(NEVER_S)  # no ping until the revocation has been published into the stalled connection
    relay = StallRelay(redis_server.port)
    here = RedisState(Connection(f"redis://127.0.0.1:{relay.port}/0"), "here")  # through the relay
    there = RedisState(Connection(redis_server.url), "there")
    revoked_here, revoked_there = SharedRevocations(), SharedRevocations()
    links: list[bool] = []
    here.on_link(links.append)
    try:
        revoked_here.bind(here)
        revoked_there.bind(there)
        await here.start()
        await there.start()
        await until(lambda: here.linked and there.linked, 10)
        assert relay.stall() >= 1  # the subscription (and any pooled command connection) now passes nothing
        revoked_there.publish({"0123456789ab"})  # `exitguard token revoke` seen by the other replica
        await until(lambda: revoked_there.is_revoked("0123456789ab"), 5)
        assert links == [True]  # published while this replica's link still looked up: the message is lost in it
        quick_pings(PING_AFTER_S)
        # Before the fix: never (the link stayed up, the message sat in a connection that passes nothing).
        await until(lambda: revoked_here.is_revoked("0123456789ab"), NOTICED_WITHIN_S)
        assert links[:3] == [True, False, True]  # dropped, then linked again through a new connection
    finally:
        await here.close()
        await there.close()
        relay.close()


async def test_a_stopped_redis_drops_the_link_and_a_continued_one_brings_it_back(redis_server, quick_pings):
    store = RedisState(Connection(redis_server.url), "here")
    try:
        await store.start()
        await until(lambda: store.linked, 10)
        os.kill(redis_server.proc.pid, signal.SIGSTOP)  # connections accepted by the kernel, nothing answered
        await until(lambda: not store.linked, NOTICED_WITHIN_S)  # before the fix: linked for ever
        assert "TimeoutError" in (store.problem or ""), store.problem  # said in the log and in every 503
        os.kill(redis_server.proc.pid, signal.SIGCONT)
        await until(lambda: store.linked, NOTICED_WITHIN_S)  # no restart needed
        assert await store.put_new("k", "v", 5) and await store.get("k") == "v"
    finally:
        os.kill(redis_server.proc.pid, signal.SIGCONT)
        await store.close()


def test_a_busy_subscription_is_never_pinged_and_a_quiet_one_is_once():
    now = [0.0]
    silence = redis_store._Silence(lambda: now[0])
    for _ in range(10):
        now[0] += 1.0
        silence.heard()
        assert not silence.ping_due()
    now[0] += redis_store.LINK_PING_AFTER_S
    assert silence.ping_due() and not silence.ping_due()  # one ping at a time
    now[0] += redis_store.LINK_ANSWER_S
    assert not silence.answer_overdue()  # exactly on time is on time
    now[0] += 0.1
    assert silence.answer_overdue()
    silence.heard()
    assert not silence.answer_overdue()
