"""Put a callback at the head of an asyncio event loop's queue instead of its tail.

asyncio runs what is ready in arrival order: ``call_soon`` / ``call_soon_threadsafe`` append to the loop's queue of
ready callbacks, and a pass of the loop first runs every callback queued before it began (new ones wait for the next
pass, behind the I/O events that pass brings). A hook that waits for another thread (the recorder's fdatasync) thus
waits twice behind the rest of the proxy's work: its release is queued behind every callback ready then, and the
hook task's own wake-up (``Future.set_result`` schedules it with ``call_soon``) behind every callback of the next
pass: other connections' reads, each running a whole flow's hooks. rec52 measured that wait as most of what a
recorded flow waits at 30% load. ``call_first_threadsafe`` queues the release at the head, and ``run_woken_first``
moves what a callback woke (the hook tasks' steps) to the head: the flow that is ready to answer goes before new work.

Both use asyncio's own event loop internals (``BaseEventLoop._ready``, the deque ``_run_once`` pops from, and
``_write_to_self``, which wakes its selector), present from CPython 3.7 to 3.13; on a loop without them (another
implementation, say uvloop) they fall back to the ordinary tail. Nothing is run out of turn more than once: a
callback at the head still runs only when the callback running now returns.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable
from typing import Any


def _ready_of(loop: asyncio.AbstractEventLoop) -> deque | None:
    ready = getattr(loop, "_ready", None)
    if isinstance(loop, asyncio.BaseEventLoop) and isinstance(ready, deque) and hasattr(loop, "_write_to_self"):
        return ready
    return None


def call_first_threadsafe(loop: asyncio.AbstractEventLoop, callback: Callable[..., Any], *args: Any) -> None:
    """``loop.call_soon_threadsafe(callback, *args)``, but run before whatever the loop has ready (after the
    callback it runs now). Raises RuntimeError when the loop is closed, as ``call_soon_threadsafe`` does."""
    ready = _ready_of(loop)
    if ready is None or loop.get_debug():  # debug mode checks threads and tracebacks: keep its own way
        loop.call_soon_threadsafe(callback, *args)
        return
    if loop.is_closed():
        raise RuntimeError("Event loop is closed")
    ready.appendleft(asyncio.Handle(callback, args, loop))  # one deque operation: atomic under the GIL
    loop._write_to_self()  # type: ignore[attr-defined]  # wake the selector, as call_soon_threadsafe does


def run_woken_first(callback: Callable[[], Any]) -> Any:
    """Run ``callback`` on the running loop; whatever it scheduled with ``call_soon`` (a future's done callbacks:
    the waiting tasks' wake-ups) goes to the head of the loop's queue, in the order it was scheduled."""
    loop = asyncio.get_running_loop()
    ready = _ready_of(loop)
    last_before = ready[-1] if ready else None
    try:
        return callback()
    finally:
        if ready is not None:
            # Only this thread takes from the queue. What came after the last callback queued before is what the
            # callback woke (and what another thread appended meanwhile: it goes first too). Found by that callback,
            # not by a count: another thread's release put at the head meanwhile (call_first_threadsafe) grows the
            # queue too, and counting moved the last callback queued before ahead of the others (attack53).
            woken = []
            while ready and ready[-1] is not last_before:
                woken.append(ready.pop())
            ready.extendleft(woken)  # popped newest first: extendleft restores their order at the head
