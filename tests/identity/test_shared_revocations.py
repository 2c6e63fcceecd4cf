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
