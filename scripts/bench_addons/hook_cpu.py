"""Bench-only addon (bench_record.py --hook-cpu): where a proxy's CPU goes, per addon hook and per recording part.

Loaded after the bundle (``-s``), it replaces mitmproxy's ``AddonManager.invoke_addon`` with one that times each
hook's thread CPU across its suspensions (an async hook is driven step by step), wraps the recording's parts (the
scrubbed copy, the index record, the serialization, the writing thread's rounds and sealing) and their own parts
(the detached copy, credential headers, messages, connections, ``safe_record``, the index record's common fields, the
metadata's encoding; nested: each inside one of the first three), counts whether each body came from the guard's
scan (``clean_bodies.handed_over``: clean, with findings, or none: scanned again), counts the event loop's passes,
and every half second writes the totals and each thread's CPU and context switches (``/proc``) as JSON to the file
named by ``EXITGUARD_HOOK_CPU``. The timers cost a few us a call, alike in every proxy: compare proxies, not absolute
figures. Never for production: it patches mitmproxy and exitguard in place.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
import json
import os
import time
from collections import Counter
from pathlib import Path

from mitmproxy import addonmanager

totals: Counter[str] = Counter()


def timed(name: str, fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        started = time.thread_time_ns()
        try:
            return fn(*args, **kwargs)
        finally:
            totals[name + " ns"] += time.thread_time_ns() - started
            totals[name + " calls"] += 1
    return wrapper


class _Step:
    """Awaits what a driven coroutine yielded, as the task would have."""

    def __init__(self, yielded) -> None:
        self.yielded = yielded

    def __await__(self):
        return (yield self.yielded)


async def invoke_addon(self, addon, event) -> None:
    for owner, func in self._iter_hooks(addon, event):
        name = f"hook {type(owner).__name__}.{event.name}"
        started = time.thread_time_ns()
        result = func(*event.args())
        totals[name + " ns"] += time.thread_time_ns() - started
        totals[name + " calls"] += 1
        if result is None or not inspect.isawaitable(result):
            continue
        steps, sent = result.__await__(), None
        while True:
            started = time.thread_time_ns()
            try:
                yielded = steps.send(sent)
            except StopIteration:
                totals[name + " ns"] += time.thread_time_ns() - started
                break
            totals[name + " ns"] += time.thread_time_ns() - started
            totals[name + " suspensions"] += 1
            sent = await _Step(yielded)


def _counted(handed_over):
    """``clean_bodies.handed_over``, counting by message kind whether the guard's scan was there (None: the scrub
    opens and scans that body again)."""
    @functools.wraps(handed_over)
    def wrapper(message, inspector):
        mark = handed_over(message, inspector)
        kind = type(message).__name__.lower()
        outcome = "none" if mark is None else "clean" if mark.scan is None else "scan"
        totals[f"record: {kind} body handed over: {outcome} calls"] += 1
        return mark
    return wrapper


def _patch() -> None:
    addonmanager.AddonManager.invoke_addon = invoke_addon  # type: ignore[method-assign]
    try:
        from addons.audit import audit, flowstate, groupcommit, index, recorder
    except ImportError:
        return
    audit.scrub.record_copy = timed("record: copy + scrub", audit.scrub.record_copy)
    audit.flow_record = timed("record: index record", audit.flow_record)
    audit.Audit._entry = timed("record: serialization", audit.Audit._entry)
    flowstate._connection = timed("record: connections (kept encodings)", flowstate._connection)
    # the parts' own parts (nested: each is inside one of the three above)
    from addons.audit import scrub
    from addons.core import clean_bodies, outside
    scrub.detached = timed("record: copy + scrub: detached copy", scrub.detached)
    scrub.scrub_credentials = timed("record: copy + scrub: credential headers", scrub.scrub_credentials)
    scrub._Masker.mask_message = timed("record: copy + scrub: messages", scrub._Masker.mask_message)
    scrub._mask_connections = timed("record: copy + scrub: connections", scrub._mask_connections)
    clean_bodies.handed_over = timed("record: copy + scrub: guard's scans looked up",
                                     _counted(clean_bodies.handed_over))
    outside.safe_record = timed("record: safe_record (metadata, index record)", outside.safe_record)
    audit._common = timed("record: index record: common fields", audit._common)
    flowstate._metadata = timed("record: serialization: metadata", flowstate._metadata)
    groupcommit.GroupCommit._hand_over = timed("record: hand-over", groupcommit.GroupCommit._hand_over)
    groupcommit._resolve_all = timed("record: wake-up", groupcommit._resolve_all)
    recorder.Recorder.commit = timed("writer: round", recorder.Recorder.commit)
    index.Chain.seal = timed("writer: sealing", index.Chain.seal)


_patch()


class HookCpu:
    def running(self) -> None:
        loop = asyncio.get_running_loop()
        run_once = loop._run_once  # type: ignore[attr-defined]

        def counted() -> None:
            started = time.thread_time_ns()
            run_once()
            totals["loop: pass ns"] += time.thread_time_ns() - started
            totals["loop: pass calls"] += 1

        loop._run_once = counted  # type: ignore[attr-defined]
        self._task = loop.create_task(self._dump(os.environ.get("EXITGUARD_HOOK_CPU", "")))

    async def _dump(self, out: str) -> None:
        while out:
            await asyncio.sleep(0.5)
            with open(out + ".tmp", "w") as f:
                json.dump({"totals": dict(totals), "threads": _threads()}, f)
            os.replace(out + ".tmp", out)


def _threads() -> dict[str, list[int]]:
    """[user ticks, system ticks, voluntary, involuntary context switches] of the event loop's thread and of all
    the others together (the recorder's writing and sync threads)."""
    pid = os.getpid()
    out: dict[str, list[int]] = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            stat = Path(f"/proc/{pid}/task/{tid}/stat").read_text().rsplit(")", 1)[1].split()
            status = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/task/{tid}/status").read_text()
                          .splitlines() if ":" in line)
        except OSError:  # the thread ended meanwhile
            continue
        now = [int(stat[11]), int(stat[12]), int(status["voluntary_ctxt_switches"]),
               int(status["nonvoluntary_ctxt_switches"])]
        name = "event loop" if int(tid) == pid else "other threads"
        out[name] = [a + b for a, b in zip(out.get(name, [0, 0, 0, 0]), now, strict=True)]
    return out


addons = [HookCpu()]
