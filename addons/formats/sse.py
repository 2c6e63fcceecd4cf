"""Incremental server-sent-events parser and serializer. Pure, no mitmproxy import.

Bytes arrive in network-sized pieces that do not line up with events (a line ending, even a CRLF pair
or a multi-byte character, may be split between two pieces). `SSEParser.feed` returns the complete
events seen so far and keeps the rest; `finish` returns what is left at end of stream.

Every block up to a blank line becomes one `SSEEvent`, including comment-only blocks (`: ping`) and
blocks without data: a proxy must pass everything through, not only what the browser API dispatches.
`raw` keeps the exact bytes, so an event that is not changed is sent on byte for byte.
"""

from __future__ import annotations

from dataclasses import dataclass, field

_CR, _LF = 0x0D, 0x0A


@dataclass
class SSEEvent:
    raw: bytes  # the exact bytes of the block, terminating blank line included (may lack it at end of stream)
    lines: list[tuple[str, str]] = field(default_factory=list)  # (field name, value) in order; "" = comment

    @property
    def event(self) -> str | None:
        return self._last("event")

    @property
    def id(self) -> str | None:
        return self._last("id")

    @property
    def retry(self) -> str | None:
        return self._last("retry")

    @property
    def comments(self) -> list[str]:
        return [v for name, v in self.lines if name == ""]

    @property
    def data(self) -> str | None:
        """All `data:` lines joined with "\\n" (the SSE rule), or None when the block has no data line."""
        values = [v for name, v in self.lines if name == "data"]
        return "\n".join(values) if values else None

    def _last(self, name: str) -> str | None:
        for n, v in reversed(self.lines):
            if n == name:
                return v
        return None

    def __repr__(self) -> str:  # data may be a secret
        return f"SSEEvent(event={self.event!r}, <{len(self.raw)} bytes>)"


def parse_line(line: str) -> tuple[str, str]:
    """`name: value` -> (name, value); one space after the colon is dropped; a leading colon is a comment."""
    name, colon, value = line.partition(":")
    if not colon:
        return line, ""
    if value.startswith(" "):
        value = value[1:]
    return name, value


def serialize(event: SSEEvent, data: str | None) -> bytes:
    """The event's lines in their order, with the data lines replaced by ``data`` (split on newlines)."""
    out: list[str] = []
    data_written = False
    for name, value in event.lines:
        if name == "data":
            if not data_written and data is not None:
                out.extend(f"data: {part}" for part in data.split("\n"))
            data_written = True
        elif name == "":
            out.append(f":{value}" if not value or value.startswith(" ") else f": {value}")
        else:
            out.append(f"{name}: {value}")
    if not data_written and data is not None:
        out.extend(f"data: {part}" for part in data.split("\n"))
    return ("\n".join(out) + "\n\n").encode("utf-8")


def make_event(data: str, event: str | None = None) -> bytes:
    """A new event (error frames)."""
    lines = [("event", event)] if event else []
    return serialize(SSEEvent(b"", [*lines, ("data", "")]), data)


class SSEParser:
    def __init__(self) -> None:
        self._buf = bytearray()
        self._pos = 0  # start of the first line not yet consumed
        self._block_start = 0  # start of the current block in _buf
        self._lines: list[tuple[str, str]] = []
        self._first = True

    @property
    def pending_bytes(self) -> int:
        return len(self._buf) - self._block_start

    def feed(self, data: bytes) -> list[SSEEvent]:
        self._buf += data
        if self._first and len(self._buf) >= 3:
            self._first = False
            if self._buf.startswith(b"\xef\xbb\xbf"):  # a UTF-8 BOM may open the stream: drop it
                del self._buf[:3]
        return self._scan(final=False)

    def finish(self) -> list[SSEEvent]:
        """End of stream: an unterminated last block is still returned (the proxy passes it on)."""
        events = self._scan(final=True)
        if self._pos < len(self._buf):  # a last line without a line ending
            self._lines.append(parse_line(self._buf[self._pos:].decode("utf-8", "replace")))
            self._pos = len(self._buf)
        if self._block_start < len(self._buf):
            events.append(SSEEvent(bytes(self._buf[self._block_start:]), self._lines))
        self._buf.clear()
        self._pos = self._block_start = 0
        self._lines = []
        return events

    def _scan(self, final: bool) -> list[SSEEvent]:
        buf, events = self._buf, []
        pos, n = self._pos, len(buf)
        while pos < n:
            lf = buf.find(b"\n", pos)
            cr = buf.find(b"\r", pos, lf if lf >= 0 else n)
            if cr >= 0:
                if cr + 1 == n and not final:
                    break  # a CR at the end may be the first half of CRLF: wait for the next byte
                end, nxt = cr, cr + 2 if cr + 1 < n and buf[cr + 1] == _LF else cr + 1
            elif lf >= 0:
                end, nxt = lf, lf + 1
            else:
                break
            if end == pos:  # blank line: the block is complete
                events.append(SSEEvent(bytes(buf[self._block_start:nxt]), self._lines))
                self._lines = []
                self._block_start = nxt
            else:
                self._lines.append(parse_line(buf[pos:end].decode("utf-8", "replace")))
            pos = nxt
        self._pos = pos
        if self._block_start > 65536:  # compact now and then, not on every call
            del buf[:self._block_start]
            self._pos -= self._block_start
            self._block_start = 0
        return events
