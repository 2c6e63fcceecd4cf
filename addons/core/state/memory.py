"""In-process shared state: the default (``exitguard_state`` unset or ``memory``). One process is the whole
fleet, so "shared" means this process; TTLs are kept on the monotonic clock and messages are delivered on the
event loop, like the Redis backend's, so a concern behaves the same with either."""

from __future__ import annotations

import asyncio
import json
import time
from collections import defaultdict

from addons.core.state.store import LinkHandler, MessageHandler


class MemoryState:
    shared = False
    description = "this process's memory (no shared store: exitguard_state)"

    def __init__(self, replica: str, clock=time.monotonic) -> None:
        self.replica = replica
        self.clock = clock
        self._values: dict[str, tuple[str, float]] = {}  # key -> (value, expires at)
        self._indexes: dict[str, dict[str, float]] = defaultdict(dict)
        self._hashes: dict[str, dict[str, str]] = defaultdict(dict)
        self._sets: dict[str, set[str]] = defaultdict(set)
        self._handlers: dict[str, list[MessageHandler]] = defaultdict(list)

    @property
    def linked(self) -> bool:
        return True  # nothing between publisher and subscriber can fail

    async def start(self) -> None:
        pass

    async def close(self) -> None:
        pass

    def _live(self, key: str) -> str | None:
        entry = self._values.get(key)
        if entry is None:
            return None
        if entry[1] <= self.clock():
            del self._values[key]
            return None
        return entry[0]

    async def get(self, key: str) -> str | None:
        return self._live(key)

    async def get_many(self, keys: list[str]) -> list[str | None]:
        return [self._live(k) for k in keys]

    async def put(self, key: str, value: str, ttl_s: float) -> None:
        self._values[key] = (value, self.clock() + ttl_s)

    async def put_new(self, key: str, value: str, ttl_s: float) -> bool:
        if self._live(key) is not None:
            return False
        await self.put(key, value, ttl_s)
        return True

    async def replace(self, key: str, expected: str, value: str) -> bool:
        if self._live(key) != expected:
            return False
        self._values[key] = (value, self._values[key][1])
        return True

    async def delete_if(self, key: str, expected: str) -> bool:
        if self._live(key) != expected:
            return False
        del self._values[key]
        return True

    async def increment(self, key: str, ttl_s: float) -> int:
        value = int(self._live(key) or 0) + 1
        expires = self._values[key][1] if key in self._values else self.clock() + ttl_s
        self._values[key] = (str(value), expires)
        return value

    async def index_add(self, index: str, member: str, score: float) -> None:
        self._indexes[index][member] = score

    async def index_remove(self, index: str, member: str) -> None:
        self._indexes[index].pop(member, None)

    async def index_members(self, index: str) -> list[str]:
        return sorted(self._indexes[index], key=self._indexes[index].__getitem__)

    async def hash_put(self, key: str, field: str, value: str, ttl_s: float) -> None:
        self._hashes[key][field] = value

    async def hash_get_all(self, key: str) -> dict[str, str]:
        return dict(self._hashes[key])

    async def set_add(self, key: str, members: list[str]) -> None:
        self._sets[key].update(members)

    async def set_members(self, key: str) -> set[str]:
        return set(self._sets[key])

    async def publish(self, channel: str, message: dict) -> None:
        decoded = json.loads(json.dumps(message))  # the same plain data a Redis subscriber would get
        loop = asyncio.get_running_loop()
        for handler in self._handlers[channel]:
            loop.call_soon(handler, decoded)

    def subscribe(self, channel: str, handler: MessageHandler) -> None:
        self._handlers[channel].append(handler)

    def on_link(self, handler: LinkHandler) -> None:
        pass  # the link never drops
