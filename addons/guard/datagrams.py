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
"""

from __future__ import annotations

import logging
import re

from mitmproxy import ctx, dns, udp
from mitmproxy.net.dns import response_codes
from mitmproxy.proxy.mode_specs import ReverseMode

from addons.core import outside

logger = logging.getLogger(__name__)

OPERATOR_UDP_SCHEMES = ("udp", "dtls")  # a reverse listener the operator made for raw datagrams
REFUSED_UDP = ("exitguard: raw UDP is not inspected and was refused (only HTTP, HTTP/3 and DNS are read); list the "
               "destination in mitmproxy's udp_hosts to relay it unread")


class Datagrams:
    def udp_start(self, flow: udp.UDPFlow) -> None:
        try:
            if _chosen_by_the_operator(flow):
                return
        except Exception as e:  # fail closed: refused
            logger.error("exitguard: Datagrams.udp_start failed with %s; refusing the datagrams", type(e).__name__)
        logger.warning("%s", REFUSED_UDP)
        flow.server_conn.error = REFUSED_UDP  # mitmproxy then kills the server connection before it opens
        flow.kill()

    def udp_message(self, flow: udp.UDPFlow) -> None:
        if flow.server_conn.error == REFUSED_UDP and flow.messages:  # never relayed, whatever happened to the kill
            flow.messages[-1].content = b""

    def dns_request(self, flow: dns.DNSFlow) -> None:
        try:
            scanner = outside.current_scanner()
            shown = [outside.safe_host(q.name, scanner) for q in flow.request.questions]
            if shown == [q.name for q in flow.request.questions]:
                return
            logger.warning("exitguard: refused a DNS query whose name holds a detected value (%s)", ", ".join(shown))
        except Exception as e:  # fail closed: refused
            logger.error("exitguard: Datagrams.dns_request failed with %s; refusing the query", type(e).__name__)
        flow.response = flow.request.fail(response_codes.REFUSED)


def _chosen_by_the_operator(flow: udp.UDPFlow) -> bool:
    mode = flow.client_conn.proxy_mode
    if isinstance(mode, ReverseMode) and mode.scheme in OPERATOR_UDP_SCHEMES:
        return True
    names = [name for name in (flow.server_conn.address[0] if flow.server_conn.address else None,
                               flow.client_conn.sni) if name]
    hosts = getattr(getattr(ctx, "options", None), "udp_hosts", None) or ()  # mitmproxy's own option
    return any(re.search(pattern, name, re.IGNORECASE) for pattern in hosts for name in names)
