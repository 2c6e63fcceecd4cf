"""Group commit in overlapping rounds: one thread writes, another syncs, so one pair of fdatasyncs covers every
flow written since the last, and a flow waits only for the first fdatasync that starts after its bytes are written.

A flow's hook awaits ``write`` (threads: ``submit`` and the future it returns). The writing thread takes everything
queued and writes it as one round (``Recorder.write``: flows, then their index lines, no fdatasync), then takes the
next queue at once; the syncing thread runs ``Recorder.sync`` while there is anything written and not durable, and
settles the waiters each fdatasync covered (or fails them with its error). So a flow that arrives while a round
syncs is written meanwhile and waits for the next fdatasync only, not for the end of one it is not in and then a
whole round of its own. Order of submission = chain order = index order = recording order.

The event loop and the thread meet as seldom as they can, since each meeting is a GIL hand-off and a wake-up:
the hooks of one loop pass hand their entries over together (one lock, and a notify only when the thread waits
idle: a thread busy with a round takes the queue when the round ends), and a round settles all its loop's waiters
in one callback (one wake-up of the loop, not one per flow). That callback, and the hook tasks it wakes, run before
the loop's other ready work (core/loop_first.py): a flow whose record is durable is answered before new work starts.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections import defaultdict, deque
from concurrent.futures import Future
from typing import cast

from addons.audit.recorder import Entry, Recorder, RecorderBroken
from addons.core.loop_first import call_first_threadsafe, run_woken_first

logger = logging.getLogger(__name__)

Waiter = Future[dict] | asyncio.Future[dict]
_Queued = tuple[Entry, Waiter]
_Outcome = tuple[Waiter, dict | BaseException]


class GroupCommit:
    """The recorder's one writing thread (started on the first entry) and the queue of entries for its next round."""

    def __init__(self, recorder: Recorder) -> None:
        self.recorder = recorder
        self._queue: deque[_Queued] = deque()
        self._wake = threading.Condition()
        self._thread: threading.Thread | None = None
        self._stopping = False
        self._idle = False  # the thread waits for entries (under _wake): only then does a hand-over wake it
        self._incoming: list[_Queued] = []  # the loop's entries of this pass, not yet handed to the thread
        # The syncing thread: wakes when something is written (or settled by a direct round) and not handed out.
        self._sync_wake = threading.Condition()
        self._sync_thread: threading.Thread | None = None
        self._sync_wanted = False
        self._sync_idle = False
        self._sync_stopping = False
        recorder.on_settled = self._want_sync

    async def write(self, entry: Entry) -> dict:
        """The sealed record, once the entry is durable (raises the round's error)."""
        loop = asyncio.get_running_loop()
        waiter: asyncio.Future[dict] = loop.create_future()
        if not self._incoming:
            loop.call_soon(self._hand_over)  # after the other hooks of this pass have added theirs
        self._incoming.append((entry, waiter))
        return await waiter

    def submit(self, entry: Entry) -> Future[dict]:
        """The sealed record once the entry is durable, for a caller outside the event loop."""
        future: Future[dict] = Future()
        self._enqueue([(entry, future)])
        return future

    def stop(self) -> None:
        """Commit what is queued, then end both threads."""
        self._hand_over()
        with self._wake:
            self._stopping = True
            self._wake.notify()
            thread = self._thread
        if thread is not None:
            thread.join()
        with self._sync_wake:
            self._sync_stopping = True
            self._sync_wake.notify()
            syncing = self._sync_thread
        if syncing is not None:
            syncing.join()
        _settle(cast(list[_Outcome], self.recorder.sync()))  # whatever a direct round settled after the thread ended

    def _hand_over(self) -> None:
        batch, self._incoming = self._incoming, []
        if batch:
            self._enqueue(batch)

    def _enqueue(self, batch: list[_Queued]) -> None:
        with self._wake:
            if not self._stopping:
                self._queue.extend(batch)
                if self._thread is None:
                    self._thread = threading.Thread(target=self._run, name="exitguard-record", daemon=True)
                    self._thread.start()
                elif self._idle:  # a busy thread takes the queue when its round ends: no wake-up needed
                    self._wake.notify()
                return
        _settle([(waiter, RecorderBroken("the recorder is shutting down")) for _, waiter in batch])

    def _run(self) -> None:
        while (batch := self._next_round()) is not None:
            if not batch:
                continue
            try:
                failed = self.recorder.write([entry for entry, _ in batch], [waiter for _, waiter in batch])
            except Exception as e:  # a bug here must not leave flows waiting for ever: fail them, closed
                logger.exception("exitguard audit: the group-commit thread failed")
                failed = [(waiter, RecorderBroken(f"group commit failed ({type(e).__name__})")) for _, waiter in batch]
            _settle(cast(list[_Outcome], failed))
            self._want_sync()

    def _want_sync(self) -> None:
        """Something is written and not durable, or settled and not handed out: the syncing thread runs."""
        with self._sync_wake:
            if self._sync_stopping:
                return  # stop() hands out what is left itself
            self._sync_wanted = True
            if self._sync_thread is None:
                self._sync_thread = threading.Thread(target=self._sync_run, name="exitguard-record-syncing",
                                                     daemon=True)
                self._sync_thread.start()
            elif self._sync_idle:
                self._sync_wake.notify()

    def _sync_run(self) -> None:
        while True:
            with self._sync_wake:
                while not self._sync_wanted and not self._sync_stopping:
                    self._sync_idle = True
                    self._sync_wake.wait()
                    self._sync_idle = False
                if not self._sync_wanted:
                    return
                self._sync_wanted = False
            try:
                outcomes = self.recorder.sync()
            except Exception as e:  # a bug: what waits must not wait for ever (it is failed by the close)
                logger.exception("exitguard audit: the group-commit sync failed")
                self.recorder.close()
                outcomes = [(token, RecorderBroken(f"group commit failed ({type(e).__name__})"))
                            for token, _ in self.recorder.take_settled()]
            _settle(cast(list[_Outcome], outcomes))

    def _next_round(self) -> list[_Queued] | None:
        """Everything queued, waiting for the first entry; None once stopping and drained."""
        with self._wake:
            while not self._queue and not self._stopping:
                self._idle = True
                self._wake.wait()
                self._idle = False
            batch = list(self._queue)
            self._queue.clear()
        if not batch:
            return None
        # A waiter that was cancelled (its task ended) gives up its place.
        return [(entry, waiter) for entry, waiter in batch if _still_waiting(waiter)]


def _still_waiting(waiter: Waiter) -> bool:
    if isinstance(waiter, Future):
        return waiter.set_running_or_notify_cancel()  # from here on it can no longer be cancelled
    return not waiter.cancelled()  # it still can: _resolve skips it then (written, nobody waits)


def _settle(outcomes: list[_Outcome]) -> None:
    """Thread futures at once; a loop's futures in one callback on that loop (asyncio futures are not
    thread-safe)."""
    by_loop: dict[asyncio.AbstractEventLoop, list[_Outcome]] = defaultdict(list)
    for waiter, outcome in outcomes:
        if isinstance(waiter, Future):
            _resolve(waiter, outcome)
        else:
            by_loop[waiter.get_loop()].append((waiter, outcome))
    for loop, theirs in by_loop.items():
        try:
            call_first_threadsafe(loop, _resolve_all, theirs)
        except RuntimeError:  # the loop is closed: nobody is left waiting
            pass


def _resolve_all(outcomes: list[_Outcome]) -> None:
    def resolve() -> None:
        for waiter, outcome in outcomes:
            _resolve(waiter, outcome)

    run_woken_first(resolve)


def _resolve(waiter: Waiter, outcome: dict | BaseException) -> None:
    if waiter.done():
        return
    if isinstance(outcome, BaseException):
        waiter.set_exception(outcome)
    else:
        waiter.set_result(outcome)
