"""Token revocations reach every replica through the shared store (a real redis-server: marked ``tool``)."""

from __future__ import annotations

import asyncio

import pytest

from addons.core.state.redis_store import Connection, RedisState
from addons.identity.revocations import SharedRevocations
from tests.live.redis_server import RedisServer, free_port

pytestmark = pytest.mark.tool


async def _until(condition, timeout=8.0):
    async def poll():
        while not condition():
            await asyncio.sleep(0.02)
    await asyncio.wait_for(poll(), timeout)


async def test_a_revocation_on_one_replica_reaches_the_others_and_late_joiners(tmp_path):
    server = RedisServer(tmp_path / "redis", free_port()).start()
    stores = [RedisState(Connection(server.url), name) for name in ("a", "b", "late")]
    a, b, late = SharedRevocations(), SharedRevocations(), SharedRevocations()
    try:
        for revocations, store in ((a, stores[0]), (b, stores[1])):
            revocations.bind(store)
            await store.start()
        await _until(lambda: stores[0].linked and stores[1].linked)
        await asyncio.sleep(0.1)
        a.publish({"0123456789ab"})
        assert a.is_revoked("0123456789ab")  # at once where it was seen
        await _until(lambda: b.is_revoked("0123456789ab"))  # pushed to the others
        assert not b.is_revoked("ffffffffffff") and not b.is_revoked(None)
        late.bind(stores[2])
        await stores[2].start()
        await _until(lambda: late.is_revoked("0123456789ab"))  # loaded from the shared set on link-up
    finally:
        for store in stores:
            await store.close()
        server.stop()


async def test_a_redis_restarted_without_its_data_gets_the_revocations_back_from_a_replica_that_outlived_it(
        tmp_path, caplog):
    """newuser52 (newuser51's leftover): Redis without RDB or AOF comes back empty. A replica started after that
    loaded an empty set, and took a revoked token its own copy of the token file still listed. Every replica that
    outlived the restart now puts back the ids it knows when its link comes up again (before: nothing was put
    back, the set stayed empty for ``late``; the wait timed out)."""
    server = RedisServer(tmp_path / "redis", free_port()).start()
    stores = [RedisState(Connection(server.url), name) for name in ("a", "b", "late")]
    a, b, late = SharedRevocations(), SharedRevocations(), SharedRevocations()
    try:
        for revocations, store in ((a, stores[0]), (b, stores[1])):
            revocations.bind(store)
            await store.start()
        await _until(lambda: stores[0].linked and stores[1].linked)
        await asyncio.sleep(0.1)
        a.publish({"0123456789ab"})
        await _until(lambda: b.is_revoked("0123456789ab"))
        server.restart()  # --save '' --appendonly no: every key is gone
        await _until(lambda: "put back" in caplog.text)  # a replica's link came up again and refilled the set
        late.bind(stores[2])
        await stores[2].start()
        await _until(lambda: late.is_revoked("0123456789ab"))
        assert await stores[2].set_members("identity:revoked") == {"0123456789ab"}
        assert a.is_revoked("0123456789ab") and b.is_revoked("0123456789ab")
    finally:
        for store in stores:
            await store.close()
        server.stop()
