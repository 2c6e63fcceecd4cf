"""attack53: attack52 redacts the caller's own key under a broker's own query parameter (`query: sig`,
`client_keys: allow`) on a held flow, in the reviewers' summary and in the record, but matched the parameter's name
exactly as mitmproxy's parser splits the query (on `&` only, names case-sensitive). A server that reads names
case-insensitively (ASP.NET, many Java and PHP frameworks) takes `SIG=` or `Sig=` as the same parameter, and one that
splits on `;` too (the old HTML 4 advice; Rails before 6, several Java stacks) reads `?a=1;sig=KEY` and `?a;sig=KEY`
as `sig=KEY`. The key then stood raw in the record and while held. Redaction is the side that must fail closed: a
broker's parameter name in any case, and after a `;`, is redacted now; the request sent upstream keeps it."""

from __future__ import annotations

import asyncio
import json

import pytest
from mitmproxy.test import taddons, tutils

from addons.approval.approval import Approval
from addons.audit import scrub
from addons.core import metakeys
from addons.credentials.credentials import CredentialCheck, CredentialInjection
from addons.credentials.section import env_name
from addons.guard.guard import Guard
from tests.credentials.test_attack52_broker_names import BROKERED, HOST, OWN, PARAM, policy, recorded
from tests.flows import on_the_wire, tunnel_flow

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


@pytest.fixture
def chain(install, monkeypatch):
    monkeypatch.setenv(env_name("svc"), BROKERED)

    def build(location: dict):
        return install(policy(location)), Guard(), Approval(), CredentialCheck(), CredentialInjection()

    return build


def flow_with(method: str, query: str):
    f = tunnel_flow(HOST, f"/things/1?{query}")
    f.request.method = method
    f.metadata.update({metakeys.HOST_CLASS: "guarded", metakeys.IDENTITY: "ci", metakeys.GROUPS: []})
    return f


@pytest.mark.parametrize("query", SPELLINGS.values(), ids=SPELLINGS.keys())
async def test_the_callers_key_under_a_spelling_of_the_brokers_parameter_is_not_recorded(chain, query):
    rt, guard, approval, check, inject = chain({"query": PARAM})
    with taddons.context(guard, approval, check, inject) as tctx:
        tctx.configure(approval, exitguard_approval_timeout=5)
        f = flow_with("GET", query)
        await check.requestheaders(f)
        await inject.requestheaders(f)
        await guard.request(f)
        await approval.request(f)
        await inject.request(f)
        assert not f.intercepted and f.response is None
        assert OWN in on_the_wire(f).path  # the request sent keeps the caller's own key, as written
        f.response = tutils.tresp()
        await inject.response(f)
        assert OWN.encode() not in recorded(f, rt)  # failed before for the case and semicolon spellings


@pytest.mark.parametrize("query", SPELLINGS.values(), ids=SPELLINGS.keys())
async def test_the_callers_key_under_a_spelling_of_the_brokers_parameter_is_not_shown_while_held(chain, query):
    rt, guard, approval, check, inject = chain({"query": PARAM})
    with taddons.context(guard, approval, check, inject) as tctx:
        tctx.configure(approval, exitguard_approval_timeout=5)
        f = flow_with("DELETE", query)
        await check.requestheaders(f)
        await inject.requestheaders(f)
        await guard.request(f)
        task = asyncio.create_task(approval.request(f))
        for _ in range(100):
            if f.intercepted or task.done():
                break
            await asyncio.sleep(0.01)
        assert f.intercepted
        assert OWN not in repr(f.get_state())  # failed before: mitmweb's /flows
        (pending,) = approval.listing()
        assert OWN not in json.dumps(pending, default=str)  # failed before: the reviewers' summary
        approval.decide(pending["id"], "approve", "alice")
        await asyncio.wait_for(task, 2)
        await inject.request(f)
        assert OWN in on_the_wire(f).path  # approved: sent as the caller wrote it
        f.response = tutils.tresp()
        await inject.response(f)
        assert OWN.encode() not in recorded(f, rt)


def test_other_parameters_keep_their_values(chain):
    rt, *_ = chain({"query": PARAM})
    f = flow_with("GET", "page=2;lang=en&signature_version=4&sigma=1")
    f.response = tutils.tresp()
    copy = scrub.record_copy(f, rt)
    assert copy.request.query.get("page") == "2;lang=en"
    assert copy.request.query.get("signature_version") == "4" and copy.request.query.get("sigma") == "1"
