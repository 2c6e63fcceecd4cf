"""attack57 against rec55's memo of plain header names (audit/scrub.py `_plain_names`): the record skips its
Proxy-Authorization and credential-header passes for a message none of whose names is one, by a memo of names kept
across flows and policies. A policy reload that names a broker's header after the memo learnt that name as plain
(flows recorded under the old policy carried it), the name in another case, in the response and in trailers, and an
HTTP/2 message: the reloaded policy's name is redacted in every place (held: the policy's own names skip the memo,
and trailers never took it). Each test fails if the memo answers for a name the policy names."""

from __future__ import annotations

import pytest
from mitmproxy import http

from addons.credentials.section import env_name
from tests.credentials.broker_chain import BROKERED, HEADER, HOST, OWN, guarded_flow, policy, recorded


@pytest.fixture(autouse=True)
def _the_brokers_credential(monkeypatch):
    monkeypatch.setenv(env_name("svc"), BROKERED)


def _flow_with_the_key(name: str) -> http.HTTPFlow:
    f = guarded_flow("GET", "/things/1")
    f.request.headers[name] = OWN
    f.response = http.Response.make(200, b"ok", {name: OWN})
    return f


def test_a_header_the_memo_learnt_as_plain_is_redacted_once_a_reload_names_it(install):
    before = install({"guarded_hosts": [HOST]})
    assert OWN.encode() in recorded(_flow_with_the_key(HEADER), before)  # no name, no rule: the memo learns it plain
    after = install(policy({"header": HEADER}))  # the reload: a broker puts its credential under that name
    for name in (HEADER, HEADER.upper(), HEADER.lower()):
        assert OWN.encode() not in recorded(_flow_with_the_key(name), after), name


def test_trailers_and_an_http2_message_under_the_reloaded_name_are_redacted(install):
    install({"guarded_hosts": [HOST]})
    after = install(policy({"header": HEADER}))
    f = guarded_flow("GET", "/things/1")
    f.request.http_version = "HTTP/2.0"
    f.request.headers[HEADER.upper()] = OWN
    f.response = http.Response.make(200, b"ok", {"x-note": "plain names only: the header passes are skipped"})
    f.response.http_version = "HTTP/2.0"
    f.response.trailers = http.Headers([(HEADER.lower().encode(), OWN.encode())])
    assert OWN.encode() not in recorded(f, after)
