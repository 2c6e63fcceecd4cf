"""The CPU budget of a streamed answer (faults49, EVASION.md section 5; policy ``stream_cpu_budget``): the token
bucket, the policy key, and the Streaming addon stopping a stream past it, closed and on record.
Live: tests/proxy/test_faults49_stream_cpu_budget_live.py."""

from __future__ import annotations

import pytest
from mitmproxy.test import taddons

from addons.core import metakeys
from addons.core.policy import PolicyError, StreamCpuBudget
from addons.stream.cpu_budget import CHUNK_OVERHEAD_SECONDS, CpuBudget
from addons.stream.streaming import Streaming
from tests.stream import streams as S
from tests.stream.support import installed, make_inspector, make_policy
from tests.stream.test_streaming_addon import sse_flow


def test_a_paced_stream_never_empties_the_bucket():
    budget = CpuBudget(share=0.5, burst_seconds=10)
    for second in range(3600):  # an hour of a model's deltas: 100 a second at 0.5 ms each, 5 % of a core
        budget.charge(0.05, now=float(second))
    assert not budget.exhausted and budget.balance == pytest.approx(10 - 0.05 - CHUNK_OVERHEAD_SECONDS)
    assert budget.spent == pytest.approx(3600 * (0.05 + CHUNK_OVERHEAD_SECONDS))


def test_each_chunk_is_charged_mitmproxys_share_too():
    """Large events in tiny pieces: the callable only buffers (next to no CPU), mitmproxy's reading is the cost."""
    budget = CpuBudget(share=0.05, burst_seconds=0.5)
    chunks = 0
    while not budget.exhausted:  # 10,000 chunks a second, each nearly free in the callable
        chunks += 1
        budget.charge(0.0, now=chunks / 10_000)
    assert chunks < 10_000 * 10  # cut within seconds: mitmproxy's reading takes a whole core at that pace


def test_a_stream_that_keeps_the_loop_busy_is_stopped_after_its_allowance():
    budget = CpuBudget(share=0.5, burst_seconds=10)
    seconds = 0
    while not budget.exhausted:  # all of a core: the bucket drains at 1 - share
        seconds += 1
        budget.charge(1.0, now=float(seconds))
    assert 19 <= seconds <= 20  # burst / (1 - share): the bucket starts full and earns from the first charge on


def test_the_bucket_holds_no_more_than_its_allowance():
    budget = CpuBudget(share=0.5, burst_seconds=2)
    budget.charge(0.0, now=0.0)
    budget.charge(0.0, now=3600.0)  # an hour idle earns nothing past the allowance
    budget.charge(2.5, now=3600.5)
    assert budget.exhausted


def test_a_whole_core_is_no_budget():
    assert CpuBudget.of(StreamCpuBudget(share=1.0)) is None
    assert CpuBudget.of(StreamCpuBudget()) == CpuBudget(0.5, 10.0)


def test_the_policy_default_and_its_checks():
    assert make_policy().stream_cpu_budget == StreamCpuBudget(share=0.5, burst_seconds=10.0)
    assert make_policy(stream_cpu_budget={"share": 0.2}).stream_cpu_budget == StreamCpuBudget(0.2, 10.0)
    for wrong in ({"share": 0}, {"share": 1.5}, {"share": True}, {"burst_seconds": -1}, {"burst_seconds": "10"},
                  {"shares": 0.5}, "fast"):
        with pytest.raises(PolicyError, match="stream_cpu_budget"):
            make_policy(stream_cpu_budget=wrong)


async def test_a_stream_past_its_budget_ends_with_the_error_event_and_is_recorded():
    inspector = make_inspector(make_policy(stream_cpu_budget={"share": 0.01, "burst_seconds": 0.5}))
    # 0.5 s, not 1 ms: the first chunk must be inspected whole, and the budget is a deadline inside a chunk's scan
    # too (wsloop59), which a loaded machine's first chunk passed at 1 ms; the charge below empties it
    addon = Streaming()
    with installed(inspector), taddons.context(addon):
        f = sse_flow()
        await addon.responseheaders(f)
        stream = f.response.stream
        first = b"".join(stream(S.openai_chat(["hello ", "there"])))
        assert b"hello" in first  # the first chunk is inspected and sent: the bucket was full
        stream.budget.charge(1.0, stream.budget._last)  # as if that chunk had taken a second of CPU
        out = b"".join(stream(S.openai_chat(["more words"])))
        assert b"exitguard_stream_cpu_budget" in out and b"more words" not in out and b"[DONE]" not in out
        assert f.error is not None  # killed: compat ends it at this chunk (the upstream dropped, a broken end)
        assert stream(b"data: later\n\n") == []
        addon.error(f)
    md = f.metadata
    assert md[metakeys.DECISION] == "error" and "stream_cpu_budget" in md[metakeys.REASON]
    assert md[metakeys.COVERAGE][-1]["status"] == "stream_stopped"
