"""A CPU deadline for the hold-back's work on one piece of a stream (wsloop59). Pure: no mitmproxy import.

A WebSocket message or a streamed answer's chunk is inspected on mitmproxy's one event loop: while its hold-back
searches run, no other flow is served. The stream's CPU budget (stream/cpu_budget.py) was charged between pieces,
so one hostile piece ran to its end (256 KiB of `=`: 5 s of the loop). The caller sets what the piece may still
take (`limit`); the hold-back calls `check` between rules and between a search's restarts, and past the deadline
raises `OverBudget`, which the stream masker turns into its fail-closed stop.

The deadline is CPU time of the thread, as the budget counts it (a machine short of CPU must not cut a paced answer
early). `time.thread_time` costs ~0.6 us a call, too much between each of a delta's rules, so the wall clock is
read instead until the CPU left could have been used up: one thread's CPU time passes no faster than wall time."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar


class OverBudget(Exception):
    """The hold-back's work on a piece passed the deadline its caller set. `reason` is the caller's (no value)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Deadline:
    def __init__(self, cpu_seconds: float, reason: str) -> None:
        self.cpu_limit = time.thread_time() + cpu_seconds  # this thread's CPU time past which the work stops
        self.reason = reason
        self._next_look = time.perf_counter()  # before this wall time the CPU limit cannot have been passed

    def check(self) -> None:
        now = time.perf_counter()
        if now < self._next_look:
            return
        left = self.cpu_limit - time.thread_time()
        if left < 0:
            raise OverBudget(self.reason)
        self._next_look = now + left


_CURRENT: ContextVar[Deadline | None] = ContextVar("exitguard_holdback_deadline", default=None)


@contextmanager
def limit(cpu_seconds: float | None, reason: str) -> Iterator[None]:
    """While the block runs, the hold-back may take `cpu_seconds` more of this thread's CPU (None: no limit);
    past it, `check` raises OverBudget(reason)."""
    token = _CURRENT.set(None if cpu_seconds is None else Deadline(cpu_seconds, reason))
    try:
        yield
    finally:
        _CURRENT.reset(token)


def current() -> Deadline | None:
    """The deadline in force (read once per call by a loop that checks it often)."""
    return _CURRENT.get()


def check() -> None:
    """Raise OverBudget if the deadline in force has passed."""
    found = _CURRENT.get()
    if found is not None:
        found.check()
