"""The render-time JSON scanner: finds where every string, key and long integer (`number_field`) sits in the text, and
splices replacements there (`JsonText.render`). The rules it follows are described in jsonwalk.py;
`jsonwalk.collect_fields` must find exactly the same fields (a property test checks it)."""

from __future__ import annotations

import json
import re
from json.decoder import scanstring  # type: ignore[attr-defined]  # real, but absent from typeshed

from . import deadline
from .model import Field, is_plain_word, safe_name, text_kind

MAX_NESTING = 200

_WS = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"(-?(?:0|[1-9]\d*))(\.\d+)?([eE][-+]?\d+)?")
# A string value that opens another JSON document: an object, an array, or a string literal (a text JSON-encoded once
# more before it was put into a string: its quotes and line breaks escaped twice, so a CSV or a `key = "value"` line
# in it did not read as one).
EMBED_START = re.compile(r"[ \t\n\r]*[\[{\"]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_LITERALS = ("null", "true", "false", "NaN", "Infinity", "-Infinity")
LONG_INTEGER_DIGITS = 9  # an integer this long is a field wherever it is (a card, an account number)
# Under a key, from this long: `"password": 48392017` is a password as much as `"password": "48392017"`. Array items
# (token ids: thousands per prompt) keep the longer bound.
KEYED_INTEGER_DIGITS = 6
_MAX_SPELLED = 64  # digits an exponent may stand for and still be read as an integer: past any value a rule reads


def number_field(token: str, path: str) -> str | None:
    """The text a JSON number token at ``path`` is scanned as, when it is a field of its own; else None.
    The integer it is, however it is spelled: `-4539148803436467`, `4539148803436467.0` and `4.539148803436467e15`
    are the card `4539148803436467` to every reader (no rule reads a sign). A number that is not an integer is no
    field (model parameters, embeddings: thousands of them per body)."""
    if token.isdigit():  # most tokens: no sign, fraction or exponent
        digits = token
    elif token[-1] != "0" and "." in token and "e" not in token and "E" not in token:
        return None  # a fraction that ends in a digit other than 0 (embeddings, parameters): no integer
    else:
        digits = token[1:] if token.startswith("-") else token
    if not digits.isdigit():
        integral = _integral_digits(digits)
        if integral is None:
            return None
        digits = integral
    n = len(digits)
    return digits if n >= LONG_INTEGER_DIGITS or (n >= KEYED_INTEGER_DIGITS and not path.endswith("]")) else None


def _integral_digits(unsigned: str) -> str | None:
    """The digits of the integer an unsigned JSON number with a fraction or an exponent is, or None."""
    mantissa, _, exponent = unsigned.lower().partition("e")
    whole, _, fraction = mantissa.partition(".")
    if len(exponent.lstrip("+-")) > 3:
        return None  # 10^1000 and beyond: no integer a rule reads (and no int() of thousands of digits)
    point = len(whole) + int(exponent or "0")  # where the decimal point falls in whole + fraction
    spelled = whole + fraction
    if point > _MAX_SPELLED or spelled[max(point, 0):].strip("0"):
        return None
    return (spelled[:point] + "0" * (point - len(spelled))).lstrip("0") or "0" if point > 0 else "0"


def _skip_ws(s: str, idx: int) -> int:
    """The index of the first non-whitespace character at or after `idx`."""
    match = _WS.match(s, idx)
    assert match is not None  # _WS matches the empty string
    return match.end()


class JsonSyntaxError(Exception):
    """Not valid JSON. `reason` is a fixed phrase and `pos` a character index: no body text."""

    def __init__(self, reason: str, pos: int):
        super().__init__(f"{reason} (char {pos})")
        self.reason = reason
        self.pos = pos


class JsonTooDeep(JsonSyntaxError):
    pass


def json_string(text: str) -> str:
    """`text` as a JSON string literal: UTF-8 friendly, but escaped if it holds lone surrogates."""
    literal = json.dumps(text, ensure_ascii=False)
    if _SURROGATE.search(literal):
        return json.dumps(text)  # \udXXX escapes: a lone surrogate cannot be encoded as UTF-8
    return literal


class JsonText:
    """A parsed JSON text: `spans` are (start, end, node) where node is a field index (a string, key or
    number token) or an embedded `JsonText` (a string token whose content is a JSON document)."""

    __slots__ = ("end_field", "first_field", "spans", "text")

    def __init__(self, text: str, first_field: int):
        self.text = text
        self.spans: list[tuple[int, int, int | JsonText]] = []
        self.first_field = first_field
        self.end_field = first_field

    def render(self, replacements: dict[int, str]) -> str | None:
        """The text with replacements applied, or None if none of its fields is replaced."""
        if not any(self.first_field <= i < self.end_field for i in replacements):
            return None
        pieces = []
        pos = 0
        for start, end, node in self.spans:
            new = replacements.get(node) if isinstance(node, int) else node.render(replacements)
            if new is None:
                continue
            pieces.append(self.text[pos:start])
            pieces.append(json_string(new))
            pos = end
        pieces.append(self.text[pos:])
        return "".join(pieces)


def parse_document(text: str, location: str, fields: list[Field], *, max_depth: int,
                   level: int = 0, nesting: int = 0) -> JsonText:
    """Parse `text` as one JSON document, appending its fields to `fields`. Raises JsonSyntaxError."""
    walker = _Walker(text, fields, max_depth, level)
    doc = walker.doc
    start = 1 if text.startswith("\ufeff") else 0  # tolerate a BOM, keep it
    idx = _skip_ws(text, start)
    idx = walker.value(idx, location, nesting)
    idx = _skip_ws(text, idx)
    if idx != len(text):
        raise JsonSyntaxError("Extra data", idx)
    doc.end_field = len(fields)
    return doc


def text_node(text: str, location: str, fields: list[Field], *, max_depth: int, level: int = 0,
              nesting: int = 0) -> int | JsonText:
    """A decoded string value: an embedded JsonText if it holds a JSON object/array (and `level` allows),
    else a new text field. Used for JSON string values and for form / multipart values."""
    if level < max_depth and EMBED_START.match(text):
        mark = len(fields)
        try:
            return parse_document(text, location + "#$", fields, max_depth=max_depth,
                                  level=level + 1, nesting=nesting)
        except JsonSyntaxError:
            del fields[mark:]  # not JSON after all (or too deep): scan it as text
    fields.append(Field(location, text, text_kind(text)))
    return len(fields) - 1


class _Walker:
    __slots__ = ("check", "doc", "fields", "level", "max_depth", "s")

    def __init__(self, s: str, fields: list[Field], max_depth: int, level: int):
        self.check = deadline.current().check  # the body's (formats/deadline.py), every EVERY members
        self.s = s
        self.fields = fields
        self.max_depth = max_depth
        self.level = level
        self.doc = JsonText(s, len(fields))

    def _field(self, start: int, end: int, field: Field) -> None:
        self.fields.append(field)
        self.doc.spans.append((start, end, len(self.fields) - 1))

    def _string(self, idx: int) -> tuple[str, int]:
        try:
            return scanstring(self.s, idx + 1, True)
        except json.JSONDecodeError as e:
            raise JsonSyntaxError(e.msg, e.pos) from None

    def value(self, idx: int, path: str, nesting: int) -> int:
        s = self.s
        c = s[idx:idx + 1]
        if c == '"':
            text, end = self._string(idx)
            node = text_node(text, path, self.fields, max_depth=self.max_depth, level=self.level,
                             nesting=nesting)
            self.doc.spans.append((idx, end, node))
            return end
        if c == "{" or c == "[":
            if nesting >= MAX_NESTING:
                raise JsonTooDeep(f"nested deeper than {MAX_NESTING} levels", idx)
            if c == "{":
                return self._object(idx, path, nesting + 1)
            return self._array(idx, path, nesting + 1)
        number = _NUMBER.match(s, idx)
        if number:
            digits = number_field(number.group(), path)
            if digits is not None:
                self._field(idx, number.end(), Field(path + "#number", digits, "number"))
            return number.end()
        for literal in _LITERALS:
            if s.startswith(literal, idx):
                return idx + len(literal)
        raise JsonSyntaxError("Expecting value", idx)

    def _object(self, idx: int, path: str, nesting: int) -> int:
        s = self.s
        idx = _skip_ws(s, idx + 1)
        if s[idx:idx + 1] == "}":
            return idx + 1
        member = 0
        while True:
            if not member % deadline.EVERY:
                self.check()
            if s[idx:idx + 1] != '"':
                raise JsonSyntaxError("Expecting property name enclosed in double quotes", idx)
            key, end = self._string(idx)
            member_path = f"{path}.{safe_name(key, member)}"
            if not is_plain_word(key):
                self._field(idx, end, Field(member_path + "#key", key, "key"))
            idx = _skip_ws(s, end)
            if s[idx:idx + 1] != ":":
                raise JsonSyntaxError("Expecting ':' delimiter", idx)
            idx = _skip_ws(s, idx + 1)
            idx = self.value(idx, member_path, nesting)
            idx = _skip_ws(s, idx)
            c = s[idx:idx + 1]
            if c == "}":
                return idx + 1
            if c != ",":
                raise JsonSyntaxError("Expecting ',' delimiter", idx)
            idx = _skip_ws(s, idx + 1)
            member += 1

    def _array(self, idx: int, path: str, nesting: int) -> int:
        s = self.s
        idx = _skip_ws(s, idx + 1)
        if s[idx:idx + 1] == "]":
            return idx + 1
        item = 0
        while True:
            if not item % deadline.EVERY:
                self.check()
            idx = self.value(idx, f"{path}[{item}]", nesting)
            idx = _skip_ws(s, idx)
            c = s[idx:idx + 1]
            if c == "]":
                return idx + 1
            if c != ",":
                raise JsonSyntaxError("Expecting ',' delimiter", idx)
            idx = _skip_ws(s, idx + 1)
            item += 1
