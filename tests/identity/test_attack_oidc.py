"""attack12: forged or hostile JWTs sent as the proxy password. Every token here is really signed (RS256 by the
issuer's key, or by an attacker's key) over header and payload bytes written by hand, so the JSON can hold what
a JSON encoder would never write: duplicate keys, NaN, nesting, odd types in the header.

A refusal must be an OidcError (a 407 naming why), never another exception (fail_closed turns that into a 502
"internal error" with a traceback in the log) and never the token quoted back."""

from __future__ import annotations

import base64
import json
import time

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from joserfc.jwk import RSAKey

from addons.identity import oidc
from addons.identity.oidc import OidcError, OidcVerifier
from addons.identity.section import IssuerConfig
from tests.identity.jwtkit import AUDIENCE, ISSUER, jwks, rsa_key, write_jwks

FETCHED_ISSUER = "https://fetched.test"


def b64(data: bytes | str) -> str:
    raw = data.encode() if isinstance(data, str) else data
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def raw_token(key: RSAKey, header: str, payload: str) -> str:
    """RS256 over exactly these header and payload texts (no JSON encoder in between)."""
    signing_input = f"{b64(header)}.{b64(payload)}"
    signature = key.private_key.sign(signing_input.encode(), padding.PKCS1v15(), hashes.SHA256())
    return f"{signing_input}.{b64(signature)}"


def claims_text(issuer: str = ISSUER, exp: str | None = None, extra: str = "") -> str:
    exp = exp if exp is not None else str(int(time.time()) + 300)
    return f'{{"iss":"{issuer}","aud":"{AUDIENCE}","exp":{exp},"repository":"me/app"{extra}}}'


@pytest.fixture(scope="module")
def key():
    return rsa_key("k1")


@pytest.fixture
def verifier(tmp_path, key):
    """One issuer with a JWKS file, one whose keys are fetched (the kid is looked up before joserfc sees it)."""
    by_file = IssuerConfig(issuer=ISSUER, audiences=(AUDIENCE,), jwks_file=write_jwks(tmp_path / "jwks.json", key),
                           identity_claim="repository", groups_claim="groups",
                           group_map={"repository_owner": {"acme": ("platform",)}})
    fetched = IssuerConfig(issuer=FETCHED_ISSUER, audiences=(AUDIENCE,), jwks_uri=FETCHED_ISSUER + "/keys",
                           identity_claim="repository")
    return OidcVerifier((by_file, fetched), fetch=lambda url: jwks(key))


async def refused(verifier: OidcVerifier, token: str, why: str) -> None:
    with pytest.raises(OidcError, match=why) as e:
        await verifier.verify(token)
    assert token not in str(e.value)
    assert token.split(".")[1] not in str(e.value)


@pytest.mark.parametrize("issuer", [ISSUER, FETCHED_ISSUER])
@pytest.mark.parametrize("header", [
    '{"alg":"RS256","kid":"k1","crit":5}',            # joserfc iterates crit: TypeError
    '{"alg":"RS256","kid":"k1","crit":[["exp"]]}',    # an unhashable crit member: TypeError
    '{"alg":"RS256","kid":"k1","crit":"kid"}',
    '{"alg":"RS256","kid":["k1"]}',                   # the fetched issuer looked the kid up in a set: TypeError
    '{"alg":"RS256","kid":{"k1":1}}',
    '{"alg":"RS256","kid":1}',
    '{"alg":["RS256"],"kid":"k1"}',
])
async def test_header_fields_of_the_wrong_type_are_refused_not_a_crash(verifier, key, issuer, header):
    await refused(verifier, raw_token(key, header, claims_text(issuer)), "header")


@pytest.mark.parametrize("part", ["header", "payload"])
async def test_deeply_nested_json_is_refused_not_a_recursion_error(verifier, key, part):
    # Parsed before any signature is checked: an anonymous client reached a RecursionError (502, traceback).
    nested = "[" * 5000 + "]" * 5000
    header = nested if part == "header" else '{"alg":"RS256","kid":"k1"}'
    payload = nested if part == "payload" else claims_text()
    await refused(verifier, raw_token(key, header, payload), "cannot be decoded")


@pytest.mark.parametrize("header, payload", [
    # Which value does a reader take? Python's json the last, other JWT libraries (and the issuer's audit of
    # what it signed) may take the first: RFC 7515 5.2 / RFC 7519 4 let a verifier refuse, and it must.
    ('{"alg":"RS256","kid":"k1"}', claims_text(extra=',"repository":"victim/app"')),
    ('{"alg":"RS256","kid":"k1"}', claims_text(extra=',"aud":"someone-else"')),
    ('{"alg":"RS256","kid":"k1","kid":"k2"}', claims_text()),
    ('{"alg":"RS256","kid":"k1","alg":"RS256"}', claims_text()),
    ('{"alg":"RS256","kid":"k1"}', claims_text(extra=',"groups":{"a":1,"a":2}')),   # nested objects too
], ids=["repository", "aud", "header-kid", "header-alg", "nested"])
async def test_duplicate_keys_are_refused(verifier, key, header, payload):
    await refused(verifier, raw_token(key, header, payload), "duplicate")


@pytest.mark.parametrize("exp", ["NaN", "Infinity", "-Infinity", "1e400", "9" * 400])
async def test_exp_that_is_not_a_finite_number_is_refused(verifier, key, exp):
    # NaN and Infinity never compared as expired: the principal was never stale (expires_at nan/inf), a tunnel
    # lived forever; 9...9 (400 digits) raised OverflowError (502).
    await refused(verifier, raw_token(key, '{"alg":"RS256","kid":"k1"}', claims_text(exp=exp)),
                  "cannot be decoded|not a number")


@pytest.mark.parametrize("claim", ["nbf", "iat"])
@pytest.mark.parametrize("value", ["NaN", "1e400", "9" * 400])
async def test_nbf_and_iat_that_are_not_finite_are_refused(verifier, key, claim, value):
    payload = claims_text(extra=f',"{claim}":{value}')
    await refused(verifier, raw_token(key, '{"alg":"RS256","kid":"k1"}', payload), "cannot be decoded|not a number")


async def test_a_huge_token_is_refused_before_it_is_decoded(verifier, key, monkeypatch):
    groups = json.dumps([f"group-{i}" for i in range(300_000)])
    token = raw_token(key, '{"alg":"RS256","kid":"k1"}', claims_text(extra=f',"groups":{groups}'))
    assert len(token) > 5_000_000
    decoded: list[str] = []
    real_b64json = oidc._b64json
    monkeypatch.setattr(oidc, "_b64json", lambda part: decoded.append(part) or real_b64json(part))
    await refused(verifier, token, "too long")
    assert decoded == []  # refused unread (before: 0.08 s of base64 and JSON per attempt)


async def test_the_refusals_leave_a_genuine_token_alone(verifier, key):
    # The same hand-written path for a token that is fine: the checks above refuse what they name, nothing more.
    token = raw_token(key, '{"alg":"RS256","kid":"k1","typ":"JWT"}', claims_text(extra=',"repository_owner":"acme"'
                                                                                        ',"groups":["a","b"]'))
    found = await verifier.verify(token)
    assert (found.identity, found.groups) == ("me/app", ("a", "b", "platform"))
    fetched = raw_token(key, '{"alg":"RS256","kid":"k1"}', claims_text(FETCHED_ISSUER))
    assert (await verifier.verify(fetched)).identity == "me/app"


def test_limits_are_what_the_docstrings_say():
    assert oidc.MAX_TOKEN_CHARS >= 16 * 1024  # Entra ID / GitLab tokens with many groups stay well under it


GITHUB = "https://token.actions.githubusercontent.com"


def policy_with(issuer: dict):
    from addons.core.policy import Policy

    return Policy.parse({"version": 1, "identity": {"oidc": [issuer]}}, "p.yaml")


@pytest.mark.parametrize("issuer", [GITHUB, GITHUB + "/", "https://gitlab.com"])
@pytest.mark.parametrize("require", [None, {"ref": "refs/heads/main"}, {"runner_environment": "github-hosted"}])
def test_a_public_multi_tenant_issuer_needs_a_require_that_names_the_tenant(issuer, require):
    # Any repository on GitHub (any project on gitlab.com) gets a token from this issuer with whatever audience
    # its job asks for: without a require on the owner, a stranger's workflow authenticated to the proxy with the
    # issuer's static groups (brokers, policy) under a name of its own choosing.
    from addons.core.policy import PolicyError

    spec = {"issuer": issuer, "audience": "exitguard", "groups": ["ci"]}
    if require:
        spec["require"] = require
    with pytest.raises(PolicyError, match=r"issues tokens to every (repository|project)"):
        policy_with(spec)


@pytest.mark.parametrize("issuer, require", [
    (GITHUB, {"repository_owner": "acme"}),
    (GITHUB, {"repository_owner_id": "12345", "ref": "refs/heads/main"}),
    (GITHUB + "/acme-enterprise", {}),          # an enterprise's own issuer: its tenants only
    ("https://gitlab.com", {"namespace_path": ["acme", "acme-labs"]}),
    ("https://gitlab.acme.example", {}),        # self-managed: one organisation
])
def test_a_tenant_scoped_or_private_issuer_is_accepted(issuer, require):
    spec = {"issuer": issuer, "audience": "exitguard", "require": require} if require else \
        {"issuer": issuer, "audience": "exitguard"}
    assert policy_with(spec).sections["identity"].issuers[0].issuer == issuer


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(header_extra=st.dictionaries(st.sampled_from(["kid", "alg", "typ", "cty", "crit", "jwk", "jku", "x5c", "x5u",
                                                     "b64", "zip", "enc", "x5t"]), json_values, max_size=3),
       claims=st.dictionaries(st.sampled_from(["iss", "aud", "exp", "nbf", "iat", "repository", "groups",
                                               "repository_owner", "sub", "jti"]), json_values, max_size=6),
       keep_valid=st.booleans())
@pytest.mark.slow  # 300 signed tokens
async def test_any_signed_header_and_claims_give_a_verdict_never_an_exception(verifier, key, header_extra, claims,
                                                                              keep_valid):
    header = {"alg": "RS256", "kid": "k1", **header_extra}
    body = {"iss": ISSUER, "aud": AUDIENCE, "exp": int(time.time()) + 300, "repository": "me/app"} if keep_valid \
        else {}
    body.update(claims)
    token = raw_token(key, json.dumps(header), json.dumps(body))
    try:
        found = await verifier.verify(token)
    except OidcError as e:
        assert token.split(".")[1] not in str(e)
        return
    # Accepted: only with the fields a genuine token has, as the issuer signed them.
    assert found.identity == str(body["repository"]) and body["iss"] == ISSUER
