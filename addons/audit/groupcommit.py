"""Group commit in overlapping rounds: while one fdatasync runs, the next round is written, so one pair of
fdatasyncs covers every flow written since the last, and a flow waits only for the first fdatasync that starts after
its bytes are written.

A flow's hook awaits ``write`` (threads: ``submit`` and the future it returns). Two threads share the work, each
taking whichever step is due (rec52): a round (everything queued, ``Recorder.write``: flows, then their index lines,
no fdatasync) when no thread writes, an fdatasync (``Recorder.sync``, which settles the waiters it covered, or fails
them with its error) when something written is not durable and none runs. The thread that wrote a round syncs it
itself when no fdatasync runs: a lone flow meets one thread, not a writer that then wakes a syncer (each wake-up
waits for a core and the GIL). A flow that arrives while a round syncs is written meanwhile by the other thread and
waits for the next fdatasync only, not for the end of one it is not in and then a whole round of its own. One thread
writes at a time and one syncs at a time. Order of submission = chain order = index order = recording order.

The event loop and the threads meet as seldom as they can, since each meeting is a GIL hand-off and a wake-up:
the hooks of one loop pass hand their entries over together (one lock, and a notify only when a thread waits idle
and none writes: a thread busy with a round takes the queue when the round ends), and a round settles all its loop's
waiters in one callback (one wake-up of the loop, not one per flow). That callback, and the hook tasks it wakes, run
before the loop's other ready work (core/loop_first.py): a flow whose record is durable is answered before new work
starts.
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


_SYNC = object()  # GroupCommit._next_job: the step is an fdatasync


class GroupCommit:
    """The recorder's two threads (started with the first entry) and the queue of entries for its next round."""

    def __init__(self, recorder: Recorder) -> None:
        self.recorder = recorder
        self._queue: deque[_Queued] = deque()
        self._incoming: list[_Queued] = []  # the loop's entries of this pass, not yet handed to the threads
        # Under _wake: the two threads' state. One writes at a time (rounds in queue order), one syncs at a time.
        self._wake = threading.Condition()
        self._workers: list[threading.Thread] = []
        self._idle = 0  # threads waiting for a step: only then does a hand-over wake one
        self._writing = False
        self._syncing = False
        self._sync_wanted = False  # something is written and not durable, or settled and not handed out
        self._stopping = False
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
            self._wake.notify_all()
            workers = list(self._workers)
        for worker in workers:
            worker.join()
        _settle(cast(list[_Outcome], self.recorder.sync()))  # whatever a direct round settled after they ended

    def _hand_over(self) -> None:
        batch, self._incoming = self._incoming, []
        if batch:
            self._enqueue(batch)

    def _enqueue(self, batch: list[_Queued]) -> None:
        with self._wake:
            if not self._stopping:
                self._queue.extend(batch)
                self._start_workers()
                if not self._writing and self._idle:  # a thread that writes takes the queue when its round ends
                    self._wake.notify()
                return
        _settle([(waiter, RecorderBroken("the recorder is shutting down")) for _, waiter in batch])

    def _want_sync(self) -> None:
        """Something is written and not durable, or settled and not handed out: a thread syncs."""
        with self._wake:
            if self._stopping and not self._workers_alive():
                return  # stop() hands out what is left itself
            self._sync_wanted = True
            self._start_workers()
            if not self._syncing and self._idle:
                self._wake.notify()

    def _start_workers(self) -> None:
        """Under _wake: the two threads, started with the first entry."""
        if self._workers:
            return
        for n in (1, 2):
            worker = threading.Thread(target=self._work, name=f"exitguard-record-{n}", daemon=True)
            self._workers.append(worker)
            worker.start()

    def _workers_alive(self) -> bool:
        return any(worker.is_alive() for worker in self._workers)

    def _work(self) -> None:
        """Either thread does whichever step is due: the thread that wrote a round syncs it itself when no
        fdatasync runs (no hand-over to another thread on the way), and the other writes what comes meanwhile."""
        while (job := self._next_job()) is not None:
            if job is _SYNC:
                self._sync()
            else:
                self._write(cast(list[_Queued], job))

    def _next_job(self) -> list[_Queued] | object | None:
        """The next step, waiting for one: _SYNC when something written waits for an fdatasync and none runs, else
        everything queued when no thread writes; None once stopping and nothing is left."""
        with self._wake:
            while True:
                job: list[_Queued] | object | None = None
                if self._sync_wanted and not self._syncing:
                    self._sync_wanted, self._syncing, job = False, True, _SYNC
                elif self._queue and not self._writing:
                    self._writing, job = True, list(self._queue)
                    self._queue.clear()
                elif self._stopping and not self._queue and not self._writing and not self._sync_wanted:
                    # The other thread may have seen this thread busy after stop() woke it and waited again:
                    # wake it to see that nothing is left, or stop()'s join waits for ever.
                    self._wake.notify_all()
                    return None
                if job is not None:
                    other_due = (self._queue and not self._writing) or (self._sync_wanted and not self._syncing)
                    if self._idle and other_due:
                        self._wake.notify()  # the other step is due too: the waiting thread takes it
                    return job
                self._idle += 1
                self._wake.wait()
                self._idle -= 1

    def _write(self, queued: list[_Queued]) -> None:
        batch = self._next_round(queued)
        try:
            failed = self.recorder.write([entry for entry, _ in batch], [waiter for _, waiter in batch]) \
                if batch else []
        except Exception as e:  # a bug here must not leave flows waiting for ever: fail them, closed
            logger.exception("exitguard audit: the group-commit thread failed")
            failed = [(waiter, RecorderBroken(f"group commit failed ({type(e).__name__})")) for _, waiter in batch]
        with self._wake:
            self._writing = False
            self._sync_wanted = self._sync_wanted or bool(batch)
        _settle(cast(list[_Outcome], failed))

    def _sync(self) -> None:
        try:
            outcomes = self.recorder.sync()
        except Exception as e:  # a bug: what waits must not wait for ever (it is failed by the close)
            logger.exception("exitguard audit: the group-commit sync failed")
            self.recorder.close()
            outcomes = [(token, RecorderBroken(f"group commit failed ({type(e).__name__})"))
                        for token, _ in self.recorder.take_settled()]
        finally:
            with self._wake:
                self._syncing = False
        _settle(cast(list[_Outcome], outcomes))

    def _next_round(self, queued: list[_Queued]) -> list[_Queued]:
        """The entries of a round: a waiter that was cancelled (its task ended) gives up its place."""
        return [(entry, waiter) for entry, waiter in queued if _still_waiting(waiter)]


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
