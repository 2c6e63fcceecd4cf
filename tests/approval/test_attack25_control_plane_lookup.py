"""Attack25: the store's name could not be looked up when an agent's connection was checked.

``ControlPlane`` looks the store's name up at the first connection it checks (and every 30 s). A lookup that failed
(the 3 s bound: the resolver slow, or every thread of the lookup pool busy with an agent's lookups of names whose
DNS never answers) left no address known, and remembered the attempt for 30 s: every connection to the store's
*address* (an IP literal, which needs no lookup of its own) passed until then. Unchecked is refused now: while no
address of a named endpoint is known, a connection on its port is refused, and the next connection looks it up
again."""

from __future__ import annotations

import asyncio
import socket

from addons.core import net
from addons.core.control_plane import ControlPlane, endpoints

STORE = "redis://redis.fleet.test:6379/0"


class FlakyDNS:
    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.calls = 0

    async def __call__(self, host: str, port: int) -> list[str]:
        self.calls += 1
        if self.calls <= self.failures:
            raise TimeoutError()
        return {"redis.fleet.test": ["10.232.0.2"]}[host]


def plane(dns: FlakyDNS, now: list[float]) -> ControlPlane:
    p = ControlPlane(dns, net.is_local_address, clock=lambda: now[0])
    p.configure(endpoints(STORE, None))
    return p


def test_the_stores_address_is_refused_when_its_name_could_not_be_looked_up():
    dns, now = FlakyDNS(failures=1), [100.0]
    p = plane(dns, now)
    assert asyncio.run(p.refusal("10.232.0.2", 6379, ["10.232.0.2"])) is not None, "passed: the lookup had failed"


def test_a_failed_lookup_is_tried_again_at_the_next_connection_not_30_s_later():
    dns, now = FlakyDNS(failures=1), [100.0]
    p = plane(dns, now)
    asyncio.run(p.refusal("203.0.113.5", 443, ["203.0.113.5"]))  # the lookup fails here
    now[0] += 1
    assert asyncio.run(p.refusal("10.232.0.2", 26379, ["10.232.0.2"])) is not None  # Sentinel's port: looked up
    assert dns.calls == 2


def test_a_vendors_public_address_passes_while_the_stores_name_cannot_be_looked_up():
    """Issue 16: requests that need no approval keep flowing while the store is unreachable, its DNS too. Its own
    port stays refused anywhere, its other ports on private and local addresses (Sentinel beside it)."""
    dns, now = FlakyDNS(failures=10), [100.0]
    p = plane(dns, now)
    assert asyncio.run(p.refusal("203.0.113.5", 443, ["203.0.113.5"])) is None
    assert asyncio.run(p.refusal("203.0.113.5", 6379, ["203.0.113.5"])) is not None
    assert asyncio.run(p.refusal("10.232.0.9", 26379, ["10.232.0.9"])) is not None
    assert asyncio.run(p.refusal("127.0.0.1", 26379, ["127.0.0.1"])) is not None


def test_other_connections_pass_once_the_name_resolves():
    dns, now = FlakyDNS(failures=0), [100.0]
    p = plane(dns, now)
    assert asyncio.run(p.refusal("203.0.113.5", 443, ["203.0.113.5"])) is None
    assert asyncio.run(p.refusal("10.232.0.3", 6379, ["10.232.0.3"])) is None
    assert asyncio.run(p.refusal("10.232.0.2", 80, ["10.232.0.2"])) is not None


def test_a_name_the_resolver_says_does_not_exist_is_refused_by_name_only():
    """A callback URL only reviewers' DNS knows: refusing every connection on 443 for it would stop all traffic."""
    async def no_such_name(host: str, port: int) -> list[str]:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    p = ControlPlane(no_such_name, net.is_local_address)
    p.configure(endpoints(None, "https://approvals.corp.example"))
    assert asyncio.run(p.refusal("approvals.corp.example", 443, None)) is not None
    assert asyncio.run(p.refusal("203.0.113.5", 443, ["203.0.113.5"])) is None


def test_while_the_name_cannot_be_looked_up_it_is_tried_once_a_second_not_at_every_connection():
    """Each lookup may wait out its 3 s bound: at every connection, all traffic would wait while the store's DNS is
    down. The connections in between are checked as unresolved (its port, and private addresses, refused)."""
    dns, now = FlakyDNS(failures=10), [100.0]
    p = plane(dns, now)
    for _ in range(5):
        assert asyncio.run(p.refusal("203.0.113.5", 443, ["203.0.113.5"])) is None
        assert asyncio.run(p.refusal("10.232.0.2", 6379, ["10.232.0.2"])) is not None
    assert dns.calls == 1
    now[0] += 1
    asyncio.run(p.refusal("203.0.113.5", 443, ["203.0.113.5"]))
    assert dns.calls == 2
