"""The text values of a binary body in a length-prefixed wire format, read as its parser reads them (attack23).

A binary's printable runs hold a protobuf, gRPC, CBOR or msgpack string with whatever bytes are next to it: the
length before it is a printable letter for many lengths (CBOR text of 20 bytes is `t`, a protobuf or msgpack length
of 84 is `T`), and so is the next field's tag (protobuf field 8 is `B`). `tAKIA...` or `AKIA...B` is no key to a
rule that ends at a word boundary, though the parser hands on exactly `AKIA...`. CBOR's indefinite-length text is
chunks the parser joins. `strings(data)` gives the text values of ``data`` read whole as gRPC frames (`grpc-web`
too; a compressed frame inflated, bounded), protobuf wire format (length-delimited fields, nested messages
tried), CBOR and msgpack: each reading that does not take the bytes to their end exactly gives nothing (most
binaries are none of these). Scanned for fixed-shape keys; never rewritten."""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from . import deadline
from .model import NestedTooDeep, ScanCutShort

# CBOR and msgpack arrays and maps are read this deep (split23; was 16, and deeper was silently no reading). Deeper
# refuses the body (NestedTooDeep) when the whole body reads as that format to its end (`_cbor_reads_whole`,
# `_msgpack_reads_whole`, without recursion): a count says how many items, not how many bytes, so an image's run of
# `\x91` or `\x81` nests as deep as it is long; the random bytes around it never end a reading exactly.
MAX_DEPTH = 48
# Protobuf messages nested deeper than this refuse the body (NestedTooDeep): a value under them would be read only
# as written, its length byte glued to it (a key under 17 messages was sent). google.protobuf.Struct takes two
# levels for each JSON level, so 48 leaves a tool schema 20 levels of its own. Random and uniform bytes do not
# nest: each level must hold exactly the bytes its length says.
PROTOBUF_MAX_DEPTH = 48
# Bytes the compressed gRPC frames of one body may inflate to, all readings of it together (its multipart parts,
# zip members, base64 runs: `one_body`). Past it the body is refused (ScanCutShort): a frame that did not inflate
# whole was taken for 'not gRPC' and its values went unread (attack27: a key in a frame of 1 MiB + 1 was sent), and
# a bound per frame was none per body (64 frames of 1 KiB of gzip each, 64 MiB read: ~10 s of CPU for 64 KiB).
MAX_INFLATED = 1 << 20
# ... or, for a larger body, INFLATED_PER_BYTE bytes for each of its own, up to MAX_INFLATED_CEILING (attack28: an
# ordinary gzip'd gRPC message of 1.5 MB, a picture that hardly compresses, was refused; the bomb above inflates
# 1,000 times its size, not 4).
INFLATED_PER_BYTE = 4
MAX_INFLATED_CEILING = 16 << 20  # as compressed.py's budget for a body's layers
_INFLATE_BUDGET: ContextVar[list[int] | None] = ContextVar("wire_inflate_budget", default=None)
# What one reading keeps: characters (a value's and its newline) at most CHARS_PER_BYTE for each byte read, plus
# CHARS_FLOOR, and at most MAX_VALUES values. A reading that would keep more refuses the body (ScanCutShort): the
# values past a bound were dropped without a word (attack27: a key glued after 100,001 one-letter fields was sent),
# and a protobuf of printable bytes nested in itself gives every level's bytes again as a value (~29 characters a
# byte: 2.2 s of CPU a MB). A flat message keeps fewer characters than it has bytes; ordinary nesting, ~2 a byte.
CHARS_PER_BYTE = 4
# Bytes a reader passes over between two checks of the body's deadline (formats/deadline.py), at each level it reads
# (1 MiB of 2-byte protobuf fields: ~0.2 s; a method call per item cost +60%, a position compare ~nothing).
CHECK_BYTES = 4096
CHARS_FLOOR = 1 << 16
MAX_VALUES = 1_000_000


class _NotThis(Exception):
    """The bytes are not (wholly) this format."""


class _TooDeep(Exception):
    """CBOR or msgpack nested past MAX_DEPTH: this format, or bytes that nest by chance (see MAX_DEPTH)."""


class _Values(list):
    """The text values a reading found. With ``glued_only``, only those the bytes as written do not show with the
    same edges: a letter, digit, `_` or non-ASCII byte right before or after, or bytes not written as one stretch
    (CBOR chunks, a compressed frame). A body that reads as text is scanned as text, which sees the rest."""

    def __init__(self, glued_only: bool, visible: bool, size: int) -> None:
        super().__init__()
        self.glued_only, self.visible = glued_only, visible
        self.room = CHARS_PER_BYTE * size + CHARS_FLOOR  # characters left to keep
        self.dropped = False  # a value was not kept (past the bounds): the reading is not whole
        self.check = deadline.current().check  # the body's deadline (formats/deadline.py), every CHECK_BYTES

    def _add(self, text: str) -> None:
        if len(text) + 1 > self.room or len(self) >= MAX_VALUES:
            self.dropped = True
            return
        self.room -= len(text) + 1
        self.append(text)

    def take_back(self, kept: int, dropped: bool) -> None:
        """A nesting that did not read whole: the values it gave (from index ``kept``) go, and what it dropped."""
        self.room += sum(len(v) + 1 for v in self[kept:])
        del self[kept:]
        self.dropped = dropped

    def keep(self, data: bytes, start: int | None, end: int) -> None:
        if self.dropped or start is None or end <= start:  # an empty value holds nothing
            return
        if self.glued_only and self.visible:
            glued_before = start > 0 and _wordy(data[start - 1])
            glued_after = end < len(data) and _wordy(data[end])
            if not (glued_before or glued_after) or (text := _text(data[start:end])) is None:
                return
            # Only a value at a glued edge reads otherwise than the text shows it: the rest of the chunk has the
            # text's own edges there. Kept whole, an ordinary JSON body that happens to parse as protobuf (0.6% of
            # chat bodies with no Content-Type: `{"` is a group and a field, `m` its length) had its keys found in
            # this reading too, which cannot be masked, and was refused where the text reading masks them.
            if glued_before and (head := _EDGE_RUN.match(text)) and head.group():
                self._add(head.group())
            if glued_after and (tail := _tail_run(text)):
                self._add(tail)
            return
        if text := _text(data[start:end]):
            self._add(text)

    def keep_joined(self, chunk: bytes) -> None:
        if not self.dropped and (text := _text(chunk)):
            self._add(text)


# A value's run at a chunk's edge: what a key glued to the bytes around the chunk can be (keys hold `.`, `:`, `/`, `+`,
# `=` and `-`, never blanks, quotes or brackets), at most 512 characters.
_EDGE_RUN = re.compile(r"[^\s\"'`<>(){}\[\],;]{1,512}")
_LAST_STOP = re.compile(r".*[\s\"'`<>(){}\[\],;]", re.S)


def _tail_run(text: str) -> str:
    """The run ending the text (its last 512 characters at most; one pass, no search from every position)."""
    window = text[-512:]
    stop = _LAST_STOP.match(window)
    return window[stop.end():] if stop else window


def _wordy(byte: int) -> bool:
    return byte >= 0x80 or chr(byte).isalnum() or byte == 0x5F


@contextmanager
def one_body(size: int = 0) -> Iterator[None]:
    """Every reading within is of one body of ``size`` bytes: its compressed gRPC frames share one budget
    (``inflate_budget``; the outermost scope counts; a reading outside any has a budget of its own)."""
    if _INFLATE_BUDGET.get() is not None:
        yield
        return
    token = _INFLATE_BUDGET.set([inflate_budget(size)])
    try:
        yield
    finally:
        _INFLATE_BUDGET.reset(token)


def inflate_budget(size: int) -> int:
    """Bytes the compressed gRPC frames of a body of ``size`` bytes may inflate to, all together."""
    return min(MAX_INFLATED_CEILING, max(MAX_INFLATED, INFLATED_PER_BYTE * size))


def strings(data: bytes, *, glued_only: bool = False) -> list[str]:
    """``glued_only``: for bytes also read as text (see `_Values`)."""
    out: list[str] = []
    frames = _grpc_frames(data)
    check = deadline.current().check
    for payload, start, visible in frames or [(data, 0, True)]:
        check()  # each frame is inflated and read three ways
        source, end = (data, start + len(payload)) if visible else (payload, len(payload))
        begin = start if visible else 0
        for reader in (_protobuf_message, _cbor_sequence, _msgpack_sequence):
            values = _Values(glued_only, visible, end - begin)
            try:
                reader(source, begin, end, values)
            except (_NotThis, IndexError):  # not this format; the depth bounds keep recursion shallow
                continue
            except _TooDeep:
                whole = _cbor_reads_whole if reader is _cbor_sequence else _msgpack_reads_whole
                if whole(source[:end], begin):
                    raise NestedTooDeep(MAX_DEPTH) from None
                continue
            if values.dropped:
                raise ScanCutShort("its values as a wire format's parser reads them run past the reading's bounds")
            out.extend(values)
    return out


def _text(chunk: bytes) -> str | None:
    """The chunk as UTF-8 text, if it is printable text."""
    try:
        text = chunk.decode("utf-8")
    except UnicodeDecodeError:
        return None
    # In C, not a loop over characters: a protobuf nested in itself has each byte read at every level (attack27).
    if text.isprintable() or text.replace("\n", "").replace("\r", "").replace("\t", "").isprintable():
        return text
    return None


# -- gRPC: frames of flag (bit 0: compressed, bit 7: grpc-web trailers) and a 4-byte big-endian length

def _grpc_frames(data: bytes) -> list[tuple[bytes, int, bool]] | None:
    """(payload, where it starts in data, whether it is written there as is) of each frame, or None."""
    payloads, pos = [], 0
    budget = _INFLATE_BUDGET.get() or [inflate_budget(len(data))]
    while pos < len(data):
        if (zeros := _ZEROS.match(data, pos)) is not None and zeros.end() - pos >= 5:
            pos += (zeros.end() - pos) // 5 * 5  # empty frames (5 zero bytes each) hold nothing to read (attack28)
            continue
        if len(data) - pos < 5 or data[pos] & 0x7E:
            return None
        flag, size = data[pos], int.from_bytes(data[pos + 1:pos + 5], "big")
        payload = data[pos + 5:pos + 5 + size]
        if len(payload) != size:
            return None
        if flag & 1:
            inflated = _inflated(payload, budget)
            if inflated is None:
                return None
            payloads.append((inflated, 0, False))
        else:
            payloads.append((payload, pos + 5, True))
        pos += 5 + size
    return payloads or None


_ZEROS = re.compile(rb"\x00+")


def _inflated(payload: bytes, budget: list[int]) -> bytes | None:
    """The frame inflated, drawn from ``budget``; None if it is not compressed data; ScanCutShort past the budget."""
    for wbits in (31, 15, -15):  # gzip, zlib, raw deflate (grpc-encoding: gzip / deflate)
        inflater = zlib.decompressobj(wbits)
        try:
            out = inflater.decompress(payload, budget[0] + 1)
        except zlib.error:
            continue
        if len(out) > budget[0]:
            raise ScanCutShort("its compressed gRPC frames inflate past the body's budget (1 MiB, or 4 bytes for "
                               "each of its own)")
        if inflater.eof and not inflater.unconsumed_tail:
            budget[0] -= len(out)
            rest = inflater.unused_data
            if wbits == 31 and rest[:2] == b"\x1f\x8b":  # gzip members one after another: a gRPC peer's gzip
                return out + _gzip_members(rest, budget)  # reader reads them all (wire63: the first alone was read)
            return out
    return None


_MAX_MEMBERS = 256


def _gzip_members(rest: bytes, budget: list[int]) -> bytes:
    """The gzip members of ``rest`` inflated one after another, drawn from ``budget``, up to bytes that are no
    complete member (ignored, as after the first member before); ScanCutShort past `_MAX_MEMBERS` members."""
    out: list[bytes] = []
    for count in range(_MAX_MEMBERS + 1):  # each member copies the rest (unused_data): bounded
        if rest[:2] != b"\x1f\x8b":
            break
        if count == _MAX_MEMBERS:  # no gRPC peer writes that many: a reading cut short, refused
            raise ScanCutShort(f"a compressed gRPC frame holds more than {_MAX_MEMBERS} gzip members")
        inflater = zlib.decompressobj(31)
        try:
            member = inflater.decompress(rest, budget[0] + 1)
        except zlib.error:
            break
        if len(member) > budget[0]:
            raise ScanCutShort("its compressed gRPC frames inflate past the body's budget (1 MiB, or 4 bytes for "
                               "each of its own)")
        if not inflater.eof or inflater.unconsumed_tail:
            break
        budget[0] -= len(member)
        out.append(member)
        rest = inflater.unused_data
    return b"".join(out)


# -- protobuf wire format: (field << 3 | wire type) varints; type 2 is a length and bytes

def _varint(data: bytes, pos: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = data[pos]
        value |= (byte & 0x7F) << shift
        pos += 1
        if not byte & 0x80:
            return value, pos
        shift += 7
        if shift > 63:
            raise _NotThis


def _protobuf_message(data: bytes, pos: int, end: int, values: _Values, depth: int = 0) -> None:
    if depth > PROTOBUF_MAX_DEPTH:
        raise NestedTooDeep(PROTOBUF_MAX_DEPTH)
    mark = pos + CHECK_BYTES
    while pos < end:
        if pos >= mark:
            values.check()
            mark = pos + CHECK_BYTES
        key, pos = _varint(data, pos)
        wire = key & 7
        if key >> 3 == 0:
            raise _NotThis
        if wire == 0:
            _, pos = _varint(data, pos)
        elif wire in (1, 5):
            pos += 8 if wire == 1 else 4
        elif wire == 2:
            size, pos = _varint(data, pos)
            if pos + size > end:
                raise _NotThis
            values.keep(data, pos, pos + size)
            if size >= 2:  # a nested message, maybe (one of fewer bytes holds no string)
                kept, dropped = len(values), values.dropped  # a nesting that fails is taken back, not copied
                try:
                    _protobuf_message(data, pos, pos + size, values, depth + 1)
                except (_NotThis, IndexError):
                    values.take_back(kept, dropped)
            pos += size
        elif wire not in (3, 4):  # 3 / 4: start / end of a group, no payload
            raise _NotThis
        if pos > end:
            raise _NotThis


# -- CBOR (RFC 8949): major type in the top 3 bits, the argument in the low 5

# Items of one byte each (small integers, simple values): a run of them is passed over in C, as msgpack's fixints
# are (attack28: 1 MiB of zero bytes, a million integers, cost ~0.2 s; a 532-byte body of nested archives inflated
# to 46 such members, 10 s of CPU).
_CBOR_ONE_BYTE = re.compile(rb"[\x00-\x17\x20-\x37\xe0-\xf7]+")


def _cbor_sequence(data: bytes, pos: int, end: int, values: _Values) -> None:
    data = data[:end]
    mark = pos + CHECK_BYTES
    while pos < end:
        if pos >= mark:
            values.check()
            mark = pos + CHECK_BYTES
        if run := _CBOR_ONE_BYTE.match(data, pos):
            pos = run.end()
            continue
        pos = _cbor_item(data, pos, values, 0)
    if pos != end:
        raise _NotThis


def _cbor_head(data: bytes, pos: int) -> tuple[int, int | None, int]:
    """(major type, argument or None for an indefinite length, position after the head)."""
    initial = data[pos]
    major, info = initial >> 5, initial & 31
    pos += 1
    if info < 24:
        return major, info, pos
    if info in (24, 25, 26, 27):
        width = 1 << (info - 24)
        if pos + width > len(data):
            raise _NotThis
        return major, int.from_bytes(data[pos:pos + width], "big"), pos + width
    if info == 31 and major in (2, 3, 4, 5, 7):
        return major, None, pos
    raise _NotThis


def _cbor_item(data: bytes, pos: int, values: _Values, depth: int) -> int:
    if depth > MAX_DEPTH:
        raise _TooDeep
    major, arg, pos = _cbor_head(data, pos)
    if major in (0, 1) or (major == 7 and arg is not None):
        return pos
    if major == 7:  # a break outside an indefinite item
        raise _NotThis
    if major in (2, 3):
        if arg is None:  # chunks of definite strings of the same type, ended by a break: the parser joins them
            chunks = []
            while data[pos] != 0xFF:
                chunk_major, size, pos = _cbor_head(data, pos)
                if chunk_major != major or size is None or pos + size > len(data):
                    raise _NotThis
                chunks.append(data[pos:pos + size])
                pos += size
            if len(chunks) == 1:
                values.keep(data, pos - len(chunks[0]), pos)
            else:
                values.keep_joined(b"".join(chunks))
            return pos + 1
        if pos + arg > len(data):
            raise _NotThis
        values.keep(data, pos, pos + arg)
        return pos + arg
    if major == 6:
        return _cbor_item(data, pos, values, depth + 1)
    count = None if arg is None else arg * (2 if major == 5 else 1)
    if count is not None and count > len(data) - pos:
        raise _NotThis
    done = 0
    mark = pos + CHECK_BYTES
    while (data[pos] != 0xFF) if count is None else done < count:
        if pos >= mark:
            values.check()
            mark = pos + CHECK_BYTES
        if run := _CBOR_ONE_BYTE.match(data, pos):
            skipped = run.end() - pos if count is None else min(run.end() - pos, count - done)
            pos, done = pos + skipped, done + skipped
            continue
        pos = _cbor_item(data, pos, values, depth + 1)
        done += 1
    return pos + 1 if count is None else pos


# -- msgpack

_MSGPACK_FIXED = {0xC0: 0, 0xC2: 0, 0xC3: 0, 0xCA: 4, 0xCB: 8, 0xCC: 1, 0xCD: 2, 0xCE: 4, 0xCF: 8, 0xD0: 1, 0xD1: 2,
                  0xD2: 4, 0xD3: 8, 0xD4: 2, 0xD5: 3, 0xD6: 5, 0xD7: 9, 0xD8: 17}
_MSGPACK_SIZED = {0xC4: (1, "bin"), 0xC5: (2, "bin"), 0xC6: (4, "bin"), 0xC7: (1, "ext"), 0xC8: (2, "ext"),
                  0xC9: (4, "ext"), 0xD9: (1, "str"), 0xDA: (2, "str"), 0xDB: (4, "str")}
_MSGPACK_CONTAINERS = {0xDC: (2, 1), 0xDD: (4, 1), 0xDE: (2, 2), 0xDF: (4, 2)}


_FIXINTS = re.compile(rb"[\x00-\x7f\xe0-\xff]+")  # items of one byte each: ASCII text is a run of them


def _msgpack_sequence(data: bytes, pos: int, end: int, values: _Values) -> None:
    data = data[:end]
    mark = pos + CHECK_BYTES
    while pos < end:
        if pos >= mark:
            values.check()
            mark = pos + CHECK_BYTES
        if run := _FIXINTS.match(data, pos):
            pos = run.end()
            continue
        pos = _msgpack_item(data, pos, values, 0)
    if pos != end:
        raise _NotThis


def _msgpack_item(data: bytes, pos: int, values: _Values, depth: int) -> int:
    if depth > MAX_DEPTH:
        raise _TooDeep
    byte = data[pos]
    pos += 1
    if byte <= 0x7F or byte >= 0xE0:
        return pos
    if 0xA0 <= byte <= 0xBF:
        return _msgpack_bytes(data, pos, byte & 31, values)
    if 0x80 <= byte <= 0x9F:
        count = (byte & 15) * (2 if byte <= 0x8F else 1)
        return _msgpack_items(data, pos, count, values, depth)
    if byte in _MSGPACK_FIXED:
        return pos + _MSGPACK_FIXED[byte]
    if byte in _MSGPACK_SIZED:
        width, kind = _MSGPACK_SIZED[byte]
        size = int.from_bytes(data[pos:pos + width], "big")
        pos += width + (1 if kind == "ext" else 0)
        return _msgpack_bytes(data, pos, size, values)
    if byte in _MSGPACK_CONTAINERS:
        width, per = _MSGPACK_CONTAINERS[byte]
        count = int.from_bytes(data[pos:pos + width], "big") * per
        return _msgpack_items(data, pos + width, count, values, depth)
    raise _NotThis  # 0xC1: never used


def _msgpack_bytes(data: bytes, pos: int, size: int, values: _Values) -> int:
    if pos + size > len(data):
        raise _NotThis
    values.keep(data, pos, pos + size)
    return pos + size


def _msgpack_items(data: bytes, pos: int, count: int, values: _Values, depth: int) -> int:
    if count > len(data) - pos:
        raise _NotThis
    mark = pos + CHECK_BYTES
    for _ in range(count):
        if pos >= mark:
            values.check()
            mark = pos + CHECK_BYTES
        pos = _msgpack_item(data, pos, values, depth + 1)
    return pos


# -- whether a body nested past MAX_DEPTH reads whole as CBOR / msgpack: the items skipped with a stack of what each
# open container still holds (no recursion, each byte read once), values not kept

def _closed(stack: list[int | None]) -> None:
    """One item ended: count it in its container, and a container that is full ends as an item of its own."""
    while stack and stack[-1] is not None:
        stack[-1] -= 1
        if stack[-1]:
            return
        stack.pop()


def _cbor_reads_whole(data: bytes, pos: int) -> bool:
    stack: list[int | None] = []  # items left in each open container; None: indefinite, ended by a break
    check, mark = deadline.current().check, pos + CHECK_BYTES
    try:
        while pos < len(data):
            if pos >= mark:
                check()
                mark = pos + CHECK_BYTES
            if stack and stack[-1] is None and data[pos] == 0xFF:
                stack.pop()
                pos += 1
                _closed(stack)
                continue
            major, arg, pos = _cbor_head(data, pos)
            if major == 7 and arg is None:
                return False  # a break outside an indefinite item
            if major in (2, 3):
                if arg is None:
                    while data[pos] != 0xFF:
                        chunk_major, size, pos = _cbor_head(data, pos)
                        if chunk_major != major or size is None:
                            return False
                        pos += size
                    pos += 1
                else:
                    pos += arg
                if pos > len(data):
                    return False
            elif major == 6:
                stack.append(1)  # a tag: its one item follows
                continue
            elif major in (4, 5):
                count = None if arg is None else arg * (2 if major == 5 else 1)
                if count is None or count:
                    if count is not None and count > len(data) - pos:
                        return False
                    stack.append(count)
                    continue
            _closed(stack)
    except (_NotThis, IndexError):
        return False
    return not stack and pos == len(data)


def _msgpack_reads_whole(data: bytes, pos: int) -> bool:
    stack: list[int | None] = []
    check, mark = deadline.current().check, pos + CHECK_BYTES
    try:
        while pos < len(data):
            if pos >= mark:
                check()
                mark = pos + CHECK_BYTES
            byte = data[pos]
            pos += 1
            count = 0
            if byte <= 0x7F or byte >= 0xE0:
                pass
            elif 0xA0 <= byte <= 0xBF:
                pos += byte & 31
            elif 0x80 <= byte <= 0x9F:
                count = (byte & 15) * (2 if byte <= 0x8F else 1)
            elif byte in _MSGPACK_FIXED:
                pos += _MSGPACK_FIXED[byte]
            elif byte in _MSGPACK_SIZED:
                width, kind = _MSGPACK_SIZED[byte]
                pos += width + (1 if kind == "ext" else 0) + int.from_bytes(data[pos:pos + width], "big")
            elif byte in _MSGPACK_CONTAINERS:
                width, per = _MSGPACK_CONTAINERS[byte]
                count = int.from_bytes(data[pos:pos + width], "big") * per
                pos += width
            else:
                return False  # 0xC1
            if pos > len(data) or count > len(data) - pos:
                return False
            if count:
                stack.append(count)
            else:
                _closed(stack)
    except IndexError:
        return False
    return not stack and pos == len(data)
