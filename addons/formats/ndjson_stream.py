"""Incremental NDJSON (JSON lines) stream parser, as used by Ollama's /api/chat and /api/generate.
Pure, no mitmproxy import. One line = one record; pieces of bytes do not line up with lines.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class NDJSONRecord:
    raw: bytes  # the exact bytes, line ending included (may lack it at end of stream)
    text: str  # the line without its ending; "" for a blank line

    @property
    def ending(self) -> bytes:
        return self.raw[len(self.raw.rstrip(b"\r\n")):]

    def __repr__(self) -> str:  # the line may hold a secret
        return f"NDJSONRecord(<{len(self.raw)} bytes>)"


def serialize(record: NDJSONRecord, text: str) -> bytes:
    return text.encode("utf-8") + (record.ending or b"\n")


class NDJSONParser:
    def __init__(self) -> None:
        self._buf = bytearray()

    @property
    def pending_bytes(self) -> int:
        return len(self._buf)

    def feed(self, data: bytes) -> list[NDJSONRecord]:
        self._buf += data
        end = self._buf.rfind(b"\n")
        if end < 0:
            return []
        chunk = bytes(self._buf[:end + 1])
        del self._buf[:end + 1]
        return [_record(line) for line in chunk.splitlines(keepends=True)]

    def finish(self) -> list[NDJSONRecord]:
        rest, self._buf = bytes(self._buf), bytearray()
        return [_record(rest)] if rest else []


def _record(line: bytes) -> NDJSONRecord:
    return NDJSONRecord(line, line.rstrip(b"\r\n").decode("utf-8", "replace"))
