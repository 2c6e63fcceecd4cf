"""Text hidden in an encoding: data URIs, provider file parts (OpenAI `file_data`, Anthropic `document` sources,
Gemini `inlineData`) and encoded runs in any string: base64 (standard or URL-safe), hex of the bytes, base32,
and gzip / zlib inside any of them; nested up to `MAX_DEPTH` layers (base64 of base64 of base64).

`expand(fields)` appends one "decoded" field per run whose bytes are text (`sniff.sniff_text`), at
`<carrier location>#base64@<offset>` (`#hex@`, `#base32@`), and returns how to put a rewritten decoded text
back: re-encoded with the same alphabet, case and padding and spliced into the carrier (which may itself be a
decoded field: the layers are rebuilt from the inside out). A compressed layer cannot be rebuilt byte for
byte, so a value to mask inside one is Unmaskable (the caller blocks).

Which runs are decoded, and why:
- base64 of at least `RUN_MIN` characters; below `SHORT_RUN` only when it decodes to printable UTF-8 (most ids
  decode to noise). Runs of `SHORT_MIN` to `RUN_MIN` characters that decode to printable UTF-8 become
  "decoded-short" fields: base64 of a short key, scanned only for fixed-shape keys (the Guard), since short
  printable decodings of ordinary words are common enough to make other rules guess.
- hex runs of at least `HEX_MIN` digits and base32 runs of at least `RUN_MIN` characters only when they decode
  to printable UTF-8: hashes and ids decode to noise and are left alone.
Base64 and hex runs of at least `RUN_MIN` characters whose bytes are binary (images, PDFs, a tar or an uncompressed
zip) give their printable strings, as a binary body does (`sniff.printable_runs`), as "decoded-short" fields: fixed-
shape keys only (random bytes hold short printable stretches), and never rewritten (a value there is Unmaskable: the
caller blocks). attack20: base64 of `tar c .env`, or of a PDF with a key in its text, in a document part was sent.

Bounded: at most `MAX_DECODED` decoded bytes per body (or `DECODED_PER_CHAR` per character of its text, if more)
and `MAX_INFLATED` bytes out of one compressed layer (beyond that the run is listed as skipped, and the caller's
coverage says so).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
import zlib
from collections import deque
from typing import NamedTuple

from . import compressed, deadline, wire
from .model import Field, Unmaskable
from .sniff import printable_runs, sniff_text

RUN_MIN = 24  # base64 of an 18-byte key; shorter runs are ids and hashes unless they decode to printable text
SHORT_MIN = 16  # base64 of a 12-byte token: the shortest run decoded at all
SHORT_RUN = 64  # below this a run is decoded only if it is printable UTF-8 (most ids decode to noise)
HEX_MIN = 32  # 16 bytes
MAX_DEPTH = 3  # layers of encoding undone (base64 of base64 of base64)
MAX_DECODED = 16 << 20  # decoded bytes per body, or DECODED_PER_CHAR of its text's characters if more
# attack18: a policy's max_body_bytes may be above 16 MiB (a 25 MB PDF to a model is base64 of 18.75 MB): a fixed
# budget refused such a body as an incomplete scan. Base64 of data decodes to 3/4 of its length, a run read as hex,
# base32 and base64 at once to 1.875 times; a body that needs more spends it on purpose (glued stretches).
DECODED_PER_CHAR = 2
MAX_INFLATED = 1 << 20  # bytes out of one gzip / zlib layer
_MAX_MEMBERS = 256  # gzip / zlib members read one after another in a run (compressed.MAX_PARTS)
_RUN = re.compile(rf"(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{{{SHORT_MIN},}}={{0,6}}", re.ASCII)
# The fast check before the exact search: SHORT_MIN run characters in a row, by one bytes.translate and one
# substring search in C (the regex `[A-Za-z0-9+/_-]{16}` tried a run at every position: ~25 ns a character).
# Non-ASCII characters encode to bytes of 0x80 and above, which are not run characters.
_RUN_CHARACTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/_-")
_AS_RUNS = bytes(ord("r") if chr(i) in _RUN_CHARACTERS else ord(".") for i in range(256))
_SHORTEST_RUN = b"r" * SHORT_MIN


def may_hold_a_run(text: str) -> bool:
    """Whether ``text`` has SHORT_MIN run characters in a row (what ``_RUN`` needs to match at all)."""
    return _SHORTEST_RUN in text.encode("utf-8", "surrogatepass").translate(_AS_RUNS)
_HEX = re.compile(r"[0-9a-f]+|[0-9A-F]+", re.ASCII)
_SEPARATOR = re.compile(r"[-_/+]")  # where a run may be glued to a word (`file-<hex>`, `files/<base64>`)
GLUE_CUTS = 4  # separators of a glued run a stretch may begin after (first ones) or end at (last ones)
GLUE_RUN = 1024  # longer runs that decode to nothing are not read in stretches
_BASE32 = re.compile(r"[A-Z2-7]+=*", re.ASCII)
# attack17: base32 written lower-case (a DNS label, `b32encode(...).lower()`) went undecoded and sent
_BASE32_LOWER = re.compile(r"[a-z2-7]+=*", re.ASCII)


class Splice(NamedTuple):
    carrier: int  # index of the field the run sits in (a body field or an earlier decoded field)
    start: int
    end: int
    encoding: str  # "base64", "base64url", "hex", "HEX", "base32", "base32lower"
    padded: bool  # the run was written with padding (or needed none): keep "=" in the re-encoded run
    codec: str  # of the decoded text (sniff.Sniffed.codec)
    compression: str = ""  # "gzip" / "zlib" between the encoding and the text: cannot be rebuilt exactly
    wrap: int = 0  # the run was wrapped at this many characters a line (base64 / MIME); 0: one line
    newline: str = ""  # what its lines were separated by
    backwards: bool = False  # the run was written backwards (attack19): re-encoded, then reversed
    binary: bool = False  # the text is the printable strings of binary bytes: cannot be put back


class Expansion(NamedTuple):
    fields: list[Field]  # the decoded fields, to append after the body's own
    splices: list[Splice]  # one per decoded field, same order
    skipped: list[str]
    cut: bool = False  # the decoding budget ran out: runs after that point were not read


class _Decoded(NamedTuple):
    text: str
    codec: str
    encoding: str
    compression: str
    size: int  # bytes decoded (against the body's budget)
    backwards: bool = False  # read from the run's last character to its first
    binary: bool = False  # the printable strings of bytes that are no text (images, PDFs, archives)


class _OverBudget(Exception):
    pass


def expand(fields: list[Field]) -> Expansion:
    with wire.one_body(sum(len(f.text) for f in fields)):  # its runs' gRPC frames share one budget (attack27)
        return _expand(fields)


def _expand(fields: list[Field]) -> Expansion:
    out: list[Field] = []
    splices: list[Splice] = []
    skipped: list[str] = []
    budget = [max(MAX_DECODED, DECODED_PER_CHAR * sum(len(f.text) for f in fields))]
    # (absolute index, field, depth, under a "strings" field): decoded fields are expanded again until MAX_DEPTH
    # layers are undone. The printable strings of a binary body are decoded too (attack16: base64 of a key in an
    # octet-stream upload was sent), as "decoded-short" fields: scanned for fixed-shape keys only, since runs of
    # binary data decode to printable text by chance; a value there cannot be masked (the binary is not rewritten).
    # A binary's glued reading (a PDF's shown text, "decoded-short") is a guess already: what it decodes to is too.
    # The body's own fields first, then what they decode to, in the order found (a deque: list.pop(0) made 200k fields
    # cost seconds); the body's are not copied into it first (codec61: 786,000 form pairs took ~0.5 s there, before
    # the first check of the body's deadline).
    queue: deque[tuple[int, Field, int, bool]] = deque()
    first = len(fields)
    check = deadline.current().check  # the body's (formats/deadline.py): every EVERY fields, and each run
    for read, (index, field, depth, in_strings) in enumerate(_own_then_queued(fields, queue)):
        if not read % deadline.EVERY:
            check()
        if len(field.text) < SHORT_MIN or not may_hold_a_run(field.text):
            continue
        try:
            blocks = _wrapped_blocks(field.text, budget, skipped, field.location) if "\n" in field.text else []
        except _OverBudget:
            skipped.append(f"{field.location}: encoded text beyond the {MAX_DECODED}-byte decoding budget")
            return Expansion(out, splices, skipped, cut=True)
        for start, end, decoded, wrap, newline in blocks:
            run = field.text[start:end].replace(newline, "")
            new = Field(f"{field.location}#{_tag(decoded)}@{start}", decoded.text,
                        "decoded-short" if in_strings or decoded.binary else "decoded")
            out.append(new)
            splices.append(Splice(index, start, end, decoded.encoding, _padded(run, decoded.encoding), decoded.codec,
                                  decoded.compression, wrap, newline, binary=decoded.binary))
            if depth + 1 < MAX_DEPTH:
                queue.append((first + len(out) - 1, new, depth + 1, in_strings or decoded.binary))
            _add_pdf_reading(first + len(out) - 1, new, decoded, out, splices, budget, skipped)
        for m in _RUN.finditer(field.text):
            check()
            if blocks and any(b[0] <= m.start() < b[1] for b in blocks):
                continue  # a line of a wrapped block read whole above
            try:
                found, glued = _readings(m, budget, skipped, field.location)
            except _OverBudget:
                skipped.append(f"{field.location}: encoded text beyond the {MAX_DECODED}-byte decoding budget")
                return Expansion(out, splices, skipped, cut=True)
            for start, run, decoded in found:
                # a stretch is a guess (base64 of binary has printable stretches): fixed-shape keys only
                short = len(run) < RUN_MIN or glued or decoded.binary
                new = Field(f"{field.location}#{_tag(decoded)}@{start}", decoded.text,
                            "decoded-short" if short or in_strings else "decoded")
                out.append(new)
                splices.append(Splice(index, start, start + len(run), decoded.encoding,
                                      _padded(run, decoded.encoding), decoded.codec, decoded.compression,
                                      backwards=decoded.backwards, binary=decoded.binary))
                if depth + 1 < MAX_DEPTH:
                    queue.append((first + len(out) - 1, new, depth + 1, in_strings or decoded.binary))
                _add_pdf_reading(first + len(out) - 1, new, decoded, out, splices, budget, skipped)
    return Expansion(out, splices, skipped)


def _own_then_queued(fields: list[Field], queue: deque[tuple[int, Field, int, bool]]):
    """(index, field, depth, under a "strings" field) of each body field, then of each decoded one queued meanwhile."""
    for index, field in enumerate(fields):
        yield index, field, 0, field.kind in ("strings", "decoded-short")
    while queue:
        yield queue.popleft()


def _add_pdf_reading(index: int, new: Field, decoded: _Decoded, out: list[Field], splices: list[Splice],
                     budget: list[int], skipped: list[str]) -> None:
    """attack21: a PDF whose bytes read as text (plain streams) also gives the text its pages show, as fields of
    fixed-shape keys only that cannot be put back (a binary one's is read with its printable strings)."""
    if decoded.binary or not new.text.startswith("%PDF-"):
        return
    try:
        raw = new.text.encode(decoded.codec)
    except UnicodeEncodeError:
        return
    for text in _pdf_shown(raw, budget, skipped, new.location):
        out.append(Field(f"{new.location}.pdf", text, "decoded-short"))
        splices.append(Splice(index, 0, len(new.text), decoded.encoding, True, "latin-1", binary=True))


def _tag(decoded: _Decoded) -> str:
    return "base64" if decoded.encoding.startswith("base64") else decoded.encoding.lower()


# Lines of base64 wrapped at a fixed width (`base64`: 76 columns, `openssl base64` and PEM: 64, MIME: 76), each
# line break `\n` or `\r\n`. Read line by line, a key that straddles a break was in two decoded pieces and found by
# nothing (attack17: `base64 .env` pasted into a chat was sent).
_WRAPPED = re.compile(r"(?<![A-Za-z0-9+/=_-])(?:[A-Za-z0-9+/]{16,}\r?\n)+[A-Za-z0-9+/]+={0,2}(?![A-Za-z0-9+/=_-])",
                      re.ASCII)


def _wrapped_blocks(text: str, budget: list[int], skipped: list[str],
                    location: str) -> list[tuple[int, int, _Decoded, int, str]]:
    """(start, end, decoded, width, newline) of each block of lines of one width (a multiple of 4; the last line
    no longer) that decodes as one run; without its last line when only that does (a word on the next line)."""
    blocks = []
    for m in _WRAPPED.finditer(text):
        newline = "\r\n" if m.group().find("\r\n") == m.group().find("\n") - 1 else "\n"
        lines = m.group().split(newline)
        mixed = next((j for j, line in enumerate(lines) if "\n" in line or "\r" in line), None)
        if mixed is not None:  # the other line break ends the block
            lines = [*lines[:mixed], lines[mixed].split("\n")[0].removesuffix("\r")]
        width = len(lines[0])
        # the block ends at its first shorter line (what follows is the next line's text)
        short = next((j for j in range(1, len(lines)) if len(lines[j]) != width), len(lines) - 1)
        lines = lines[:short + 1]
        if width % 4 or "=" in "".join(lines[:-1]):
            continue
        for kept in (lines, lines[:-1]) if len(lines) > 2 else (lines,):
            if len(kept[-1]) > width or len(kept) < 2:
                continue
            decoded = _decode_run("".join(kept), budget, skipped, location)
            if decoded is not None:
                blocks.append((m.start(), m.start() + len(newline.join(kept)), decoded, width, newline))
                break
    return blocks


# Digests of runs that gave no reading, whole or in stretches (decoding does not depend on the rules): a session's
# cookie, bearer token or CSRF token comes in every request, and its signature or random bytes decode to nothing.
# Only such runs, never a decoded text; cleared when full.
_NO_READING: set[bytes] = set()
_NO_READING_LIMIT = 8192


def _readings(m: re.Match[str], budget: list[int], skipped: list[str],
              location: str) -> tuple[list[tuple[int, str, _Decoded]], bool]:
    """``_read`` of ``m``, remembering the runs that give nothing."""
    digest = hashlib.blake2b(m.group().encode(), digest_size=16).digest()
    if digest in _NO_READING:
        return [], False
    notes = len(skipped)
    found, glued = _read(m, budget, skipped, location)
    if not found and len(skipped) == notes:  # (a note, e.g. a layer that does not inflate, is said every time)
        if len(_NO_READING) >= _NO_READING_LIMIT:
            _NO_READING.clear()
        _NO_READING.add(digest)
    return found, glued


def _read(m: re.Match[str], budget: list[int], skipped: list[str],
          location: str) -> tuple[list[tuple[int, str, _Decoded]], bool]:
    """(start, run, decoded) of the run ``m`` matched, and whether they are stretches of it: the run whole, or
    when it decodes to nothing and holds a separator, the stretches between separators that do. attack17: a run
    glued to a word by "-" or "_" (`file-<hex>`, `X-<base32>`) or written in a URL's path
    (`com/v1/files/<base64>/content` in a JSON string: "/" and "+" are base64 characters too) was read from the
    word's first letter, decoded to noise, and the key inside was sent. A stretch begins at the run's start or
    after one of its first ``GLUE_CUTS`` separators and ends at its end or at one of its last ``GLUE_CUTS`` (a
    glued word or a URL's first segments; base64 itself holds "/" and "+"), runs up to ``GLUE_RUN`` characters
    (a key's encoding is short; longer runs are base64 payloads): at most 24 more decodings of a run that decoded
    to nothing. Longest first; the next begins after it. Only printable UTF-8 counts (a stretch that is no
    encoding, `files/6b3f...`, decodes to other bytes)."""
    run = m.group()
    whole = _decode_run(run, budget, skipped, location)
    if whole is not None and not whole.binary:
        return [(m.start(), run, whole)], False
    # A run that gives only binary bytes' strings may still be a glued or reversed encoding of text: read those first.
    alone = ([(m.start(), run, whole)] if whole is not None else []), False
    if len(run) > GLUE_RUN:
        return alone
    # attack19: `b64encode(note)[::-1]` decoded forwards to noise and the key inside was sent. A run of a key's size
    # that gives nothing is read backwards too; printable text only, and as a guess (fixed-shape keys only).
    if _ascii_backwards(run) and (backwards := _decode_run(run[::-1], budget, skipped, location, plain=True)):
        return [(m.start(), run, backwards._replace(backwards=True))], True
    # attack20: a non-ASCII byte before the note (`b64encode(b"\xff" + note)[::-1]`) failed the test above; such a run
    # read backwards is read as a forwards one is (its bytes' printable strings if binary), as a guess.
    # Base64 only (0.75 decoded bytes a character more: a run's readings stay within DECODED_PER_CHAR), and not for
    # runs of hex digits (hashes; their backwards hex was read above).
    if not _HEX.fullmatch(run) and (backwards := _decode_run(run[::-1], budget, skipped, location,
                                                             base64_only=True)) is not None:
        alone = (alone[0] + [(m.start(), run, backwards._replace(backwards=True))], True)
    cuts = [c.start() for c in _SEPARATOR.finditer(run)]
    if not cuts:
        return alone
    starts = [0, *(c + 1 for c in cuts[:GLUE_CUTS])]
    ends = sorted({len(run), *cuts[-GLUE_CUTS:]}, reverse=True)
    out: list[tuple[int, str, _Decoded]] = []
    after = 0  # where the last stretch read ended
    for start in starts:
        if start < after:
            continue
        for end in ends:
            if end - start < SHORT_MIN or (start == 0 and end == len(run)):
                continue
            if (decoded := _decode_run(run[start:end], budget, skipped, location, plain=True)) is not None:
                out.append((m.start() + start, run[start:end], decoded))
                after = end
                break
    return (alone[0] + out, True) if out else alone  # both: a binary reading's key is not dropped for a stretch


_SIX_BITS_UNDER_32 = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef")


def _ascii_backwards(run: str) -> bool:
    """Whether ``run`` read backwards may be hex or base64 of ASCII (a key's note is): every byte under 0x80, so each
    byte's first hex digit is 0-7 and each base64 group's first character is worth under 32. Random runs pass one
    time in 2 ** (characters / 4): the backwards reading costs almost nothing on runs that give nothing."""
    back = run.rstrip("=")[::-1]
    if _HEX.fullmatch(back) and len(back) % 2 == 0 and all(c in "01234567" for c in back[::2]):
        return True
    return all(c in _SIX_BITS_UNDER_32 for c in back[::4])


def _decode_run(run: str, budget: list[int], skipped: list[str], location: str,
                plain: bool = False, base64_only: bool = False) -> _Decoded | None:
    """The text inside one run, trying hex, base32 and base64 in that order (a hex or base32 run is also
    made of base64 characters, and decodes to noise as base64). A run of base64 whose bytes are binary gives their
    printable strings (``binary``) when no reading gives text; a guess (``plain``) never does."""
    binary: _Decoded | None = None
    for encoding, raw in _candidates(run):
        if base64_only and not encoding.startswith("base64"):
            continue
        if len(raw) > budget[0]:
            raise _OverBudget
        budget[0] -= len(raw)
        compression = _compression(raw)
        if compression:
            inflated, whole = _inflate(raw, compression)
            if inflated is None:
                skipped.append(f"{location}: {compression} data that does not inflate within {MAX_INFLATED} bytes")
                continue
            if whole:
                if len(inflated) > budget[0]:
                    raise _OverBudget
                budget[0] -= len(inflated)
                raw = inflated
            else:  # bytes after its end that are no gzip / zlib member: read below as a binary whose layers
                compression = ""  # `compressed.inner_fields` opens, the stream and what follows it (wire63)
        sniffed = sniff_text(raw)
        printable_only = plain or encoding not in ("base64", "base64url") or len(run) < SHORT_RUN
        # attack20: bytes that are no text, or that read as UTF-16/32 only by a BOM or their NULs while holding
        # ASCII strings (`\xff\xfe` + a binary with a key), give their printable strings if nothing gives text.
        if sniffed is not None and not (printable_only and not compression and not _plain(sniffed.text,
                                                                                           sniffed.codec)):
            wide = sniffed.codec.startswith("utf-") and not sniffed.codec.startswith("utf-8")
            if not (wide and any(r.encoding == "ascii" for r in printable_runs(raw))):
                return _Decoded(sniffed.text, sniffed.codec, encoding, compression, len(raw))
        if binary is None and not plain and encoding in ("base64", "base64url", "hex", "HEX") and len(run) >= RUN_MIN:
            strings = "\n".join([*(runs.text for runs in printable_runs(raw)), *wire.strings(raw)])
            if raw[:5] == b"%PDF-":  # attack21: the text its pages show, its operands joined (a reader's view)
                strings = "\n".join([strings, *_pdf_shown(raw, budget, skipped, location)]).strip("\n")
            else:  # attack26: an archive or another compressed layer (a zip of `.env`, gzip of gzip), read inside
                strings = "\n".join([strings, *_archive_texts(raw, budget, skipped, location)]).strip("\n")
            if strings:
                binary = _Decoded(strings, "ascii", encoding, compression, len(raw), binary=True)
    return binary


def _pdf_shown(raw: bytes, budget: list[int], skipped: list[str], location: str) -> list[str]:
    """The texts a PDF's pages show (`compressed.read_pdf`, its FlateDecode content inflated within what is left of
    the budget, at most `MAX_INFLATED`): read as the binary's strings, fixed-shape keys only."""
    reading = compressed.read_pdf(raw, min(MAX_INFLATED, budget[0]), stream_texts=False)
    budget[0] -= reading.inflated
    skipped += [f"{location}: {reason}" for reason in reading.skipped]
    return [f.text for f in reading.fields]


def _archive_texts(raw: bytes, budget: list[int], skipped: list[str], location: str) -> list[str]:
    """The texts inside an archive or compressed stream (`compressed.inner_fields`, within what is left of the budget,
    at most `MAX_INFLATED`); layers nested past its depth are a reading cut short, as a spent budget is."""
    try:
        fields, reasons = compressed.inner_fields(raw, min(MAX_INFLATED, budget[0]))
    except compressed.ArchiveTooDeep:
        raise _OverBudget from None
    budget[0] -= sum(len(f.text) for f in fields)
    skipped += [f"{location}: {reason}" for reason in reasons]
    return [f.text for f in fields]


def _candidates(run: str):
    body = run.rstrip("=")
    pads = len(run) - len(body)
    if pads == 0 and len(run) >= HEX_MIN and len(run) % 2 == 0 and _HEX.fullmatch(run):
        yield ("hex" if not run.isupper() else "HEX"), bytes.fromhex(run)
    if len(run) >= RUN_MIN and len(body) % 8 in (0, 2, 4, 5, 7):
        encoding = "base32" if _BASE32.fullmatch(run) else "base32lower" if _BASE32_LOWER.fullmatch(run) else ""
        if encoding:
            yield encoding, _base32_decoded(body)
    if pads <= 2 and (raw := _decode_base64(body)) is not None:
        yield ("base64url" if "-" in body or "_" in body else "base64"), raw


# Base32's alphabet (either case) as the digits of int(..., 32): A-Z are 0-25, 2-7 are 26-31.
_AS_BASE32_DIGITS = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567abcdefghijklmnopqrstuvwxyz",
                                  "0123456789abcdefghijklmnopqrstuv0123456789abcdefghijklmnop")


def _base32_decoded(body: str) -> bytes:
    """``base64.b32decode`` of ``body`` (base32 letters of either case, unpadded; its length mod 8 one that padding
    completes) in C: as a base-32 number, which CPython reads in linear time (a power-of-two base), trailing bits
    dropped as b32decode drops them. dos58: b32decode's loop of Python steps per 8 characters cost ~0.3 s of the
    proxy's CPU per MiB of base32 letters (`QUJD` repeated), on the event loop every other flow waits for."""
    if not body:
        return b""
    value = int(body.translate(_AS_BASE32_DIGITS), 32)
    bits = 5 * len(body)
    return (value >> bits % 8).to_bytes(bits // 8, "big")


def _padded(run: str, encoding: str) -> bool:
    if encoding in ("hex", "HEX"):
        return True
    block = 8 if encoding.startswith("base32") else 4
    return len(run) % block == 0


def _compression(raw: bytes) -> str:
    if raw[:2] == b"\x1f\x8b":
        return "gzip"
    if len(raw) >= 2 and raw[0] & 0x0F == 8 and raw[0] >> 4 <= 7 and (raw[0] << 8 | raw[1]) % 31 == 0:
        return "zlib"
    return ""


def _inflate(raw: bytes, compression: str) -> tuple[bytes | None, bool]:
    """The inflated bytes of every gzip / zlib member one after another (`cat a.gz b.gz`: gunzip reads them all;
    wire63: the first alone was read, a key in the second passed), and whether nothing else follows them (zero
    padding aside); None when they exceed MAX_INFLATED or the data is not complete and valid."""
    out: list[bytes] = []
    room = MAX_INFLATED
    for _ in range(_MAX_MEMBERS):  # each member copies the rest (unused_data): a bound, as zip members have one
        inflater = zlib.decompressobj(31 if compression == "gzip" else 15)
        try:
            chunk = inflater.decompress(raw, room)
        except zlib.error:
            return None, False
        if inflater.unconsumed_tail or not inflater.eof:
            return None, False
        out.append(chunk)
        room -= len(chunk)
        raw = inflater.unused_data.lstrip(b"\0")
        if not raw:
            return b"".join(out), True
        compression = _compression(raw)
        if not compression or room <= 0:
            return b"".join(out), False
    return b"".join(out), False  # more members than that: read below as a binary (`inner_fields`, bounded too)


def _plain(text: str, codec: str) -> bool:
    return codec == "utf-8" and text.replace("\n", " ").replace("\t", " ").replace("\r", " ").isprintable()


def _decode_base64(body: str) -> bytes | None:
    if len(body) % 4 == 1:
        return None  # not base64 of anything
    padded = body + "=" * (-len(body) % 4)
    try:
        if "-" in body or "_" in body:
            if "+" in body or "/" in body:
                return None
            return base64.urlsafe_b64decode(padded)
        return base64.b64decode(padded, validate=True)
    except (binascii.Error, ValueError):
        return None


def apply(fields: list[Field], splices: list[Splice], first: int, replacements: dict[int, str]) -> dict[int, str]:
    """Turn replacements of decoded fields (indices >= `first`; `fields` holds the body's fields and then the
    decoded ones) into replacements of the body's own fields.

    Decoded fields are folded into their carriers from the last to the first: a carrier (an earlier field)
    then already holds its inner layers. A carrier that is also rewritten directly: a run its own mask
    replaced whole needs nothing more; a run still in it once is re-encoded there; a run found more than
    once is Unmaskable (we would guess)."""
    for index in replacements:
        if index >= first + len(splices):
            raise IndexError(f"no field {index}")
    texts = dict(replacements)
    direct = set(replacements)
    for index in range(first + len(splices) - 1, first - 1, -1):
        if index in texts:
            splice = splices[index - first]
            texts[splice.carrier] = _fold(fields, splice, texts.pop(index), texts, direct)
    return texts


def _fold(fields: list[Field], splice: Splice, decoded: str, texts: dict[int, str], direct: set[int]) -> str:
    original = fields[splice.carrier].text
    run = original[splice.start:splice.end]
    if splice.carrier not in direct:
        text = texts.get(splice.carrier, original)
        at = splice.start  # runs after this one in the carrier were folded first: this offset still holds
    else:
        text = texts[splice.carrier]
        if text.count(run) == 0:
            return text  # the carrier's own mask already replaced the whole run
        if text.count(run) > 1:
            raise Unmaskable(f"{fields[splice.carrier].location}: an encoded run to re-encode is not unique")
        at = text.index(run)
    return text[:at] + _encode(decoded, splice) + text[at + len(run):]


def _encode(text: str, splice: Splice) -> str:
    if splice.binary:
        raise Unmaskable("a value in the printable strings of encoded binary data cannot be masked")
    if splice.compression:
        raise Unmaskable(f"a value inside {splice.compression} data cannot be masked (the layer cannot be rebuilt "
                         "exactly)")
    try:
        raw = text.encode(splice.codec)
    except UnicodeEncodeError:
        raise Unmaskable(f"masked text cannot be encoded as {splice.codec}") from None
    if splice.encoding == "hex":
        return raw.hex()
    if splice.encoding == "HEX":
        return raw.hex().upper()
    if splice.encoding.startswith("base32"):
        encoded = base64.b32encode(raw).decode("ascii")
        encoded = encoded.lower() if splice.encoding == "base32lower" else encoded
    elif splice.encoding == "base64url":
        encoded = base64.urlsafe_b64encode(raw).decode("ascii")
    else:
        encoded = base64.b64encode(raw).decode("ascii")
    encoded = encoded if splice.padded else encoded.rstrip("=")
    if splice.backwards:
        return encoded[::-1]
    if splice.wrap:  # wrapped as it was written
        return splice.newline.join(encoded[i:i + splice.wrap] for i in range(0, len(encoded), splice.wrap))
    return encoded


# attack19: a stream's messages or events each leave as they come, so a run split over two of them was read in two
# pieces, each decoding to noise. The stream masker holds back a trailing run while it may still be the encoding of
# ASCII text (what a key and a note around it are); realtime audio and other binary decode to non-ASCII bytes within
# a few characters and are never held. Runs longer than TAIL_HOLD are not held (a chunked upload of base64 text):
# their pieces are read joined, and a key found in a piece already sent stops the stream.
TAIL_HOLD = 256
_TAIL_CHARACTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/_-")
_HEX_DIGITS = frozenset("0123456789abcdefABCDEF")
TAIL_HEX_MIN = 8  # shorter runs of digits ("in 2024") are numbers; a key's hex held from its 8th digit on
TAIL_BASE64_MIN = 4  # one group: three bytes


def tail_safe_end(text: str, start: int) -> int:
    """Where the released text may end so that a run at the end of ``text`` that may still be base64 (either
    alphabet) or hex of ASCII text is held whole (from ``start`` at the earliest); ``len(text)`` otherwise.
    attack20: a run whose bytes begin with non-ASCII (`\xff\xfe\xfd` + a key) or that is longer than TAIL_HOLD
    (240 bytes of padding + a key) was not held at all, so all but the last characters of the key's encoding left
    before the joined run stopped the stream. Now the end of such a run that decodes to ASCII (`TAIL_SUFFIX_MIN`
    characters at least, at any alignment when the run began out of sight) is held."""
    end = len(text)
    begin = end
    while begin > 0 and end - begin <= TAIL_HOLD and text[begin - 1] in _TAIL_CHARACTERS:
        begin -= 1
    long = end - begin > TAIL_HOLD
    run = text[end - TAIL_HOLD:end] if long else text[begin:end]
    if len(run) < TAIL_BASE64_MIN or end <= start:
        return end
    if not long and _ascii_encoding(run):
        return max(begin, start)
    suffix = _ascii_suffix(run, aligned=not long)
    if suffix >= TAIL_SUFFIX_MIN:
        return max(end - suffix, start)
    return end


TAIL_SUFFIX_MIN = 8  # two base64 groups (6 bytes); random bytes end so about one time in 400 an alignment


def _ascii_suffix(run: str, aligned: bool) -> int:
    """How many of ``run``'s last characters are whole groups of base64 (or pairs of hex digits) of ASCII text after
    its last non-ASCII byte; ``aligned``: the run starts where its encoding does, else every alignment is tried."""
    best = 0
    for offset in (0,) if aligned else range(4):
        body = run[offset:]
        whole = body[:len(body) // 4 * 4].replace("-", "+").replace("_", "/")
        try:
            raw = base64.b64decode(whole, validate=True)
        except (binascii.Error, ValueError):
            raw = b""
        if raw and _ascii_text(raw[-1:]):
            best = max(best, len(body) - (_last_non_ascii(raw) // 3 + 1) * 4)
    if all(c in _HEX_DIGITS for c in run):
        for offset in (0,) if aligned else range(2):
            raw = bytes.fromhex(run[offset:][:(len(run) - offset) // 2 * 2])
            if raw and _ascii_text(raw[-1:]):
                best = max(best, len(run) - offset - (_last_non_ascii(raw) + 1) * 2)
    return best


def _last_non_ascii(raw: bytes) -> int:
    """The index of ``raw``'s last byte that is no ASCII text (-1: none)."""
    return max((i for i, b in enumerate(raw) if not (32 <= b < 127 or b in (9, 10, 13))), default=-1)


def _ascii_encoding(run: str) -> bool:
    """Whether the whole bytes of ``run`` read as hex or base64 so far are ASCII text (printable or a blank)."""
    if len(run) >= TAIL_HEX_MIN and all(c in _HEX_DIGITS for c in run):
        raw = bytes.fromhex(run[:len(run) // 2 * 2])
        if _ascii_text(raw):
            return True
    whole = run[:len(run) // 4 * 4].replace("-", "+").replace("_", "/")
    try:
        return _ascii_text(base64.b64decode(whole, validate=True))
    except (binascii.Error, ValueError):
        return False


def _ascii_text(raw: bytes) -> bool:
    return bool(raw) and all(32 <= b < 127 or b in (9, 10, 13) for b in raw)
