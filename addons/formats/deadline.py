"""A CPU deadline for opening one body (codec61). Pure: no mitmproxy import.

The guard gives each message a CPU budget (guard.MESSAGE_BUDGET_SCANS) and checked it first once the body was open:
the codecs read a body whole before that (10 MiB of NDJSON lines: ~8 s of the event loop, 10 MiB of form pairs ~10 s,
attack59), so a hostile body held every other flow for that long before it was refused. The caller now passes a
`Deadline` to `open_body` (or `open_strings_decoded`); it is in force for every reading of that body (multipart parts,
decoded runs, archive members: `bounded`), and each codec's loop over a body's pieces (lines, pairs, values, parts,
encoded runs, members, wire items) calls `check`, which past the deadline raises `OutOfTime`: a ScanCutShort, so the
body is refused as a scan that did not finish, whatever the `unparseable` policy says. An honest body that opens
within the budget is read exactly as before; without a deadline (the recording's scrub, replays) nothing changes.

The deadline is this thread's CPU time (`time.thread_time`), as the guard's budget counts it: a machine short of CPU
must not refuse a message the proxy never spent its budget on. Reading that clock costs ~0.6 us, more than one
step of most loops, so the wall clock is read instead until the CPU left could have been used up (one thread's CPU
time passes no faster than wall time), as detect/deadline.py does for the hold-back's scans.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from .model import ScanCutShort

# Steps of a loop of cheap steps (a form pair, a JSON value) between two checks: ~0.1 ms of work at most.
EVERY = 64


class OutOfTime(ScanCutShort):
    """Opening the body outlasted the message's CPU budget: what came after was not read."""

    def __init__(self, message: str = "the message's time budget ran out while its body was being opened") -> None:
        super().__init__(message)  # a multipart part's says which part (its codec re-raises it so)


class Deadline:
    """Past ``cpu_limit`` (a `time.thread_time()` value of this thread), `check` raises OutOfTime."""

    __slots__ = ("_next_look", "cpu_limit")

    def __init__(self, cpu_limit: float) -> None:
        self.cpu_limit = cpu_limit
        self._next_look = time.perf_counter()  # before this wall time the CPU limit cannot have been passed

    @classmethod
    def after(cls, cpu_seconds: float) -> Deadline:
        return cls(time.thread_time() + cpu_seconds)

    def passed(self) -> bool:
        now = time.perf_counter()
        if now < self._next_look:
            return False
        left = self.cpu_limit - time.thread_time()
        if left < 0:
            return True
        self._next_look = now + left
        return False

    def check(self) -> None:
        if self.passed():
            raise OutOfTime()


class _Unbounded(Deadline):
    """No deadline: a reading outside `bounded` (the recording's scrub of a body the guard read, a replay)."""

    __slots__ = ()

    def __init__(self) -> None:
        super().__init__(float("inf"))

    def passed(self) -> bool:
        return False

    def check(self) -> None:
        return None


UNBOUNDED: Deadline = _Unbounded()
_CURRENT: ContextVar[Deadline] = ContextVar("formats_open_deadline", default=UNBOUNDED)


@contextmanager
def bounded(deadline: Deadline | None) -> Iterator[None]:
    """While the block runs, `current()` is ``deadline``; None keeps the one in force (a part opened inside its
    body's reading shares the body's)."""
    if deadline is None:
        yield
        return
    token = _CURRENT.set(deadline)
    try:
        yield
    finally:
        _CURRENT.reset(token)


def current() -> Deadline:
    """The deadline in force (a loop reads it once, then calls its `check`)."""
    return _CURRENT.get()
