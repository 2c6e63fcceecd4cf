"""Response headers and trailers of guarded hosts (issue 13 item 6): `Location: ...?token=...`,
`X-Upstream-Key: ...` reach the client like the body does, so each value is scanned and masked per the
response action, in place. Blocking is the caller's: a header cannot be half-sent.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mitmproxy import http

from addons.core.findings import FindingRecord
from addons.core.inspection import Inspector, key_context
from addons.core.vocabulary import Action

_NO_TEXT = frozenset({"content-length", "date", "transfer-encoding", "content-encoding", "connection"})


@dataclass
class HeaderScan:
    findings: list[FindingRecord] = field(default_factory=list)
    action: Action = Action.ALLOW
    incomplete: bool = False

    @property
    def stops(self) -> bool:
        """Block / approve (a response cannot wait for a person) or a scan that did not finish."""
        return self.incomplete or self.action in (Action.BLOCK, Action.APPROVE)

    @property
    def rules(self) -> str:
        return ", ".join(sorted({f.rule for f in self.findings}))


def scan_headers(headers: http.Headers, inspector: Inspector, groups: list[str] | None, kind: str,
                 change: bool) -> HeaderScan:
    """Scan every value of `headers` (kind: "header" / "trailer"); with `change`, masked values replace the
    originals (all values of a repeated header are kept, in order)."""
    scan = HeaderScan()
    for name in list(dict.fromkeys(k.lower() for k in headers)):
        if name in _NO_TEXT:
            continue
        values = headers.get_all(name)
        new_values, changed = [], False
        for value in values:
            result = inspector.inspect_field(value, "response", f"{kind}.{name}", groups, context=key_context(name))
            scan.incomplete = scan.incomplete or result.incomplete
            scan.findings.extend(result.findings)
            if result.findings:
                scan.action = Action.strictest([scan.action, result.action])
            # A value that must stop the answer is not kept either, whatever happens next.
            new = result.text if result.changed else value
            changed = changed or new != value
            new_values.append(new)
        if change and changed:
            headers.set_all(name, new_values)
    return scan
