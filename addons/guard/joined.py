"""A fixed-shape key split over values anywhere in one body: values of different objects (two chat content
parts, two messages), values with structure or numbers between them, three pieces or more
(`{"a": "AKIA", "n": 1, "b": "IOSFOD", "c": "NN7EXAMPLE"}`). `adjacent.py` joins two neighbours of one container
for every rule; this joins text values in document order for fixed-shape keys only (`inspection.is_fixed_shape`):
joining ordinary values makes e-mails, phone and card numbers out of nothing, provider keys it does not.

Values that name the structure (`"type": "text"`, `"role": "user"`) are left out, so the pieces of two content
parts are neighbours. Two neighbours can hold one key only where the first ends and the second starts with key
characters (letters, digits, `_+/=-`): the join is made of those token runs only, and a value made only of key
characters can be a middle piece. Every run of 1 to MAX_PIECES - 1 such joins is one excerpt (so a key that
ends where a value ends is not glued to the next value); the excerpts, a space apart, are scanned once.

Bounded: runs of at most `EDGE` characters; runs of more than two values up to `MAX_PIECED` characters per body,
then pairs only, so the joined text is at most a few times the size of the body's values.

A finding within one value is that value's own (its scan has it); one that crosses values is recorded at each
value it covers (the part it covers there) and, when its action replaces the value, every part becomes the
placeholder. A part that its value's own scan already rewrote cannot be spliced safely: Unsplittable.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import replace
from itertools import accumulate
from typing import NamedTuple

from addons.core import placeholders
from addons.core.findings import FindingRecord
from addons.core.inspection import Inspector, TextResult
from addons.core.vocabulary import Action, HostClass
from addons.formats import Field
from addons.guard.adjacent import Unsplittable

EDGE = 256  # longer than any key
MAX_PIECES = 6  # values one key may be split over
MAX_PIECED = 64 << 10  # characters of values joined in runs of more than two per body
APART_VALUES = 16  # values whose pairs are all joined when ``apart`` (120 pairs at most)
_STRUCTURE = re.compile(r"\.(?:type|role|model|object|id|name|status|finish_reason|media_type|mime_type|mimeType"
                        r"|format|detail|index)$")
KEY_CHARACTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_+/=-"


class _Piece(NamedTuple):
    field: int
    start: int  # in the field's text
    end: int


class _Value(NamedTuple):
    field: int
    length: int
    lead: int  # end of the leading token run
    trail: int  # start of the trailing token run
    pure: bool  # all of it is key characters: it can be a middle piece


def scan(fields: list[Field], results: list[TextResult], inspector: Inspector, direction: str,
         groups: list[str] | None, host_class: str = HostClass.GUARDED,
         max_pieces: int = MAX_PIECES, apart: bool = False) -> dict[int, TextResult]:
    """Updated results (by field index) for the values that hold a piece of a split key (in at most
    ``max_pieces`` values). ``apart``: two values with others between are joined too (`_apart_pairs`)."""
    values = _values(fields)
    # Each value's edge runs as text, cut once (codec61: the excerpts' texts were joined piece by piece, a slice and
    # three lookups a piece: most of the joins' cost on thousands of one-letter headers)
    leads = [fields[v.field].text[:v.lead] for v in values]
    trails = [fields[v.field].text[v.trail:] for v in values]
    excerpts, texts = _excerpts(values, leads, trails, max_pieces)
    if apart:
        pairs, pair_texts = _apart_pairs(values, leads, trails)
        excerpts += pairs
        texts += pair_texts
    if not excerpts:
        return {}
    starts, at = [], 0
    for text in texts:
        starts.append(at)
        at += len(text) + 1
    found = inspector.inspect_text(" ".join(texts), direction, "joined values", groups, host_class=host_class,
                                   fixed_shape_only=True)
    if found.incomplete:
        raise Unsplittable("joined values: scan cut short")
    updated: dict[int, TextResult] = {}
    for record in found.findings:
        n = bisect.bisect_right(starts, record.start) - 1
        pieces = _covered(_pieces(values, excerpts[n]), record.start - starts[n],
                          record.start + record.length - starts[n])
        if pieces is None or any(_overlaps(updated.get(p.field, results[p.field]), p) for p in pieces):
            continue  # in one value (its own scan has it), already joined, or glued to a value of its own
        for piece in pieces:
            updated[piece.field] = _with_piece(updated.get(piece.field, results[piece.field]), fields[piece.field],
                                               piece, record)
    return updated


def has_key_edge(text: str) -> bool:
    """Whether the text starts or ends with a key character (can hold a piece of a split key)."""
    return bool(text) and (text[0] in KEY_CHARACTERS or text[-1] in KEY_CHARACTERS)


def _values(fields: list[Field]) -> list[_Value]:
    values = []
    for index, field in enumerate(fields):
        text = field.text
        if field.kind != "text" or not text or ("." in field.location and _STRUCTURE.search(field.location)):
            continue
        # The key-character runs at either edge, each read at most EDGE characters in (str.strip runs in C).
        head, tail = text[:EDGE], text[-EDGE:]
        lead = len(head) - len(head.lstrip(KEY_CHARACTERS))
        trail = len(text) - len(tail) + len(tail.rstrip(KEY_CHARACTERS))
        values.append(_Value(index, len(text), lead, trail, lead == len(text)))
    return values


# An excerpt: (first, last, through) positions in the values: the first's trailing run, then every value after it up
# to the last (pure middles, the last's leading run) when ``through``, else the last's leading run alone
# (`_apart_pairs`)
_Excerpt = tuple[int, int, bool]


def _excerpts(values: list[_Value], leads: list[str], trails: list[str],
              max_pieces: int = MAX_PIECES) -> tuple[list[_Excerpt], list[str]]:
    """Every run of 1 to MAX_PIECES - 1 joins: the first value's trailing run, pure middles, the last value's
    leading run; and each one's text. Past `MAX_PIECED` characters (thousands of short values), two values at a
    time only: the joined text stays about twice the size of the values."""
    excerpts: list[_Excerpt] = []
    texts: list[str] = []
    budget = MAX_PIECED
    lengths = [0, *accumulate(v.length for v in values)]  # lengths[j] - lengths[i]: values i..j-1 together
    for i, first in enumerate(values):
        if first.trail == first.length:
            continue  # ends with no key character
        text = trails[i]
        reach = max_pieces if budget > 0 else 2
        budget -= lengths[min(i + reach, len(values))] - lengths[i]
        for j in range(i + 1, min(i + reach, len(values))):
            value = values[j]
            if not value.lead:
                break
            text += leads[j]  # each excerpt is the one before it and one more value's leading run
            excerpts.append((i, j, True))
            texts.append(text)
            if not value.pure:
                break
    return excerpts, texts


def _apart_pairs(values: list[_Value], leads: list[str], trails: list[str]) -> tuple[list[_Excerpt], list[str]]:
    """Each value's trailing run joined with the leading run of every later value but the next (which
    `_excerpts` joins), among the first APART_VALUES values: a reader of the agent's own picks its pieces out
    whatever stands between. Pairs only (all subsets of three are too many)."""
    excerpts: list[_Excerpt] = []
    texts: list[str] = []
    for i, first in enumerate(values[:APART_VALUES]):
        if first.trail == first.length:
            continue
        for j in range(i + 2, min(len(values), APART_VALUES)):
            if values[j].lead:
                excerpts.append((i, j, False))
                texts.append(trails[i] + leads[j])
    return excerpts, texts


def _pieces(values: list[_Value], excerpt: _Excerpt) -> list[_Piece]:
    """The pieces of the values an excerpt joins, in order (made only for an excerpt a finding is in)."""
    i, j, through = excerpt
    first = values[i]
    between = values[i + 1:j + 1] if through else [values[j]]
    return [_Piece(first.field, first.trail, first.length), *(_Piece(v.field, 0, v.lead) for v in between)]


def _covered(excerpt: list[_Piece], start: int, end: int) -> list[_Piece] | None:
    """The parts of the values that the excerpt's [start, end) covers; None unless two values or more."""
    covered, at = [], 0
    for piece in excerpt:
        size = piece.end - piece.start
        low, high = max(start, at), min(end, at + size)
        if low < high:
            covered.append(_Piece(piece.field, piece.start + low - at, piece.start + high - at))
        at += size
    return covered if len(covered) >= 2 else None


def _overlaps(result: TextResult, piece: _Piece) -> bool:
    return any(f.start < piece.end and piece.start < f.start + f.length for f in result.findings)


def _with_piece(result: TextResult, field: Field, piece: _Piece, record: FindingRecord) -> TextResult:
    own = replace(record, location=field.location, start=piece.start, length=piece.end - piece.start)
    text = result.text
    if record.action.replaces_value:
        text = _splice(text, field, piece, placeholders.masked(record.rule, record.fingerprint))
    return replace(result, text=text, findings=[*result.findings, own],
                   action=Action.strictest([result.action, record.action]))


def _splice(text: str, field: Field, piece: _Piece, placeholder: str) -> str:
    """Replace the piece, which is the value's head, its tail or all of it, in its (maybe rewritten) text."""
    original = field.text
    part = original[piece.start:piece.end]
    if piece.start == 0 and piece.end == len(original):
        if text != original:
            raise Unsplittable(field.location)
        return placeholder
    if piece.start == 0 and text.startswith(part):
        return placeholder + text[len(part):]
    if piece.end == len(original) and text.endswith(part):
        return text[:len(text) - len(part)] + placeholder
    raise Unsplittable(field.location)
