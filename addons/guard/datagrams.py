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

open30: a query that goes on is a decision too: `dns_query` records, one per (client address, registered domain) a
window with the count of the queries since the last (`dns_names.QueryTally`). And a key spread one label per query
(DNS tunnelling) is read where it is whole: the recent labels of one client's queries to one domain joined with the
new query's (`dns_names.RecentPieces`), scanned for fixed-shape keys as written, upper-cased and in encoded runs;
a key covering the new query's labels refuses it (`dns_refused`, "the query's labels complete a detected value
with the recent queries' to its domain").
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Awaitable, Callable

from mitmproxy import ctx, dns, udp
from mitmproxy.net.dns import response_codes
from mitmproxy.proxy.mode_specs import ReverseMode

from addons.core import outside
from addons.core.inspection import is_fixed_shape
from addons.core.vocabulary import Decision
from addons.guard import dns_names

logger = logging.getLogger(__name__)

OPERATOR_UDP_SCHEMES = ("udp", "dtls")  # a reverse listener the operator made for raw datagrams
REFUSED_UDP = ("exitguard: raw UDP is not inspected and was refused (only HTTP, HTTP/3 and DNS are read); list the "
               "destination in mitmproxy's udp_hosts to relay it unread")


# Writes an audit index record with no flow (the Audit addon's record_event: stamped, scrubbed, durable on return).
RecordEvent = Callable[[dict], Awaitable[None]]
RecordEventNow = Callable[[dict], None]  # the same, written before it returns (at shutdown no task runs any more)
WITHHELD_LABELS = "[labels withheld]."
JOINED_VALUE = "the query's labels complete a detected value with the recent queries' to its domain"


class Datagrams:
    def __init__(self, record_event: RecordEvent | None = None, record_event_now: RecordEventNow | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.record_event = record_event
        self.record_event_now = record_event_now
        self.clock = clock
        self.tally = dns_names.QueryTally()
        self.recent = dns_names.RecentPieces()

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
                if not self._completes_a_joined_value(flow, scanner):
                    await self._went_on(flow)
                    return
                reason = JOINED_VALUE
                # a piece of a key is no value to the scanner: only the domain is shown
                shown = [WITHHELD_LABELS + dns_names.registered_domain(q.name) for q in flow.request.questions]
                logger.warning("exitguard: refused a DNS query whose labels complete a detected value with the "
                               "recent queries' to its domain (%s)", ", ".join(shown))
            else:
                reason = "the query's name holds a detected value"
                logger.warning("exitguard: refused a DNS query whose name holds a detected value (%s)",
                               ", ".join(shown))
        except Exception as e:  # fail closed: refused
            reason = "the query's name could not be scanned"
            logger.error("exitguard: Datagrams.dns_request failed with %s; refusing the query", type(e).__name__)
        flow.response = flow.request.fail(response_codes.REFUSED)
        # the names as the log shows them; unscanned ones are not written at all
        await self._record(flow, {"event": "dns_refused", "decision": Decision.BLOCK.value,
                                  "reason": reason, "questions": shown})

    def _completes_a_joined_value(self, flow: dns.DNSFlow, scanner: outside.TextScanner | None) -> bool:
        """Whether a question's labels, joined after the recent ones of its client and domain, complete a
        fixed-shape key (kept when not: the next query joins them). Raises when the join cannot be scanned."""
        if scanner is None:
            raise RuntimeError("no scanner")
        now, client = self.clock(), _client_address(flow)
        went_on = []
        for question in flow.request.questions:
            domain = dns_names.registered_domain(question.name)
            pair = dns_names.Pair(client, domain)
            if _key_reaching(self.recent.joined(pair, question.name, now), scanner):
                return True
            went_on.append(pair)
        for pair, question in zip(went_on, flow.request.questions, strict=True):
            self.recent.keep(pair, question.name, now)
        return False

    async def _went_on(self, flow: dns.DNSFlow) -> None:
        """The tally's records due for a query that goes on (its own when it opens a window). The labels below the
        registered domain are not written: a tunnel's are pieces of a key, none a value alone."""
        domains = dict.fromkeys(dns_names.registered_domain(q.name) for q in flow.request.questions)
        client = _client_address(flow)
        for domain in domains:
            for due in self.tally.note(dns_names.Pair(client, domain), self.clock()):
                await self._record(flow, _tally_record(due))

    def done(self) -> None:
        """The counts no record carried yet, written before the Audit addon closes (it comes later in the chain)."""
        if self.record_event_now is None:
            return
        for due in self.tally.drain():
            try:
                self.record_event_now({**_tally_record(due), "client": due.pair.client})
            except Exception as e:
                logger.error("exitguard: a dns_query record could not be handed to the audit (%s)", type(e).__name__)

    async def _record(self, flow: udp.UDPFlow | dns.DNSFlow, record: dict) -> None:
        if self.record_event is None:
            return
        try:
            await self.record_event({**record, **_peers(flow)})
        except Exception as e:  # the refusal stands; the Audit addon counts and logs what it could not write
            logger.error("exitguard: a %s record could not be handed to the audit (%s)", record["event"],
                         type(e).__name__)


def _key_reaching(readings: list[dns_names.Joined], scanner: outside.TextScanner) -> bool:
    """A fixed-shape key in one of ``readings`` (as written, upper-cased, or in an encoded run) reaching into the
    new query's piece there. The readings are scanned as one text, a blank between them (no fixed-shape key or
    encoded run holds one: one scan of a query's few readings, not one each). Raises when a scan is incomplete
    (the caller refuses)."""
    text, spans, at = "", [], 0
    for joined in readings:
        spans.append((at + joined.start, at + joined.end))
        text += joined.text + " "
        at = len(text)
    if not spans:
        return False

    def reaches(start: int, end: int) -> bool:
        return any(start < piece_end and end > piece_start for piece_start, piece_end in spans)

    for spelling in dict.fromkeys((text, outside.upper_same_length(text))):
        found, incomplete = scanner.detect(spelling)
        if incomplete:
            raise RuntimeError("incomplete scan")
        if any(reaches(f.start, f.end) and is_fixed_shape(f) for f in found):
            return True
    runs = outside.encoded_runs_of_a_name(text, scanner, counts=is_fixed_shape)
    if runs is None:
        raise RuntimeError("incomplete scan")
    return any(reaches(run.start, run.end) for run in runs)


def _tally_record(due: dns_names.Due) -> dict:
    scanner = outside.current_scanner()
    record = {"event": "dns_query", "decision": Decision.ALLOW.value, "reason": "no detected value in the name",
              "domain": outside.safe_host(due.pair.domain, scanner), "count": due.count,
              "window_seconds": int(dns_names.WINDOW)}
    return record


def _client_address(flow: udp.UDPFlow | dns.DNSFlow) -> str:
    peer = flow.client_conn.peername
    return str(peer[0]) if peer else ""


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
