"""multipart/* (form-data, mixed, related): every part is opened like a body of its own (`open_body`:
JSON parts walked, text parts one field at `multipart.<name>`, JSON fields at `multipart.<name>#$.x`).
Whatever type a part declares, its bytes are sniffed: text in any charset is scanned as text, anything else
through its printable strings (`body.open_strings`; a finding there blocks, as it cannot be rewritten).
Boundary lines render byte for byte. The preamble, the epilogue and each part's header block (its filename, its
name and any parameter) are bytes that leave too: each is a field of its own ("frame" fields, after the parts'),
rewritten in place when a value in it is masked, refused (Unmaskable) where a mask would take a line break with it.

A Content-Transfer-Encoding of base64 or quoted-printable is decoded (bounded by the body, which is bounded)
and the rewritten part encoded back the same way; any other encoding than 7bit/8bit/binary is refused.
An ambiguous body is refused (AmbiguousBody): a repeated `boundary` parameter, or the delimiter inside a
part (a reader that splits differently would see another body). A part's own Content-Length header (rare)
is not updated."""

from __future__ import annotations

import base64
import binascii
import email.errors
import re
from email.header import decode_header, make_header
from email.parser import HeaderParser
from email.utils import collapse_rfc2231_value
from typing import NamedTuple

from . import deadline
from .mediatype import MediaType, parse_content_type
from .model import AmbiguousBody, BodyError, Field, Unmaskable, safe_name

MAX_MULTIPART_NESTING = 4


def open_multipart(raw: bytes, media: MediaType, *, max_depth: int, open_part, make_doc, nesting: int = 0):
    if nesting >= MAX_MULTIPART_NESTING:
        raise BodyError(f"multipart nested deeper than {MAX_MULTIPART_NESTING} levels")
    boundary = media.params.get("boundary", "")
    if "boundary" in media.repeated:
        raise AmbiguousBody("multipart Content-Type has more than one boundary parameter")
    if not 1 <= len(boundary) <= 200:
        raise BodyError("multipart body has no valid boundary parameter")
    fields: list[Field] = []
    skipped: list[str] = []
    parts = []  # (content start, content end, sub doc, first field index)
    frames: list[tuple[int, int, str, str]] = []  # (start, end, location, codec) of the bytes outside the contents
    spans, preamble_end, epilogue_start = _part_spans(raw, boundary.encode("latin-1"))
    frames.append((0, preamble_end, "multipart#preamble", ""))
    check = deadline.current().check  # the body's (formats/deadline.py): each part, its frame and its parameters
    for number, (start, end) in enumerate(spans):
        check()
        headers, content_start = _split_headers(raw, start, end)
        if b"--" + boundary.encode("latin-1") in raw[content_start:end]:
            raise AmbiguousBody(f"multipart part {number + 1} contains its own boundary")
        disposition = parse_content_type(headers.get("content-disposition"))
        name = disposition.params.get("name", "")
        label = safe_name(name, number) if name else f"{{{number}}}"
        try:
            sub = _open_part(raw[content_start:end], headers, disposition, max_depth, open_part, nesting)
        except BodyError as e:
            raise type(e)(f"multipart part {number + 1}: {e}") from None
        skipped.extend(f"multipart part '{label}': {s}" for s in sub.skipped)
        parts.append((content_start, end, sub, len(fields)))
        frames.append((start, content_start, f"multipart.{label}#headers", ""))
        for f in sub.fields:
            location = f"multipart.{label}" if sub.kind == "text" else f"multipart.{label}#{f.location}"
            fields.append(Field(location, f.text, f.kind))
    frames.append((epilogue_start, len(raw), "multipart#epilogue", ""))
    framed = []  # (start, end, field index, codec)
    for start, end, location, _ in frames:
        check()
        text, codec = _frame_text(raw[start:end])
        if text.strip():
            framed.append((start, end, len(fields), codec))
            fields.append(Field(location, text, "text"))
    first_read = len(fields)  # the parameters as a reader joins and decodes them: scanned, never rewritten
    for start, content_start, location, _ in frames[1:-1]:
        check()
        if (read := _parameters_as_read(raw[start:content_start])) is not None:
            fields.append(Field(location + ".read", read, "text"))

    def render(replacements: dict[int, str]) -> bytes:
        if any(i >= first_read for i in replacements):
            raise Unmaskable("a value in a part's parameters as a reader joins or decodes them cannot be masked")
        edits = []  # (start, end, new bytes), in body order
        for content_start, content_end, sub, first in parts:
            own = {i - first: text for i, text in replacements.items() if first <= i < first + len(sub.fields)}
            if own:
                edits.append((content_start, content_end, sub.render(own)))
        for start, end, index, codec in framed:
            if index in replacements:
                edits.append((start, end, _reframed(fields[index], replacements[index], codec, boundary)))
        pieces, pos = [], 0
        for start, end, new in sorted(edits, key=lambda edit: edit[0]):
            pieces += [raw[pos:start], new]
            pos = end
        pieces.append(raw[pos:])
        return b"".join(pieces)

    return make_doc("multipart", fields, skipped, raw, render)


def _open_part(content: bytes, headers: dict[str, str], disposition: MediaType, max_depth, open_part, nesting):
    transfer = headers.get("content-transfer-encoding", "").strip().lower()
    declared = headers.get("content-type")
    is_file = "filename" in disposition.params or "filename*" in disposition.params
    if not declared and not is_file:
        declared = "text/plain"  # RFC 7578: a form field without a type is text (sniffed all the same)
    if transfer in ("", "7bit", "8bit", "binary"):
        return open_part(declared, content, max_depth=max_depth, _nesting=nesting + 1)
    if transfer not in ("base64", "quoted-printable"):
        raise BodyError(f"unsupported content-transfer-encoding {transfer[:20]!r}")
    decoded = _decode_transfer(content, transfer)
    return _Recoded(open_part(declared, decoded, max_depth=max_depth, _nesting=nesting + 1), transfer,
                    _line_end(content))


class _Recoded:
    """A transfer-encoded part: fields of the decoded content, rendered back in the same encoding."""

    __slots__ = ("inner", "line_end", "transfer")

    def __init__(self, inner, transfer: str, line_end: bytes):
        self.inner, self.transfer, self.line_end = inner, transfer, line_end

    @property
    def kind(self) -> str:
        return self.inner.kind

    @property
    def fields(self) -> list[Field]:
        return self.inner.fields

    @property
    def skipped(self) -> list[str]:
        return self.inner.skipped

    def render(self, replacements: dict[int, str]) -> bytes:
        data = self.inner.render(replacements)
        if self.transfer == "quoted-printable":
            return binascii.b2a_qp(data).replace(b"=\n", b"=" + self.line_end)  # soft breaks only
        encoded = base64.b64encode(data)
        return self.line_end.join(encoded[i:i + 76] for i in range(0, len(encoded), 76))


def _decode_transfer(content: bytes, transfer: str) -> bytes:
    if transfer == "quoted-printable":
        return binascii.a2b_qp(content)
    try:
        return base64.b64decode(re.sub(rb"[ \t\r\n]+", b"", content), validate=True)
    except (binascii.Error, ValueError):
        raise BodyError("base64 part is not valid base64") from None


def _line_end(content: bytes) -> bytes:
    return b"\r\n" if b"\r\n" in content or b"\n" not in content else b"\n"


def _frame_text(data: bytes) -> tuple[str, str]:
    """A frame's bytes as text (UTF-8, else Latin-1, which reads any byte) and the codec that gives them back."""
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def _reframed(field: Field, text: str, codec: str, boundary: str) -> bytes:
    """A frame with masked values: every line break kept (a mask over one would merge header lines or the blank
    line that ends them), no delimiter brought in; else Unmaskable (the caller blocks)."""
    if any(text.count(c) != field.text.count(c) for c in "\r\n") or "--" + boundary in text:
        raise Unmaskable(f"{field.location}: a masked value spans a line break")
    try:
        return text.encode(codec)
    except UnicodeEncodeError:
        raise Unmaskable(f"{field.location}: the mask cannot be written in {codec}") from None


def _part_spans(raw: bytes, boundary: bytes) -> tuple[list[tuple[int, int]], int, int]:
    """(start, end) of each part between the delimiter lines, where the preamble ends and where the epilogue
    starts; BodyError if there is no closing delimiter."""
    delimiter = re.compile(rb"(?:\A|\r?\n)--" + re.escape(boundary) + rb"(--)?[ \t]*(?:\r?\n|\Z)")
    spans: list[tuple[int, int]] = []
    start = None
    preamble_end = 0
    for m in delimiter.finditer(raw):
        if start is not None:
            spans.append((start, m.start()))
        else:
            preamble_end = m.start()
        if m.group(1):
            return spans, preamble_end, m.end()
        start = m.end()
    if start is None:
        raise BodyError("multipart body does not contain its boundary")
    raise BodyError("multipart body has no closing boundary (truncated?)")


_ENCODED_PARAMETER = re.compile(rb"\*\d+\*?\s*=|=\?[^?\s]+\?[QqBb]\?")  # `name*0=`, `name*1*=`, `=?UTF-8?Q?`
_SINGLE = ("content-type", "content-transfer-encoding", "content-disposition")


def _parameters_as_read(block: bytes) -> str | None:
    """The parameter values of a part's header block as a reader joins and decodes them (RFC 2231 continuations
    `filename*0=` `filename*1=`, RFC 2047 encoded words `=?UTF-8?Q?=41...?=`), one a line; None when the block
    holds neither (its values are then the bytes as written, which the header field itself is). attack23: a key
    over `filename*0` and `filename*1` was sent and recorded, and Go, Python and Java join them."""
    if not _ENCODED_PARAMETER.search(block):
        return None
    try:
        message = HeaderParser().parsestr(block.decode("utf-8", "replace"))
        values = []
        for name in ("content-disposition", "content-type"):
            for _, value in message.get_params(header=name, failobj=[]) or []:
                text = collapse_rfc2231_value(value)
                values.append(text)
                if "=?" in text:
                    values.append(str(make_header(decode_header(text))))
    except (email.errors.MessageError, LookupError, ValueError, UnicodeError):
        raise BodyError("multipart part has header parameters that cannot be decoded") from None
    return "\n".join(values)


def _split_headers(raw: bytes, start: int, end: int) -> tuple[dict[str, str], int]:
    """The part's headers (lower-case names) and where its content starts. Folded lines (a line starting with a
    blank) continue the header before them, as a reader unfolds them; a part that repeats Content-Type,
    Content-Transfer-Encoding or Content-Disposition is ambiguous (readers take the first or the last: attack23)."""
    for blank in (b"\r\n\r\n", b"\n\n"):
        if raw.startswith(blank[len(blank) // 2:], start):  # no headers at all
            return {}, start + len(blank) // 2
        cut = raw.find(blank, start, end)
        if cut != -1:
            break
    else:
        raise BodyError("multipart part has no blank line after its headers")
    headers: dict[str, str] = {}
    for line in _unfolded(raw[start:cut].decode("utf-8", "replace")):
        name, colon, value = line.partition(":")
        if colon:
            key = name.strip().lower()
            if key in headers and key in _SINGLE:
                raise AmbiguousBody(f"multipart part repeats its {key} header")
            headers.setdefault(key, value.strip())
    return headers, cut + len(blank)


def _unfolded(block: str) -> list[str]:
    """A header block's lines, each continuation line (one starting with a blank) joined to the line before."""
    lines: list[str] = []
    for line in block.splitlines():
        if line[:1] in (" ", "\t") and lines:
            lines[-1] += " " + line.strip()
        else:
            lines.append(line)
    return lines


# --------------------------------------------------------------------------- an outline for people


class PartOutline(NamedTuple):
    """One top-level part as a reviewer is told about it: ``label`` as in its fields' locations
    (``multipart.<label>``), its header block as the ``multipart.<label>#headers`` field reads it (to be masked
    like that field before anything of it is shown) and the size of its content as sent."""

    label: str
    header_text: str
    content_bytes: int


class PartHeaders(NamedTuple):
    """What a (masked) header block says: the part's name, file name and content type, "" where absent."""

    name: str
    filename: str
    content_type: str


def part_outlines(raw: bytes, content_type: str) -> list[PartOutline]:
    """The top-level parts of a multipart body that ``open_body`` opened, in order (BodyError if it is none)."""
    media = parse_content_type(content_type)
    boundary = media.params.get("boundary", "")
    if not 1 <= len(boundary) <= 200:
        raise BodyError("multipart body has no valid boundary parameter")
    spans, _, _ = _part_spans(raw, boundary.encode("latin-1"))
    outlines = []
    for number, (start, end) in enumerate(spans):
        headers, content_start = _split_headers(raw, start, end)
        name = parse_content_type(headers.get("content-disposition")).params.get("name", "")
        label = safe_name(name, number) if name else f"{{{number}}}"
        outlines.append(PartOutline(label, _frame_text(raw[start:content_start])[0], end - content_start))
    return outlines


def read_part_headers(text: str) -> PartHeaders:
    """Name, file name and content type from a header block's text (as written: an RFC 2231 ``filename*`` value
    is shown as its bytes say, not decoded; the part's ``#headers.read`` field holds it as a reader decodes it)."""
    headers: dict[str, str] = {}
    for line in _unfolded(text):
        key, colon, value = line.partition(":")
        if colon:
            headers.setdefault(key.strip().lower(), value.strip())
    disposition = parse_content_type(headers.get("content-disposition"))
    filename = disposition.params.get("filename") or disposition.params.get("filename*", "")
    return PartHeaders(disposition.params.get("name", ""), filename,
                       parse_content_type(headers.get("content-type")).mime)
