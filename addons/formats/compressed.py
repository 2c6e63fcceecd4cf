"""Text inside the compressed parts of a binary body: a gzip, zlib, zstd, bzip2, xz or brotli stream, the members
of a zip archive (`.docx`, `.xlsx` and `.jar` are zips too) or of a tar, the FlateDecode streams of a PDF.

`inner_fields(raw)` inflates them, bounded (`MAX_OUT` bytes out of each, `MAX_TOTAL` per body, `MAX_PARTS`
parts), and returns their text as "strings" fields: the whole text when it sniffs as text, else its printable
strings. They are scanned and never rewritten (a compressed binary cannot be rebuilt safely): a finding to
mask blocks the call. Parts beyond a bound, encrypted members and methods the standard library does not read
are listed as skipped, so the caller's coverage says what was not seen. What a part decompresses to is read the
same way again (attack26: a zip in a zip, a `.tar.gz` in a `.tar.gz`, gzip of gzip hid a key), `MAX_DEPTH` layers
deep within the same budget; an archive that opens below that is a reading cut short (`ArchiveTooDeep`: refused,
as a deeper key would pass unread). A tar is not compressed: its members are already in its printable strings, so
only the compressed ones are opened. Brotli has no magic bytes: a stream is taken as brotli only when it decodes to
its end into text or into another layer. Locations name parts by index, never by file name (a name can be a
secret).
"""

from __future__ import annotations

import base64
import bz2
import io
import lzma
import re
import struct
import tarfile
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

import brotli
import zstandard

from . import deadline, pdftext, wire
from .encoding import ZSTD_MAX_WINDOW
from .model import Field, ScanCutShort
from .sniff import printable_runs, sniff_text

MAX_OUT = 1 << 20  # bytes out of one stream or member
MAX_TOTAL = 16 << 20  # bytes out of one body
MAX_PARTS = 256  # zip or tar members or PDF streams read per body
MAX_DEPTH = 8  # layers read one inside another (a jar in a war in an ear in a tar.gz: 5); a zip quine stops here
_PDF_STREAM = re.compile(rb"(?<!end)stream\r?\n")  # tried only where bytes.find saw `stream` (_pdf_streams)
_PDF_DICT_REACH = 1024  # bytes before `stream` in which its dictionary is looked for
_STEP = 1 << 16  # input fed at a time to brotli (its output is bounded by output_buffer_limit)
# zstd has no output bound: a block gives up to 128 KiB from 4 bytes, so 256 bytes of input give at most 8 MiB
_ZSTD_STEP = 256
_ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
_XZ_MAGIC = b"\xfd7zXZ\x00"
_BZIP2_MAGIC = re.compile(rb"BZh[1-9]1AY&SY")


class ArchiveTooDeep(ScanCutShort):
    """A compressed layer below `MAX_DEPTH` others: not read, so the body was not read whole (attack26)."""

    def __init__(self, limit: int):
        super().__init__(f"it holds compressed layers nested more than {limit} deep")
        self.limit = limit


@dataclass
class _Reading:
    """What one body's reading has found and spent: the budget and part count are shared by every layer."""

    budget: int = MAX_TOTAL
    parts: int = 0
    fields: list[Field] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def inner_fields(raw: bytes, limit: int = MAX_TOTAL) -> tuple[list[Field], list[str]]:
    """(fields, skipped reasons) for the compressed parts of `raw`, at most `limit` bytes decompressed; nothing for
    other binaries. ArchiveTooDeep when layers go deeper than `MAX_DEPTH`."""
    reading = _Reading(budget=limit)
    _read(raw, "", 1, reading)
    return reading.fields, reading.skipped


_Decoder = Callable[[bytes, int], "_Decoded"]


class _Decoded(NamedTuple):
    data: bytes | None  # None: not valid compressed data
    complete: bool  # the stream ended within the limit
    rest: bytes = b""  # the bytes after the stream's end (another member, frame or stream: `cat a.gz b.gz`)


def _stream_kind(raw: bytes) -> tuple[str, _Decoder] | None:
    """The compressed stream `raw` starts as, by its magic bytes (brotli has none: tried apart)."""
    if raw[:2] == b"\x1f\x8b":
        return "gzip", lambda data, limit: _inflate(data, 31, limit)
    if _zlib_header(raw):
        return "zlib", lambda data, limit: _inflate(data, 15, limit)
    if raw[:4] == _ZSTD_MAGIC:
        return "zstd", _unzstd
    if raw[:6] == _XZ_MAGIC:
        return "xz", lambda data, limit: _bounded(lzma.LZMADecompressor(), data, limit, lzma.LZMAError)
    if _BZIP2_MAGIC.match(raw, 0, 10):
        return "bzip2", lambda data, limit: _bounded(bz2.BZ2Decompressor(), data, limit, OSError)
    return None


def _read(raw: bytes, at: str, depth: int, reading: _Reading, *, brotli_guess: bool = True) -> None:
    """Read the layer `raw` is, if any: its parts' text into `reading`, and each part as a layer again. Brotli is
    guessed at (`brotli_guess`) for a body or a zip member, not for a tar member or what a stream gave."""
    deadline.current().check()  # the body's (formats/deadline.py): each layer, member and PDF stream
    stream = _stream_kind(raw)
    container = raw[:4] == b"PK\x03\x04" or raw[257:262] == b"ustar"
    if depth > MAX_DEPTH:
        if (stream is not None and stream[1](raw, 64).data) or (container and _opens_as_archive(raw)):
            raise ArchiveTooDeep(MAX_DEPTH)
        return
    where = f"{at}/" if at else ""
    if reading.budget <= 0 and (stream is not None or container or raw[:5] == b"%PDF-" or brotli_guess):
        # the body's budget spent to the byte by the layers before: this one is not read (attack28: `min(MAX_OUT,
        # 0)` handed zlib a limit of 0, which it reads as none, and a gzip stream inflated whole)
        reading.skipped.append(f"{where}layer beyond {MAX_TOTAL} inflated bytes not read")
        return
    if stream is not None:
        _read_streams(raw, stream, where, depth, reading)
    elif raw[:4] == b"PK\x03\x04":
        _zip_fields(raw, where, depth, reading)
    elif raw[:5] == b"%PDF-":
        pdf = read_pdf(raw, reading.budget, stream_texts=True)
        reading.budget -= pdf.inflated
        reading.fields += pdf.fields
        reading.skipped += pdf.skipped
    elif raw[257:262] == b"ustar":
        _tar_members(raw, where, depth, reading)
    elif _appended_zip(raw):  # wire63: a zip after other bytes (an image, a self-extractor's program) went unread
        _zip_fields(raw, where, depth, reading)
    elif brotli_guess:
        limit = min(MAX_OUT, reading.budget)
        data, complete = _unbrotli(raw, limit)
        # No magic bytes: taken as brotli only when the stream ends there or fills the bound (a few bytes of random
        # data decode as brotli before failing), and what it gives is text or another layer.
        if data and (complete or len(data) >= limit) and (
                _stream_kind(data) is not None or data[:4] == b"PK\x03\x04" or data[257:262] == b"ustar"
                or sniff_text(data[:4096]) is not None):
            if not complete:
                reading.skipped.append(f"{where}brotli body: decoded beyond {len(data)} bytes, the rest not read")
            _take(data, f"{where}brotli", depth, reading)


def _read_streams(raw: bytes, stream: tuple[str, _Decoder], where: str, depth: int, reading: _Reading) -> None:
    """A compressed stream and whatever was written after its end: gzip members, zstd frames, xz and bzip2 streams
    one after another (`cat a.gz b.gz`, pigz, pbzip2), which `gunzip`, `zstd -d`, `xz -d` and `bunzip2` read whole;
    or an archive or PDF after it. Each is a part (`MAX_PARTS`) at the same depth (wire63: only the first was read,
    and a key in the second member went out with the body marked clean)."""
    joins = _MemberJoins(where)
    try:
        _read_stream_parts(raw, stream, where, depth, reading, joins)
    finally:
        joins.add_to(reading)


def _read_stream_parts(raw: bytes, stream: tuple[str, _Decoder], where: str, depth: int, reading: _Reading,
                       joins: _MemberJoins) -> None:
    index = 0
    while True:
        kind, decode = stream
        location = f"{where}{kind}" if index == 0 else f"{where}{kind}+{index}"
        data, complete, rest = decode(raw, min(MAX_OUT, reading.budget))
        if data is None:
            reading.skipped.append(f"{location} body that does not inflate")
            return
        if not complete:
            reading.skipped.append(f"{location} body: inflated beyond {len(data)} bytes, the rest not read")
        joins.feed(data)
        _take(data, location, depth, reading)
        rest = rest.lstrip(b"\0")  # zero padding between and after members (gzip, xz) is no content
        if not complete or not rest:
            return
        index += 1
        deadline.current().check()
        if reading.parts >= MAX_PARTS or reading.budget <= 0:
            reading.skipped.append(f"{where}{kind} body: what follows its stream {index} not read")
            return
        reading.parts += 1
        following = _stream_kind(rest)
        if following is None:  # not a stream: an archive or a PDF is read as its own layer, other bytes are strings
            _read(rest, f"{where}{kind}+{index}", depth, reading, brotli_guess=False)
            return
        stream, raw = following, rest


_KEY_RUN_AT_START = re.compile(rb"[A-Za-z0-9_-]{1,512}")  # matched at a member's start and on its reversed tail


class _MemberJoins:
    """Where one stream's output ends and the next begins: the key-character runs on either side put together, as
    `gunzip`, `zstd -d`, `bunzip2` write them one after the other (attack64: `gz("token: AKIA2HLY") +
    gz("OSBO...")` gave two parts, each read alone, and the key went out marked clean). Fixed-shape keys, one
    join a line, as `body._with_event_data` reads an event stream's data lines."""

    def __init__(self, where: str) -> None:
        self.where = where
        self.tail = b""  # the key-character run the last output ended with
        self.joins: list[bytes] = []
        self.outputs = 0

    def feed(self, data: bytes) -> None:
        if not data:  # an empty member writes nothing between its neighbours
            return
        if self.outputs and self.tail and (head := _KEY_RUN_AT_START.match(data)):
            self.joins.append(self.tail + head.group())
        if len(data) >= 512 or self.outputs == 0:
            end = _KEY_RUN_AT_START.match(data[-512:][::-1])
            self.tail = end.group()[::-1] if end else b""
        else:  # a short member: its run may go on the one before's (`AKIA` + `2HLY` + `OSBO...`)
            whole = _KEY_RUN_AT_START.fullmatch(data)
            end = _KEY_RUN_AT_START.match(data[::-1])
            run = end.group()[::-1] if end else b""
            self.tail = (self.tail + run)[-512:] if whole else run
        self.outputs += 1

    def add_to(self, reading: _Reading) -> None:
        if self.joins:
            text = b"\n".join(self.joins).decode("ascii")
            reading.fields.append(Field(f"{self.where}streams#joined", text, "decoded-short"))


def _take(data: bytes, location: str, depth: int, reading: _Reading, *, member: bool = False) -> None:
    """One decompressed part: its text, then the layer it is in turn."""
    reading.budget -= len(data)
    reading.fields += _texts(location, data)
    _read(data, location, depth + 1, reading, brotli_guess=member)


def _opens_as_archive(raw: bytes) -> bool:
    try:
        if raw[:4] == b"PK\x03\x04":
            return bool(zipfile.ZipFile(io.BytesIO(raw)).infolist())
        with tarfile.open(fileobj=io.BytesIO(raw), mode="r:") as archive:
            return archive.next() is not None
    except (zipfile.BadZipFile, tarfile.TarError, ValueError, OSError, EOFError, UnicodeError):
        return False


def _zlib_header(raw: bytes) -> bool:
    return len(raw) >= 2 and raw[0] & 0x0F == 8 and raw[0] >> 4 <= 7 and (raw[0] << 8 | raw[1]) % 31 == 0


def _inflate(raw: bytes | memoryview, wbits: int, limit: int) -> _Decoded:
    """The bytes out (None when it is not valid compressed data), whether the stream ended within `limit`, and the
    bytes after its end."""
    if limit <= 0:  # zlib reads a max_length of 0 as no limit at all (attack28)
        return _Decoded(b"", False)
    inflater = zlib.decompressobj(wbits)
    try:
        out = inflater.decompress(raw, limit)
    except zlib.error:
        return _Decoded(None, False)
    return _Decoded(out, inflater.eof, inflater.unused_data)


def _bounded(decompressor, raw: bytes, limit: int, error: type[Exception]) -> _Decoded:
    """`_inflate` for the lzma and bz2 decompressors (`max_length` bounds their output)."""
    try:
        out = decompressor.decompress(raw, max_length=limit)
    except (error, EOFError, ValueError):
        return _Decoded(None, False)
    return _Decoded(out, decompressor.eof, decompressor.unused_data if decompressor.eof else b"")


def _unzstd(raw: bytes, limit: int) -> _Decoded:
    """One zstd frame, fed `_STEP` bytes at a time, cut at `limit` (the decoder's window is bounded as a body's)."""
    decoder = zstandard.ZstdDecompressor(max_window_size=ZSTD_MAX_WINDOW).decompressobj()
    out: list[bytes] = []
    size = 0
    rest = b""
    try:
        for i in range(0, len(raw), _ZSTD_STEP):
            chunk = decoder.decompress(raw[i:i + _ZSTD_STEP])
            out.append(chunk)
            size += len(chunk)
            if decoder.eof:
                rest = decoder.unused_data + raw[i + _ZSTD_STEP:]
            if decoder.eof or size > limit:
                break
    except zstandard.ZstdError:
        return _Decoded(b"".join(out)[:limit] or None, False)
    return _Decoded(b"".join(out)[:limit], decoder.eof and size <= limit, rest)


def _unbrotli(raw: bytes, limit: int) -> tuple[bytes | None, bool]:
    """A brotli stream's bytes, at most `limit` (brotli >= 1.2 bounds its output); None when it is no brotli."""
    decoder = brotli.Decompressor()
    out: list[bytes] = []
    size = 0
    try:
        for i in range(0, len(raw), _STEP):
            chunk = decoder.process(raw[i:i + _STEP], output_buffer_limit=limit - size + 1)
            while True:
                out.append(chunk)
                size += len(chunk)
                if size > limit or decoder.can_accept_more_data():
                    break
                chunk = decoder.process(b"", output_buffer_limit=limit - size + 1)
            if size > limit or decoder.is_finished():
                break
    except brotli.error:
        return None, False
    return b"".join(out)[:limit], decoder.is_finished() and size <= limit


def _zip_fields(raw: bytes, where: str, depth: int, reading: _Reading) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        reading.skipped.append(f"{where}zip body whose directory cannot be read")
        _unlisted_zip_members(raw, set(), where, depth, reading)
        return
    _listed_zip_members(archive, members, where, depth, reading)
    _unlisted_zip_members(raw, {info.header_offset for info in members}, where, depth, reading)


_ZIP_END = b"PK\x05\x06"
_ZIP_END_REACH = (1 << 16) + 22  # the end record is within the last 64 KiB (its comment) + its own 22 bytes


def _appended_zip(raw: bytes) -> bool:
    """A zip written after other bytes: its end record near the end and a local header before it. `zipfile` and
    `unzip` read such a file (a self-extracting archive, a zip appended to an image) by its directory."""
    end = raw.rfind(_ZIP_END, max(0, len(raw) - _ZIP_END_REACH))
    return end > 0 and raw.find(b"PK\x03\x04", 0, end) >= 0


_UNLISTED_METHODS = (0, 8, 12)  # stored, deflated, bzip2
# methods zip writers use (deflate64, LZMA, zstd, xz, PPMd, AES): another number is bytes that look like a header
_ZIP_METHODS = frozenset((*_UNLISTED_METHODS, 9, 14, 93, 95, 98, 99))
_ZIP_LOCAL = struct.Struct("<4s2xHH8xIIHH")  # signature, flags, method, compressed size, size, name and extra length


def _unlisted_zip_members(raw: bytes, listed: set[int], where: str, depth: int, reading: _Reading) -> None:
    """Members whose local header the central directory does not list (or a zip without one): a reader that walks
    the local headers (Java's ZipInputStream, streaming unzippers) reads them; `zipfile` goes by the directory
    (wire63: a key in such a member went out unread). Stored or deflated members are read, within the parts bound."""
    at = raw.find(b"PK\x03\x04")
    index = 0
    while at >= 0 and len(raw) - at >= _ZIP_LOCAL.size:
        deadline.current().check()
        _, flags, method, size, _, name_length, extra_length = _ZIP_LOCAL.unpack_from(raw, at)
        start = at + _ZIP_LOCAL.size + name_length + extra_length
        if at not in listed and method in _ZIP_METHODS and (flags & 1 or method not in _UNLISTED_METHODS):
            # 1: encrypted. attack64: a bzip2 or LZMA member went unread and unsaid (the caller's coverage says it)
            reading.skipped.append(f"{where}zip body: a member its directory does not list, encrypted or stored in "
                                   f"a way that is not read (method {method})")
        elif at not in listed:
            if reading.parts >= MAX_PARTS or reading.budget <= 0:
                reading.skipped.append(f"{where}zip body: members its directory does not list not read")
                return
            reading.parts += 1
            limit = min(MAX_OUT, reading.budget)
            data: bytes | None
            if method == 0:
                data = raw[start:start + min(size, limit)] if size or not flags & 8 else None
            elif method == 8:  # a view: a copy of the rest of the body for each header was ~2 ms a MB each
                data = _inflate(memoryview(raw)[start:], -15, limit).data
            else:  # 12: bzip2 (attack64: streaming readers such as libarchive read it)
                data = _bounded(bz2.BZ2Decompressor(), raw[start:start + size] if size else raw[start:], limit,
                                OSError).data
            if data:
                _take(data, f"{where}zip.unlisted[{index}]", depth, reading, member=True)
            index += 1
        at = raw.find(b"PK\x03\x04", at + 4)


def _listed_zip_members(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo], where: str, depth: int,
                        reading: _Reading) -> None:
    check = deadline.current().check
    for index, info in enumerate(members):
        check()
        if info.is_dir():
            continue
        if reading.parts >= MAX_PARTS:
            reading.skipped.append(f"{where}zip body: members after the first {MAX_PARTS} not read")
            return
        if reading.budget <= 0:
            reading.skipped.append(f"{where}zip body: members beyond {MAX_TOTAL} inflated bytes not read")
            return
        reading.parts += 1
        limit = min(MAX_OUT, reading.budget)
        try:
            with archive.open(info) as member:
                data = member.read(limit + 1)
        except (RuntimeError, NotImplementedError, zipfile.BadZipFile, zlib.error, OSError, EOFError,
                lzma.LZMAError):
            reading.skipped.append(f"{where}zip member {index}: encrypted or stored in a way that cannot be read")
            continue
        if len(data) > limit:
            data = data[:limit]
            reading.skipped.append(f"{where}zip member {index}: beyond {limit} bytes not read")
        _take(data, f"{where}zip[{index}]", depth, reading, member=True)


def _tar_members(raw: bytes, where: str, depth: int, reading: _Reading) -> None:
    """The members of a tar that are layers of their own (their text is in the tar's printable strings already)."""
    try:
        with tarfile.open(fileobj=io.BytesIO(raw), mode="r:") as archive:
            for index, info in enumerate(archive):
                if not info.isfile():
                    continue
                if reading.parts >= MAX_PARTS:
                    reading.skipped.append(f"{where}tar body: members after the first {MAX_PARTS} not read")
                    return
                reading.parts += 1
                data = raw[info.offset_data:info.offset_data + info.size]
                _read(data, f"{where}tar[{index}]", depth + 1, reading, brotli_guess=False)
    except deadline.OutOfTime:  # a ValueError too: not a tar that cannot be read
        raise
    except (tarfile.TarError, ValueError, OSError, EOFError, UnicodeError):
        reading.skipped.append(f"{where}tar body whose members cannot be read")


class PdfReading(NamedTuple):
    fields: list[Field]  # the inflated streams' text (or printable strings), then the text the pages show
    skipped: list[str]
    inflated: int  # bytes inflated


def read_pdf(raw: bytes, limit: int, *, stream_texts: bool) -> PdfReading:
    """The FlateDecode streams of a PDF inflated (at most `limit` bytes in all), their text when ``stream_texts``,
    and the text its content streams (plain or FlateDecode) show (`pdftext.py`): as written for a reader, as a
    "strings" field (every rule), and glued, as a "decoded-short" field (fixed-shape keys only: a guess)."""
    fields: list[Field] = []
    skipped: list[str] = []
    budget = limit
    shown = pdftext.ShownText()
    count = 0
    at = 0
    check = deadline.current().check
    while (m := _next_stream(raw, at)) is not None:
        check()
        at = m.end()
        head = raw[max(0, m.start() - _PDF_DICT_REACH):m.start()]
        dictionary = head[head.rfind(b"<<"):]
        if b"endstream" in dictionary or b"/Subtype /Image" in dictionary or b"/Subtype/Image" in dictionary:
            continue
        if b"/Filter" not in dictionary:  # a plain stream: its bytes up to `endstream` are content to read
            end = raw.find(b"endstream", m.end(), m.end() + MAX_OUT)
            at = end if end >= 0 else m.end() + MAX_OUT  # `stream` inside it is its content: not read twice
            shown.feed(raw[m.end():at])
            continue
        flate = b"/FlateDecode" in dictionary or b"/Fl " in dictionary or b"/Fl]" in dictionary
        ascii85 = b"/ASCII85Decode" in dictionary or b"/A85" in dictionary
        if not flate and not ascii85:
            continue
        if count >= MAX_PARTS or budget <= 0:
            skipped.append(f"PDF body: FlateDecode streams after the first {count} not read")
            break
        source: bytes | None = raw[m.end():]
        if ascii85:  # wire63: text behind ASCII85 (alone, or before Flate) was never read
            source = _ascii85_stream(raw, m.end(), min(MAX_OUT, budget))
            if source is None:
                skipped.append(f"PDF stream {count}: ASCII85 that does not decode")
                count += 1
                continue
            if not flate:
                budget -= len(source)
                if stream_texts:
                    fields += _texts(f"pdf.stream[{count}]", source)
                shown.feed(source)
                count += 1
                continue
        assert source is not None  # ASCII85 that does not decode went on above
        data, complete, _ = _inflate(source, 15, min(MAX_OUT, budget))
        if data is None:
            skipped.append(f"PDF stream {count}: does not inflate")
        else:
            if not complete:
                skipped.append(f"PDF stream {count}: beyond {min(MAX_OUT, budget)} bytes not read")
            budget -= len(data)
            if stream_texts:
                fields += _texts(f"pdf.stream[{count}]", data)
            shown.feed(data)
        count += 1
    if shown.cut:
        skipped.append("PDF body: text beyond the reading's bounds not read")
    if reader := shown.reader:
        fields.append(Field("pdf.shown_text", reader, "strings"))
        fields.append(Field("pdf.shown_text.glued", shown.glued, "decoded-short"))
    return PdfReading(fields, skipped, limit - budget)


def _ascii85_stream(raw: bytes, start: int, limit: int) -> bytes | None:
    """The bytes of an ASCII85Decode stream starting at ``start`` (to its `~>`, at most ``limit`` bytes out); None
    when it is no ASCII85."""
    end = raw.find(b"~>", start, start + limit * 5 // 4 + 1024)
    encoded = raw[start:end if end >= 0 else start + limit * 5 // 4].strip().removeprefix(b"<~")
    encoded = encoded.translate(None, b" \t\n\r\x00\x0c")
    try:
        return base64.a85decode(encoded[:_ascii85_reach(encoded, limit)])[:limit]
    except ValueError:
        return None


def _ascii85_reach(encoded: bytes, limit: int) -> int:
    """How much of `encoded` (whitespace removed) gives `limit` bytes and a group more. attack64: each `z` is four
    zero bytes, so 1.3 MB of `z` decoded to 5 MiB (~100 MB of the decoder's list of groups) before the cut to
    `limit`; a group of five characters gives four. Found by halving with bytes.count (C), a few ms."""
    def out(end: int) -> int:
        zeros = encoded.count(b"z", 0, end)
        return 4 * zeros + (end - zeros) * 4 // 5

    low, high = 0, len(encoded)
    if out(high) <= limit + 8:
        return high
    while low < high:  # the first end that gives more than `limit` + 8 bytes
        middle = (low + high) // 2
        if out(middle) > limit + 8:
            high = middle
        else:
            low = middle + 1
    return low + 5  # the rest of a group cut there: a cut group decodes padded, past what is kept


def _next_stream(raw: bytes, at: int) -> re.Match[bytes] | None:
    """`_PDF_STREAM.search(raw, at)`, found by bytes.find first: the search alone read an 18 MB base64'd PDF at
    ~100 MB/s, the find at memory speed."""
    while (found := raw.find(b"stream", at)) >= 0:
        if (m := _PDF_STREAM.match(raw, found)) is not None and raw[max(0, found - 3):found] != b"end":
            return m
        at = found + 1
    return None


# An office document's XML (OOXML `w:t` / `a:t` / `t` runs, ODF spans): a paragraph, row or cell ends a line; every
# other tag joins the texts on either side, as the document shows them (a word processor splits one word into runs
# at every formatting or proofing mark).
_XML_LINE_END = re.compile(r"</(?:\w+:)?(?:p|tr|tc|si|row|c|h|list-item|table-cell)>"
                           r"|<(?:\w+:)?(?:br|tab|cr|line-break)\b[^<>]*>")
# A tag, its quoted attribute values read whole (XML allows `>` in them: `<w:r w:rsidR="a>b">` ended the tag early and
# left `b">` between two pieces of a key, attack64). Not `[^>]*`: each unclosed `<` would scan to the end (quadratic);
# an attempt ends at the next `<` outside quotes.
_XML_TAG = re.compile(r"""<(?:[^<>"']++|"[^"]*+"|'[^']*+')*+>""")  # possessive: nothing to backtrack into
# Text a document does not show (attack64: a key split by it went out): deleted text (`w:delText`, a tracked
# deletion; python-docx and the final view leave it out), a field's instructions (`w:instrText`: its result is
# shown), an xlsx cell's phonetic guide (`rPh`). `[^<]*` between fixed tags: each try ends at the next `<` (linear).
_XML_UNSHOWN = re.compile(r"<((?:\w+:)?(?:delText|instrText))\b[^<>]*>[^<]*</\1>"
                          r"|<rPh\b[^<>]*>\s*<t\b[^<>]*>[^<]*</t>\s*</rPh>")


def _xml_shown_markup(xml: str) -> str:
    """The XML with the text it does not show removed: comments and processing instructions (their `>` ended the
    tag pattern early, attack64), the elements above; and CDATA sections written as their text (the tag pattern took
    `<![CDATA[AKIA2HLY]]>` for one tag and dropped the piece of a key it held)."""
    xml = _sections(xml, "<!--", "-->", keep=False)
    xml = _sections(xml, "<?", "?>", keep=False)
    xml = _sections(xml, "<![CDATA[", "]]>", keep=True)
    if "delText" in xml or "instrText" in xml or "<rPh" in xml:  # a find is ~10x cheaper than the pattern's sub
        xml = _XML_UNSHOWN.sub("", xml)
    return xml


def _sections(xml: str, opening: str, closing: str, *, keep: bool) -> str:
    """`xml` with each `opening ... closing` section dropped, or written as its text (`keep`: its `<` and `>` are
    text, not markup). Found by str.find from left to right: linear, whatever is left unclosed."""
    if opening not in xml:
        return xml
    out, at = [], 0
    while (start := xml.find(opening, at)) >= 0 and (end := xml.find(closing, start + len(opening))) >= 0:
        out.append(xml[at:start])
        if keep:
            out.append(xml[start + len(opening):end].replace("<", " ").replace(">", " "))
        at = end + len(closing)
    out.append(xml[at:])
    return "".join(out)


def _texts(location: str, data: bytes) -> list[Field]:
    sniffed = sniff_text(data)
    if sniffed is not None:
        fields = [Field(location, sniffed.text, "strings")]
        if sniffed.text.lstrip("\ufeff \t\r\n")[:1] == "<" and "</" in sniffed.text:
            # wire63: a key split over two runs (`<w:t>AKIA2HLY</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>OSBO...`)
            # was read only with the tags between its pieces: the text as shown, fixed-shape keys, never rewritten
            shown = _XML_TAG.sub("", _XML_LINE_END.sub("\n", _xml_shown_markup(sniffed.text)))
            fields.append(Field(f"{location}.shown", shown, "decoded-short"))
        return fields
    fields = [Field(f"{location}.strings.{runs.encoding}", runs.text, "strings") for runs in printable_runs(data)]
    if values := wire.strings(data):  # a protobuf / CBOR / msgpack member: its values as the parser reads them
        fields.append(Field(f"{location}.wire", "\n".join(values), "decoded-short"))
    return fields
