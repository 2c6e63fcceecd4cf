"""Text inside the compressed parts of a binary body: a gzip or zlib stream, the members of a zip archive
(`.docx`, `.xlsx` and `.jar` are zips too), the FlateDecode streams of a PDF.

`inner_fields(raw)` inflates them, bounded (`MAX_OUT` bytes out of each, `MAX_TOTAL` per body, `MAX_PARTS`
parts), and returns their text as "strings" fields: the whole text when it sniffs as text, else its printable
strings. They are scanned and never rewritten (a compressed binary cannot be rebuilt safely): a finding to
mask blocks the call. Parts beyond a bound, encrypted members and methods the standard library does not read
are listed as skipped, so the caller's coverage says what was not seen. One level: an archive inside a
decompressed part is read only for its printable strings. Locations name parts by index, never by file name
(a name can be a secret).
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from typing import NamedTuple

from . import pdftext, wire
from .model import Field
from .sniff import printable_runs, sniff_text

MAX_OUT = 1 << 20  # bytes out of one stream or member
MAX_TOTAL = 16 << 20  # bytes out of one body
MAX_PARTS = 256  # zip members or PDF streams read per body
_PDF_STREAM = re.compile(rb"(?<!end)stream\r?\n")  # tried only where bytes.find saw `stream` (_pdf_streams)
_PDF_DICT_REACH = 1024  # bytes before `stream` in which its dictionary is looked for


def inner_fields(raw: bytes) -> tuple[list[Field], list[str]]:
    """(fields, skipped reasons) for the compressed parts of `raw`; nothing for other binaries."""
    if raw[:2] == b"\x1f\x8b":
        return _stream_fields("gzip", raw, 31)
    if _zlib_header(raw):
        return _stream_fields("zlib", raw, 15)
    if raw[:4] == b"PK\x03\x04":
        return _zip_fields(raw)
    if raw[:5] == b"%PDF-":
        return _pdf_fields(raw)
    return [], []


def _zlib_header(raw: bytes) -> bool:
    return len(raw) >= 2 and raw[0] & 0x0F == 8 and raw[0] >> 4 <= 7 and (raw[0] << 8 | raw[1]) % 31 == 0


def _stream_fields(kind: str, raw: bytes, wbits: int) -> tuple[list[Field], list[str]]:
    data, complete = _inflate(raw, wbits, MAX_OUT)
    if data is None:
        return [], [f"{kind} body that does not inflate"]
    skipped = [] if complete else [f"{kind} body: inflated beyond {MAX_OUT} bytes, the rest not read"]
    return _texts(f"{kind}", data), skipped


def _inflate(raw: bytes, wbits: int, limit: int) -> tuple[bytes | None, bool]:
    """(bytes out, whether the stream ended within `limit`); None when it is not valid compressed data."""
    inflater = zlib.decompressobj(wbits)
    try:
        out = inflater.decompress(raw, limit)
    except zlib.error:
        return None, False
    return out, inflater.eof


def _zip_fields(raw: bytes) -> tuple[list[Field], list[str]]:
    fields: list[Field] = []
    skipped: list[str] = []
    budget = MAX_TOTAL
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return [], ["zip body whose directory cannot be read"]
    if len(members) > MAX_PARTS:
        skipped.append(f"zip body: members after the first {MAX_PARTS} not read")
    for index, info in enumerate(members[:MAX_PARTS]):
        if info.is_dir():
            continue
        if budget <= 0:
            skipped.append(f"zip body: members beyond {MAX_TOTAL} inflated bytes not read")
            break
        limit = min(MAX_OUT, budget)
        try:
            with archive.open(info) as member:
                data = member.read(limit + 1)
        except (RuntimeError, NotImplementedError, zipfile.BadZipFile, zlib.error, OSError, EOFError):
            skipped.append(f"zip member {index}: encrypted or stored in a way that cannot be read")
            continue
        if len(data) > limit:
            data = data[:limit]
            skipped.append(f"zip member {index}: beyond {limit} bytes not read")
        budget -= len(data)
        fields += _texts(f"zip[{index}]", data)
    return fields, skipped


class PdfReading(NamedTuple):
    fields: list[Field]  # the inflated streams' text (or printable strings), then the text the pages show
    skipped: list[str]
    inflated: int  # bytes inflated


def _pdf_fields(raw: bytes) -> tuple[list[Field], list[str]]:
    reading = read_pdf(raw, MAX_TOTAL, stream_texts=True)
    return reading.fields, reading.skipped


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
    while (m := _next_stream(raw, at)) is not None:
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
        if b"/FlateDecode" not in dictionary:
            continue
        if count >= MAX_PARTS or budget <= 0:
            skipped.append(f"PDF body: FlateDecode streams after the first {count} not read")
            break
        data, complete = _inflate(raw[m.end():], 15, min(MAX_OUT, budget))
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


def _next_stream(raw: bytes, at: int) -> re.Match[bytes] | None:
    """`_PDF_STREAM.search(raw, at)`, found by bytes.find first: the search alone read an 18 MB base64'd PDF at
    ~100 MB/s, the find at memory speed."""
    while (found := raw.find(b"stream", at)) >= 0:
        if (m := _PDF_STREAM.match(raw, found)) is not None and raw[max(0, found - 3):found] != b"end":
            return m
        at = found + 1
    return None


def _texts(location: str, data: bytes) -> list[Field]:
    sniffed = sniff_text(data)
    if sniffed is not None:
        return [Field(location, sniffed.text, "strings")]
    fields = [Field(f"{location}.strings.{runs.encoding}", runs.text, "strings") for runs in printable_runs(data)]
    if values := wire.strings(data):  # a protobuf / CBOR / msgpack member: its values as the parser reads them
        fields.append(Field(f"{location}.wire", "\n".join(values), "decoded-short"))
    return fields
