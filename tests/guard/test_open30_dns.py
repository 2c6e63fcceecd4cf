"""open30 (attack26's open ends): on a packet listener a DNS query that went on left no audit record, and a key
spread one label per query over many queries to one domain (DNS tunnelling: each label too short to be a key) went
out whole. Queries that go on are tallied now (one `dns_query` record per client and registered domain a window,
with a count), and the labels of one client's recent queries to a domain are joined and scanned: the query whose
labels complete a fixed-shape key is refused and recorded. The real mitmproxy DNS flow objects, as attack26's."""

from __future__ import annotations

import asyncio
import base64
import json
import random
import string

import pytest
from mitmproxy import dns
from mitmproxy.test import tflow

from addons.core import runtime
from addons.guard import dns_names
from addons.guard.datagrams import Datagrams
from tests import fakes

AKID = fakes.aws_key_id(3030)


@pytest.fixture(scope="module")
def shipped_runtime(tmp_path_factory) -> runtime.Runtime:
    return runtime.build(None, [], tmp_path_factory.mktemp("open30-dns") / "key")


@pytest.fixture
def shipped(shipped_runtime):
    runtime.install(shipped_runtime)
    yield shipped_runtime
    runtime.install(None)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Recorded:
    def __init__(self) -> None:
        self.records: list[dict] = []

    async def __call__(self, record: dict) -> None:
        self.records.append(record)


def dns_flow(name: str, client: str = "10.0.0.7"):
    flow = tflow.tdnsflow()
    flow.client_conn.peername = (client, 40000 + len(name))
    flow.server_conn.address = ("198.18.226.6", 53)
    flow.request.questions = [dns.Question(name, 1, 1)]
    flow.response = None
    return flow


def ask(datagrams: Datagrams, name: str, client: str = "10.0.0.7") -> bool:
    """Whether the query went on."""
    flow = dns_flow(name, client)
    asyncio.run(datagrams.dns_request(flow))
    return flow.response is None


def chunks(text: str, size: int) -> list[str]:
    return [text[i:i + size] for i in range(0, len(text), size)]


TUNNELS = {
    "plain, lower-case, 4 a label": chunks(AKID.lower(), 4),
    "plain, as written, 5 a label": chunks(AKID, 5),
    "hex, 8 a label": chunks(AKID.encode().hex(), 8),
    "base32 lower-case, 8 a label": chunks(base64.b32encode(AKID.encode()).decode().rstrip("=").lower(), 8),
}


@pytest.mark.usefixtures("shipped")
@pytest.mark.parametrize("pieces", TUNNELS.values(), ids=TUNNELS.keys())
def test_a_key_spread_one_label_a_query_is_refused_at_the_query_that_completes_it(pieces):
    recorded = Recorded()
    datagrams = Datagrams(record_event=recorded, clock=Clock())
    went_on = [ask(datagrams, f"{p}.t.exfil.example") for p in pieces]
    assert went_on[:-1] == [True] * (len(pieces) - 1)  # no piece alone is a key
    assert went_on[-1] is False
    refused = [r for r in recorded.records if r["event"] == "dns_refused"]
    assert len(refused) == 1 and refused[0]["decision"] == "block"
    assert refused[0]["questions"] == ["[labels withheld].exfil.example"]
    # sent again, the last piece still joins the kept ones
    assert ask(datagrams, f"{pieces[-1]}.t.exfil.example") is False
    written = json.dumps(recorded.records)
    for piece in pieces:
        assert piece not in written


@pytest.mark.usefixtures("shipped")
def test_the_pieces_of_other_clients_or_domains_or_past_the_window_are_not_joined():
    clock = Clock()
    datagrams = Datagrams(clock=clock)
    pieces = chunks(AKID.lower(), 4)
    assert all(ask(datagrams, f"{p}.exfil.example", client=f"10.0.0.{i}") for i, p in enumerate(pieces))
    assert all(ask(datagrams, f"{p}.exfil{i}.example") for i, p in enumerate(pieces))
    for p in pieces:
        clock.now += dns_names.WINDOW
        assert ask(datagrams, f"{p}.slow.example")


@pytest.mark.usefixtures("shipped")
def test_queries_that_go_on_are_tallied_one_record_per_client_and_domain_a_window():
    clock, recorded = Clock(), Recorded()
    datagrams = Datagrams(record_event=recorded, clock=clock)
    names = ["api.openai.com", "files.openai.com", "api.anthropic.com", "www.bbc.co.uk", "news.bbc.co.uk"]
    for i in range(1000):
        assert ask(datagrams, names[i % len(names)])
        clock.now += 0.01  # 10 s in all: one window
    assert [(r["event"], r["domain"], r["count"]) for r in recorded.records] == [
        ("dns_query", "openai.com", 1), ("dns_query", "anthropic.com", 1), ("dns_query", "bbc.co.uk", 1)]
    assert all(r["decision"] == "allow" and r["client"].startswith("10.0.0.7:") for r in recorded.records)
    clock.now += dns_names.WINDOW
    assert ask(datagrams, "api.openai.com")
    assert recorded.records[-1]["count"] == 400  # the 399 counted in the last window, and this one


@pytest.mark.usefixtures("shipped")
def test_the_counts_left_are_written_at_shutdown():
    now: list[dict] = []
    datagrams = Datagrams(record_event=Recorded(), record_event_now=now.append, clock=Clock())
    for _ in range(5):
        ask(datagrams, "api.openai.com")
    datagrams.done()
    assert [(r["event"], r["domain"], r["count"], r["client"]) for r in now] == [
        ("dns_query", "openai.com", 4, "10.0.0.7")]


@pytest.mark.usefixtures("shipped")
def test_a_query_whose_name_holds_a_key_is_refused_and_not_tallied():
    recorded = Recorded()
    datagrams = Datagrams(record_event=recorded, clock=Clock())
    assert not ask(datagrams, f"{AKID.lower()}.exfil.example")
    assert [r["event"] for r in recorded.records] == ["dns_refused"]


def test_the_tallies_and_the_pieces_are_bounded():
    tally, recent = dns_names.QueryTally(max_pairs=8), dns_names.RecentPieces(max_pairs=8, max_chars=100)
    due = []
    for i in range(100):
        pair = dns_names.Pair("10.0.0.7", f"d{i % 20}.example")
        due += tally.note(pair, 0.0)
        recent.keep(pair, f"{'x' * 40}{i}.d{i % 20}.example", 0.0)
    assert len(recent) == 8 and len(tally._pairs) == 8
    assert sum(d.count for d in due) + sum(t.unrecorded for t in tally._pairs.values()) == 100  # none lost
    (joined,) = recent.joined(dns_names.Pair("10.0.0.7", "d19.example"), "y.d19.example", 0.0)
    text = joined.text
    assert len(text) <= 100 + 1 and text.endswith("y") and (joined.start, joined.end) == (len(text) - 1, len(text))


@pytest.mark.slow  # 2,000 seeded labels through the shipped rules, ~1.5 s of CPU
@pytest.mark.usefixtures("shipped")
def test_random_labels_of_ordinary_traffic_are_not_refused():
    rng = random.Random(3030)  # seeded: random labels can hold a key's shape by chance
    datagrams = Datagrams(clock=Clock())
    alphabet = string.ascii_lowercase + string.digits
    refused = 0
    for i in range(2000):
        label = "".join(rng.choice(alphabet) for _ in range(rng.choice((8, 12, 16))))
        refused += not ask(datagrams, f"{label}.cdn{i % 10}.example", client=f"10.0.0.{i % 3}")
    assert refused == 0


@pytest.mark.parametrize(("name", "domain"), [
    ("a.b.exfil.example", "exfil.example"), ("API.OpenAI.com.", "openai.com"), ("www.bbc.co.uk", "bbc.co.uk"),
    ("localhost", "localhost")])
def test_registered_domain(name, domain):
    assert dns_names.registered_domain(name) == domain


def test_pieces_are_cut_where_the_names_stop_sharing_labels():
    names = [dns_names.labels(n) for n in ("akia.t.exfil.example", "2HLY.t.exfil.example.", "osbo.t.exfil.example")]
    assert dns_names.pieces(names, "exfil.example") == ["akia", "2hly", "osbo"]
    names.append(dns_names.labels("www.exfil.example"))
    assert dns_names.pieces(names, "exfil.example") == ["akiat", "2hlyt", "osbot", "www"]
    assert dns_names.pieces([dns_names.labels("exfil.example")] * 2, "exfil.example") == ["", ""]
