"""The CPU a streamed answer's inspection may take (faults49, EVASION.md section 5): a token bucket over the event
loop thread's CPU seconds spent in the stream callable (the loop serves nobody else meanwhile). It starts full
(``burst_seconds``), fills at ``share`` CPU seconds per second of wall time and holds no more than it started with;
the answer is stopped once it is empty.

Why a share of time, not CPU per byte: a model's word deltas arrive in pieces as small as a hostile upstream's
(~3 s of a core per MiB either way); what differs is the pace. A model generating 100 tokens a second keeps the
callable busy a few percent of the time; an upstream pushing tiny pieces as fast as it can keeps it busy all the
time, and every other client of the proxy waits on the same loop. CPU time, not the wall time spent in the
callable: on a machine short of CPU the wall time of every call grows, and a model's paced answer was cut (faults49's
live test, load 16, a budget of 5 % after 0.5 s); the price is that a flood on such a machine, which gets only a
fraction of a core, is cut later or not at all."""

from __future__ import annotations

from dataclasses import dataclass, field

from addons.core.policy import StreamCpuBudget

# mitmproxy's own CPU for one chunk before the callable sees it (TLS, the chunked framing, the layers), which the
# callable's clock does not see: faults48's bench, buffered JSON in 256 B chunks, 0.46 s per MiB (4,096 chunks) at
# load 13-15. Without it an answer of large events in tiny pieces, where the callable only buffers, was charged a
# third of what it cost (faults49's bench).
CHUNK_OVERHEAD_SECONDS = 100e-6


@dataclass
class CpuBudget:
    share: float  # CPU seconds earned per second of wall time
    burst_seconds: float  # what the bucket starts with and holds at most
    balance: float = field(init=False)
    spent: float = 0.0  # CPU seconds charged in all (for the record's reason)
    _last: float | None = None  # monotonic time of the last charge

    def __post_init__(self) -> None:
        self.balance = self.burst_seconds

    @classmethod
    def of(cls, policy: StreamCpuBudget) -> CpuBudget | None:
        """None when the policy's share is a whole core: one event loop cannot take more."""
        return None if policy.share >= 1.0 else cls(policy.share, policy.burst_seconds)

    def charge(self, cpu_seconds: float, now: float) -> None:
        """``cpu_seconds`` spent on one chunk by the callable, which ended at ``now`` (monotonic); and mitmproxy's
        share for the chunk."""
        if self._last is not None:
            self.balance = min(self.burst_seconds, self.balance + self.share * max(0.0, now - self._last))
        self._last = now
        self.balance -= cpu_seconds + CHUNK_OVERHEAD_SECONDS
        self.spent += cpu_seconds + CHUNK_OVERHEAD_SECONDS

    def available(self, now: float) -> float:
        """The CPU seconds the next chunk's work may take, at ``now`` (monotonic), before the bucket is empty: what a
        piece's scan is cut at (detect/deadline.py, wsloop59), so one hostile piece cannot run past the budget."""
        earned = 0.0 if self._last is None else self.share * max(0.0, now - self._last)
        return min(self.burst_seconds, self.balance + earned) - CHUNK_OVERHEAD_SECONDS

    @property
    def exhausted(self) -> bool:
        return self.balance < 0
