"""multipart/* (form-data, mixed, related): text parts are opened like bodies of their own type (JSON
parts walked, text parts one field at `multipart.<name>`, JSON fields at `multipart.<name>#$.x`);
binary parts go to `skipped` and are rendered byte for byte, as are the boundary lines, the part headers,
the preamble and the epilogue. Only the content of a part with a replaced field changes.

A file part declared application/octet-stream (or with no type) is scanned if it is UTF-8 text without
NUL bytes: SDKs upload JSONL training files and source files that way. Parts with a
Content-Transfer-Encoding other than 7bit/8bit/binary are not decoded: listed in `skipped`.
A part's own Content-Length header (rare) is not updated."""

from __future__ import annotations

import re

from .mediatype import MediaType, classify, parse_content_type
from .model import BodyError, Field, safe_name

MAX_MULTIPART_NESTING = 4


def open_multipart(raw: bytes, media: MediaType, *, max_depth: int, open_part, make_doc, nesting: int = 0):
    if nesting >= MAX_MULTIPART_NESTING:
        raise BodyError(f"multipart nested deeper than {MAX_MULTIPART_NESTING} levels")
    boundary = media.params.get("boundary", "")
    if not 1 <= len(boundary) <= 200:
        raise BodyError("multipart body has no valid boundary parameter")
    fields: list[Field] = []
    skipped: list[str] = []
    parts = []  # (content start, content end, sub doc, first field index)
    for number, (start, end) in enumerate(_part_spans(raw, boundary.encode("latin-1"))):
        headers, content_start = _split_headers(raw, start, end)
        disposition = parse_content_type(headers.get("content-disposition"))
        name = disposition.params.get("name", "")
        label = safe_name(name, number) if name else f"{{{number}}}"
        try:
            sub, why = _open_part(raw[content_start:end], headers, disposition, max_depth, open_part, nesting)
        except BodyError as e:
            raise BodyError(f"multipart part {number + 1}: {e}") from None
        if why:
            skipped.append(f"multipart part '{label}' {why}")
            continue
        skipped.extend(f"multipart part '{label}': {s}" for s in sub.skipped)
        parts.append((content_start, end, sub, len(fields)))
        for f in sub.fields:
            location = f"multipart.{label}" if sub.kind == "text" else f"multipart.{label}#{f.location}"
            fields.append(Field(location, f.text, f.kind))

    def render(replacements: dict[int, str]) -> bytes:
        pieces = []
        pos = 0
        for content_start, content_end, sub, first in parts:
            own = {i - first: text for i, text in replacements.items() if first <= i < first + len(sub.fields)}
            if own:
                pieces += [raw[pos:content_start], sub.render(own)]
                pos = content_end
        pieces.append(raw[pos:])
        return b"".join(pieces)

    return make_doc("multipart", fields, skipped, raw, render)


def _open_part(content: bytes, headers: dict[str, str], disposition: MediaType, max_depth, open_part, nesting):
    """(sub doc, None) for a part to inspect, or (None, reason) for one we skip."""
    transfer = headers.get("content-transfer-encoding", "").strip().lower()
    if transfer not in ("", "7bit", "8bit", "binary"):
        return None, f"(content-transfer-encoding {transfer[:20]}): not decoded"
    declared = headers.get("content-type")
    mime = parse_content_type(declared).mime
    is_file = "filename" in disposition.params or "filename*" in disposition.params
    if is_file and mime in ("", "application/octet-stream"):
        if b"\x00" in content:
            return None, f"({mime or 'no content type'}): binary"
        declared = None  # sniff: scanned as JSON or text if it decodes, else binary
    elif classify(mime) == "binary":
        return None, f"({mime}): binary"
    sub = open_part(declared or ("text/plain" if not is_file else None), content,
                    max_depth=max_depth, _nesting=nesting + 1)
    if sub.kind == "binary":
        return None, f"({mime or 'no content type'}): binary"
    return sub, None


def _part_spans(raw: bytes, boundary: bytes) -> list[tuple[int, int]]:
    """(start, end) of each part between the delimiter lines; BodyError if there is no closing one."""
    delimiter = re.compile(rb"(?:\A|\r?\n)--" + re.escape(boundary) + rb"(--)?[ \t]*(?:\r?\n|\Z)")
    spans: list[tuple[int, int]] = []
    start = None
    for m in delimiter.finditer(raw):
        if start is not None:
            spans.append((start, m.start()))
        if m.group(1):
            return spans
        start = m.end()
    if start is None:
        raise BodyError("multipart body does not contain its boundary")
    raise BodyError("multipart body has no closing boundary (truncated?)")


def _split_headers(raw: bytes, start: int, end: int) -> tuple[dict[str, str], int]:
    """The part's headers (lower-case names) and where its content starts."""
    for blank in (b"\r\n\r\n", b"\n\n"):
        if raw.startswith(blank[len(blank) // 2:], start):  # no headers at all
            return {}, start + len(blank) // 2
        cut = raw.find(blank, start, end)
        if cut != -1:
            break
    else:
        raise BodyError("multipart part has no blank line after its headers")
    headers: dict[str, str] = {}
    for line in raw[start:cut].decode("utf-8", "replace").splitlines():
        name, colon, value = line.partition(":")
        if colon:
            headers.setdefault(name.strip().lower(), value.strip())
    return headers, cut + len(blank)
