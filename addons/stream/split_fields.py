"""A fixed-shape key split over *different* fields of a connection's WebSocket messages. Pure: no mitmproxy import.

The connection's StreamMasker reassembles each field (JSON path) on its own, so `{"a": "AKIA2HLY"}` then
`{"b": "OSBOHAGKTYZU"}` (or both halves in two fields of one message) went upstream as two harmless pieces once each
field went on with other text. As the guard does for one body (guard/joined.py), the key-character runs at the
edges of consecutive values are joined, here in the order the values arrive over the connection: the trailing run
of the values before (a value made only of key characters is a middle piece, up to MAX_PIECES pieces) and the
leading run of the new one. Fixed-shape keys only (`inspection.is_fixed_shape`): joining ordinary values makes
e-mails and numbers out of nothing, provider keys it does not. Values that name the structure (`type`, `id`, ...:
the masker's whole-scanned keys) and base64 blobs are left out, and a join of two pieces of one field is the
field's own channel's to read.
"""

from __future__ import annotations

import re
from typing import NamedTuple

EDGE = 256  # longer than any key
MAX_PIECES = 6  # values one key may be split over (as guard/joined.py)
_LEADING = re.compile(r"[A-Za-z0-9_+/=-]*")
_TRAILING = re.compile(r"[A-Za-z0-9_+/=-]*\Z")


class Piece(NamedTuple):
    channel: str
    text: str


class Excerpt(NamedTuple):
    text: str
    cuts: tuple[int, ...]  # offsets in text where two pieces of different fields meet


class FieldJoins:
    def __init__(self) -> None:
        self.pieces: list[Piece] = []  # the key-character runs at the end of the values so far, oldest first

    def add(self, channel: str, value: str) -> Excerpt | None:
        """Take the next value; the excerpt to scan if it may complete a key begun in another field."""
        lead = _LEADING.match(value, 0, EDGE)
        head = lead.group() if lead else ""
        excerpt = None
        if head and self.pieces and any(p.channel != channel for p in self.pieces):
            cuts, at = [], 0
            for before, after in zip(self.pieces, [*self.pieces[1:], Piece(channel, head)], strict=True):
                at += len(before.text)
                if before.channel != after.channel:
                    cuts.append(at)
            excerpt = Excerpt("".join(p.text for p in self.pieces) + head, tuple(cuts))
        if value and len(head) == len(value) and len(value) <= EDGE:
            self.pieces = [*self.pieces[-(MAX_PIECES - 2):], Piece(channel, value)]  # a possible middle piece
        else:
            tail = _TRAILING.search(value, max(0, len(value) - EDGE))
            run = tail.group() if tail else ""
            self.pieces = [Piece(channel, run)] if run else []
        return excerpt


def crosses(excerpt: Excerpt, start: int, end: int) -> bool:
    """Whether [start, end) of the excerpt holds characters of two fields."""
    return any(start < cut < end for cut in excerpt.cuts)
