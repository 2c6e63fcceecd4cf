"""Content-Encoding: bounded decoding (a decompression bomb never allocates much more than `limit`)
and re-encoding.

Supported: identity/none, gzip/x-gzip, deflate (zlib-wrapped, or raw as some servers send it),
deflateraw, br, zstd. Stacked encodings ("gzip, br") and unknown ones raise BodyError, like mitmproxy.
So do bytes a decoder skips, which leave with the body unscanned: a gzip member's file name, comment or extra
field, a zstd skippable frame. What no decoder reports (a gzip mtime, a brotli metadata block, the encoder's choices)
is not kept either: a compressed body leaves and is recorded re-encoded from its decoded bytes (`compressed`).

How each decoder is bounded:
- gzip / deflate: zlib's `max_length`, exact.
- br: brotli >= 1.2 has `output_buffer_limit`, exact. The brotli 1.1 that mitmproxy 11.0.2 pins has no
  output limit, so we feed it 16 input bytes at a time: measured, one call then yields at most ~8 MiB
  (a brotli meta-block is at most 16 MiB), so a bomb stops within limit + one meta-block.
- zstd: 256 input bytes at a time (a block yields <= 128 KiB from >= 4 bytes: <= 8 MiB per call) and
  a window of at most 8 MiB (RFC 9659: the limit for the zstd content coding).
"""

from __future__ import annotations

import gzip
import zlib

import brotli
import zstandard

from .model import BodyError, BodyTooLarge

ZSTD_MAX_WINDOW = 8 << 20
_ZSTD_STEP = 256
_BROTLI_STEP = 16
_CHUNK = 64 << 10
_ZLIB_STEP = 1 << 20


def normalise(content_encoding: str | None) -> str:
    """The single encoding name ("identity" for none); BodyError for stacked or unknown ones."""
    name = (content_encoding or "").strip().lower()
    if "," in name:
        raise BodyError("stacked content encodings are not supported")
    name = {"": "identity", "none": "identity", "x-gzip": "gzip"}.get(name, name)
    if name not in ("identity", "gzip", "deflate", "deflateraw", "br", "zstd"):
        raise BodyError(f"unsupported content encoding {name[:40]!r}")
    return name


def compressed(content_encoding: str | None) -> bool:
    """Whether a body with this Content-Encoding is compressed (an encoding `decode_content` accepts, not identity).
    Such a body is passed on as the canonical encoding of what was scanned (guard, recording): its own bytes may hold
    what no decoder gives back, or needs: a gzip member's mtime, XFL and OS bytes and its member boundaries, a brotli
    metadata block, the encoder's choices of blocks and codes."""
    try:
        return normalise(content_encoding) != "identity"
    except BodyError:
        return False


def decode_content(raw: bytes, content_encoding: str | None, limit: int) -> bytes:
    name = normalise(content_encoding)
    if name == "identity" or not raw:
        if len(raw) > limit:
            raise BodyTooLarge(limit)
        return raw
    sink = _Sink(limit)
    try:
        if name == "gzip":
            _gunzip(raw, sink)
        elif name == "deflate":
            _inflate_deflate(raw, sink)
        elif name == "deflateraw":
            _inflate_all(zlib.decompressobj(-zlib.MAX_WBITS), raw, sink, "deflate")
        elif name == "br":
            _unbrotli(raw, sink)
        else:
            _unzstd(raw, sink)
    except (zlib.error, brotli.error, zstandard.ZstdError):
        raise BodyError(f"{name} body is corrupt") from None
    return sink.value()


def encode_content(data: bytes, content_encoding: str | None) -> bytes:
    name = normalise(content_encoding)
    if name == "identity":
        return data
    if name == "gzip":
        return gzip.compress(data, compresslevel=6, mtime=0)
    if name == "deflate":
        return zlib.compress(data, 6)
    if name == "deflateraw":
        compressor = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
        return compressor.compress(data) + compressor.flush()
    if name == "br":
        return brotli.compress(data, quality=5)
    return zstandard.ZstdCompressor(level=3).compress(data)


class _Sink:
    """Collects output; raises BodyTooLarge as soon as it holds more than `limit` bytes."""

    __slots__ = ("chunks", "limit", "size")

    def __init__(self, limit: int):
        self.limit = limit
        self.size = 0
        self.chunks: list[bytes] = []

    def room(self) -> int:
        """How much more output to ask for: one byte past the limit is enough to know it is exceeded."""
        return self.limit - self.size + 1

    def add(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if self.size > self.limit:
            raise BodyTooLarge(self.limit)
        self.chunks.append(chunk)

    def value(self) -> bytes:
        return b"".join(self.chunks)


def _inflate_all(d, data: bytes, sink: _Sink, name: str) -> bytes:
    """Run a zlib decompressobj over `data` with bounded output; returns the bytes after its stream."""
    while True:
        ask = min(sink.room(), _ZLIB_STEP)  # small steps: zlib briefly holds twice what it returns
        chunk = d.decompress(data, ask)
        sink.add(chunk)
        data = d.unconsumed_tail
        if d.eof or (not data and len(chunk) < ask):
            break
    if not d.eof:
        raise BodyError(f"{name} body is truncated")
    return d.unused_data


_GZIP_TEXT_FLAGS = 0x04 | 0x08 | 0x10  # FEXTRA, FNAME, FCOMMENT (RFC 1952)


def _gunzip(raw: bytes, sink: _Sink) -> None:
    if not raw.startswith(b"\x1f\x8b"):  # before reading its flags: plain text has "flags" too
        raise BodyError("gzip body is not gzip data (it does not start with the gzip magic bytes)")
    data = raw
    while True:  # a gzip body may hold several members, like gzip.decompress accepts
        if len(data) > 3 and data[3] & _GZIP_TEXT_FLAGS:
            # Bytes that leave with the body but that no decoder gives back: never scanned, and a server that keeps
            # the body as sent (storage) keeps them. `gzip -n`, and every HTTP client, writes none.
            raise BodyError("gzip body carries a file name, comment or extra field (compress without them: gzip -n)")
        data = _inflate_all(zlib.decompressobj(16 + zlib.MAX_WBITS), data, sink, "gzip")
        if not data.strip(b"\0"):  # trailing zero padding is tolerated, as by the gzip module
            return
        if not data.startswith(b"\x1f\x8b"):
            raise BodyError("gzip body has trailing data after its end")


def _inflate_deflate(raw: bytes, sink: _Sink) -> None:
    try:
        d = zlib.decompressobj(zlib.MAX_WBITS)
        d.decompress(raw[:2])  # only the zlib header: tells zlib-wrapped from raw deflate
    except zlib.error:
        d = zlib.decompressobj(-zlib.MAX_WBITS)
    else:
        d = zlib.decompressobj(zlib.MAX_WBITS)
    if _inflate_all(d, raw, sink, "deflate"):
        raise BodyError("deflate body has trailing data after its end")


_ZSTD_SKIPPABLE = 0x184D2A50  # RFC 8878: 0x184D2A5? frames carry user data decoders skip

_BROTLI_HAS_LIMIT = hasattr(brotli.Decompressor(), "can_accept_more_data")


def _unbrotli(raw: bytes, sink: _Sink) -> None:
    d = brotli.Decompressor()
    if _BROTLI_HAS_LIMIT:
        for i in range(0, len(raw), _CHUNK):
            sink.add(d.process(raw[i:i + _CHUNK], output_buffer_limit=sink.room()))
            while not d.can_accept_more_data():
                sink.add(d.process(b"", output_buffer_limit=sink.room()))
    else:
        for i in range(0, len(raw), _BROTLI_STEP):
            sink.add(d.process(raw[i:i + _BROTLI_STEP]))
    if not d.is_finished():
        raise BodyError("br body is truncated")


def _unzstd(raw: bytes, sink: _Sink) -> None:
    data = raw
    while data:  # one decompressobj per zstd frame; a body may hold several
        if len(data) >= 4 and int.from_bytes(data[:4], "little") & 0xFFFFFFF0 == _ZSTD_SKIPPABLE:
            raise BodyError("zstd body holds a skippable frame (data no decoder gives back)")
        d = zstandard.ZstdDecompressor(max_window_size=ZSTD_MAX_WINDOW).decompressobj()
        rest = b""
        for i in range(0, len(data), _ZSTD_STEP):
            sink.add(d.decompress(data[i:i + _ZSTD_STEP]))
            if d.eof:
                rest = d.unused_data + data[i + _ZSTD_STEP:]
                break
        else:
            raise BodyError("zstd body is truncated")
        data = rest
