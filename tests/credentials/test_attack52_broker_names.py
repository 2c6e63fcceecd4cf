"""attack52: a broker that puts its credential in a header or query parameter of the policy's own naming
(`header: X-Service-Key`, `query: sig`) with `client_keys: allow` lets a caller bring its own key there. That key is
a credential by the policy's word, but no rule need find it (a vendor's 32 hex digits) and the names are not
`outside.CREDENTIAL_HEADER_RE`'s: before this change it stood raw on a flow held for approval (mitmweb's /flows),
in the reviewers' summary (`exitguard approvals list`, the webhook) and in the `.mitm` record of every such flow.
The names a broker puts a credential under are credential names wherever redaction reads them now; the request to
send keeps the key (the upstream gets it, approved)."""

from __future__ import annotations

import asyncio
import io
import json

import pytest
from mitmproxy import io as mio
from mitmproxy.http import Headers
from mitmproxy.test import taddons, tutils

from addons.approval.approval import Approval
from addons.audit import scrub
from addons.core import metakeys
from addons.credentials.credentials import CredentialCheck, CredentialInjection
from addons.credentials.section import env_name
from addons.guard.guard import Guard
from tests.flows import on_the_wire, tunnel_flow

HOST = "api.vendor.example"
OWN = "9f2c4e7a1b3d5f6081a2c3e4f5a6b7c8"  # the caller's own vendor key: 32 hex digits, no rule's shape
BROKERED = "brokered-FAKE-" + "Qx7Lm2Vt9Rk4Wz8Np3Hs6Jd1"
HEADER, PARAM = "X-Service-Key", "sig"


def policy(location: dict) -> dict:
    return {"guarded_hosts": [HOST],
            "approvals": {"approvers": {"groups": ["security"]},
                          "rules": [{"name": "deletes", "hosts": [HOST], "methods": ["DELETE"], "paths": ["/*"]}]},
            "credentials": {"client_keys": "allow",
                            "brokers": [{"hosts": [HOST], "credential": "svc", **location}]}}


@pytest.fixture
def chain(install, monkeypatch):
    monkeypatch.setenv(env_name("svc"), BROKERED)

    def build(location: dict):
        rt = install(policy(location))
        guard, approval, check, inject = Guard(), Approval(), CredentialCheck(), CredentialInjection()
        return rt, guard, approval, check, inject

    return build


def own_key_flow(method: str, where: str):
    f = tunnel_flow(HOST, f"/things/1?{PARAM}={OWN}" if where == "query" else "/things/1")
    f.request.method = method
    if where == "header":
        f.request.headers[HEADER] = OWN
    f.metadata.update({metakeys.HOST_CLASS: "guarded", metakeys.IDENTITY: "ci", metakeys.GROUPS: []})
    return f


def recorded(f, rt) -> bytes:
    buf = io.BytesIO()
    mio.FlowWriter(buf).add(scrub.record_copy(f, rt))
    return buf.getvalue()


LOCATIONS = {"header": {"header": HEADER}, "query": {"query": PARAM}}


@pytest.mark.parametrize("where", ["header", "query"])
async def test_the_callers_own_key_under_a_brokers_name_is_not_shown_while_held_nor_recorded(chain, where):
    rt, guard, approval, check, inject = chain(LOCATIONS[where])
    with taddons.context(guard, approval, check, inject) as tctx:
        tctx.configure(approval, exitguard_approval_timeout=5)
        f = own_key_flow("DELETE", where)
        await check.requestheaders(f)
        await inject.requestheaders(f)
        await guard.request(f)
        task = asyncio.create_task(approval.request(f))
        for _ in range(100):
            if f.intercepted or task.done():
                break
            await asyncio.sleep(0.01)
        assert f.intercepted
        assert OWN not in repr(f.get_state())  # failed before: mitmweb's /flows served it while held
        (pending,) = approval.listing()
        assert OWN not in json.dumps(pending, default=str)  # failed before: the reviewers' summary showed it
        approval.decide(pending["id"], "approve", "alice")
        await asyncio.wait_for(task, 2)
        await inject.request(f)
        sent = on_the_wire(f)
        assert (sent.headers.get(HEADER) if where == "header" else sent.query.get(PARAM)) == OWN  # the caller's own
        f.response = tutils.tresp()
        await inject.response(f)
        assert OWN not in repr(f.get_state())
        assert OWN.encode() not in recorded(f, rt)  # failed before


@pytest.mark.parametrize("where", ["header", "query"])
async def test_a_flow_that_was_not_held_records_no_key_under_a_brokers_name_either(chain, where):
    rt, guard, approval, check, inject = chain(LOCATIONS[where])
    with taddons.context(guard, approval, check, inject) as tctx:
        tctx.configure(approval, exitguard_approval_timeout=5)
        f = own_key_flow("GET", where)
        await check.requestheaders(f)
        await inject.requestheaders(f)
        await guard.request(f)
        await approval.request(f)
        await inject.request(f)
        assert not f.intercepted and f.response is None
        sent = on_the_wire(f)
        assert (sent.headers.get(HEADER) if where == "header" else sent.query.get(PARAM)) == OWN
        f.response = tutils.tresp()
        await inject.response(f)
        assert OWN.encode() not in recorded(f, rt)  # failed before: the record kept the caller's key


def test_other_headers_and_parameters_keep_their_values_in_the_record(chain):
    rt, *_ = chain(LOCATIONS["header"])
    f = own_key_flow("GET", "none")
    f.request.headers["X-Service-Region"] = "eu-west-1"
    f.request.query["page"] = "2"
    f.response = tutils.tresp()
    copy = scrub.record_copy(f, rt)
    assert copy.request.headers["X-Service-Region"] == "eu-west-1" and copy.request.query["page"] == "2"


# attack52: trailers carry the same fields as headers (HTTP/2 and chunked HTTP/1.1; gRPC answers end in them), but
# the record redacted credential headers only: a session cookie or token no rule finds stood raw in a recorded
# answer's (or request's) trailers, and a held request showed its trailers' credentials while it waited.
SESSION = "sid=" + "Qm8wLx2vRt"  # short: no rule finds it; the field's name says what it is


def test_credential_fields_in_trailers_are_redacted_in_the_record(chain):
    rt, *_ = chain(LOCATIONS["header"])
    f = own_key_flow("POST", "none")
    f.request.trailers = Headers([(b"cookie", SESSION.encode()), (HEADER.encode(), OWN.encode()),
                                  (b"grpc-status", b"0")])
    f.response = tutils.tresp()
    f.response.trailers = Headers([(b"set-cookie", f"{SESSION}; Secure".encode()),
                                   (b"x-session-token", OWN.encode()), (b"grpc-status", b"0")])
    copy = scrub.record_copy(f, rt)
    written = recorded(f, rt)
    assert SESSION.encode() not in written and OWN.encode() not in written  # failed before
    assert copy.request.trailers["grpc-status"] == "0" and copy.response.trailers["grpc-status"] == "0"
    assert copy.response.trailers["set-cookie"].startswith("[REDACTED:set-cookie:")


async def test_a_held_request_shows_no_credential_in_its_trailers(chain):
    _, guard, approval, check, inject = chain(LOCATIONS["header"])
    with taddons.context(guard, approval, check, inject) as tctx:
        tctx.configure(approval, exitguard_approval_timeout=5)
        f = own_key_flow("DELETE", "none")
        f.request.content = b"{}"
        f.request.trailers = Headers([(b"cookie", SESSION.encode()), (HEADER.encode(), OWN.encode())])
        await check.requestheaders(f)
        await inject.requestheaders(f)
        await guard.request(f)
        task = asyncio.create_task(approval.request(f))
        for _ in range(100):
            if f.intercepted or task.done():
                break
            await asyncio.sleep(0.01)
        assert f.intercepted
        assert SESSION not in repr(f.get_state()) and OWN not in repr(f.get_state())  # failed before
        (pending,) = approval.listing()
        approval.decide(pending["id"], "approve", "alice")
        await asyncio.wait_for(task, 2)
        sent = on_the_wire(f)
        assert sent.trailers is not None and sent.trailers["cookie"] == SESSION and sent.trailers[HEADER] == OWN
