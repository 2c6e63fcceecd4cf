"""Response headers and trailers of guarded hosts (issue 13 item 6): `Location: ...?token=...`,
`X-Upstream-Key: ...` reach the client like the body does, so each value is scanned and masked per the
response action, in place. Blocking is the caller's: a header cannot be half-sent.

The names and the status line's reason phrase reach the client too (attack10): `X-AKIA...: 1`, `200 OK <key>`.
A reason phrase is any text and is masked in place; a name is no text (a placeholder there is no token, and a
name rewritten is another header), so a value there that the policy would mask stops the answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from mitmproxy import http

from addons.core import clean_tokens, encoded_keys
from addons.core.findings import FindingRecord
from addons.core.inspection import Inspector, TextResult, key_context, mask_findings, with_findings
from addons.core.vocabulary import Action, HostClass
from addons.formats.model import safe_name

_NO_TEXT = frozenset({"content-length", "date", "transfer-encoding", "content-encoding", "connection"})


@dataclass
class HeaderScan:
    findings: list[FindingRecord] = field(default_factory=list)
    action: Action = Action.ALLOW
    incomplete: bool = False
    in_name: bool = False  # a value the policy does not allow is in a header name, where it cannot be masked

    @property
    def stops(self) -> bool:
        """Block / approve (a response cannot wait for a person), a value in a name, or a scan that did not
        finish."""
        return self.incomplete or self.in_name or self.action in (Action.BLOCK, Action.APPROVE)

    def add(self, result) -> None:
        self.incomplete = self.incomplete or result.incomplete
        self.findings.extend(result.findings)
        if result.findings:
            self.action = Action.strictest([self.action, result.action])

    @property
    def rules(self) -> str:
        return ", ".join(sorted({f.rule for f in self.findings}))


def scan_headers(headers: http.Headers, inspector: Inspector, groups: list[str] | None, kind: str,
                 change: bool, status_line: http.Response | None = None,
                 shown: frozenset[Action] | None = None) -> HeaderScan:
    """Scan every name and value of `headers` (kind: "header" / "trailer") and the reason phrase of
    `status_line`; with `change`, masked values replace the originals (all values of a repeated header are kept,
    in order). With `shown` (wire41: what the live flow shows of an answer whose values the policy let through
    leave from its response copy), every finding with one of those actions is replaced by its placeholder and a
    name holding one is dropped."""

    def hides(result: TextResult) -> bool:
        return result.changed if shown is None else any(f.action in shown for f in result.findings)

    def written(text: str, result: TextResult) -> str:
        return result.text if shown is None else mask_findings(text, result.findings, shown)

    scan = HeaderScan()
    if status_line is not None and status_line.reason:
        result = inspector.inspect_field(status_line.reason, "response", "reason", groups)
        result = encoded_keys.with_encoded_keys(result, status_line.reason, inspector, "response", "reason", groups)
        scan.add(result)
        if change and hides(result):
            status_line.reason = written(status_line.reason, result)
    clean = clean_tokens.clean_set(inspector, "response", HostClass.GUARDED, groups)
    for i, name in enumerate(dict.fromkeys(k for k, _ in headers.items(multi=True))):
        if name in clean:
            continue
        # the name not shown in the location; scanned alone (no key before it)
        result = inspector.inspect_field(name, "response", f"{kind}.{{{i}}}#name", groups, context="")
        result = encoded_keys.with_encoded_keys(result, name, inspector, "response", f"{kind}.{{{i}}}#name", groups,
                                                context="")
        scan.add(result)
        if not result.findings and not result.incomplete:
            clean_tokens.remember(clean, name)
        if any(f.action.replaces_value if shown is None else f.action in shown for f in result.findings):
            scan.in_name = True
            if change:  # the answer stops; a streamed one's headers still leave: without this one
                headers.pop(name, None)
    # Each name's values gathered in one pass, and the changed ones written back in one (attack27: a lookup and a
    # write for each name was quadratic in their number: 8,000 headers of a guarded answer, 5.7 s of CPU).
    by_name: dict[str, list[str]] = {}
    for key, value in headers.items(multi=True):
        by_name.setdefault(key.lower(), []).append(value)
    rewritten: dict[str, list[str]] = {}
    for i, (name, values) in enumerate(by_name.items()):
        if name in _NO_TEXT:
            continue
        new_values, changed = [], False
        for value in values:
            location, context = f"{kind}.{safe_name(name, i)}", key_context(name)
            result = inspector.inspect_field(value, "response", location, groups, context=context)
            # attack17: a key base64-, base32- or hex-encoded in the value reached the agent (the request's
            # headers had their runs read since attack16)
            result = encoded_keys.with_encoded_keys(result, value, inspector, "response", location, groups,
                                                    context=context)
            if name == "location" and result.findings:
                result = _without_presigned_key_id(result, value)
            scan.add(result)
            # A value that must stop the answer is not kept either, whatever happens next.
            new = written(value, result) if hides(result) else value
            changed = changed or new != value
            new_values.append(new)
        if change and changed:
            rewritten[name] = new_values
    if rewritten:
        headers.fields = tuple(_written_back(headers.fields, rewritten))
    return scan


def _written_back(fields: tuple[tuple[bytes, bytes], ...],
                  rewritten: dict[str, list[str]]) -> list[tuple[bytes, bytes]]:
    """``fields`` with the values of each name in ``rewritten`` replaced in order (what ``set_all`` of each does)."""
    pending = {name: iter(values) for name, values in rewritten.items()}
    out = []
    for key, value in fields:
        name = key.decode("utf-8", "surrogateescape").lower()
        if name in pending:
            value = next(pending[name]).encode("utf-8", "surrogateescape")
        out.append((key, value))
    return out


# attack18 (invariant 4): a redirect to an S3 presigned URL (GitHub's release assets and archives answer
# api.github.com's request with one) carries the signer's access key id in X-Amz-Credential, the public half of
# the key, bound to the signature beside it: masked, the URL no longer verifies and the download fails. Kept there
# only, in a Location whose query is AWS Signature V4's; the record's scrub still masks it.
_PRESIGNED = re.compile(r"(?i)[?&]X-Amz-Algorithm=AWS4-HMAC-SHA256(?:&|$)")
_SIGNATURE = re.compile(r"(?i)[?&]X-Amz-Signature=[0-9a-f]{64}(?:&|$)")
_CREDENTIAL_BEFORE = re.compile(r"(?i)[?&]X-Amz-Credential=$")
_CREDENTIAL_SCOPE = re.compile(r"(?i)(?:%2F|/)\d{8}(?:%2F|/)[a-z0-9-]+(?:%2F|/)[a-z0-9-]+(?:%2F|/)aws4_request(?:&|$)")
AWS_KEY_ID_RULE = "aws-access-key-id"


def _without_presigned_key_id(result: TextResult, value: str) -> TextResult:
    if not (_PRESIGNED.search(value) and _SIGNATURE.search(value)):
        return result
    kept = [f for f in result.findings
            if not (f.rule == AWS_KEY_ID_RULE and _CREDENTIAL_BEFORE.search(value, max(0, f.start - 18), f.start)
                    and _CREDENTIAL_SCOPE.match(value, f.end))]
    return result if len(kept) == len(result.findings) else with_findings(result, value, kept)
