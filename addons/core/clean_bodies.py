"""Bodies the guard scanned whole: the audit recording keeps or masks them without opening and scanning them again.

The recording's scrub (audit/scrub.py) opens every body and scans every field once more, to mask what the policy
let through; on a clean body that finds nothing, at the cost of a second parse and a detection-cache lookup per
field, about half of what recording costs the proxy per request. The guard knows the answer already: this module
carries it from the guard's hook to the recorder's.

A mark holds for exactly the bytes the guard read (the same ``bytes`` object: any later change to the body, by an
addon, mitmweb or a replay, puts another object there), under the same ``content-type`` and ``content-encoding``
(which decide how the bytes are opened) and the same inspector (a rules or policy reload brings a new one, and with
it the body size limit). The guard marks a body only when its scan and the scrub's are the same scan: the body
opened as what it claims (not read as printable strings, not binary), nothing in it skipped, and every field's
scan complete. The mark says either that nothing was found in any field, counting short decoded values whose
findings the guard keeps only for fixed-shape keys (``is_clean``: the body is recorded as it is), or, while the
recorder asks for it (``keep_scans``), what the scrub itself would compute (``scanned``): the opened body, its
decoded bytes and each field's findings of every rule in its context, whatever the policy did with them. The scrub
then masks those findings without a second parse or lookup. Marks live as long as the message (or until the guard
changes the body: ``forget``) and are never recorded. The scrub does not use a mark when it masks a value in the
``content-type`` or ``content-encoding`` itself (a multipart boundary that is a key): the guard's opening would
write that value again (audit/scrub.py ``mask_message``).
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from dataclasses import dataclass

from mitmproxy import http

from addons.formats import Doc


@dataclass(frozen=True)
class Scan:
    """What the scrub would compute for a body: ``doc`` (formats.Doc, opened from ``body``, the decoded bytes) and
    ``found[i]``, ``Inspector.detect_in_context`` of ``doc.fields[i]`` in its context (``inspection.contexts_of``)."""
    doc: Doc
    body: bytes
    found: tuple[Sequence, ...]


@dataclass(frozen=True)
class _Mark:
    raw: bytes  # the very object scanned (held so that its identity cannot pass to another body)
    opened_as: tuple[bytes, ...]  # its content-type and content-encoding fields, as sent
    # the headers' field tuple then (held: its identity cannot pass to another): the same object, the same fields
    fields: tuple
    inspector: object
    scan: Scan | None  # None: nothing found in any field


_marks: weakref.WeakKeyDictionary[http.Message, _Mark] = weakref.WeakKeyDictionary()
# Whether the guard hands its scans of bodies with findings over (audit.py sets it while recording): a scan holds
# the opened body, about twice its size, for the message's life, which only a recorder needs.
_keep_scans = False


def keep_scans(on: bool) -> None:
    global _keep_scans
    _keep_scans = on


def mark(message: http.Message, inspector: object, scan: Scan | None = None) -> None:
    """The guard scanned ``message``'s body as it is now with ``inspector``: found nothing in it (``scan`` None),
    or found what ``scan`` holds (kept only while ``keep_scans`` is on)."""
    raw = message.raw_content
    # bytes only: a mutable object (a bytearray an addon put in the data) keeps its identity with other bytes
    if raw and type(raw) is bytes and (scan is None or _keep_scans):
        _marks[message] = _Mark(raw, _opened_as(message.headers), message.headers.fields, inspector, scan)


def forget(message: http.Message) -> None:
    """The guard changed the body it marked (masked it, or put the held view there): the mark no longer holds,
    and its scan (the opened body) is not kept for the rest of the message's life (a streamed answer's minutes)."""
    _marks.pop(message, None)


def is_clean(message: http.Message, inspector: object) -> bool:
    """Whether ``message``'s body is still exactly what ``inspector`` scanned and found nothing in."""
    found = _valid(message, inspector)
    return found is not None and found.scan is None


def scanned(message: http.Message, inspector: object) -> Scan | None:
    """The guard's scan of ``message``'s body, while the body is still exactly what ``inspector`` scanned."""
    found = _valid(message, inspector)
    return found.scan if found is not None else None


def handed_over(message: http.Message, inspector: object) -> _Mark | None:
    """``is_clean`` and ``scanned`` in one check: the mark while it holds (its ``scan`` None: found nothing)."""
    return _valid(message, inspector)


def _valid(message: http.Message, inspector: object) -> _Mark | None:
    found = _marks.get(message)
    if found is None or found.raw is not message.raw_content or found.inspector is not inspector:
        return None
    # A header field tuple (of mitmproxy's (name, value) tuples) is never changed in place: every change replaces
    # it. While the headers still hold the one the guard read, their content-type and content-encoding are those
    # it opened the body by, without a pass over the fields (rec55: most bodies reach the record with their
    # headers untouched). Anything else (a list an addon put there) is compared field by field.
    fields = message.headers.fields
    if type(fields) is tuple and fields is found.fields:
        return found
    return found if found.opened_as == _opened_as(message.headers) else None


OPENED_AS = (b"content-type", b"content-encoding")  # the header fields that decide how a body is opened


def _opened_as(headers: http.Headers) -> tuple[bytes, ...]:
    """Every content-type and content-encoding field, name and value, in order: what decides how a body is
    opened (one pass over the raw fields; ``Headers.get`` costs a case-folding pass per name)."""
    parts: list[bytes] = []
    for name, value in headers.fields:  # a loop, not a nested generator: half the cost (rec54)
        if (folded := name.lower()) in OPENED_AS:
            parts += (folded, value)
    return tuple(parts)
