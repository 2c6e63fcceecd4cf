"""How many requests may wait for approval at once, per caller and in all, and how many bytes they may hold.

A held request keeps its client connection, the request to send (core/held.py) and the masked one shown, for
up to ``exitguard_approval_timeout``; a new approval also sends reviewers a message. Without a bound one agent
could hold thousands of bodies of up to max_body_bytes each, and flood the reviewers' channel, until the proxy
stopped serving everyone else. The counts are this process's: connections and memory are per replica.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mitmproxy import exceptions

PER_IDENTITY_OPTION = "exitguard_approval_max_pending_per_identity"
IN_ALL_OPTION = "exitguard_approval_max_pending"
BYTES_OPTION = "exitguard_approval_max_held_bytes"
OPTIONS = {PER_IDENTITY_OPTION, IN_ALL_OPTION, BYTES_OPTION}


@dataclass(frozen=True)
class Limits:
    per_identity: int = 20
    in_all: int = 200
    held_bytes: int = 256 * 1024 * 1024


def add_options(loader) -> None:
    loader.add_option(PER_IDENTITY_OPTION, int, Limits.per_identity,
                      "Most requests of one caller (its identity; without one, its client address) waiting for "
                      "approval at once on this proxy; more get a 429. Identical retries that join an approval "
                      "count too: each keeps its own connection and body.")
    loader.add_option(IN_ALL_OPTION, int, Limits.in_all,
                      "Most requests waiting for approval at once on this proxy, all callers together; more get "
                      "a 429.")
    loader.add_option(BYTES_OPTION, int, Limits.held_bytes,
                      "Most bytes of request bodies kept by requests waiting for approval on this proxy (the "
                      "request to send and the masked one shown); a request that would pass it gets a 429.")


def read_options(opts) -> Limits:
    for name in sorted(OPTIONS):
        if getattr(opts, name) <= 0:
            raise exceptions.OptionsError(f"{name} must be a positive number")
    return Limits(opts.exitguard_approval_max_pending_per_identity, opts.exitguard_approval_max_pending,
                  opts.exitguard_approval_max_held_bytes)


@dataclass(frozen=True)
class Ticket:
    """One admitted request's share; handed back with ``Capacity.release`` when it stops waiting."""

    caller: str
    size: int


@dataclass(frozen=True)
class Refusal:
    option: str  # the cap reached, named as the option that sets it
    limit: int
    message: str


@dataclass
class Capacity:
    limits: Limits = field(default_factory=Limits)
    by_caller: dict[str, int] = field(default_factory=dict)
    waiting: int = 0
    held_bytes: int = 0

    def admit(self, caller: str, size: int) -> Ticket | Refusal:
        """A share for one more waiting request of ``caller`` holding ``size`` bytes, or why not."""
        limits = self.limits
        if self.by_caller.get(caller, 0) >= limits.per_identity:
            return Refusal(PER_IDENTITY_OPTION, limits.per_identity,
                           f"{limits.per_identity} of your requests are already waiting for approval on this proxy "
                           f"(the most one caller may have, {PER_IDENTITY_OPTION}); wait for their decisions")
        if self.waiting >= limits.in_all:
            return Refusal(IN_ALL_OPTION, limits.in_all,
                           f"{limits.in_all} requests are already waiting for approval on this proxy (the most it "
                           f"holds, {IN_ALL_OPTION})")
        if self.held_bytes + size > limits.held_bytes:
            return Refusal(BYTES_OPTION, limits.held_bytes,
                           f"the requests waiting for approval on this proxy would hold more than "
                           f"{limits.held_bytes} bytes with this one ({size} bytes; {BYTES_OPTION})")
        self.by_caller[caller] = self.by_caller.get(caller, 0) + 1
        self.waiting += 1
        self.held_bytes += size
        return Ticket(caller, size)

    def release(self, ticket: Ticket) -> None:
        left = self.by_caller.get(ticket.caller, 0) - 1
        if left > 0:
            self.by_caller[ticket.caller] = left
        else:
            self.by_caller.pop(ticket.caller, None)  # no entry left behind per caller ever seen
        self.waiting -= 1
        self.held_bytes -= ticket.size
