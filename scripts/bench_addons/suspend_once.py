"""Bench-only addon (bench_record.py --floor): suspends every response hook once, and does nothing else.

Recording must hold each answer until its record is durable, so the response hook has to suspend at least once;
with recording off, this addon measures what that one suspension costs mitmproxy, the floor under any recording
that keeps the durable-before-answer rule.
"""

import asyncio


class SuspendOnce:
    async def response(self, flow) -> None:
        await asyncio.sleep(0)


addons = [SuspendOnce()]
