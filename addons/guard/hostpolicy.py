"""Which destinations a flow may reach: guarded (inspected), pass (recorded only) or deny.

Denied hosts are refused at CONNECT, before any DNS lookup or upstream connection. Upstream
connections to loopback, link-local (cloud metadata) and unspecified addresses are refused in
``server_connect``: mitmweb's API and exitguard's own control endpoint live on loopback
and must never be reachable *through* the proxy (CVE-2025-23217).
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import socket
from collections.abc import Sequence

from mitmproxy import ctx, exceptions, http
from mitmproxy.proxy import server_hooks

from addons.core import destination, metakeys, net, responses, runtime
from addons.core.fail_closed import fail_closed
from addons.core.vocabulary import Decision, HostClass

logger = logging.getLogger(__name__)

RESOLVE_TIMEOUT = 3.0


Upstream = tuple[str, int]  # (host as the connection names it, normalized; port)


def normalize_host(host: str) -> str:
    """An IP literal in its canonical form, a name lower-case without the trailing dot."""
    host = host.strip("[]")
    return str(ipaddress.ip_address(host)) if net.is_ip(host) else host.lower().rstrip(".")


def parse_upstream(spec: str) -> Upstream:
    """``host:port``, ``1.2.3.4:port`` or ``[v6]:port`` -> (host, port); ValueError says what is wrong."""
    host, sep, port = spec.strip().rpartition(":")
    bracketed = host.startswith("[") and host.endswith("]")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError("wants HOST:PORT with a port from 1 to 65535")
    if any(c in host for c in "*?/@ \t"):
        raise ValueError("a host name or address, not a pattern or URL")
    if ":" in host and not bracketed:
        raise ValueError("an IPv6 address needs brackets: [::1]:PORT")
    if bracketed and not net.is_ip(host[1:-1]):
        raise ValueError("only an IPv6 address goes in brackets")
    return normalize_host(host), int(port)


def parse_upstreams(specs: Sequence[str]) -> frozenset[Upstream]:
    out = set()
    for spec in specs:
        try:
            out.add(parse_upstream(spec))
        except ValueError as e:
            raise exceptions.OptionsError(
                f"exitguard_allow_upstreams: {spec!r} {e} (e.g. 127.0.0.1:11434, localhost:8000, [::1]:11434)"
            ) from None
    return frozenset(out)


class HostPolicy:
    def __init__(self) -> None:
        # Parsed from the options in configure; the defaults are the options' own (refuse local upstreams).
        self.block_loopback = True
        self.allowed_upstreams: frozenset[Upstream] = frozenset()

    def load(self, loader) -> None:
        loader.add_option("exitguard_block_loopback", bool, True,
                          """
                          Refuse upstream connections to loopback, link-local (cloud metadata) and unspecified
                          addresses, so nothing on the proxy's own machine is reachable through it.
                          """)
        loader.add_option("exitguard_allow_upstreams", Sequence[str], [],
                          """
                          HOST:PORT upstreams exempt from exitguard_block_loopback (e.g. a local model server),
                          matched against the name or address the connection goes to; IPv6 as [::1]:PORT.
                          """)

    def configure(self, updated: set[str]) -> None:
        if "exitguard_allow_upstreams" in updated:
            self.allowed_upstreams = parse_upstreams(ctx.options.exitguard_allow_upstreams)
        if "exitguard_block_loopback" in updated:
            self.block_loopback = ctx.options.exitguard_block_loopback

    def classify(self, flow: http.HTTPFlow, names: destination.FlowNames | None = None) -> HostClass:
        """The strictest class over every name the flow goes by (core/destination.py: request target, CONNECT
        target, TLS server names, :authority, Host headers). A client must not be able to send guarded traffic
        under an unlisted Host header (or the reverse)."""
        policy = runtime.get().policy
        groups = flow.metadata.get(metakeys.GROUPS)
        names = names or destination.flow_names(flow)
        host_class = HostClass.strictest(policy.host_class(name, groups) for name in names.policy_hosts())
        flow.metadata[metakeys.HOST_CLASS] = host_class.value
        destination.record(flow, names)
        flow.metadata[metakeys.POLICY_VERSION] = runtime.get().version
        return host_class

    @fail_closed
    def http_connect(self, flow: http.HTTPFlow) -> None:
        if flow.response or not flow.live:
            return
        if self.classify(flow) == HostClass.DENY:
            responses.refuse(flow, 403, "exitguard_host_denied",
                          f"connections to {flow.request.pretty_host} are not allowed by policy.", decision="deny")

    @fail_closed
    def requestheaders(self, flow: http.HTTPFlow) -> None:
        if flow.response or not flow.live:
            return
        names = destination.flow_names(flow)
        host_class = self.classify(flow, names)
        if host_class == HostClass.DENY:
            responses.refuse(flow, 403, "exitguard_host_denied",
                          f"requests to {flow.request.pretty_host} are not allowed by policy.", decision="deny")
        elif host_class == HostClass.GUARDED and not names.agree:
            self._misdirected(flow, names)
        elif host_class == HostClass.PASS:
            metakeys.raise_decision(flow.metadata, Decision.PASS)
            flow.metadata[metakeys.COVERAGE] = [{"direction": "request", "status": "not_guarded",
                                                 "reason": "host not in guarded_hosts"}]

    @staticmethod
    def _misdirected(flow: http.HTTPFlow, names: destination.FlowNames) -> None:
        """Names that disagree on a guarded host: the policy, the audit record and any brokered key would follow
        one name while the bytes go to another (domain fronting, a spoofed Host header)."""
        if runtime.get().policy.report_only:
            flow.metadata[metakeys.REPORT_ONLY] = True
            metakeys.raise_decision(flow.metadata, "report",
                                    f"would refuse: the request names more than one host ({names.describe_mismatch()})")
            return
        destination.refuse_misdirected(flow, names, "traffic to a guarded host")

    async def server_connect(self, data: server_hooks.ServerConnectionHookData) -> None:
        if not self.block_loopback or data.server.address is None:
            return
        host, port = data.server.address[:2]
        if (normalize_host(str(host)), port) in self.allowed_upstreams:
            return
        try:
            ips = [host] if net.is_ip(host) else await _resolve(host, port)
            refused = not ips or any(net.is_local_address(ip) for ip in ips)
        except (TimeoutError, OSError, ValueError):
            # Unchecked is refused: a slow or odd answer must not become an unguarded connection.
            data.server.error = f"exitguard: upstream {host}:{port} could not be resolved and checked"
            return
        if refused:
            data.server.error = f"exitguard: upstream {host}:{port} is a local address and is refused"
            logger.warning("exitguard: refused upstream connection to local address %s:%s", host, port)


async def _resolve(host: str, port: int) -> list[str]:
    loop = asyncio.get_running_loop()
    infos = await asyncio.wait_for(loop.getaddrinfo(host, port, type=socket.SOCK_STREAM), RESOLVE_TIMEOUT)
    ips: list[str] = []
    for info in infos:
        address = info[4][0]
        if not isinstance(address, str):  # not an IP family (typeshed allows AF_CAN's int): cannot be checked
            raise ValueError("getaddrinfo returned a non-IP address")
        ips.append(address)
    return ips
