"""What mitmproxy relays that is not HTTP, on a listener that takes packets (`tun`, `wireguard`, `local`,
transparent UDP; attack26).

mitmproxy reads UDP as QUIC (HTTP/3 flows: the Guard's hooks run) or DNS; any other datagram falls back to raw
forwarding to the address the client named, and a DNS query is forwarded to the server the client named. No HTTP hook
runs for either, so a key in a datagram, or in a query's name (`akia....exfil.example` to the agent's own resolver),
left unscanned and unrecorded. So:

- raw UDP is refused before its server connection opens (the connection's error: mitmproxy kills it there), unless
  the operator chose it: the destination listed in mitmproxy's `udp_hosts`, or a reverse `udp` / `dtls` listener;
- a DNS query whose names hold a detected value (read as host names are: also upper-cased, encoded runs decoded,
  `outside.safe_host`) is answered REFUSED and not forwarded; one that cannot be scanned likewise.

Each refusal is an audit index record (invariant 1: every decision; no HTTP flow carries these, so the Audit addon's
flow hooks never see them): `udp_refused` with the destination, `dns_refused` with the query's names masked.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable

from mitmproxy import ctx, dns, udp
from mitmproxy.net.dns import response_codes
from mitmproxy.proxy.mode_specs import ReverseMode

from addons.core import outside
from addons.core.vocabulary import Decision

logger = logging.getLogger(__name__)

OPERATOR_UDP_SCHEMES = ("udp", "dtls")  # a reverse listener the operator made for raw datagrams
REFUSED_UDP = ("exitguard: raw UDP is not inspected and was refused (only HTTP, HTTP/3 and DNS are read); list the "
               "destination in mitmproxy's udp_hosts to relay it unread")


# Writes an audit index record with no flow (the Audit addon's record_event: stamped, scrubbed, durable on return).
RecordEvent = Callable[[dict], Awaitable[None]]


class Datagrams:
    def __init__(self, record_event: RecordEvent | None = None) -> None:
        self.record_event = record_event

    async def udp_start(self, flow: udp.UDPFlow) -> None:
        try:
            if _chosen_by_the_operator(flow):
                return
        except Exception as e:  # fail closed: refused
            logger.error("exitguard: Datagrams.udp_start failed with %s; refusing the datagrams", type(e).__name__)
        logger.warning("%s", REFUSED_UDP)
        flow.server_conn.error = REFUSED_UDP  # mitmproxy then kills the server connection before it opens
        flow.kill()
        await self._record(flow, {"event": "udp_refused", "decision": Decision.DENY.value,
                                  "reason": REFUSED_UDP})

    def udp_message(self, flow: udp.UDPFlow) -> None:
        if flow.server_conn.error == REFUSED_UDP and flow.messages:  # never relayed, whatever happened to the kill
            flow.messages[-1].content = b""

    async def dns_request(self, flow: dns.DNSFlow) -> None:
        shown: list[str] | None = None
        try:
            scanner = outside.current_scanner()
            shown = [outside.safe_host(q.name, scanner) for q in flow.request.questions]
            if shown == [q.name for q in flow.request.questions]:
                return
            reason = "the query's name holds a detected value"
            logger.warning("exitguard: refused a DNS query whose name holds a detected value (%s)", ", ".join(shown))
        except Exception as e:  # fail closed: refused
            reason = "the query's name could not be scanned"
            logger.error("exitguard: Datagrams.dns_request failed with %s; refusing the query", type(e).__name__)
        flow.response = flow.request.fail(response_codes.REFUSED)
        # the names as the log shows them; unscanned ones are not written at all
        await self._record(flow, {"event": "dns_refused", "decision": Decision.BLOCK.value,
                                  "reason": reason, "questions": shown})

    async def _record(self, flow: udp.UDPFlow | dns.DNSFlow, record: dict) -> None:
        if self.record_event is None:
            return
        try:
            await self.record_event({**record, **_peers(flow)})
        except Exception as e:  # the refusal stands; the Audit addon counts and logs what it could not write
            logger.error("exitguard: a %s record could not be handed to the audit (%s)", record["event"],
                         type(e).__name__)


def _peers(flow: udp.UDPFlow | dns.DNSFlow) -> dict:
    """Who sent it and where to: addresses, and the destination's name masked as host names are."""
    server, client = flow.server_conn, flow.client_conn
    scanner = outside.current_scanner()
    return {"client": f"{client.peername[0]}:{client.peername[1]}" if client.peername else None,
            "host": outside.safe_host(str(server.address[0]), scanner) if server.address else None,
            "port": server.address[1] if server.address else None}


def _chosen_by_the_operator(flow: udp.UDPFlow) -> bool:
    mode = flow.client_conn.proxy_mode
    if isinstance(mode, ReverseMode) and mode.scheme in OPERATOR_UDP_SCHEMES:
        return True
    names = [name for name in (flow.server_conn.address[0] if flow.server_conn.address else None,
                               flow.client_conn.sni) if name]
    hosts = getattr(getattr(ctx, "options", None), "udp_hosts", None) or ()  # mitmproxy's own option
    return any(re.search(pattern, name, re.IGNORECASE) for pattern in hosts for name in names)
