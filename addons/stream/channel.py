"""A channel of a streamed answer: one output text (the answer, a tool call's arguments, a field keyed by its
JSON path), what of it was received, released and sent, and the state the masker keeps for it."""

from __future__ import annotations

import bisect


class Channel:
    """One output text: everything received, how much of it was sent, and what was sent for it."""

    def __init__(self, name: str, is_json: bool) -> None:
        self.name = name
        self.is_json = is_json
        self.text = ""  # received text from offset `base` on (older text is dropped once sent)
        self.base = 0
        self.emitted = 0  # absolute offset up to which text was released
        self.raw_parts: list[str] = []  # everything received, to recognise `.done` events that repeat it
        self.masked_parts: list[str] = []  # everything released, masked
        self.template: tuple | None = None  # (SSE event or None, event object, slot) of the last text event
        self.json_state = (False, False)  # (inside a JSON string, after a backslash) at `emitted`
        self.handled: list[tuple[int, int]] = []  # absolute spans of the findings already handled
        # Absolute spans of sent text that a re-scan read as a value but its whole line, read again, does not:
        # the window's start had cut off a word the verdict reads (masker._found_on_its_line).
        self.no_value_on_the_line: set[tuple[int, int]] = set()
        self.joins: list[int] = []  # absolute offsets where a fragment (event, message) met the one before
        # WebSocket messages (hold58): the absolute offsets up to which a message's end released the text, settling the
        # value before its word there (masker.message_end_safe_end): a later message completing one is noted, not fatal.
        self.settled_at: list[int] = []
        self.anchor = 0  # absolute offset from which a value-rule match may still be open (ValueHoldback.hold)
        # Field channels (any other string of an event, SSE comment/event/id lines): how values combine.
        self.mode: str | None = None  # None: one value seen; "cumulative": each value repeats the text so far
        self.whole: str | None = None  # the text so far while the channel may still be cumulative
        self.last: tuple[str, str] | None = None  # (value, what was sent for it): an exact repeat adds nothing
        self._masked: tuple[int, str] = (0, "")

    def handled_overlaps(self, start: int, end: int) -> bool:
        return self.handled_end(start, end) is not None

    def handled_end(self, start: int, end: int) -> int | None:
        """The furthest end of the handled findings that overlap the absolute span [start, end); None: none does."""
        ends = [e for s, e in self.handled if e > self.base and s < end and start < e]
        return max(ends) if ends else None

    def crosses_a_join(self, start: int, end: int) -> bool:
        """Whether the absolute span [start, end) holds text of two fragments or more."""
        i = bisect.bisect_right(self.joins, start)
        return i < len(self.joins) and self.joins[i] < end

    @property
    def end(self) -> int:
        return self.base + len(self.text)

    def raw_full(self) -> str:
        return "".join(self.raw_parts)

    def masked_full(self) -> str:
        if self._masked[0] != len(self.masked_parts):  # cumulative channels ask on every event
            self._masked = (len(self.masked_parts), "".join(self.masked_parts))
        return self._masked[1]
