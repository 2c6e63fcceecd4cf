"""The parts of a guarded request around its body: header and trailer values, URL path segments, query keys
and values (cookies are a header). Each is scanned like a body field; `apply` writes masked values back so
the request stays valid: a header value keeps its name, a path segment is percent-encoded, the query is
re-encoded.

In the host's own credential headers (`providers.host_credential`: Authorization, and x-api-key / api-key /
x-goog-api-key as the provider uses) a key of the host's own provider family, or on a host we do not know a key
that is the whole header value, is expected: the credential broker (`credentials/`) checks it (real provider
keys from clients, brokered values in every header). Any other secret there is content like anywhere else.
Proxy-Authorization never leaves the proxy.

The names and tokens around them leave too and are read like values (attack10): the method (any token is one),
each header and trailer name, the Host header and an HTTP/2 `:authority` (on a guarded host they must agree with
the connection's name, guard/hostpolicy.py; elsewhere they are free claims). None of them can be masked: a
placeholder is no token, and a name rewritten is another header. A value there that the policy masks refuses the
request (`Unmaskable`, the guard answers 403); a blocked or held request shows the placeholder on the live flow.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from urllib.parse import quote, unquote

from mitmproxy import http

from addons.core import clean_tokens, destination, encoded_keys
from addons.core.findings import FindingRecord
from addons.core.inspection import Inspector, TextResult, key_context, mask_findings, with_findings
from addons.core.vocabulary import Action, HostClass
from addons.formats.model import Unmaskable, safe_name
from addons.formats.providers import HostCredential, host_credential
from addons.guard import header_join
from addons.guard.adjacent import Unsplittable

_NOT_SCANNED = frozenset({"proxy-authorization", "host", "content-length", "transfer-encoding"})
# Parts that are names or tokens, never text: a value found there cannot be masked in place.
FIXED = frozenset({"method", "header-name", "trailer-name", "host", "authority"})
_SCHEME = re.compile(r"\s*(?:[A-Za-z][A-Za-z0-9-]*\s+)?")  # "Bearer ", "Token ", or nothing
# A head with fewer texts to scan is scanned a part at a time (dos62): an SDK's 18 headers are ~20 texts, most of
# them answered by the detection cache; batching every head cost +170 us a request on bench_header_join.py's SDK sets
# (their views and contexts made again), and what the batch saves there is a few scans.
HEAD_BATCH_MIN = 64
# Headers that carry credentials, sessions and tokens: base64 of data there (a JWT's e-mail, a session's user) is
# the client's own state, read for secrets only (core/encoded_keys.py); elsewhere for every rule.
_TOKEN_HEADER = re.compile(r"authorization|cookie|.*(?:token|key|auth|session|secret|csrf|xsrf|signature|credential"
                           r"|password|jwt|assertion|saml|ticket).*", re.I)


@dataclass
class Part:
    kind: str  # "header" | "trailer" | "path" | "query-key" | "query-value", or one of FIXED
    index: int  # position among the parts of that kind (header / trailer / query item, path segment)
    name: str  # header name (lower case); "" otherwise
    result: TextResult
    original: str  # the text as it was scanned (findings' offsets are in it)

    def new_text(self, hidden: frozenset[Action] | None) -> str | None:
        """What the part becomes: masked per policy, or (``hidden``) with every value of those actions replaced
        too; None when it stays as it is."""
        if hidden is None:
            return self.result.text if self.result.changed else None
        if not any(f.action in hidden for f in self.result.findings):
            return None
        return mask_findings(self.original, self.result.findings, hidden)


class IncompleteScan(Exception):
    """A part's scan was cut short: the caller refuses the request."""


def scan(request: http.Request, inspector: Inspector, groups: list[str] | None,
         host_class: str = HostClass.GUARDED) -> list[Part]:
    credential = host_credential(request.host)
    parts: list[Part] = []

    clean = clean_tokens.clean_set(inspector, "request", host_class, groups)
    trailers = request.trailers or http.Headers()
    # What the head's names and values are scanned as, those that hold nothing known at once (dos62: one first-stage
    # scan for a large head instead of one per part; the others are scanned one by one as before).
    texts = _head_texts([*request.headers.items(multi=True), *trailers.items(multi=True)], clean)
    quiet = inspector.quiet(texts) if len(texts) >= HEAD_BATCH_MIN else set()

    def add(kind: str, index: int, name: str, text: str, location: str, key: str | None = None) -> TextResult | None:
        """``key``: the header name or query key the value sat under (the location may hide it: `query.{2}`).
        Returns the part's own result, every finding (the host's credential too); None when it was not scanned."""
        if not text or (kind in FIXED and text in clean):
            return None
        context = "" if kind in FIXED else None if key is None else key_context(key)
        if (text if context == "" else f'{context}{text}"' if context else None) in quiet:
            result = TextResult(text, detected=[])  # what inspect_field gives for a text its scan finds nothing in
        else:
            result = inspector.inspect_field(text, "request", location, groups, host_class, context=context)
        data = kind in ("path", "query-value") or (kind == "header" and not _TOKEN_HEADER.fullmatch(name))
        # attack18: the agent names its header (X-Session-Note): in the other token and cookie headers a password
        # or a generic secret inside is read too, but no personal data (a session's e-mail); the credential headers
        # carry the client's own secret (Basic auth's password).
        secrets = kind == "header" and not data and name != "authorization" and name not in credential.headers
        result = encoded_keys.with_encoded_keys(result, text, inspector, "request", location, groups, host_class,
                                                context, data=data, secrets=secrets)
        if result.incomplete:
            raise IncompleteScan(location)
        if kind in FIXED and not result.findings:
            clean_tokens.remember(clean, text)
        own = result
        if name in credential.headers:
            result = _without_host_credential(result, text, credential)
        if result.findings:
            parts.append(Part(kind, index, name, result, text))
        return own

    def add_name(kind: str, index: int, text: str, location: str) -> TextResult | None:
        """A host name is case-insensitive: also read upper-cased (an AWS key id written in lower case is the
        same key to whoever reads it, as guard/hello.py reads the connection's names). An IP literal (with its
        port) is an address, as HostPolicy's name check reads it: the ipv4 rule would otherwise refuse every
        request to a bare address, a private model server's included. A header name is case-insensitive too
        (HTTP/2 sends it lower-cased): base32 of a key there is read upper-cased (attack17)."""
        if kind in ("host", "authority") and destination.is_ip(destination.normalize(text)):
            return None
        found_before = len(parts)
        own = add(kind, index, "", text, location)
        if len(parts) == found_before and (upper := text.upper()) != text and len(upper) == len(text):
            add(kind, index, "", upper, location)
        return own

    add("method", 0, "", request.data.method.decode("utf-8", "surrogateescape"), "method")
    if request.authority:
        add_name("authority", 0, request.authority, "authority")
    for i, host in enumerate(request.headers.get_all("host")):
        add_name("host", i, host, "header.host")
    for kind, headers in (("header", request.headers), ("trailer", trailers)):
        pieces: list[header_join.HeaderPart] = []
        for i, (name, value) in enumerate(headers.items(multi=True)):
            location = f"{kind}.{{{i}}}#name"  # a name with a secret is not shown
            own = add_name(f"{kind}-name", i, name, location)
            if name.lower() in _NOT_SCANNED:
                continue  # proxy-authorization never leaves; host and lengths are the proxy's own
            pieces.append(header_join.HeaderPart(f"{kind}-name", i, name.lower(), name, location,
                                                 own or TextResult(name)))
            location = f"{kind}.{_label(name, i)}"
            own = add(kind, i, name.lower(), value, location, name.lower())
            if value:
                pieces.append(header_join.HeaderPart(kind, i, name.lower(), value, location, own or TextResult(value)))
        _add_split_keys(parts, pieces, inspector, groups, host_class)
    for i, segment in enumerate(_raw_segments(request)):
        add("path", i, "", unquote(segment), f"path[{i}]")
    for i, (key, value) in enumerate(request.query.items(multi=True)):
        found_in_key = len(parts)
        add("query-key", i, "", key, f"query.{{{i}}}#key")
        label = f"{{{i}}}" if len(parts) > found_in_key else safe_name(key, i)  # a key with a secret is not shown
        add("query-value", i, "", value, f"query.{label}", key)
    return parts


def apply(request: http.Request, parts: list[Part], hidden: frozenset[Action] | None = None) -> None:
    """Write back every changed part (see Part.new_text for ``hidden``)."""
    texts = {id(p): t for p in parts if (t := p.new_text(hidden)) is not None}
    changed = [p for p in parts if id(p) in texts]
    if not changed:
        return
    if hidden is None and (fixed := sorted({p.kind for p in changed if p.kind in FIXED})):
        raise Unmaskable(f"the request's {', '.join(k.replace('-', ' ') for k in fixed)} holds it, and a name or "
                         "token cannot be masked")
    if hidden is None and any(p.kind == "header" and p.name == "content-type" for p in changed):
        # attack16: a multipart boundary (or a charset) that is the value: masked in the header, the body's
        # delimiters still carried it, and the body no longer parsed as what the header said.
        raise Unmaskable("the request's content-type holds it, and masking it would change how the body is read")
    for p in changed:
        if p.kind == "method":
            request.data.method = texts[id(p)].encode("utf-8", "surrogateescape")
        elif p.kind == "authority":
            request.authority = texts[id(p)]
    hosts = {p.index: texts[id(p)] for p in changed if p.kind == "host"}
    if hosts:
        request.headers.set_all("host", [hosts.get(i, v) for i, v in enumerate(request.headers.get_all("host"))])
    for kind, headers in (("header", request.headers), ("trailer", request.trailers)):
        own = {p.index: texts[id(p)] for p in changed if p.kind == kind}
        names = {p.index: texts[id(p)] for p in changed if p.kind == f"{kind}-name"}
        if (own or names) and headers is not None:
            # One write of the fields (attack27: clear() then add() per header was quadratic in their number: one
            # masked value among 4,000 headers, 39 KB of head, cost 2.5 s of CPU in the event loop).
            headers.fields = tuple((_header_bytes(names.get(i, k)), _header_bytes(own.get(i, v)))
                                   for i, (k, v) in enumerate(headers.items(multi=True)))
    segments = {p.index: quote(texts[id(p)], safe="") for p in changed if p.kind == "path"}
    if segments:
        path, mark, query = request.path.partition("?")
        raw = path.split("/")[1:]
        request.path = "/" + "/".join(segments.get(i, s) for i, s in enumerate(raw)) + mark + query
    keys = {p.index: texts[id(p)] for p in changed if p.kind == "query-key"}
    values = {p.index: texts[id(p)] for p in changed if p.kind == "query-value"}
    if keys or values:
        request.query = [(keys.get(i, k), values.get(i, v)) for i, (k, v) in enumerate(request.query.items(True))]
    if hidden is not None and any(p.kind == "header" and p.name == "content-type" for p in changed):
        request.raw_content = b""  # the body is read by that header (a boundary is in it): not kept on the live flow


def _head_texts(fields: list[tuple[str, str]], clean: set[str]) -> list[str]:
    """The texts `scan` hands the detector for these header (or trailer) fields: each name as written and
    upper-cased (a name already known clean is not scanned), each value after its name's key context; none when
    they are fewer than HEAD_BATCH_MIN (counted before the contexts are made)."""
    if 2 * len(fields) < HEAD_BATCH_MIN or \
            sum(2 for name, _value in fields if name not in clean) + len(fields) < HEAD_BATCH_MIN:
        return []
    texts = []
    for name, value in fields:
        if name not in clean:
            texts.append(name)
            texts.append(name.upper())
        if value and name.lower() not in _NOT_SCANNED:
            texts.append(f'{key_context(name.lower())}{value}"')
    return texts


def _header_bytes(text: str) -> bytes:
    return text.encode("utf-8", "surrogateescape")  # as mitmproxy's Headers gives and takes them


def _add_split_keys(parts: list[Part], pieces: list[header_join.HeaderPart], inspector: Inspector,
                    groups: list[str] | None, host_class: str) -> None:
    """A key split over header parts (header_join.py): its findings added to the parts it covers."""
    try:
        split = header_join.scan(pieces, inspector, groups, host_class)
    except Unsplittable as e:
        raise IncompleteScan(f"a key split over the request's headers cannot be masked ({e})") from None
    for i, result in split.items():
        piece = pieces[i]
        new = result.findings[len(piece.own.findings):]
        part = next((p for p in parts if p.kind == piece.kind and p.index == piece.index), None)
        if part is None:
            base = with_findings(piece.own, piece.text, [])  # its own findings were the host's credential
            parts.append(Part(piece.kind, piece.index, piece.name, with_findings(base, piece.text, new), piece.text))
        else:
            kept = sorted([*part.result.findings, *new], key=lambda f: f.start)
            part.result = with_findings(part.result, part.original, kept)
    # A name holding a piece is not shown: its value's findings are recorded at `header.{i}`, not under the name.
    named = {(pieces[i].kind.removesuffix("-name"), pieces[i].index) for i in split if pieces[i].is_name}
    for part in parts:
        if (part.kind, part.index) in named:
            hidden = f"{part.kind}.{{{part.index}}}"
            part.result = replace(part.result, findings=[replace(f, location=hidden) for f in part.result.findings])


def _without_host_credential(result: TextResult, text: str, credential: HostCredential) -> TextResult:
    """The result with the host's own credential left out (see the module docstring), re-masked."""
    def expected(f: FindingRecord) -> bool:
        if credential.rule_prefixes is not None:
            return f.rule.startswith(credential.rule_prefixes)
        return f.start + f.length == len(text.rstrip()) and _SCHEME.fullmatch(text[:f.start]) is not None

    kept = [f for f in result.findings if not expected(f)]
    return result if len(kept) == len(result.findings) else with_findings(result, text, kept)


def _raw_segments(request: http.Request) -> list[str]:
    return request.path.partition("?")[0].split("/")[1:]


def _label(name: str, index: int) -> str:
    return safe_name(name.lower(), index)
