"""Bodies the guard scanned whole and found nothing in: the audit recording keeps them without scanning them again.

The recording's scrub (audit/scrub.py) opens every body and scans every field once more, to mask what the policy
let through; on a clean body that finds nothing, at the cost of a second parse and a detection-cache lookup per
field, about half of what recording costs the proxy per request. The guard knows the answer already: this module
carries it from the guard's hook to the recorder's.

A mark holds for exactly the bytes the guard read (the same ``bytes`` object: any later change to the body, by an
addon, mitmweb or a replay, puts another object there), under the same ``content-type`` and ``content-encoding``
(which decide how the bytes are opened) and the same inspector (a rules reload brings a new one). The guard sets it
only when its scan and the scrub's are the same scan: the body opened as what it claims (not read as printable
strings, not binary), nothing in it skipped, and no field with a finding, counting short decoded values whose
findings the guard keeps only for fixed-shape keys. Marks live as long as the message and are never recorded.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass

from mitmproxy import http


@dataclass(frozen=True)
class _Mark:
    raw: bytes  # the very object scanned (held so that its identity cannot pass to another body)
    opened_as: tuple[bytes, ...]  # its content-type and content-encoding fields, as sent
    inspector: object


_marks: weakref.WeakKeyDictionary[http.Message, _Mark] = weakref.WeakKeyDictionary()


def mark(message: http.Message, inspector: object) -> None:
    """The guard scanned ``message``'s body as it is now with ``inspector`` and found nothing in it."""
    raw = message.raw_content
    if raw:
        _marks[message] = _Mark(raw, _opened_as(message.headers), inspector)


def is_clean(message: http.Message, inspector: object) -> bool:
    """Whether ``message``'s body is still exactly what ``inspector`` scanned and found nothing in."""
    found = _marks.get(message)
    return (found is not None and found.raw is message.raw_content and found.inspector is inspector
            and found.opened_as == _opened_as(message.headers))


_OPENED_AS = (b"content-type", b"content-encoding")


def _opened_as(headers: http.Headers) -> tuple[bytes, ...]:
    """Every content-type and content-encoding field, name and value, in order: what decides how a body is
    opened (one pass over the raw fields; ``Headers.get`` costs a case-folding pass per name)."""
    return tuple(part for name, value in headers.fields if name.lower() in _OPENED_AS for part in (name.lower(), value))
