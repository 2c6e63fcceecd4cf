"""Every ``flow.metadata`` key exitguard uses, in one place.

Metadata is written into ``.mitm`` files, so values must be plain data that tnetstring can encode
(str, bytes, int, float, bool, None, list, dict; never a set or an object) and must never hold a
raw secret. Live per-flow objects stay on the addons or on the stream callable.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from addons.core.vocabulary import Decision

# Set by identity: who is calling. str or None, and a list[str] of groups.
IDENTITY: Final = "exitguard.identity"
GROUPS: Final = "exitguard.groups"
AUTH_METHOD: Final = "exitguard.auth_method"  # "token" | "oidc" | "none" | "anonymous"
ISSUER: Final = "exitguard.issuer"  # the OIDC issuer that named the caller (core/callers.py), else None
# Set by identity on a 407 only: who the refused credential claimed to be, when that is no secret (the name of a
# known token entry: a revoked token's, or a Basic user name equal to an entry's name), else None. Never the user
# part as sent (people paste tokens there).
CLAIMED_IDENTITY: Final = "exitguard.claimed_identity"

# Set by hostpolicy: a vocabulary.HostClass value: inspected ("guarded"), let through ("pass") or refused ("deny").
HOST_CLASS: Final = "exitguard.host_class"

# Set by hostpolicy (core/destination.py): where the flow really goes and every name it carries. dict with host
# (the destination), port, scheme, names [{source, host}], agree (bool: all names name one host), claimed
# (other names, sorted). Host names are not secrets.
DESTINATION: Final = "exitguard.destination"

# The overall decision for the flow (vocabulary.Decision, in its order of strictness) and why. Written only
# through raise_decision: a later decision replaces one that is at most as strict.
DECISION: Final = "exitguard.decision"
REASON: Final = "exitguard.reason"  # a short human sentence, never a secret

# Findings: list of findings.FindingRecord.to_metadata() dicts: rule, category, classification, tier, direction,
# location (the text: JSON path, url, header.<name>, stream:<channel>), start (offset of the value in it),
# length, fingerprint (keyed HMAC hex), action. Records from before 2026-12 have no start and
# location "<text>@<start>".
FINDINGS: Final = "exitguard.findings"

# What was and was not inspected: list[dict] with keys direction, status ("scanned" | "skipped" | "unparseable"
# | "too_large" | "stream_stopped" | "not_guarded"), and reason.
COVERAGE: Final = "exitguard.coverage"

# Wall-clock milliseconds exitguard added to this flow (scan + mask), float.
LATENCY_MS: Final = "exitguard.latency_ms"

# The model named in the request body, when there is one.
MODEL: Final = "exitguard.model"

# Marks a response exitguard made itself (block page, error), so response hooks leave it alone. bool.
SYNTHETIC: Final = "exitguard.synthetic"

# Observe-only: the policy is in "report" mode and nothing was changed. bool.
REPORT_ONLY: Final = "exitguard.report_only"

# Credential brokering: name of the injected credential (never its value), and the header or query it went into.
INJECTED: Final = "exitguard.injected"

# Approval workflow (approval.py): dict with id, state, rules, finding_rules, reasons, joined, requested_at,
# decided_at, decider, reason, notified, waited_ms, timeout_s, window_s, via. States: "required" (set by the
# guard: a finding's action is approve), then held -> approved | denied | expired | abandoned | edited (its
# destination changed in mitmweb while held: not sent, attack42); "would_hold" in report mode.
APPROVAL: Final = "exitguard.approval"

# Streaming: True when the response body was rewritten by the stream masker.
STREAMED: Final = "exitguard.streamed"

# Per direction ("request", "response"), the rules of the values sent as they are (allowed, report-only, approved)
# that were found only across fields, events or WebSocket messages (guard/adjacent.py, joined.py, the stream
# masker): no piece is found alone, so the recording cannot mask them and keeps no body (nor messages) of that
# direction. dict[str, list[str]].
SPLIT_LEFT: Final = "exitguard.split_left"

# Per direction, whether the live message shows every value the guard found masked while what leaves carries the
# values the policy let through (allowed, report-only, approved): those are on the wire copy (core/wire.py,
# wire40). The recording's scrub then reads the guard's placeholders as masks. list[str] of "request".
SHOWN_MASKED: Final = "exitguard.shown_masked"

# Audit: where the flow was recorded: the .mitm file name relative to the record folder, and the byte offset.
RECORD_FILE: Final = "exitguard.record_file"
RECORD_OFFSET: Final = "exitguard.record_offset"

# Policy version (sha256 prefix of the policy file and rules) that decided this flow.
POLICY_VERSION: Final = "exitguard.policy_version"



@dataclass(frozen=True, slots=True)
class DecisionRecord:
    """The decision for a flow and why (the reason is shown to people and recorded: never a secret)."""

    decision: Decision
    reason: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "decision", Decision(self.decision))

    def replaces(self, current: str | None) -> bool:
        """A later decision replaces one that is at most as strict."""
        return current is None or not Decision(current).is_stricter_than(self.decision)

    def to_metadata(self) -> dict[str, Any]:
        """The metadata keys this decision sets (plain strings; no reason keeps the previous one)."""
        return {DECISION: self.decision.value, **({REASON: self.reason} if self.reason is not None else {})}

    @classmethod
    def from_metadata(cls, metadata: dict) -> DecisionRecord | None:
        decision = metadata.get(DECISION)
        return None if decision is None else cls(Decision(decision), metadata.get(REASON))


def mark_split_left(metadata: dict, direction: str, rule: str) -> None:
    """Note that ``direction`` carries a value of ``rule`` split over several fields and sent as it is."""
    rules = metadata.setdefault(SPLIT_LEFT, {}).setdefault(direction, [])
    if rule not in rules:
        rules.append(rule)


def raise_decision(metadata: dict, decision: str, reason: str | None = None) -> None:
    """Record ``decision`` (a Decision or its string) unless a stricter one is already there."""
    record = DecisionRecord(Decision(decision), reason)
    if record.replaces(metadata.get(DECISION)):
        metadata.update(record.to_metadata())
