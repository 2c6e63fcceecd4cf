"""JSON and JSON Lines bodies: every string, key and long integer is a field; masking keeps them valid.

Two walkers that produce the same fields in the same order:
- `collect_fields` (opening a body: fast, C `json.loads` then a walk of the objects), and
- `parse_document` (rendering: a Python scanner that also records where each value sits in the text).
We do not re-serialise the document: `JsonText.render` splices new JSON string literals into the
original text at the recorded spans. So an unchanged body renders byte for byte, untouched values keep
their exact formatting (numbers, escapes, whitespace, key order, duplicate keys), and a masked value
cannot change anything around it.

Locations: `$.messages[2].content[0].text`; a key that could be a secret (not identifier-like, see
`model.safe_name`) shows as its position among its siblings, `$.env.{3}`.

Decisions:
- Strings are fields (kind from `model.text_kind`). Object keys are fields too (kind "key", location
  `<member path>#key`) unless they are plain words (`model.is_plain_word`: "messages", "tool_calls").
  Integers of 9+ digits, or 6+ under a key, are fields (kind "number", location `<path>#number`, text: the
  integer's digits however it is spelled, `-1e9` or `4111111111111111.0` too: `jsonspans.number_field`) and a
  replaced number is written back as a JSON *string* (a masked card number is no longer a number).
- A string whose content is itself a JSON object/array (tool call arguments, stringified tool inputs,
  MCP params), or a JSON string literal (a text JSON-encoded twice), is walked as an embedded document up to
  `max_depth` levels (location `<path>#$.x`, a literal's text `<path>#$`); when one of its fields is replaced, the
  inner text is re-rendered the same way and written back as a JSON string.
  Beyond `max_depth`, or if it does not parse, the string is one ordinary text field.
- Duplicate keys are all walked and all kept (no dict in between). NaN / Infinity / -Infinity are accepted
  as Python's json module does, and left untouched. A top-level scalar is a valid document (`$`).
- Nesting deeper than MAX_NESTING containers (embedded documents included) is refused: recursion guard.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from . import deadline
from .deadline import EVERY
from .jsonspans import EMBED_START, MAX_NESTING, JsonSyntaxError, JsonTooDeep, number_field, parse_document
from .model import Field, is_plain_word, safe_name, text_kind

__all__ = ["MAX_NESTING", "JsonBody", "JsonLines", "JsonSyntaxError", "JsonTooDeep", "collect_fields",
           "parse_document"]

class _Int(str):
    """A number token kept as its text: no int() or float() conversion (fast, no 4300-digit limit)."""


class _Object(list):
    """A JSON object as its (key, value) pairs: order and duplicate keys kept."""


def _float(token: str):
    """A number with a fraction or exponent: kept as its text when it may be an integer (`number_field`), else a
    float, which the walk skips (a fraction ending in a digit other than 0: embeddings, parameters)."""
    if token[-1] != "0" and "e" not in token and "E" not in token:
        return 0.0
    return _Int(token)


def _loads(text: str):
    return json.loads(text, parse_int=_Int, parse_float=_float, object_pairs_hook=_Object)


def collect_fields(text: str, location: str, fields: list[Field], *, max_depth: int) -> None:
    """Append the fields of the JSON document `text`; the same fields `parse_document` finds."""
    bom = 1 if text.startswith("\ufeff") else 0
    try:
        value = _loads(text[bom:] if bom else text)
    except json.JSONDecodeError as e:
        raise JsonSyntaxError(e.msg, e.pos + bom) from None
    except RecursionError:
        raise JsonTooDeep(f"nested deeper than {MAX_NESTING} levels", 0) from None
    _ObjectWalker(fields, max_depth, 0, deadline.current().check).walk(value, location, 0)


class _ObjectWalker:
    __slots__ = ("check", "fields", "level", "max_depth")

    def __init__(self, fields: list[Field], max_depth: int, level: int, check: Callable[[], None]):
        self.fields = fields
        self.max_depth = max_depth
        self.level = level
        self.check = check  # the body's deadline (formats/deadline.py), every EVERY members of a container

    def walk(self, value, path: str, nesting: int) -> None:
        kind = type(value)
        if kind is str:
            self._string(value, path, nesting)
        elif kind is _Object or kind is list:
            if nesting >= MAX_NESTING:
                raise JsonTooDeep(f"nested deeper than {MAX_NESTING} levels", 0)
            walk, check = self.walk, self.check
            if kind is _Object:
                fields = self.fields
                for member, (key, item) in enumerate(value):
                    if not member % EVERY:
                        check()
                    member_path = f"{path}.{safe_name(key, member)}"
                    if not is_plain_word(key):
                        fields.append(Field(member_path + "#key", key, "key"))
                    walk(item, member_path, nesting + 1)
            else:
                for number, item in enumerate(value):
                    if not number % EVERY:
                        check()
                    walk(item, f"{path}[{number}]", nesting + 1)
        elif kind is _Int and (digits := number_field(value, path)) is not None:
            self.fields.append(Field(path + "#number", digits, "number"))

    def _string(self, text: str, path: str, nesting: int) -> None:
        # Mirrors text_node: an embedded JSON object/array is walked, anything else is a text field.
        if self.level < self.max_depth and EMBED_START.match(text):
            try:
                inner = _loads(text)
            except (ValueError, RecursionError):
                inner = None
            if isinstance(inner, list):
                mark = len(self.fields)
                try:
                    inner_walker = _ObjectWalker(self.fields, self.max_depth, self.level + 1, self.check)
                    inner_walker.walk(inner, path + "#$", nesting)
                    return
                except JsonTooDeep:
                    del self.fields[mark:]
            elif isinstance(inner, str):  # a JSON string literal: its text, one level down (parse_document alike)
                inner_walker = _ObjectWalker(self.fields, self.max_depth, self.level + 1, self.check)
                inner_walker._string(inner, path + "#$", nesting)
                return
        self.fields.append(Field(path, text, text_kind(text)))


# --- what body.py opens ------------------------------------------------------------------------------


class JsonBody:
    """A JSON document: fields found by the fast walker; positions found only when rendering."""

    __slots__ = ("field_count", "fields", "first", "location", "max_depth", "text")

    def __init__(self, text: str, location: str, fields: list[Field], *, max_depth: int):
        self.first = len(fields)
        collect_fields(text, location, fields, max_depth=max_depth)
        self.text, self.location, self.max_depth, self.fields = text, location, max_depth, fields
        self.field_count = len(fields) - self.first

    def render(self, replacements: dict[int, str]) -> str | None:
        """`replacements` indexes this document's own fields (0 = its first)."""
        found: list[Field] = []
        doc = parse_document(self.text, self.location, found, max_depth=self.max_depth)
        # The two walkers must agree on every field we replace: never splice at a guessed position.
        if len(found) != self.field_count or any(found[i] != self.fields[self.first + i] for i in replacements):
            raise RuntimeError("JSON walkers disagree on the fields of a body")
        return doc.render(replacements)


class JsonLines:
    """JSON Lines / NDJSON: one document per non-blank line (location `line[i]$...`, i counted from 0)."""

    __slots__ = ("docs", "lines")

    def __init__(self, text: str, fields: list[Field], *, max_depth: int):
        self.lines = text.split("\n")
        self.docs: list[tuple[int, int, JsonBody]] = []  # line number, first field index, document
        check = deadline.current().check
        for number, line in enumerate(self.lines):
            check()  # a document a line: one C parse and a walk each
            if line.strip(" \t\r"):
                first = len(fields)
                try:
                    doc = JsonBody(line, f"line[{number}]$", fields, max_depth=max_depth)
                except JsonSyntaxError as e:
                    raise JsonSyntaxError(f"line {number + 1}: {e.reason}", e.pos) from None
                self.docs.append((number, first, doc))

    def render(self, replacements: dict[int, str]) -> str | None:
        lines = list(self.lines)
        changed = False
        for number, first, doc in self.docs:
            own = {i - first: text for i, text in replacements.items() if first <= i < first + doc.field_count}
            if own:
                rendered = doc.render(own)
                assert rendered is not None  # `own` replaces at least one field of this line
                lines[number] = rendered
                changed = True
        return "\n".join(lines) if changed else None
