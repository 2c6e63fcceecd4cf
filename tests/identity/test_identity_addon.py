"""The Identity addon in mitmproxy's test context: 407s, CONNECT credentials reused in the tunnel, scrubbing."""

import io
import os
import time

import pytest
from mitmproxy import exceptions
from mitmproxy import io as mio
from mitmproxy.addons.proxyauth import ProxyAuth, mkauth
from mitmproxy.proxy.mode_specs import ProxyMode
from mitmproxy.test import taddons, tflow

from addons.core import metakeys
from addons.identity.identity import Identity
from addons.identity.tokens import TokenStore
from tests.identity.jwtkit import AUDIENCE, ISSUER, rsa_key, sign, write_jwks


def request_flow(header: str | None = None, client_conn=None):
    f = tflow.tflow()
    if client_conn is not None:
        f.client_conn = client_conn
    if header is not None:
        f.request.headers["Proxy-Authorization"] = header
    return f


def connect_flow(header: str | None):
    f = tflow.tflow()
    f.request.method, f.request.host, f.request.port, f.request.path = "CONNECT", "api.openai.com", 443, ""
    if header is not None:
        f.request.headers["Proxy-Authorization"] = header
    return f


def test_refuses_to_start_without_credential_sources(ident):
    addon, tctx = ident
    assert addon.required is False  # loopback, auto
    with pytest.raises(exceptions.OptionsError, match="no token file or OIDC issuer is configured"):
        tctx.configure(addon, exitguard_auth="required")
    with pytest.raises(exceptions.OptionsError, match=r"listening on \*"):
        tctx.configure(addon, listen_host="")  # all interfaces, auth auto
    with pytest.raises(exceptions.OptionsError, match=r"listening on 0\.0\.0\.0"):
        tctx.configure(addon, listen_host="0.0.0.0")
    tctx.configure(addon, listen_host="127.0.0.1")  # loopback: optional
    assert addon.required is False
    tctx.configure(addon, listen_host="0.0.0.0", server=False)  # mitmdump -n: no listener at all
    assert addon.required is False


def test_refuses_proxyauth_and_transparent_mode(ident, tokens):
    addon, tctx = ident
    with pytest.raises(exceptions.OptionsError, match="proxyauth option cannot be combined"):
        tctx.configure(addon, listen_host="127.0.0.1", proxyauth="any")
    with pytest.raises(exceptions.OptionsError, match="regular/upstream mode only, not transparent"):
        tctx.configure(addon, exitguard_auth="required", exitguard_tokens_file=str(tokens[0]),
                       mode=["transparent"])


def test_loose_token_file_refused(ident, tokens):
    addon, tctx = ident
    os.chmod(tokens[0], 0o644)
    with pytest.raises(exceptions.OptionsError, match="chmod 600"):
        tctx.configure(addon, exitguard_auth="required", exitguard_tokens_file=str(tokens[0]))


async def test_token_auth_sets_identity_and_strips_header(ident, tokens):
    addon, tctx = ident
    tctx.configure(addon, listen_host="127.0.0.1", exitguard_auth="required", exitguard_tokens_file=str(tokens[0]))
    f = request_flow(mkauth("ci", tokens[1]))
    await addon.requestheaders(f)
    assert f.response is None
    assert "proxy-authorization" not in f.request.headers
    assert (f.metadata[metakeys.IDENTITY], f.metadata[metakeys.GROUPS], f.metadata[metakeys.AUTH_METHOD]) == \
        ("ci", ["platform"], "token")


@pytest.mark.parametrize("header, why", [
    (None, "no proxy credentials were sent"),
    ("WRONG", "unknown or revoked exitguard token"),
    ("egt_nonsense", "unknown or revoked exitguard token"),
    ("hunter2", "neither an exitguard token nor an OIDC JWT"),
    ("Bearer xyz", "unsupported Proxy-Authorization scheme"),
])
async def test_bad_credentials_get_a_clear_407(ident, tokens, header, why):
    addon, tctx = ident
    tctx.configure(addon, exitguard_auth="required", exitguard_tokens_file=str(tokens[0]))
    if header == "WRONG":
        header = mkauth("ci", tokens[1][:-2] + "xx")
    elif header not in (None, "Bearer xyz"):
        header = mkauth("ci", header)
    f = connect_flow(header)
    await addon.http_connect(f)
    assert f.response.status_code == 407
    assert f.response.headers["Proxy-Authenticate"] == 'Basic realm="exitguard"'
    assert why in f.response.text and why in f.response.reason
    assert tokens[1][:-2] not in f.response.text + f.response.reason
    assert f.metadata[metakeys.DECISION] == "deny"


async def test_connect_credentials_apply_inside_the_tunnel_until_revoked(ident, tokens, monkeypatch):
    monkeypatch.setattr("addons.identity.identity.TOKEN_FILE_CHECK_INTERVAL", 0.0)
    addon, tctx = ident
    tctx.configure(addon, exitguard_auth="required", exitguard_tokens_file=str(tokens[0]))
    c = connect_flow(mkauth("ci", tokens[1]))
    await addon.http_connect(c)
    assert c.response is None and c.metadata[metakeys.GROUPS] == ["platform"]
    inner = request_flow(client_conn=c.client_conn)
    await addon.requestheaders(inner)
    assert inner.response is None and inner.metadata[metakeys.IDENTITY] == "ci"
    # Revoked while the connection is open (exitguard token revoke edits the file).
    store = TokenStore.load(tokens[0])
    store.revoke("ci")
    time.sleep(0.01)
    store.save()
    os.utime(tokens[0], (time.time() + 5, time.time() + 5))
    later = request_flow(client_conn=c.client_conn)
    await addon.requestheaders(later)
    assert later.response.status_code == 407 and "revoked" in later.response.text


async def test_anonymous_on_loopback_but_wrong_credentials_still_refused(ident, tokens):
    addon, tctx = ident
    tctx.configure(addon, listen_host="127.0.0.1", exitguard_tokens_file=str(tokens[0]))
    assert addon.required is False
    f = request_flow()
    await addon.requestheaders(f)
    assert f.response is None and f.metadata[metakeys.AUTH_METHOD] == "anonymous"
    bad = request_flow(mkauth("ci", "egt_000000000000_" + "A" * 43))
    await addon.requestheaders(bad)
    assert bad.response.status_code == 407


async def test_auth_off_strips_header_and_blanks_mitmproxy_password(ident):
    addon, tctx = ident
    tctx.configure(addon, exitguard_auth="off", listen_host="0.0.0.0")
    f = request_flow(mkauth("someone", "s3cret-password"))
    f.metadata["proxyauth"] = ("someone", "s3cret-password")  # as mitmproxy's ProxyAuth leaves it
    await addon.requestheaders(f)
    assert f.response is None and f.metadata[metakeys.AUTH_METHOD] == "none"
    assert "proxy-authorization" not in f.request.headers
    f.response = tflow.tresp()
    await addon.response(f)
    buf = io.BytesIO()
    mio.FlowWriter(buf).add(f)  # metadata must stay plain data (fact 13) and hold no password
    assert b"s3cret-password" not in buf.getvalue()
    assert f.metadata["proxyauth"] == ("someone", "")


@pytest.fixture
def oidc_ident(install, tmp_path):
    key = rsa_key("k1")
    jwks_file = write_jwks(tmp_path / "jwks.json", key)
    install({"guarded_hosts": ["api.openai.com"], "identity": {"mode": "required", "oidc": [
        {"issuer": ISSUER, "audience": AUDIENCE, "jwks_file": str(jwks_file), "identity_claim": "repository",
         "group_map": {"repository_owner": {"acme": ["platform"]}}}]}})
    addon = Identity()
    with taddons.context(ProxyAuth(), addon) as tctx:
        tctx.options.update(confdir=str(tmp_path), listen_host="127.0.0.1")
        yield addon, key


async def test_oidc_token_as_proxy_password(oidc_ident):
    addon, key = oidc_ident
    assert addon.required  # identity.mode: required in the policy wins over exitguard_auth=auto
    good = connect_flow(mkauth("ci", sign(key, repository="acme/app", repository_owner="acme")))
    await addon.http_connect(good)
    assert good.response is None
    assert (good.metadata[metakeys.IDENTITY], good.metadata[metakeys.GROUPS],
            good.metadata[metakeys.AUTH_METHOD]) == ("acme/app", ["platform"], "oidc")
    for token, why in [(sign(key, lifetime=-600, repository="a"), "expired"),
                       (sign(key, audience="other", repository="a"), "wrong audience")]:
        f = connect_flow(mkauth("ci", token))
        await addon.http_connect(f)
        assert f.response.status_code == 407 and why in f.response.text
        assert token not in f.response.text


async def test_a_token_file_created_while_running_is_picked_up(ident, tmp_path, monkeypatch):
    """Issue 18 item 8: `exitguard token add` after `exitguard up` left auth at "no credential sources"."""
    monkeypatch.setattr("addons.identity.identity.TOKEN_FILE_CHECK_INTERVAL", 0.0)
    addon, _ = ident
    assert addon.tokens is None
    store = TokenStore(tmp_path / "exitguard-tokens.json")  # the default name in the confdir
    token = store.add("alice", ["security"])
    store.save()
    f = request_flow(mkauth("alice", token))
    await addon.requestheaders(f)
    assert f.response is None and f.metadata[metakeys.IDENTITY] == "alice"
    assert f.metadata[metakeys.AUTH_METHOD] == "token"


async def test_check_credential_names_an_approver_or_says_why_not(ident, tokens):
    addon, tctx = ident
    tctx.configure(addon, exitguard_tokens_file=str(tokens[0]))
    assert await addon.check_credential(tokens[1] + "\n") == ("ci", ("platform",))
    for bad, why in (("egt_000000000000_" + "A" * 43, "unknown or revoked"), ("hunter2", "neither")):
        with pytest.raises(LookupError, match=why):
            await addon.check_credential(bad)


def websocket_on(flow):
    """The flow became a WebSocket after its request; one message from the client arrived."""
    ws = tflow.twebsocketflow()
    flow.websocket = ws.websocket
    flow.websocket.messages = flow.websocket.messages[:1]
    return flow


async def test_a_websocket_ends_at_its_next_message_once_its_token_is_revoked(ident, tokens, monkeypatch):
    """Attack9: the WebSocket outlives the request that authenticated it; its messages went on under a revoked
    token (live: tests/stream/test_live_attack_ws_after_check.py)."""
    monkeypatch.setattr("addons.identity.identity.TOKEN_FILE_CHECK_INTERVAL", 0.0)
    addon, tctx = ident
    tctx.configure(addon, exitguard_auth="required", exitguard_tokens_file=str(tokens[0]))
    c = connect_flow(mkauth("ci", tokens[1]))
    await addon.http_connect(c)
    f = request_flow(client_conn=c.client_conn)
    await addon.requestheaders(f)
    websocket_on(f)
    await addon.websocket_message(f)
    assert f.live and not f.websocket.messages[-1].dropped
    store = TokenStore.load(tokens[0])
    store.revoke("ci")
    store.save()
    os.utime(tokens[0], (time.time() + 5, time.time() + 5))
    await addon.websocket_message(f)
    assert f.websocket.messages[-1].dropped and not f.live
    assert f.metadata[metakeys.DECISION] == "deny" and "revoked" in f.metadata[metakeys.REASON]


async def test_a_websocket_ends_at_its_next_message_once_its_oidc_token_expired(oidc_ident, monkeypatch):
    addon, key = oidc_ident
    f = request_flow(mkauth("ci", sign(key, lifetime=60, repository="acme/app", repository_owner="acme")))
    await addon.requestheaders(f)
    assert f.response is None
    websocket_on(f)
    await addon.websocket_message(f)
    assert f.live
    later = time.time() + 3600
    monkeypatch.setattr("addons.identity.identity.time.time", lambda: later)
    await addon.websocket_message(f)
    assert not f.live and "expired" in f.metadata[metakeys.REASON]


async def test_a_held_request_whose_token_was_revoked_meanwhile_is_refused_407(ident, tokens, monkeypatch):
    """Attack9: the Approval addon asks this before it sends an approved request (tests/approval/
    test_attack_held_after_check.py); a caller that authenticated anonymously or not at all is never refused."""
    monkeypatch.setattr("addons.identity.identity.TOKEN_FILE_CHECK_INTERVAL", 0.0)
    addon, tctx = ident
    tctx.configure(addon, exitguard_tokens_file=str(tokens[0]))
    f = request_flow(mkauth("ci", tokens[1]))
    await addon.requestheaders(f)
    assert f.response is None and addon.refuse_stale_caller(f) is False
    anonymous = request_flow()
    await addon.requestheaders(anonymous)
    store = TokenStore.load(tokens[0])
    store.revoke("ci")
    store.save()
    os.utime(tokens[0], (time.time() + 5, time.time() + 5))
    assert addon.refuse_stale_caller(f) is True
    assert f.response.status_code == 407 and "revoked" in f.response.text
    assert addon.refuse_stale_caller(anonymous) is False and anonymous.response is None


async def test_a_tunnel_of_an_issuer_removed_from_the_policy_stops_at_its_next_request(oidc_ident, install):
    """Attack9: an issuer the operator removes from the policy (its signing key leaked) kept authenticating every
    tunnel opened with its JWTs until they expired (hours for some issuers): the CONNECT's principal was re-checked
    for revocation and expiry only."""
    addon, key = oidc_ident
    c = connect_flow(mkauth("ci", sign(key, lifetime=3600, repository="acme/app", repository_owner="acme")))
    await addon.http_connect(c)
    assert c.response is None
    inner = request_flow(client_conn=c.client_conn)
    await addon.requestheaders(inner)
    assert inner.response is None
    install({"guarded_hosts": ["api.openai.com"]})  # the policy reloaded without that issuer
    later = request_flow(client_conn=c.client_conn)
    await addon.requestheaders(later)
    assert later.response is not None and later.response.status_code == 407
    assert "issuer" in later.response.text


def _oidc_policy(jwks_file, group_map: dict) -> dict:
    return {"guarded_hosts": ["api.openai.com"], "identity": {"mode": "required", "oidc": [
        {"issuer": ISSUER, "audience": AUDIENCE, "jwks_file": str(jwks_file), "identity_claim": "repository",
         "group_map": group_map}]}}


async def test_a_tunnel_whose_issuer_settings_changed_stops_at_its_next_request(oidc_ident, install, tmp_path):
    """Attack9's open row: groups choose the policy, brokers and approvers. The operator edits the issuer's
    group_map so that owner ``acme`` is no longer ``platform``; a tunnel opened before kept the groups its JWT
    was mapped to under the old settings until the JWT expired. A reload that leaves the issuer as it was must
    not end anything."""
    addon, key = oidc_ident
    c = connect_flow(mkauth("ci", sign(key, lifetime=3600, repository="acme/app", repository_owner="acme")))
    await addon.http_connect(c)
    assert c.response is None and c.metadata[metakeys.GROUPS] == ["platform"]
    jwks_file = tmp_path / "jwks.json"
    install(_oidc_policy(jwks_file, {"repository_owner": {"acme": ["platform"]}}))  # the same settings again
    same = request_flow(client_conn=c.client_conn)
    await addon.requestheaders(same)
    assert same.response is None and same.metadata[metakeys.GROUPS] == ["platform"]
    install(_oidc_policy(jwks_file, {"repository_owner": {"acme": ["contractors"]}}))
    later = request_flow(client_conn=c.client_conn)
    await addon.requestheaders(later)
    assert later.response is not None and later.response.status_code == 407
    assert "settings changed" in later.response.text
    fresh = connect_flow(mkauth("ci", sign(key, lifetime=3600, repository="acme/app", repository_owner="acme")))
    await addon.http_connect(fresh)  # reconnecting maps the same JWT under the new settings
    assert fresh.response is None and fresh.metadata[metakeys.GROUPS] == ["contractors"]


async def test_a_tunnel_whose_token_lost_a_group_stops_at_its_next_request(ident, tokens, monkeypatch):
    """Attack9: groups choose the policy (groups:, brokers, approvers); a token file edited to take a group away
    left open tunnels with the old groups."""
    import json as _json

    monkeypatch.setattr("addons.identity.identity.TOKEN_FILE_CHECK_INTERVAL", 0.0)
    addon, tctx = ident
    tctx.configure(addon, exitguard_auth="required", exitguard_tokens_file=str(tokens[0]))
    c = connect_flow(mkauth("ci", tokens[1]))
    await addon.http_connect(c)
    data = _json.loads(tokens[0].read_text())
    data["tokens"][0]["groups"] = []
    tokens[0].write_text(_json.dumps(data))
    os.utime(tokens[0], (time.time() + 5, time.time() + 5))
    later = request_flow(client_conn=c.client_conn)
    await addon.requestheaders(later)
    assert later.response is not None and later.response.status_code == 407
    assert "groups" in later.response.text


async def test_an_anonymous_tunnel_stops_once_the_policy_requires_authentication(ident, install, tokens):
    """Attack9: on loopback authentication is optional; a tunnel opened anonymously stayed anonymous after a policy
    reload made it required (identity.mode: required)."""
    addon, tctx = ident
    tctx.configure(addon, exitguard_tokens_file=str(tokens[0]))
    c = connect_flow(None)
    await addon.http_connect(c)
    assert c.response is None and c.metadata[metakeys.AUTH_METHOD] == "anonymous"
    install({"guarded_hosts": ["api.openai.com"], "identity": {"mode": "required"}})
    later = request_flow(client_conn=c.client_conn)
    await addon.requestheaders(later)
    assert addon.required and later.response is not None and later.response.status_code == 407
    assert "required now" in later.response.text


async def test_the_407_log_line_names_the_client_as_host_and_port(ident, tokens, caplog):
    addon, tctx = ident
    tctx.configure(addon, exitguard_auth="required", exitguard_tokens_file=str(tokens[0]))
    f = connect_flow(None)
    f.client_conn.peername = ("127.0.0.1", 43310)
    with caplog.at_level("INFO", logger="addons.identity.identity"):
        await addon.http_connect(f)
    assert "exitguard: 407 for 127.0.0.1:43310: no proxy credentials were sent" in caplog.messages


def flow_on(mode: str):
    f = tflow.tflow()
    f.client_conn.proxy_mode = ProxyMode.parse(mode)
    return f


async def test_a_loopback_reverse_listener_beside_a_main_listener_beyond_loopback(ident, tokens):
    """`exitguard up --listen 0.0.0.0:8080 --reverse openai=8081`: the reverse listener binds loopback because it
    cannot ask for proxy authentication (deploy/README.md), and the proxy refused to start over it. Now it starts,
    the main listener still refuses a caller without credentials and the
    loopback reverse listener serves anonymously (it cannot ask). A loopback listener that can ask still does."""
    addon, tctx = ident
    main, reverse = "regular@0.0.0.0:8080", "reverse:https://api.openai.com@127.0.0.1:8081"
    local = "regular@127.0.0.1:8090"
    tctx.configure(addon, exitguard_tokens_file=str(tokens[0]), mode=[main, reverse, local])
    for asking in (main, local):
        on_it = flow_on(asking)
        await addon.requestheaders(on_it)
        assert on_it.response is not None and on_it.response.status_code == 407, asking
    on_reverse = flow_on(reverse)
    await addon.requestheaders(on_reverse)
    assert on_reverse.response is None and on_reverse.metadata[metakeys.AUTH_METHOD] == "anonymous"
    wrong = flow_on(reverse)
    wrong.request.headers["Proxy-Authorization"] = mkauth("ci", "egt_000000000000_" + "A" * 43)
    await addon.requestheaders(wrong)
    assert wrong.response is not None and wrong.response.status_code == 407  # credentials sent are still checked
    with pytest.raises(exceptions.OptionsError, match="regular/upstream mode only, not reverse"):
        tctx.configure(addon, mode=[main, "reverse:https://api.openai.com@0.0.0.0:8081"])  # exposed: refused
    with pytest.raises(exceptions.OptionsError, match="regular/upstream mode only, not reverse"):
        tctx.configure(addon, exitguard_auth="required", mode=[main, reverse])  # required everywhere: refused


async def test_a_replay_is_not_exempt_by_a_listener_its_flow_claims(ident, tokens):
    """attack42: a flow loaded from a file the console wrote (`view.flows.load`) names its own listener; replayed, it
    was judged by that claim: a loopback reverse listener the proxy does not have made it anonymous on a proxy whose
    only listener requires credentials (a brokered key for every caller then went out for the console's request).
    A replay is judged by the proxy's own listeners: one it has keeps its exemption."""
    addon, tctx = ident
    main, reverse = "regular@0.0.0.0:8080", "reverse:https://api.openai.com@127.0.0.1:8081"
    tctx.configure(addon, exitguard_tokens_file=str(tokens[0]), mode=[main])
    claimed = flow_on(reverse)
    claimed.is_replay = "request"
    await addon.requestheaders(claimed)
    assert claimed.response is not None and claimed.response.status_code == 407
    tctx.configure(addon, mode=[main, reverse])  # the proxy has that listener: its replays keep the exemption
    real = flow_on(reverse)
    real.is_replay = "request"
    await addon.requestheaders(real)
    assert real.response is None and real.metadata[metakeys.AUTH_METHOD] == "anonymous"
