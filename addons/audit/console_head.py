"""What the addons after the bundle (mitmweb's console above all) see of a guarded request before the guard read it.

mitmweb's view adds a flow at ``requestheaders`` and pushes it at once to every open console (``flows/add`` over
its ``/updates`` WebSocket: method, path, headers); ``/flows`` lists it from then on. The guard reads and masks the
head at ``request``, once the body is in, so until then the live flow carried the head as the agent wrote it: a key
in a guarded request's query or header reached the console though it never left unmasked (attack36).

``CoverHead``, last in the chain, puts a masked copy of the head on the live flow of a guarded request at
``requestheaders`` (masked as the record masks it: audit/scrub.py ``masked_head``) and keeps the head as written in
addon memory, never on the flow; ``UncoverHead``, before every other addon of the bundle at ``request``, puts it
back. A request answered at its headers (refused: nothing of it is sent) keeps the cover for good.

Only guarded requests whose body is buffered are covered: a streamed request's head goes upstream right after
``requestheaders``, with no hook in between (mitmproxy 12.3), and an observed host's traffic is shown as sent.
"""

from __future__ import annotations

import weakref
from collections import defaultdict, deque
from dataclasses import dataclass

from mitmproxy import http

from addons.audit import scrub
from addons.core import metakeys, runtime, scope, wire
from addons.core.fail_closed import fail_closed

Fields = tuple[tuple[bytes, bytes], ...]


@dataclass(frozen=True)
class Head:
    """The parts of a request head mitmweb shows that the guard masks (the host is mitmproxy's destination)."""

    method: bytes
    path: bytes
    authority: bytes
    fields: Fields

    @classmethod
    def of(cls, request: http.Request) -> Head:
        data = request.data
        return cls(data.method, data.path, data.authority, data.headers.fields)

    def put_on(self, request: http.Request) -> None:
        data = request.data
        data.method, data.path, data.authority = self.method, self.path, self.authority
        data.headers.fields = self.fields


@dataclass(frozen=True)
class _Covered:
    written: Head  # as the agent wrote it
    cover: Head  # what the live flow shows until ``request``


# Per live flow, the head as written while the cover is on: gone with the flow.
_COVERED: weakref.WeakKeyDictionary[http.HTTPFlow, _Covered] = weakref.WeakKeyDictionary()


def uncovered(now: Head, covered: _Covered) -> Head:
    """The head as written, with whatever changed the cover since (mitmproxy's ``anticomp`` / ``anticache`` at
    ``request``, an edit in the console) kept: each part still as covered gets its written value back."""
    written, cover = covered.written, covered.cover
    waiting: defaultdict[tuple[bytes, bytes], deque[tuple[bytes, bytes]]] = defaultdict(deque)
    for shown, raw in zip(cover.fields, written.fields, strict=True):
        waiting[shown].append(raw)
    fields = tuple(waiting[f].popleft() if waiting[f] else f for f in now.fields)
    return Head(written.method if now.method == cover.method else now.method,
                written.path if now.path == cover.path else now.path,
                written.authority if now.authority == cover.authority else now.authority, fields)


class CoverHead:
    """Last in the chain: the live flow of a guarded, buffered request shows its head masked until ``request``."""

    @fail_closed
    def requestheaders(self, flow: http.HTTPFlow) -> None:
        if not flow.live or flow.request.stream or not scope.fails_closed(flow):  # guarded hosts only
            return
        written = Head.of(flow.request)
        cover = Head.of(scrub.masked_head(flow.request, runtime.get()))
        if cover != written:
            _COVERED[flow] = _Covered(written, cover)
            cover.put_on(flow.request)


class UncoverHead:
    """Before every other addon of the bundle at ``request``: the head as written, for the guard to read."""

    @fail_closed
    def request(self, flow: http.HTTPFlow) -> None:
        covered = _COVERED.pop(flow, None)
        if covered is None or flow.response is not None:  # answered at its headers: nothing is sent, the cover stays
            return
        uncovered(Head.of(flow.request), covered).put_on(flow.request)


NOT_SHOWN = b"[exitguard: body not shown: it held a value the policy let through that the record cannot mask]"


class CoverStreamedAnswer:
    """After the recorder at ``response`` (wire41): a streamed answer from a guarded host whose stream passed values
    to the client (allowed by the policy, or report mode) keeps, on the live flow mitmweb shows and saves, what was
    sent masked as the record masks it. The stream masker kept what it sent there for the record; the client got
    it as it came. A buffered answer is the guard's (guard.py ``_show_answer_masked``)."""

    @fail_closed
    def response(self, flow: http.HTTPFlow) -> None:
        if not flow.live or flow.response is None or not scope.fails_closed(flow) \
                or not flow.metadata.get(metakeys.STREAMED) or not _passed(flow.metadata):
            return
        shown = scrub.masked_answer(flow, runtime.get())
        live = flow.response
        live.headers.fields, live.reason = shown.headers.fields, shown.reason
        live.raw_content = shown.raw_content or (NOT_SHOWN if live.raw_content else shown.raw_content)
        if live.trailers is not None and shown.trailers is not None:
            live.trailers.fields = shown.trailers.fields
        covered = flow.metadata.setdefault(metakeys.SHOWN_MASKED, [])
        if "response" not in covered:
            covered.append("response")
        wire.seal_response(flow)  # a response copy's trailers still leave after this hook


def _passed(metadata: dict) -> bool:
    """The answer held a value found and sent as it was (allowed, or report mode)."""
    found = [f for f in metadata.get(metakeys.FINDINGS) or () if f.get("direction") == "response"]
    return bool(found) and (bool(metadata.get(metakeys.REPORT_ONLY)) or any(f.get("action") == "allow" for f in found))


class CoverMessage:
    """Last in the chain at ``websocket_message`` (wire42): a guarded host's WebSocket message that holds a value the
    policy lets through (allowed, or report mode: the stream addon marks it, ``wire.passes_as_it_is``) leaves as every
    addon before left it, from a copy (core/wire.py, sent by compat's relay wrap), while the live message, which
    mitmweb shows (``/flows/<id>/messages``, ``/flows/dump``) and Save writes, holds it masked as the record masks it.

    The stream masker notes a value where it finds it, which is not always the message that carries it: report mode
    sends each message as it came and a value at a message's end is settled by what follows (found with the next
    message), and a value the masker has passed is repeated without a new finding (a `.done` event's full text, a
    field's exact repeat, a whole value it read before). So from a direction's first mark on, every message of that
    direction is shown as the record keeps it: those since the last one read here (each read once), and each later
    one as it comes. Once a direction has passed a value in pieces over messages, the record keeps none of its
    messages (scrub.SPLIT_NOT_KEPT), nor does the live flow, those sent before included. Without compat's seam the
    message leaves masked (decision ``mask``): never a value shown. A message an addon dropped (a value to block, a
    scan cut short: the connection ends) is never sent; it is shown as the record keeps it too."""

    def __init__(self) -> None:
        # Per flow and direction: how many of the flow's messages were covered or read (the later ones are not yet).
        self._read: weakref.WeakKeyDictionary[http.HTTPFlow, dict[str, int]] = weakref.WeakKeyDictionary()
        self._passed: weakref.WeakKeyDictionary[http.HTTPFlow, set[str]] = weakref.WeakKeyDictionary()  # directions
        self._split: weakref.WeakKeyDictionary[http.HTTPFlow, set[str]] = weakref.WeakKeyDictionary()

    @fail_closed
    def websocket_message(self, flow: http.HTTPFlow) -> None:
        if flow.websocket is None or not flow.websocket.messages:
            return
        message = flow.websocket.messages[-1]
        passing = wire.take_passing(message)
        if not scope.fails_closed(flow):
            return
        if message.dropped:  # blocked (the connection ends): never sent, but shown and saved as it came
            message.content = scrub.masked_message(flow, message, _runtime_or_none())
            return
        if not flow.live:
            return
        direction = "request" if message.from_client else "response"
        split = direction in (flow.metadata.get(metakeys.SPLIT_LEFT) or {})
        passed = self._passed.setdefault(flow, set())
        if not (passing or split or direction in passed):
            return
        passed.add(direction)
        rt = runtime.get()
        self._cover_earlier(flow, direction, rt, split)
        shown = scrub.masked_message(flow, message, rt)
        if shown == message.content:
            return
        earlier = wire.take_message(message)  # attack55: CallerEchoes' copy (the caller's own value) leaves as it is
        content, message.content = (earlier.content if earlier is not None else message.content), shown
        if wire.message_seam_ready():
            wire.send_message_as(message, content)
        else:
            metakeys.raise_decision(flow.metadata, "mask", "a value the policy lets through was masked in a WebSocket "
                                    "message: mitmproxy's relay is not as verified (core/compat.py)")

    @fail_closed
    def websocket_end(self, flow: http.HTTPFlow) -> None:
        """A value the stream masker still held when the connection closed is found then, after report mode sent it
        as it came (hold61): the stream addon marks that direction's last message, and every message of the
        direction is shown as the record keeps it."""
        if flow.websocket is None or not scope.fails_closed(flow):
            return
        marked = {"request" if m.from_client else "response" for m in flow.websocket.messages if wire.take_passing(m)}
        if not marked:
            return
        rt = runtime.get()
        for direction in sorted(marked):
            self._passed.setdefault(flow, set()).add(direction)
            split = direction in (flow.metadata.get(metakeys.SPLIT_LEFT) or {})
            self._cover_earlier(flow, direction, rt, split, through_last=True)

    def _cover_earlier(self, flow: http.HTTPFlow, direction: str, rt, split: bool, through_last: bool = False) -> None:
        """The messages of ``direction`` sent before this one and not read here yet, as the record keeps them; all of
        them once the direction is known to have passed a value in pieces (then the later ones as they come)."""
        assert flow.websocket is not None
        messages = flow.websocket.messages
        read = self._read.setdefault(flow, {"request": 0, "response": 0})
        split_now = split and direction not in self._split.setdefault(flow, set())
        if split_now:
            self._split[flow].add(direction)
        start = 0 if split_now else read[direction]
        for earlier in messages[start:len(messages) - (0 if through_last else 1)]:  # sent: only what is shown changes
            if earlier.from_client == (direction == "request") and not earlier.dropped:
                earlier.content = scrub.masked_message(flow, earlier, rt)
        read[direction] = len(messages)


def _runtime_or_none():
    """The running configuration; None when there is none (the record's masking then keeps nothing it cannot scan)."""
    try:
        return runtime.get()
    except runtime.NotConfigured:
        return None
