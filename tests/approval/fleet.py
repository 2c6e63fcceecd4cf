"""A fleet of approval "replicas" on one real redis-server, for the shared-approval tests: each replica is its own
store connection and Registry, as in separate processes, all sealing with one fingerprint key."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import asynccontextmanager

from addons.approval.registry import Registry
from addons.approval.seal import Seal
from addons.approval.shared import SharedApprovals
from addons.core.state.redis_store import Connection, RedisState

FLEET_KEY = bytes(range(32))  # the fleet's fingerprint key (an attacker on Redis does not have it)
# What an approval gated on a GitHub delete says of itself, for the orphaned-approval tests.
DELETE_SUMMARY = {"reasons": ["approval rule github-deletes"], "requester": "agent-7", "host": "api.github.com",
                  "method": "DELETE"}


@asynccontextmanager
async def fleet_on(url: str, names: Iterable[str]) -> AsyncIterator[dict[str, SharedApprovals]]:
    """One linked replica per name, closed on the way out."""
    replicas = {}
    for name in names:
        store = RedisState(Connection(url), name)
        replicas[name] = SharedApprovals(store, Registry(), Seal.of_key(FLEET_KEY))
        await store.start()
    try:
        for approvals in replicas.values():
            await until(lambda s=approvals.store: s.linked)
        yield replicas
    finally:
        for approvals in replicas.values():
            await approvals.store.close()


@asynccontextmanager
async def recording_fleet(url: str) -> AsyncIterator[tuple[dict[str, SharedApprovals], dict[str, list[dict]]]]:
    """Replicas a, b and c, and the expiries each one reported for its audit index (``on_expired``)."""
    async with fleet_on(url, "abc") as replicas:
        recorded: dict[str, list[dict]] = {name: [] for name in replicas}
        for name, approvals in replicas.items():
            approvals.on_expired = recorded[name].append
        yield replicas, recorded


async def until(condition: Callable[[], object], timeout: float = 8.0) -> None:
    async def poll():
        while not condition():
            await asyncio.sleep(0.02)
    await asyncio.wait_for(poll(), timeout)
