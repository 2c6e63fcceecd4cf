"""A normalised view of text that hides a value from the rules by small disguises, with an offset map back.

Undone here: zero-width and other invisible format characters (dropped), Cyrillic / Greek lookalikes of
Latin letters and fullwidth ASCII (folded to the Latin letter), HTML character references (`&#65;`,
`&#x41;`, `&amp;`) and percent-encoded ASCII (`%41`). Each disguise is one token of the original text that
becomes zero or one character of the view; `View.original_span` maps a match in the view back to the exact
characters of the original, so a placeholder replaces the disguised value and nothing around it.

Mathematical alphanumerics, enclosed and super/subscript letters and digits are folded by NFKC, one character
at a time; every other character Unicode TR39 lists as confusable with one ASCII letter or digit (534 of them:
Armenian, Cherokee, Coptic, Lisu, letterlike symbols, ...) is folded by the generated table `confusables.py`.

`loose_views(text)` are views for fixed-shape keys only (the caller keeps only such findings in them, since
they join text that ordinary writing also joins): a token broken by a line break (`AKIAIOSF\nODNN...`, or an
escaped `\n` in pasted JSON) or by one control character or visible blank (NUL, NBSP, U+2800, U+FFFD: attack50),
a token spaced out one character at a time (`A K I A ...`, `A-K-I-A`, `A.K.I.A`,
or a NUL after each: UTF-16 bytes read as characters),
and long words read backwards or in rot13. Each is an excerpt of the text: only the words around a break, the
spaced run or the long word are in it, so their cost is that of the excerpt, and a text without any costs a few
string searches.

Bounded: texts longer than `MAX_CHARS` get no view (the caller scans them as they are, and says so).
"""

from __future__ import annotations

import bisect
import html.entities
import itertools
import operator
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from . import confusables

MAX_CHARS = 4 << 20

# attack49: every default-ignorable code point of the BMP (Unicode's DerivedCoreProperties: nothing a text shows),
# not only the zero-width ones: a bidi embedding or isolate (U+202A-202E, U+2066-2069), a variation selector, the
# combining grapheme joiner, a Hangul filler inside a key sent it whole. Beyond the BMP (tags U+E0000-E0FFF, ...)
# and lone surrogates (a JSON `\ud800`): ``_ignorable``.
_INVISIBLE = ("\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5" + "".join(map(chr, range(0x180b, 0x1810)))
              + "".join(map(chr, range(0x200b, 0x2010))) + "".join(map(chr, range(0x202a, 0x202f)))
              + "".join(map(chr, range(0x2060, 0x2070))) + "\u3164" + "".join(map(chr, range(0xfe00, 0xfe10)))
              + "\ufeff\uffa0" + "".join(map(chr, range(0xfff0, 0xfffc))))  # and U+FFF9-FFFB: format, unseen
_SURROGATES = "\ud800-\udfff"
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
# Every other character Unicode TR39 lists as confusable with one ASCII letter or digit (Armenian, Cherokee,
# Coptic, Lisu, mathematical and letterlike symbols, ...); the table above wins where they differ (TR39 reads
# Cyrillic and Greek capital I as "l").
_LOOKALIKES = {**confusables.LATIN, **_LOOKALIKES}
# Folded by NFKC when that gives one ASCII letter or digit: enclosed alphanumerics (circled, parenthesized),
# superscripts and subscripts, and beyond the BMP mathematical alphanumerics.
_COMPATIBILITY = "\u2460-\u24ff\u2070-\u209f\u1d2c-\u1d6a"
# Characters beyond the BMP are one range here and looked up one by one in _undo: a character class listing
# them is searched linearly by the regex engine (100x slower on every text).
_CHARACTERS = ("[" + _INVISIBLE + _SURROGATES + "".join(c for c in _LOOKALIKES if c <= "\uffff") + "\uff01-\uff5e"
               + _COMPATIBILITY + "\U00010000-\U0010ffff]")
# Backslash escapes of string literals (attack23): `\x41` (YAML, Python, JavaScript, C), `\U00000041` (TOML,
# Python, C++), `\u{41}` (JavaScript, Rust, Swift, PHP), `\N{LATIN CAPITAL LETTER A}` (Python), `\101` (octal:
# Python, C, a shell's $'...'). `\u0041` is the scanner's own (detect/escapes.py).
_BACKSLASH_ESCAPES = (r"\\(?:x[0-7][0-9A-Fa-f]|U00(?:0[0-9A-Fa-f]|10)[0-9A-Fa-f]{4}|u\{[0-9A-Fa-f]{1,6}\}"
                      r"|N\{[A-Z0-9][A-Z0-9 -]{0,79}\}|0?[4-7][0-7]|1[0-7][0-7])")
# CSS escapes (split23): a backslash, up to six hex digits and one blank after them (`\41 `, `\000041`; a
# stylesheet's string, a `style` attribute). Only those of printable ASCII are read (`\201C`, an icon font's
# `\f101` are no disguise). With fewer than six digits and no blank, the next character must be no hex digit (a
# CSS parser would read it as one more). `\60`-`\71` (and `\060`-`\071`) are also C's octal escapes of the
# digits: the view reads them as octal, a second view (`views_of`) as CSS.
_CSS_BLANK = r"(?:\r\n|[ \t\n\r\f])"
_CSS_OCTAL_DIGIT = r"0?(?:6[0-7]|7[01])(?![0-9A-Fa-f])"
_CSS_ESCAPE = (rf"\\(?:0000[2-7][0-9A-Fa-f]{_CSS_BLANK}?|0{{0,3}}[2-7][0-9A-Fa-f](?:{_CSS_BLANK}|(?![0-9A-Fa-f])))")
_CSS = rf"(?P<css>(?!\\{_CSS_OCTAL_DIGIT}){_CSS_ESCAPE})"
_CSS_FIRST = rf"(?P<css>{_CSS_ESCAPE})"
_OTHER_ESCAPES = r"&#[0-9]{1,7};|&#[xX][0-9a-fA-F]{1,6};|&[A-Za-z][A-Za-z0-9]{1,15};|%[0-7][0-9A-Fa-f]|"
# CSS's other escape (attack28): a backslash before a character that is no hex digit and no line break stands for
# that character (`e\gtok_`; Markdown's `\_` too). Tried after every other escape (`\x41`, `\N{...}`, `\U000...`
# and the scanner's own `\u0041` keep their meaning). Not `\n`, `\r`, `\t`, `\v`: C, Python and JavaScript read them
# as control characters, and a second view of every text holding one within key characters (`\nDATADOG_API_KEY=`)
# changed what the stream hold-back and the masker read (EVASION.md: open).
_IDENTITY = r"[G-Zg-mo-qswyz_+/=.-]|x(?![0-9A-Fa-f])|u(?![0-9A-Fa-f]{4}|\{)"
_CSS_IDENTITY = rf"\\(?:{_IDENTITY})"
_ESCAPES = _CSS + "|" + _OTHER_ESCAPES + _BACKSLASH_ESCAPES + "|" + _CSS_IDENTITY
_TOKEN = re.compile(_CHARACTERS + "|" + _ESCAPES)
_TOKEN_CSS_FIRST = re.compile(_CHARACTERS + "|" + _CSS_FIRST + "|" + _OTHER_ESCAPES + _BACKSLASH_ESCAPES + "|"
                              + _CSS_IDENTITY)
_CSS_CONFLICT = re.compile(rf"\\{_CSS_OCTAL_DIGIT}")
# Searched apart: one alternation tried at every position is ~10x slower than a search for each literal start.
_CHARACTER = re.compile(_CHARACTERS)
_AMPERSAND_ESCAPE = re.compile(r"&(?:#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{1,15};)")
_PERCENT_ESCAPE = re.compile(r"%[0-7][0-9A-Fa-f]")
_BACKSLASH_ESCAPE = re.compile(_CSS_ESCAPE + "|" + _BACKSLASH_ESCAPES)
# A CSS identity escape is a disguise only within a run of 16 key characters or more (the escapes counted): a
# regex's `\s*\w+` or LaTeX's `\quad` alone bring no view (~30% of the scan on backslash-heavy code).
_IDENTITY_ESCAPE = re.compile(_CSS_IDENTITY)
_KEY_RUN = re.compile(r"[A-Za-z0-9_+/=-]{16,}")


class Entries:
    """A view's map back to the original: one entry per token, in order: (position in the view, start and end in
    the original, view length: 0|1, or n for a run of n like tokens)."""

    def __init__(self, tokens: list[tuple[int, int, int, int]]) -> None:
        self.tokens = tokens
        self._positions = [t[0] for t in tokens]

    def char(self, index: int) -> tuple[int, int]:
        return _char_after(self.tokens, bisect.bisect_right(self._positions, index) - 1, index, (0, 0))


def _char_after(tokens: list[tuple[int, int, int, int]], i: int, index: int,
                before: tuple[int, int]) -> tuple[int, int]:
    """Where the view's character `index` sits in the original, `tokens[i]` being the last token starting at or
    before it (zero-length tokens at this position lie before it, so the last one decides); with no such token
    (`i` < 0), `before` is the (view, original) position the text runs on from unchanged."""
    if i < 0:
        at = before[1] + index - before[0]
        return at, at + 1
    view_pos, start, end, length = tokens[i]
    if index < view_pos + length:  # a run of like tokens stands for one view character each, all as long
        unit = (end - start) // length
        at = start + (index - view_pos) * unit
        return at, at + unit
    at = end + index - (view_pos + length)
    return at, at + 1


class Chunked:
    """``view_of``'s map back to the original (dos59): where every ``CHUNK_TOKENS``-th token starts, in the
    original and in the view; a chunk's tokens are found again (one regex pass over it) the first time a match is
    mapped into it. Building the view costs C operations only (a regex split, dict lookups, a join), not a Python
    step per token: ~1 us each, ~0.35 s per MiB of `%41`."""

    def __init__(self, original: str, token: re.Pattern[str], starts: list[tuple[int, int]]) -> None:
        self.original = original
        self.token = token
        self.starts = starts  # (view, original) position of each chunk's start
        self._view_starts = [view for view, _ in starts]
        self._chunks: dict[int, tuple[list[tuple[int, int, int, int]], list[int]]] = {}

    def char(self, index: int) -> tuple[int, int]:
        c = bisect.bisect_right(self._view_starts, index) - 1
        if c < 0:
            return index, index + 1
        tokens, positions = self._tokens(c)
        return _char_after(tokens, bisect.bisect_right(positions, index) - 1, index, self.starts[c])

    def _tokens(self, c: int) -> tuple[list[tuple[int, int, int, int]], list[int]]:
        found = self._chunks.get(c)
        if found is None:
            view_len, last = self.starts[c]
            tokens = []
            # the tokens the split found, from the same position: the regex looks ahead only, never behind
            for m in itertools.islice(self.token.finditer(self.original, last), CHUNK_TOKENS):
                token = m.group()
                replacement = _UNDONE[token, m.group("css")]
                if replacement == token:
                    continue
                view_len += m.start() - last
                tokens.append((view_len, m.start(), m.end(), len(replacement)))
                view_len += len(replacement)
                last = m.end()
            found = self._chunks[c] = (tokens, [t[0] for t in tokens])
        return found


CHUNK_TOKENS = 256  # tokens per chunk of Chunked: a match mapped back costs a regex pass over at most this many


@dataclass(frozen=True, slots=True)
class View:
    text: str
    _map: Entries | Chunked
    # whether undoing a disguise gave a character an escape starts with (`views_of` reads the view once more)
    made_an_escape_start: bool = False

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The original characters that the view's [start, end) came from."""
        if end <= start:
            at = self._map.char(start)[0]
            return at, at
        return self._map.char(start)[0], self._map.char(end - 1)[1]


@dataclass(frozen=True, slots=True)
class TwiceView:
    """A view of a view (open30): an escape written with an escaped backslash (`&#92;41 KIA...` in a style
    attribute: HTML gives `\\41 KIA...`, then CSS `AKIA...`), or with an escaped `&` or `%` (attack31: `&amp;#65;`,
    `%2541`). ``outer`` is itself a TwiceView at the third reading (`&amp;#92;41 `: HTML, HTML, then CSS)."""
    text: str
    outer: View | TwiceView  # of the original text
    inner: View  # of outer.text

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        return self.outer.original_span(*self.inner.original_span(start, end))


MAX_READINGS = 3  # an escape of an escape of an escape (`&amp;#92;41 `, `%252541`); deeper is open (EVASION.md)
MAX_VIEWS = 8  # every view is one more scan of the text
_ESCAPE_STARTS = "\\&%"


def views_of(text: str) -> list[View | TwiceView]:
    """The undisguised view (``view_of``), and when the text holds an escape C reads as an octal digit and CSS as a
    letter (`\\67`: `7` or `g`), the view that reads it as CSS too: the usual text has none. When undoing made an
    escape's first character (`&#92;` or `%5C` a backslash, `&amp;` or `&#38;` an ampersand, `%25` or `&#37;` a
    percent sign), that view is read once more, up to ``MAX_READINGS`` in all (the usual text has none; a page's
    `&amp;` makes one more regex search of its view)."""
    plain = _plain_views_of(text)
    views: list[View | TwiceView] = list(plain)
    seen = {text, *(view.text for view in plain)}
    again: list[View | TwiceView] = [view for view in plain if view.made_an_escape_start]
    for _ in range(MAX_READINGS - 1):
        deeper: list[View | TwiceView] = []
        for outer in again:
            for inner in _plain_views_of(outer.text):
                if inner.text in seen or len(views) >= MAX_VIEWS:
                    continue
                seen.add(inner.text)
                twice = TwiceView(inner.text, outer, inner)
                views.append(twice)
                if inner.made_an_escape_start:
                    deeper.append(twice)
        again = deeper
    return views


def _plain_views_of(text: str) -> list[View]:
    """The undisguised view, and the one that reads `\\60`-`\\71` as CSS when the text holds such an escape."""
    view = view_of(text)
    if view is None:
        return []
    if "\\" in text and _CSS_CONFLICT.search(text) is not None:
        css = view_of(text, css_first=True)
        if css is not None and css.text != view.text:
            return [view, css]
    return [view]


def view_of(text: str, css_first: bool = False) -> View | None:
    """The undisguised view, or None when the text holds no disguise (the usual case: one regex search).
    ``css_first``: `\\60`-`\\71` read as CSS escapes, not octal (see ``views_of``)."""
    if len(text) > MAX_CHARS or not _may_be_disguised(text):
        return None
    # C operations only (dos59): the text split at its tokens, each token's replacement looked up (computed once
    # per distinct token), the pieces joined; where chunks of tokens start is summed from their lengths.
    parts = (_SPLIT_CSS_FIRST if css_first else _SPLIT).split(text)  # plain, token, its css group, plain, ...
    plains, tokens = parts[0::_STRIDE], parts[1::_STRIDE]
    undone = list(map(_UNDONE.__getitem__, zip(tokens, parts[_STRIDE - 1::_STRIDE])))
    if undone == tokens:
        return None  # every token is left as it is
    starts = [(0, 0)]
    view_at = at = 0
    for c in range(CHUNK_TOKENS, len(tokens), CHUNK_TOKENS):
        plain = sum(map(len, plains[c - CHUNK_TOKENS:c]))
        at += plain + sum(map(len, tokens[c - CHUNK_TOKENS:c]))
        view_at += plain + sum(map(len, undone[c - CHUNK_TOKENS:c]))
        starts.append((view_at, at))
    view = "".join(itertools.chain.from_iterable(zip(plains, undone))) + plains[-1]
    made = "".join(itertools.compress(undone, map(operator.ne, undone, tokens)))  # what the undone tokens gave
    return View(view, Chunked(text, _SPLIT_CSS_FIRST if css_first else _SPLIT, starts),
                not _ESCAPE_START_SET.isdisjoint(made))


def _may_be_disguised(text: str) -> bool:
    """Whether ``_TOKEN`` matches anywhere in ``text``. Every invisible and lookalike character is beyond ASCII
    (tests/detect/test_disguise_speed.py holds it), so an ASCII text can only hold escapes, and only with a `&` or
    a `%` (or a backslash): most texts are answered by ``str.isascii`` and ``in``, both in C."""
    if not text.isascii() and _CHARACTER.search(text) is not None:
        return True
    return ("&" in text and _AMPERSAND_ESCAPE.search(text) is not None) or \
        ("%" in text and _PERCENT_ESCAPE.search(text) is not None) or \
        ("\\" in text and (_BACKSLASH_ESCAPE.search(text) is not None or _identity_escape_in_key_run(text)))


def _identity_escape_in_key_run(text: str) -> bool:
    """Whether some identity escape has 16 key characters in a row around it, the backslashes dropped (each looked
    at in a window of its own, 16 escapes wide: one alternation tried at every character cost more than the view)."""
    return any(_KEY_RUN.search(text[max(0, m.start() - 32):m.end() + 32].replace("\\", "")) is not None
               for m in _IDENTITY_ESCAPE.finditer(text))


def _undo(token: str) -> str | None:
    """The one character (or "") a disguise stands for; None to leave the token as it is."""
    if len(token) == 1:
        if token in _INVISIBLE or _ignorable(token):
            return ""
        if token in _LOOKALIKES:
            return _LOOKALIKES[token]
        if "\uff01" <= token <= "\uff5e":
            return chr(ord(token) - 0xFEE0)  # fullwidth ASCII
        folded = unicodedata.normalize("NFKC", token)
        return folded if len(folded) == 1 and folded.isascii() and folded.isalnum() else None
    if token[0] == "%":
        char = chr(int(token[1:], 16))
        return char if char.isprintable() else None
    if token[0] == "\\":
        escaped = _backslash_escaped(token)
        return escaped if escaped is not None and escaped.isprintable() else None
    if token.startswith("&#"):
        number = int(token[3:-1], 16) if token[2] in "xX" else int(token[2:-1])
        return chr(number) if 0 < number < 0x110000 and chr(number).isprintable() else None
    codepoint = html.entities.name2codepoint.get(token[1:-1])
    if codepoint is not None:
        return chr(codepoint)
    named = html.entities.html5.get(token[1:])  # HTML5's names too (`&bsol;`, `&lowbar;`: open30)
    return named if named is not None and len(named) == 1 and named.isprintable() else None


def _ignorable(char: str) -> bool:
    """A default-ignorable character beyond the BMP (shorthand format controls, musical format controls, tags and
    their block), or a lone surrogate (a JSON string may hold one: Python keeps it, a vendor's parser drops it or
    shows U+FFFD)."""
    return ("\U0001bca0" <= char <= "\U0001bca3" or "\U0001d173" <= char <= "\U0001d17a"
            or "\U000e0000" <= char <= "\U000e0fff" or "\ud800" <= char <= "\udfff")


def _css_escaped(token: str) -> str | None:
    char = chr(int(token[1:].rstrip(" \t\r\n\f"), 16))
    return char if char.isprintable() else None


def _backslash_escaped(token: str) -> str | None:
    kind = token[1]
    if len(token) == 2:  # CSS: the character itself (`\\g`)
        return kind
    if kind == "N":
        try:
            return unicodedata.lookup(token[3:-1])
        except KeyError:
            return None
    if kind in "xU":
        return chr(int(token[2:], 16))
    if kind == "u":
        number = int(token[3:-1], 16)
        return chr(number) if number < 0x110000 else None
    return chr(int(token[1:], 8))


class _Undone(dict):
    """(token, its css group or None) -> the character(s) it stands for, or the token itself when it is left as it
    is (never equal to its replacement: a token is an escape or a character beyond ASCII, a replacement at most one
    ASCII character or one a reference names). Computed once per distinct token, and forgotten past 65,536."""

    def __missing__(self, key: tuple[str, str | None]) -> str:
        token, css = key
        if css is not None:
            replacement = _css_escaped(token)
        elif (kind := _run_kind(token)) is not None:
            return _undone_run(token, kind)  # not kept: a run may be MiBs long
        else:
            replacement = _undo(token)
        if len(self) >= 1 << 16:
            self.clear()
        value = self[key] = token if replacement is None else replacement
        return value


_UNDONE = _Undone()

# dos59: a run of two or more like disguises is one token, undone by one C operation and mapped back as one entry
# (its view characters each stand for `unit` original ones): percent escapes, `\x41`, `&#65;` (two digits) of
# printable ASCII, lookalike letters (folded), invisible characters (dropped). Each run is made of the tokens
# `_TOKEN` would find one after the other from its start, so the view is the same. Possessive (`{2,}+`): no state
# kept per unit for backtracking (a run has one reading).
_PRINTABLE_HEX = "(?:[2-6][0-9A-Fa-f]|7[0-9A-Ea-e])"


def _single_characters() -> tuple[str, dict[int, str]]:
    """The BMP characters ``_undo`` drops (invisible) and those it folds to one character (lookalikes)."""
    invisible, folded = [], {}
    listed = {*_INVISIBLE, *(c for c in _LOOKALIKES if c <= "\uffff"), *map(chr, range(0xFF01, 0xFF5F)),
              *map(chr, [*range(0x2460, 0x2500), *range(0x2070, 0x20A0), *range(0x1D2C, 0x1D6B)]),
              *map(chr, range(0xD800, 0xE000))}  # what `_CHARACTERS` lists in the BMP
    for char in sorted(listed):
        undone = _undo(char)
        if undone == "":
            invisible.append(char)
        elif undone is not None and len(undone) == 1:
            folded[ord(char)] = undone
    return "".join(invisible), folded


def _class(chars: Iterable[str]) -> str:
    """A regex character class of ``chars``, consecutive ones as ranges (2,048 surrogates: one range)."""
    ranges: list[list[int]] = []
    for code in sorted(map(ord, chars)):
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return "[" + "".join(f"\\U{low:08x}" + (f"-\\U{high:08x}" if high > low else "") for low, high in ranges) + "]"


_INVISIBLE_CHARACTERS, _LOOKALIKE_TABLE = _single_characters()
_RUNS = (rf"(?:%{_PRINTABLE_HEX}){{2,}}+|(?:\\x{_PRINTABLE_HEX}){{2,}}+|(?:&#(?:3[2-9]|[4-9][0-9]);){{2,}}+"
         rf"|{_class(map(chr, _LOOKALIKE_TABLE))}{{2,}}+|{_class(_INVISIBLE_CHARACTERS)}{{2,}}+")
# A token or a run; split's parts per token: the plain text before it, the token, its css group (the kind of a run is
# told by ``_run_kind``: a capture group per kind made split's list twice as long).
# Every token starts with `%`, `&`, a backslash or a character beyond ASCII: looked ahead for first, a plain character
# costs one class test, not a try of every alternative (~5x faster on a text of a few escapes: a stream's window).
_TOKEN_START = r"(?=[%&\\\x80-\U0010ffff])"
_SPLIT = re.compile(f"{_TOKEN_START}({_RUNS}|{_TOKEN.pattern})")
_SPLIT_CSS_FIRST = re.compile(f"{_TOKEN_START}({_RUNS}|{_TOKEN_CSS_FIRST.pattern})")
_STRIDE = 3
assert _SPLIT.groups == _SPLIT_CSS_FIRST.groups == _SPLIT.groupindex["css"] == _STRIDE - 1
_INVISIBLE_SET = frozenset(_INVISIBLE_CHARACTERS)


def _run_kind(token: str) -> str | None:
    """Which kind of run ``token`` is, or None for one token: a token is one character beyond ASCII, a percent escape
    of three characters, `\\x41` of four, and a numeric reference holds one `;`."""
    if len(token) < 2:
        return None
    if not token[0].isascii():
        return "invisible" if token[0] in _INVISIBLE_SET else "lookalikes"
    if token[0] == "%":
        return "percents" if len(token) > 3 else None
    if token.startswith("\\x"):
        return "hexes" if len(token) > 4 else None
    return "decimals" if token.startswith("&#") and token.count(";") > 1 else None


def _undone_run(run: str, kind: str) -> str:
    if kind == "percents":
        return bytes.fromhex(run.replace("%", "")).decode("ascii")
    if kind == "hexes":
        return bytes.fromhex(run.replace("\\x", "")).decode("ascii")
    if kind == "decimals":
        return bytes(map(int, run.replace("&#", "").split(";")[:-1])).decode("ascii")
    return "" if kind == "invisible" else run.translate(_LOOKALIKE_TABLE)
_ESCAPE_START_SET = frozenset(_ESCAPE_STARTS)


# ------------------------------------------------------------------ loose views: for fixed-shape keys only

_TOKEN_CHARS = "A-Za-z0-9_+/=-"
# Cheap first checks (each starts with a literal, which the regex engine finds fast): six spaced characters.
_SPACED_HINTS = (*(re.compile(f"{sep}\\S" * 6 + sep) for sep in (" ", r"\.", "-")), re.compile("(?:\x00[^\x00])" * 6))
# At least 8 single characters, each followed by the same one separator (space, dot or dash). Or by a NUL (attack21):
# UTF-16 bytes read as characters (a WebSocket text frame, a JSON string `k\u0000e\u0000y...`), which the guard read
# in a body's raw bytes only.
_SPACED = re.compile(r"(?<!\S)\S(?: \S){7,}(?!\S)|\S(?:\.\S){7,}|\S(?:-\S){7,}|[^\s\x00](?:\x00[^\s\x00]){7,}")
_WORD = re.compile(rf"[{_TOKEN_CHARS}]{{16,}}")
_TOKEN_SET = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_+/=-")


def run_table(characters: frozenset[str]) -> bytes:
    """A ``bytes.translate`` table for ``has_run``: the (ASCII) ``characters`` to ``a``, every other byte to a
    space."""
    return bytes(ord("a") if chr(i) in characters else ord(" ") for i in range(256))


def has_run(text: str, length: int, table: bytes) -> bool:
    """Whether ``text`` holds ``length`` characters in a row of the set ``table`` was made for (``run_table``).
    What the regex ``[set]{length}`` answers, ~30x faster on text of short words: the regex engine tries a run at
    every position, here one translate and one substring search run in C. The set is ASCII, and every other
    character encodes to bytes of 0x80 and above, which are not in it."""
    return b"a" * length in text.encode("utf-8", "surrogatepass").translate(table)


_WORD_RUN = run_table(_TOKEN_SET)
# For _breaks: token characters as `a`, line feeds and carriage returns as they are, everything else a space.
_BREAK_MARKS = bytes(i if chr(i) in "\r\n" else b for i, b in enumerate(_WORD_RUN))
# For _breaks: a line feed, or CR LF taken whole, between two token marks. Each regex starts with its literal break,
# which the regex engine skips to in C; the neighbours are checked around it (two regexes: an alternation would
# lose that skip). An event stream has a line feed every few dozen chars and almost no break between tokens.
_LF_BETWEEN_TOKENS = re.compile(rb"\n(?=a)(?<=a\n)")
_CRLF_BETWEEN_TOKENS = re.compile(rb"\r\n(?=a)(?<=a\r\n)")
# attack51: a lone CR (the classic Mac line end, a JSON string's `\r`) is a line break too: `AKIA1234\r5678...` went
# out whole, CR being neither LF nor one of attack50's splitters.
_CR_BETWEEN_TOKENS = re.compile(rb"\r(?=a)(?<=a\r)")
# For _breaks: an escaped line break (`\\n`, or `\\r\\n` taken whole) between two token characters. It starts with
# a backslash, which the regex engine finds fast; the char before is checked behind it (JSON text has one per line).
# attack52: a lone escaped CR (`\\r`: a JSON string's CR pasted as text, the classic Mac line end) too; not the `\\r`
# of a `\\r\\n`, which is one break.
_ESCAPED_BREAK = re.compile(rf"\\(?:(?<=[{_TOKEN_CHARS}]\\)r\\n|(?<=[{_TOKEN_CHARS}]\\)(?<!\\r\\)n"
                            rf"|(?<=[{_TOKEN_CHARS}]\\)r(?!\\n))(?=[{_TOKEN_CHARS}])")
# For _breaks (attack23): a line continued by a backslash, the next line's indentation with it: YAML and TOML
# double-quoted strings, Python and C string literals and shell lines join the two pieces without a blank.
_CONTINUED_LINE = re.compile(rf"(?<=[{_TOKEN_CHARS}])\\\r?\n[ \t]*(?=[{_TOKEN_CHARS}])")
# For _breaks (attack50): one control character or visible blank between two token characters splits a key as a
# line break does, not as a typed space: C0 and C1 controls (NUL, a UTF-16 byte read as a character, ESC, DEL), the
# line and paragraph separators, NBSP and the other Unicode spaces, the braille blank U+2800 and U+FFFD (a byte a
# decoder could not read). Joined for fixed-shape keys only, as line breaks are; the ASCII space and the tab are not.
_SPLITTERS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u2800\u3000\ufffd"
_SPLITTER = re.compile(f"[{_SPLITTERS}]")
# attack52: a run of up to MAX_SPLITTERS of them is one split (two NBSPs, NUL NUL, the U+FFFDs a decoder reads an
# invalid UTF-8 sequence as: `AKIA..\ufffd\ufffd\ufffd..` went out whole, one splitter being all it joined over)
MAX_SPLITTERS = 3
_SPLIT_BETWEEN_TOKENS = re.compile(rf"(?<=[{_TOKEN_CHARS}])[{_SPLITTERS}]{{1,{MAX_SPLITTERS}}}(?=[{_TOKEN_CHARS}])")
# attack55: a run of line breaks and splitters with a line break in it (a blank line, `\r\r`, LF then NUL) is one
# split too, up to MAX_BREAK_RUN characters (`\r\n\r\n`: a blank line in CRLF text). Joining across a paragraph
# break changed no finding on eval_prose_fp's 42 MB nor on the stdlib (scripts/MEASUREMENTS.md, attack55). A run of
# splitters alone stays at MAX_SPLITTERS.
MAX_BREAK_RUN = 4
_BREAK_RUN = re.compile(f"[\r\n{_SPLITTERS}]{{2,}}")
_ASCII_SPLITTERS = bytes(i for i in range(128) if _SPLITTER.match(chr(i)))
_ASCII_OTHERS = bytes(i for i in range(128) if i not in _ASCII_SPLITTERS)
_JOINED_OVER = b"\r\n" + _ASCII_SPLITTERS  # in ASCII text: what the excerpts join token characters over


# In UTF-8: the ASCII ones and the lead bytes of the others (C1 and NBSP: C2; U+1680: E1; U+2000-205F and U+2800:
# E2; U+3000: E3; U+FFFD: EF). A text none of whose bytes is one of these holds none.
_UTF8_OTHERS = bytes(i for i in range(256) if i not in _ASCII_SPLITTERS and i not in (0xc2, 0xe1, 0xe2, 0xe3, 0xef))


def _may_split(text: str) -> bool:
    """Whether ``text`` holds a ``_SPLITTERS`` character. C translates that keep only them (ASCII text) or their
    UTF-8 lead bytes: a regex search of the class alone cost ~7-12 ns a character, as much as the rest of the loose
    views on prose; it runs only on text that has such a lead byte (curly quotes, dashes, kana)."""
    if text.isascii():
        return bool(text.encode("ascii").translate(None, _ASCII_OTHERS))
    if not text.encode("utf-8", "surrogatepass").translate(None, _UTF8_OTHERS):
        return False
    return _SPLITTER.search(text) is not None
MAX_JOINED = 256  # characters of a broken token taken on each side of a break: longer than any key's piece
MIN_JOINED = 16  # a broken token shorter than this is a word wrap, not a key
MIN_SPACED = 15  # eight characters with a separator after each but the last: the shortest spaced run
MAX_PIECES = 6  # a key cut into more pieces than this by line breaks is not put back together
MAX_PIECED = 64 << 10  # characters of excerpts per text for keys in pieces; beyond, chains are joined whole
MAX_WORD = 512  # longer words are blobs (base64, hashes), not a key written backwards
_LONG_RUN = b"a" * MIN_JOINED  # in has_run's translated bytes: a word long enough to be a key
_BREAK_RUN_SET = frozenset("\r\n" + "".join(chr(i) for i in range(0x3000 + 1) if _SPLITTER.match(chr(i))) + "\ufffd")
DENSE_BREAKS = 2048  # a text with more than one break between token chars per this many chars: see _broken_tokens


@dataclass(frozen=True, slots=True)
class ReversedWords:
    """Long words of the text, each read backwards or rot13-decoded, joined by spaces."""

    text: str
    # (start in the view, start and end in the original, read backwards) per word, in order
    words: list[tuple[int, int, int, bool]]
    _starts: list[int]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        first = self._original(start, end)
        last = self._original(max(start, end - 1), end)
        return min(first[0], last[0]), max(first[1], last[1])

    def _original(self, start: int, end: int) -> tuple[int, int]:
        view_start, word_start, word_end, backwards = self.words[max(0, bisect.bisect_right(self._starts, start) - 1)]
        length = word_end - word_start
        low = max(0, min(start - view_start, length))
        high = max(low, min(end - view_start, length))
        return (word_end - high, word_end - low) if backwards else (word_start + low, word_start + high)


_ROT13 = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
                       "NOPQRSTUVWXYZABCDEFGHIJKLMnopqrstuvwxyzabcdefghijklm")


class Prefixes:
    """The literal prefixes of fixed-shape keys (`AKIA`, `ghp_`), to tell a long word that is a key written
    backwards (it ends with a prefix reversed) or in rot13 (it starts with a prefix rot13-encoded). A few set
    lookups per word."""

    def __init__(self, prefixes: set[str]) -> None:
        self._reversed = {p[::-1].lower() for p in prefixes if p}
        self._rot13 = {p.lower().translate(_ROT13) for p in prefixes if p} - {p.lower() for p in prefixes}
        self._lengths = sorted({len(p) for p in self._reversed})
        self._rot13_heads = {p[:n] for p in self._rot13 for n in range(1, len(p) + 1)}
        self._reversed_ends = {p[-3:] for p in self._reversed if len(p) >= 3}
        self._rot13_starts = {p[:3] for p in self._rot13 if len(p) >= 3}
        # The two sets above as ASCII bytes, for a word of an ASCII text (whose lower-cased chars are ASCII).
        self.ascii_tests = ({e.encode() for e in self._reversed_ends if e.isascii()},
                            {e.encode() for e in self._rot13_starts if e.isascii()})
        # The prefixes a word can end or start with, by its last or first three chars (and those shorter than
        # three, which any word may hold): a word that passes the first lookup is compared with these few, not
        # cut at every prefix length (log lines start "trace=..." thousands of times, and "tra" is rot13 "gen").
        self._short_reversed = tuple(p for p in self._reversed if len(p) < 3)
        self._short_rot13 = tuple(p for p in self._rot13 if len(p) < 3)
        # Grouped in one pass (comparing every prefix with every end was quadratic: ~90 ms an Inspector).
        self._reversed_by_end = _grouped(self._short_reversed, ((p[-3:], p) for p in self._reversed if len(p) >= 3))
        self._rot13_by_start = _grouped(self._short_rot13, ((p[:3], p) for p in self._rot13 if len(p) >= 3))

    def ends_a_reversed_key(self, word: str) -> bool:
        if word[-3:].lower() not in self._reversed_ends:  # one lookup rules out almost every word
            return False
        tail = word[-self._lengths[-1]:].lower()
        return tail.endswith(self._reversed_by_end.get(tail[-3:], self._short_reversed))

    def starts_a_rot13_key(self, word: str) -> bool:
        if word[:3].lower() not in self._rot13_starts:
            return False
        head = word[:self._lengths[-1]].lower()
        return head.startswith(self._rot13_by_start.get(head[:3], self._short_rot13))

    def may_start_a_rot13_key(self, word: str) -> bool:
        """The word starts with a rot13 prefix, or is the beginning of one (more may come)."""
        return self.starts_a_rot13_key(word) or word.lower() in self._rot13_heads


def _grouped(shared: tuple[str, ...], keyed: Iterable[tuple[str, str]]) -> dict[str, tuple[str, ...]]:
    """`shared` followed by the values of each key, by key."""
    groups: dict[str, list[str]] = {}
    for key, value in keyed:
        groups.setdefault(key, []).append(value)
    return {key: (*shared, *values) for key, values in groups.items()}


def loose_views(text: str, prefixes: Prefixes | None = None) -> list[View | ReversedWords]:
    """The loose views of `text` (see the module docstring), none when nothing in it can be one.
    `prefixes` are the literal prefixes of fixed-shape keys (`Inspector` takes them from the rules); without
    them, words are not reversed."""
    if len(text) > MAX_CHARS or len(text) < MIN_SPACED:
        return []  # too short to hold a key spaced out (the shortest view), or too long to build one
    views: list[View | ReversedWords] = []
    excerpts = sorted(_broken_tokens(text) + _spaced_runs(text), key=lambda e: e[0])
    if excerpts:
        views.append(_excerpt_view(text, excerpts))
    if prefixes is not None and (words := _reversed_words(text, prefixes)) is not None:
        views.append(words)
    return views


Excerpt = tuple[int, int, list[tuple[int, int]]]  # start, end, and the spans inside it that the view drops


def _broken_tokens(text: str, edges: Edges | None = None) -> list[Excerpt]:
    """Excerpts around breaks of one token (a key cut into up to MAX_PIECES pieces). Breaks that follow each
    other with only key characters between them form a chain. Each run of 1 to MAX_PIECES - 1 breaks of a chain
    is its own excerpt, from the token run before its first break to the one after its last (so a key that ends
    at a break is not glued to the next line). Past `MAX_PIECED` characters of such excerpts (a wrapped blob of
    thousands of lines), a chain is one excerpt with all its breaks taken out: the view stays about the size of
    the text, and a key there is still found unless it ends exactly at a break."""
    split = _may_split(text)
    if "\n" not in text and "\\n" not in text and "\r" not in text and "\\r" not in text and not split:
        return []
    if split and text.isascii() and "\\n" not in text and "\\r" not in text and "\\\n" not in text \
            and _LONG_RUN not in text.encode("ascii").translate(_WORD_RUN, _JOINED_OVER):
        return []  # as below, before the breaks are listed: UTF-16 read as characters has a NUL after each one
    marks = text.encode("ascii").translate(_BREAK_MARKS) if text.isascii() else None
    breaks = _breaks(text, marks, split)
    # An excerpt joins token chars across line breaks: in ASCII text where no MIN_JOINED of them follow each other
    # once every CR and LF is taken out (an export's short cells), no excerpt can reach MIN_JOINED, whatever the
    # chains. That check (a translate and a search, ~2 ns a char) is made where breaks are dense enough to repay it:
    # the steps below cost ~6 us per break, and an export has one on every line.
    if marks is not None and len(breaks) * DENSE_BREAKS > len(text) and "\\n" not in text and "\\r" not in text \
            and "\\\n" not in text \
            and _LONG_RUN not in text.encode("ascii").translate(_WORD_RUN, _JOINED_OVER):
        return []
    edges = edges or Edges(text)
    excerpts: list[Excerpt] = []
    budget = [MAX_PIECED]
    for chain in _chains(edges, sorted(breaks)):
        if len(chain) == 1:  # one break between two words (most lines of code and prose): _pieced's one excerpt
            start, end = edges.before(chain[0][0]), edges.after(chain[0][1])
            excerpts.append((start, end, chain))
            budget[0] -= end - start
        else:
            excerpts += _pieced(edges, chain, budget)
    return [e for e in excerpts if (e[1] - e[0]) - sum(b - a for a, b in e[2]) >= MIN_JOINED]


class Edges:
    """``_edge_before`` and ``_edge_after`` of one text. Code and prose have a break between two words on many
    lines, and each costs a few edges: in an ASCII text they are C searches for the nearest non-token char in
    its token marks instead of a step per char (tests/detect/test_disguise_speed.py compares the two)."""

    def __init__(self, text: str, fast: bool = True) -> None:
        self.text = text
        self.marks = text.encode("ascii").translate(_WORD_RUN) if fast and text.isascii() else None

    def before(self, at: int) -> int:
        if self.marks is None:
            return _edge_before(self.text, at)
        low = max(0, at - MAX_JOINED)
        return max(low, self.marks.rfind(b" ", low, at) + 1)

    def after(self, at: int) -> int:
        if self.marks is None:
            return _edge_after(self.text, at)
        high = min(len(self.marks), at + MAX_JOINED)
        found = self.marks.find(b" ", at, high)
        return high if found == -1 else found


def _chains(edges: Edges, breaks: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    chains: list[list[tuple[int, int]]] = []
    for cut in breaks:
        if chains and edges.after(chains[-1][-1][1]) == cut[0]:
            chains[-1].append(cut)
        else:
            chains.append([cut])
    return chains


def _pieced(edges: Edges, chain: list[tuple[int, int]], budget: list[int]) -> list[Excerpt]:
    """The excerpts of one chain; once `budget` (shared by the text's chains) is spent, the rest of the chain
    is one excerpt."""
    excerpts: list[Excerpt] = []
    for i, first in enumerate(chain):
        start = edges.before(first[0])
        if budget[0] <= 0 and len(chain) - i > 1:
            return [*excerpts, (start, edges.after(chain[-1][1]), chain[i:])]
        middle = 0
        for j in range(i, min(len(chain), i + MAX_PIECES - 1)):
            if j > i:
                middle += chain[j][0] - chain[j - 1][1]  # a whole line of key characters between two breaks
                if middle > MAX_JOINED:
                    break
            end = edges.after(chain[j][1])
            excerpts.append((start, end, chain[i:j + 1]))
            budget[0] -= end - start
    return excerpts


def _breaks(text: str, marks: bytes | None = None, split: bool = True) -> list[tuple[int, int]]:
    """Line breaks (`\\n`, `\\r\\n`, a lone `\\r`, then their escapes) between two token characters, and one
    ``_SPLITTERS`` character there (``split``: the text may hold one). Set lookups and C searches, not a regex call
    per break: a text of many short lines (code, a stream's events) has a break per line.
    `marks`: the ASCII text's `_BREAK_MARKS` translation when the caller has it."""
    spans = []
    last = len(text) - 1
    if text.isascii():  # one byte per character: the breaks are matches in the token marks, found in C
        if marks is None:
            marks = text.encode("ascii").translate(_BREAK_MARKS)
        spans = [m.span() for m in _LF_BETWEEN_TOKENS.finditer(marks)]
        if b"\r" in marks:
            spans += [m.span() for m in _CRLF_BETWEEN_TOKENS.finditer(marks)]
            spans += [m.span() for m in _CR_BETWEEN_TOKENS.finditer(marks)]
            spans.sort()
    else:
        at = text.find("\n")
        while at != -1:
            start = at - 1 if text[at - 1:at] == "\r" else at
            if start and at < last and text[start - 1] in _TOKEN_SET and text[at + 1] in _TOKEN_SET:
                spans.append((start, at + 1))
            at = text.find("\n", at + 1)
        at = text.find("\r")
        while at != -1:  # a lone CR: the char after it a token char (so no LF)
            if at and at < last and text[at - 1] in _TOKEN_SET and text[at + 1] in _TOKEN_SET:
                spans.append((at, at + 1))
            at = text.find("\r", at + 1)
        spans.sort()
    spans += [m.span() for m in _ESCAPED_BREAK.finditer(text)]
    if "\\\n" in text or "\\\r\n" in text:
        spans = sorted({*spans, *(m.span() for m in _CONTINUED_LINE.finditer(text))})
    if split and (splits := [m.span() for m in _SPLIT_BETWEEN_TOKENS.finditer(text)]):
        spans = sorted({*spans, *splits})
    if runs := _break_runs(text):
        spans = sorted({*spans, *runs})
    return spans


def _break_runs(text: str) -> list[tuple[int, int]]:
    """attack55: a run of 2 to ``MAX_BREAK_RUN`` line breaks and splitters holding a line break (a blank line,
    `\r\r`, `\r\n\r\n`, LF then NUL) between two token characters. Found as runs of those characters (a C
    search for two or more of them: prose and code have a blank line every few lines; a CRLF alone is a break
    already), the neighbours checked here."""
    if "\n" not in text and "\r" not in text:
        return []
    last = len(text)
    return [(a, b) for m in _BREAK_RUN.finditer(text) if (b := m.end()) - (a := m.start()) <= MAX_BREAK_RUN
            and a and b < last and text[a - 1] in _TOKEN_SET and text[b] in _TOKEN_SET
            and (run := m.group()) != "\r\n" and ("\n" in run or "\r" in run)]


def _edge_before(text: str, at: int) -> int:
    low = max(0, at - MAX_JOINED)
    while at > low and text[at - 1] in _TOKEN_SET:  # words are short: a few steps
        at -= 1
    return at


def _edge_after(text: str, at: int) -> int:
    high = min(len(text), at + MAX_JOINED)
    while at < high and text[at] in _TOKEN_SET:
        at += 1
    return at


def _spaced_runs(text: str) -> list[Excerpt]:
    if not any(hint.search(text) for hint in _SPACED_HINTS):
        return []
    return [(m.start(), m.end(), [(i, i + 1) for i in range(m.start() + 1, m.end(), 2)])
            for m in _SPACED.finditer(text)]


def _excerpt_view(text: str, excerpts: list[Excerpt]) -> View:
    """A View of only the excerpts, their drops taken out, one space between two excerpts. Excerpts may
    overlap: a View maps each character from the token before it, so going back in the original is fine."""
    pieces: list[str] = []
    tokens: list[tuple[int, int, int, int]] = []
    view_len = 0
    last = 0
    for start, end, drops in excerpts:
        if view_len:
            tokens.append((view_len, last, start, 1))
            pieces.append(" ")
            view_len += 1
        elif start:
            tokens.append((0, 0, start, 0))
        at = start
        for a, b in drops:
            pieces.append(text[at:a])
            view_len += a - at
            tokens.append((view_len, a, b, 0))
            at = b
        pieces.append(text[at:end])
        view_len += end - at
        last = end
    return View("".join(pieces), Entries(tokens))


def _reversed_words(text: str, prefixes: Prefixes, fast: bool = True) -> ReversedWords | None:
    pieces: list[str] = []
    words: list[tuple[int, int, int, bool]] = []
    at = 0
    # In an ASCII text, the first test of both Prefixes checks (a word's last or first three chars, lower-cased)
    # on the lower-cased bytes, without taking the word out: code and JSON have thousands of long words per MB,
    # and almost none passes it (tests/detect/test_disguise_speed.py compares with and without).
    raw = text.encode("ascii") if fast and text.isascii() else None
    ends, starts = prefixes.ascii_tests
    for start, end in _long_words(text) if raw is None else _tested_long_words(raw, ends, starts):
        if end - start > MAX_WORD:
            continue
        word = text[start:end]
        for backwards in (True, False):
            if backwards and prefixes.ends_a_reversed_key(word):
                pieces.append(word[::-1])
            elif not backwards and prefixes.starts_a_rot13_key(word):
                pieces.append(word.translate(_ROT13))
            else:
                continue
            words.append((at, start, end, backwards))
            at += len(pieces[-1]) + 1
    if not words:
        return None
    return ReversedWords(" ".join(pieces), words, [w[0] for w in words])


def _tested_long_words(raw: bytes, ends: set[bytes], starts: set[bytes]):
    """``_long_words`` of an ASCII text (``raw``: its bytes) whose last three chars, lower-cased, are in ``ends`` or
    whose first three are in ``starts``: the two Prefixes first tests, in the loop that finds the words. The text is
    lower-cased only when it has a long word (an event stream of one-word chunks has none)."""
    marks = raw.translate(_WORD_RUN)
    at = marks.find(_LONG_RUN)
    lowered = raw.lower() if at != -1 else raw
    while at != -1:
        end = marks.find(b" ", at)
        end = len(marks) if end == -1 else end
        if lowered[end - 3:end] in ends or lowered[at:at + 3] in starts:
            yield at, end
        at = marks.find(_LONG_RUN, end)


def _long_words(text: str):
    """(start, end) of every run of MIN_JOINED or more key characters, in order: what ``_WORD.finditer`` gives,
    without a regex tried at every position."""
    if text.isascii():  # one byte per character: the runs are found in the translated bytes by C searches
        marks = text.encode("ascii").translate(_WORD_RUN)
        at = marks.find(_LONG_RUN)
        while at != -1:
            end = marks.find(b" ", at)
            end = len(marks) if end == -1 else end
            yield at, end
            at = marks.find(_LONG_RUN, end)
        return
    if not has_run(text, MIN_JOINED, _WORD_RUN):
        return
    cursor = 0
    for piece in text.split():  # splitting in C, then only the few long pieces by regex
        if len(piece) < MIN_JOINED:
            continue
        offset = text.find(piece, cursor)
        cursor = offset + len(piece)
        for m in _WORD.finditer(piece):
            yield offset + m.start(), offset + m.end()


# ------------------------------------------------------------------ hold-back for the loose views (streams)

# A spaced run reaching the end; one character after a space may be the first of one.
_SPACED_AT_END = {" ": re.compile(r"(?<!\S)\S(?: \S)* ?\Z"), ".": re.compile(r"\S(?:\.\S)+\.?\Z"),
                  "-": re.compile(r"\S(?:-\S)+-?\Z")}
HOLD_REACH = 2 * MAX_JOINED  # how far back from the end an unfinished disguise is looked for


def loose_safe_end(text: str, start: int, safe_end, prefixes: Prefixes | None = None) -> int:
    """Where a stream may release up to, for the loose views: `safe_end(text, start)` is the hold-back of the
    fixed-shape key rules (`holdback.Holdback.safe_end`). A key arriving spaced out, broken over lines or in
    rot13 shows its prefix only through the view, so the plain hold-back lets it go; here the disguised run at the
    end of the text is read as the view would (separators and breaks dropped, rot13 decoded; `prefixes` tell which
    last words may be rot13 of a key) and held from its start while the hold-back would hold any of that reading.
    Cheap: string checks on the last characters, a regex or a hold-back call only when one of them fits."""
    held = len(text)
    low = max(start, len(text) - HOLD_REACH)
    if low >= len(text):
        return held
    for run_start, reading in _open_disguises(text, low, prefixes):
        if run_start < held and safe_end(reading, 0) < len(reading):
            held = run_start
    return held


def disguised_safe_end(text: str, start: int, safe_end) -> int:
    """Where a stream may release up to, for the undisguised view (`view_of`: invisible characters dropped,
    lookalikes folded, HTML and percent escapes undone): `safe_end(text, start)` is a hold-back. `AKIA2HLY` and a
    zero-width space is no beginning of a key as it stands, but in the view it is; the end of the text is read as
    the view reads it and held from where the hold-back would hold the view. Cheap for the usual text: `view_of`
    answers None for ASCII without `&` or `%`."""
    base = max(0, max(start, len(text) - HOLD_REACH) - ESCAPE_REACH)  # an escape cut at the window's edge
    released = len(text)
    for view in views_of(text[base:]):  # C's `\\67` read as `7`, and as CSS's `g` (split23)
        held = safe_end(view.text, 0)
        if held < len(view.text):
            released = min(released, max(start, base + view.original_span(held, held)[0]))
    return released


ESCAPE_REACH = 96  # longer than any escape the view undoes (`\N{...}` of 80, `&#x10FFFF;`, a named entity of 16)


def _open_disguises(text: str, low: int, prefixes: Prefixes | None):
    """(start, how the view reads it) for each disguised run that reaches the end of the text, or that ends
    one character before it (the next word may have begun: "A K I A ... X d" before "done")."""
    yield from _spaced_at_end(text, low)
    yield from _lines_at_end(text, low)
    if prefixes is not None and text[-1] in _TOKEN_SET:
        word_start = _edge_before(text, len(text))
        word = text[word_start:]
        if word_start >= low and prefixes.may_start_a_rot13_key(word):
            yield word_start, word.translate(_ROT13)


def _spaced_at_end(text: str, low: int):
    body = text[:-1] if text[-1] in _SPACED_AT_END else text  # one separator may end the run
    if len(body) < 1 or body[-1].isspace():
        return
    sep = body[-2] if len(body) >= 2 else " "
    if sep not in _SPACED_AT_END or (len(body) >= 3 and body[-3] == sep):
        return  # the last item is not one character after one separator
    m = _SPACED_AT_END[sep].search(text, low)
    if m:
        reading = m.group()[::2]
        yield m.start(), reading
        if len(reading) > 1:
            yield m.start(), reading[:-1]


def _lines_at_end(text: str, low: int):
    starts: list[int] = []
    pieces: list[str] = []
    at = len(text)
    for _ in range(MAX_PIECES):  # key runs and the breaks between them, walking back from the end
        run_start = _edge_before(text, at)
        if text.startswith(("n", "r"), run_start) and text.endswith("\\", 0, run_start):
            run_start += 1  # the n (or r, attack52) of an escaped line break ("\\n") is not part of the run
        if pieces and run_start == at:
            break  # a break with no key character before it
        pieces.insert(0, text[run_start:at])
        starts.insert(0, run_start)
        cut = _break_ending_at(text, run_start)
        if cut is None or cut < low:
            break
        at = cut
    # as the view's excerpts read them: every run of consecutive pieces with a break in it
    for first in range(len(pieces)):
        for last in range(first + 1, len(pieces)):
            yield starts[first], "".join(pieces[first:last + 1])


def _break_ending_at(text: str, end: int) -> int | None:
    """Where a line break (or its escape) that ends at `end` starts; at the end of the text, also the start of
    one still arriving (`\r`, a backslash, `\\r`)."""
    run = 0  # attack55: a run of breaks and splitters holding a break (a blank line, LF then NUL), or one arriving
    while run < MAX_BREAK_RUN and end - run > 0 and text[end - run - 1] in _BREAK_RUN_SET:
        run += 1
    if run >= 2 and any(c in "\r\n" for c in text[end - run:end]) \
            and (end - run == 0 or text[end - run - 1] not in _BREAK_RUN_SET):
        return end - run
    marks = ("\r\n", "\n", "\\r\\n", "\\n", "\r", "\\r") + (("\\r\\", "\\") if end == len(text) else ())
    # attack54: the longer `\\r\\` before the lone backslash (`AKIA1234\\r\\` then `n...`): read as the backslash
    # alone, the break had no key character before it and the piece went out
    for mark in marks:
        if text.endswith(mark, 0, end):
            return end - len(mark)
    run = 0  # attack50: NUL, NBSP, U+FFFD, ... as a break; attack52: a run of up to MAX_SPLITTERS of them
    while run < MAX_SPLITTERS and end - run > 0 and _SPLITTER.match(text, end - run - 1) is not None:
        run += 1
    return end - run if run else None
