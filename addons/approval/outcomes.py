"""What became of the requests an approval held, once its decision reached them (polish58).

A decision is not an outcome: an approved request still goes nowhere when the policy changed while it was held
(409), when mitmweb moved it (409), when its caller's credential was revoked (407), when its client left, or when
the replica holding it lost the state store (503). The replica holding each request reports its outcome (the
``Pending.outcomes`` of its Registry; with a shared store also a sealed field of ``approval:outcomes:<id>``), and
whoever decided tells the decider that, counted per outcome: words and counts only, nothing of the request.

Outcome words (``Approval._hold``'s, with ``approved`` said as ``sent``): sent, policy_changed, edited,
caller_refused, abandoned, lost, denied, aborted, expired, error.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

SENT = "sent"
# Why a request an approval released did not leave, as a reviewer reads it (and the client's answer).
NOT_SENT = {
    "policy_changed": "the policy or rules changed while it was held: its client got 409 exitguard_policy_changed "
                      "(a retry is checked under the new policy)",
    "edited": "its destination was changed in mitmweb while it was held: its client got 409 "
              "exitguard_edited_while_held",
    "caller_refused": "its caller's proxy credential is no longer valid: its client got 407",
    "abandoned": "its client left before the decision reached it",
    "lost": "the replica holding it lost the shared state store: its client got 503",
    "denied": "it was denied",
    "aborted": "it was aborted in mitmweb",
    "expired": "its approval expired first",
    "error": "the proxy failed while releasing it: its client got 502",
}
KNOWN = frozenset({SENT, *NOT_SENT})


def outcome_counts(outcomes: Iterable[str]) -> dict[str, int]:
    """{outcome: how many requests}, in a stable order; a word this version does not know counts as ``error``."""
    counts = Counter(o if o in KNOWN else "error" for o in outcomes)
    return dict(sorted(counts.items()))


def of_flows(flows: Iterable[str], reported: dict[str, str]) -> tuple[dict[str, int], int]:
    """The outcome counts of ``flows`` (the requests waiting when the decision was taken), and how many of them
    their holder has not reported yet."""
    flows = list(dict.fromkeys(flows))
    return outcome_counts(reported[f] for f in flows if f in reported), sum(f not in reported for f in flows)


def phrases(outcomes: dict[str, int]) -> list[str]:
    """One phrase per outcome, for the CLI line and the Slack message: "1 request sent", "1 not sent: ..."."""
    said = []
    if sent := outcomes.get(SENT, 0):
        said.append(f"{sent} request(s) sent on")
    for outcome, count in outcomes.items():
        if outcome != SENT and count:
            said.append(f"{count} not sent: {NOT_SENT.get(outcome, NOT_SENT['error'])}")
    return said


def all_sent(outcomes: dict[str, int], unreported: int) -> bool:
    """Every request the decision found waiting left, and at least one did."""
    return unreported == 0 and outcomes.get(SENT, 0) > 0 and sum(outcomes.values()) == outcomes[SENT]
