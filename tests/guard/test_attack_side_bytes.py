"""Attack (attack3): bytes that leave with a compressed body but that no decoder gives back. A gzip member's file
name, comment and extra field (RFC 1952) and a zstd skippable frame (RFC 8878) were skipped by the decoder, so the
guard scanned the content, found nothing, marked the body clean and sent it as it was: a server that keeps the body
as sent (object storage with its Content-Encoding) kept the key, and the record kept it raw. Such bodies are now
refused as unparseable (the `unparseable: pass` fallback reads their printable strings)."""

from __future__ import annotations

import gzip
import io
import json
import struct
import zlib

import brotli
import pytest
import zstandard
from mitmproxy import http

from addons.audit import scrub
from addons.core import runtime
from addons.formats import BodyError, decode_content
from tests.guard.support import OPENAI, TOKEN, Upstream, exchange, request_flow

CONTENT = json.dumps({"model": "m", "messages": [{"role": "user", "content": "hello"}]}).encode()


def gzip_with(**header: str) -> bytes:
    """A gzip member whose header carries ``filename`` (FNAME) or, written by hand, a comment or extra field."""
    if "filename" in header:
        buf = io.BytesIO()
        with gzip.GzipFile(filename=header["filename"], mode="wb", fileobj=buf, mtime=0) as g:
            g.write(CONTENT)
        return buf.getvalue()
    body = gzip.compress(CONTENT, mtime=0)
    if "comment" in header:
        return body[:3] + bytes([body[3] | 0x10]) + body[4:10] + header["comment"].encode() + b"\0" + body[10:]
    extra = header["extra"].encode()
    return body[:3] + bytes([body[3] | 0x04]) + body[4:10] + struct.pack("<H", len(extra)) + extra + body[10:]


def zstd_with_skippable_frame(first: bool) -> bytes:
    skippable = struct.pack("<II", 0x184D2A57, len(TOKEN)) + TOKEN.encode()
    frame = zstandard.ZstdCompressor().compress(CONTENT)
    return skippable + frame if first else frame + skippable


BODIES = {
    "gzip file name": ("gzip", gzip_with(filename=TOKEN)),
    "gzip comment": ("gzip", gzip_with(comment=TOKEN)),
    "gzip extra field": ("gzip", gzip_with(extra=TOKEN)),
    "gzip second member's name": ("gzip", gzip.compress(b"", mtime=0) + gzip_with(filename=TOKEN)),
    "zstd skippable frame first": ("zstd", zstd_with_skippable_frame(True)),
    "zstd skippable frame last": ("zstd", zstd_with_skippable_frame(False)),
}


@pytest.mark.parametrize("case", BODIES)
def test_the_bytes_no_decoder_gives_back_are_refused(case):
    encoding, body = BODIES[case]
    assert TOKEN.encode() in body
    with pytest.raises(BodyError):
        decode_content(body, encoding, 1 << 20)


def compressed_flow(body: bytes, encoding: str):
    flow = request_flow(*OPENAI)
    flow.request.headers["content-encoding"] = encoding
    flow.request.raw_content = body  # as the client sent it (``content`` would compress it once more)
    flow.request.headers["content-length"] = str(len(body))
    return flow


@pytest.mark.parametrize("case", BODIES)
async def test_a_key_in_them_is_neither_sent_nor_recorded(chain, case):
    encoding, body = BODIES[case]
    upstream = Upstream()
    flow = compressed_flow(body, encoding)
    await exchange(chain, flow, upstream)
    assert not upstream.received and flow.response.status_code == 400
    assert b"file name, comment or extra field" in flow.response.content or b"skippable" in flow.response.content
    record = scrub.record_copy(flow, runtime.get())
    assert TOKEN.encode() not in record.request.raw_content


def gzip_members_with_mtimes(payload: bytes) -> bytes:
    """CONTENT in one gzip member, then empty members whose 4-byte mtime fields carry `payload` (RFC 1952: no
    decoder gives an mtime back): any number of bytes, four per member, and no header flag set."""
    body = gzip.compress(CONTENT, mtime=0)
    for i in range(0, len(payload), 4):
        member = gzip.compress(b"", mtime=0)
        body += member[:4] + payload[i:i + 4].ljust(4, b"\0") + member[8:]
    return body


def mtimes_of(body: bytes) -> bytes:
    """What the receiver reads back from gzip_members_with_mtimes: every member's mtime field, in order."""
    carried = b""
    while body:
        carried += body[4:8]
        member = zlib.decompressobj(16 + zlib.MAX_WBITS)
        member.decompress(body)
        body = member.unused_data
    return carried


def readable(raw: bytes) -> bool:
    """Whether TOKEN can be read back from a body's bytes: as they are, or from its gzip members' mtimes."""
    return TOKEN.encode() in raw or (raw[:2] == b"\x1f\x8b" and TOKEN.encode() in mtimes_of(raw))


class _Bits:
    """A little-endian bit writer, as brotli packs its stream (RFC 7932 section 1.5.1)."""

    def __init__(self) -> None:
        self.value, self.size = 0, 0

    def put(self, value: int, width: int) -> None:
        self.value |= value << self.size
        self.size += width

    def align(self) -> None:
        self.size += -self.size % 8

    def raw(self, data: bytes) -> None:
        self.align()
        for byte in data:
            self.put(byte, 8)

    def bytes(self) -> bytes:
        self.align()
        return self.value.to_bytes(self.size // 8, "little")


def brotli_with_metadata(metadata: bytes) -> bytes:
    """CONTENT as a brotli stream written by hand (RFC 7932 section 9.2): a metadata meta-block holding `metadata`
    (the decoder skips it and says nothing), one uncompressed meta-block with CONTENT, an empty last one."""
    bits = _Bits()
    bits.put(0, 1)  # WBITS 16
    bits.put(0, 1)  # ISLAST 0
    bits.put(3, 2)  # MNIBBLES 0: a metadata block
    bits.put(0, 1)  # reserved
    bits.put(1, 2)  # MSKIPBYTES 1
    bits.put(len(metadata) - 1, 8)  # MSKIPLEN - 1
    bits.raw(metadata)
    bits.put(0, 1)  # ISLAST 0
    bits.put(0, 2)  # MNIBBLES 4
    bits.put(len(CONTENT) - 1, 16)  # MLEN - 1
    bits.put(1, 1)  # ISUNCOMPRESSED
    bits.raw(CONTENT)
    bits.put(1, 1)  # ISLAST
    bits.put(1, 1)  # ISLASTEMPTY
    return bits.bytes()


SILENT = {
    "gzip mtimes of empty members": ("gzip", gzip_members_with_mtimes(TOKEN.encode())),
    "brotli metadata block": ("br", brotli_with_metadata(TOKEN.encode())),
}


@pytest.mark.parametrize("case", SILENT)
def test_the_bytes_no_decoder_reports_decode_to_the_content_alone(case):
    """Unlike the cases above, a decoder gives no sign of these: the body decodes, to CONTENT alone."""
    encoding, body = SILENT[case]
    assert readable(body)
    assert decode_content(body, encoding, 1 << 20) == CONTENT


@pytest.mark.parametrize("direction", ["request", "response"])
@pytest.mark.parametrize("case", SILENT)
async def test_a_compressed_body_leaves_and_is_recorded_re_encoded_from_what_was_scanned(chain, case, direction):
    """Attack (session 8): the guard found nothing in the content and passed the body as it was, so a key in its
    mtimes or metadata block reached the upstream (or the agent) and the record. A compressed body now leaves as
    the canonical encoding of its decoded bytes (mitmproxy's encoder: no mtime, no metadata)."""
    encoding, body = SILENT[case]
    upstream = Upstream()
    if direction == "request":
        flow = compressed_flow(body, encoding)
    else:
        flow = request_flow(*OPENAI)
        upstream.reply = http.Response.make(200, b"", {"content-type": "application/json",
                                                       "content-encoding": encoding})
        upstream.reply.raw_content = body
    await exchange(chain, flow, upstream)
    (sent,) = upstream.received
    message = sent if direction == "request" else flow.response
    assert flow.response.status_code == 200
    assert not readable(message.raw_content)
    assert decode_content(message.raw_content, message.headers["content-encoding"], 1 << 20) == CONTENT
    assert message.headers["content-length"] == str(len(message.raw_content))
    record = scrub.record_copy(flow, runtime.get())
    recorded = record.request if direction == "request" else record.response
    assert not readable(recorded.raw_content)


@pytest.mark.parametrize("case", SILENT)
async def test_report_only_mode_sends_the_bytes_as_they_were_but_records_them_re_encoded(chain, installed, case):
    installed("report")
    encoding, body = SILENT[case]
    upstream = Upstream()
    flow = compressed_flow(body, encoding)
    await exchange(chain, flow, upstream)
    (sent,) = upstream.received
    assert sent.raw_content == body  # report-only mode changes no byte
    record = scrub.record_copy(flow, runtime.get())
    assert not readable(record.request.raw_content)
    assert decode_content(record.request.raw_content, encoding, 1 << 20) == CONTENT


async def test_plain_compressed_bodies_still_pass_with_their_content(chain):
    for encoding, body in (("gzip", gzip.compress(CONTENT)), ("zstd", zstandard.ZstdCompressor().compress(CONTENT)),
                           ("br", brotli.compress(CONTENT)), ("deflate", zlib.compress(CONTENT))):
        upstream = Upstream()
        flow = compressed_flow(body, encoding)
        await exchange(chain, flow, upstream)
        (sent,) = upstream.received
        assert sent.headers["content-encoding"] == encoding
        assert decode_content(sent.raw_content, encoding, 1 << 20) == CONTENT
        if encoding == "gzip":
            assert body[4:8] != b"\0\0\0\0" and sent.raw_content[4:8] == b"\0\0\0\0"  # the client's mtime: gone
