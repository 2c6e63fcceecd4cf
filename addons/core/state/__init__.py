"""Shared state for a fleet of replicas (DESIGN.md, "Shared state"): the interface (store.py), the in-process
default (memory.py), Redis (redis_store.py), and the one store this process uses (``current()``), chosen by the
``exitguard_state`` option (addon.py)."""

from __future__ import annotations

import os
import socket

from addons.core.state.memory import MemoryState
from addons.core.state.store import SharedState, StateUnavailable, mask_url

__all__ = ["MemoryState", "SharedState", "StateUnavailable", "current", "default_replica", "install", "mask_url"]


def default_replica() -> str:
    """``<hostname>-<pid>``: unique per process on a host, readable in the audit index."""
    return f"{socket.gethostname()}-{os.getpid()}"


_current: SharedState = MemoryState(default_replica())


def current() -> SharedState:
    return _current


def install(store: SharedState) -> None:
    global _current
    _current = store
