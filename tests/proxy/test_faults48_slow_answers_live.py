"""faults48 (EVASION.md section 5): answers built to hold the proxy, through a real mitmdump with recording on.

- An upstream answering 50 MB in tiny chunks, buffered (JSON, scanned whole): the proxy stops at the policy's
  inspection limit (10 MiB) with a 502, sends the client nothing of the body, records the flow, and serves other
  clients meanwhile; its memory grows by about the limit, not the answer.
- An upstream trickling a byte at a time without end: no time budget ends it (mitmproxy 12.3 has no read timeout);
  the client's own timeout does, and then the proxy drops the upstream connection and records the flow.
- A client that stops reading a 50 MB streamed (SSE) answer: mitmproxy drains its writers before it reads on
  (backpressure), so the proxy holds a socket buffer's worth, not the answer; others are served; when the client
  goes, the upstream connection goes too and the flow is recorded.
Every check is on behaviour (statuses, bytes, records, a memory bound with room); no timings."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest

from addons.audit import index as auditlog
from tests.hostile import live_support as L
from tests.live import harness

pytestmark = pytest.mark.live

MIB = 1024 * 1024
FILLER = b"x" * 1024


def flows_recorded(records, within_s: float = 30.0, count: int = 1) -> list[dict]:
    """The index's flow records, once at least ``count`` are there (the group commit runs in the background)."""
    deadline = time.monotonic() + within_s
    while True:
        found = [r for _, _, r in auditlog.read_records(auditlog.index_files(records)) if r.get("event") == "flow"]
        if len(found) >= count or time.monotonic() > deadline:
            return found
        time.sleep(0.2)


def others_served(proxy: harness.Proxy, stop: threading.Event, results: list[int | None]) -> threading.Thread:
    """Another client posting small requests one after the other until ``stop``: each status is kept."""
    def run() -> None:
        while not stop.is_set():
            try:
                t = L.tunnel(proxy, timeout=30)
                t.sendall(L.chat_request("another client"))
                results.append(L.status_of(L.read_all(t, wait=30)))
                t.close()
            except OSError:
                results.append(None)
    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def until(condition, within_s: float, what: str) -> None:
    deadline = time.monotonic() + within_s
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.1)


class Trickle:
    """Chunks for harness.Reply: ``total`` bytes in ``size``-byte pieces, ``gap`` s apart; notes when the proxy stopped
    taking them (the upstream's write failed) and how much went out."""

    def __init__(self, head: bytes, total: int, size: int, gap: float = 0.0) -> None:
        self.head, self.total, self.size, self.gap = head, total, size, gap
        self.sent = 0
        self.ended = threading.Event()  # the generator was closed (the write failed) or ran out

    def __iter__(self) -> Iterator[tuple[bytes, float]]:
        try:
            yield self.head, 0.0
            piece = (FILLER * (self.size // len(FILLER) + 1))[:self.size]
            while self.sent < self.total:
                yield piece, self.gap
                self.sent += len(piece)
        finally:
            self.ended.set()


def answer_with(upstream: harness.Upstream, trickle: Trickle, media: str) -> None:
    """The request that says ``MARKER`` gets the trickle; the other clients' requests the usual small answer."""
    def handler(req: harness.Received) -> harness.Reply:
        if MARKER.encode() in req.body:
            return harness.Reply(200, {"content-type": media}, chunks=trickle)
        return harness.default_handler(req)
    upstream.route("POST", "/v1/chat/completions", handler)


MARKER = "the slow one"


@pytest.fixture
def recorded_proxy(tmp_path, proxy_factory):
    records = tmp_path / "records"
    proxy = proxy_factory("--set", f"exitguard_record_dir={records}")
    return proxy, records


def test_fifty_megabytes_in_tiny_chunks_stop_at_the_limit_closed_recorded_and_others_served(recorded_proxy, upstream):
    proxy, records = recorded_proxy
    trickle = Trickle(b'{"id": "chatcmpl-big", "filler": "', total=50 * MIB, size=1024)
    answer, statuses, grew = trickle_through(proxy, upstream, trickle, "application/json")
    print(f"faults48 tiny chunks: rss grew {grew} KiB, upstream sent {trickle.sent}")
    assert L.status_of(answer) == 502, answer[:300]
    assert b"x" * 64 not in answer  # nothing of the unscanned body reached the client
    until(trickle.ended.is_set, 30, "the proxy kept the upstream connection open")
    assert trickle.sent < 50 * MIB  # it stopped reading, it did not take the whole answer
    assert statuses and all(s == 200 for s in statuses), statuses  # others were answered meanwhile
    # About the limit (10 MiB) and its copies, never the answer's 50 MiB; room for a loaded machine's allocator.
    assert grew < 120 * 1024, grew
    # On record with why: the upstream's status (200) and mitmproxy's error; what the client got was the 502.
    (big,) = [r for r in flows_recorded(records, count=2) if r.get("error")]
    assert "body_size_limit" in big["error"] and big["response_bytes"] == 0
    assert proxy.proc.poll() is None


def test_a_byte_at_a_time_without_end_is_ended_by_the_client_and_then_dropped_and_recorded(recorded_proxy, upstream):
    proxy, records = recorded_proxy
    trickle = Trickle(b'{"id": "chatcmpl-slow", "filler": "', total=50 * MIB, size=1, gap=0.02)
    answer_with(upstream, trickle, "application/json")
    t = L.tunnel(proxy, timeout=30)
    t.sendall(L.chat_request(MARKER))
    stop, statuses = threading.Event(), []
    other = others_served(proxy, stop, statuses)
    answer = L.read_all(t, wait=8)  # the client's own timeout: nothing came within it
    stop.set()
    other.join(60)
    assert answer == b""  # nothing unscanned, no headers before the body is whole
    assert trickle.sent > 0 and not trickle.ended.is_set()  # the trickle was still going when the client gave up
    t.close()  # the client goes
    until(trickle.ended.is_set, 60, "the proxy kept reading the trickle after its client left")
    assert statuses and all(s == 200 for s in statuses), statuses
    until(lambda: any(r.get("status") != 200 or r.get("error") for r in flows_recorded(records, within_s=1)), 30,
          f"the abandoned flow was never recorded: {flows_recorded(records, within_s=1)}")
    assert proxy.proc.poll() is None


def sse_events(total: int) -> Trickle:
    event = b"data: " + b'{"choices": [{"index": 0, "delta": {"content": "' + b"y" * 16000 + b'"}}]}\n\n'
    return _EventTrickle(event, total)


class _EventTrickle(Trickle):
    def __init__(self, event: bytes, total: int) -> None:
        super().__init__(event, total, len(event))
        self.event = event

    def __iter__(self) -> Iterator[tuple[bytes, float]]:
        try:
            while self.sent < self.total:
                yield self.event, 0.0
                self.sent += len(self.event)
        finally:
            self.ended.set()


def test_a_client_that_stops_reading_a_stream_holds_a_buffer_not_the_answer(recorded_proxy, upstream):
    proxy, records = recorded_proxy
    trickle = sse_events(50 * MIB)
    answer_with(upstream, trickle, "text/event-stream")
    sampler = L.RssSampler(proxy.proc.pid)
    t = L.tunnel(proxy, timeout=30)
    t.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 64 * 1024)
    t.sendall(L.chat_request(MARKER))  # the upstream streams whatever was asked
    t.settimeout(30)
    first = t.recv(4096)
    assert L.status_of(first) == 200, first[:300]
    # The client reads no more. Once the buffers between are full, the upstream's writes wait too.
    stop, statuses = threading.Event(), []
    other = others_served(proxy, stop, statuses)
    until(lambda: len(statuses) >= 3, 120, f"other clients were not served: {statuses}")
    sent_then = trickle.sent
    until(lambda: len(statuses) >= 6, 120, f"other clients were not served: {statuses}")
    stop.set()
    other.join(60)
    assert all(s == 200 for s in statuses), statuses
    print(f"faults48 stalled reader: rss start {sampler.start} peak {sampler.peak} KiB, upstream sent {sent_then} "
          f"then {trickle.sent}, others served {len(statuses)}")
    assert trickle.sent < 50 * MIB and not trickle.ended.is_set(), "the proxy read the whole answer"
    assert trickle.sent - sent_then < 8 * MIB  # stalled, not still pulling the answer in
    assert sampler.peak - sampler.start < 120 * 1024, (sampler.start, sampler.peak)
    t.close()  # the client finally goes
    until(trickle.ended.is_set, 60, "the upstream connection outlived its client")
    sampler.stop()
    until(lambda: len(flows_recorded(records, within_s=1)) > len(statuses), 30,
          "the abandoned stream was never recorded")
    assert proxy.proc.poll() is None


class _EndlessEvent(Trickle):
    """One SSE event that never ends: ``data: `` and then 50 MB of one line, in 1 KiB chunks."""

    def __iter__(self) -> Iterator[tuple[bytes, float]]:
        try:
            yield b"data: ", 0.0
            while self.sent < self.total:
                yield FILLER, 0.0
                self.sent += len(FILLER)
        finally:
            self.ended.set()


def endless_event_through(proxy: harness.Proxy, upstream: harness.Upstream) -> tuple[_EndlessEvent, bytes, list, int]:
    """The endless event asked for by one client while another posts small requests: the trickle, then as
    `trickle_through`."""
    trickle = _EndlessEvent(b"", total=50 * MIB, size=1024)
    return trickle, *trickle_through(proxy, upstream, trickle, "text/event-stream")


def trickle_through(proxy: harness.Proxy, upstream: harness.Upstream, trickle: Trickle,
                    content_type: str) -> tuple[bytes, list, int]:
    """`trickle` as the answer to one client while another posts small requests: what the client got (until the
    proxy closed or 120 s of silence), the other client's statuses, the proxy's RSS growth (KiB)."""
    answer_with(upstream, trickle, content_type)
    sampler = L.RssSampler(proxy.proc.pid)
    t = L.tunnel(proxy, timeout=30)
    t.sendall(L.chat_request(MARKER))
    stop, statuses = threading.Event(), []
    other = others_served(proxy, stop, statuses)
    try:
        answer = L.read_all(t, wait=120)
    finally:
        stop.set()
        other.join(60)
        sampler.stop()
        t.close()
    return answer, statuses, sampler.peak - sampler.start


def test_one_streamed_event_of_fifty_megabytes_in_tiny_chunks_is_refused_closed_and_recorded(recorded_proxy,
                                                                                               upstream):
    proxy, records = recorded_proxy
    _, answer, statuses, grew = endless_event_through(proxy, upstream)
    head, _, body = answer.partition(b"\r\n\r\n")
    assert b" 200 " in head.split(b"\r\n")[0]  # streamed: the status went before the event
    assert b"x" * 64 not in body  # the unfinished event was never passed on unscanned
    assert b"exitguard_event_too_large" in body and not body.endswith(b"0\r\n\r\n")  # an error, never a clean end
    assert statuses and all(s == 200 for s in statuses), statuses
    assert grew < 120 * 1024, grew  # the 10 MiB the event may take, and copies; never the 50 MiB
    recorded = flows_recorded(records, count=len(statuses) + 1)
    assert len(recorded) == len(statuses) + 1
    (cut,) = [r for r in recorded if r.get("streamed")]
    assert any(c.get("status") == "stream_stopped" for c in cut["coverage"]), cut["coverage"]
    assert proxy.proc.poll() is None


def test_after_refusing_an_endless_event_the_proxy_stops_reading_the_upstream(recorded_proxy, upstream):
    proxy, _ = recorded_proxy
    trickle, answer, _, _ = endless_event_through(proxy, upstream)
    assert b"exitguard_event_too_large" in answer
    until(trickle.ended.is_set, 30, "the proxy kept the upstream connection open after the refusal")
    print(f"faults49 endless event: the upstream sent {trickle.sent} bytes before the proxy dropped it")
    # The refusal comes at the 10 MiB event limit; what the socket buffers held then is all that left it after.
    assert trickle.sent < 50 * MIB, "the upstream was read to its end after the refusal"
