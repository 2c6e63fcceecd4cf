"""A secret split over two neighbouring values of one JSON object or array (`{"a": "AKIAIOSFOD", "b":
"NN7EXAMPLE"}`): each half alone matches nothing. Or a value wholly in one of them whose evidence is in the other:
an array of lines, as a notebook keeps a cell's source (`"  bind_user: svc\n"`, then `"  bind_word: X\n"`).
attack31: also a field and the last text field of its place one array element before (a chat message's content
parts, objects of lines, a notebook's cells), blank elements passed over.

For every two consecutive text fields of the same container, the last `WINDOW` characters of the first and
the first `WINDOW` of the second are scanned together; a finding that crosses the join is recorded once per
half (at each field) and, when its action replaces the value, both halves become the placeholder. A finding
that overlaps one found in a half on its own is that value glued to its neighbour, not a split one: skipped.
Bounded: one scan of at most 2 x WINDOW characters per pair. A half that its own scan already rewrote near the
join cannot be spliced safely: `Unsplittable` (the caller blocks).
"""

from __future__ import annotations

import re
from dataclasses import replace

from addons.core import placeholders
from addons.core.findings import FindingRecord
from addons.core.inspection import Inspector, TextResult
from addons.core.vocabulary import Action
from addons.formats import Field, deadline

WINDOW = 256  # longer than any secret a rule matches
_LAST_STEP = re.compile(r"(?:\.[^.\[\]#]+|\[\d+\])$")
_INDEX = re.compile(r"\[(\d+)\]")


class Unsplittable(Exception):
    """A split secret whose halves cannot both be masked."""


def scan_pairs(fields: list[Field], results: list[TextResult], inspector: Inspector, direction: str,
               groups: list[str] | None, time_limit: deadline.Deadline = deadline.UNBOUNDED) -> dict[int, TextResult]:
    """Updated results (by field index) for the fields that hold half of a split secret. One scan a pair: the
    message's ``time_limit`` is checked every `deadline.EVERY` pairs (codec61: 200,000 one-letter values took ~1.5 s
    past the message's budget here), `deadline.OutOfTime` past it."""
    updated: dict[int, TextResult] = {}
    for n, (i, j) in enumerate(_pairs(fields)):
        if not n % deadline.EVERY:
            time_limit.check()
        first, second = fields[i], fields[j]
        head, tail = first.text[-WINDOW:], second.text[:WINDOW]
        joined = inspector.inspect_text(head + tail, direction, first.location, groups)
        if joined.incomplete:
            raise Unsplittable(f"{first.location}: scan cut short")
        for record in joined.findings:
            if record.start >= len(head) or record.start + record.length <= len(head):
                # Wholly in one of the two, found only with the other before or after it: the line above is its
                # evidence (an array of lines: `"  bind_user: svc\n"`, then `"  bind_word: X\n"`).
                _in_one(i, j, record, fields, results, updated, len(head))
                continue
            cut_first = len(first.text) - len(head) + record.start  # where the secret starts in the first
            cut_second = record.start + record.length - len(head)  # where it ends in the second
            if _overlaps(results[i], cut_first, len(first.text)) or _overlaps(results[j], 0, cut_second):
                continue  # a value of its own glued to its neighbour (an e-mail before a word): already handled
            a = updated.get(i, results[i])
            b = updated.get(j, results[j])
            # one record per half, each at its own field (offsets and lengths within that field)
            half_a = replace(record, location=first.location, start=cut_first, length=len(first.text) - cut_first)
            half_b = replace(record, location=second.location, start=0, length=cut_second)
            a = replace(a, findings=[*a.findings, half_a], action=Action.strictest([a.action, record.action]))
            b = replace(b, findings=[*b.findings, half_b], action=Action.strictest([b.action, record.action]))
            if record.action.replaces_value:
                placeholder = placeholders.masked(record.rule, record.fingerprint)
                a = replace(a, text=_replace_tail(a.text, first.text[cut_first:], placeholder, first.location))
                b = replace(b, text=_replace_head(b.text, second.text[:cut_second], placeholder, second.location))
            updated[i], updated[j] = a, b
    return updated


def _pairs(fields: list[Field]) -> list[tuple[int, int]]:
    """The (earlier, later) text fields read together: two neighbours in one object or array, and (attack31) a
    field with the last one of its place an array element before, blank ones passed over (`content[0].text`,
    then `content[1].text`: a chat message's parts, objects of lines, a notebook's cells)."""
    pairs: dict[tuple[int, int], None] = {}
    last_of_place: dict[str, int] = {}
    for j, field in enumerate(fields):
        if field.kind != "text" or not field.text:
            continue
        before = fields[j - 1] if j else None
        if before is not None and before.kind == "text" and before.text \
                and _container(before.location) is not None \
                and _container(before.location) == _container(field.location):
            pairs[(j - 1, j)] = None
        if field.text.isspace():
            continue
        place = _INDEX.sub("[]", field.location)
        earlier = last_of_place.get(place)
        if earlier is not None and _one_element_before(fields[earlier].location, field.location):
            pairs.setdefault((earlier, j), None)
        last_of_place[place] = j
    return list(pairs)


def _one_element_before(earlier: str, later: str) -> bool:
    """Whether two locations of one place differ in one array index only, the earlier's smaller."""
    differ = [(int(a), int(b)) for a, b in zip(_INDEX.findall(earlier), _INDEX.findall(later), strict=True) if a != b]
    return len(differ) == 1 and differ[0][0] < differ[0][1]


def _in_one(i: int, j: int, record: FindingRecord, fields: list[Field], results: list[TextResult],
            updated: dict[int, TextResult], head: int) -> None:
    """A value of the joined scan that lies wholly in field i or j (`head`: the characters of field i's end
    scanned first): kept in that field unless its own scan, or an earlier pair, found it there already."""
    second = record.start >= head
    index = j if second else i
    field = fields[index]
    start = record.start - head if second else len(field.text) - head + record.start
    end = start + record.length
    current = updated.get(index, results[index])
    if _overlaps(results[index], start, end) or _overlaps(current, start, end):
        return
    text = current.text
    if record.action.replaces_value:
        if text != field.text:  # rewritten already: the span's offsets no longer hold there
            raise Unsplittable(field.location)
        text = text[:start] + placeholders.masked(record.rule, record.fingerprint) + text[end:]
    found = replace(record, location=field.location, start=start, length=record.length)
    updated[index] = replace(current, text=text, findings=[*current.findings, found],
                             action=Action.strictest([current.action, record.action]))


def _overlaps(result: TextResult, start: int, end: int) -> bool:
    return any(f.start < end and start < f.start + f.length for f in result.findings)


def _container(location: str) -> str | None:
    m = _LAST_STEP.search(location)
    return location[:m.start()] if m and "#" not in location[m.start():] else None


def _replace_tail(text: str, tail: str, placeholder: str, location: str) -> str:
    if not text.endswith(tail):
        raise Unsplittable(location)
    return text[:len(text) - len(tail)] + placeholder


def _replace_head(text: str, head: str, placeholder: str, location: str) -> str:
    if not text.startswith(head):
        raise Unsplittable(location)
    return placeholder + text[len(head):]
