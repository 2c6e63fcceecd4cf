"""The injected key in the vendor's answer (attack11): an API that quotes the key it got in an error message, a
debug endpoint that echoes request headers, a redirect that carries it on. The guard masks brokered values it
detects per the policy (at least `mask`, section.action_floors); this is the broker's own last look at what it
knows exactly: the key it injected, in the spellings an answer may use, in every header and in a buffered body,
whatever the mode (report mode changes nothing else). Pure text work, no mitmproxy import.
"""

from __future__ import annotations

import base64
import bisect
import re
from dataclasses import dataclass

MIN_BASE64_CHARS = 12  # a base64 piece shorter than this is too short to say it holds the key
MIN_OPEN = 2  # characters of a spelling's beginning a stream holds back (SpelledKey.open_at)


@dataclass(frozen=True)
class KeyForms:
    """The spellings of one key: as is, percent-encoded (partly or wholly) and JSON-escaped (`\\/`, `\\uXXXX`), in any
    letter case (an upper-cased hex key is the key), as hex, quoted-printable (`=XX`, soft line breaks), and
    base64 / base64url at each of the three alignments, line-wrapped or not (the stable middle of each encoding, so
    base64 of `Bearer <key>`, `user:<key>` or the key alone is found wherever it starts)."""

    pattern: re.Pattern[str]

    @classmethod
    def of(cls, value: str) -> KeyForms:
        raw = value.encode("utf-8")
        text = raw.decode("latin-1")  # byte for byte: the same pattern reads bytes decoded as latin-1
        # Each byte as itself, %XX, or (ASCII) a JSON \\uXXXX escape; `/` also as JSON's `\\/` (PHP's default).
        spelled = "".join(_byte_spellings(c) for c in text)
        pieces = base64_middles(raw)
        # Quoted-printable (a mail or multipart part): each byte as itself or `=XX`, a soft line break `=\r\n`
        # anywhere (a line of at most 76).
        quoted = r"(?:=\r?\n)?".join(f"(?:{re.escape(c)}|={ord(c):02x})" for c in text)
        # Hex of the bytes (any case); base64 as MIME and `base64` write it, a line break every 76 (attack14).
        alternatives = [f"(?i:{spelled})", f"(?i:{raw.hex()})", f"(?i:{quoted})",
                        *(_wrapped(p) for p in sorted(pieces, key=len, reverse=True))]
        return cls(re.compile("|".join(alternatives), re.ASCII))

    def find(self, text: str) -> bool:
        return self.pattern.search(text) is not None

    def mask(self, text: str, marker: str) -> str:
        return self.pattern.sub(marker, text)

    def mask_bytes(self, data: bytes, marker: str) -> bytes:
        text = data.decode("latin-1")
        if not self.find(text):
            return data
        return self.mask(text, marker).encode("latin-1")


def base64_middles(raw: bytes) -> set[str]:
    """The characters of the base64 / base64url of ``raw`` that depend on its bytes alone, at each alignment."""
    pieces = set()
    for shift in range(3):
        encoded = base64.b64encode(b"\0" * shift + raw).decode("ascii")
        # Characters that depend only on key bytes: skip the group holding the shift, drop the last group.
        middle = encoded[4 if shift else 0:(shift + len(raw)) // 3 * 4]
        if len(middle) >= MIN_BASE64_CHARS:
            pieces |= {middle, middle.replace("+", "-").replace("/", "_")}
    return pieces


# An escape KeyForms reads (quoted-printable `=XX`, `%XX`, `\uXXXX`) or a line break (wrapped base64, a
# quoted-printable soft break `=\r\n`), as one token.
_ESCAPE_OR_BREAK = re.compile(r"=\r?\n|[=%][0-9a-fA-F]{2}|\\u[0-9a-fA-F]{4}|\\/|\r?\n|\r")
# What may still become such an escape at the end of a text cut in the middle of it.
_OPEN_ESCAPE = re.compile(r"(?:=\r?|[=%][0-9a-fA-F]?|\\(?:u[0-9a-fA-F]{0,3})?)\Z")


class SpelledKey:
    """The spellings of one key only ``KeyForms`` reads, for the inspector's brokered detector (attack16: a
    streamed answer is read by that detector, which read the key in any case only): hex in any case, base64 at
    each alignment (wrapped or not), quoted-printable, ``%XX`` and ``\\uXXXX``.

    ``may_hold``: a cheap look (substring searches on the text lower-cased, with line breaks dropped and escapes
    undone) before the exact ``KeyForms`` search, which costs ~100 ms/MB. ``open_at``: where the end of a text
    could still become one of them (a stream holds it back)."""

    def __init__(self, value: str) -> None:
        raw = value.encode("utf-8")
        self.forms = KeyForms.of(value)
        self.lower = value.lower()
        # A key outside ASCII as the pattern reads it in bytes decoded one a character (an answer's body and header
        # fields): ``ü`` is two characters there; the cheap look must say yes to that reading too (attack56).
        self.lower_read = raw.decode("latin-1").lower() if not value.isascii() else self.lower
        self.hex = raw.hex()
        self.pieces = sorted(base64_middles(raw))
        self.pieces_lower = [p.lower() for p in self.pieces]
        # How far back a spelling may begin: `\uXXXX` is 6 characters a byte, plus a break every 76.
        self.reach = 6 * len(raw) + 2 * (len(raw) // 12 + 1)
        # The first MIN_OPEN characters of each spelling (lower-cased): a tail holding none of them (the usual case)
        # is answered by one search.
        self._beginnings = re.compile("|".join(sorted({re.escape(t[:MIN_OPEN].lower())
                                                       for t in (self.lower, self.hex, *self.pieces)})))
        self._longest = max(len(t) for t in (self.lower, self.hex, *self.pieces))

    def may_hold(self, views: Views) -> bool:
        """Could ``views`` (of one text) hold a spelling of the key? Cheap, never wrong when it says no."""
        flat = views.flat
        if self.lower in flat or self.lower_read in flat or self.hex in flat or \
                any(p in flat for p in self.pieces_lower):
            return True
        return views.undone is not None and (self.lower in views.undone or self.lower_read in views.undone)

    def find(self, text: str, views: Views | None = None) -> list[tuple[int, int]]:
        if not self.may_hold(views or Views.of(text)):
            return []
        return [m.span() for m in self.forms.pattern.finditer(text)]

    def open_at(self, text: str, start: int = 0) -> int:
        """The first index from ``start`` where the rest of ``text`` could still become a spelling of the key: at
        least ``MIN_OPEN`` characters of its beginning as hex, as a base64 piece, or (escapes undone, breaks
        dropped) as the key; ``len(text)`` when none. One character is not held (ordinary text ends in one of the
        ~20 characters that begin a spelling one delta in ten): a spelling cut right after its first character
        has that character (at most 6 bits of the key) sent, and the stream stops when it is whole."""
        lo = max(start, len(text) - self.reach)
        cut = len(text)
        if lo >= cut:
            return cut
        tail = text[lo:]
        if not any(c in tail for c in "=%\\\r\n"):  # the usual text: nothing to undo
            where = None
            reading = tail
        else:
            chars, where = _reading(tail)  # escapes undone, line breaks dropped; where[i]: offset in tail
            if (m := _OPEN_ESCAPE.search(tail)) is not None:  # an escape cut in two: it may stand for any byte
                keep = bisect.bisect_left(where, m.start())
                chars, where = [*chars[:keep], "\0"], [*where[:keep], m.start()]
            reading = "".join(chars)
        low = reading.lower()
        if not low.endswith("\0") and not self._beginnings.search(low, max(0, len(low) - self._longest)):
            return cut
        for target, folded in ((self.lower, low), (self.hex, low), *((p, reading) for p in self.pieces)):
            i = _open_prefix(folded, target)
            if i is not None:
                cut = min(cut, lo + (i if where is None else where[i]))
        return cut


@dataclass(frozen=True)
class Views:
    """What ``SpelledKey.may_hold`` reads of a text, made once for every key: the text lower-cased with line breaks
    (quoted-printable soft ones too) dropped, and that with `=XX`, `%XX`, `\\uXXXX` and `\\/` undone (None when it
    has no escape)."""

    flat: str
    undone: str | None

    @classmethod
    def of(cls, text: str) -> Views:
        flat = text.lower()
        if "\n" in flat or "\r" in flat:
            flat = flat.replace("=\r\n", "").replace("=\n", "").replace("\r", "").replace("\n", "")
        if "=" not in flat and "%" not in flat and "\\" not in flat:
            return cls(flat, None)
        return cls(flat, _ESCAPE.sub(_one_escape, flat).lower())


_ESCAPE = re.compile(r"[=%][0-9a-f]{2}|\\u[0-9a-f]{4}|\\/")  # in lower-cased text


def _one_escape(m: re.Match[str]) -> str:
    token = m.group()
    if token[0] in "=%":
        return chr(int(token[1:], 16))
    return chr(int(token[2:], 16)) if token[1] == "u" else token[1]


def _reading(tail: str) -> tuple[list[str], list[int]]:
    """``tail`` with escapes undone and line breaks dropped, character by character, with each character's offset
    in ``tail``."""
    chars: list[str] = []
    where: list[int] = []
    last = 0
    for m in _ESCAPE_OR_BREAK.finditer(tail):
        chars.extend(tail[last:m.start()])
        where.extend(range(last, m.start()))
        token = m.group()
        if token[0] in "=%" and token[1] not in "\r\n":
            chars.append(chr(int(token[1:], 16)))
            where.append(m.start())
        elif token[0] == "\\":
            chars.append(chr(int(token[2:], 16)) if token[1] == "u" else token[1])
            where.append(m.start())
        last = m.end()
    chars.extend(tail[last:])
    where.extend(range(last, len(tail)))
    return chars, where


def _open_prefix(text: str, target: str) -> int | None:
    """The first index from which the rest of ``text``, ``MIN_OPEN`` characters or more, is a beginning of
    ``target`` (a NUL stands for any character: an escape cut at the end), or None."""
    end = len(text) - MIN_OPEN + 1
    lo = max(0, len(text) - len(target) + 1)
    if "\0" not in text[lo:]:
        i = text.find(target[0], lo, end)
        while i != -1:
            if target.startswith(text[i:]):
                return i
            i = text.find(target[0], i + 1, end)
        return None
    for i in range(max(0, lo - 1), end):  # the NUL may be the target's last character: a whole length is open too
        if all(a == b or a == "\0" for a, b in zip(text[i:], target, strict=False)):
            return i
    return None


def _wrapped(piece: str) -> str:
    """A regex for a base64 piece that may hold line breaks anywhere."""
    return r"(?:\r?\n)?".join(re.escape(c) for c in piece)


def _byte_spellings(c: str) -> str:
    """A regex for one byte of the key (``c``: the byte as a latin-1 character) in the spellings KeyForms reads."""
    options = [re.escape(c), f"%{ord(c):02x}"]
    if c.isascii():
        options.append(re.escape(f"\\u{ord(c):04x}"))
    if c == "/":
        options.append(re.escape("\\/"))
    return "(?:" + "|".join(options) + ")"
