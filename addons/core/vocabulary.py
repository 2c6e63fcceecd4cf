"""exitguard's vocabulary: every closed set of words the policy, the addons and the records use, as `StrEnum`s.

A member equals its string (`Action.MASK == "mask"`), so YAML, JSON and flow metadata keep plain strings; write
`.value` (or `str(member)`) where a plain `str` is required. Where an order of strictness applies it is the
declaration order, and `Enum.strictest(values)` / `member.rank` / `member.is_stricter_than(other)` are the only
comparisons (see `Ordered`). Category, Classification and Tier belong to the pure engine (addons/detect), which
may not import the core: they are defined there and re-exported here.
"""

from __future__ import annotations

from enum import StrEnum

from addons.detect.vocabulary import Category, Classification, Ordered, Tier

__all__ = [
    "SELECTORS",
    "Action",
    "Category",
    "Classification",
    "Decision",
    "Direction",
    "HostClass",
    "Ordered",
    "Tier",
]


class Action(Ordered):
    """What the policy does with a finding, least to most strict."""

    ALLOW = "allow"
    MASK = "mask"
    APPROVE = "approve"  # hold the request until a person decides (requests only)
    BLOCK = "block"

    @property
    def replaces_value(self) -> bool:
        """The value is replaced by its placeholder in what is sent on (blocked bodies are recorded masked)."""
        return self in (Action.MASK, Action.BLOCK)


class Decision(Ordered):
    """The overall decision for a flow (metakeys.DECISION); a later decision replaces one at most as strict."""

    ALLOW = "allow"
    PASS = "pass"
    MASK = "mask"
    REPORT = "report"
    HELD = "held"
    APPROVED = "approved"
    DENIED = "denied"
    BLOCK = "block"
    DENY = "deny"
    ERROR = "error"


class HostClass(Ordered):
    """How the policy treats a destination host, least to most strict."""

    PASS = "pass"  # recorded, not inspected
    OBSERVE = "observe"  # requests scanned and findings recorded; changed only where unlisted_hosts.actions says
    GUARDED = "guarded"  # inspected
    DENY = "deny"  # refused


class Direction(StrEnum):
    REQUEST = "request"
    RESPONSE = "response"


# Keys of a policy action table, most specific first in a lookup: "<category>/<tier>", classification, category.
SELECTORS = frozenset({*(c.value for c in Category), *Classification.values(),
                       *(f"{c}/{t}" for c in Category for t in Tier)})
