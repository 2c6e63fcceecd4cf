"""A same-length view of text with JSON/string escapes turned into the characters they stand for.

Raw request bodies carry values inside JSON strings: a PEM key's newlines arrive as the two characters
`\\n`, quotes around a nested JSON value as `\\"`. Those escapes break word boundaries (`\\nghp_...` has no
boundary before `ghp_`) and line-based patterns. Decoding would shift every offset after the first escape;
instead each two-character escape becomes two characters that read the same to a regex, so a match in
the view has exactly the offsets of the value in the raw text:

    \\n -> "\\n\\n"   \\r -> "\\r\\r"   \\t -> "\\t\\t"   \\" -> '""'   \\/ -> "//"

Doubled quotes and slashes are tolerated by the rules (quote classes like `["']{0,3}`, `/{2,4}`).
Deeper escaping (JSON inside a JSON string) turns `\\\\\\"` into `\\""`, which the rules also tolerate.
"""

from __future__ import annotations

import bisect
import itertools
import operator
import re

_REPLACEMENTS = {"\\n": "\n\n", "\\r": "\r\r", "\\t": "\t\t", '\\"': '""', "\\/": "//"}
_ESCAPE_KINDS = re.compile(r'\\[nrt"/u]')


def escape_kinds(text: str) -> set[str]:
    """Which escapes (`\\n`, `\\"`, `\\u`, ...) occur in the text: one pass instead of one per kind."""
    return set(_ESCAPE_KINDS.findall(text)) if "\\" in text else set()


def same_length_unescape(text: str, kinds: set[str] | None = None) -> str:
    # Each present kind costs one replace. No replacement contains a backslash and escapes cannot
    # overlap, so the order does not matter.
    for escape in escape_kinds(text) if kinds is None else kinds:
        if escape in _REPLACEMENTS:
            text = text.replace(escape, _REPLACEMENTS[escape])
    return text


def needs_decoding(kinds: set[str]) -> bool:
    """Escaped quotes or \\u escapes: JSON inside a JSON string, which the same-length view cannot
    make readable for patterns such as `"private_key": "..."`."""
    return '\\"' in kinds or "\\u" in kinds


# Only the escapes the same-length view cannot render; \n, \t etc. stay for it to handle.
_JSON_ESCAPE = re.compile(r'\\(?:u[0-9a-fA-F]{4}|["\\/])')
_SIMPLE = {'"': '"', "\\": "\\", "/": "/"}
# _JSON_ESCAPE in a text holding no `\u`: each escape stands for its second char.
_TWO_CHAR_ESCAPE = re.compile(r'\\(["\\/])')


def _decode(escape: re.Match) -> str:
    body = escape.group()[1:]
    return chr(int(body[1:], 16)) if body[0] == "u" else _SIMPLE[body]


class DecodedView:
    """The text with one level of escaped quotes, backslashes and \\u escapes decoded, and a map back to
    raw offsets."""

    def __init__(self, raw: str, kinds: set[str] | None = None):
        """`kinds`: escape_kinds(raw) when the caller has it (a search of the text for `\\u` costs ~0.1 ms per
        100 KB)."""
        if "\\u" in (kinds if kinds is not None else raw):
            spans = [m.span() for m in _JSON_ESCAPE.finditer(raw)]
            # Raw chars saved by each escape and all before it (2-char escapes save 1, \uXXXX saves 5).
            self._shrink_after = list(itertools.accumulate(end - start - 1 for start, end in spans))
            # Decoded index of each escape's character.
            self._escape_at = [start - saved for (start, _), saved in zip(spans, [0, *self._shrink_after])]
            self.text = _JSON_ESCAPE.sub(_decode, raw)
            return
        # speed56: without a \u escape every escape is two chars standing for the second, so one split (in C) gives
        # the text between the escapes and each escape's char: escape i is decoded at the length of the text before
        # it plus i, and saves i + 1 chars with those before it. No Match object and no Python call per escape (the
        # two regex passes were ~2 ms per MB of JSON bodies holding JSON); the same map (test_speed56_exact).
        parts = _TWO_CHAR_ESCAPE.split(raw)
        count = len(parts) // 2
        self._shrink_after = list(range(1, count + 1))
        self._escape_at = list(map(operator.add, itertools.accumulate(map(len, parts[0:2 * count:2])), range(count)))
        self.text = "".join(parts)

    def to_raw(self, index: int) -> int:
        """Raw offset of a decoded offset (span ends map past the whole escape)."""
        before = bisect.bisect_left(self._escape_at, index)
        return index + (self._shrink_after[before - 1] if before else 0)
