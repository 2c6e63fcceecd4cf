"""attack51: a local user who reaches the fleet's Redis (no fingerprint key, so no seal) writes bytes that are no
UTF-8 text. The client decodes every reply (`decode_responses`), and a UnicodeDecodeError is neither a RedisError
nor an OSError: published on the decisions channel, it killed the subscription's task without a word, the link
still said up (`linked` True, no `lost`), and no decision from another replica was heard again until a restart;
stored at a key, a read raised it past StateUnavailable. Now the subscription counts it as a broken link (logged,
dropped, linked again) and a read says the store answered with no text (StateUnavailable)."""

from __future__ import annotations

import pytest
import redis.asyncio as aioredis

from addons.core.state import StateUnavailable
from addons.core.state.redis_store import PREFIX, Connection, RedisState
from tests.state.test_state import wait_for

pytestmark = pytest.mark.tool

GARBAGE = b"\xff\xfe\xc0\x80 not text"


def _raw(server) -> aioredis.Redis:
    return aioredis.Redis.from_url(server.url)  # as the local user would: no decoding


async def test_a_message_that_is_no_text_does_not_end_the_subscription(redis_server, caplog):
    store = RedisState(Connection(redis_server.url), "r1")
    heard: list[dict] = []
    links: list[bool] = []
    store.subscribe("approval:decisions", heard.append)
    store.on_link(links.append)
    await store.start()
    raw = _raw(redis_server)
    try:
        await wait_for(lambda: store.linked)
        await raw.publish(PREFIX + "approval:decisions", GARBAGE)
        await wait_for(lambda: links[-1:] == [True] and len(links) >= 3, timeout=10)  # dropped, then back
        await store.publish("approval:decisions", {"id": "a1", "state": "approved"})
        await wait_for(lambda: heard, timeout=10)
        assert heard == [{"id": "a1", "state": "approved"}]
        assert GARBAGE.decode("latin-1") not in caplog.text
    finally:
        await raw.aclose()
        await store.close()


async def test_a_value_that_is_no_text_is_unavailable_not_an_unexpected_error(redis_server):
    store = RedisState(Connection(redis_server.url), "r1")
    await store.start()
    raw = _raw(redis_server)
    try:
        await wait_for(lambda: store.linked)
        await raw.set(PREFIX + "approval:held:f1", GARBAGE)
        with pytest.raises(StateUnavailable, match="not UTF-8 text"):
            await store.get("approval:held:f1")
        await store.put("k", "v", 10)  # the connection still serves
        assert await store.get("k") == "v"
    finally:
        await raw.aclose()
        await store.close()
