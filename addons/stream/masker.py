"""Mask secrets in a streamed LLM answer while it streams. Pure: no mitmproxy import.

`StreamMasker.feed(bytes) -> list[bytes]` takes the response body in any chunking and returns what may
be sent to the client now; `finish()` flushes at end of stream. Events are parsed (SSE or NDJSON), the
output text of each channel (see formats/stream_shapes.py) is accumulated, and each event is re-sent at
once carrying only the part of its channel's text that is safe (detect/holdback.py), masked. Text that
could still become a secret stays in the channel and goes out with the channel's next event; when the
channel ends, the rest goes out in the event that ends it or, if that event has no text field, in a
copy of the channel's last text event inserted just before it.

A `block` (or `approve`: a stream cannot wait for a person) ends the stream with the API's own error
event and swallows the rest; so do an unparseable event, a hold-back over the cap and any internal
error (fail closed). `sent` holds every byte handed out, `findings`/`coverage` the audit data.
"""

from __future__ import annotations

import bisect
import copy
import json
import logging
from collections.abc import Callable
from typing import Any

from addons.core import placeholders
from addons.core.findings import FindingRecord
from addons.core.inspection import TextResult
from addons.core.vocabulary import Action, Decision
from addons.detect import deadline
from addons.detect.scanner import LOSES_OVERLAPS
from addons.formats import eventstream, ndjson_stream, sse
from addons.formats import stream_shapes as shapes
from addons.stream import context, event_json, ws_messages
from addons.stream.channel import Channel
from addons.stream.context import CONTEXT_CHARS, KEPT_CHARS
from addons.stream.split_fields import FieldJoins, crosses

logger = logging.getLogger(__name__)

DEFAULT_MAX_HOLDBACK = 8192
DEFAULT_MAX_EVENT_BYTES = 16 * 1024 * 1024
WHOLE_CACHE = 256  # distinct whole-scanned values remembered per stream
SETTLED_KEPT = 64  # message ends that settled a channel's text, remembered per channel (Channel.settled_at)
STOPPING_ACTIONS = frozenset({Action.BLOCK, Action.APPROVE})  # a stream cannot wait for a person

InspectText = Callable[..., TextResult]  # Inspector.inspect_text(text, direction, location, groups)
SafeEnd = Callable[[str, int], int]  # Holdback.safe_end(text, start) -> index
ValueHold = Callable[..., tuple[int, int]]  # ValueHoldback.hold(text, start, since, below=...)


class StreamStopped(Exception):
    """Fail closed: end the stream with an error event. The message is shown to the client: no values."""

    def __init__(self, code: str, message: str, decision: str = "block") -> None:
        super().__init__(message)
        self.code, self.message, self.decision = code, message, decision


class StreamMasker:
    def __init__(self, surface: str, inspect_text: InspectText, max_holdback: int = DEFAULT_MAX_HOLDBACK,
                 safe_end: SafeEnd | None = None, value_hold: ValueHold | None = None, *, ndjson: bool = False,
                 groups: list[str] | None = None,
                 report_only: bool = False, help_text: str = "",
                 max_event_bytes: int = DEFAULT_MAX_EVENT_BYTES, framing: str | None = None,
                 whole_messages: bool = False, message_end_safe_end: SafeEnd | None = None) -> None:
        if surface not in shapes.SURFACES:
            raise ValueError(f"unknown stream surface {surface!r}")
        self.surface = surface
        self.inspect_text = inspect_text
        self.max_holdback = max_holdback
        self.safe_end = safe_end or (lambda text, start: len(text))
        # The hold-back of the rules whose masked value follows a prefix (stream/value_holdback.py): with the
        # channel's last context start, (safe end, context start): the re-scan starts there at the latest, so a
        # released prefix is read with its value.
        self.value_hold = value_hold
        self.groups = groups
        self.report_only = report_only  # detect and record, send everything unchanged
        self.help_text = help_text
        self.max_event_bytes = max_event_bytes  # one event (e.g. response.completed repeats the whole answer)
        self.framing = framing or ("ndjson" if ndjson else "sse")  # sse | ndjson | eventstream (AWS)
        # WebSocket messages of the agent: one complete in itself is sent whole (ws_messages.py). Not the vendor's:
        # a brokered key echoed over two `error` messages must not reach the agent even in part (held instead).
        self.whole_messages = whole_messages
        # WebSocket messages (hold58): `safe_end` less the rules whose verdict a message's end settles (the value
        # before its word, Holdback.without_spared). Used at the end of every message but a JSON `.delta`/`.append`
        # (whose text goes on until its `.done`): held text carried into the next message was lost when the socket
        # closed first, and a token a credential word may still follow is no reason to wait for a message that may
        # never come. None: every end holds alike (streamed answers, whose events are one text).
        self.message_end_safe_end = message_end_safe_end
        self._settling = False  # the message being read ends a unit of text (message_end_safe_end applies)
        # Rules of values that a message's end released and a later message completed (the word after the value):
        # sent, found, noted (split_left keeps the record from holding a piece; streaming notes the coverage).
        self.settled_left: list[str] = []
        self.parser: Any = {"sse": sse.SSEParser, "ndjson": ndjson_stream.NDJSONParser,
                            "eventstream": eventstream.EventStreamParser}[self.framing]()
        self.ndjson = self.framing == "ndjson"
        self.channels: dict[str, Channel] = {}
        self.sent: list[bytes] = []
        self.findings: list[FindingRecord] = []  # start: absolute offset in the channel or value
        # A value sent as it is (allowed, or report-only) whose pieces came in different events or messages: each
        # piece alone is found by nothing, so the recording cannot mask it (audit/scrub.py drops the body).
        self.split_left: list[str] = []  # their rules
        self.stopped = False
        self.stop_reason: str | None = None
        self.decision: str | None = None  # "block" / "error" once stopped
        self.events = 0
        self._sequence_number: int | None = None  # Responses API: for our own error event
        self._wholes: dict[str, str] = {}  # values scanned whole -> what was sent for them
        self._keys_read: list[str] = []  # the object keys of the event being read
        self._decoder = json.JSONDecoder(object_pairs_hook=self._members)  # one: json.loads(hook) builds one a call
        self._joins: FieldJoins | None = None  # WebSocket messages: a key split over two fields (split_fields.py)
        self._key_joins: FieldJoins | None = None  # ... or over two object keys

    # ---- the stream callable's two entry points -------------------------------------------------
    def feed(self, data: bytes) -> list[bytes]:
        if self.stopped:
            return []  # swallow everything after a stop
        return self._guarded(lambda out: self._feed(data, out))

    def finish(self) -> list[bytes]:
        if self.stopped:
            return []
        return self._guarded(self._finish)

    def message(self, text: str) -> str | None:
        """One WebSocket message (text, or binary that is UTF-8) as one NDJSON-framed event of a connection
        that lasts: what to send instead, or None once stopped (drop it, end the connection). A message complete
        in itself is scanned and sent whole (`whole_messages`: the agent's); only a delta's end is held for the
        next message of its stream (ws_messages.py). Text a delta stream still holds when the connection closes
        is not sent."""
        assert self.ndjson, "messages are framed as JSON lines"
        if self.stopped:
            return None
        if self._joins is None:
            self._joins, self._key_joins = FieldJoins(), FieldJoins()
        record = ndjson_stream.NDJSONRecord(text.encode("utf-8", "surrogatepass"), text)
        out = self._guarded(lambda out: out.extend(self._event(record)))
        self._settling = False
        if self.stopped:
            return None
        # A `.done` event ending a delta stream whose last delta held its end: the masker writes that end into a copy
        # of the last delta before the event, but a hook passes one message on, not two. The end reaches the other
        # side in the event's own full text (`text`, `transcript`, `arguments`: walked, the masked text the deltas
        # had); as a delta it is not sent (EVASION.md). Unpacking the one message here raised and killed the flow.
        if not out:  # an empty message: nothing to read, nothing to send but itself (out[-1] raised: killed)
            return text
        sent = out[-1]
        return text if sent == record.raw else sent.decode("utf-8", "surrogatepass").removesuffix("\n")

    def binary(self, text: str) -> bool:
        """A binary WebSocket message that is not text (the caller scans it whole, byte for character): its
        key-character edges are joined with the values around it (split_fields.py). False once stopped."""
        if self.stopped:
            return False
        if self._joins is None:
            self._joins, self._key_joins = FieldJoins(), FieldJoins()
        self._guarded(lambda out: self._join_fields([("binary", text)]))
        return not self.stopped

    def refuse(self, code: str, message: str, decision: str = "error") -> list[bytes]:
        """Stop now (the caller could not decode the stream): the error event, then nothing more."""
        if self.stopped:
            return []
        return self._stop(StreamStopped(code, message, decision))

    def _feed(self, data: bytes, out: list[bytes]) -> None:
        for item in self._parse(self.parser.feed, data):
            out.extend(self._event(item))
        if self.parser.pending_bytes > self.max_event_bytes:
            raise StreamStopped("exitguard_event_too_large", "an event of the streamed answer is too large "
                                "to inspect", "error")

    def _parse(self, step, *data) -> list:
        try:
            return step(*data)
        except eventstream.EventStreamError as e:
            raise StreamStopped("exitguard_unparseable", f"the event stream framing is invalid ({e})",
                                "error") from None

    def _finish(self, out: list[bytes]) -> None:
        for item in self._parse(self.parser.finish):
            out.extend(self._event(item))
        out.extend(self._end_channels([shapes.ALL], exclude=()))

    def _guarded(self, work) -> list[bytes]:
        """Run work(out); on any failure send what was already released, then the error event."""
        out: list[bytes] = []
        try:
            work(out)
            return self._send(out)
        except StreamStopped as stop:
            return self._send(out) + self._stop(stop)
        except deadline.OverBudget as over:  # the piece's CPU budget ran out inside its scan (wsloop59)
            return self._send(out) + self._stop(StreamStopped("exitguard_stream_cpu_budget", over.reason, "error"))
        except Exception as e:
            logger.error("exitguard: stream masker failed with %s; stopping the stream", type(e).__name__,
                         exc_info=True)
            return self._send(out) + self._stop(StreamStopped(
                "exitguard_internal_error", "the streamed answer could not be inspected because of an internal "
                "error", "error"))

    @property
    def masked_text(self) -> dict[str, str]:
        """Per channel, the text the client received (tests, replay)."""
        return {name: ch.masked_full() for name, ch in self.channels.items()}

    @property
    def coverage(self) -> dict:
        if self.stopped:
            return {"direction": "response", "status": "stream_stopped", "reason": self.stop_reason}
        return {"direction": "response", "status": "scanned",
                "reason": f"stream: {self.events} event(s), {len(self.channels)} channel(s)"}

    # ---- events ----------------------------------------------------------------------------------
    def _send(self, out: list[bytes]) -> list[bytes]:
        # mitmproxy 11.0.2: a b"" returned mid-stream ends a chunked HTTP/1.1 body (open fix mitmproxy#8242).
        out = [b for b in out if b]
        self.sent.extend(out)
        return out

    def _stop(self, stop: StreamStopped) -> list[bytes]:
        self.stopped = True
        self.stop_reason = stop.message
        self.decision = stop.decision
        message = f"exitguard: {stop.message}. {self.help_text}".strip()
        if self.framing == "eventstream":
            frame = eventstream.exception_frame(stop.code, message)
        elif self.ndjson and self.surface != "ollama":  # JSON lines of another provider: an error line
            frame = json.dumps({"error": {"code": stop.code, "message": message}}).encode() + b"\n"
        else:
            frame = shapes.error_frame(self.surface, stop.code, message,
                                       None if self._sequence_number is None else self._sequence_number + 1)
        self.sent.append(frame)
        return [frame]

    def _event(self, item) -> list[bytes]:
        self.events += 1
        if self.ndjson:
            if not item.text.strip():
                return [item.raw]
            return self._json_event(item, item.text, None)
        if self.framing == "eventstream":
            item = self._eventstream_headers(item)
            data = item.inner_json()
            if data is None:
                raise StreamStopped("exitguard_unparseable", "an event of the streamed answer is not text")
            return self._json_event(item, data, item.header(":event-type"))
        item = self._sse_lines(item)
        data = item.data
        if data is None:  # comments, keep-alives, event-only blocks: their lines were inspected above
            return [item.raw]
        if data.strip() == "[DONE]":
            return [*self._end_channels([shapes.ALL], exclude=()), item.raw]
        return self._json_event(item, data, item.event)

    def _eventstream_headers(self, item: eventstream.EventStreamMessage) -> eventstream.EventStreamMessage:
        """Header names and string values of an AWS event-stream message (`:event-type`, `:exception-type`,
        any custom header) are text a client reads: each is scanned whole (they repeat in every message: each
        distinct one once); a changed one re-frames the message."""
        headers, changed = [], False
        for name, kind, value in item.headers:
            new_name = self._whole_value(name, "stream:header-name")
            new_value = value
            if kind == 7 and isinstance(value, bytes):
                text = value.decode("utf-8", "replace")
                masked = self._whole_value(text, f"stream:header.{new_name}")
                new_value = value if masked == text else masked.encode("utf-8")
            changed = changed or new_name != name or new_value is not value
            headers.append((new_name, kind, new_value))
        if not changed or self.report_only:
            return item
        return eventstream.EventStreamMessage(eventstream.encode(headers, item.payload), headers, item.payload)

    def _sse_lines(self, item: sse.SSEEvent) -> sse.SSEEvent:
        """Comment, `event` and `id` lines are text a client can read: each kind is a field channel. So is every
        other line but `data` (`retry`, a field a browser ignores, a line with no colon, a BOM mid-stream): a
        client reading the bytes reads it; its name is scanned whole."""
        lines, changed = [], False
        for name, value in item.lines:
            channel = _SSE_LINE_CHANNELS.get(name)
            if channel is None and name != "data":
                channel = "sse.field"
                new_name = self._whole_value(name, "stream:sse.field-name")
                if new_name != name and not self.report_only:
                    changed, name = True, new_name
            if channel is not None and value:
                ch = self._channel(shapes.Slot(channel, ()))
                # Not held back (a client dispatches on event names; comments keep their bytes): each line
                # is sent whole, masked, and a value split over several lines, recognised only once its
                # first part was sent, stops the stream.
                new = self._field(ch, value, hold=False)
                ch.template = (None, None, None, None)  # a held-back tail goes out as a comment
                if new != value and not self.report_only:
                    changed = True
                    value = new
            lines.append((name, value))
        if not changed:
            return item
        rebuilt = sse.SSEEvent(b"", lines)
        return sse.SSEEvent(sse.serialize(rebuilt, rebuilt.data), lines)

    def _json_event(self, item, data: str, event_name: str | None) -> list[bytes]:
        keys = self._keys_read
        keys.clear()
        try:
            obj = self._decoder.decode(data)
        except ValueError:
            obj = None
        except _DuplicateKey:
            # json.loads keeps the last value and the event would go on as it came, the first one unscanned; a
            # reader that keeps the first would read that one.
            raise StreamStopped("exitguard_ambiguous_event", "an event of the stream has the same key twice "
                                "(two readers could read two different events)") from None
        # A WebSocket message complete in itself: nothing of it is held for a message that may never come.
        whole = self.whole_messages and self._joins is not None and not ws_messages.is_delta(obj)
        # hold58: a message's end settles the value before its word, but for a delta of a JSON stream (its `.done`
        # ends that text): a message of plain text, an `error`, any complete one, is a unit of text.
        self._settling = self.message_end_safe_end is not None and self._joins is not None and not (
            isinstance(obj, (dict, list)) and ws_messages.is_delta(obj))
        if not isinstance(obj, (dict, list)):
            if self.surface == "generic":  # a shape exitguard does not know: its data is text, held back
                self._join_fields([("line" if self.ndjson else "data", data)])
                return self._text_event(item, data, final=whole)
            raise StreamStopped("exitguard_unparseable", "an event of the streamed answer could not be parsed")
        if self._joins is not None:
            scope = shapes.field_scope(obj)
            self._join_fields([(scope + name, parent[key]) for parent, key, _path, name in event_json.string_leaves(obj)
                               if key not in event_json.WHOLE_KEYS and not event_json.is_blob(parent[key])])
            # Object keys are read too; joined with each other only (between values they would break their joins).
            self._join_fields([("key." + key, key) for key in keys if key not in event_json.WHOLE_KEYS], keys=True)
        if self.surface == "generic":
            self.surface = shapes.sniff(obj)  # a known shape behind an unknown path
        if isinstance(obj, dict) and isinstance(obj.get("sequence_number"), int):
            self._sequence_number = obj["sequence_number"]
        view = shapes.view(self.surface, obj, event_name)
        out: list[bytes] = []
        changed = False
        carried = set()
        for slot in view.slots:
            ch = self._channel(slot)
            fragment = shapes.get_path(obj, slot.path)
            final = whole or shapes.ends_channel(view.ends, slot.channel)
            released = self._advance(ch, fragment, final)
            carried.add(slot.channel)
            if released != fragment:
                changed = True
                shapes.set_path(obj, slot.path, released)
            ch.template = (item if not self.ndjson else None, obj, slot, view.slots)  # copied only if used
        if self._fields(item, obj, view, carried, hold=not whole):
            changed = True
        # Channels that end here without a text field in this event: flush them just before it.
        out.extend(self._end_channels(view.ends, exclude=carried))
        for path in view.walk:
            if self._walk(obj, path, f"stream:event{self.events}"):
                changed = True
        if self._keys(obj, keys):
            changed = True
        if not changed or self.report_only:
            out.append(item.raw)
        else:
            out.append(self._serialize(item, obj))
        return out

    def _text_event(self, item, data: str, final: bool = False) -> list[bytes]:
        """Data that is not JSON: the data of all such events is one text channel, held back like any (`final`:
        a WebSocket message, complete in itself)."""
        slot = shapes.Slot("line" if self.ndjson else "data", ())
        ch = self._channel(slot)
        released = self._advance(ch, data, final=final)
        ch.template = (item, None, slot, [slot])
        if released == data or self.report_only:
            return [item.raw]
        return [self._serialize_text(item, released)]

    def _serialize_text(self, item, text: str) -> bytes:
        if self.ndjson:
            return ndjson_stream.serialize(item, text)
        if self.framing == "eventstream":
            return eventstream.rebuild(item, text)
        return sse.serialize(item, text)

    def _join_fields(self, values: list[tuple[str, str]], keys: bool = False) -> None:
        """WebSocket messages: the values of this message joined at their key-character edges with those before
        (split_fields.py); a fixed-shape key across two fields ends the connection before this message is sent
        (each field's channel would release its piece as harmless)."""
        joins = self._key_joins if keys else self._joins
        if joins is None:
            return
        excerpts = [e for channel, value in values if (e := joins.add(channel, value)) is not None]
        if not excerpts:
            return
        starts, at = [], 0
        for e in excerpts:
            starts.append(at)
            at += len(e.text) + 1
        result = self.inspect_text(" ".join(e.text for e in excerpts), "response", "stream:joined fields",
                                   self.groups, fixed_shape_only=True)
        if getattr(result, "incomplete", False):
            raise StreamStopped("exitguard_scan_incomplete", "the messages could not be scanned completely")
        for f in result.findings:
            n = bisect.bisect_right(starts, f.start) - 1
            if not crosses(excerpts[n], f.start - starts[n], f.start + f.length - starts[n]):
                continue  # within one field: its channel reads it
            self.findings.append(f.at("stream:joined fields", f.start))
            if self.report_only or f.action == Action.ALLOW:
                if f.rule not in self.split_left:
                    self.split_left.append(f.rule)  # sent as it is, in pieces: the record cannot mask it
                if self.report_only and f.action != Action.ALLOW:
                    self.decision = Decision.BLOCK
                continue
            raise StreamStopped("exitguard_blocked", f"a value of rule {f.rule} was split over two fields of the "
                                "messages")

    # ---- field channels: every string the surface view does not name ---------------------------
    def _fields(self, item, obj, view: shapes.View, carried: set[str], hold: bool = True) -> bool:
        """Every other string of the event (logprobs tokens, cumulative `message.content`, error messages,
        any field of a shape exitguard does not know) is a channel keyed by its JSON path, reassembled
        across events and held back like the main text (not `hold`: a complete WebSocket message, each value
        released whole). Returns True if a value changed."""
        scope = shapes.field_scope(obj)
        slot_paths = {slot.path for slot in view.slots}
        changed = False
        for parent, key, path, name in event_json.string_leaves(obj):
            if path in slot_paths or any(path[:len(w)] == w for w in view.walk):
                continue  # a slot (handled above) or a complete value scanned whole below
            value = parent[key]
            if key in event_json.WHOLE_KEYS or event_json.is_blob(value):
                # Type names, ids, signatures: held back they would break every client; scanned whole.
                new = self._whole_value(value, f"stream:{scope}{name}")
            else:
                ch = self._channel(shapes.Slot(scope + name, ()))
                new = self._field(ch, value, hold=hold, final=shapes.ends_channel(view.ends, ch.name))
                carried.add(ch.name)
                ch.template = (item if not self.ndjson else None, obj, path, slot_paths)
            if new != value:
                changed = True
                parent[key] = new
                if key == "token" and isinstance(parent.get("bytes"), list):
                    parent["bytes"] = list(new.encode("utf-8"))  # logprobs carry the token's bytes too
        return changed

    def _whole_value(self, value: str, location: str) -> str:
        """A value scanned whole; ids and type names repeat in every event: each distinct one is scanned once."""
        new = self._wholes.get(value)
        if new is None:
            new = self._complete_string(value, location)
            if len(self._wholes) >= WHOLE_CACHE:
                self._wholes.clear()
            self._wholes[value] = new
        return new

    def _field(self, ch: Channel, value: str, hold: bool = True, final: bool = False) -> str:
        """What to send for one value of a field channel (the released part, masked)."""
        if ch.last is not None and ch.last[0] == value and ch.last[1] == value and ch.mode != "cumulative":
            return value  # an exact repeat of a value sent whole (a constant): nothing new to scan
        if ch.mode != "delta" and ch.whole is not None and value.startswith(ch.whole):
            ch.mode = "cumulative"  # each value repeats the text so far (Perplexity's message.content)
            self._advance(ch, value[len(ch.whole):], final=final or not hold)
            ch.whole = value
            sent = ch.masked_full()
        else:
            if ch.whole is not None:  # a later value that does not extend the text so far: fragments
                ch.mode, ch.whole = "delta", None
            elif ch.mode is None:
                ch.whole = value
            sent = self._advance(ch, value, final=final or not hold)
        ch.last = (value, sent)
        return sent

    def _serialize(self, item, obj) -> bytes:
        text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
        return self._serialize_text(item, text)

    def _channel(self, slot: shapes.Slot) -> Channel:
        ch = self.channels.get(slot.channel)
        if ch is None:
            ch = self.channels[slot.channel] = Channel(slot.channel, slot.json)
        return ch

    def _end_channels(self, ends: list[str], exclude) -> list[bytes]:
        out: list[bytes] = []
        if not ends:
            return out
        for ch in self.channels.values():
            if ch.name in exclude or ch.emitted == ch.end or not shapes.ends_channel(ends, ch.name):
                continue
            released = self._advance(ch, "", final=True)
            if released and not self.report_only:
                out.append(self._synthesize(ch, released))
        return out

    def _synthesize(self, ch: Channel, text: str) -> bytes:
        # Set right after the channel's first _advance; had that failed, the stream would have stopped.
        assert ch.template is not None
        item, template, slot, slots = ch.template
        if item is None and template is None:  # an SSE comment / event / id line: the rest as a comment
            return sse.serialize(sse.SSEEvent(b"", [("", text)]), None)
        if template is None:  # a text channel
            return self._serialize_text(_without_id(item) if self.framing == "sse" else item, text)
        if not isinstance(slot, shapes.Slot):  # a field channel: slot is its path in the template
            obj = copy.deepcopy(template)
            self._blank_fields(obj, keep=slot, slot_paths=slots)
            shapes.set_path(obj, slot, ch.masked_full() if ch.mode == "cumulative" else text)
        else:
            obj, path = shapes.synth(self.surface, template, slot, slots, text)
            if path:  # a copy of the template: its other fields must not be sent twice
                self._blank_fields(obj, keep=path)
        event_json.sync_token_bytes(obj)
        body = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
        if item is None:
            return body.encode("utf-8") + b"\n"
        if self.framing == "eventstream":
            return eventstream.rebuild(item, body)
        return sse.serialize(_without_id(item), body)

    def _blank_fields(self, obj, keep: tuple, slot_paths=frozenset()) -> None:
        """In a copied event: strings other than `keep` carry nothing (cumulative ones the text so far),
        so no fragment is sent twice."""
        scope = shapes.field_scope(obj)
        for parent, key, path, name in event_json.string_leaves(obj):
            if path == keep or key in event_json.WHOLE_KEYS or event_json.is_blob(parent[key]):
                continue
            if path in slot_paths:
                parent[key] = ""
                continue
            ch = self.channels.get(scope + name)
            if ch is None:
                continue
            parent[key] = ch.masked_full() if ch.mode == "cumulative" else ""

    # ---- the core: release the safe part of a channel, masked -------------------------------------
    def _advance(self, ch: Channel, fragment: str, final: bool) -> str:
        deadline.check()  # the piece's CPU budget, between channels (the hold-back checks between its rules)
        if fragment:
            if ch.raw_parts:
                ch.joins.append(ch.end)
            ch.text += fragment
            ch.raw_parts.append(fragment)
        start = ch.emitted - ch.base  # index in ch.text of the first unreleased character
        since = max(0, ch.anchor - ch.base)
        cut = len(ch.text) if final else self._safe_end(ch.text, start, since)
        if cut <= start:
            self._check_cap(ch)
            return ""
        ctx = context.context_start(ch.text, start, ch.base == 0)
        if self.value_hold is not None:
            anchor = self.value_hold(ch.text, start, since, below=cut)[1]  # the same bound: the last call's answer
            ctx = min(ctx, anchor)
            ch.anchor = ch.base + anchor
        result = self._scan(ch, ctx)
        if result.findings and (line := context.line_start(ch.text, ctx, ch.base == 0)) < ctx \
                and self._unsettled(ch, ctx, result):
            # The window begins inside a line, and the scanner reads its first character as a line's start: a
            # header or section the whole text does not have (`Sure: app,client_secret` read from `app`). A finding
            # not handled before is judged on the line read from its start (as far as the kept text goes); clean
            # text, which finds nothing, pays nothing, and values already masked do not pay twice.
            misread, misread_at = result, ctx
            ctx = line
            result = self._scan(ch, ctx)
            self._note_misread(ch, misread_at, misread, ctx, result, start)
        found = [(f.start, f) for f in result.findings]  # start: offset in `window`
        cut = self._settled_cut(ch.text, start, cut, [(ctx + begin, ctx + begin + f.length) for begin, f in found],
                                since)
        new = []
        for begin, f in found:
            begin += ctx
            if begin < start:
                handled_end = ch.handled_end(ch.base + begin, ch.base + begin + f.length)
                if handled_end is not None:
                    # Handled when it was new (maybe read as another rule: the scanner resolves overlaps
                    # differently when the re-scanned window starts elsewhere). But a value that has grown past
                    # what was handled, into text not sent yet, would send its new part in clear after the mask
                    # (probe45: an unquoted SQL password masked at its first symbol, its rest sent): stop instead.
                    if f.action != Action.ALLOW and ch.base + begin + f.length > max(handled_end, ch.base + start):
                        raise StreamStopped("exitguard_blocked", f"a value of rule {f.rule} in the answer grew "
                                            "past the part already masked")
                    continue
                # Recognised only now that more text arrived, but (part of) it was sent already.
                if f.action == Action.ALLOW:
                    ch.handled.append((ch.base + begin, ch.base + begin + f.length))
                    self._found(ch, f, ch.base + begin)
                    continue
                if begin + f.length <= start and not self._found_on_its_line(ch, ctx, begin, f):
                    continue
                if f.rule in LOSES_OVERLAPS and any(ch.base + begin + f.length <= at for at in ch.settled_at):
                    # hold58: a value before its word whose word came in a later message left with its own message,
                    # whose end settled it (EVASION.md): found and noted, and the record keeps no piece of it.
                    self._found(ch, f, ch.base + begin)
                    ch.handled.append((ch.base + begin, ch.base + begin + f.length))
                    for noted in (self.split_left, self.settled_left):
                        if f.rule not in noted:
                            noted.append(f.rule)
                    continue
                raise StreamStopped("exitguard_blocked", f"the answer contains a value of rule {f.rule} "
                                    "that could not be masked in time")
            if begin < cut:
                new.append((begin, f))
        if cut <= start:
            self._check_cap(ch)
            return ""
        pieces, last = [], start
        for begin, f in new:
            ch.handled.append((ch.base + begin, ch.base + begin + f.length))
            self._found(ch, f, ch.base + begin)
            if f.action in STOPPING_ACTIONS:
                self._raise_block(f)
            if f.action.replaces_value:
                pieces.append(ch.text[last:begin])
                pieces.append(self._placeholder(ch, f, ch.text, begin))
                last = begin + f.length
        pieces.append(ch.text[last:cut])
        released = "".join(pieces)
        raw_released = ch.text[start:cut]
        if ch.is_json:
            self._check_json(ch, raw_released, released)
        if self.report_only:
            released = raw_released
        ch.masked_parts.append(released)
        ch.emitted += cut - start
        if self._settling:
            ch.settled_at = [*ch.settled_at[-(SETTLED_KEPT - 1):], ch.emitted]
        sent = ch.emitted - ch.base
        if sent > KEPT_CHARS + CONTEXT_CHARS:  # drop sent text older than the context we may re-scan
            drop = sent - KEPT_CHARS
            ch.text = ch.text[drop:]
            ch.base += drop
        self._check_cap(ch)
        return released

    @staticmethod
    def _unsettled(ch: Channel, ctx: int, result: TextResult) -> bool:
        """Whether a finding of the window at `ctx` was not handled before (masked, allowed, or read as none)."""
        at = ch.base + ctx
        return any(not ch.handled_overlaps(at + f.start, at + f.start + f.length)
                   and (at + f.start, at + f.start + f.length) not in ch.no_value_on_the_line for f in result.findings)

    @staticmethod
    def _note_misread(ch: Channel, window_at: int, window: TextResult, line_at: int, line: TextResult,
                      start: int) -> None:
        """Sent text the window read as a value and its line, read from its start, does not: not asked again while
        the window begins at the same place (its line is read again only for a new finding)."""
        for f in window.findings:
            begin = window_at + f.start
            if begin + f.length > start:
                continue  # not all sent: more text may still make it one
            if not any(g.action != Action.ALLOW and line_at + g.start < begin + f.length
                       and begin < line_at + g.start + g.length for g in line.findings):
                ch.no_value_on_the_line.add((ch.base + begin, ch.base + begin + f.length))

    def _scan(self, ch: Channel, ctx: int) -> TextResult:
        result = self.inspect_text(ch.text[ctx:], "response", f"stream:{ch.name}", self.groups)
        if getattr(result, "incomplete", False):
            raise StreamStopped("exitguard_scan_incomplete", "the streamed answer could not be scanned completely")
        return result

    def _found_on_its_line(self, ch: Channel, ctx: int, begin: int, f: FindingRecord) -> bool:
        """Whether a value the re-scan found in text sent whole (at ``begin`` in ``ch.text``) is still one when its
        line is read from its start (as far as the kept text goes). The window starts CONTEXT_CHARS back, but a
        verdict may read further back on the line (the context scorer's negative words: "your ... Das Passwort ist
        X" is no password): the value went out as the whole text reads it, and the window, having moved past that
        word, reads it otherwise. Read so it is no value: not a leak, the stream goes on. Still one (or unreadable):
        a value went out that should not have, and the stream stops."""
        span = (ch.base + begin, ch.base + begin + f.length)
        if span in ch.no_value_on_the_line:
            return False
        line_start = ch.text.rfind("\n", 0, begin) + 1
        if line_start >= ctx:  # the window held the whole line: its verdict stands
            return True
        result = self.inspect_text(ch.text[line_start:], "response", f"stream:{ch.name}", self.groups)
        if getattr(result, "incomplete", False):
            return True
        if any(g.action != Action.ALLOW and line_start + g.start < begin + f.length and begin < line_start + g.start
               + g.length for g in result.findings):
            return True
        ch.no_value_on_the_line.add(span)
        return False

    def _found(self, ch: Channel, f: FindingRecord, start: int) -> None:
        self.findings.append(f.at(f"stream:{ch.name}", start))
        if ((self.report_only or not f.action.replaces_value) and f.rule not in self.split_left
                and ch.crosses_a_join(start, start + f.length)):
            self.split_left.append(f.rule)

    def _safe_end(self, text: str, start: int, since: int) -> int:
        safe_end = self.message_end_safe_end if self._settling and self.message_end_safe_end else self.safe_end
        cut = safe_end(text, start)
        if self.value_hold is not None and cut > start:
            # delta61: held from `cut` anyway: the value rules whose matches all begin after it are not searched
            cut = min(cut, self.value_hold(text, start, since, below=cut)[0])
        return cut

    def _settled_cut(self, text: str, start: int, cut: int, spans: list[tuple[int, int]], since: int = 0) -> int:
        """Move `cut` before every finding that reaches past it (its tail is held back, e.g. a keyword after
        it). Text before the new cut is then asked again, as if the text ended there: the scanner may have
        read the held part differently from the hold-back's regexes ("a@b.iox@y.io" as one e-mail from the
        second local part), and a match of the released part that runs into it is not settled yet."""
        while cut > start:
            crossing = min((begin for begin, end in spans if begin < cut < end), default=None)
            if crossing is None:
                return cut
            cut = crossing
            if cut > start:
                cut = min(cut, self._safe_end(text[:cut], start, since))
        return cut

    def _check_cap(self, ch: Channel) -> None:
        if ch.end - ch.emitted > self.max_holdback:
            raise StreamStopped("exitguard_holdback_exceeded", f"more than {self.max_holdback} characters of "
                                "the streamed answer could not be released safely")

    def _raise_block(self, f: FindingRecord) -> None:
        if self.report_only:  # observe only: record what would have happened, change nothing
            self.decision = Decision.BLOCK
            return
        raise StreamStopped("exitguard_blocked", f"the answer was stopped because it contains a value of rule "
                            f"{f.rule} ({f.category})")

    def _placeholder(self, ch: Channel, f: FindingRecord, text: str, begin: int) -> str:
        value = text[begin:begin + f.length]
        mark = placeholders.interleaved_like(placeholders.masked(f.rule, f.fingerprint), value)
        if ch.is_json:
            inside, escaped = event_json.json_lex(text[ch.emitted - ch.base:begin], *ch.json_state) \
                if begin >= ch.emitted - ch.base else (True, False)
            if not inside:  # a bare JSON number or literal: keep the document valid with a string
                return json.dumps(mark)
            if escaped or not event_json.stays_in_string(value):
                raise StreamStopped("exitguard_blocked", f"a value of rule {f.rule} in tool-call arguments "
                                    "could not be masked without breaking the JSON")
        return mark

    def _check_json(self, ch: Channel, raw: str, released: str) -> None:
        state = ch.json_state
        after_raw = event_json.json_lex(raw, *state)
        after_masked = event_json.json_lex(released, *state)
        if after_raw != after_masked:
            raise StreamStopped("exitguard_blocked", "masking would have broken the tool-call arguments")
        ch.json_state = after_raw

    def _members(self, pairs: list[tuple[str, Any]]) -> dict:
        """The decoder's object hook: every key goes into ``_keys_read``; a repeated one raises."""
        obj = dict(pairs)
        if len(obj) != len(pairs):
            raise _DuplicateKey
        self._keys_read.extend(obj)
        return obj

    def _keys(self, obj, keys: list[str]) -> bool:
        """Object keys are text the other side reads too (a key in a JSON key): each distinct one scanned whole;
        a changed one renames its member, order kept."""
        renamed = {key: new for key in keys if len(key) >= 8 and (new := self._whole_value(key, "stream:key")) != key}
        if not renamed:
            return False
        stack = [obj]
        while stack:
            cur = stack.pop()
            if isinstance(cur, dict):
                if any(key in renamed for key in cur):
                    members = list(cur.items())
                    cur.clear()
                    cur.update((renamed.get(key, key), value) for key, value in members)
                stack.extend(v for v in cur.values() if isinstance(v, (dict, list)))
            elif isinstance(cur, list):
                stack.extend(v for v in cur if isinstance(v, (dict, list)))
        return True

    # ---- complete values inside events ------------------------------------------------------------
    def _walk(self, obj, path: tuple, location: str) -> bool:
        """Mask every string under obj[path]. Strings equal to a channel's whole text (the `.done` events
        repeat it) get the masked text the client already received, so both agree."""
        try:
            parent = shapes.get_path(obj, path[:-1]) if path else None
            node = shapes.get_path(obj, path)
        except (KeyError, IndexError, TypeError):
            return False
        if isinstance(node, str):
            new = self._complete_string(node, location)
            if new != node and path:
                assert parent is not None  # path is not empty
                parent[path[-1]] = new
                return True
            return False
        changed = False
        stack = [node]
        while stack:
            cur = stack.pop()
            items = cur.items() if isinstance(cur, dict) else enumerate(cur) if isinstance(cur, list) else ()
            for key, value in list(items):
                if isinstance(value, str):
                    new = self._complete_string(value, location)
                    if new != value:
                        cur[key] = new
                        changed = True
                elif isinstance(value, (dict, list)):
                    stack.append(value)
        return changed

    def _complete_string(self, value: str, location: str) -> str:
        if len(value) < 8:
            return value  # type names, ids' short fields, roles: nothing a rule could match
        for ch in self.channels.values():
            if ch.emitted == ch.end and len(value) == sum(map(len, ch.raw_parts)) and value == ch.raw_full():
                return ch.masked_full()
        result = self.inspect_text(value, "response", location, self.groups)
        if getattr(result, "incomplete", False):
            raise StreamStopped("exitguard_scan_incomplete", "the streamed answer could not be scanned completely")
        for f in result.findings:
            self.findings.append(f)
            if f.action in STOPPING_ACTIONS:
                self._raise_block(f)
        return result.text


class _DuplicateKey(Exception):
    """An object of an event has the same key twice."""


def _without_id(item):
    """A copy of an SSE event's lines without `id:` (a synthesized event must not repeat an id)."""
    return sse.SSEEvent(b"", [(n, v) for n, v in item.lines if n != "id"])


_SSE_LINE_CHANNELS = {"": "sse.comment", "event": "sse.event", "id": "sse.id"}
