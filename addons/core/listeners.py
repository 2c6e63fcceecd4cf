"""Which listener changes the console may make while the proxy runs (attack43).

mitmweb's console sets ``mode`` (and ``listen_host`` / ``listen_port``) through ``PUT /options``. Tried live:
``upstream:http://<a proxy of the console's>`` sent every CONNECT target and every plain-http request (with the values
the policy lets through) to that proxy, so what exitguard connects to was no longer the destination; a loopback
``reverse:`` listener to a brokered vendor asks no proxy credentials and is exempt under ``exitguard_auth=auto``
(the console's caller then uses the broker anonymously beside a token-protected listener); ``socks5`` and ``wireguard``
came up with 200 (wireguard prints its client's private key into the log); a listener beyond loopback was refused by
the identity addon, but mitmproxy's proxy server had already scheduled it: it listened on every interface, without the
credentials ``exitguard_auth`` then demanded, until the rollback stopped it.

Kept for the operator: regular listeners on a loopback address may be added (and removed again). They ask for proxy
credentials whenever the proxy requires them and change nothing about who must authenticate. The listeners the proxy
started with stay as they are; anything else is a restart with the new listeners.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from mitmproxy.proxy import mode_specs

from addons.core import net

ADDABLE_KIND = "regular"
WHY = {"upstream": "every request would leave through that proxy (its CONNECT target, a plain-http request with its "
                   "values): what exitguard connects to would no longer be the destination",
       "reverse": "a reverse listener asks no proxy credentials (exempt on loopback under exitguard_auth=auto)"}
OTHER_KINDS = "a listener that cannot ask for proxy credentials"
BEYOND_LOOPBACK = "a listener beyond loopback changes who must authenticate (exitguard_auth)"


@dataclass(frozen=True)
class Listener:
    """A proxy mode as it listens: its kind and data, and the address its listen options resolve to."""
    spec: str
    kind: str
    data: str
    host: str
    port: int | None


def resolved(modes: Iterable[str], listen_host: str, listen_port: int | None) -> tuple[Listener, ...]:
    """Raises ValueError for a mode mitmproxy cannot parse (mitmproxy's proxy server says so itself)."""
    found = []
    for spec in modes:
        mode = mode_specs.ProxyMode.parse(spec)
        found.append(Listener(spec, mode.type_name, mode.data, mode.listen_host(listen_host),
                              mode.listen_port(listen_port)))
    return tuple(found)


def refusal(at_start: tuple[Listener, ...], now: tuple[Listener, ...]) -> str | None:
    """Why ``now`` may not replace ``at_start`` while running, or None. Names the modes, never option values
    beyond them (a mode's data is an address the console itself typed)."""
    key = _address_and_kind
    current = {key(listener) for listener in now}
    if gone := [listener.spec for listener in at_start if key(listener) not in current]:
        return (f"the listeners the proxy started with stay while the proxy runs ({', '.join(gone)} would move or go: "
                "they decide who must authenticate)")
    started = {key(listener) for listener in at_start}
    for listener in now:
        if key(listener) in started:
            continue
        if listener.kind != ADDABLE_KIND:
            return f"{listener.spec} cannot be added while the proxy runs: {WHY.get(listener.kind, OTHER_KINDS)}"
        if not _binds_loopback(listener.host):
            return f"{listener.spec} cannot be added while the proxy runs: {BEYOND_LOOPBACK}"
    return None


def _binds_loopback(host: str) -> bool:
    """A loopback IP literal, or the name ``localhost`` as written (any case: /etc/hosts answers it). Stricter than
    ``net.is_loopback``, which strips and knows ``localhost.``: those spellings match no hosts line and go to DNS
    when the listener binds, so the resolver would choose its address (attack44)."""
    if not host or host != host.strip():
        return False
    return host.lower() == "localhost" or (net.ip_address(host) is not None and net.is_loopback(host))


def _address_and_kind(listener: Listener) -> tuple[str, str, str, int | None]:
    return listener.kind, listener.data, listener.host, listener.port
