"""Approvals held by this process: ``Pending`` (one approval and the requests waiting on it) and ``Registry``
(pending approvals by id and by request fingerprint, and the approval windows). With ``exitguard_state`` unset
the Registry is the whole truth; with a shared store it keeps the local side of each approval (the flows held
here and the event they wait on) while shared.py keeps the fleet's view.

``LocalApprovals`` and ``shared.SharedApprovals`` are the two backends the Approval addon talks to, with the same
async calls."""

from __future__ import annotations

import asyncio
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from addons.approval.outcomes import outcome_counts
from addons.approval.rules import DecisionError, utc_iso

KEEP_DECIDED_SECONDS = 600  # decided approvals stay visible (and answer "already decided") this long
MAX_REASON_CHARS = 300


@dataclass
class Pending:
    """One approval: possibly several identical requests (SDK retries) waiting on it."""

    id: str
    fingerprint: str
    requester: str | None
    summary: dict  # plain data shown to reviewers: who, method, masked URL and preview, reasons, findings
    requested_at: float  # wall clock
    deadline: float  # monotonic
    timeout_s: int
    state: str = "held"  # held | approved | denied | expired | lost (shared state store lost)
    decider: str | None = None
    reason: str | None = None
    decided_at: float | None = None
    window_s: int | None = None
    notified: dict = field(default_factory=lambda: {"delivered": False, "error": "no webhook configured"})
    flow_ids: list[str] = field(default_factory=list)
    requests: int = 0  # how many requests joined (including the first)
    done: asyncio.Event = field(default_factory=asyncio.Event)
    # polish58: what became of each request once the decision reached it (flow id -> outcomes.py word): a decider
    # is told this, not merely that the approval was decided ("released" said of a request answered 409).
    outcomes: dict[str, str] = field(default_factory=dict)

    def public(self, now: float) -> dict:
        return {**self.summary, "id": self.id, "state": self.state, "requested_at": utc_iso(self.requested_at),
                "expires_in_s": max(0, round(self.deadline - now)), "timeout_s": self.timeout_s,
                "waiting": len(self.flow_ids), "requests": self.requests, "flows": list(self.flow_ids),
                "decider": self.decider, "reason": self.reason, "notified": dict(self.notified),
                "decided_at": utc_iso(self.decided_at) if self.decided_at else None, "window_s": self.window_s,
                "outcomes": outcome_counts(self.outcomes.values())}


class Registry:
    """Pending approvals, keyed by id and by request fingerprint, and the approved-fingerprint windows."""

    def __init__(self, clock=time.monotonic, wall=time.time) -> None:
        self.clock, self.wall = clock, wall
        # Without a shared store: told of every approval expired here, whoever noticed its deadline (a waiting
        # request, a listing's sweep, the watch on an approval nobody waits for), so the audit index records it.
        self.on_expired: Callable[[Pending], None] | None = None
        self.approvals: dict[str, Pending] = {}
        self.held_by_fingerprint: dict[str, str] = {}
        self.windows: dict[str, tuple[float, str, str | None]] = {}  # fingerprint -> (until, approval id, decider)

    def hold(self, fingerprint: str, requester: str | None, summary: dict, timeout_s: int) -> tuple[Pending, bool]:
        """The pending approval for this request: the one already open for an identical request, or a new one."""
        self.sweep()
        if (open_id := self.held_by_fingerprint.get(fingerprint)) and self.approvals[open_id].state == "held":
            pending = self.approvals[open_id]
            pending.requests += 1
            return pending, True
        approval_id = secrets.token_hex(4)
        while approval_id in self.approvals:
            approval_id = secrets.token_hex(4)
        pending = Pending(approval_id, fingerprint, requester, summary, self.wall(), self.clock() + timeout_s,
                          timeout_s, requests=1)
        self.approvals[approval_id] = pending
        self.held_by_fingerprint[fingerprint] = approval_id
        return pending, False

    def window_for(self, fingerprint: str) -> tuple[float, str, str | None] | None:
        entry = self.windows.get(fingerprint)
        if entry and entry[0] > self.clock():
            return entry
        self.windows.pop(fingerprint, None)
        return None

    def decide(self, approval_id: str, verdict: str, decider: str, reason: str | None = None,
               window_s: int | None = None, check_self: bool = True) -> Pending:
        self.sweep()
        pending = self.approvals.get(approval_id)
        if pending is None:
            raise DecisionError(404, f"no approval {approval_id!r} (see `exitguard approvals list`)")
        if pending.state != "held":
            raise DecisionError(409, f"approval {approval_id} is already {pending.state}"
                                     + (f" by {pending.decider}" if pending.decider else ""))
        if verdict == "approve" and check_self and pending.requester and _same(decider, pending.requester):
            raise DecisionError(403, f"self-approval refused: {decider} made this request; "
                                     "another person must approve it")
        if verdict == "approve":
            self._close(pending, "approved", decider, reason)
            if window_s:
                pending.window_s = window_s
                self.windows[pending.fingerprint] = (self.clock() + window_s, pending.id, decider)
        elif verdict == "deny":
            self._close(pending, "denied", decider, reason or "denied by a reviewer")
        else:
            raise DecisionError(400, f"unknown verdict {verdict!r}")
        return pending

    def expire(self, pending: Pending) -> bool:
        """True when this call expired it (it was still held)."""
        if pending.state != "held":
            return False
        self._close(pending, "expired", None, f"no decision within {pending.timeout_s} s")
        if self.on_expired is not None:
            self.on_expired(pending)
        return True

    def sweep(self) -> None:
        """Expire overdue approvals (their requests may all have gone) and forget long-decided ones."""
        now = self.clock()
        for pending in list(self.approvals.values()):
            if pending.state == "held" and now >= pending.deadline:
                self.expire(pending)
            elif pending.state != "held" and now - pending.deadline > KEEP_DECIDED_SECONDS:
                del self.approvals[pending.id]
        for fingerprint in [f for f, (until, _, _) in self.windows.items() if until <= now]:
            del self.windows[fingerprint]

    def listing(self, include_decided: bool = False) -> list[dict]:
        self.sweep()
        now = self.clock()
        return [p.public(now) for p in sorted(self.approvals.values(), key=lambda p: p.requested_at)
                if include_decided or p.state == "held"]

    def close_all(self, reason: str) -> list[Pending]:
        closed = [pending for pending in self.approvals.values() if pending.state == "held"]
        for pending in closed:
            self._close(pending, "denied", "exitguard", reason)
        return closed

    def settle(self, pending: Pending, state: str, decider: str | None, reason: str | None,
               decided_at: float | None, window_s: int | None) -> None:
        """A decision made elsewhere (another replica, the store being lost) reaches an approval held here."""
        if pending.state == "held":
            pending.window_s = window_s
            self._close(pending, state, decider, reason, decided_at)

    def _close(self, pending: Pending, state: str, decider: str | None, reason: str | None,
               decided_at: float | None = None) -> None:
        pending.state, pending.decider, pending.reason = state, decider, reason
        pending.decided_at = decided_at or self.wall()
        if self.held_by_fingerprint.get(pending.fingerprint) == pending.id:
            del self.held_by_fingerprint[pending.fingerprint]
        pending.done.set()


def _same(a: str, b: str) -> bool:
    return a.strip().casefold() == b.strip().casefold()




class LocalApprovals:
    """The in-process backend: the Registry's own calls, unchanged (one replica needs nothing else)."""

    shared = False

    def __init__(self, registry: Registry) -> None:
        self.registry = registry

    async def window_for(self, fingerprint: str) -> tuple[float, str, str | None] | None:
        return self.registry.window_for(fingerprint)

    async def hold(self, fingerprint: str, requester: str | None, summary: dict,
                   timeout_s: int) -> tuple[Pending, bool]:
        return self.registry.hold(fingerprint, requester, summary, timeout_s)

    async def decide(self, approval_id: str, verdict: str, decider: str, reason: str | None = None,
                     window_s: int | None = None, check_self: bool = True) -> dict:
        pending = self.registry.decide(approval_id, verdict, decider, reason, window_s, check_self)
        return pending.public(self.registry.clock())

    async def expire(self, pending: Pending) -> bool:
        return self.registry.expire(pending)  # recorded through Registry.on_expired

    async def waiting_changed(self, pending: Pending) -> None:
        pass  # the Registry's Pending is the listing's source

    async def listing(self, include_decided: bool = False) -> list[dict]:
        return self.registry.listing(include_decided)

    async def report(self, pending: Pending, flow_id: str, outcome: str) -> None:
        pending.outcomes[flow_id] = outcome  # the Registry's Pending is what deciders read

    async def reported(self, approval_id: str) -> dict[str, str]:
        pending = self.registry.approvals.get(approval_id)
        return dict(pending.outcomes) if pending is not None else {}

    async def lookup(self, approval_id: str) -> dict | None:
        self.registry.sweep()
        pending = self.registry.approvals.get(approval_id)
        return pending.public(self.registry.clock()) if pending is not None else None
