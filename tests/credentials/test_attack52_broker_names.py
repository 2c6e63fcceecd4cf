"""attack52: a broker that puts its credential in a header or query parameter of the policy's own naming
(`header: X-Service-Key`, `query: sig`) with `client_keys: allow` lets a caller bring its own key there. That key is
a credential by the policy's word, but no rule need find it (a vendor's 32 hex digits) and the names are not
`outside.CREDENTIAL_HEADER_RE`'s: before this change it stood raw on a flow held for approval (mitmweb's /flows),
in the reviewers' summary (`exitguard approvals list`, the webhook) and in the `.mitm` record of every such flow.
The names a broker puts a credential under are credential names wherever redaction reads them now; the request to
send keeps the key (the upstream gets it, approved)."""

from __future__ import annotations

import json

import pytest
from mitmproxy.http import Headers
from mitmproxy.test import taddons, tutils

from addons.audit import scrub
from tests.credentials.broker_chain import HEADER, OWN, PARAM, guarded_flow, recorded
from tests.flows import on_the_wire


def own_key_flow(method: str, where: str):
    f = guarded_flow(method, f"/things/1?{PARAM}={OWN}" if where == "query" else "/things/1")
    if where == "header":
        f.request.headers[HEADER] = OWN
    return f


LOCATIONS = {"header": {"header": HEADER}, "query": {"query": PARAM}}


def own_key_sent(sent, where: str) -> bool:
    return (sent.headers.get(HEADER) if where == "header" else sent.query.get(PARAM)) == OWN


@pytest.mark.parametrize("where", ["header", "query"])
async def test_the_callers_own_key_under_a_brokers_name_is_not_shown_while_held_nor_recorded(broker_chain, where):
    c = broker_chain(LOCATIONS[where])
    with taddons.context(*c.addons) as tctx:
        tctx.configure(c.approval, exitguard_approval_timeout=5)
        f = own_key_flow("DELETE", where)
        task = await c.held(f)
        assert OWN not in repr(f.get_state())  # failed before: mitmweb's /flows served it while held
        (pending,) = c.approval.listing()
        assert OWN not in json.dumps(pending, default=str)  # failed before: the reviewers' summary showed it
        await c.approve(task)
        await c.inject.request(f)
        assert own_key_sent(on_the_wire(f), where)  # the caller's own
        written = await c.answered_record(f)
        assert OWN not in repr(f.get_state())
        assert OWN.encode() not in written  # failed before


@pytest.mark.parametrize("where", ["header", "query"])
async def test_a_flow_that_was_not_held_records_no_key_under_a_brokers_name_either(broker_chain, where):
    c = broker_chain(LOCATIONS[where])
    with taddons.context(*c.addons) as tctx:
        tctx.configure(c.approval, exitguard_approval_timeout=5)
        f = own_key_flow("GET", where)
        assert own_key_sent(await c.sent_unheld(f), where)
        assert OWN.encode() not in await c.answered_record(f)  # failed before: the record kept the caller's key


def test_other_headers_and_parameters_keep_their_values_in_the_record(broker_chain):
    c = broker_chain(LOCATIONS["header"])
    f = own_key_flow("GET", "none")
    f.request.headers["X-Service-Region"] = "eu-west-1"
    f.request.query["page"] = "2"
    f.response = tutils.tresp()
    copy = scrub.record_copy(f, c.rt)
    assert copy.request.headers["X-Service-Region"] == "eu-west-1" and copy.request.query["page"] == "2"


# attack52: trailers carry the same fields as headers (HTTP/2 and chunked HTTP/1.1; gRPC answers end in them), but
# the record redacted credential headers only: a session cookie or token no rule finds stood raw in a recorded
# answer's (or request's) trailers, and a held request showed its trailers' credentials while it waited.
SESSION = "sid=" + "Qm8wLx2vRt"  # short: no rule finds it; the field's name says what it is


def test_credential_fields_in_trailers_are_redacted_in_the_record(broker_chain):
    c = broker_chain(LOCATIONS["header"])
    f = own_key_flow("POST", "none")
    f.request.trailers = Headers([(b"cookie", SESSION.encode()), (HEADER.encode(), OWN.encode()),
                                  (b"grpc-status", b"0")])
    f.response = tutils.tresp()
    f.response.trailers = Headers([(b"set-cookie", f"{SESSION}; Secure".encode()),
                                   (b"x-session-token", OWN.encode()), (b"grpc-status", b"0")])
    copy = scrub.record_copy(f, c.rt)
    written = recorded(f, c.rt)
    assert SESSION.encode() not in written and OWN.encode() not in written  # failed before
    assert copy.request.trailers["grpc-status"] == "0" and copy.response.trailers["grpc-status"] == "0"
    assert copy.response.trailers["set-cookie"].startswith("[REDACTED:set-cookie:")


async def test_a_held_request_shows_no_credential_in_its_trailers(broker_chain):
    c = broker_chain(LOCATIONS["header"])
    with taddons.context(*c.addons) as tctx:
        tctx.configure(c.approval, exitguard_approval_timeout=5)
        f = own_key_flow("DELETE", "none")
        f.request.content = b"{}"
        f.request.trailers = Headers([(b"cookie", SESSION.encode()), (HEADER.encode(), OWN.encode())])
        task = await c.held(f)
        assert SESSION not in repr(f.get_state()) and OWN not in repr(f.get_state())  # failed before
        await c.approve(task)
        sent = on_the_wire(f)
        assert sent.trailers is not None and sent.trailers["cookie"] == SESSION and sent.trailers[HEADER] == OWN
