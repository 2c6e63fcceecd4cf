"""The one answer to "is this address on this machine?", for every part that asks: refusing upstreams
(guard/hostpolicy.py), OIDC over plain http (identity), whether a listener is reachable from elsewhere
(identity), where the control endpoint may listen (approval).

Hosts may come as IP literals in any spelling mitmproxy or a URL hands us: bracketed IPv6 (`[::1]`), with a
zone (`fe80::1%eth0`), or IPv4-mapped IPv6 (`::ffff:127.0.0.1`, which reaches the IPv4 address): all are
unwrapped before the check, so none of them slips past it.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import socket
import subprocess
import time
from collections.abc import Callable, Iterable
from pathlib import Path

logger = logging.getLogger(__name__)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

LOCALHOST_NAMES = ("localhost", "localhost.")


def ip_address(host: str) -> IPAddress | None:
    """The IP address ``host`` spells, IPv4-mapped IPv6 unwrapped to IPv4; None for a name."""
    try:
        addr = ipaddress.ip_address(host.strip().removeprefix("[").removesuffix("]"))
    except ValueError:
        return None
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
        return addr.ipv4_mapped
    return addr


def is_ip(host: str) -> bool:
    return ip_address(host) is not None


def is_loopback(host: str) -> bool:
    """127.0.0.0/8, ::1 (in any spelling) or the name localhost. Other names are not resolved: a name that
    resolves to loopback is not treated as loopback (it could resolve elsewhere next time)."""
    if host.strip().lower() in LOCALHOST_NAMES:
        return True
    addr = ip_address(host)
    return addr is not None and addr.is_loopback


def is_local_address(ip: str) -> bool:
    """An address that reaches this machine or its link rather than a remote service: loopback, link-local
    (169.254.169.254 is the cloud metadata service), unspecified (0.0.0.0 and :: connect to this host) and
    multicast. Raises ValueError for something that is not an IP address: resolve names first."""
    addr = ip_address(ip)
    if addr is None:
        raise ValueError("not an IP address")
    return (addr.is_loopback or addr.is_link_local or addr.is_unspecified or addr.is_multicast
            or addr in THIS_NETWORK)


# 0.0.0.0/8 "this network": Linux connects 0.x.y.z to the local host.
THIS_NETWORK = ipaddress.ip_network("0.0.0.0/8")
# Addresses of a private network: RFC 1918, carrier-grade NAT (RFC 6598) and IPv6 unique local (RFC 4193).
PRIVATE_NETWORKS = tuple(ipaddress.ip_network(n) for n in
                         ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "fc00::/7"))


def is_private_address(ip: str) -> bool:
    """RFC 1918, CGNAT 100.64/10 or IPv6 ULA fc00::/7 (IPv4-mapped unwrapped). ValueError for a name."""
    addr = ip_address(ip)
    if addr is None:
        raise ValueError("not an IP address")
    return any(addr.version == n.version and addr in n for n in PRIVATE_NETWORKS)


def is_all_interfaces(host: str) -> bool:
    """A listen address meaning "every interface" ("", 0.0.0.0, ::): clients reach it on loopback."""
    if not host.strip().strip("[]"):
        return True
    addr = ip_address(host)
    return addr is not None and addr.is_unspecified


# ---------------------------------------------------------------------------------------- this host's own addresses

PROC_FIB_TRIE = Path("/proc/net/fib_trie")
PROC_IF_INET6 = Path("/proc/net/if_inet6")


def _fib_trie_local(text: str) -> set[str]:
    """IPv4 addresses of this host from /proc/net/fib_trie: the entry above each '/32 host LOCAL' line."""
    found, last = set(), None
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("|--"):
            last = stripped[3:].strip()
        elif "/32 host LOCAL" in stripped and last:
            found.add(last)
    return found


def _if_inet6(text: str) -> set[str]:
    """IPv6 addresses of this host from /proc/net/if_inet6 (32 hex digits first on each line)."""
    found = set()
    for line in text.splitlines():
        digits = line.split()[0] if line.split() else ""
        if len(digits) == 32:
            found.add(str(ipaddress.IPv6Address(bytes.fromhex(digits))))
    return found


def _ip_json(text: str) -> set[str]:
    """Addresses from `ip -j addr` (where /proc is not readable)."""
    return {info["local"] for link in json.loads(text) for info in link.get("addr_info", []) if "local" in info}


def _proc_addresses() -> set[str]:
    found = set()
    for path, parse in ((PROC_FIB_TRIE, _fib_trie_local), (PROC_IF_INET6, _if_inet6)):
        try:
            found |= parse(path.read_text())
        except OSError:
            pass
    return found


def _ip_command_addresses() -> set[str]:
    try:
        out = subprocess.run(["ip", "-j", "addr"], capture_output=True, text=True, timeout=2, check=True).stdout
        return _ip_json(out)
    except (OSError, subprocess.SubprocessError, ValueError, KeyError, TypeError):
        return set()


def _hostname_addresses() -> set[str]:
    try:
        infos = socket.getaddrinfo(socket.gethostname(), None, type=socket.SOCK_STREAM)
    except OSError:
        return set()
    return {str(info[4][0]) for info in infos}


def host_addresses() -> frozenset[IPAddress]:
    """Every address of this host's interfaces (secondary addresses too), normalized. /proc on Linux, else
    `ip -j addr`; plus what the host name resolves to."""
    found = _proc_addresses() or _ip_command_addresses()
    return frozenset(a for a in map(ip_address, found | _hostname_addresses()) if a is not None)


class OwnAddresses:
    """The proxy host's own addresses, enumerated again when older than ``max_age`` seconds (interfaces and
    DHCP leases change). An upstream at one of them reaches a service on this machine bound to 0.0.0.0."""

    def __init__(self, max_age: float = 30.0, enumerate_addresses: Callable[[], Iterable[IPAddress]] = host_addresses,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.max_age = max_age
        self._enumerate = enumerate_addresses
        self._clock = clock
        self._addresses: frozenset[IPAddress] = frozenset()
        self._taken: float | None = None

    def current(self) -> frozenset[IPAddress]:
        now = self._clock()
        if self._taken is None or now - self._taken > self.max_age:
            self._addresses = frozenset(self._enumerate())
            self._taken = now
            logger.debug("exitguard: %d own addresses refused as upstreams", len(self._addresses))
        return self._addresses

    def contains(self, ip: str) -> bool:
        addr = ip_address(ip)
        if addr is None:
            raise ValueError("not an IP address")
        return addr in self.current()
