"""The one answer to "is this address on this machine?", for every part that asks: refusing upstreams
(guard/hostpolicy.py), OIDC over plain http (identity), whether a listener is reachable from elsewhere
(identity), where the control endpoint may listen (approval).

Hosts may come as IP literals in any spelling mitmproxy or a URL hands us: bracketed IPv6 (`[::1]`), with a
zone (`fe80::1%eth0`), or IPv4-mapped IPv6 (`::ffff:127.0.0.1`, which reaches the IPv4 address): all are
unwrapped before the check, so none of them slips past it.
"""

from __future__ import annotations

import ipaddress

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
    return addr.is_loopback or addr.is_link_local or addr.is_unspecified or addr.is_multicast


def is_all_interfaces(host: str) -> bool:
    """A listen address meaning "every interface" ("", 0.0.0.0, ::): clients reach it on loopback."""
    if not host.strip().strip("[]"):
        return True
    addr = ip_address(host)
    return addr is not None and addr.is_unspecified
