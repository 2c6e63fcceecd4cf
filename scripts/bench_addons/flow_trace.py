"""Bench-only addon (bench_record.py --trace): one flow's timeline through the proxy, recorded or not.

Loaded after the bundle (``-s``) into every proxy of the bench, it stamps each flow (``time.perf_counter_ns``:
CLOCK_MONOTONIC, one clock for every thread and for the bench's clients) at mitmproxy's own timestamps (request and
response start and end, read from the flow, wall clock turned monotonic), at the entry and exit of each HTTP hook
(all addons), at the Audit addon's response hook, along the group commit (entry handed in, handed to the writing
thread, taken for a round, written, the covering fdatasync's start and end, release sent, loop woken, hook resumed),
and when mitmproxy has passed the response to the client's transport (the hook task's ``HookCompleted``, which
writes it). Every half second it writes each finished flow as JSON to the file named by
``EXITGUARD_TRACE``. Never for production: it patches mitmproxy and exitguard in place.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import json
import os
import threading
import time

_now = time.perf_counter_ns
_lock = threading.Lock()
_flows: dict[str, dict[str, int]] = {}  # flow id -> stage -> ns
_done: list[dict] = []
_current: contextvars.ContextVar[str | None] = contextvars.ContextVar("exitguard_trace_flow", default=None)
_entry_flows: dict[int, str] = {}  # id(entry) -> flow id, until handed to the writing thread
_by_waiter: dict[int, str] = {}  # id(waiter) -> flow id
_last_sync = [0, 0]  # the latest finished fdatasync: start, end
_select = [0, 0]  # the event loop's last select: entered, returned
HOOKS = ("requestheaders", "request", "responseheaders", "response")


def _stamp(flow_id: str | None, stage: str, t: int | None = None) -> None:
    if flow_id is None:
        return
    with _lock:
        rec = _flows.get(flow_id)
        if rec is not None:
            rec[stage] = _now() if t is None else t


def _patch() -> None:
    from mitmproxy import addonmanager
    from mitmproxy.proxy import server

    from addons.audit import audit, groupcommit, recorder

    handle_lifecycle = addonmanager.AddonManager.handle_lifecycle

    @functools.wraps(handle_lifecycle)
    async def stamped_lifecycle(self, event):
        name = event.name
        flow = event.args()[0] if name in HOOKS else None
        if flow is None:
            return await handle_lifecycle(self, event)
        if name == "requestheaders":
            with _lock:
                _flows.setdefault(flow.id, {})
        _stamp(flow.id, f"{name} in")
        try:
            return await handle_lifecycle(self, event)
        finally:
            _stamp(flow.id, f"{name} out")

    addonmanager.AddonManager.handle_lifecycle = stamped_lifecycle  # type: ignore[method-assign]

    hook_task = server.ConnectionHandler.hook_task

    @functools.wraps(hook_task)
    async def stamped_hook_task(self, hook):
        if hook.name != "response":
            return await hook_task(self, hook)
        flow = hook.args()[0]
        _stamp(flow.id, "hook task")
        try:
            return await hook_task(self, hook)
        finally:
            _finish(flow)

    server.ConnectionHandler.hook_task = stamped_hook_task  # type: ignore[method-assign]

    response = audit.Audit.response

    @functools.wraps(response)
    async def stamped_response(self, flow):
        _stamp(flow.id, "audit in")
        token = _current.set(flow.id)
        try:
            return await response(self, flow)
        finally:
            _current.reset(token)
            _stamp(flow.id, "audit out")

    audit.Audit.response = stamped_response  # type: ignore[method-assign]

    cls = groupcommit.GroupCommit
    write, enqueue, next_round = cls.write, cls._enqueue, cls._next_round
    settle, resolve_all = groupcommit._settle, groupcommit._resolve_all

    @functools.wraps(write)
    async def stamped_write(self, entry):
        flow_id = _current.get()
        _stamp(flow_id, "handed in")
        if flow_id is not None:
            with _lock:
                _entry_flows[id(entry)] = flow_id
        try:
            return await write(self, entry)
        finally:
            _stamp(flow_id, "hook resumed")

    def stamped_enqueue(self, batch):
        t = _now()
        with _lock:
            for entry, waiter in batch:
                flow_id = _entry_flows.pop(id(entry), None)
                if flow_id in _flows:
                    _flows[flow_id]["hand-over"] = t
                    _by_waiter[id(waiter)] = flow_id
        return enqueue(self, batch)

    def stamped_next_round(self, *queued):  # a build before rec52 takes no argument
        batch = next_round(self, *queued)
        t = _now()
        with _lock:
            for _, waiter in batch or ():
                flow_id = _by_waiter.get(id(waiter))
                if flow_id in _flows:
                    _flows[flow_id]["taken"] = t
        return batch

    rec_write = recorder.Recorder.write

    @functools.wraps(rec_write)
    def stamped_rec_write(self, entries, tokens):
        out = rec_write(self, entries, tokens)
        t = _now()
        with _lock:
            for waiter in tokens:
                flow_id = _by_waiter.get(id(waiter))
                if flow_id in _flows:
                    _flows[flow_id]["written"] = t
        return out

    recorder.Recorder.write = stamped_rec_write  # type: ignore[method-assign]

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

    def stamped_settle(outcomes):
        t = _now()
        with _lock:
            start, end = _last_sync
            for waiter, _ in outcomes:
                rec = _flows.get(_by_waiter.get(id(waiter), ""))
                if rec is not None:
                    rec.update({"sync start": start, "sync end": end, "release sent": t})
        return settle(outcomes)

    def stamped_resolve_all(outcomes):
        t = _now()
        with _lock:
            for waiter, _ in outcomes:
                rec = _flows.get(_by_waiter.pop(id(waiter), ""))
                if rec is not None:
                    rec["loop woken"] = t
                    # this pass of the loop: when it went into select and when select returned
                    rec["loop select in"], rec["loop select out"] = _select
        return resolve_all(outcomes)

    cls.write, cls._enqueue, cls._next_round = stamped_write, stamped_enqueue, stamped_next_round  # type: ignore
    groupcommit._settle, groupcommit._resolve_all = stamped_settle, stamped_resolve_all


def _finish(flow) -> None:
    """The response was handed to the client's transport: the flow's stamps are complete."""
    t = _now()
    offset = time.time_ns() - _now()  # wall - monotonic, to place mitmproxy's own timestamps

    def mono(ts: float | None) -> int | None:
        return None if ts is None else int(ts * 1e9) - offset

    with _lock:
        rec = _flows.pop(flow.id, None)
        if rec is None:
            return
        rec["sent"] = t
        for stage, ts in (("request start", flow.request.timestamp_start), ("request end", flow.request.timestamp_end),
                          ("response start", flow.response and flow.response.timestamp_start),
                          ("response end", flow.response and flow.response.timestamp_end)):
            if (m := mono(ts)) is not None:
                rec[stage] = m
        rec["port"] = flow.client_conn.peername[1] if flow.client_conn.peername else 0
        _done.append(rec)


_patch()


class FlowTrace:
    def __init__(self) -> None:
        self.out = os.environ.get("EXITGUARD_TRACE", "")

    def running(self) -> None:
        loop = asyncio.get_running_loop()
        selector = loop._selector  # type: ignore[attr-defined]
        select = selector.select

        def stamped_select(timeout=None):
            _select[0] = _now()
            try:
                return select(timeout)
            finally:
                _select[1] = _now()

        selector.select = stamped_select
        self._task = loop.create_task(self._dumping())

    def done(self) -> None:
        self._dump()

    async def _dumping(self) -> None:
        while self.out:
            await asyncio.sleep(0.5)
            self._dump()

    def _dump(self) -> None:
        if not self.out:
            return
        with _lock:
            flows = list(_done)
        with open(self.out + ".tmp", "w") as f:
            json.dump({"flows": flows}, f)
        os.replace(self.out + ".tmp", self.out)


addons = [FlowTrace()]
