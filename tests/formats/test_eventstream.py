"""AWS event-stream framing: parsing in any split, re-framing, and refusing what does not check out."""

from __future__ import annotations

import base64
import json
import struct
import zlib

import pytest

from addons.formats import eventstream as es

HEADERS = [(":event-type", 7, b"chunk"), (":content-type", 7, b"application/json"), ("flag", 0, True),
           ("off", 1, False), ("b", 2, b"\x01"), ("s", 3, b"\x00\x02"), ("i", 4, b"\x00\x00\x00\x03"),
           ("l", 5, b"\x00" * 7 + b"\x04"), ("raw", 6, b"\x00\xff"), ("t", 8, b"\x00" * 8), ("u", 9, b"\x07" * 16)]


def wrapped(event: dict) -> bytes:
    return json.dumps({"bytes": base64.b64encode(json.dumps(event).encode()).decode(), "p": "abc"}).encode()


def test_every_split_gives_the_same_messages():
    body = es.encode(HEADERS, wrapped({"type": "x", "text": "hello"})) + es.encode(HEADERS[:1], b'{"a": 1}')
    for cut in range(len(body) + 1):
        p = es.EventStreamParser()
        msgs = p.feed(body[:cut]) + p.feed(body[cut:]) + p.finish()
        assert [m.raw for m in msgs] == [body[:len(msgs[0].raw)], body[len(msgs[0].raw):]]
        assert msgs[0].headers == HEADERS and msgs[0].header(":event-type") == "chunk"
        assert msgs[0].wrapped and json.loads(msgs[0].inner_json()) == {"type": "x", "text": "hello"}
        assert not msgs[1].wrapped and msgs[1].inner_json() == '{"a": 1}'


def test_rebuild_rewraps_and_recomputes_checksums():
    (m,) = es.EventStreamParser().feed(es.encode(HEADERS, wrapped({"text": "secret"})))
    (again,) = es.EventStreamParser().feed(es.rebuild(m, '{"text":"[MASKED]"}'))
    assert again.headers == HEADERS and json.loads(again.inner_json()) == {"text": "[MASKED]"}
    assert json.loads(again.payload)["p"] == "abc"  # the wrapper's other fields stay


@pytest.mark.parametrize("damage", ["prelude", "message", "length"])
def test_bad_framing_is_refused(damage):
    body = bytearray(es.encode(HEADERS, b"{}"))
    if damage == "prelude":
        body[1] ^= 1
    elif damage == "message":
        body[-6] ^= 1
    else:
        body[:12] = struct.pack(">II", 3, 0) + struct.pack(">I", zlib.crc32(struct.pack(">II", 3, 0)))
    with pytest.raises(es.EventStreamError):
        es.EventStreamParser().feed(bytes(body))


def test_a_stream_cut_inside_a_message_is_refused():
    p = es.EventStreamParser()
    assert p.feed(es.encode(HEADERS, b"{}")[:-3]) == []
    with pytest.raises(es.EventStreamError):
        p.finish()


def test_exception_frame_is_what_sdks_raise_from():
    (m,) = es.EventStreamParser().feed(es.exception_frame("exitguard_blocked", "stopped"))
    assert m.header(":message-type") == "exception" and m.header(":exception-type") == "exitguard_blocked"
    assert json.loads(m.payload) == {"message": "stopped"}
