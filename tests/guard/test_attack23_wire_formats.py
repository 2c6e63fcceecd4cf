"""attack23: a key as a string value of a length-prefixed wire format (gRPC and protobuf, as Gemini and Vertex take
them; CBOR; msgpack), where the bytes next to it are printable letters: a CBOR text of 20 bytes has the head `t`, a
protobuf or msgpack length of 84 is `T`, the next field's tag or item is a letter (protobuf field 8 is `B`, msgpack
65 is `A`). The guard read the body's printable runs (or the body as Latin-1 text: a protobuf of printable bytes
sniffs as text), where the key runs into those letters and a rule that ends at a word boundary finds nothing; the
parser hands on exactly the key. CBOR's chunked text and a compressed gRPC frame hid it too. All were sent."""

from __future__ import annotations

import base64
import gzip
import json

import pytest

from addons.formats import wire
from tests.guard.support import TOKEN, posted_as, recorded_request_body, relayed_body

KEY = TOKEN.encode()  # 30 bytes
assert len(KEY) == 30


def pb_string(field: int, value: bytes) -> bytes:
    return bytes([field << 3 | 2, len(value)]) + value


MESSAGE = pb_string(1, KEY) + pb_string(8, b"hello")  # the key, then tag `B` (field 8) glued on
PADDED = pb_string(1, KEY + b" " + b"x" * 53)  # length 84: the head `T` glued before the key
assert PADDED[1:2] == b"T"


def grpc_frame(message: bytes, compressed: bool = False) -> bytes:
    payload = gzip.compress(message, mtime=0) if compressed else message
    return bytes([1 if compressed else 0]) + len(payload).to_bytes(4, "big") + payload


ATTACKS = {
    "protobuf, tag after": ("application/x-protobuf", MESSAGE),
    "protobuf, length before": ("application/x-protobuf", PADDED),
    "protobuf as octet-stream": ("application/octet-stream", PADDED),
    "protobuf, no content type": ("", PADDED),
    "gRPC": ("application/grpc", grpc_frame(MESSAGE)),
    "gRPC, compressed frame": ("application/grpc", grpc_frame(MESSAGE, compressed=True)),
    "gRPC-web text": ("application/grpc-web-text", base64.b64encode(grpc_frame(PADDED))),
    "CBOR map, next key glued": ("application/cbor", b"\xa2\x64note\x78\x1e" + KEY + b"\x61x\x61y"),
    "CBOR chunked text": ("application/cbor", b"\xa1\x64note\x7f\x6a" + KEY[:10] + b"\x74" + KEY[10:] + b"\xff"),
    "msgpack array, int glued": ("application/msgpack", b"\x92\xbe" + KEY + b"\x41"),
    "msgpack str8 of 84": ("application/x-msgpack", b"\x91\xd9\x54" + KEY + b" " + b"y" * 53),
}


@pytest.mark.parametrize("label", sorted(ATTACKS))
async def test_a_key_a_wire_format_parser_hands_on_is_neither_sent_nor_recorded(chain, label):
    flow, upstream = await posted_as(chain, *ATTACKS[label])
    assert not upstream.received and flow.response.status_code == 403
    record = recorded_request_body(flow)
    assert KEY not in record and KEY[10:] not in record


def test_each_reading_gives_the_value_as_the_parser_does():
    assert TOKEN in wire.strings(MESSAGE) and TOKEN in wire.strings(grpc_frame(MESSAGE, compressed=True))
    assert TOKEN in wire.strings(b"\xa1\x64note\x7f\x6a" + KEY[:10] + b"\x74" + KEY[10:] + b"\xff")
    assert wire.strings(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4) == []


UNCHANGED = {
    "protobuf prompt": ("application/x-protobuf",
                        pb_string(1, b"models/gemini-pro") + pb_string(2, pb_string(1, b"what is a monad?"))
                        + b"\x18\x40"),
    "gRPC": ("application/grpc", grpc_frame(pb_string(1, b"summarise the release notes, please"))),
    "CBOR": ("application/cbor", b"\xa2\x64note\x6bhello there\x63age\x18\x2a"),
    "msgpack": ("application/msgpack", b"\x82\xa4note\xabhello there\xa3age\x2a"),
}


@pytest.mark.parametrize("label", sorted(UNCHANGED))
async def test_wire_bodies_without_a_key_go_unchanged(chain, label):
    content_type, body = UNCHANGED[label]
    assert await relayed_body(chain, content_type, body) == body


@pytest.mark.parametrize("content_type", ["", "application/octet-stream", "image/png"])
async def test_json_with_a_key_sent_as_another_type_is_still_masked_in_place(chain, content_type):
    body = json.dumps({"messages": [{"role": "user", "content": f"café résumé: {TOKEN} ok, naïve señor"}]},
                      ensure_ascii=False).encode()
    text = (await relayed_body(chain, content_type, body)).decode()
    assert TOKEN not in text and "[MASKED:test-api-token:" in text and json.loads(text)


# An agent's binary WebSocket messages (msgpack and CBOR are common framings there) are read the same way.
from tests.stream.test_attack21_ws_readings import addon, send  # noqa: E402, F401
from tests.stream.test_attack_password_words import rt  # noqa: E402, F401

AWS = b"AKIA2HLYOSBOHAGKTYZU"  # the shipped rules' key shape: `rt` is the shipped rules' runtime


@pytest.mark.parametrize("message", [b"\x92\xb4" + AWS + b"\x41", b"\xa1\x64note\x74" + AWS,
                                     b"\xa1\x64note\x7f\x69" + AWS[:9] + b"\x6b" + AWS[9:] + b"\xff"],
                         ids=["msgpack", "CBOR", "CBOR chunked"])
async def test_a_key_in_a_binary_websocket_message_of_a_wire_format_does_not_go_on(addon, message):  # noqa: F811
    _, out = await send(addon, [message])
    assert out == [None] or (out[0] is not None and AWS not in out[0] and AWS[9:] not in out[0])
