"""attack59 on session 35's whole-message scan budget (guard.MESSAGE_BUDGET_SCANS) and the scans it cuts.

1. A message the guard refuses because its fields' scans outlasted the message budget (403
   `exitguard_scan_incomplete`) never reaches the guard's views of values split over fields (adjacent.py,
   joined.py). The recording's scrub then scanned the refused body field by field, found no piece of a key split
   over two or three values, and kept the body as it was: the key's pieces in the `.mitm` record. The scrub also
   paid that scan again on the event loop (1.2 MB of `a=b` pairs: guard 2.5 s of CPU, then the scrub 3.1 s more,
   load ~8): the message budget bounded the guard, not the record of what it refused.
2. A scan cut short by the scanner's wall-clock budget (a load spike, or the machine short of CPU) was kept in the
   inspector's cache as incomplete: the same text was refused as `exitguard_scan_incomplete` from then on, on an
   idle machine, for every connection (agents resend the same system prompt and history every turn, which also
   keeps the entry fresh in the LRU), until the cache dropped it or the proxy restarted.

Not timed: the message budget is set to none (MESSAGE_BUDGET_SCANS = 0, the deadline already past: a message whose
fields' scans outlasted it) and the spike is a scanner budget of 1e-9 s for one request. Three places each: what the
upstream got, what the client got, every byte the record writes of the flow (its `.mitm` serialization and its
index record)."""

from __future__ import annotations

import json

import pytest

from addons.audit import audit as audit_addon
from addons.audit import scrub
from addons.audit.recorder import Recorder
from addons.core import outside, runtime
from addons.guard import guard as guard_module
from tests import fakes
from tests.guard.support import chat_body, guard_chain, posted_as

PAT = fakes.github_pat(59)
AKID = fakes.aws_key_id(59)
SPLIT = {  # a body whose key is split over values (the guard's joined/adjacent views find it whole)
    "two chat messages": (PAT, [PAT[:20], PAT[20:]],
                          lambda pieces: {"model": "m", "messages": [{"role": "user", "content": pieces[0]},
                                                                     {"role": "user", "content": pieces[1]}]}),
    "three values apart": (AKID, [AKID[:6], AKID[6:12], AKID[12:]],
                           lambda pieces: {"a": pieces[0], "n": 1, "b": pieces[1], "c": pieces[2]}),
}


@pytest.fixture(scope="module")
def shipped(tmp_path_factory) -> runtime.Runtime:
    return runtime.build(None, [], tmp_path_factory.mktemp("attack59-budget") / "key")


def written_for(flow, rt) -> bytes:
    """Every byte the recording writes of ``flow``: its scrubbed copy as the .mitm holds it, and its index record."""
    scanner = outside.Remembering(rt.inspector)
    copy = scrub.record_copy(flow, rt, scanner)
    sizes = (len(flow.request.raw_content or b""), len(flow.response.raw_content or b"") if flow.response else 0)
    record = audit_addon.flow_record(copy, rt, sizes, scanner)
    return Recorder.serialize(copy) + json.dumps(record).encode()


@pytest.mark.parametrize("name", SPLIT)
async def test_a_key_split_over_the_values_of_a_message_refused_for_time_is_not_recorded(shipped, name,
                                                                                        monkeypatch):
    key, pieces, make = SPLIT[name]
    body = json.dumps(make(pieces)).encode()
    with guard_chain(shipped) as tctx:  # the control: within its budget the split key is found and masked
        flow, upstream = await posted_as(tctx, "application/json", body)
        (sent,) = upstream.received
        assert not any(p.encode() in sent.raw_content for p in pieces), "the control: the split key went out"
    monkeypatch.setattr(guard_module, "MESSAGE_BUDGET_SCANS", 0)  # the fields' scans outlasted the message's budget
    with guard_chain(shipped) as tctx:
        flow, upstream = await posted_as(tctx, "application/json", body)
        assert upstream.received == []  # the upstream: nothing
        assert flow.response is not None and flow.response.status_code == 403  # the client: refused, as incomplete
        assert flow.response.headers.get("x-exitguard-decision") == "exitguard_scan_incomplete"
        assert not any(p.encode() in flow.response.raw_content for p in pieces)
        written = written_for(flow, shipped)  # the record: no piece of the key
    assert key.encode() not in written
    assert not [p for p in pieces if p.encode() in written], "a piece of the split key is in the record"
    assert b"body not kept" in written  # and it says why the body is not there


async def test_a_scan_cut_short_by_a_load_spike_is_not_remembered_for_the_next_request(shipped, monkeypatch):
    # A system prompt every agent sends (a rule fires on it, so the scan meets its deadline checks).
    prompt = ("You are the build assistant of Northwind. Ask ops@northwind-traders.com for access to the runbook; "
              "never print a password or a token. ") * 3
    budget = shipped.scanner.time_budget
    with guard_chain(shipped) as tctx:
        monkeypatch.setattr(guard_module, "MESSAGE_BUDGET_SCANS", 10 ** 12)  # the field's own budget, not the message's
        monkeypatch.setattr(shipped.scanner, "time_budget", 1e-9)  # the spike: this request's scans run out of time
        flow, upstream = await posted_as(tctx, "application/json", chat_body(prompt))
        assert flow.response is not None and flow.response.status_code == 403 and upstream.received == []
        monkeypatch.setattr(shipped.scanner, "time_budget", budget)  # the spike is over
        monkeypatch.setattr(guard_module, "MESSAGE_BUDGET_SCANS", 2)
        flow, upstream = await posted_as(tctx, "application/json", chat_body(prompt))  # another agent, same prompt
        assert flow.response is not None and flow.response.status_code == 200, flow.response.raw_content[:300]
        (sent,) = upstream.received  # the upstream got it, the address masked (the default policy's requests)
        got = json.loads(sent.raw_content)["messages"][1]["content"]
        assert "ops@northwind" not in got and got.count("[MASKED:email-address:") == 3 and "runbook" in got
        assert b"ops@northwind-traders.com" not in written_for(flow, shipped)  # the record masks the address


TINY_FIELDS = 20_000


def _spy(monkeypatch, module, name: str) -> list:
    """Calls of ``module.name`` (their results), the function still called."""
    calls: list = []
    real = getattr(module, name)

    def spied(*args, **kwargs):
        calls.append(result := real(*args, **kwargs))
        return result
    monkeypatch.setattr(module, name, spied)
    return calls


async def test_a_message_whose_budget_is_spent_is_refused_before_the_contexts_of_all_its_fields(shipped,
                                                                                                monkeypatch):
    """The message budget was checked only after each field's scan; the contexts of every field (10 MiB of `a=b`
    pairs: ~9 s of CPU at load ~7) and the opening of the body came before the first check."""
    from addons.core import inspection
    contexts = _spy(monkeypatch, inspection, "context_of")
    monkeypatch.setattr(guard_module, "MESSAGE_BUDGET_SCANS", 0)
    with guard_chain(shipped) as tctx:
        flow, upstream = await posted_as(tctx, "application/x-www-form-urlencoded",
                                         b"&".join([b"a=b"] * TINY_FIELDS))
    assert upstream.received == [] and flow.response is not None and flow.response.status_code == 403
    assert flow.response.headers.get("x-exitguard-decision") == "exitguard_scan_incomplete"
    assert len(contexts) < 10, f"the contexts of {len(contexts)} fields were computed after the budget was spent"


@pytest.mark.parametrize("content_type, body", [
    ("application/x-ndjson", b'{"a":"b"}\n' * TINY_FIELDS),
    ("application/x-www-form-urlencoded", b"&".join([b"a=b"] * TINY_FIELDS)),
])
async def test_a_message_whose_budget_is_spent_is_not_opened_to_its_end(shipped, monkeypatch, content_type, body):
    """The codecs read a body whole before the message budget was first checked (10 MiB of NDJSON lines ~8 s of CPU,
    of form pairs ~10 s, load ~7): a strict xfail until codec61 (formats/deadline.py; every codec in
    tests/hostile/test_codec61_open_budget.py)."""
    opened = _spy(monkeypatch, guard_module, "open_body")
    monkeypatch.setattr(guard_module, "MESSAGE_BUDGET_SCANS", 0)
    with guard_chain(shipped) as tctx:
        flow, upstream = await posted_as(tctx, content_type, body)
    assert upstream.received == [] and flow.response is not None and flow.response.status_code == 403
    assert not opened or len(opened[0].fields) < TINY_FIELDS, "the body was opened to its end"


@pytest.mark.parametrize("cut", ["the message's budget", "a field's budget"])
async def test_the_live_flow_of_a_request_refused_as_incomplete_shows_no_key(shipped, monkeypatch, cut):
    """attack41's rule for a refused request (its live flow, which mitmweb's console shows and later addons read,
    keeps every finding masked) did not hold for a request refused because its scan was cut short: the key in its
    query, in a header and in its body stayed on the live flow as the agent wrote them."""
    from tests.guard.support import OPENAI, Upstream, exchange, request_flow
    if cut == "a field's budget":
        monkeypatch.setattr(shipped.scanner, "time_budget", 1e-9)
        monkeypatch.setattr(guard_module, "MESSAGE_BUDGET_SCANS", 10 ** 12)
    else:
        monkeypatch.setattr(guard_module, "MESSAGE_BUDGET_SCANS", 0)
    other = fakes.github_pat(60)
    body = json.dumps({"model": "m", "messages": [{"role": "user", "content": f"deploy with {other} please"}]})
    flow = request_flow(OPENAI[0], f"{OPENAI[1]}?note={PAT}", body.encode())
    flow.request.headers["x-note"] = f"key {PAT}"
    upstream = Upstream()
    with guard_chain(shipped) as tctx:
        await exchange(tctx, flow, upstream)
    assert upstream.received == []  # the upstream: nothing
    assert flow.response is not None and flow.response.status_code == 403  # the client: refused
    assert flow.response.headers.get("x-exitguard-decision") == "exitguard_scan_incomplete"
    assert PAT.encode() not in flow.response.raw_content and other.encode() not in flow.response.raw_content
    live = flow.request  # the live flow: what mitmweb shows
    assert PAT not in live.path and PAT not in live.headers.get("x-note", "")
    assert other.encode() not in (live.raw_content or b"")
    monkeypatch.setattr(shipped.scanner, "time_budget", 2.0)  # the record is made once the spike is over
    written = written_for(flow, shipped)
    assert PAT.encode() not in written and other.encode() not in written


async def test_a_head_whose_scan_is_cut_short_too_is_not_shown(shipped, monkeypatch):
    """When the head's own scan is cut short (on the refusal too), its path and header values give way to a notice."""
    from addons.guard import request_parts
    from tests.guard.support import OPENAI, Upstream, exchange, request_flow

    def cut_short(*args, **kwargs):
        raise request_parts.IncompleteScan("query.note")
    monkeypatch.setattr(request_parts, "scan", cut_short)
    flow = request_flow(OPENAI[0], f"{OPENAI[1]}?note={PAT}", chat_body("hello"))
    flow.request.headers["x-note"] = f"key {PAT}"
    upstream = Upstream()
    with guard_chain(shipped) as tctx:
        await exchange(tctx, flow, upstream)
    assert upstream.received == [] and flow.response is not None and flow.response.status_code == 403
    assert flow.response.headers.get("x-exitguard-decision") == "exitguard_scan_incomplete"
    live = flow.request
    assert PAT not in live.path and "not shown" in live.path
    assert PAT not in live.headers["x-note"] and live.headers["host"] == OPENAI[0]
    assert PAT.encode() not in written_for(flow, shipped)
