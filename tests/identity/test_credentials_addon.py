"""CredentialCheck and CredentialInjection in mitmproxy's test context, with the real detection engine."""

import io

import pytest
from mitmproxy import io as mio
from mitmproxy.test import taddons, tflow

from addons.core import metakeys
from addons.credentials.credentials import CredentialCheck, CredentialInjection
from addons.credentials.section import env_name
from tests import fakes
from tests.flows import on_the_wire, plain_http_flow, reverse_flow, transparent_flow, tunnel_flow

REAL = "brokered-FAKE-" + "Qx7Lm2Vt9Rk4Wz8Np3Hs6Jd1"  # what only the proxy knows
TEAM = "team-FAKE-" + "Ab3Cd5Ef7Gh9Ij1Kl3Mn5Op7"
GEMINI = "AIzaSyFAKE" + "x" * 29
BASIC = "basic-FAKE-" + "Zy9Xw8Vu7Ts6Rq5Po4"

BROKERS = [
    {"hosts": ["api.openai.com"], "credential": "openai-team", "header": "Authorization",
     "format": "Bearer {value}", "groups": ["platform"]},
    {"hosts": ["api.openai.com"], "credential": "openai", "header": "Authorization", "format": "Bearer {value}"},
    {"hosts": ["api.anthropic.com"], "credential": "anthropic-team", "header": "x-api-key", "groups": ["platform"]},
    {"hosts": ["generativelanguage.googleapis.com"], "credential": "gemini", "query": "key"},
    {"hosts": ["api.github.com"], "credential": "gh", "basic": {"username": "x-access-token"}},
]


@pytest.fixture
def env(monkeypatch):
    for name, value in {"openai": REAL, "openai-team": TEAM, "anthropic-team": TEAM + "a", "gemini": GEMINI,
                        "gh": BASIC}.items():
        monkeypatch.setenv(env_name(name), value)


@pytest.fixture
def addons(install, env):
    rt = install({"guarded_hosts": ["api.openai.com", "api.anthropic.com", "generativelanguage.googleapis.com",
                                    "api.github.com"], "credentials": BROKERS})
    check, inject = CredentialCheck(), CredentialInjection()
    with taddons.context(check, inject):
        yield check, inject, rt


def flow(host="api.openai.com", auth="Bearer exitguard", groups=(), host_class="guarded", path="/v1/chat", **names):
    """A request in a CONNECT tunnel to ``host`` (tests/flows.py); ``names`` set the SNI / Host header apart."""
    f = tunnel_flow(host, path, **names)
    f.request.headers["content-type"] = "application/json"
    if auth is not None:
        f.request.headers["authorization"] = auth
    f.metadata.update({metakeys.HOST_CLASS: host_class, metakeys.IDENTITY: "ci", metakeys.GROUPS: list(groups)})
    return f


async def through(check, inject, f):
    """requestheaders + request as the chain runs them (guard and approval would sit in between)."""
    await check.requestheaders(f)
    await inject.requestheaders(f)
    if f.response is None:
        await inject.request(f)


def recorded(f) -> bytes:
    buf = io.BytesIO()
    mio.FlowWriter(buf).add(f)
    return buf.getvalue()


async def test_placeholder_swapped_on_the_way_out_and_scrubbed_before_recording(addons):
    check, inject, _ = addons
    f = flow()
    await through(check, inject, f)
    assert f.response is None
    assert on_the_wire(f).headers["authorization"] == f"Bearer {REAL}"  # what goes upstream
    assert f.metadata[metakeys.INJECTED] == {"credential": "openai", "location": "header:authorization"}
    f.response = tflow.tresp()
    f.response.headers["x-echo"] = REAL  # an upstream echoing it back
    await inject.response(f)
    assert f.request.headers["authorization"] == "Bearer [BROKERED:openai]"
    assert REAL.encode() not in recorded(f)


async def test_per_group_credentials(addons):
    check, inject, _ = addons
    f = flow(groups=["platform"])
    await through(check, inject, f)
    assert on_the_wire(f).headers["authorization"] == f"Bearer {TEAM}"
    # Only a group-restricted broker for this host: other callers are told, not sent upstream with a placeholder.
    g = flow(host="api.anthropic.com", auth=None)
    g.request.headers["x-api-key"] = "exitguard"
    await through(check, inject, g)
    assert g.response.status_code == 403 and "no api.anthropic.com credential is brokered" in g.response.text
    assert "x-api-key" in g.request.headers and g.request.headers["x-api-key"] == "exitguard"


async def test_real_provider_key_from_client_is_blocked_with_the_placeholder_hint(addons):
    check, inject, _ = addons
    key = fakes.openai_key(41)
    f = flow(auth=f"Bearer {key}")
    await through(check, inject, f)
    assert f.response.status_code == 403
    text = f.response.text
    assert "placeholder" in text and "OPENAI_API_KEY=exitguard" in text and key not in text
    assert f.metadata[metakeys.FINDINGS][0]["location"] == "header.authorization"
    assert metakeys.INJECTED not in f.metadata and key not in repr(f.metadata)
    assert key.encode() not in recorded(f)  # taken out of the refused request too (mitmproxy's own Save, UI)


@pytest.mark.parametrize("change", ["pass", "blocked", "approval_required", "unlisted", "replay"])
async def test_no_injection_unless_guarded_and_allowed(addons, change):
    check, inject, _ = addons
    f = flow(host="unlisted.example" if change == "unlisted" else "api.openai.com",
             host_class="pass" if change == "pass" else "guarded")
    if change == "blocked":
        metakeys.raise_decision(f.metadata, "block", "x")
    if change == "approval_required":
        f.metadata[metakeys.APPROVAL] = {"state": "required", "rules": ["x"]}
    if change == "replay":
        f.live = False
    await through(check, inject, f)
    assert REAL not in f.request.headers.get("authorization", "")
    assert metakeys.INJECTED not in f.metadata


async def test_approved_flow_gets_the_credential(addons):
    check, inject, _ = addons
    f = flow()
    f.metadata[metakeys.APPROVAL] = {"state": "approved"}
    await through(check, inject, f)
    assert on_the_wire(f).headers["authorization"] == f"Bearer {REAL}"


async def test_query_and_basic_injection_and_scrub_on_error(addons):
    check, inject, _ = addons
    q = flow(host="generativelanguage.googleapis.com", auth=None, path="/v1/models?key=exitguard&alt=sse")
    await through(check, inject, q)
    assert on_the_wire(q).query["key"] == GEMINI and on_the_wire(q).query["alt"] == "sse"
    q.error = tflow.terr()
    await inject.error(q)
    assert GEMINI not in q.request.url and "[BROKERED:gemini]" in q.request.path
    b = flow(host="api.github.com", auth=None)
    await through(check, inject, b)
    assert on_the_wire(b).headers["authorization"].startswith("Basic ")
    b.response = tflow.tresp()
    await inject.response(b)
    assert b.request.headers["authorization"] == "Basic x-access-token:[BROKERED:gh]"
    assert BASIC.encode() not in recorded(b)


async def test_brokered_value_sent_elsewhere_is_masked_in_headers(addons):
    check, inject, _rt = addons
    f = flow(host="evil.example", auth=f"token {REAL}", host_class="pass", path=f"/x?k={REAL}")
    await through(check, inject, f)
    assert f.response is None
    assert REAL not in f.request.headers["authorization"] and "[MASKED:brokered-credential:" in \
        f.request.headers["authorization"]
    assert REAL not in f.request.path
    assert {x["rule"] for x in f.metadata[metakeys.FINDINGS]} == {"brokered-credential"}
    assert f.metadata[metakeys.DECISION] == "mask"


async def test_brokered_value_in_a_body_to_an_uninspected_host(addons):
    check, _inject, _ = addons
    f = flow(host="paste.example", auth=None, host_class="pass")
    f.request.content = f'{{"text": "here is the key {REAL}"}}'.encode()
    await check.requestheaders(f)
    await check.request(f)
    assert REAL.encode() not in f.request.content and b"[MASKED:brokered-credential:" in f.request.content
    assert f.metadata[metakeys.DECISION] == "mask"


async def test_brokered_value_in_headers_blocked_when_policy_says_block(install, env):
    install({"guarded_hosts": ["api.openai.com"], "credentials": BROKERS,
             "rules": {"brokered-credential": {"request": "block"}}})
    check = CredentialCheck()
    with taddons.context(check):
        f = flow(host="evil.example", auth=f"Bearer {REAL}", host_class="pass")
        await check.requestheaders(f)
        assert f.response.status_code == 403 and REAL not in f.response.text


async def test_inspector_flags_brokered_values_in_bodies(addons):
    _, _, rt = addons
    res = rt.inspector.inspect_text(f"please use {REAL} for the call", "request", "$.messages[0].content")
    assert REAL not in res.text and "[MASKED:brokered-credential:" in res.text
    assert res.findings[0].rule == "brokered-credential"
    resp = rt.inspector.inspect_text(f"your key is {TEAM}", "response", "$.choices[0]")
    assert TEAM not in resp.text


async def test_brokered_rule_wins_over_a_generic_rule_on_the_same_span(addons):
    _, _, rt = addons
    res = rt.inspector.inspect_text(f"OPENAI_API_KEY={REAL}", "request", "$.messages[0].content")
    assert [f.rule for f in res.findings] == ["brokered-credential"]


# --------------------------------------------------------------------------- the destination decides (issue 18)


def assert_not_sent(f, status, *names):
    """Refused before any upstream connection, no credential in the flow, the disagreeing names named."""
    assert f.response is not None and f.response.status_code == status, f.response
    assert metakeys.INJECTED not in f.metadata and f.metadata[metakeys.DECISION] == "block"
    for secret in (REAL, TEAM, GEMINI, BASIC):
        assert secret not in f.request.url and secret not in str(f.request.headers)
        assert secret.encode() not in recorded(f) and secret not in f.response.text
    for name in names:
        assert name in f.response.text


async def test_a_host_header_naming_a_brokered_host_on_a_tunnel_elsewhere_gets_no_key(addons):
    check, inject, _ = addons
    f = flow(connect="evil.example", sni="evil.example", host_header="api.openai.com")
    await through(check, inject, f)
    assert_not_sent(f, 421, "CONNECT target evil.example", "Host header api.openai.com")
    assert f.response.headers["x-exitguard-decision"] == "exitguard_misdirected_request"
    assert f.metadata[metakeys.DESTINATION]["host"] == "evil.example"
    assert f.metadata[metakeys.DESTINATION]["claimed"] == ["api.openai.com"]
    assert f.metadata[metakeys.DESTINATION]["agree"] is False


async def test_a_key_in_a_disagreeing_name_is_not_written_by_the_broker_either(addons):
    """Attack10's leftover: HostPolicy writes the flow's names masked (a lower-cased key id read upper-cased), but a
    brokered host's refusal by CredentialCheck quoted and recorded them raw: the 421 body, the decision's reason
    and the destination metadata (mitmweb, the .mitm) held the key the tunnel was named after."""
    import json

    check, inject, _ = addons
    key = fakes.aws_key_id()
    named = f"{key.lower()}.evil.example"
    f = flow(connect=named, sni=named, host_header="api.openai.com")
    await through(check, inject, f)
    assert_not_sent(f, 421, "Host header api.openai.com")
    written = f.response.text + str(f.metadata.get(metakeys.REASON)) + json.dumps(f.metadata[metakeys.DESTINATION])
    assert key not in written and key.lower() not in written
    assert "[MASKED:aws-access-key-id:" in f.response.text


async def test_gemini_query_broker_is_not_fooled_by_the_host_header(addons):
    check, inject, _ = addons
    f = flow(connect="evil.example", sni="evil.example", host_header="generativelanguage.googleapis.com",
             auth=None, path="/v1/models?key=exitguard")
    await through(check, inject, f)
    assert_not_sent(f, 421, "generativelanguage.googleapis.com", "evil.example")
    assert f.request.query["key"] == "exitguard"


@pytest.mark.parametrize("names", [
    {"sni": "evil.example"},  # tunnel and Host say api.openai.com, the TLS server name does not
    {"connect": "evil.example", "sni": "api.openai.com", "host_header": "api.openai.com"},
    {"host_header": "evil.example"},  # the brokered host is the tunnel, the Host header names another
])
async def test_any_disagreeing_name_on_a_brokered_host_is_refused(addons, names):
    check, inject, _ = addons
    f = flow(**names)
    await through(check, inject, f)
    assert_not_sent(f, 421, "evil.example", "api.openai.com")


async def test_names_that_differ_only_in_case_port_or_trailing_dot_agree(addons):
    check, inject, _ = addons
    f = flow(sni="API.OpenAI.com", host_header="api.openai.com.:443")
    await through(check, inject, f)
    assert f.response is None and on_the_wire(f).headers["authorization"] == f"Bearer {REAL}"
    assert f.metadata[metakeys.DESTINATION]["agree"] is True


@pytest.mark.parametrize("url_host, host_header, status", [
    ("api.openai.com", "api.openai.com", 403),  # a brokered host over plain http
    ("evil.example", "api.openai.com", 421),  # absolute-form URL to one host, Host header naming another
    ("generativelanguage.googleapis.com", None, 403),
])
async def test_plain_http_never_gets_a_brokered_key(addons, url_host, host_header, status):
    check, inject, _ = addons
    f = plain_http_flow(url_host, "/v1/models?key=exitguard", host_header=host_header)
    f.request.headers["authorization"] = "Bearer exitguard"
    f.metadata.update({metakeys.HOST_CLASS: "guarded", metakeys.IDENTITY: "ci", metakeys.GROUPS: []})
    await through(check, inject, f)
    assert_not_sent(f, status, url_host)
    if status == 403:
        assert "over https only" in f.response.text and f"https://{url_host}/" in f.response.text


async def test_reverse_mode_uses_the_configured_target_not_the_clients_sni(addons):
    check, inject, _ = addons
    f = reverse_flow("api.openai.com")  # the client's SNI names the proxy itself
    f.request.headers["authorization"] = "Bearer exitguard"
    f.metadata.update({metakeys.HOST_CLASS: "guarded", metakeys.IDENTITY: "ci", metakeys.GROUPS: []})
    await through(check, inject, f)
    assert f.response is None and on_the_wire(f).headers["authorization"] == f"Bearer {REAL}"


@pytest.mark.parametrize("sni, host_header, insecure, injected", [
    ("api.openai.com", "api.openai.com", False, True),  # the upstream certificate is checked for the SNI
    (None, "api.openai.com", False, False),  # nothing ties the address to the name
    ("api.openai.com", "api.openai.com", True, False),  # ssl_insecure: the certificate proves nothing
])
async def test_transparent_mode_ip_destination_needs_a_checked_server_name(addons, sni, host_header, insecure,
                                                                           injected):
    check, inject, _ = addons
    f = transparent_flow("203.0.113.7", sni, host_header=host_header)
    f.request.headers["authorization"] = "Bearer exitguard"
    f.metadata.update({metakeys.HOST_CLASS: "guarded", metakeys.IDENTITY: "ci", metakeys.GROUPS: []})
    with taddons.context() as tctx:
        tctx.options.ssl_insecure = insecure
        await through(check, inject, f)
    if injected:
        assert f.response is None and on_the_wire(f).headers["authorization"] == f"Bearer {REAL}"
    else:
        assert_not_sent(f, 421, "203.0.113.7")


async def test_report_mode_refuses_nothing_and_injects_nothing_on_a_mismatch(install, env):
    install({"mode": "report", "guarded_hosts": ["api.openai.com"], "credentials": BROKERS})
    check, inject = CredentialCheck(), CredentialInjection()
    with taddons.context(check, inject):
        f = flow(connect="evil.example", sni="evil.example", host_header="api.openai.com")
        await through(check, inject, f)
    assert f.response is None and f.request.headers["authorization"] == "Bearer exitguard"
    assert metakeys.INJECTED not in f.metadata
    assert f.metadata[metakeys.DECISION] == "report" and "would refuse" in f.metadata[metakeys.REASON]


async def test_injection_checks_the_destination_again(addons):
    """A later addon moving the request (an operator script) after CredentialCheck: still no key."""
    check, inject, _ = addons
    f = flow()
    await check.requestheaders(f)
    await inject.requestheaders(f)
    f.request.data.host = "evil.example"  # where mitmproxy will now connect
    await inject.request(f)
    assert_not_sent(f, 421, "evil.example")


def test_a_broker_for_every_caller_is_told_of_once_at_start_up(addons, caplog):
    """local21: on a loopback listener with exitguard_auth=auto, every account on the host is an anonymous caller,
    and a broker naming no group injects the operator's key for it. The operator is told which brokers do."""
    _, inject, _ = addons
    with caplog.at_level("WARNING"):
        inject.running()
        inject.running()
    told = [r.getMessage() for r in caplog.records if "injects for every caller" in r.getMessage()]
    assert len(told) == 3, told  # openai, gemini, gh name no group; the two team brokers do
    assert any("'openai' for api.openai.com" in m for m in told)
    assert not any("team" in m for m in told)
    assert REAL not in caplog.text and GEMINI not in caplog.text


def test_no_warning_when_every_caller_must_authenticate(install, env, caplog):
    install({"guarded_hosts": ["api.openai.com"], "credentials": BROKERS[1:2], "identity": {"mode": "required"}})
    inject = CredentialInjection()
    with taddons.context(inject), caplog.at_level("WARNING"):
        inject.running()
    assert "injects for every caller" not in caplog.text
