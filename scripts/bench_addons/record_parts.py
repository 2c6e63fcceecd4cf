"""Bench-only addon (bench_record.py --parts): a recording proxy with one half of recording taken away.

Loaded after the bundle (``-s``) into a proxy that records; ``EXITGUARD_RECORD_PART`` says which half is left:

- ``hook``: the response hook's CPU work on the event loop (the scrubbed copy, the index record, the
  serialization), then one suspension; nothing is handed to the writing thread, written or synced.
- ``commit``: none of that work; a constant entry (a 3,000-byte flow and a fixed index record) goes through the
  real group commit (the writing thread's round and sealing, both fdatasyncs, the wake-up of the loop), and the
  hook waits for it as recording does.

With the floor (``suspend_once.py``: one suspension, nothing else), the three say what each half of recording costs
and how much comes from running both together (the seventh pass's ablation table, measured in one run). Never for
production: it patches exitguard in place.
"""

from __future__ import annotations

import asyncio
import os

from addons.audit import audit, groupcommit
from addons.audit.recorder import FlowEntry

PART = os.environ.get("EXITGUARD_RECORD_PART", "")
CONSTANT_FLOW = b"3000:" + b"x" * 3000 + b","  # a tnetstring bytes value: the size of a recorded chat flow
CONSTANT_RECORD = {"event": "flow", "flow_id": "bench", "host": "api.openai.com", "status": 200, "findings": []}


async def _not_written(self, entry) -> None:
    await asyncio.sleep(0)  # the one suspension a durable record needs at least
    return None  # "not recorded": the hook sets no record file on the live flow, and nothing else follows


def _live_flow(flow, rt, scanner=None, **kwargs):
    return flow  # no copy, no scrub: the constant entry below is what is written


def _constant_record(c, rt, sizes, scanner=None) -> dict:
    return dict(CONSTANT_RECORD)


def _constant_entry(self, flow, what, copy):
    return what if isinstance(what, audit.EventEntry) else FlowEntry(CONSTANT_FLOW, what)


if PART == "hook":
    groupcommit.GroupCommit.write = _not_written  # type: ignore[method-assign,assignment]
elif PART == "commit":
    audit.scrub.record_copy = _live_flow
    audit.flow_record = _constant_record
    audit.Audit._entry = _constant_entry  # type: ignore[method-assign]
elif PART:
    raise SystemExit(f"record_parts.py: EXITGUARD_RECORD_PART must be hook or commit, not {PART!r}")

addons: list = []
