"""ends14: one name, two sources. The token file names a person `alice`; an OIDC issuer names callers by a claim
whose value someone else can hold (GitHub Actions' `actor`, an e-mail, a Kubernetes service account). The real
Identity addon authenticates both, then what is keyed by the caller is compared: a credential broker listing
`identities: [alice]`, and the buffered-byte budget per caller. (Approval windows and pending approvals:
tests/approval/test_hold.py::test_a_window_granted_to_a_token_holder_does_not_pass_an_oidc_caller_of_the_same_name.)"""

from __future__ import annotations

import pytest
from mitmproxy.addons.proxyauth import ProxyAuth, mkauth
from mitmproxy.test import taddons

from addons.approval import approval as approval_addon
from addons.core import body_budget, callers, metakeys
from addons.credentials.credentials import CredentialCheck, CredentialInjection
from addons.credentials.section import env_name
from addons.identity.identity import Identity
from addons.identity.tokens import TokenStore
from tests.flows import on_the_wire, tunnel_flow
from tests.identity.jwtkit import AUDIENCE, ISSUER, rsa_key, sign, write_jwks

ALICE_KEY = "alice-FAKE-" + "Pq8Rs2Tu4Vw6Xy8Za1Bc3De5"


@pytest.fixture
def proxy(install, tmp_path, monkeypatch):
    store = TokenStore(tmp_path / "tokens.json")
    token = store.add("alice")
    store.save()
    key = rsa_key("k1")
    monkeypatch.setenv(env_name("alice-openai"), ALICE_KEY)
    install({"guarded_hosts": ["api.openai.com"],
             "identity": {"mode": "required", "tokens_file": str(store.path), "oidc": [
                 {"issuer": ISSUER, "audience": AUDIENCE, "jwks_file": str(write_jwks(tmp_path / "jwks.json", key)),
                  "identity_claim": "actor"}]},
             "credentials": [{"hosts": ["api.openai.com"], "credential": "alice-openai", "header": "Authorization",
                              "format": "Bearer {value}", "identities": ["alice"]}]})
    identity, check, inject = Identity(), CredentialCheck(), CredentialInjection()
    with taddons.context(ProxyAuth(), identity, check, inject) as tctx:
        tctx.options.update(confdir=str(tmp_path), listen_host="127.0.0.1")
        yield identity, check, inject, token, key


async def sent_as(proxy, password: str):
    identity, check, inject, _, _ = proxy
    f = tunnel_flow("api.openai.com", "/v1/chat/completions")
    f.request.headers["authorization"] = "Bearer exitguard"
    f.request.headers["proxy-authorization"] = mkauth("x", password)
    f.metadata[metakeys.HOST_CLASS] = "guarded"
    await identity.requestheaders(f)
    assert f.response is None, f.response.text
    await check.requestheaders(f)
    await inject.requestheaders(f)
    if f.response is None:
        await inject.request(f)
    return f


async def test_a_broker_for_the_token_holder_alice_is_not_an_oidc_callers_named_alice(proxy):
    _, _, _, token, key = proxy
    person = await sent_as(proxy, token)
    assert on_the_wire(person).headers["authorization"] == f"Bearer {ALICE_KEY}"
    assert ALICE_KEY not in person.request.headers["authorization"]  # the live flow (mitmweb's) never holds it
    ci_job = await sent_as(proxy, sign(key, actor="alice"))
    assert ci_job.metadata[metakeys.IDENTITY] == "alice"  # the name stays readable in the index and the log
    # Before: the broker compared the bare name, and the CI job went out with alice's key.
    assert ALICE_KEY not in on_the_wire(ci_job).headers.get("authorization", "")
    assert ci_job.response is not None and ci_job.response.status_code == 403
    assert "exitguard_no_brokered_credential" in ci_job.response.text


async def test_an_oidc_caller_is_granted_by_its_issuer_and_name(install, tmp_path, monkeypatch):
    store = TokenStore(tmp_path / "tokens.json")
    store.add("someone")
    store.save()
    key = rsa_key("k1")
    monkeypatch.setenv(env_name("ci-openai"), ALICE_KEY)
    install({"guarded_hosts": ["api.openai.com"],
             "identity": {"mode": "required", "tokens_file": str(store.path), "oidc": [
                 {"issuer": ISSUER, "audience": AUDIENCE, "jwks_file": str(write_jwks(tmp_path / "jwks.json", key)),
                  "identity_claim": "actor"}]},
             "credentials": [{"hosts": ["api.openai.com"], "credential": "ci-openai", "header": "Authorization",
                              "format": "Bearer {value}", "identities": [f"{ISSUER}#alice"]}]})
    identity, check, inject = Identity(), CredentialCheck(), CredentialInjection()
    with taddons.context(ProxyAuth(), identity, check, inject) as tctx:
        tctx.options.update(confdir=str(tmp_path), listen_host="127.0.0.1")
        f = await sent_as((identity, check, inject, None, key), sign(key, actor="alice"))
        assert on_the_wire(f).headers["authorization"] == f"Bearer {ALICE_KEY}"
        bob = await sent_as((identity, check, inject, None, key), sign(key, actor="bob"))
        assert bob.response is not None and bob.response.status_code == 403


async def test_budgets_and_held_request_caps_are_per_source(proxy):
    _, _, _, token, key = proxy
    person, ci_job = await sent_as(proxy, token), await sent_as(proxy, sign(key, actor="alice"))
    assert person.metadata[metakeys.IDENTITY] == ci_job.metadata[metakeys.IDENTITY] == "alice"
    # Before: one share for both, so a CI job could exhaust the person's buffered-byte and held-request caps.
    assert body_budget.caller(person) != body_budget.caller(ci_job)
    assert approval_addon._caller(person) != approval_addon._caller(ci_job)
    assert callers.key(person.metadata) == "token:alice"
    assert callers.key(ci_job.metadata) == f"oidc:{ISSUER}#alice"
