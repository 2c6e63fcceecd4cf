"""The text a PDF shows, read from its content streams' text operators, the way a PDF reader (and a provider's text
extraction for a model) puts it together.

attack21: PDF writers split text into several operands for kerning (`[(aws key AKIA2HLYO)-20(SBOHAGKTYZU)] TJ`) and
over several operators (`(AKIA2HLYO) Tj (SBOHAGKTYZU) Tj`). A binary's printable strings hold the operands as
written, `)-20(` between the halves of a key: found by nothing. A reader shows them joined.

`ShownText` reads the show-text operators (`Tj`, `TJ`, `'`, `"`) of every `BT ... ET` block, their literal strings
`(...)` with escapes undone (`\\n`, `\\ddd` octal, `\\\\`, `\\(`, a line continuation) and hex strings `<...>`, and
gives two readings:
- ``reader``: what a reader shows. The strings of one `TJ` array are joined; a displacement of at least
  `WORD_SPACE` thousandths of an em (`-150`) is a word space, as text extraction tools guess one (measured in a TeX
  manual: kerning between -28 and +84, word spaces of justified lines -224 to -333); consecutive `Tj` join with
  nothing; a line move
  (`Td`, `TD`, `Tm`, `T*`, `'`, `"`) or the block's end starts a new line. Scanned for every rule.
- ``glued``: every shown string of the document glued with nothing between: a key split over two lines, two
  blocks, two streams, or by a displacement above `WORD_SPACE`, put back. A guess (it glues ordinary text too), so
  the caller scans it for fixed-shape keys only.

Text shown outside the blocks (split23: invalid, some readers show it) is read the same way, where a show-text
operator is found there.

Strings are read as bytes in Latin-1 (the simple fonts' encodings agree with ASCII, where keys live) or UTF-16BE
after its byte order mark. Open: a composite (CID) font's 2-byte glyph ids (`<0024002E> Tj`) and a Type3 font's own
codes map to characters only through the font's ToUnicode CMap, which this does not read.

Pure and bounded: one regular-expression pass to each `BT`, then a tokenizer that never recurses and never looks
back (linear in the stream); at most `MAX_TOKENS` tokens per document, `MAX_TEXT` characters per reading,
`MAX_OPERANDS` operands kept before an operator, arrays nested `MAX_NESTING` deep. Malformed syntax (an unclosed
string or array, a stray delimiter) is read as far as it goes and never raises. Past a bound the reading stops and
says so (``cut``), for the caller's coverage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import deadline

WORD_SPACE = 150  # thousandths of an em: a TJ displacement at least this large shows a space
MAX_TOKENS = 1_000_000  # tokens read per document
MAX_TEXT = 1 << 20  # characters per reading
MAX_OPERANDS = 64  # operands kept before an operator (show-text needs at most 3)
MAX_NESTING = 16  # arrays within arrays (TJ's is one level)

_WHITE = b"\x00\t\n\x0c\r "
_BT = re.compile(rb"(?:^|(?<=[\x00\t\n\x0c\r \])>}]))BT(?=[\x00\t\n\x0c\r \[(</%]|$)")
_TOKEN = re.compile(
    rb"[\x00\t\n\x0c\r ]+"
    rb"|%[^\r\n]*"
    rb"|(?P<lit>\()"
    rb"|(?P<dict><<|>>)"
    rb"|<(?P<hex>[0-9A-Fa-f\x00\t\n\x0c\r ]*)>"
    rb"|(?P<open>\[)|(?P<close>\])"
    rb"|/[^\x00\t\n\x0c\r ()<>\[\]{}/%]*"
    rb"|(?P<num>[+-]?(?:\d+\.?\d*|\.\d+))(?![^\x00\t\n\x0c\r ()<>\[\]{}/%])"
    rb"|(?P<op>[^\x00\t\n\x0c\r ()<>\[\]{}/%]+)"
    rb"|.", re.S)
_LITERAL_STOP = re.compile(rb"[()\\]")
_OCTAL = re.compile(rb"[0-7]{1,3}")
_ESCAPES = {ord("n"): b"\n", ord("r"): b"\r", ord("t"): b"\t", ord("b"): b"\b", ord("f"): b"\f"}
_INLINE_IMAGE_END = re.compile(rb"[\x00\t\n\x0c\r ]EI(?=[\x00\t\n\x0c\r ]|$)")
_LINE_MOVES = frozenset({b"Td", b"TD", b"Tm", b"T*", b"ET"})
# A show-text operator (after an operand's end or a blank), searched for in a stretch outside the blocks.
_SHOWN_START = re.compile(rb"T[jJ]|['\"]")
_SHOWN = re.compile(rb"(?<=[\x00\t\n\x0c\r )\]>])(?:T[jJ]|'|\")(?=[\x00\t\n\x0c\r \[(</%]|$)")


class _Array(list):
    """A `[...]` operand (a list subclass, so a string operand and an array are told apart by type)."""


@dataclass
class ShownText:
    """The text shown by the content streams fed to it, in order (a page's streams are one content)."""

    _lines: list[str] = field(default_factory=list)
    _line: list[str] = field(default_factory=list)
    _glued: list[str] = field(default_factory=list)
    _size: int = 0
    _tokens: int = 0
    cut: bool = False  # a bound was reached: what followed was not read
    _in_block: bool = False  # the last stream ended inside a `BT` block

    def feed(self, content: bytes) -> None:
        """Read one content stream's text blocks, and text shown outside them (split23): invalid, but some readers
        show it. A stretch between blocks is read only when a regex search finds a show-text operator in it, so a
        drawing's operators are not tokenized; each byte is still read at most once."""
        at = self._block(content, 0) if self._in_block else 0  # a block may go on in the page's next stream
        while not self.cut:
            m = _BT.search(content, at)
            stop = len(content) if m is None else m.start()
            if _shows_text(content, at, stop):
                self._block(content[at:stop], 0, outside=True)
            if m is None or self.cut:
                return
            at = self._block(content, m.end())

    @property
    def reader(self) -> str:
        return "\n".join([*self._lines, "".join(self._line)]).strip("\n")

    @property
    def glued(self) -> str:
        return "".join(self._glued)

    def _block(self, content: bytes, at: int, outside: bool = False) -> int:
        """Read from after a `BT` to after its `ET` (or the stream's end); return where reading stopped.
        ``outside``: a stretch outside the blocks, read to its end (an `ET` there only ends a line)."""
        self._in_block = not outside
        operands: list[object] = []
        arrays: list[_Array] = []  # the open arrays, innermost last
        end = len(content)
        while at < end:
            self._tokens += 1
            if self._tokens > MAX_TOKENS:
                self.cut = True
                return end
            if not self._tokens % deadline.EVERY:
                deadline.current().check()  # the body's (formats/deadline.py)
            m = _TOKEN.match(content, at)
            assert m is not None  # the last alternative matches any byte
            at = m.end()
            kind = m.lastgroup
            if kind is None or kind == "dict":
                continue  # white space, a comment, a name, a stray delimiter, a dictionary's bounds
            value: object
            if kind == "lit":
                value, at, whole = _literal(content, at)
                if not whole:
                    self.cut = True
                    return end
            elif kind == "hex":
                digits = bytes(b for b in m.group("hex") if b not in _WHITE)
                value = bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode("ascii"))
            elif kind == "num":
                value = float(m.group())
            elif kind == "open":
                if len(arrays) >= MAX_NESTING:
                    self.cut = True
                    return end
                arrays.append(_Array())
                continue
            elif kind == "close":
                if not arrays:
                    continue
                value = arrays.pop()
            else:
                operator = m.group()
                if arrays:  # an operator inside an array: malformed, the array ends here
                    arrays.clear()
                if operator == b"ET" and not outside:
                    self._new_line()
                    self._in_block = False
                    return at
                if operator == b"BI":
                    found = _INLINE_IMAGE_END.search(content, at)
                    at = found.end() if found else end
                else:
                    self._operator(operator, operands)
                operands.clear()
                continue
            if arrays:
                arrays[-1].append(value)
            elif len(operands) < MAX_OPERANDS:
                operands.append(value)
        self._new_line()
        self._in_block = not self.cut and not outside
        return end

    def _operator(self, operator: bytes, operands: list[object]) -> None:
        if operator in _LINE_MOVES:
            self._new_line()
        elif operator == b"Tj" and operands and isinstance(operands[-1], bytes):
            self._show(operands[-1])
        elif operator in (b"'", b'"') and operands and isinstance(operands[-1], bytes):
            self._new_line()
            self._show(operands[-1])
        elif operator == b"TJ" and operands and isinstance(operands[-1], _Array):
            for item in operands[-1]:
                if isinstance(item, bytes):
                    self._show(item)
                elif isinstance(item, float) and item <= -WORD_SPACE and self._line and self._line[-1] != " ":
                    self._line.append(" ")

    def _show(self, raw: bytes) -> None:
        text = raw[2:].decode("utf-16-be", "replace") if raw[:2] == b"\xfe\xff" else raw.decode("latin-1")
        self._size += len(text)
        if self._size > MAX_TEXT:
            self.cut = True
            return
        self._line.append(text)
        self._glued.append(text)

    def _new_line(self) -> None:
        if self._line:
            self._lines.append("".join(self._line))
            self._line = []


def _shows_text(content: bytes, at: int, stop: int) -> bool:
    """Whether content[at:stop] holds a show-text operator: its first letter searched (a class the regex engine
    skips to fast), the operator checked where it is found."""
    return any(_SHOWN.match(content, m.start(), stop) for m in _SHOWN_START.finditer(content, at, stop))


def _literal(content: bytes, at: int) -> tuple[bytes, int, bool]:
    """A literal string's bytes (escapes undone), from after its `(`; where it ends; and whether it was read whole
    (not past `MAX_TEXT` pieces: a string of a million escapes). Nested parentheses are part of it when balanced;
    an unclosed string runs to the end of the stream."""
    pieces: list[bytes] = []
    depth = 1
    end = len(content)
    while at < end:
        if len(pieces) > MAX_TEXT:
            return b"", end, False
        m = _LITERAL_STOP.search(content, at)
        if m is None:
            pieces.append(content[at:])
            return b"".join(pieces), end, True
        pieces.append(content[at:m.start()])
        char = content[m.start()]
        at = m.end()
        if char == 0x28:  # (
            depth += 1
            pieces.append(b"(")
        elif char == 0x29:  # )
            depth -= 1
            if depth == 0:
                return b"".join(pieces), at, True
            pieces.append(b")")
        else:  # a backslash
            if at >= end:
                break
            escaped = content[at]
            if escaped in _ESCAPES:
                pieces.append(_ESCAPES[escaped])
                at += 1
            elif octal := _OCTAL.match(content, at):
                pieces.append(bytes([int(octal.group(), 8) & 0xFF]))
                at = octal.end()
            elif escaped == 0x0D:  # a line continuation: \ and the end of line are not part of the string
                at += 2 if content[at + 1:at + 2] == b"\n" else 1
            elif escaped == 0x0A:
                at += 1
            else:  # \( \) \\ and any other: the character itself
                pieces.append(content[at:at + 1])
                at += 1
    return b"".join(pieces), end, True
