"""Make the copy of a flow that goes into the audit recording: never a raw secret in it.

Works on ``flow.copy()`` so the live flow is untouched. What is removed or masked, and why:
- ``Proxy-Authorization`` (the client's proxy password) is dropped, and the password in
  ``metadata["proxyauth"]`` (mitmproxy keeps it there) is blanked.
- Headers and query values the credential broker injected (``metadata[INJECTED]``) become ``[INJECTED:<name>]``
  (a ``[BROKERED:<name>]`` marker credentials.py already put there is kept).
- Credential headers (Authorization, X-Api-Key, Cookie, ...) become ``[REDACTED:<header>:<tag>]``, tag = the keyed
  HMAC prefix, so an auditor can still tell two keys apart.
- Bodies, URL and header values are masked again, with *every* finding replaced, when the guard did not already
  leave them masked: report mode (nothing was changed), blocked or held requests (the guard refused before
  masking), findings whose action was allow/approve, and hosts that are not guarded. A body that cannot be
  scanned (too large, binary, undecodable) is not kept; the record says so in its coverage.
- A ``flow.backup()`` (the original before edits, e.g. from mitmweb) is not recorded.
- Metadata is reduced to plain data (tnetstring-able, mitmproxy 11.0.2 FlowWriter raises otherwise).
"""

from __future__ import annotations

import re

from mitmproxy import http

from addons.core import metakeys, placeholders
from addons.core.vocabulary import Action
from addons.formats import BodyError, decode_content, open_body

CREDENTIAL_HEADER_RE = re.compile(
    r"^(authorization|x-api-key|api-key|x-goog-api-key|cookie|set-cookie|x-auth-token|x-access-token|"
    r"private-token|x-amz-security-token|ocp-apim-subscription-key|x-subscription-token|.*-api-key|.*-token)$", re.I)
AUTH_SCHEMES = ("bearer", "basic", "token", "digest", "bot", "apikey", "key")
UNSCANNED = "[exitguard: not recorded, could not be scanned]"


def record_copy(flow: http.HTTPFlow, rt) -> http.HTTPFlow:
    """A scrubbed copy of ``flow`` for the recording (same id). ``rt`` is the runtime (None: not configured,
    then every body that would need a scan is dropped)."""
    c = flow.copy()
    c.id = flow.id  # mitmproxy's copy() gives a new id; the index refers to the live one
    c._backup = None  # flow.backup() keeps the unedited original (raw values) and FlowWriter would write it
    c.metadata = plain(c.metadata)
    scrub_credentials(c, rt)
    masker = _Masker(rt)
    for direction, message in (("request", c.request), ("response", c.response)):
        if message is not None and _needs_rescan(c, direction):
            masker.mask_message(c, message, direction)
    if c.websocket is not None:
        masker.mask_websocket(c)
    c.metadata = plain(c.metadata)
    return c


def plain(value):
    """Plain data only (fact 13): tuples and sets become lists, other objects their type name."""
    if isinstance(value, (str, bytes, int, float, bool)) or value is None:
        return value
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted((plain(v) for v in value), key=repr)
    return f"<{type(value).__name__}>"


# --------------------------------------------------------------------------- credentials


def injected_targets(value) -> list[tuple[str, str, str]]:
    """(kind "header"|"query", name, credential name) from metadata[INJECTED], whatever shape it has."""
    out = []
    items = value if isinstance(value, list) else [value] if value else []
    for item in items:
        if isinstance(item, dict):
            cred = str(item.get("name") or item.get("credential") or "credential")
            for kind in ("header", "query"):
                if item.get(kind):
                    out.append((kind, str(item[kind]), cred))
            loc = item.get("location") or item.get("into")
            if isinstance(loc, str) and ":" in loc:
                kind, _, name = loc.partition(":")
                out.append(("query" if kind == "query" else "header", name, cred))
        elif isinstance(item, str):
            kind, _, name = item.partition(":")
            out.append(("query", name, "credential") if kind == "query" and name
                       else ("header", name or kind, "credential"))
    return out


def scrub_credentials(c: http.HTTPFlow, rt) -> None:
    c.request.headers.pop("proxy-authorization", None)
    auth = c.metadata.get("proxyauth")
    if isinstance(auth, list) and auth:
        c.metadata["proxyauth"] = [auth[0], ""]
    for kind, name, cred in injected_targets(c.metadata.get(metakeys.INJECTED)):
        marker = placeholders.injected(cred)
        # Already a marker (credentials.py writes [BROKERED:<name>] into what gets recorded): keep it as it is.
        if kind == "header" and name in c.request.headers and not placeholders.is_record_marker(
                c.request.headers[name]):
            c.request.headers[name] = marker
        elif kind == "query" and name in c.request.query and not placeholders.is_record_marker(
                c.request.query[name]):
            c.request.query[name] = marker
    for message in (c.request, c.response):
        if message is None:
            continue
        for name in list(message.headers.keys()):
            if CREDENTIAL_HEADER_RE.match(name):
                values = message.headers.get_all(name)
                message.headers.set_all(name, [_redact(name, v, rt) for v in values])


def _redact(name: str, value: str, rt) -> str:
    if placeholders.is_record_marker(value):
        return value
    scheme, sep, rest = value.partition(" ")
    keep = f"{scheme} " if sep and scheme.lower() in AUTH_SCHEMES else ""
    secret = rest if keep else value
    tag = rt.fingerprinter.tag(secret) if rt is not None else "------"
    return f"{keep}{placeholders.redacted(name, tag)}"


# --------------------------------------------------------------------------- bodies


def _needs_rescan(c: http.HTTPFlow, direction: str) -> bool:
    """True unless the guard scanned this direction and every finding in it was masked in place."""
    md = c.metadata
    if direction == "response" and md.get(metakeys.SYNTHETIC):
        return False  # exitguard's own answer, no upstream content in it
    if md.get(metakeys.HOST_CLASS) != "guarded" or md.get(metakeys.REPORT_ONLY):
        return True
    scanned = any(cov.get("direction") == direction and cov.get("status") == "scanned"
                  for cov in md.get(metakeys.COVERAGE) or [] if isinstance(cov, dict))
    if not scanned:
        return True
    findings = [f for f in md.get(metakeys.FINDINGS) or [] if isinstance(f, dict) and f.get("direction") == direction]
    if direction == "request" and md.get(metakeys.SYNTHETIC):
        return bool(findings)  # refused before the guard rendered its masks
    return any(f.get("action") != Action.MASK for f in findings)


class _Masker:
    def __init__(self, rt) -> None:
        self.rt = rt

    def mask_text(self, text: str) -> str | None:
        """``text`` with every finding replaced by its placeholder; None when it cannot be scanned."""
        if self.rt is None:
            return None
        found, incomplete = self.rt.inspector.detect(text)
        if incomplete:
            return None
        pieces, last = [], 0
        for f in found:
            tag = self.rt.fingerprinter.tag(text[f.start:f.end])
            pieces += [text[last:f.start], placeholders.masked(f.rule_id, tag)]
            last = f.end
        pieces.append(text[last:])
        return "".join(pieces)

    def mask_message(self, c: http.HTTPFlow, message: http.Message, direction: str) -> None:
        for name in list(message.headers.keys()):
            values = message.headers.get_all(name)
            message.headers.set_all(name, [_or(self.mask_text(v), UNSCANNED) for v in values])
        if isinstance(message, http.Request):
            message.path = _or(self.mask_text(message.path), "/")
        reason = self._mask_body(message)
        if reason:
            message.headers.pop("content-encoding", None)
            message.raw_content = b""
            c.metadata.setdefault(metakeys.COVERAGE, []).append(
                {"direction": direction, "status": "skipped", "reason": f"recording: body not kept ({reason})"})

    def _mask_body(self, message: http.Message) -> str | None:
        """Mask the body in place; returns why it had to be dropped instead, or None."""
        raw = message.raw_content
        if not raw:
            return None
        if self.rt is None:
            return "exitguard not configured"
        limit = self.rt.policy.max_body_bytes
        try:
            body = decode_content(raw, message.headers.get("content-encoding"), limit)
            doc = open_body(message.headers.get("content-type", ""), body)
        except BodyError as e:
            return type(e).__name__
        if doc.kind == "binary":
            return "binary body"
        replacements = {}
        for i, fld in enumerate(doc.fields):
            masked = self.mask_text(fld.text)
            if masked is None:
                return "scan incomplete"
            if masked != fld.text:
                replacements[i] = masked
        if replacements:
            try:
                message.content = doc.render(replacements)  # re-encodes with the same content-encoding
            except BodyError as e:  # Unmaskable: a finding in a binary body's printable strings
                return type(e).__name__
        return None

    def mask_websocket(self, c: http.HTTPFlow) -> None:
        assert c.websocket is not None  # record_copy calls this for WebSocket flows only
        for msg in c.websocket.messages:
            if msg.is_text:
                msg.text = _or(self.mask_text(msg.text), UNSCANNED)
            elif c.metadata.get(metakeys.HOST_CLASS) != "guarded":
                msg.content = b""  # unguarded binary frames were never inspected


def _or(value: str | None, fallback: str) -> str:
    return fallback if value is None else value
