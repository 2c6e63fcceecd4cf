"""A normalised view of text that hides a value from the rules by small disguises, with an offset map back.

Undone here: zero-width and other invisible format characters (dropped), Cyrillic / Greek lookalikes of
Latin letters and fullwidth ASCII (folded to the Latin letter), HTML character references (`&#65;`,
`&#x41;`, `&amp;`) and percent-encoded ASCII (`%41`). Each disguise is one token of the original text that
becomes zero or one character of the view; `View.original_span` maps a match in the view back to the exact
characters of the original, so a placeholder replaces the disguised value and nothing around it.

Bounded: texts longer than `MAX_CHARS` get no view (the caller scans them as they are, and says so).
"""

from __future__ import annotations

import bisect
import html.entities
import re
from dataclasses import dataclass

MAX_CHARS = 4 << 20

_INVISIBLE = "\u00ad\u180e\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff"
_LOOKALIKES = {
    # Cyrillic
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C", "Т": "T",
    "Х": "X", "У": "Y", "І": "I", "Ј": "J", "Ѕ": "S", "Ԛ": "Q", "Ԝ": "W",
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s",
    "ԁ": "d", "һ": "h", "ԛ": "q", "ԝ": "w", "ӏ": "l",
    # Greek
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O",
    "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X", "ο": "o", "ν": "v",
}
_TOKEN = re.compile(
    "[" + _INVISIBLE + "".join(_LOOKALIKES) + "\uff01-\uff5e]"
    r"|&#[0-9]{1,7};|&#[xX][0-9a-fA-F]{1,6};|&[A-Za-z][A-Za-z0-9]{1,15};"
    r"|%[0-7][0-9A-Fa-f]")


@dataclass(frozen=True, slots=True)
class View:
    text: str
    # One entry per token, in order: (position in the view, start and end in the original, view length 0|1)
    tokens: list[tuple[int, int, int, int]]
    _positions: list[int]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The original characters that the view's [start, end) came from."""
        if end <= start:
            at = self._char(start)[0]
            return at, at
        return self._char(start)[0], self._char(end - 1)[1]

    def _char(self, index: int) -> tuple[int, int]:
        """Where the view's character `index` sits in the original. Zero-length tokens (invisible characters)
        at this position lie before it, so the last token starting at or before it decides."""
        i = bisect.bisect_right(self._positions, index) - 1
        if i < 0:
            return index, index + 1
        view_pos, start, end, length = self.tokens[i]
        if length and view_pos == index:
            return start, end
        at = end + index - (view_pos + length)
        return at, at + 1


def view_of(text: str) -> View | None:
    """The undisguised view, or None when the text holds no disguise (the usual case: one regex search)."""
    if len(text) > MAX_CHARS or not _TOKEN.search(text):
        return None
    pieces: list[str] = []
    tokens: list[tuple[int, int, int, int]] = []
    last = 0
    view_len = 0
    for m in _TOKEN.finditer(text):
        replacement = _undo(m.group())
        if replacement is None:
            continue
        pieces.append(text[last:m.start()])
        view_len += m.start() - last
        tokens.append((view_len, m.start(), m.end(), len(replacement)))
        pieces.append(replacement)
        view_len += len(replacement)
        last = m.end()
    if not tokens:
        return None
    pieces.append(text[last:])
    return View("".join(pieces), tokens, [t[0] for t in tokens])


def _undo(token: str) -> str | None:
    """The one character (or "") a disguise stands for; None to leave the token as it is."""
    if len(token) == 1:
        if token in _INVISIBLE:
            return ""
        if token in _LOOKALIKES:
            return _LOOKALIKES[token]
        return chr(ord(token) - 0xFEE0)  # fullwidth ASCII
    if token[0] == "%":
        char = chr(int(token[1:], 16))
        return char if char.isprintable() else None
    if token.startswith("&#"):
        number = int(token[3:-1], 16) if token[2] in "xX" else int(token[2:-1])
        return chr(number) if 0 < number < 0x110000 and chr(number).isprintable() else None
    codepoint = html.entities.name2codepoint.get(token[1:-1])
    return chr(codepoint) if codepoint is not None else None
