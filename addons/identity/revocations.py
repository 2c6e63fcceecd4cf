"""Token revocations that reach every replica of a fleet: a replica that sees tokens disappear from its token
file (``exitguard token revoke``) adds their ids to the shared set ``identity:revoked`` and publishes them;
every replica keeps the set in memory (loaded when its link to the store comes up, then kept by messages) and
refuses those tokens even if its own copy of the file still lists them. Ids only: they are public parts of a
token (``egt_<id>_<secret>``), never the secret. With the in-process store it is the same set, one replica.

The check never waits for the store: requests that need no approval keep flowing while Redis is away; a
revocation made meanwhile on another replica arrives when the link is back (the set is reloaded then). Each replica
keeps every id it has seen for as long as it runs and puts back those the store lost when its link comes up again:
a Redis restarted without its data is refilled by any replica that outlived it (deploy/README.md, DESIGN.md).
"""

from __future__ import annotations

import asyncio
import logging

from addons.core.state import SharedState, StateUnavailable

logger = logging.getLogger(__name__)

KEY = CHANNEL = "identity:revoked"


class SharedRevocations:
    def __init__(self) -> None:
        self.revoked: set[str] = set()
        self.store: SharedState | None = None
        self._tasks: set[asyncio.Task] = set()

    def bind(self, store: SharedState) -> None:
        if store is self.store:
            return
        self.store = store
        store.subscribe(CHANNEL, self._on_message)
        store.on_link(self._on_link)
        self._spawn(self._reload())

    def is_revoked(self, token_id: str | None) -> bool:
        return token_id is not None and token_id in self.revoked

    def publish(self, token_ids: set[str]) -> None:
        """Tell the fleet (from a sync hook: the write runs as a task; the local set changes at once)."""
        self.revoked |= token_ids
        if self.store is not None and token_ids:
            self._spawn(self._announce(sorted(token_ids)))

    async def _announce(self, token_ids: list[str]) -> None:
        assert self.store is not None
        try:
            await self.store.set_add(KEY, token_ids)
            await self.store.publish(CHANNEL, {"ids": token_ids})
        except StateUnavailable as e:
            logger.error("exitguard: %d token revocation(s) could not reach the other replicas: %s; revoke them "
                         "in each replica's token file", len(token_ids), e)

    async def _reload(self) -> None:
        """Load the fleet's set, and put back what this replica knows and the store lost: a Redis restarted
        without persistence (no RDB or AOF) comes back empty, and a replica started after it would take a revoked
        token that its own copy of the token file still lists (newuser52)."""
        if self.store is None:
            return
        try:
            stored = await self.store.set_members(KEY)
            lost = sorted(self.revoked - stored)
            self.revoked |= stored
            if lost:
                await self.store.set_add(KEY, lost)
                await self.store.publish(CHANNEL, {"ids": lost})
                logger.warning("exitguard: the shared store had lost %d token revocation(s) this replica knows (a "
                               "Redis restarted without its data?); put back", len(lost))
        except StateUnavailable as e:
            logger.warning("exitguard: revoked tokens not loaded or not put back: %s", e)

    def _on_message(self, message: dict) -> None:
        self.revoked |= {str(i) for i in message.get("ids", [])}

    def _on_link(self, up: bool) -> None:
        if up:
            self._spawn(self._reload())

    def _spawn(self, coro) -> None:
        try:
            task = asyncio.get_running_loop().create_task(coro)
        except RuntimeError:  # no loop (a unit test configuring without one): nothing to share with yet
            coro.close()
            return
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
