"""Every name a flow goes by, and where the proxy really sends it.

A client controls most of the names a flow carries: the CONNECT target, the TLS server name (SNI), the Host
header / HTTP/2 ``:authority`` and the absolute-form URL. mitmproxy connects to ``flow.request.host`` /
``flow.request.port`` (``HttpStream.make_server_connection``), which is, per proxy mode (DESIGN.md,
"Identity and credential brokering"):

- regular HTTPS (CONNECT): the CONNECT target. The tunnel's inner HTTP layer runs in mitmproxy's
  ``HTTPMode.transparent``, which copies ``server_conn.address`` (the CONNECT authority) into ``request.host``;
  the Host header only shows up in ``request.pretty_host`` / ``host_header``.
- regular plain http, absolute-form: the URL's host (``request.authority`` is blanked for HTTP/1 before any
  hook; ``request.host`` keeps it). Origin-form: the Host header.
- reverse: the configured target (``server_conn.address``); the Host header is rewritten to it unless
  ``keep_host_header``. The client's SNI names the proxy itself there, so it is no claim about the destination.
- transparent: the original destination address, usually an IP; the name is what the client says (SNI, Host).

Policy decisions that send something somewhere (brokered credentials, guarded inspection) must use the
destination and refuse a flow whose names disagree: a Host header naming api.openai.com on a tunnel to
evil.example must never pick the api.openai.com key.
"""

from __future__ import annotations

import functools
import ipaddress
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import NamedTuple

from mitmproxy import ctx, http
from mitmproxy.proxy.mode_specs import ReverseMode

from addons.core import metakeys, responses

# Where each name comes from, in the words a refusal message uses.
SOURCES = {
    "target": "request target (where the proxy connects)",
    "connect": "CONNECT target",
    "sni": "TLS server name (SNI)",
    "upstream_sni": "upstream TLS server name",
    "authority": ":authority / absolute-form URL host",
    "host": "Host header",
}


@dataclass(frozen=True, slots=True)
class Name:
    source: str  # a key of SOURCES
    host: str  # lower case, no port, no trailing dot, IPv6 without brackets

    @property
    def is_ip(self) -> bool:
        return is_ip(self.host)


@dataclass(frozen=True)
class FlowNames:
    """The names of one flow. ``target`` is where mitmproxy connects; ``names`` includes it."""
    target: str
    port: int
    scheme: str
    names: tuple[Name, ...]
    tls_bound: str | None  # the host name upstream TLS verifies the certificate for, when the target is an IP

    def hostnames(self) -> set[str]:
        """Every name that is not an IP literal; an IP says nothing about which service a name means."""
        return {n.host for n in self.names if not n.is_ip}

    def policy_hosts(self) -> set[str]:
        """What host policy classifies (strictest wins): the names, or the IPs when the flow gives no name."""
        return self.hostnames() or {n.host for n in self.names}

    def disagreeing(self) -> list[Name]:
        """The names when they do not all name one host (IP literals aside), else []."""
        return list(self.names) if len(self.hostnames()) > 1 else []

    @property
    def agree(self) -> bool:
        return len(self.hostnames()) <= 1

    @property
    def destination(self) -> str:
        """The host name the request really goes to: the target, or for an IP target the TLS-verified name."""
        return self.tls_bound or self.target

    def claimed(self) -> list[str]:
        """Names other than the destination (a spoofed Host header, a different SNI), sorted."""
        return sorted(self.hostnames() - {self.destination})

    def describe_mismatch(self) -> str:
        """'CONNECT target evil.example, Host header api.openai.com': which names disagree (not secret)."""
        seen, parts = set(), []
        for n in self.names:
            if n.is_ip or (n.source, n.host) in seen:
                continue
            seen.add((n.source, n.host))
            parts.append(f"{SOURCES[n.source]} {n.host}")
        return ", ".join(parts)

    def masked(self, mask: Callable[[str], str]) -> FlowNames:
        """The same names with ``mask`` applied to each (``outside.safe_host``): for what is written and quoted,
        never for a decision (a mask must not move a name out of guarded_hosts)."""
        hosts = [mask(n.host) for n in self.names]
        target = mask(self.target)
        tls_bound = None if self.tls_bound is None else mask(self.tls_bound)
        if target == self.target and tls_bound == self.tls_bound and \
                all(host == n.host for host, n in zip(hosts, self.names, strict=True)):
            return self  # nothing masked (nearly every flow): the same names
        return replace(self, target=target,
                       names=tuple(dict.fromkeys(replace(n, host=host) for n, host in zip(self.names, hosts,
                                                                                           strict=True))),
                       tls_bound=tls_bound)

    def as_metadata(self) -> dict:
        """Plain data for ``metakeys.DESTINATION``."""
        return {"host": self.destination, "port": self.port, "scheme": self.scheme,
                "names": [{"source": n.source, "host": n.host} for n in self.names],
                "agree": self.agree, "claimed": self.claimed()}


def normalize(host: str) -> str:
    """'API.OpenAI.com.:443' -> 'api.openai.com'; '[::1]:8080' -> '::1'."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:host.find("]")] if "]" in host else host[1:]
    if host.count(":") == 1:
        host = host.partition(":")[0]
    return host.rstrip(".")


_IPV4_CHARS = frozenset("0123456789.")


def is_ip(host: str) -> bool:
    if ":" not in host and not _IPV4_CHARS.issuperset(host):
        return False  # a host name: what ipaddress would say, without its two exceptions (every request asks)
    return _remembered_parse(host) if len(host) <= _REMEMBERED_CHARS else _parses_as_ip(host)


# An IP literal is asked about ~10 times a flow (guard, credentials, the record): each answer is kept, for short
# texts only, so that a client's megabyte Host headers cannot fill the memory.
_REMEMBERED_CHARS = 64


def _parses_as_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        return False


_remembered_parse = functools.lru_cache(maxsize=1024)(_parses_as_ip)


def upstream_verified() -> bool:
    """Whether mitmproxy checks upstream certificates (option ssl_insecure off). Outside a running proxy
    (the CLI reading records) nothing is connected, so the answer only matters for naming: assume checked."""
    try:
        return not ctx.options.ssl_insecure
    except AttributeError:
        return True


def flow_names(flow: http.HTTPFlow, verify_upstream: bool | None = None) -> FlowNames:
    """Every name ``flow`` carries, with where mitmproxy connects (see the module docstring)."""
    if verify_upstream is None:
        verify_upstream = upstream_verified()
    request = flow.request
    server = flow.server_conn
    client = flow.client_conn
    # Everything the names are made of, and nothing else: a flow's names are a function of these.
    given = _Given(request.host, request.port, request.scheme, request.authority,
                   _host_headers(request.headers),
                   str(server.address[0]) if server is not None and server.address else None,
                   server.sni if server is not None else None,
                   client.sni if client is not None and not isinstance(client.proxy_mode, ReverseMode) else None,
                   verify_upstream)
    if given.size() <= _REMEMBERED_NAME_CHARS:
        return _remembered_names(given)
    return _names(given)


def _host_headers(headers: http.Headers) -> tuple[str, ...]:
    """``tuple(headers.get_all("host"))`` in one pass over the raw fields (``get_all`` case-folds the name of every
    field through two calls each: ~a tenth of a recorded flow's record, rec54)."""
    if type(headers) is not http.Headers:
        return tuple(headers.get_all("host"))
    return tuple([value.decode("utf-8", "surrogateescape") for name, value in headers.fields
                  if name.lower() == b"host"])


class _Given(NamedTuple):
    """What ``flow_names`` reads of a flow."""
    host: str
    port: int
    scheme: str
    authority: str
    host_headers: tuple[str, ...]
    connect: str | None
    upstream_sni: str | None
    sni: str | None
    verify_upstream: bool

    def size(self) -> int:
        return sum(len(text) for text in (self.host, self.scheme, self.authority, *self.host_headers,
                                          self.connect or "", self.upstream_sni or "", self.sni or ""))


def _names(given: _Given) -> FlowNames:
    raw: list[tuple[str, str | None]] = [("target", given.host), ("connect", given.connect),
                                         ("upstream_sni", given.upstream_sni), ("sni", given.sni),
                                         ("authority", given.authority)]
    raw += [("host", value) for value in given.host_headers]
    names = tuple(dict.fromkeys(Name(source, normalize(h)) for source, h in raw if h and normalize(h)))
    target = normalize(given.host)
    return FlowNames(target, given.port, given.scheme, names, _tls_bound(target, given.scheme, names,
                                                                         given.verify_upstream))


# A flow's names are asked for ~6 times (host policy, credentials, approval, the record) and a keep-alive
# connection's flows give the same ones: each answer (frozen, shared) is kept for inputs of up to 1,024 characters,
# so a client's long Host headers cannot fill the memory (rec22: ~10 us a call).
_REMEMBERED_NAME_CHARS = 1024
_remembered_names = functools.lru_cache(maxsize=1024)(_names)


def _tls_bound(target: str, scheme: str, names: tuple[Name, ...], verify_upstream: bool) -> str | None:
    """For an IP target over verified https: the server name the upstream certificate is checked against
    (mitmproxy's tlsconfig: the upstream SNI, else the client's SNI). Nothing binds a Host header to an IP."""
    if not is_ip(target) or scheme != "https" or not verify_upstream:
        return None
    by_source = {n.source: n.host for n in names if not n.is_ip}
    return by_source.get("upstream_sni") or by_source.get("sni")


MISDIRECTED = "exitguard_misdirected_request"


def record(flow: http.HTTPFlow, names: FlowNames) -> None:
    flow.metadata[metakeys.DESTINATION] = names.as_metadata()


def mismatch_message(names: FlowNames, what: str) -> str:
    """Why ``what`` (guarded traffic, a brokered credential) cannot go out: the names that disagree."""
    return (f"this request names more than one host ({names.describe_mismatch()}); {what} only goes out when the "
            f"CONNECT target, TLS server name, Host header and URL all name the same host. Nothing was sent.")


def refuse_misdirected(flow: http.HTTPFlow, names: FlowNames, what: str) -> None:
    """421 Misdirected Request: the flow's names disagree."""
    record(flow, names)
    responses.refuse(flow, 421, MISDIRECTED, mismatch_message(names, what))
