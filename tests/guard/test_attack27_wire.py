"""attack27: hostile bodies for the wire-format reader (formats/wire.py).

A compressed gRPC frame that inflates past the reader's bound was taken for 'not gRPC', so its values were never
read: a key in a frame of 1 MiB + 1 inflated was sent. And every frame had its own bound with none for the body: a
64 KiB body of 64 frames, each 1 KiB of gzip inflating to 1 MiB, cost ~10 s of CPU (a 1 MiB body of them minutes)."""

from __future__ import annotations

import pytest

from addons.formats import wire
from tests.guard.support import posted_as, recorded_request_body
from tests.guard.test_attack23_wire_formats import KEY, MESSAGE, grpc_frame

MIB = 1 << 20


def padded_message(size: int) -> bytes:
    """MESSAGE, then a protobuf field of filler bytes: ``size`` bytes in all."""
    filler = size - len(MESSAGE) - 1 - 3
    assert filler >= 1 << 14
    length = bytes([filler & 0x7F | 0x80, filler >> 7 & 0x7F | 0x80, filler >> 14])
    return MESSAGE + bytes([0x12]) + length + b"z" * filler


async def test_a_key_in_a_frame_that_inflates_past_the_bound_is_not_sent(chain):
    body = grpc_frame(padded_message(MIB + 1), compressed=True)
    assert len(body) < 4096
    flow, upstream = await posted_as(chain, "application/grpc", body)
    assert not upstream.received and flow.response.status_code == 403, flow.response.content[:300]
    assert KEY not in recorded_request_body(flow)


def bomb_frames(count: int) -> bytes:
    """``count`` gRPC frames, each ~1 KiB of gzip that inflates to 1 MiB of one protobuf field."""
    frame = grpc_frame(bytes([0x0A, 0xF6, 0xFF, 0x3F]) + b"a" * (MIB - 10), compressed=True)
    return frame * count


async def test_frames_that_inflate_past_the_body_budget_together_refuse_it(chain):
    body = bomb_frames(2)
    assert len(body) < 4096
    flow, upstream = await posted_as(chain, "application/grpc", body)
    assert not upstream.received and flow.response.status_code == 403
    assert b"exitguard_scan_incomplete" in flow.response.content


def test_the_budget_is_one_for_every_reading_of_a_body():
    """Multipart parts, zip members and base64 runs are read within the body's budget, not one each."""
    from addons.formats import open_body
    from addons.formats.model import ScanCutShort

    frame = bomb_frames(1)
    part = b"--b\r\ncontent-type: application/grpc\r\n\r\n" + frame + b"\r\n"
    parts = part * 3 + b"--b--\r\n"
    with pytest.raises(ScanCutShort):  # three parts of 1 MiB each would be 3 MiB read in all
        open_body("multipart/form-data; boundary=b", parts)
    assert wire.strings(frame)  # one frame alone is within the budget


def test_an_ordinary_compressed_frame_is_read():
    message = MESSAGE + b"\x12\x05hello"
    assert KEY.decode() in wire.strings(grpc_frame(message, compressed=True))


def test_base64_runs_of_frames_share_the_budget():
    import base64

    from addons.formats import encoded
    from addons.formats.model import Field, ScanCutShort

    run = base64.b64encode(bomb_frames(1)).decode()
    try:
        encoded.expand([Field("$.a", run, "text"), Field("$.b", run, "text")])
    except ScanCutShort:
        return
    raise AssertionError("two runs of 1 MiB each were read")


GLUED = bytes([0x0A, 84]) + KEY + b" " + b"x" * (84 - len(KEY) - 1)  # length 84: `T` glued before the key


def test_a_key_after_a_hundred_thousand_values_is_read():
    """The reading kept 100,000 values and dropped the rest without a word: a key glued after them was sent."""
    body = bytes([0x0A, 1, 0x61]) * 100_001 + GLUED
    assert KEY.decode() in "\n".join(wire.strings(body))


def test_a_protobuf_nested_in_itself_refuses_rather_than_keeping_every_level():
    """Printable bytes nested 47 deep in 126: each level's bytes are a value again (~29 characters a byte kept and
    scanned). Past 4 characters a byte the reading stops and the body is refused."""
    from addons.formats.model import ScanCutShort

    block = b"x" * 32
    while len(block) + 2 <= 127:
        block = b"\n" + bytes([len(block)]) + block
    try:
        wire.strings(block * 2000)
    except ScanCutShort:
        return
    raise AssertionError("kept every level")


def test_ordinary_nesting_is_read_whole():
    """A chat request's shape (content { parts { text } role }) nested a few levels: every value kept."""
    from tests.guard.test_attack23_wire_formats import pb_string

    part = pb_string(1, b"a prompt of some length, " * 3)
    content = pb_string(1, part) + pb_string(2, b"user")
    body = b"".join(pb_string(1, content) for _ in range(200))
    values = wire.strings(body)
    assert values.count("user") == 200
