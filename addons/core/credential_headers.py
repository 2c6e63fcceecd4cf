"""Header fields that carry a credential, and their values as records and the console show them: redacted.

The record redacts them (audit/scrub.py); a request held for approval shows them redacted on the live flow while it
waits (core/held.py), since mitmweb's flow list serves the live flow for as long as a reviewer takes. A value keeps
its auth scheme word (``Bearer [REDACTED:authorization:<tag>]``) and gets a tag from the proxy's fingerprinter, so
two flows with the same key can be told to be the same without showing it.

Besides the names every proxy knows (``outside.CREDENTIAL_HEADER_RE``), the policy names others: a broker's own
header or query parameter (``Policy.credential_names``, attack52), where ``client_keys: allow`` lets a caller put a
key of its own that no rule need find (a vendor's 32 hex digits under ``X-Service-Key``, ``?sig=``).
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Callable

from mitmproxy import http

from addons.core import outside, placeholders

AUTH_SCHEMES = ("bearer", "basic", "token", "digest", "bot", "apikey", "key")

# Raw header name -> whether it names a credential header: a flow's ~10 names are the same from flow to flow, and
# the pattern's match was a third of the record's pass over them (record50). Exact bytes as keys; bounded.
_CREDENTIAL_NAMES: dict[bytes, bool] = {}
_CREDENTIAL_NAMES_KEPT = 1024


def names_credential(raw_name: bytes) -> bool:
    known = _CREDENTIAL_NAMES.get(raw_name)
    if known is None:
        known = outside.CREDENTIAL_HEADER_RE.match(_text(raw_name)) is not None
        if type(raw_name) is bytes and len(raw_name) <= 64 and len(_CREDENTIAL_NAMES) < _CREDENTIAL_NAMES_KEPT:
            _CREDENTIAL_NAMES[raw_name] = known
    return known


def redacted(name: str, value: str, tag_of: Callable[[str], str] | None) -> str:
    """``value`` of header ``name`` as shown: the auth scheme word kept, the rest a marker (one already is kept)."""
    if placeholders.is_record_marker(value):
        return value
    scheme, sep, rest = value.partition(" ")
    keep = f"{scheme} " if sep and scheme.lower() in AUTH_SCHEMES else ""
    secret = rest if keep else value
    tag = tag_of(secret) if tag_of is not None else "------"
    return f"{keep}{placeholders.redacted(name, tag)}"


def redact(headers: http.Headers, tag_of: Callable[[str], str] | None, also: frozenset[str] = frozenset()) -> None:
    """Every field whose name is a credential header's (or, lower-cased, one of ``also``: the policy's) gets its
    value redacted, in place, order and repeats kept (what ``set_all`` of each such name does, field by field: one
    pass, no lookups by name)."""
    fields = headers.fields
    shown = tuple(
        (name, redacted(_text(name), _text(value), tag_of).encode("utf-8", "surrogateescape"))
        if names_credential(name) or (also and _text(name).lower() in also) else (name, value)
        for name, value in fields)
    if shown != fields:
        headers.fields = shown


def redact_query(request: http.Request, params: frozenset[str], tag_of: Callable[[str], str] | None) -> None:
    """Every query value under one of ``params`` (the policy's credential parameters) redacted, in place; the
    path is left as written when none is there (rewriting the query re-encodes it). A name is matched in any case
    and after a ``;`` too (attack53): servers that read ``SIG=`` as ``sig=``, or split ``a=1;sig=KEY`` on the
    semicolon, take the key from there, and redacting a look-alike costs nothing."""
    if not params or "?" not in request.path:
        return
    folded = frozenset(p.casefold() for p in params)
    query = request.query
    fields = query.fields
    shown = tuple((k, _redacted_value(k, v, folded, tag_of)) for k, v in fields)
    if shown != fields:
        request.query = shown


def _redacted_value(name: str, value: str, folded: frozenset[str], tag_of: Callable[[str], str] | None) -> str:
    """``value`` of query field ``name`` as shown: redacted when the name (its last ``;`` piece) is a credential
    parameter's, and any ``;name=value`` piece in it whose name is one."""
    first, sep, rest = value.partition(";")
    if name.rpartition(";")[2].casefold() in folded and not placeholders.is_record_marker(value):
        return redacted(name, value, tag_of)
    if not sep:
        return value
    pieces = [first]
    for piece in rest.split(";"):
        key, eq, piece_value = piece.partition("=")
        if eq and key.casefold() in folded and not placeholders.is_record_marker(piece_value):
            piece = f"{key}={redacted(key, piece_value, tag_of)}"
        pieces.append(piece)
    return ";".join(pieces)


def query_values(path: str, params: frozenset[str]) -> list[tuple[str, str]]:
    """(name, value) of every query value ``redact_query`` would redact in ``path``: the values the record shows
    redacted, which an answer echoing them must not show either (attack55)."""
    if not params or "?" not in path:
        return []
    folded = frozenset(p.casefold() for p in params)
    out = []
    for name, value in urllib.parse.parse_qsl(path.partition("?")[2].partition("#")[0], keep_blank_values=True):
        rest = value.partition(";")[2]
        if name.rpartition(";")[2].casefold() in folded:
            out.append((name, value))
        for piece in rest.split(";") if rest else ():
            key, eq, piece_value = piece.partition("=")
            if eq and key.casefold() in folded:
                out.append((key, piece_value))
    return out


def _text(raw: bytes) -> str:
    """A header name or value as ``http.Headers`` gives it."""
    return raw.decode("utf-8", "surrogateescape")
