"""Unit (attack11): the placeholder where the broker does not expect it: in the body, the query, another header,
another vendor's header, twice, percent-encoded. The key goes only where the broker puts it, once; everything else
leaves as the agent sent it. Held: these pass as written."""

from __future__ import annotations

import json

import pytest
from mitmproxy.test import taddons

from addons import chain  # noqa: F401  (registers the credentials section)
from addons.core import metakeys
from addons.credentials.credentials import CredentialCheck, CredentialInjection
from addons.credentials.section import env_name
from tests.flows import on_the_wire, tunnel_flow

STRIPE = "Vq7Lm2Xt+9Rk4Wz8/Np3Hs6Jd1Fb5Gc0Ty="  # made up for these tests
MISTRAL = "mZ3kR8pT1wQ6yL0vN4xB7cH2fJ5gD9sA"
GEMINI = "AIzaSyFAKE" + "q" * 29
BROKERS = [
    {"hosts": ["api.stripe.com"], "credential": "stripe", "header": "Authorization", "format": "Bearer {value}"},
    {"hosts": ["api.mistral.ai"], "credential": "mistral", "header": "x-api-key"},
    {"hosts": ["generativelanguage.googleapis.com"], "credential": "gemini", "query": "key"},
]


@pytest.fixture
def addons(install, monkeypatch):
    for name, value in {"stripe": STRIPE, "mistral": MISTRAL, "gemini": GEMINI}.items():
        monkeypatch.setenv(env_name(name), value)
    install({"guarded_hosts": ["api.stripe.com", "api.mistral.ai", "generativelanguage.googleapis.com"],
             "credentials": BROKERS})
    check, inject = CredentialCheck(), CredentialInjection()
    with taddons.context(check, inject):
        yield check, inject


async def sent(check, inject, host: str, path: str, headers: list[tuple[str, str]], body: bytes):
    f = tunnel_flow(host, path)
    for name, value in headers:
        f.request.headers.add(name, value)
    f.request.content = body
    f.metadata.update({metakeys.HOST_CLASS: "guarded", metakeys.IDENTITY: "ci", metakeys.GROUPS: []})
    await check.requestheaders(f)
    await inject.requestheaders(f)
    await inject.request(f)
    return f


def places(f, key: str) -> list[str]:
    where = [f"header.{k.lower()}" for k, v in on_the_wire(f).headers.items(multi=True) if key in v]
    where += ["url"] * (key in on_the_wire(f).path) + ["body"] * (key.encode() in (on_the_wire(f).content or b""))
    return where


async def test_placeholders_elsewhere_stay_placeholders_and_the_key_goes_once_where_the_broker_puts_it(addons):
    body = json.dumps({"api_key": "exitguard", "auth": "Bearer exitguard"}).encode()
    headers = [("authorization", "Bearer exitguard"), ("authorization", "Bearer exitguard"),
               ("x-api-key", "exitguard"), ("x-goog-api-key", "exitguard"), ("x-auth", "Bearer%20exitguard")]
    f = await sent(*addons, "api.stripe.com", "/v1/charges?key=exitguard&api_key=exitguard", headers, body)
    assert f.response is None
    assert on_the_wire(f).headers.get_all("authorization") == [f"Bearer {STRIPE}"]
    assert places(f, STRIPE) == ["header.authorization"]
    assert on_the_wire(f).content == body and on_the_wire(f).query.get_all("key") == ["exitguard"]
    assert [on_the_wire(f).headers[h] for h in ("x-api-key", "x-goog-api-key", "x-auth")] == \
        ["exitguard", "exitguard", "Bearer%20exitguard"]
    for other in (MISTRAL, GEMINI):  # another vendor's header or parameter carries no other vendor's key
        assert places(f, other) == []


async def test_a_query_broker_given_the_parameter_twice_sends_one_key(addons):
    f = await sent(*addons, "generativelanguage.googleapis.com", "/v1beta/models?key=exitguard&key=exitguard",
                   [("x-api-key", "exitguard")], b"")
    assert on_the_wire(f).query.get_all("key") == [GEMINI] and places(f, GEMINI) == ["url"]
    assert places(f, MISTRAL) == [] and on_the_wire(f).headers["x-api-key"] == "exitguard"
