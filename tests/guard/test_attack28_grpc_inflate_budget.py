"""attack28: attack27's one inflation budget per body (1 MiB for all its compressed gRPC frames) refused an ordinary
compressed gRPC request whose message is larger: a picture or a document of 1.5 MB in a gzip'd frame (it hardly
compresses: the frame is as large as the message) to a guarded host was answered 403 as a scan that did not finish,
while the same message in an uncompressed frame, or a stylesheet of that size, passes (max_body_bytes is 10 MiB).
The bomb the bound is for inflates far past its input; a frame that inflates to no more than a few times the body
is not one."""

from __future__ import annotations

import gzip
import random

import pytest

from addons.core import runtime
from tests.guard.support import guard_chain, posted_as


@pytest.fixture(scope="module")
def defaults(tmp_path_factory) -> runtime.Runtime:
    """The default policy (max_body_bytes 10 MiB) and the shipped rules."""
    folder = tmp_path_factory.mktemp("attack28-grpc")
    return runtime.build(None, [str(runtime.DEFAULT_RULES_DIR)], folder / "fingerprint.key")


@pytest.fixture
def chain(defaults):
    with guard_chain(defaults) as tctx:
        yield tctx


def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        byte, n = n & 0x7F, n >> 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def grpc_frame(message: bytes, compressed: bool) -> bytes:
    payload = gzip.compress(message, mtime=0) if compressed else message
    return bytes([1 if compressed else 0]) + len(payload).to_bytes(4, "big") + payload


def picture_message(size: int) -> bytes:
    """A protobuf of a name and a picture's bytes (random: a JPEG does not compress either)."""
    picture = random.Random(2828).randbytes(size)
    name = b"holiday.jpg"
    return b"\x0a" + _varint(len(name)) + name + b"\x12" + _varint(len(picture)) + picture


@pytest.mark.parametrize("compressed", [False, True], ids=["plain_frame", "gzip_frame"])
async def test_a_compressed_grpc_message_of_a_few_megabytes_is_relayed_unchanged(chain, compressed):
    body = grpc_frame(picture_message(1_500_000), compressed)
    flow, upstream = await posted_as(chain, "application/grpc", body)
    assert upstream.received, flow.response and flow.response.text[:300]
    assert upstream.received[0].raw_content == body
