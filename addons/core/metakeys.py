"""Every ``flow.metadata`` key exitguard uses, in one place.

Metadata is written into ``.mitm`` files, so values must be plain data that tnetstring can encode
(str, bytes, int, float, bool, None, list, dict; never a set or an object) and must never hold a
raw secret. Live per-flow objects stay on the addons or on the stream callable.
"""

from typing import Final

# Set by identity: who is calling. str or None, and a list[str] of groups.
IDENTITY: Final = "exitguard.identity"
GROUPS: Final = "exitguard.groups"
AUTH_METHOD: Final = "exitguard.auth_method"  # "token" | "oidc" | "none" | "anonymous"

# Set by hostpolicy: whether exitguard inspects this flow ("guarded"), lets it pass ("pass") or refused it ("deny").
HOST_CLASS: Final = "exitguard.host_class"

# Set by hostpolicy (core/destination.py): where the flow really goes and every name it carries. dict with host
# (the destination), port, scheme, names [{source, host}], agree (bool: all names name one host), claimed
# (other names, sorted). Host names are not secrets.
DESTINATION: Final = "exitguard.destination"

# The overall decision for the flow, one of DECISIONS below. Later, stricter decisions overwrite earlier ones.
DECISION: Final = "exitguard.decision"
DECISIONS: Final = ("allow", "pass", "mask", "report", "held", "approved", "denied", "block", "deny", "error")
REASON: Final = "exitguard.reason"  # a short human sentence, never a secret

# Findings: list[dict] with keys rule, category, classification, tier, direction ("request"|"response"),
# location (JSON path or "body@offset"), fingerprint (keyed HMAC hex), action ("allow"|"mask"|"block"|"approve").
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
# guard: a finding's action is approve), then held -> approved | denied | expired | abandoned; "would_hold" in
# report mode.
APPROVAL: Final = "exitguard.approval"

# Streaming: True when the response body was rewritten by the stream masker.
STREAMED: Final = "exitguard.streamed"

# Audit: where the flow was recorded: the .mitm file name relative to the record folder, and the byte offset.
RECORD_FILE: Final = "exitguard.record_file"
RECORD_OFFSET: Final = "exitguard.record_offset"

# Policy version (sha256 prefix of the policy file and rules) that decided this flow.
POLICY_VERSION: Final = "exitguard.policy_version"

STRICTNESS: Final = {d: i for i, d in enumerate(DECISIONS)}


def raise_decision(metadata: dict, decision: str, reason: str | None = None) -> None:
    """Record ``decision`` unless a stricter one is already there."""
    current = metadata.get(DECISION)
    if current is None or STRICTNESS[decision] >= STRICTNESS[current]:
        metadata[DECISION] = decision
        if reason is not None:
            metadata[REASON] = reason
