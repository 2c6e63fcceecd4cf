"""The shared-state interface: what every replica of a fleet must see the same way (approvals, decisions,
windows, revoked tokens, the policy each replica runs). Two backends: memory.py (one process, the default) and
redis_store.py (``exitguard_state=redis://...``). Concerns import this package only; they never see Redis.

Primitives, not concern-shaped calls: the core knows no concern (DESIGN.md, "Layout"). Keys and channels are
plain strings chosen by their owner (``approval:...``, ``identity:...``); the backend adds its own prefix. Values
are text (callers store JSON). Every call may raise ``StateUnavailable`` (the store cannot be reached); callers
decide what failing closed means for them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

MessageHandler = Callable[[dict], None]  # a published message, decoded JSON
LinkHandler = Callable[[bool], None]  # the subscription went down (False) or came back (True)


class StateUnavailable(RuntimeError):
    """The shared state store cannot be reached. The message names the store (URL masked), never a secret."""


class SharedState(Protocol):
    shared: bool  # False: in-process only (one replica); True: other processes see the same state
    replica: str  # this process's name in the fleet (exitguard_replica)
    description: str  # what to call the store in logs and errors: masked, never a password

    @property
    def linked(self) -> bool:
        """The subscription is live: a message published now reaches this process."""
        ...

    async def start(self) -> None: ...
    async def close(self) -> None: ...

    async def get(self, key: str) -> str | None: ...
    async def get_many(self, keys: list[str]) -> list[str | None]: ...
    async def put(self, key: str, value: str, ttl_s: float) -> None: ...
    async def put_new(self, key: str, value: str, ttl_s: float) -> bool:
        """Store only if the key is absent (atomic); True when stored."""
        ...
    async def replace(self, key: str, expected: str, value: str) -> bool:
        """Compare-and-set keeping the key's time to live; False when the value is no longer ``expected``."""
        ...
    async def delete_if(self, key: str, expected: str) -> bool: ...
    async def increment(self, key: str, ttl_s: float) -> int: ...

    async def index_add(self, index: str, member: str, score: float) -> None: ...
    async def index_remove(self, index: str, member: str) -> None: ...
    async def index_members(self, index: str) -> list[str]:
        """Members in score order."""
        ...

    async def hash_put(self, key: str, field: str, value: str, ttl_s: float) -> None: ...
    async def hash_get_all(self, key: str) -> dict[str, str]: ...

    async def set_add(self, key: str, members: list[str]) -> None: ...
    async def set_members(self, key: str) -> set[str]: ...

    async def publish(self, channel: str, message: dict) -> None: ...
    def subscribe(self, channel: str, handler: MessageHandler) -> None:
        """Call ``handler`` on the event loop for every message published on ``channel`` by any replica."""
        ...
    def on_link(self, handler: LinkHandler) -> None:
        """Call ``handler(False)`` when the subscription drops (messages may have been missed) and ``(True)``
        when it is back."""
        ...


def mask_url(url: str) -> str:
    """``rediss://:pw@host:6380/0`` -> ``rediss://***@host:6380/0``: what logs and errors may show. Everything up
    to the *last* ``@`` goes: a password written into the URL unencoded may hold ``@``, ``/``, ``#`` or ``?``
    (redis-py takes ``redis://:a@b@host`` as password ``a@b``). An ``@`` in the query hides the host too.
    The query and fragment go as well: redis-py takes ``?password=`` (any connection argument) from the query.
    A value without ``://`` is shown as nothing of it (a mistyped URL still holds its password)."""
    scheme, sep, rest = url.partition("://")
    if not sep:  # attack22: no URL (`rediss//:pw@host`, a missing colon): nothing of it is safe to show
        return "(not a URL)"
    user_info = "@" in rest
    where = rest.rpartition("@")[2]
    cut = min((i for i in (where.find("?"), where.find("#")) if i >= 0), default=-1)
    if cut >= 0:
        where = where[:cut] + "?***"
    return f"{scheme}://{'***@' if user_info else ''}{where}"
