"""Which destinations a flow may reach: guarded (inspected), pass (recorded only) or deny.

Denied hosts are refused at CONNECT, before any DNS lookup or upstream connection. Upstream
connections to loopback, link-local (cloud metadata) and unspecified addresses are refused in
``server_connect``: mitmweb 11.0.2's API and exitguard's own control endpoint live on loopback
and must never be reachable *through* the proxy (CVE-2025-23217).
"""

from __future__ import annotations

import asyncio
import logging
import socket
from collections.abc import Sequence

from mitmproxy import ctx, http
from mitmproxy.proxy import server_hooks

from addons.core import destination, metakeys, net, responses, runtime
from addons.core.fail_closed import fail_closed
from addons.core.vocabulary import Decision, HostClass

logger = logging.getLogger(__name__)

RESOLVE_TIMEOUT = 3.0




class HostPolicy:
    def load(self, loader) -> None:
        loader.add_option("exitguard_block_loopback", bool, True,
                          """
                          Refuse upstream connections to loopback, link-local (cloud metadata) and unspecified
                          addresses, so nothing on the proxy's own machine is reachable through it.
                          """)
        loader.add_option("exitguard_allow_upstreams", Sequence[str], [],
                          "host:port upstreams exempt from exitguard_block_loopback (e.g. a local model server).")

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
        if not ctx.options.exitguard_block_loopback or data.server.address is None:
            return
        host, port = data.server.address[:2]
        if f"{host}:{port}" in ctx.options.exitguard_allow_upstreams:
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
