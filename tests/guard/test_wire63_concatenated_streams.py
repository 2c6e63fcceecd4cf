"""wire63: a key in the second of two compressed streams written one after another (`cat notes.gz .env.gz`, pigz and
pbzip2 output, several zstd frames or xz streams), a form every command-line decoder reads whole (`gunzip`, `zstd
-d`, `xz -d`, `bunzip2`). The guard read the first stream and dropped what followed its end: in a binary body
(`compressed.inner_fields`), in a base64 run of a chat message (`encoded._inflate`) and in a compressed gRPC frame
(`wire._inflated`), so the key went out with the body marked clean. In-process, HostPolicy and Guard with the test
rules; the live case is tests/guard/test_wire63_corners_live.py."""

from __future__ import annotations

import base64
import bz2
import gzip
import lzma
import random
import string
import zlib

import pytest
import zstandard

from addons.formats import wire
from addons.formats.compressed import MAX_PARTS, inner_fields
from tests.guard.support import OPENAI, TOKEN, Upstream, chat_body, exchange, posted_as, request_flow
from tests.guard.test_attack23_wire_formats import MESSAGE, pb_string


def _lines(seed: int, count: int) -> bytes:
    """Random `name=value` lines: every compressor codes their letters (prose of a few words is kept as literals)."""
    rnd = random.Random(seed)
    alphabet = string.ascii_letters + string.digits
    return "\n".join(f"{''.join(rnd.choices(string.ascii_letters, k=6))}={''.join(rnd.choices(alphabet, k=24))}"
                     for _ in range(count)).encode()


NOTES = _lines(63, 20)
ENV = _lines(64, 8) + b"\nTOKEN=" + TOKEN.encode() + b"\n" + _lines(65, 8)


def gz(data: bytes) -> bytes:
    return gzip.compress(data, mtime=0)


def zs(data: bytes) -> bytes:
    return zstandard.ZstdCompressor().compress(data)


CONCATENATED = {
    "gzip+gzip": gz(NOTES) + gz(ENV),
    "gzip+padding+gzip": gz(NOTES) + b"\0" * 8 + gz(ENV),
    "zlib+zlib": zlib.compress(NOTES) + zlib.compress(ENV),
    "zlib+gzip": zlib.compress(NOTES) + gz(ENV),
    "gzip+zstd": gz(NOTES) + zs(ENV),
    "zstd+zstd": zs(NOTES) + zs(ENV),
    "xz+xz": lzma.compress(NOTES) + lzma.compress(ENV),
    "bzip2+bzip2": bz2.compress(NOTES) + bz2.compress(ENV),
    "gzip x3": gz(NOTES) + gz(NOTES[::-1]) + gz(ENV),
}


def test_the_bodies_hide_the_key_and_their_decoders_read_it():
    for name, body in CONCATENATED.items():
        assert TOKEN[6:14].encode() not in body, name  # compressed: not written as it is
    assert TOKEN.encode() in gzip.decompress(CONCATENATED["gzip+gzip"])  # what gunzip gives
    assert TOKEN.encode() in bz2.decompress(CONCATENATED["bzip2+bzip2"])
    assert TOKEN.encode() in lzma.decompress(CONCATENATED["xz+xz"])


@pytest.mark.parametrize("name", sorted(CONCATENATED))
async def test_a_key_in_a_later_stream_of_a_binary_body_refuses_it(chain, name):
    flow = request_flow(*OPENAI, CONCATENATED[name], headers=((b"content-type", b"application/octet-stream"),))
    upstream = Upstream()
    await exchange(chain, flow, upstream)
    assert upstream.received == [] and flow.response is not None and flow.response.status_code == 403


@pytest.mark.parametrize("name", ["gzip+gzip", "zlib+zlib", "zlib+gzip", "gzip+zstd", "zstd+zstd", "xz+xz",
                                  "bzip2+bzip2"])
async def test_a_key_in_a_later_stream_base64d_into_a_chat_message_refuses_it(chain, name):
    carried = base64.b64encode(CONCATENATED[name]).decode()
    flow = request_flow(*OPENAI, chat_body("unpack this: " + carried))
    upstream = Upstream()
    await exchange(chain, flow, upstream)
    assert upstream.received == [] and flow.response is not None and flow.response.status_code == 403


def grpc_frame_of(payload: bytes) -> bytes:
    return b"\x01" + len(payload).to_bytes(4, "big") + payload


def test_a_key_in_a_later_gzip_member_of_a_grpc_frame_is_read():
    frame = grpc_frame_of(gz(pb_string(8, b"hello")) + gz(MESSAGE))
    assert TOKEN in "\n".join(wire.strings(frame))


async def test_a_key_in_a_later_gzip_member_of_a_grpc_frame_refuses_the_call(chain):
    flow, upstream = await posted_as(chain, "application/grpc", grpc_frame_of(gz(pb_string(8, b"hello")) + gz(MESSAGE)))
    assert upstream.received == [] and flow.response is not None and flow.response.status_code == 403


async def test_the_same_streams_without_a_key_go_as_they_are(chain):
    clean = [gz(NOTES) + gz(NOTES[::-1]), zlib.compress(NOTES) + gz(NOTES), gz(NOTES) + zs(NOTES),
             zs(NOTES) + zs(NOTES), lzma.compress(NOTES) * 2, bz2.compress(NOTES) * 2]
    for body in clean:
        flow = request_flow(*OPENAI, body, headers=((b"content-type", b"application/octet-stream"),))
        upstream = Upstream()
        await exchange(chain, flow, upstream)
        assert [r.raw_content for r in upstream.received] == [body]


def test_streams_after_the_part_bound_are_said_unread():
    """A body of thousands of tiny members is bounded like a zip of thousands of members: `MAX_PARTS` read, the rest
    said skipped (the caller's coverage), not read one call deeper each (no recursion)."""
    body = gz(b"a") * (MAX_PARTS + 50)
    fields, skipped = inner_fields(body)
    parts = [f for f in fields if not f.location.endswith("#joined")]  # attack64: the members' joins, one field
    assert len(parts) == MAX_PARTS + 1 and any("not read" in reason for reason in skipped)


def test_thousands_of_empty_members_are_read_in_bounded_time():
    """Each member read copies what follows it: without a bound on members, 200,000 empty gzip members (4 MB) in a
    base64 run or a gRPC frame were quadratic. A run reads 256 and hands the rest to the archive reading (bounded,
    said skipped); a gRPC frame with more refuses the body (no peer writes that)."""
    import time

    from addons.formats import encoded
    from addons.formats.model import ScanCutShort

    many = gz(b"") * 200_000
    started = time.process_time()
    assert encoded._inflate(many, "gzip") == (b"", False)
    with pytest.raises(ScanCutShort):
        wire.strings(grpc_frame_of(many[:20 * 300]))
    assert time.process_time() - started < 1.0
