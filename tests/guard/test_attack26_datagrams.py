"""attack26: what mitmproxy relays that is not HTTP, on a listener that takes packets (`tun`, `wireguard`, `local`,
transparent UDP): a UDP datagram that is no QUIC falls back to raw forwarding (mitmproxy's next_layer, "no other
specialized layers for UDP"), and a DNS query is forwarded to the server the client named. No exitguard hook saw
either: a key in a datagram to any address, or in a query's name (`akia....exfil.example` to the agent's own
resolver), left unscanned and unrecorded (live: tests/guard/test_attack26_datagrams_live.py). Raw UDP is now
refused unless the operator listed it (`udp_hosts`, a reverse `udp` / `dtls` listener); a query whose name holds a
value is answered REFUSED and not forwarded."""

from __future__ import annotations

import asyncio

import pytest
from mitmproxy import dns
from mitmproxy.net.dns import response_codes
from mitmproxy.proxy.mode_specs import ProxyMode
from mitmproxy.test import taddons, tflow

from addons.core import runtime
from addons.guard.datagrams import Datagrams
from tests import fakes

AKID = fakes.aws_key_id(2627)


@pytest.fixture(scope="module")
def shipped_runtime(tmp_path_factory) -> runtime.Runtime:
    return runtime.build(None, [], tmp_path_factory.mktemp("attack26-datagrams") / "key")


@pytest.fixture
def shipped(shipped_runtime):
    """The default policy and the shipped rules, installed."""
    runtime.install(shipped_runtime)
    yield shipped_runtime
    runtime.install(None)


def udp_flow(address: tuple[str, int] = ("198.18.226.5", 9999), mode: str = "wireguard"):
    flow = tflow.tudpflow()
    flow.server_conn.address = address
    flow.server_conn.timestamp_start = None  # not connected yet: as mitmproxy calls udp_start
    flow.client_conn.proxy_mode = ProxyMode.parse(mode)
    return flow


@pytest.mark.usefixtures("shipped")
def test_raw_udp_is_refused_before_its_server_connection_opens():
    flow = udp_flow()
    with taddons.context(Datagrams()):
        asyncio.run(Datagrams().udp_start(flow))
    assert flow.server_conn.error and "UDP" in flow.server_conn.error  # mitmproxy kills it before connecting
    assert flow.error is not None


@pytest.mark.usefixtures("shipped")
@pytest.mark.parametrize("mode", ["reverse:udp://198.18.226.5:9999", "reverse:dtls://198.18.226.5:9999"])
def test_a_listener_the_operator_made_for_udp_relays_it(mode):
    flow = udp_flow(mode=mode)
    asyncio.run(Datagrams().udp_start(flow))
    assert not flow.server_conn.error and flow.error is None


@pytest.mark.usefixtures("shipped")
def test_udp_hosts_lets_the_operator_allow_a_destination():
    flow = udp_flow(("198.18.226.5", 9999))
    with taddons.context(Datagrams()) as tctx:
        tctx.options.udp_hosts = [r"^198\.18\.226\.5$"]
        asyncio.run(Datagrams().udp_start(flow))
    assert not flow.server_conn.error and flow.error is None


def dns_flow(name: str):
    flow = tflow.tdnsflow()
    flow.server_conn.address = ("198.18.226.6", 53)
    flow.request.questions = [dns.Question(name, 1, 1)]
    flow.response = None
    return flow


@pytest.mark.usefixtures("shipped")
@pytest.mark.parametrize("name", [f"{AKID.lower()}.exfil.example", f"{AKID}.exfil.example", AKID.lower()])
def test_a_query_whose_name_holds_a_key_is_refused_not_forwarded(name):
    flow = dns_flow(name)
    asyncio.run(Datagrams().dns_request(flow))
    assert flow.response is not None and flow.response.response_code == response_codes.REFUSED


@pytest.mark.usefixtures("shipped")
def test_an_ordinary_query_goes_on():
    flow = dns_flow("api.openai.com")
    asyncio.run(Datagrams().dns_request(flow))
    assert flow.response is None


class Recorded:
    """The Audit addon's record_event, as the chain hands it in: what each refusal asks to be written."""

    def __init__(self) -> None:
        self.records: list[dict] = []

    async def __call__(self, record: dict) -> None:
        self.records.append(record)


@pytest.mark.usefixtures("shipped")
def test_each_refusal_is_an_audit_record_with_no_value_in_it():
    recorded = Recorded()
    datagrams = Datagrams(record_event=recorded)
    with taddons.context(datagrams):
        asyncio.run(datagrams.udp_start(udp_flow(("198.18.226.5", 9999))))
        asyncio.run(datagrams.dns_request(dns_flow(f"{AKID.lower()}.exfil.example")))
        asyncio.run(datagrams.dns_request(dns_flow("api.openai.com")))  # goes on: tallied (open30)
    udp_record, dns_record, tally_record = recorded.records
    assert (tally_record["event"], tally_record["domain"], tally_record["count"]) == ("dns_query", "openai.com", 1)
    assert udp_record["event"] == "udp_refused" and (udp_record["host"], udp_record["port"]) == ("198.18.226.5", 9999)
    assert (udp_record["decision"], dns_record["decision"]) == ("deny", "block")
    assert dns_record["event"] == "dns_refused" and dns_record["questions"][0].endswith(".exfil.example")
    written = repr(recorded.records)
    assert AKID not in written and AKID.lower() not in written


@pytest.mark.usefixtures("shipped")
def test_a_udp_destination_named_by_a_key_is_recorded_masked():
    recorded = Recorded()
    datagrams = Datagrams(record_event=recorded)
    flow = udp_flow(("198.18.226.5", 9999))
    flow.server_conn.address = (f"{AKID.lower()}.exfil.example", 9999)
    with taddons.context(datagrams):
        asyncio.run(datagrams.udp_start(flow))
    assert flow.server_conn.error
    assert AKID.lower() not in repr(recorded.records) and AKID not in repr(recorded.records)


@pytest.mark.usefixtures("shipped")
def test_a_record_that_cannot_be_handed_over_leaves_the_refusal_standing():
    async def broken(record: dict) -> None:
        raise OSError("disk full")

    flow = dns_flow(f"{AKID}.exfil.example")
    asyncio.run(Datagrams(record_event=broken).dns_request(flow))
    assert flow.response is not None and flow.response.response_code == response_codes.REFUSED


@pytest.mark.usefixtures("shipped")
def test_an_operator_chosen_relay_is_no_refusal_to_record():
    recorded = Recorded()
    datagrams = Datagrams(record_event=recorded)
    asyncio.run(datagrams.udp_start(udp_flow(mode="reverse:udp://198.18.226.5:9999")))
    assert recorded.records == []
