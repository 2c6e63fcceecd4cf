"""attack53: attack52 redacts the caller's own key under a broker's own query parameter (`query: sig`,
`client_keys: allow`) on a held flow, in the reviewers' summary and in the record, but matched the parameter's name
exactly as mitmproxy's parser splits the query (on `&` only, names case-sensitive). A server that reads names
case-insensitively (ASP.NET, many Java and PHP frameworks) takes `SIG=` or `Sig=` as the same parameter, and one that
splits on `;` too (the old HTML 4 advice; Rails before 6, several Java stacks) reads `?a=1;sig=KEY` and `?a;sig=KEY`
as `sig=KEY`. The key then stood raw in the record and while held. Redaction is the side that must fail closed: a
broker's parameter name in any case, and after a `;`, is redacted now; the request sent upstream keeps it."""

from __future__ import annotations

import json

import pytest
from mitmproxy.test import taddons, tutils

from addons.audit import scrub
from tests.credentials.broker_chain import OWN, PARAM, guarded_flow
from tests.flows import on_the_wire

# (query as the caller writes it, the value a lenient server reads as `sig`)
SPELLINGS = {
    "upper case": f"SIG={OWN}",
    "mixed case": f"page=2&Sig={OWN}",
    "after a semicolon in a value": f"page=2;sig={OWN}",
    "after a semicolon in a name": f"page;sig={OWN}",
    "upper case after a semicolon": f"page=2;SIG={OWN}&x=1",
    "percent-encoded name": f"si%67={OWN}",  # decoded by the parser: held before too
    "repeated": f"sig=first&sig={OWN}",  # every one: held before too
}


def flow_with(method: str, query: str):
    return guarded_flow(method, f"/things/1?{query}")


@pytest.mark.parametrize("query", SPELLINGS.values(), ids=SPELLINGS.keys())
async def test_the_callers_key_under_a_spelling_of_the_brokers_parameter_is_not_recorded(broker_chain, query):
    c = broker_chain({"query": PARAM})
    with taddons.context(*c.addons) as tctx:
        tctx.configure(c.approval, exitguard_approval_timeout=5)
        f = flow_with("GET", query)
        assert OWN in (await c.sent_unheld(f)).path  # the request sent keeps the caller's own key, as written
        assert OWN.encode() not in await c.answered_record(f)  # failed before for the case and semicolon spellings


@pytest.mark.parametrize("query", SPELLINGS.values(), ids=SPELLINGS.keys())
async def test_the_callers_key_under_a_spelling_of_the_brokers_parameter_is_not_shown_while_held(broker_chain,
                                                                                               query):
    c = broker_chain({"query": PARAM})
    with taddons.context(*c.addons) as tctx:
        tctx.configure(c.approval, exitguard_approval_timeout=5)
        f = flow_with("DELETE", query)
        task = await c.held(f)
        assert OWN not in repr(f.get_state())  # failed before: mitmweb's /flows
        (pending,) = c.approval.listing()
        assert OWN not in json.dumps(pending, default=str)  # failed before: the reviewers' summary
        await c.approve(task)
        await c.inject.request(f)
        assert OWN in on_the_wire(f).path  # approved: sent as the caller wrote it
        assert OWN.encode() not in await c.answered_record(f)


def test_other_parameters_keep_their_values(broker_chain):
    c = broker_chain({"query": PARAM})
    f = flow_with("GET", "page=2;lang=en&signature_version=4&sigma=1")
    f.response = tutils.tresp()
    copy = scrub.record_copy(f, c.rt)
    assert copy.request.query.get("page") == "2;lang=en"
    assert copy.request.query.get("signature_version") == "4" and copy.request.query.get("sigma") == "1"
