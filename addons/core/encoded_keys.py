"""Fixed-shape keys inside the base64, base32 and hex runs of a text the guard reads as written (attack16): the parts
of a request around its body (guard/request_parts.py) and WebSocket messages (stream/streaming.py). A body's runs
are decoded by its codec (formats/encoded.py) and masked by re-encoding; here a key inside replaces its whole run
by the placeholder, so the text stays what it was around it."""

from __future__ import annotations

import re
from dataclasses import replace

from addons.core import placeholders
from addons.core.findings import FindingRecord
from addons.core.inspection import Inspector, TextResult
from addons.core.vocabulary import Action, Category, HostClass
from addons.formats import encoded
from addons.formats.model import Field


def with_encoded_keys(result: TextResult, text: str, inspector: Inspector, direction: str, location: str,
                      groups: list[str] | None, host_class: str = HostClass.GUARDED,
                      context: str | None = None, data: bool = False, secrets: bool = False) -> TextResult:
    """``result`` with the fixed-shape keys inside the part's base64, base32 and hex runs (decoded as in a body,
    ``formats/encoded.py``, up to its layers) added: each such run is one finding that covers the whole run as
    written, so its placeholder replaces the run (attack16: `X-Note: QUtJQ...` reached the upstream). Fixed-shape
    keys only: cookies and tokens carry base64 of data (e-mails, ids) where the other rules would break
    sessions. ``data`` (a part that is no credential, cookie or token: guard/request_parts.py): a run of 24+
    characters that decodes to text that is no JSON (a JWT's parts and cursors are) and is no part of a dotted
    token is read for every rule (attack17: an e-mail base64'd in `X-Note` was sent)."""
    if len(text) < encoded.SHORT_MIN or not encoded.may_hold_a_run(text):
        return result
    expansion = encoded.expand([Field(location, text, "text")])
    if expansion.cut:  # runs past the decoding budget were not read
        return replace(result, incomplete=True)
    runs: list[FindingRecord] = []
    for field, splice in zip(expansion.fields, expansion.splices, strict=True):
        outer, layers = splice, [field.text]
        while outer.carrier != 0:  # the run as written in the part (layers: base64 of base64)
            layers.append(expansion.fields[outer.carrier - 1].text)
            outer = expansion.splices[outer.carrier - 1]
        # JSON in any layer (a JWT's header and claims, a cursor, an itsdangerous payload, a claim's own base64): the
        # client's state. attack18: a dot beside the run stood for "a part of a JWT", so `<base64 of an e-mail>.txt`
        # was read for fixed-shape keys only; a JWT's other segments (its signature) decode to no text at all.
        text_inside = (data or secrets) and field.kind == "decoded" \
            and not any(layer.lstrip()[:1] in ("{", "[") for layer in layers)
        # In a token header (``secrets``) the name says "token" of whatever is inside: the text is read on its own,
        # or any decoded text with some entropy would be that token's secret (generic-secret).
        inner = inspector.inspect_field(field.text, direction, field.location, groups, host_class,
                                        fixed_shape_only=not text_inside,
                                        context="" if text_inside and not data else context)
        if inner.incomplete:
            return replace(result, incomplete=True)
        found = inner.findings if data or not text_inside or not sessions_state(field.text, inner.findings) else \
            [f for f in inner.findings if f.category == Category.SECRET]  # fixed-shape keys are secrets too
        if not found:
            continue
        worst = max(found, key=lambda f: f.action.rank)
        runs.append(replace(worst, location=location, start=outer.start, length=outer.end - outer.start))
    if not runs:  # (a compressed layer past its bound is skipped, as in a body)
        return result
    merged: list[FindingRecord] = []
    for f in sorted([*result.findings, *runs], key=lambda f: (f.start, -f.length)):
        if merged and f.start < merged[-1].end:  # overlapping: one finding over both, the stricter one's
            last = merged.pop()
            keep = last if last.action.rank >= f.action.rank else f
            f = replace(keep, start=last.start, length=max(last.end, f.end) - last.start)
        merged.append(f)
    pieces, last_end = [], 0
    for f in merged:
        if f.action.replaces_value:
            pieces += [text[last_end:f.start], placeholders.masked(f.rule, f.fingerprint)]
            last_end = f.end
    pieces.append(text[last_end:])
    return TextResult("".join(pieces), merged, Action.strictest(f.action for f in merged), result.incomplete)


# attack19: words one blank apart, as a sentence writes them ("send the report to ..."); state is `key=value; ...`,
# a path or an id, whose words are glued by `=`, `;`, `/`, `-`.
_PROSE = re.compile(r"(?:[A-Za-z]{2,}[ \t]){3,}[A-Za-z]{2,}")


def sessions_state(text: str, findings: list[FindingRecord]) -> bool:
    """Whether decoded text in a session, auth or token header may be the client's own state, whose one user's
    e-mail or phone is not the agent's to hide: not prose, and at most one distinct personal value (attack19: a
    customer's e-mail in a sentence, or a list of them, base64'd into `X-Session-Note` was sent)."""
    if _PROSE.search(text):
        return False
    personal = {f.fingerprint for f in findings if f.category == Category.PII}
    return len(personal) <= 1
