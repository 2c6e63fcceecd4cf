"""`open_body`: pick the codec for a body from its Content-Type, list its text fields, render it back.

    doc = open_body("application/json", raw)          # raw: already content-decoded bytes
    findings = [scan(f.text) for f in doc.fields]
    new_raw = doc.render({3: "[MASKED:github-pat:3f9c1a]"})

Kinds: "json" (also JSON Lines, and JSON sniffed under text/plain, no, unknown or binary type), "form",
"multipart", "text", "binary" (its printable strings, and the text inside its gzip / zlib / zip / PDF Flate
parts (`compressed.py`), as "strings" fields: scanned, never rewritten), "empty".
Every body without a declared charset is sniffed (`sniff.py`): whatever its declared type, one that is text
in some charset (UTF-8/16/32 with or without BOM, Latin-1) is opened as text or JSON and rendered back in
that charset. A body declared JSON / JSON Lines / form / multipart that does not parse, or text in a declared
charset that does not decode, raises BodyError (fail closed; `open_strings` is the caller's fallback).
Then encoded runs of every field (base64, hex, base32, gzip/zlib inside them, up to 3 layers) are decoded
(`encoded.py`): text inside them becomes "decoded" (or "decoded-short") fields.
"""

from __future__ import annotations

import codecs
import itertools
import re
from collections.abc import Callable

from . import compressed, deadline, encoded, form, multipart, wire, xmljoins
from .jsonwalk import JsonBody, JsonLines, JsonSyntaxError, JsonTooDeep
from .mediatype import MediaType, classify, parse_content_type
from .model import BodyError, DecodingTooLarge, Field, Unmaskable
from .sniff import ascii_run_spans, printable_runs, sniff_text
from .text import check_charset, decode_text, encode_text, hides_ascii, reads_ascii_as_ascii


class Doc:
    """An opened body. `render(replacements)` maps field index -> new text and returns the new bytes
    (the original bytes, unchanged, when there is nothing to replace)."""

    __slots__ = ("_raw", "_render", "fields", "kind", "skipped")

    def __init__(self, kind: str, fields: list[Field], skipped: list[str], raw: bytes,
                 render: Callable[[dict[int, str]], bytes] | None = None):
        self.kind = kind
        self.fields = fields
        self.skipped = skipped
        self._raw = raw
        self._render = render

    def render(self, replacements: dict[int, str]) -> bytes:
        if not replacements:
            return self._raw
        for index in replacements:
            if not 0 <= index < len(self.fields):
                raise IndexError(f"no field {index} (body has {len(self.fields)})")
        assert self._render is not None  # only field-less Docs lack a renderer, and they reject every index
        return self._render(replacements)

    def __repr__(self) -> str:
        return f"<Doc {self.kind}: {len(self.fields)} fields, {len(self.skipped)} skipped>"


def open_body(content_type: str | None, raw: bytes, *, max_depth: int = 4, _nesting: int = 0,
              time_limit: deadline.Deadline | None = None) -> Doc:
    """`_nesting` counts multipart levels (a multipart part may be multipart again). The top level also
    decodes base64 runs of every field, parts included (`encoded.expand`). ``time_limit``: every reading of the
    body stops there (`deadline.OutOfTime`, a ScanCutShort); a part's opening shares its body's."""
    # every reading of it shares one inflation budget (parts, members, runs too) and one deadline
    with wire.one_body(len(raw)), deadline.bounded(time_limit):
        doc = _open(content_type, raw, max_depth, _nesting)
        return doc if _nesting else _with_decoded(doc)


def _open(content_type: str | None, raw: bytes, max_depth: int, nesting: int) -> Doc:
    media = parse_content_type(content_type)
    return _open_as(media, raw, max_depth, nesting)


def _with_other_readings(doc: Doc, raw: bytes, codec: str, *, read: bytes | None = None) -> Doc:
    """A body read as text in ``codec`` (declared, or sniffed: a UTF-16 BOM), also read as the printable strings its
    bytes hold in the encodings that codec reads otherwise (ASCII bytes under a `charset=utf-16` or EBCDIC label or
    after a UTF-16 BOM; UTF-16 text under a UTF-8 label; UTF-16 of the other byte order than the label says, after
    its BOM or, under a bare `utf-16` label, without one): a reader that goes by other than the label (a server that
    parses JSON as UTF-8, a paste kept as bytes) sees them. They are scanned, never rewritten: a value found there
    cannot be masked in ``codec`` (Unmaskable).
    A codec that reads ASCII as ASCII but can take an ASCII byte into another character (Shift_JIS, GBK, Big5 lead
    bytes, ISO-2022 escapes: `text.hides_ascii`) also gets the ASCII runs of ``read`` (the bytes its text was
    decoded from: a form's percent-decoded; default ``raw``) that it does not read as those characters, for
    fixed-shape keys ("decoded-short": two-byte text read as ASCII is letters at random; attack23)."""
    other_ascii = not reads_ascii_as_ascii(codec)
    other_utf16 = not codec.startswith("utf-16") and b"\x00" in raw  # UTF-16 of Latin text has NUL bytes
    other_order = _other_byte_order(codec, raw)
    # Only the readings kept are made (a UTF-8 body's own ASCII runs were ~8% of opening a streamed answer).
    wanted = frozenset(encoding for encoding, keep in (("ascii", other_ascii),
                                                       ("utf-16-le", other_utf16 or other_order == "utf-16-le"),
                                                       ("utf-16-be", other_utf16 or other_order == "utf-16-be"))
                       if keep)
    runs = printable_runs(raw, wanted) if wanted else []
    strings = [Field(f"strings.{r.encoding}", r.text, "strings") for r in runs]
    hidden = _hidden_ascii(raw if read is None else read, codec) if not other_ascii and hides_ascii(codec) else []
    if hidden:
        strings.append(Field("strings.ascii", "\n".join(hidden), "decoded-short"))
    if not strings:
        return doc
    first = len(doc.fields)

    def render(replacements: dict[int, str]) -> bytes:
        if any(i >= first for i in replacements):
            raise Unmaskable(f"a value found in the bytes read as other than {codec} cannot be masked in {codec}")
        return doc.render(replacements)

    return Doc(doc.kind, doc.fields + strings, doc.skipped, raw, render)


_ISO2022_ESCAPE_TAIL = re.compile(rb"[\x20-\x2f]*[\x30-\x7e]")  # what follows ESC in an ISO 2022 escape


def _hidden_ascii(read: bytes, codec: str) -> list[str]:
    """The printable ASCII runs of ``read`` that ``codec`` does not read as those characters: fed in order to one
    incremental decoder (linear: a search of each run in the text was quadratic), a run whose own bytes do not
    come out as itself was taken into other characters (a lead byte before it, an escape's two-byte mode). An
    escape's tail (`$B` after ESC) is cut off the run it starts."""
    decoder = codecs.getincrementaldecoder(codec)("replace")
    hidden, pos = [], 0
    check = deadline.current().check
    for number, (start, end) in enumerate(ascii_run_spans(read)):
        if not number % deadline.EVERY:
            check()
        decoder.decode(read[pos:start])
        if start and read[start - 1] == 0x1B and (tail := _ISO2022_ESCAPE_TAIL.match(read, start, end)):
            decoder.decode(read[start:tail.end()])  # the escape's own bytes: a mode, no text
            start = tail.end()
        run = read[start:end].decode("ascii")
        if run and decoder.decode(read[start:end]) != run:
            hidden.append(run)
        pos = end
    return hidden


def _other_byte_order(codec: str, raw: bytes) -> str | None:
    """The UTF-16 byte order a reader may take other than ``codec``'s: the BOM's, when it disagrees with the label,
    or big-endian (RFC 2781's default) for a bare `utf-16` label without a BOM (Python reads little-endian)."""
    bom = {codecs.BOM_UTF16_LE: "utf-16-le", codecs.BOM_UTF16_BE: "utf-16-be"}.get(bytes(raw[:2]))
    if codec in ("utf-16-le", "utf-16-be"):
        return bom if bom not in (None, codec) else None
    if codec == "utf-16" and bom is None:
        return "utf-16-be"
    return None


def _open_as(media: MediaType, raw: bytes, max_depth: int, nesting: int) -> Doc:
    kind = classify(media.mime)
    if not raw:
        return Doc("empty", [], [], raw)
    if kind == "form":
        # `curl -d '{...}'` labels JSON as a form: a form body cannot start with a parseable JSON document.
        if raw.lstrip()[:1] in (b"{", b"["):
            try:
                sniffed = _json_doc(raw, decode_text(raw, media.charset), check_charset(media.charset), max_depth,
                                    strict=False)
            except deadline.OutOfTime:
                raise
            except BodyError:
                sniffed = None
            if sniffed is not None:
                return _with_other_readings(sniffed, raw, check_charset(media.charset))
        opened = _with_markup_joins(form.open_form(raw, media.charset, max_depth=max_depth, make_doc=Doc))
        unquoted = form.unquoted(raw)  # what the pairs decode from: a lead byte may be written `%81`
        return _with_other_readings(opened, raw, check_charset(media.charset), read=unquoted)
    if kind == "multipart":
        return multipart.open_multipart(raw, media, max_depth=max_depth, open_part=open_body, make_doc=Doc,
                                         nesting=nesting)
    decoded = _decode(raw, media.charset)
    if decoded is None and kind in ("json", "json-lines"):
        decoded = decode_text(raw, None), "utf-8"  # declared JSON: parse it as UTF-8, to say where it breaks
    if decoded is None:
        return open_strings(raw, f"binary body ({media.mime or 'no content type'})")
    text, charset = decoded
    doc = _with_other_readings(_text_or_json(kind, media.mime, raw, text, charset, max_depth), raw, charset)
    doc = _with_pdf_reading(doc, raw)
    return _with_wire_values(doc, raw) if kind in ("binary", "unknown") else doc


def _with_pdf_reading(doc: Doc, raw: bytes) -> Doc:
    """A PDF that reads as text (its streams are not compressed) also read for the text its pages show
    (`compressed.read_pdf`; a binary one is, in `open_strings`): scanned, never rewritten (Unmaskable)."""
    if raw[:5] != b"%PDF-":
        return doc
    reading = compressed.read_pdf(raw, compressed.MAX_TOTAL, stream_texts=False)
    if not reading.fields and not reading.skipped:
        return doc
    first = len(doc.fields)

    def render(replacements: dict[int, str]) -> bytes:
        if any(i >= first for i in replacements):
            raise Unmaskable("a value found in the text a PDF shows cannot be masked in the PDF")
        return doc.render(replacements)

    return Doc(doc.kind, doc.fields + reading.fields, doc.skipped + reading.skipped, raw, render)


def _text_or_json(kind: str, mime: str, raw: bytes, text: str, charset: str, max_depth: int) -> Doc:
    if kind == "json":
        declared = _json_doc(raw, text, charset, max_depth, strict=True)
        assert declared is not None  # strict: not JSON raises BodyError
        return declared
    if kind == "json-lines":
        return _json_lines_doc(raw, text, charset, max_depth)
    if mime in ("", "text/plain") or kind in ("unknown", "binary"):
        sniffed = _json_doc(raw, text, charset, max_depth, strict=False)
        if sniffed is not None:
            return sniffed
    return _with_event_data(_with_xml_joins(_text_doc(raw, text, charset), mime, text), mime, text)


_SSE_DATA_LINE = re.compile(r"^data(?::[ ]?([^\n]*))?$", re.MULTILINE)  # line ends made `\n` first
_RUN_AT_START = re.compile(r"[A-Za-z0-9_-]{1,512}")  # matched at a line's start only, and on its reversed tail:
# a search for a run at a line's end (`...{1,512}$`) retries at every position of a long line (quadratic)


def _with_event_data(doc: Doc, mime: str, text: str) -> Doc:
    """An event stream sent as a body (`text/event-stream`) also read where its reader joins it: at each place one
    `data` line ends and the next begins (in one event: a line break in the data; across events: a client that
    appends them), the key-character runs on either side put together, one a line (wire63: a key over two `data:`
    lines or two events went out, the `data: ` between its pieces kept the line-break views from joining them).
    Fixed-shape keys, never rewritten; a key within one line is the text's to mask."""
    if mime != "text/event-stream" or text.count("data") < 2:
        return doc
    # the `data` fields in order (SSE's line ends: CRLF, CR, LF; other fields, comments and blank lines between them
    # leave the data as it is): found by one pattern in C (a parser per line cost ~0.25 s a MB of short lines).
    # A BOM before the first line is the stream's, not its field name's (the SSE parser drops it); the lines made one
    # at a time (a list of 1.5 M `data:` lines held ~80 MB for a 9 MB body) (attack64)
    text = text.removeprefix("\ufeff")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = (m.group(1) or "" for m in _SSE_DATA_LINE.finditer(text))
    check = deadline.current().check
    joins: dict[str, None] = {}  # each distinct join once (attack64: 900,000 lines of `data: abc` held 900,000 joins)
    for index, (before, after) in enumerate(itertools.pairwise(lines)):
        if not index % deadline.EVERY:
            check()
        if (end := _RUN_AT_START.match(before[-512:][::-1])) and (start := _RUN_AT_START.match(after)):
            joins[end.group()[::-1] + start.group()] = None
    if not joins:
        return doc
    return _with_read_as(doc, Field("sse#joined", "\n".join(joins), "decoded-short"),
                         "an event stream's reader joins its data lines")


def _with_xml_joins(doc: Doc, mime: str, text: str) -> Doc:
    """A text body that is XML also gets the text an XML parser joins across comments, CDATA markers and its own
    entities (`xmljoins.py`), for fixed-shape keys, never rewritten (attack23)."""
    if not xmljoins.looks_like_xml(mime, text) or (joined := xmljoins.joins(text)) is None:
        return doc
    return _with_read_as(doc, Field("xml#joined", joined, "decoded-short"), "an XML parser joins across markup")


def _with_markup_joins(doc: Doc) -> Doc:
    """A JSON or form body whose string values hold XML or HTML (`{"doc": "<a>AKIA...<!-- -->...</a>"}`, a chat
    message quoting a page) also gets, for each such value, the text its parser joins across comments, CDATA
    markers and the value's own entities (`xmljoins.py`, split23): fixed-shape keys, never rewritten. A value whose
    entities expand past the bound (a billion-laughs payload quoted in a chat) is read without them, not refused:
    the body is JSON, the markup only a string in it."""
    raw = doc._raw
    if raw is not None and not _may_hold_markup(raw):
        return doc  # the usual body
    readings = []
    check = deadline.current().check
    for field in doc.fields:
        if field.kind != "text" or not xmljoins.has_markup(field.text):
            continue
        check()  # a parse per value that holds markup
        try:
            joined = xmljoins.joins(field.text)
        except deadline.OutOfTime:
            raise
        except BodyError:
            joined = xmljoins.joins(field.text, expand_entities=False)
        if joined is not None:
            readings.append(Field(f"{field.location}#markup-joined", joined, "decoded-short"))
    if not readings:
        return doc
    first = len(doc.fields)

    def render(replacements: dict[int, str]) -> bytes:
        if any(i >= first for i in replacements):
            raise Unmaskable("a value as a markup parser joins it cannot be masked in the string as written")
        return doc.render(replacements)

    return Doc(doc.kind, [*doc.fields, *readings], doc.skipped, raw=doc._raw, render=render)


def _may_hold_markup(raw: bytes) -> bool:
    """Whether a value may hold a mark (`<!`, `<?`: a `<` as written, JSON-escaped or percent-encoded). Each test
    starts with one byte's search (memchr): 6 two-byte searches cost 4 ms a MB of chat JSON, these ~0.5."""
    return ((b"<" in raw and (b"<!" in raw or b"<?" in raw)) or (b"%" in raw and (b"%3C" in raw or b"%3c" in raw))
            or (b"\\u" in raw and (b"\\u003c" in raw or b"\\u003C" in raw)))


def _with_wire_values(doc: Doc, raw: bytes) -> Doc:
    """A body not declared as text that reads as text all the same (a protobuf, CBOR or msgpack body of printable
    bytes) also gets its values as that format's parser reads them (`wire.py`, attack23)."""
    if doc.kind == "binary" or not (values := wire.strings(raw, glued_only=True)):
        return doc
    return _with_read_as(doc, Field("wire", "\n".join(values), "decoded-short"), "a wire format's parser reads")


def _with_read_as(doc: Doc, reading: Field, how: str) -> Doc:
    """``doc`` with one more field, a reading of its bytes that cannot be rewritten in them (Unmaskable)."""
    first = len(doc.fields)

    def render(replacements: dict[int, str]) -> bytes:
        if any(i >= first for i in replacements):
            raise Unmaskable(f"a value as {how} cannot be masked in the bytes as written")
        return doc.render(replacements)

    return Doc(doc.kind, [*doc.fields, reading], doc.skipped, raw=doc._raw, render=render)


def _decode(raw: bytes, charset: str | None) -> tuple[str, str] | None:
    """(text, codec): strictly in the declared charset (BodyError if it does not decode), else sniffed in any
    charset (`sniff.sniff_text`); None for a binary body."""
    if charset:
        return decode_text(raw, charset), check_charset(charset)
    sniffed = sniff_text(raw)
    return None if sniffed is None else (sniffed.text, sniffed.codec)


def open_strings(raw: bytes, what: str) -> Doc:
    """A body read only as its printable strings (binary, or not parseable as what it claims): every run is
    scanned; rewriting one is impossible, so a finding whose action is mask must block (Unmaskable)."""
    with wire.one_body(len(raw)):
        return _open_strings(raw, what)


def _open_strings(raw: bytes, what: str) -> Doc:
    fields = [Field(f"strings.{runs.encoding}", runs.text, "strings") for runs in printable_runs(raw)]
    if values := wire.strings(raw):  # gRPC / protobuf / CBOR / msgpack: each value without the bytes glued to it
        fields.append(Field("wire", "\n".join(values), "decoded-short"))
    inner, skipped = compressed.inner_fields(raw)  # gzip / zlib / zip / PDF FlateDecode: text inside, bounded

    def render(replacements: dict[int, str]) -> bytes:
        raise Unmaskable(f"{what}: a value found in its printable strings cannot be masked in binary data")

    return Doc("binary", fields + inner, skipped, raw, render)


def open_strings_decoded(raw: bytes, what: str, *, time_limit: deadline.Deadline | None = None) -> Doc:
    """``open_strings`` with the encoded runs of the strings decoded, as a binary body's are (the guard's fallback
    for a body that does not parse, `unparseable: pass`: attack17, base64 of a key in malformed JSON was sent).
    ``time_limit`` as for `open_body`."""
    with wire.one_body(len(raw)), deadline.bounded(time_limit):
        return _with_decoded(open_strings(raw, what))


def _with_decoded(doc: Doc) -> Doc:
    deadline.current().check()  # the body is open: its runs are decoded within what is left
    expansion = encoded.expand(doc.fields)
    if expansion.cut:  # what the budget did not reach was not read: not a body to pass on (attack17)
        raise DecodingTooLarge(encoded.MAX_DECODED)
    if not expansion.fields and not expansion.skipped:
        return doc
    first = len(doc.fields)

    every_field = doc.fields + expansion.fields

    def render(replacements: dict[int, str]) -> bytes:
        return doc.render(encoded.apply(every_field, expansion.splices, first, replacements))

    return Doc(doc.kind, doc.fields + expansion.fields, doc.skipped + expansion.skipped, doc._raw, render)


def _text_doc(raw: bytes, text: str, charset: str) -> Doc:
    return Doc("text", [Field("body", text)], [], raw,
               lambda replacements: encode_text(replacements[0], charset))


def _json_doc(raw: bytes, text: str, charset: str, max_depth: int, *, strict: bool) -> Doc | None:
    """Strict: a body declared JSON; BodyError if it is not. Else a sniff: None if it is not JSON."""
    if not strict and text.lstrip(" \t\r\n\ufeff")[:1] not in ("{", "["):
        return None
    fields: list[Field] = []
    doc: JsonBody | JsonLines
    try:
        doc = JsonBody(text, "$", fields, max_depth=max_depth)
    except JsonSyntaxError as e:
        if strict:
            raise json_error(e, text) from None
        if e.reason != "Extra data":
            return None
        try:  # more after the first document: maybe JSON Lines (a JSONL upload sent as octet-stream)
            fields = []
            doc = JsonLines(text, fields, max_depth=max_depth)
        except JsonSyntaxError:
            return None
    return _with_markup_joins(Doc("json", fields, [], raw,
                                  lambda replacements: _encode_rendered(doc.render(replacements), charset)))


def _json_lines_doc(raw: bytes, text: str, charset: str, max_depth: int) -> Doc:
    fields: list[Field] = []
    try:
        doc = JsonLines(text, fields, max_depth=max_depth)
    except JsonSyntaxError as e:
        raise BodyError(f"body is not valid JSON Lines: {e.reason}") from None
    return _with_markup_joins(Doc("json", fields, [], raw,
                                  lambda replacements: _encode_rendered(doc.render(replacements), charset)))


def _encode_rendered(text: str | None, charset: str) -> bytes:
    # JSON renders None only when no field of it is replaced; Doc.render passes at least one valid index.
    assert text is not None
    return encode_text(text, charset)


def json_error(e: JsonSyntaxError, text: str) -> BodyError:
    if isinstance(e, JsonTooDeep):
        return BodyError(f"body is not valid JSON: {e.reason}")
    line = text.count("\n", 0, e.pos) + 1
    column = e.pos - text.rfind("\n", 0, e.pos)
    return BodyError(f"body is not valid JSON: {e.reason}: line {line} column {column} (char {e.pos})")
