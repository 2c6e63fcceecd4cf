"""Upstream mode looks every request's host up (attack25): one lookup per name per 30 s, failures too, so a
resolver that times out costs one request its 3 s, not every request."""

from __future__ import annotations

import asyncio

from addons.core.control_plane import RecentLookups


def test_a_name_is_looked_up_once_per_30_s_failed_or_not():
    calls: list[str] = []
    now = [0.0]

    async def lookup(host: str, port: int) -> list[str] | None:
        calls.append(host)
        return None if host == "slow.example" else ["203.0.113.7"]

    recent = RecentLookups(lookup, clock=lambda: now[0])
    for _ in range(3):
        assert asyncio.run(recent.addresses("slow.example", 443)) is None
        assert asyncio.run(recent.addresses("API.example.", 443)) == ["203.0.113.7"]
        assert asyncio.run(recent.addresses("api.example", 443)) == ["203.0.113.7"]
    assert calls == ["slow.example", "API.example."]
    now[0] = 31.0
    asyncio.run(recent.addresses("slow.example", 443))
    assert calls[-1] == "slow.example" and len(calls) == 3
