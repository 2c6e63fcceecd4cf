"""faults49 (EVASION.md section 5, "an upstream pushing a streamed answer in tiny pieces"): the policy's
``stream_cpu_budget`` through a real mitmdump with recording on. An upstream sending an SSE answer of tiny events as
fast as it can keeps the stream callable busy all the time: past the budget the client gets the 200 head, the words
so far, then ``exitguard_stream_cpu_budget`` and a broken end; the upstream is dropped; another client is served
meanwhile; the flow is on record with why. A model-paced stream under the same budget is delivered whole.
The budget here is tight (5 % of a core after 0.5 s) so the test costs little CPU on a shared machine; the
default (half a core after 10 s) is the same arithmetic (tests/stream/test_faults49_cpu_budget.py)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator

import pytest
import yaml

from addons.core.policy import DEFAULT_POLICY_FILE
from tests.hostile import live_support as L
from tests.live import harness
from tests.proxy.test_faults48_slow_answers_live import Trickle, flows_recorded, others_served, until

pytestmark = pytest.mark.live

MIB = 1024 * 1024
MARKER = "the hostile one"


def event(word: str) -> bytes:
    return b"data: " + json.dumps({"id": "chatcmpl-1", "object": "chat.completion.chunk", "choices": [
        {"index": 0, "delta": {"content": word}, "finish_reason": None}]}).encode() + b"\n\n"


class TinyEvents(Trickle):
    """One small SSE event per HTTP chunk, with ``gap`` seconds between them, until ``total`` bytes or ``count``
    events; then ``[DONE]``."""

    def __init__(self, total: int, gap: float = 0.0, count: int | None = None) -> None:
        super().__init__(b"", total, 0, gap)
        self.count = count

    def __iter__(self) -> Iterator[tuple[bytes, float]]:
        try:
            n = 0
            while self.sent < self.total and (self.count is None or n < self.count):
                piece = event(f"w{n} ")
                yield piece, self.gap
                self.sent += len(piece)
                n += 1
            yield b"data: [DONE]\n\n", 0.0
        finally:
            self.ended.set()


@pytest.fixture
def budgeted_proxy(tmp_path, proxy_factory):
    data = yaml.safe_load(DEFAULT_POLICY_FILE.read_text())
    data["stream_cpu_budget"] = {"share": 0.05, "burst_seconds": 0.5}
    policy = tmp_path / "policy.yaml"
    policy.write_text(yaml.safe_dump(data))
    records = tmp_path / "records"
    return proxy_factory("--set", f"exitguard_policy={policy}", "--set", f"exitguard_record_dir={records}"), records


def answered(proxy: harness.Proxy, upstream: harness.Upstream, events: TinyEvents) -> tuple[bytes, list]:
    """``events`` as the answer to one client while another posts small requests: what the first got (until the
    proxy closed: the request says ``connection: close``), the other's statuses."""
    def handler(req: harness.Received) -> harness.Reply:
        if MARKER.encode() in req.body:
            return harness.Reply(200, {"content-type": "text/event-stream"}, chunks=events)
        return harness.default_handler(req)
    upstream.route("POST", "/v1/chat/completions", handler)
    t = L.tunnel(proxy, timeout=30)
    t.sendall(L.chat_request(MARKER, extra_headers="connection: close\r\n"))  # its end: the proxy closes
    stop, statuses = threading.Event(), []
    other = others_served(proxy, stop, statuses)
    try:
        answer = L.read_all(t, wait=120)
    finally:
        stop.set()
        other.join(60)
        t.close()
    return answer, statuses


def test_a_paced_stream_is_whole_and_a_flood_of_tiny_events_is_cut_closed_recorded_others_served(budgeted_proxy,
                                                                                                   upstream):
    proxy, records = budgeted_proxy
    # A model's pace: 150 word deltas 20 ms apart (a few percent of a core).
    paced = TinyEvents(total=MIB, gap=0.02, count=150)
    answer, _ = answered(proxy, upstream, paced)
    assert b"w149 " in answer and b"data: [DONE]" in answer and b"exitguard_" not in answer, answer[-500:]

    flood = TinyEvents(total=200 * MIB)  # as fast as the upstream can write them
    answer, statuses = answered(proxy, upstream, flood)
    head, _, body = answer.partition(b"\r\n\r\n")
    print(f"faults49 flood: the upstream sent {flood.sent} bytes; others served {len(statuses)}")
    assert b" 200 " in head.split(b"\r\n")[0]
    assert b"w0 " in body  # the words before the budget ran out were inspected and sent
    assert b"exitguard_stream_cpu_budget" in body and b"[DONE]" not in body
    assert not body.endswith(b"0\r\n\r\n")  # an error, never a clean end
    until(flood.ended.is_set, 30, "the proxy kept the flooding upstream connection open")
    assert flood.sent < 200 * MIB
    assert statuses and all(s == 200 for s in statuses), statuses
    until(lambda: any("stream_cpu_budget" in (r.get("reason") or "") for r in flows_recorded(records, within_s=1)),
          30, "the cut stream is not on record with its reason")
    (cut,) = [r for r in flows_recorded(records) if "stream_cpu_budget" in (r.get("reason") or "")]
    assert cut["decision"] == "error" and cut.get("streamed")
    assert proxy.proc.poll() is None
