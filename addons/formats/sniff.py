"""What a body of no trusted type really is: text in some charset, or binary with printable strings in it.

`sniff_text(raw)` decodes a body that is text in any charset: a BOM (UTF-8/16/32) decides; else the NUL
pattern of UTF-16/32 (ASCII-heavy text has a zero byte in every other / three of four bytes); else UTF-8;
else Latin-1 when the bytes hold no C0 control characters. None means binary.

`printable_runs(raw)` lists the printable strings of a binary body (ASCII and UTF-16LE/BE, at least
`RUN_MIN` characters), the way `strings(1)` does, joined into one text per encoding. They are scanned so a
secret inside an image, a protobuf or a zip of plain text is found; they cannot be rewritten (a binary
format has lengths and checksums), so a finding there blocks.
"""

from __future__ import annotations

import codecs
import re
from typing import NamedTuple

RUN_MIN = 8  # shorter runs are noise in any binary; no secret rule matches fewer characters
_TEXT_SHARE = 0.97  # share of printable characters a guessed (BOM-less UTF-16/32, Latin-1) decoding must have

_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
         (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
# C0 controls other than tab, LF, FF, CR (and ESC, used by terminal logs): never in text.
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f]")
# The same bytes as a translation table (control -> 0, any other -> 1): one C pass and a memchr, ~5x the regex's
# speed (~13 ns a byte, on every body of no trusted type and every decoded run: a streamed answer is 60 KB).
_CONTROL_MAP = bytes(0 if _CONTROL_BYTES.match(bytes([b])) else 1 for b in range(256))
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\x7f\ufffe\uffff]")
_ASCII_RUN = re.compile(rb"[\x20-\x7e\t]{8,}")  # RUN_MIN
_UTF16LE_RUN = re.compile(rb"(?:[\x20-\x7e\t]\x00){8,}")
_UTF16BE_RUN = re.compile(rb"(?:\x00[\x20-\x7e\t]){8,}")


class Sniffed(NamedTuple):
    text: str
    codec: str  # a Python codec name that encodes `text` back to bytes of the same shape (BOM kept in text)


def sniff_text(raw: bytes) -> Sniffed | None:
    for bom, codec in _BOMS:
        if raw.startswith(bom) and (sniffed := _decode(raw, codec, require_printable=False)) is not None:
            return sniffed
    guess = _wide_guess(raw)
    if guess is not None:
        return _decode(raw, guess, require_printable=True)
    if has_control_bytes(raw):
        return None
    try:
        return Sniffed(raw.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        return _decode(raw, "latin-1", require_printable=True)


def has_control_bytes(raw: bytes) -> bool:
    """Whether ``raw`` holds a byte ``_CONTROL_BYTES`` matches (never in text)."""
    return 0 in raw.translate(_CONTROL_MAP)


def _wide_guess(raw: bytes) -> str | None:
    """UTF-16/32 without a BOM, told by where the zero bytes sit in the first 4 KiB."""
    head = raw[:4096]
    if len(head) < 4 or b"\x00" not in head:
        return None
    if len(raw) % 4 == 0:
        if head[1::4].count(0) == head[2::4].count(0) == head[3::4].count(0) == len(head) // 4:
            return "utf-32-le"
        if head[0::4].count(0) == head[1::4].count(0) == head[2::4].count(0) == len(head) // 4:
            return "utf-32-be"
    if len(raw) % 2:
        return None
    half = len(head) // 2
    if head[1::2].count(0) >= 0.6 * half and head[0::2].count(0) == 0:
        return "utf-16-le"
    if head[0::2].count(0) >= 0.6 * half and head[1::2].count(0) == 0:
        return "utf-16-be"
    return None


def _decode(raw: bytes, codec: str, *, require_printable: bool) -> Sniffed | None:
    try:
        text = raw.decode(codec)
    except UnicodeDecodeError:
        return None
    if require_printable and text:
        controls = len(_CONTROL_CHARS.findall(text))
        if controls > (1 - _TEXT_SHARE) * len(text) or (codec == "latin-1" and controls):
            return None
    return Sniffed(text, codec)


class Runs(NamedTuple):
    encoding: str  # "ascii" | "utf-16-le" | "utf-16-be"
    text: str  # the runs joined by newlines


WIDE_ENCODINGS = ("utf-16-le", "utf-16-be")


def is_wide_strings(location: str) -> bool:
    """Whether a field at ``location`` holds a binary's printable strings read as UTF-16 (``strings.<encoding>``,
    its own or a compressed part's): where 16-bit numbers, audio samples, read as random text (detect/noise.py)."""
    return location.endswith(tuple(f"strings.{encoding}" for encoding in WIDE_ENCODINGS))


def ascii_run_spans(raw: bytes) -> list[tuple[int, int]]:
    """Where each printable ASCII run of 8+ bytes of ``raw`` lies."""
    return [m.span() for m in _ASCII_RUN.finditer(raw)]


ENCODINGS = frozenset({"ascii", "utf-16-le", "utf-16-be"})
_RUNS = (("ascii", _ASCII_RUN), ("utf-16-le", _UTF16LE_RUN), ("utf-16-be", _UTF16BE_RUN))


def printable_runs(raw: bytes, encodings: frozenset[str] = ENCODINGS) -> list[Runs]:
    """The printable strings of a binary body, one joined text per encoding (of ``encodings``) that has any.
    A UTF-16 run has a NUL in every other byte: without one in ``raw`` there is none, and its pattern (~50 ns a
    byte, tried at every offset: 1.1 ms for a 22 KB streamed answer) is not run."""
    out = []
    wide = b"\x00" in raw
    for encoding, pattern in _RUNS:
        if encoding not in encodings or (encoding != "ascii" and not wide):
            continue
        found = [m.group().decode(encoding) for m in pattern.finditer(raw)]
        if found:
            out.append(Runs(encoding, "\n".join(found)))
    return out
