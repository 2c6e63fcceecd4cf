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

import pytest
import zstandard

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


async def test_plain_gzip_and_zstd_bodies_still_pass(chain):
    for encoding, body in (("gzip", gzip.compress(CONTENT)), ("zstd", zstandard.ZstdCompressor().compress(CONTENT))):
        upstream = Upstream()
        flow = compressed_flow(body, encoding)
        await exchange(chain, flow, upstream)
        (sent,) = upstream.received
        assert sent.raw_content == body
