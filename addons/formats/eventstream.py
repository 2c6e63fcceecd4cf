"""AWS event stream framing (`application/vnd.amazon.eventstream`, Bedrock's *-stream answers). Pure.

A message is: prelude (total length u32, headers length u32, CRC32 of those 8 bytes), headers, payload,
CRC32 of everything before it. Bedrock's `InvokeModelWithResponseStream` payload is JSON whose `bytes` field
holds the model's own event (JSON) in base64; `ConverseStream` payloads are the event JSON itself.
`EventStreamParser.feed` returns complete messages; a bad CRC or length raises `EventStreamError` (the
stream is then ended: bytes that cannot be framed cannot be inspected).
"""

from __future__ import annotations

import base64
import binascii
import json
import struct
import zlib
from dataclasses import dataclass, field

PRELUDE = 12
MAX_MESSAGE = 16 * 1024 * 1024  # the AWS limit; longer is a framing error, not a long event
_FIXED = {2: 1, 3: 2, 4: 4, 5: 8, 8: 8, 9: 16}  # header value types with a fixed size (byte .. uuid)


class EventStreamError(ValueError):
    """The bytes are not valid event-stream framing. The message holds no payload data."""


@dataclass
class EventStreamMessage:
    raw: bytes
    headers: list[tuple[str, int, bytes | bool]] = field(default_factory=list)  # (name, type, value bytes)
    payload: bytes = b""

    def header(self, name: str) -> str | None:
        for n, kind, value in self.headers:
            if n == name and kind == 7 and isinstance(value, bytes):
                return value.decode("utf-8", "replace")
        return None

    def __repr__(self) -> str:  # the payload may be a secret
        return f"EventStreamMessage({self.header(':event-type')!r}, <{len(self.raw)} bytes>)"

    @property
    def wrapped(self) -> bool:
        """The payload is {"bytes": base64(event JSON)} (InvokeModelWithResponseStream)."""
        return _wrapper(self.payload) is not None

    def inner_json(self) -> str | None:
        """The event's JSON text (unwrapped from `bytes`), or None if the payload is not JSON."""
        wrapper = _wrapper(self.payload)
        data = self.payload if wrapper is None else wrapper[1]
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return None


def _wrapper(payload: bytes) -> tuple[dict, bytes] | None:
    try:
        obj = json.loads(payload)
    except ValueError:
        return None
    if not isinstance(obj, dict) or not isinstance(obj.get("bytes"), str):
        return None
    try:
        return obj, base64.b64decode(obj["bytes"], validate=True)
    except binascii.Error:
        raise EventStreamError("a `bytes` field is not base64") from None


def encode(headers: list[tuple[str, int, bytes | bool]], payload: bytes) -> bytes:
    head = b"".join(_encode_header(*h) for h in headers)
    total = PRELUDE + len(head) + len(payload) + 4
    prelude = struct.pack(">II", total, len(head))
    prelude += struct.pack(">I", zlib.crc32(prelude))
    body = prelude + head + payload
    return body + struct.pack(">I", zlib.crc32(body))


def rebuild(message: EventStreamMessage, event_json: str) -> bytes:
    """The message with its event replaced (re-wrapped in base64 `bytes` if it was), CRCs recomputed."""
    data = event_json.encode("utf-8")
    wrapper = _wrapper(message.payload)
    if wrapper is not None:
        outer = dict(wrapper[0], bytes=base64.b64encode(data).decode("ascii"))
        data = json.dumps(outer, separators=(",", ":")).encode()
    return encode(message.headers, data)


def exception_frame(code: str, text: str) -> bytes:
    """What AWS sends when a stream fails: an `exception` message the SDKs raise from."""
    headers: list[tuple[str, int, bytes | bool]] = [
        (":message-type", 7, b"exception"), (":exception-type", 7, code.encode()),
        (":content-type", 7, b"application/json")]
    return encode(headers, json.dumps({"message": text}).encode())


def _encode_header(name: str, kind: int, value: bytes | bool) -> bytes:
    raw = name.encode()
    out = bytes([len(raw)]) + raw + bytes([kind])
    if kind in (0, 1):
        return out
    assert isinstance(value, bytes)
    if kind in (6, 7):
        return out + struct.pack(">H", len(value)) + value
    return out + value


class EventStreamParser:
    def __init__(self) -> None:
        self._buf = bytearray()

    @property
    def pending_bytes(self) -> int:
        return len(self._buf)

    def feed(self, data: bytes) -> list[EventStreamMessage]:
        self._buf += data
        out = []
        while len(self._buf) >= PRELUDE:
            total, head_len, crc = struct.unpack_from(">III", self._buf)
            if zlib.crc32(self._buf[:8]) != crc:
                raise EventStreamError("bad prelude checksum")
            if total > MAX_MESSAGE or total < PRELUDE + head_len + 4:
                raise EventStreamError("bad message length")
            if len(self._buf) < total:
                break
            raw = bytes(self._buf[:total])
            del self._buf[:total]
            if zlib.crc32(raw[:-4]) != struct.unpack(">I", raw[-4:])[0]:
                raise EventStreamError("bad message checksum")
            headers = _headers(raw[PRELUDE:PRELUDE + head_len])
            out.append(EventStreamMessage(raw, headers, raw[PRELUDE + head_len:-4]))
        return out

    def finish(self) -> list[EventStreamMessage]:
        if self._buf:
            raise EventStreamError("the stream ended inside a message")
        return []


def _headers(data: bytes) -> list[tuple[str, int, bytes | bool]]:
    out: list[tuple[str, int, bytes | bool]] = []
    pos = 0
    try:
        while pos < len(data):
            n = data[pos]
            name = data[pos + 1:pos + 1 + n].decode("utf-8")
            kind = data[pos + 1 + n]
            pos += 2 + n
            if kind in (0, 1):
                value: bytes | bool = kind == 0
            elif kind in (6, 7):
                (length,) = struct.unpack_from(">H", data, pos)
                value, pos = data[pos + 2:pos + 2 + length], pos + 2 + length
            elif kind in _FIXED:
                value, pos = data[pos:pos + _FIXED[kind]], pos + _FIXED[kind]
            else:
                raise EventStreamError("unknown header type")
            out.append((name, kind, value))
    except (IndexError, struct.error, UnicodeDecodeError):
        raise EventStreamError("bad headers") from None
    if pos != len(data):
        raise EventStreamError("bad headers")
    return out
