"""Group commit: one thread runs the recorder's rounds, so one pair of fdatasyncs covers every concurrent flow.

A flow's hook submits its entry and awaits the future; the thread takes everything queued, commits it as one round
(``Recorder.commit``) and resolves each future when the round that holds it is durable, or with the round's error.
Entries queued while a round syncs form the next round. Order of submission = chain order = index order.
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from concurrent.futures import Future

from addons.audit.recorder import Entry, Recorder, RecorderBroken

logger = logging.getLogger(__name__)

_Queued = tuple[Entry, "Future[dict]"]


class GroupCommit:
    """The recorder's one writing thread (started on the first entry) and the queue of entries for its next round."""

    def __init__(self, recorder: Recorder) -> None:
        self.recorder = recorder
        self._queue: deque[_Queued] = deque()
        self._wake = threading.Condition()
        self._thread: threading.Thread | None = None
        self._stopping = False

    def submit(self, entry: Entry) -> Future[dict]:
        """The sealed record once the entry is durable (``asyncio.wrap_future`` to await it)."""
        future: Future[dict] = Future()
        with self._wake:
            if self._stopping:
                future.set_exception(RecorderBroken("the recorder is shutting down"))
                return future
            self._queue.append((entry, future))
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="exitguard-record", daemon=True)
                self._thread.start()
            self._wake.notify()
        return future

    def stop(self) -> None:
        """Commit what is queued, then end the thread."""
        with self._wake:
            self._stopping = True
            self._wake.notify()
            thread = self._thread
        if thread is not None:
            thread.join()

    def _run(self) -> None:
        while (batch := self._next_round()) is not None:
            try:
                self._commit(batch)
            except Exception as e:  # a bug here must not leave flows waiting for ever: fail them, closed
                logger.exception("exitguard audit: the group-commit thread failed")
                for _, future in batch:
                    if not future.done():
                        future.set_exception(RecorderBroken(f"group commit failed ({type(e).__name__})"))

    def _next_round(self) -> list[_Queued] | None:
        """Everything queued, waiting for the first entry; None once stopping and drained."""
        with self._wake:
            while not self._queue and not self._stopping:
                self._wake.wait()
            batch = list(self._queue)
            self._queue.clear()
        if not batch:
            return None
        # A waiter that was cancelled (its task ended) gives up its place; the rest can no longer be cancelled.
        return [(entry, future) for entry, future in batch if future.set_running_or_notify_cancel()]

    def _commit(self, batch: list[_Queued]) -> None:
        if not batch:
            return
        done = self.recorder.commit([entry for entry, _ in batch])
        for (_, future), sealed in zip(batch, done.sealed, strict=False):
            future.set_result(sealed)
        for _, future in batch[len(done.sealed):]:
            future.set_exception(done.error or RecorderBroken("not written"))
