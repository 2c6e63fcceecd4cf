"""exitguard's own control plane outside this process, which no agent may reach *through* the proxy.

Two places hold what decides for agents, and both may sit where the host policy lets agents go (a private address
an unlisted name resolves to, or loopback on a proxy that lets agents reach a local model server):

- the shared state store (``exitguard_state``, Redis): approvals, windows, decision messages, revocations.
  mitmproxy relays an HTTP request to whatever the agent names, and Redis runs an HTTP request's lines and body as
  commands (up to a ``Host:`` line): a ``PUT`` without one carries any RESP commands. Refused on **every port** of
  its address (Sentinel, a plain port beside the TLS one, another Redis of the same host), unless that address is
  this host's own: then any local address on the store's port (the other local ports may be a model server).
- the approval callback URL (``exitguard_approval_callback_url``): the balancer in front of the callback listener,
  where ten refused links from one address lock every reviewer behind that balancer out for minutes. Its port only.

A name is refused as itself too, whatever it resolves to now. Until a named endpoint's name has resolved once
(looked up at start, again at each connection while it fails), every connection it may be is refused (attack25).
The listeners of this process (control endpoint, callback listener, mitmweb) are approval.py's ``_own_listener``.
"""

from __future__ import annotations

import logging
import socket
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from addons.core import net

logger = logging.getLogger(__name__)

# The resolver's "no such name" answers (a timeout or a failing server is not one of them).
NO_SUCH_NAME = {getattr(socket, n) for n in ("EAI_NONAME", "EAI_NODATA") if hasattr(socket, n)}
REFRESH_S = 30.0  # how often a named endpoint is looked up again
RETRY_UNKNOWN_S = 1.0  # how soon again while no address of it is known
MAX_ADDRESSES = 64  # every address seen for a name is kept (a moved store stays refused), up to this many

Resolve = Callable[[str, int], Awaitable[list[str]]]
IsLocal = Callable[[str], bool]


@dataclass(frozen=True)
class Endpoint:
    what: str  # named in the refusal: "the shared state store (Redis)"
    host: str  # an IP in canonical form, or a name lower-case without its trailing dot
    port: int
    every_port: bool  # the store: every port of its (remote) address


def normal_host(host: str) -> str:
    addr = net.ip_address(host)
    return str(addr) if addr is not None else host.strip().strip("[]").lower().rstrip(".")


def endpoints(state_url: str | None, callback_url: str | None) -> tuple[Endpoint, ...]:
    """The endpoints the options name (already validated by their addons; a URL that does not parse names none)."""
    found = []
    for url, what, default_port, every_port in (
            (state_url, "the shared state store (Redis)", 6379, True),
            (callback_url, "the approval callback URL", None, False)):
        if not url:
            continue
        try:
            parts = urlsplit(url.strip())
            port = parts.port or default_port or (443 if parts.scheme == "https" else 80)
        except ValueError:
            continue
        if parts.hostname:
            found.append(Endpoint(what, normal_host(parts.hostname), port, every_port))
    return tuple(found)


@dataclass
class _Known:
    addresses: set[str] = field(default_factory=set)
    looked_up: float | None = None
    # The resolver answered that the name has none (not a timeout): no agent reaches it by that name through this
    # proxy either, and refusing every connection for it would stop all traffic on a callback URL's port (a name
    # only reviewers' DNS knows). Refused by name only then.
    no_such_name: bool = False


class ControlPlane:
    def __init__(self, resolve: Resolve, is_local: IsLocal, clock: Callable[[], float] = time.monotonic) -> None:
        self.resolve = resolve
        self.is_local = is_local  # loopback, link-local, unspecified or one of this host's own addresses
        self.clock = clock
        self.endpoints: tuple[Endpoint, ...] = ()
        self._known: dict[Endpoint, _Known] = {}

    def configure(self, found: tuple[Endpoint, ...]) -> None:
        if found != self.endpoints:
            self.endpoints = found
            self._known = {e: _Known({e.host} if net.is_ip(e.host) else set()) for e in found}

    @property
    def ports(self) -> set[int]:
        return {e.port for e in self.endpoints}

    async def refusal(self, host: str, port: int, ips: list[str] | None) -> str | None:
        """What of the control plane a connection to ``host:port`` (resolved to ``ips``; None: could not be
        resolved) would reach, or None. Unresolved, it is refused on an endpoint's port (unchecked is refused)."""
        name = normal_host(host)
        for endpoint in self.endpoints:
            on_port = endpoint.every_port or port == endpoint.port
            if on_port and not net.is_ip(name) and name == endpoint.host:
                return endpoint.what
            if ips is None:
                if port == endpoint.port:
                    return endpoint.what
                continue
            addresses = await self._addresses(endpoint)
            if not addresses and not self._known[endpoint].no_such_name and (
                    port == endpoint.port or (endpoint.every_port and any(map(self._inward, ips)))):
                # Its name could not be looked up yet: this may be its address (attack25: an IP literal passed).
                # Its own port anywhere, its other ports on private and local addresses, where a store lives: a
                # vendor's public address on 443 still passes, so requests that need no approval keep flowing
                # while the store's DNS is down (issue 16).
                return f"possibly {endpoint.what} (its name could not be looked up to check)"
            for ip in map(normal_host, ips):
                for address in addresses:
                    if self.is_local(address):  # this host's: any of its addresses reaches it, on its port
                        if port == endpoint.port and self.is_local(ip):
                            return endpoint.what
                    elif on_port and ip == address:
                        return endpoint.what
        return None

    def _inward(self, ip: str) -> bool:
        try:
            return self.is_local(ip) or net.is_private_address(ip)
        except ValueError:
            return True  # not an address: cannot tell, so it may be the store's

    async def look_up(self) -> None:
        """Look every named endpoint up now (at start), so that agents' first connections find them known."""
        for endpoint in self.endpoints:
            await self._addresses(endpoint)

    async def _addresses(self, endpoint: Endpoint) -> set[str]:
        known = self._known.setdefault(endpoint, _Known())
        if net.is_ip(endpoint.host):
            return {endpoint.host}
        now = self.clock()
        if known.looked_up is None or now - known.looked_up >= REFRESH_S:
            known.looked_up = now
            try:
                found = {normal_host(ip) for ip in await self.resolve(endpoint.host, endpoint.port)}
            except (OSError, ValueError, UnicodeError) as e:
                known.no_such_name = isinstance(e, socket.gaierror) and e.errno in NO_SUCH_NAME
                unknown = not known.addresses and not known.no_such_name
                logger.warning("exitguard: %s (%s) could not be looked up (%s); %s", endpoint.what, endpoint.host,
                               type(e).__name__, "connections it may be are refused until it can" if unknown else
                               "refused by its name" + (" and the addresses it had" if known.addresses else ""))
                if unknown:  # unchecked is refused, and a connection a second later tries again (not every one:
                    # each would wait out the lookup's bound while the store's DNS is down)
                    known.looked_up = now - REFRESH_S + RETRY_UNKNOWN_S
                found = set()
            else:
                known.no_such_name = False
            known.addresses |= found
            if len(known.addresses) > MAX_ADDRESSES:
                known.addresses = found
        return known.addresses


class RecentLookups:
    """Answers of ``lookup`` (None: failed) kept ``REFRESH_S``: in upstream mode every request's host is looked up
    here (the next proxy connects), and a lookup that times out must not cost every request its 3 s."""

    MAX_NAMES = 1024

    def __init__(self, lookup: Callable[[str, int], Awaitable[list[str] | None]],
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.lookup = lookup
        self.clock = clock
        self._answers: dict[tuple[str, int], tuple[float, list[str] | None]] = {}

    async def addresses(self, host: str, port: int) -> list[str] | None:
        key, now = (normal_host(host), port), self.clock()
        if (kept := self._answers.get(key)) is not None and now - kept[0] < REFRESH_S:
            return kept[1]
        answer = await self.lookup(host, port)
        if len(self._answers) >= self.MAX_NAMES:
            self._answers.clear()
        self._answers[key] = (now, answer)
        return answer
