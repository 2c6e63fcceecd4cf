"""Which destinations a flow may reach: guarded (inspected), pass (recorded only) or deny.

Denied hosts are refused at CONNECT, before any DNS lookup or upstream connection. ``server_connect`` resolves
the upstream once, refuses loopback, link-local (cloud metadata), unspecified, multicast and the proxy host's own
addresses, and private ones where the policy's ``private_upstreams`` says so, then connects to exactly the address it
checked: mitmweb's API and exitguard's own control endpoint live on this host and must never be reachable *through*
the proxy (CVE-2025-23217), not even via a name that resolves differently the second time (DNS rebinding).
"""

from __future__ import annotations

import asyncio
import functools
import ipaddress
import logging
import re
import socket
import weakref
from collections.abc import Callable, Sequence

from mitmproxy import connection, ctx, exceptions, http, tls
from mitmproxy.proxy import server_hooks
from mitmproxy.proxy.mode_specs import ReverseMode

from addons.core import destination, metakeys, net, outside, responses, runtime, scope
from addons.core.fail_closed import fail_closed
from addons.core.vocabulary import Decision, HostClass
from addons.guard import hello

logger = logging.getLogger(__name__)

RESOLVE_TIMEOUT = 3.0


Upstream = tuple[str, int]  # (host as the connection names it, normalized; port)


def normalize_host(host: str) -> str:
    """An IP literal in its canonical form, a name lower-case without the trailing dot."""
    host = host.strip("[]")
    return str(ipaddress.ip_address(host)) if net.is_ip(host) else host.lower().rstrip(".")


def parse_upstream(spec: str) -> Upstream:
    """``host:port``, ``1.2.3.4:port`` or ``[v6]:port`` -> (host, port); ValueError says what is wrong."""
    parts = [part for part in re.split(r"[\s,;]+", spec.strip()) if part]
    if len(parts) > 1:  # a list in one value (newuser56): not a host with colons, nor a pattern
        repeated = " ".join(f"--set exitguard_allow_upstreams={part}" for part in parts)
        raise ValueError(f"one HOST:PORT per value: give the option once for each ({repeated})")
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


def no_own_listener(port: int) -> str | None:
    return None


class HostPolicy:
    def __init__(self, own_listener: Callable[[int], str | None] = no_own_listener) -> None:
        # What this proxy's own listener on a port is (approval.py: mitmweb's UI, the approval endpoints), refused
        # whatever exitguard_allow_upstreams says: the log must not offer that option as the way in.
        self.own_listener = own_listener
        # Parsed from the options in configure; the defaults are the options' own (refuse local upstreams).
        self.block_loopback = True
        self.allowed_upstreams: frozenset[Upstream] = frozenset()
        self.own_addresses = net.OwnAddresses()
        # Server connection id -> the (name, port) it had before server_connect pinned the checked address.
        self._pinned: dict[str, Upstream] = {}
        # Client connection id -> the groups of the identity its CONNECT carried: a connection's names are scanned
        # with the policy of whoever opened it (server_connect has no flow).
        self._groups: dict[str, list[str] | None] = {}
        # Flow -> the runtime it was classified under: a WebSocket's messages must not outlive it (websocket_message).
        self._classified_under: weakref.WeakKeyDictionary[http.HTTPFlow, runtime.Runtime] = weakref.WeakKeyDictionary()

    def load(self, loader) -> None:
        loader.add_option("exitguard_block_loopback", bool, True,
                          """
                          Refuse upstream connections to loopback, link-local (cloud metadata), unspecified and
                          multicast addresses and this host's own interface addresses, so nothing on the proxy's
                          own machine is reachable through it (exitguard_allow_upstreams names exceptions).
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
        rt = runtime.get()
        policy = rt.policy
        groups = flow.metadata.get(metakeys.GROUPS)
        names = names or destination.flow_names(flow)
        host_class = policy.flow_class(names.policy_hosts(), groups, bound_to_name=not net.is_ip(names.destination))
        flow.metadata[metakeys.HOST_CLASS] = host_class.value
        # Classified by the names as they are (a mask must never move a name out of guarded_hosts); recorded
        # and quoted with the values in them masked.
        destination.record(flow, names.masked(functools.partial(outside.safe_host, scanner=rt.inspector)))
        flow.metadata[metakeys.POLICY_VERSION] = rt.version
        self._classified_under[flow] = rt
        return host_class

    @fail_closed
    def http_connect(self, flow: http.HTTPFlow) -> None:
        if flow.response or not flow.live:
            return
        self._groups[flow.client_conn.id] = flow.metadata.get(metakeys.GROUPS)
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

    @fail_closed
    async def request(self, flow: http.HTTPFlow) -> None:
        """attack49: a request's body may come long after its headers (mitmproxy 12.3 has no read timeout), and a
        reload may land in between (core/config.py rebuilds beside the loop, flows go on). The body is judged by
        the policy in force once it is whole, and the record names that version: a host made guarded or denied
        meanwhile no longer takes a body whose headers it met as pass or observe."""
        if flow.response or not flow.live or scope.host_class(flow) is None:
            return
        if not _changed(self._classified_under.get(flow), flow.metadata.get(metakeys.POLICY_VERSION),
                        runtime.get()):
            return
        if flow.metadata.get(metakeys.HOST_CLASS) == HostClass.PASS.value:
            # what the headers' class wrote of a pass host ("pass", "not_guarded") is asked again below
            for key in (metakeys.DECISION, metakeys.REASON, metakeys.COVERAGE):
                flow.metadata.pop(key, None)
        await self.requestheaders(flow)  # fail_closed makes every hook a coroutine

    @fail_closed
    def websocket_message(self, flow: http.HTTPFlow) -> None:
        """A WebSocket was classified, and its messages' maskers built, under the policy and rules in force when it
        opened. After a reload its messages must not go on under those: a host that is guarded now, or was and the
        rules or actions changed, or that is denied now, ends the connection before the message is relayed (core/
        compat.py closes a killed WebSocket); the client reconnects under the new policy. A pass or observe host
        that stays so goes on (nothing of its messages depends on the policy)."""
        if not flow.live or flow.websocket is None:
            return
        rt = runtime.get()
        opened_under = flow.metadata.get(metakeys.POLICY_VERSION)
        if not _changed(self._classified_under.get(flow), opened_under, rt):
            return
        before = flow.metadata.get(metakeys.HOST_CLASS)
        now = self.classify(flow)  # records the new class and policy version on the flow
        if now.value == before and now != HostClass.GUARDED:
            return
        reason = "the policy changed while the WebSocket was open; reconnect"
        if rt.policy.report_only and now != HostClass.DENY:
            flow.metadata[metakeys.REPORT_ONLY] = True
            metakeys.raise_decision(flow.metadata, "report", f"would end the connection: {reason}")
            return
        flow.websocket.messages[-1].drop()
        metakeys.raise_decision(flow.metadata, Decision.DENY if now == HostClass.DENY else Decision.BLOCK, reason)
        logger.info("exitguard: ended a WebSocket to %s: the policy changed (%s -> %s)", flow.request.pretty_host,
                    opened_under, rt.version)
        flow.kill()

    @staticmethod
    def _misdirected(flow: http.HTTPFlow, names: destination.FlowNames) -> None:
        """Names that disagree on a guarded host: the policy, the audit record and any brokered key would follow
        one name while the bytes go to another (domain fronting, a spoofed Host header)."""
        rt = runtime.get()
        quoted = names.masked(functools.partial(outside.safe_host, scanner=rt.inspector))  # a name may hold a key
        if rt.policy.report_only:
            flow.metadata[metakeys.REPORT_ONLY] = True
            metakeys.raise_decision(flow.metadata, "report", "would refuse: the request names more than one host "
                                                             f"({quoted.describe_mismatch()})")
            return
        destination.refuse_misdirected(flow, quoted, "traffic to a guarded host")

    async def server_connect(self, data: server_hooks.ServerConnectionHookData) -> None:
        """Check what the connection carries out before anything leaves (guard/hello.py), then resolve once, check
        every answer, and connect to exactly the address that was checked: a second lookup by mitmproxy could
        answer something else (DNS rebinding: a private address first, 127.0.0.1 next)."""
        if data.server.address is None:
            return
        host, port = str(data.server.address[0]), data.server.address[1]
        if refusal := self._hello_refusal(host, data):
            data.server.error = refusal
            logger.warning("%s", refusal)
            return
        if (normalize_host(host), port) in self.allowed_upstreams:
            return
        try:
            ips = [host] if net.is_ip(host) else await _resolve(host, port)
            problem = self._local(ips) or self._by_policy(ips, self._connection_class(host, data.client))
        except (TimeoutError, OSError, ValueError, runtime.NotConfigured):
            # Unchecked is refused: a slow or odd answer must not become an unguarded connection.
            data.server.error = f"exitguard: upstream {host}:{port} could not be resolved and checked"
            return
        if problem:
            data.server.error = f"exitguard: upstream {host}:{port} is {problem} and is refused"
            # The operator's log (not the client's error) says how to let a local model server through.
            logger.warning("exitguard: refused upstream connection to %s:%s (%s)%s", host, port, problem,
                           self._how_to_allow(host, port) if problem == LOCAL
                           else _how_to_allow_private(host, port) if problem.startswith(PRIVATE) else "")
            return
        if ips[0] != host:
            self._pinned[data.server.id] = (host, port)
            data.server.address = (ips[0], port)

    def _how_to_allow(self, host: str, port: int) -> str:
        """The operator's hint for a refused local upstream: the option, unless it is one of this proxy's own."""
        if own := self.own_listener(port):
            return f"; it is this proxy's own {own}, refused whatever exitguard_allow_upstreams says"
        if self._proxy_listener(port):  # mitmproxy refuses the names it knows for it; not one to allow either
            return "; it is this proxy's own proxy listener, not an upstream to allow"
        where = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        return f"; a local server of yours? allow it with --set exitguard_allow_upstreams={where}"

    @staticmethod
    def _proxy_listener(port: int) -> bool:
        """Whether one of mitmproxy's proxy listeners is on ``port`` (it refuses a connection to itself by the
        names localhost, 127.0.0.1, ::1 and the listen host: "Request destination unknown")."""
        proxyserver = ctx.master.addons.get("proxyserver") if getattr(ctx, "master", None) else None
        return proxyserver is not None and any(addr[1] == port for addr in proxyserver.listen_addrs())

    def _hello_refusal(self, host: str, data: server_hooks.ServerConnectionHookData) -> str | None:
        """Why the connection may not open, naming no value: a name it goes by (the one resolved and connected to,
        and any TLS server name known yet) that the policy would mask, hold or block."""
        rule = self._refused_name(host, [host, data.server.sni, data.client.sni], data.client)
        return rule and f"exitguard: the connection's host or TLS server name holds a value of rule {rule}; refused"

    def tls_clienthello(self, data: tls.ClientHelloData) -> None:
        """The client's ClientHello arrived: what mitmproxy would copy from it into its own goes through here first
        (guard/hello.py). Only HTTP's ALPN ids are offered upstream, and a TLS server name the policy would mask,
        hold or block is not sent: the upstream is asked for the name the proxy connects to instead."""
        client, server = data.context.client, data.context.server
        if not server.alpn_offers:  # else an addon chose them, and mitmproxy's tlsconfig keeps them too
            offers = hello.upstream_offers(client.alpn_offers, ctx.options.http2)
            server.alpn_offers = [b"http/1.1"] if offers is None else offers
        if client.sni and server.sni is None and server.address is not None:
            host = str(server.address[0])
            try:
                refused = self._refused_name(host, [client.sni], client) is not None
            except Exception as e:  # not checked is not sent
                logger.error("exitguard: the TLS server name could not be checked (%s); the upstream is asked for "
                             "the connection's host name", type(e).__name__)
                refused = True
            if refused:
                server.sni = host

    def _refused_name(self, host: str, names: list[str | None], client: connection.Client) -> str | None:
        """The rule of a value in ``names`` (host names, not IP literals) that the policy would mask, hold or block
        on this connection's host class; None in report mode (logged), or when nothing is configured to scan with
        (every upstream but an allowed one is refused then, in server_connect)."""
        checked = [n for n in dict.fromkeys(names) if n and not net.is_ip(n)]
        if not checked:
            return None
        try:
            rt = runtime.get()
            host_class = self._connection_class(host, client)
        except runtime.NotConfigured:
            return None
        rule = hello.refused_rule(checked, rt.inspector, self._groups.get(client.id), host_class)
        if rule is not None and rt.policy.report_only:
            logger.warning("exitguard: would refuse an upstream connection: its host or TLS server name holds a "
                           "value of rule %s", rule)
            return None
        return rule

    def client_disconnected(self, client: connection.Client) -> None:
        self._groups.pop(client.id, None)

    def server_connected(self, data: server_hooks.ServerConnectionHookData) -> None:
        self._restore_name(data.server)

    def server_connect_error(self, data: server_hooks.ServerConnectionHookData) -> None:
        self._restore_name(data.server)

    def _restore_name(self, server: connection.Server) -> None:
        """Give the connection its name back once it is open: the upstream TLS server name and certificate check
        (tlsconfig: ``server.sni or server.address[0]``), connection reuse (matched on ``address``) and the flow's
        ``request.host`` all go by the name. ``peername`` keeps the pinned address. mitmproxy refuses to change
        ``address`` on an open connection (to stop re-routing); this puts back the value it had before the pin."""
        original = self._pinned.pop(server.id, None)
        if original is not None:
            object.__setattr__(server, "address", original)

    @staticmethod
    def _connection_class(host: str, client: connection.Client) -> HostClass:
        """The policy class of what this connection is for: its address and the client's TLS server name."""
        claimed = [host] + ([client.sni] if client.sni and not isinstance(client.proxy_mode, ReverseMode) else [])
        names = {normalize_host(n) for n in claimed if not net.is_ip(n)}
        return runtime.get().policy.flow_class(names or {normalize_host(host)}, None, bound_to_name=bool(names))

    def _local(self, ips: list[str]) -> str | None:
        """Every answer is checked, not only the first: a resolver may order them differently next time."""
        if not ips:
            return "resolved to no address"
        if self.block_loopback and any(net.is_local_address(ip) or self.own_addresses.contains(ip) for ip in ips):
            return LOCAL
        return None

    @staticmethod
    def _by_policy(ips: list[str], host_class: HostClass) -> str | None:
        if host_class == HostClass.DENY:
            return "denied by policy"
        if any(net.is_private_address(ip) for ip in ips) and not runtime.get().policy.may_reach_private(host_class):
            return f"{PRIVATE} (the policy's private_upstreams: {host_class.value} hosts may not reach one)"
        return None


LOCAL = "a local address (loopback, link-local, multicast or this host's own)"
PRIVATE = "a private address"


def _how_to_allow_private(host: str, port: int) -> str:
    """The operator's hint for a refused private upstream: the one server, or the policy's host class."""
    where = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    return f"; an internal server of yours? allow it alone with --set exitguard_allow_upstreams={where}, " \
           "or a host class in the policy's private_upstreams"


class WatchedBody:
    """``flow.request.stream`` for a body sent on unscanned as it arrives (an observed host's body past
    ``max_body_bytes``: guard.py). attack50: attack49's ``request`` judges a body again after a reload, but a streamed
    body's ``request`` hook runs after its last byte left, so the rest of an upload went on to a host the operator had
    just denied. Each chunk after a reload classes the flow again: a host denied now (or guarded now: its body would
    be refused as too large to scan) ends the request at that chunk (core/compat.py ends a killed request stream; the
    client gets a broken answer, the flow is recorded). Report mode only records what it would have done, as for a
    WebSocket, but a denied host is ended in any mode."""

    def __init__(self, flow: http.HTTPFlow) -> None:
        self.flow = flow
        self.under = runtime.get()

    def __call__(self, data: bytes) -> list[bytes]:
        # A list, never b"" mid-body: mitmproxy sends an empty chunk of a chunked body as its last one (0\r\n\r\n),
        # and the upstream would take the cut body for a whole request.
        if self.flow.error is not None:
            return []
        rt = runtime.get()
        if runtime.treats_alike(self.under, rt):
            return [data] if data else []
        self.under = rt
        policy = ctx.master.addons.get("hostpolicy") if getattr(ctx, "master", None) else None
        now = policy.classify(self.flow) if isinstance(policy, HostPolicy) else HostClass.DENY
        if now not in (HostClass.DENY, HostClass.GUARDED):
            return [data] if data else []
        reason = "the policy changed while the request body was streaming: the rest was not sent"
        if rt.policy.report_only and now != HostClass.DENY:
            self.flow.metadata[metakeys.REPORT_ONLY] = True
            metakeys.raise_decision(self.flow.metadata, "report", f"would end the request: {reason}")
            return [data] if data else []
        metakeys.raise_decision(self.flow.metadata, Decision.DENY if now == HostClass.DENY else Decision.BLOCK, reason)
        self.flow.kill()
        return []


def _changed(classified_under: runtime.Runtime | None, version: str | None, rt: runtime.Runtime) -> bool:
    """Whether ``rt`` may treat a flow otherwise than the runtime it was classified under (runtime.treats_alike);
    without that runtime (classified by another HostPolicy), by the policy version the flow carries."""
    if classified_under is None:
        return version != rt.version
    return not runtime.treats_alike(classified_under, rt)


async def _resolve(host: str, port: int) -> list[str]:
    """The addresses ``host`` resolves to, in the order a connection would try them (AI_ADDRCONFIG: no IPv6
    answer on a host without IPv6)."""
    loop = asyncio.get_running_loop()
    infos = await asyncio.wait_for(loop.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_ADDRCONFIG),
                                   RESOLVE_TIMEOUT)
    ips: list[str] = []
    for info in infos:
        address = info[4][0]
        if not isinstance(address, str):  # not an IP family (typeshed allows AF_CAN's int): cannot be checked
            raise ValueError("getaddrinfo returned a non-IP address")
        ips.append(address)
    return list(dict.fromkeys(ips))
