"""Which replicas are alive and which policy each one runs: every replica writes its own field of one hash
every ``ANNOUNCE_EVERY_S``; readers keep the fields seen in the last ``FRESH_S``. Enough to show a fleet whose
replicas loaded different policies (``exitguard approvals fleet``)."""

from __future__ import annotations

import json
import time

from addons.core import runtime
from addons.core.state.store import SharedState

KEY = "fleet:replicas"
ANNOUNCE_EVERY_S = 5.0
FRESH_S = 3 * ANNOUNCE_EVERY_S


def policy_version() -> str | None:
    try:
        return runtime.get().version
    except runtime.NotConfigured:
        return None


async def announce(store: SharedState, instance: str | None = None) -> str | None:
    """Write this replica's entry; the ``instance`` (a random id of this process) that wrote the name's entry
    before, None when there was none or it named none. Between two announcements of one process the answer is its
    own id, unless another process runs under the same ``exitguard_replica``: the addon says so."""
    before = (await store.hash_get_all(KEY)).get(store.replica) if instance is not None else None
    entry = {"policy": policy_version(), "seen": time.time(), "instance": instance}
    await store.hash_put(KEY, store.replica, json.dumps(entry), ttl_s=FRESH_S * 4)
    try:  # not sealed: anything may be there (see replicas)
        previous = json.loads(before)["instance"] if before is not None else None
    except (ValueError, TypeError, KeyError):
        return None
    return previous if isinstance(previous, str) else None


async def replicas(store: SharedState) -> list[dict]:
    """Replicas seen lately, by name: ``{replica, policy, seen_s_ago}``."""
    now = time.time()
    seen = []
    for name, raw in sorted((await store.hash_get_all(KEY)).items()):
        try:  # not sealed: whoever reaches the store may have written anything here; skip what is no entry
            entry = json.loads(raw)
            at = float(entry["seen"])
        except (ValueError, TypeError, KeyError):
            continue
        if now - at <= FRESH_S:
            seen.append({"replica": name, "policy": entry.get("policy"), "seen_s_ago": round(now - at, 1)})
    return seen


async def gone(store: SharedState) -> set[str]:
    """Replicas that announced themselves once and went silent for longer than ``FRESH_S``: stopped or killed.
    A name never announced is not among them (it may be starting, or a store no addon announces in)."""
    now = time.time()
    silent = set()
    for name, raw in (await store.hash_get_all(KEY)).items():
        try:  # not sealed: an entry that is no entry says nothing about its replica
            at = float(json.loads(raw)["seen"])
        except (ValueError, TypeError, KeyError):
            continue
        if now - at > FRESH_S:
            silent.add(name)
    return silent


def diverging(listing: list[dict]) -> bool:
    return len({r["policy"] for r in listing}) > 1
