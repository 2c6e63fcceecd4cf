"""Bench-only addon (bench_record.py --stages): where a recorded flow's wait goes, stage by stage.

Loaded after the bundle (``-s``) into a recording proxy, it wraps the group commit's steps and stamps each flow
(``time.perf_counter_ns``, one clock for every thread) when its hook hands the entry in (the hook's CPU is done),
when the loop hands the pass's entries to the writing thread, when that thread takes them for a round, when the
fdatasync that covered them started and ended, when the release was sent to the loop, when the loop ran it, and
when the hook resumed; every half second it writes each flow's stamps as JSON to the file named by
``EXITGUARD_STAGES`` (the clock is CLOCK_MONOTONIC, the bench's too: it picks the flows of its open loop). It
works with any build that keeps ``GroupCommit.write``, ``_enqueue``, ``_next_round`` and the module's ``_settle``
/ ``_resolve_all``. "sync start" / "sync end" are those of the last fdatasync (of either file) to end before the
release was sent. Never for production: it patches exitguard and ``os`` in place.
"""

from __future__ import annotations

import asyncio
import functools
import json
import os
import threading
import time

STAGES = ("hand-over", "taken", "sync start", "sync end", "release sent", "loop woken", "hook resumed")
_now = time.perf_counter_ns
_stamps: dict[int, dict[str, int]] = {}  # id(entry) -> stage -> ns
_by_waiter: dict[int, int] = {}  # id(waiter) -> id(entry)
_flows: list[list[int]] = []  # per flow: its start, then each stage's ns after it (STAGES' order)
_last_sync = [0, 0]  # the latest finished fdatasync: start, end
_lock = threading.Lock()


def _patch() -> None:
    from addons.audit import groupcommit

    real_fdatasync = os.fdatasync

    def fdatasync(fd: int) -> None:
        started = _now()
        try:
            real_fdatasync(fd)
        finally:
            with _lock:
                if started >= _last_sync[0]:
                    _last_sync[:] = [started, _now()]

    os.fdatasync = fdatasync

    cls = groupcommit.GroupCommit
    write, enqueue, next_round = cls.write, cls._enqueue, cls._next_round
    settle, resolve_all = groupcommit._settle, groupcommit._resolve_all

    @functools.wraps(write)
    async def stamped_write(self, entry):
        _stamps[id(entry)] = {"start": _now()}
        try:
            return await write(self, entry)
        finally:
            _finish(id(entry))

    def stamped_enqueue(self, batch):
        t = _now()
        with _lock:
            for entry, waiter in batch:
                if id(entry) in _stamps:
                    _stamps[id(entry)]["hand-over"] = t
                    _by_waiter[id(waiter)] = id(entry)
        return enqueue(self, batch)

    def stamped_next_round(self, *queued):  # a build before rec52 takes no argument
        batch = next_round(self, *queued)
        t = _now()
        with _lock:
            for entry, _ in batch or ():
                if id(entry) in _stamps:
                    _stamps[id(entry)]["taken"] = t
        return batch

    def stamped_settle(outcomes):
        t = _now()
        with _lock:
            start, end = _last_sync
            for waiter, _ in outcomes:
                rec = _stamps.get(_by_waiter.get(id(waiter), -1))
                if rec is not None:
                    rec.update({"sync start": start, "sync end": end, "release sent": t})
        return settle(outcomes)

    def stamped_resolve_all(outcomes):
        t = _now()
        with _lock:
            for waiter, _ in outcomes:
                rec = _stamps.get(_by_waiter.get(id(waiter), -1))
                if rec is not None:
                    rec["loop woken"] = t
        return resolve_all(outcomes)

    cls.write, cls._enqueue, cls._next_round = stamped_write, stamped_enqueue, stamped_next_round  # type: ignore
    groupcommit._settle, groupcommit._resolve_all = stamped_settle, stamped_resolve_all


def _finish(key: int) -> None:
    rec = _stamps.pop(key, None)
    if rec is None:
        return
    rec["hook resumed"] = _now()
    with _lock:
        for waiter, entry in list(_by_waiter.items()):
            if entry == key:
                del _by_waiter[waiter]
        if all(name in rec for name in STAGES):
            _flows.append([rec["start"], *(rec[name] - rec["start"] for name in STAGES)])


_patch()


class CommitStages:
    def running(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._dump(os.environ.get("EXITGUARD_STAGES", "")))

    async def _dump(self, out: str) -> None:
        while out:
            await asyncio.sleep(0.5)
            with open(out + ".tmp", "w") as f:
                json.dump({"flows": _flows}, f)
            os.replace(out + ".tmp", out)


addons = [CommitStages()]
