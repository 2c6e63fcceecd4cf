"""HostPolicy in-process (mitmproxy.test.taddons / tflow): guarded / pass / deny by the strictest of every name a
flow goes by, denied hosts refused at CONNECT, and no classification (so no pass) without a loaded policy.
server_connect's address checks are in tests/proxy/test_hostpolicy_unit.py."""

from __future__ import annotations

import json

import pytest
from mitmproxy.proxy.layers import http as http_layer

from addons.core import metakeys, runtime
from tests.guard.support import TOKEN, Upstream, chat_body, connect_flow, exchange, request_flow


@pytest.mark.parametrize(("host", "host_header", "expected"), [
    ("api.openai.com", None, "guarded"),
    ("API.OpenAI.com.", None, "guarded"),  # case and the root dot do not hide a guarded host
    ("llm.unlisted.example.com", None, "pass"),
    ("exfil.example.net", None, "deny"),
    ("bin.paste.example.org", None, "deny"),  # deny globs
    # The Host header and the request's own host disagree: the stricter class wins either way round (a guarded
    # flow whose names disagree is then refused: test below).
    ("api.openai.com", "exfil.example.net", "deny"),
    ("exfil.example.net", "api.openai.com", "deny"),
])
async def test_a_flow_is_classed_by_the_strictest_of_its_names(chain, host, host_header, expected):
    flow = request_flow(host, "/v1/chat/completions", chat_body("hello"), host_header=host_header)
    upstream = Upstream()
    await exchange(chain, flow, upstream)

    assert flow.metadata[metakeys.HOST_CLASS] == expected
    assert flow.metadata[metakeys.POLICY_VERSION] == runtime.get().version
    decision = {"guarded": "allow", "pass": "pass", "deny": "deny"}[expected]
    assert flow.metadata[metakeys.DECISION] == decision
    assert len(upstream.received) == (0 if expected == "deny" else 1)


@pytest.mark.parametrize(("host", "host_header"), [("llm.unlisted.example.com", "api.openai.com"),
                                                  ("api.openai.com", "llm.unlisted.example.com")])
async def test_a_guarded_flow_whose_names_disagree_is_refused_421(chain, host, host_header):
    flow = request_flow(host, "/v1/chat/completions", chat_body("hello"), host_header=host_header)
    upstream = Upstream()
    await exchange(chain, flow, upstream)

    assert flow.metadata[metakeys.HOST_CLASS] == "guarded"  # the stricter of the two names
    assert flow.response.status_code == 421 and upstream.received == []
    assert flow.response.json()["error"]["code"] == "exitguard_misdirected_request"
    assert flow.metadata[metakeys.DECISION] == "block"


async def test_an_unlisted_name_in_the_tls_sni_of_a_guarded_ip_is_still_guarded(chain):
    """Transparent mode: the request's host is an IP literal, the SNI names the service."""
    flow = request_flow("203.0.113.7", "/v1/chat/completions", chat_body(f"token {TOKEN}"), host_header="203.0.113.7")
    flow.server_conn.sni = "api.openai.com"
    upstream = Upstream()
    await exchange(chain, flow, upstream)

    assert flow.metadata[metakeys.HOST_CLASS] == "guarded"
    (sent,) = upstream.received
    assert TOKEN not in sent.get_text()


async def test_a_denied_host_is_refused_in_requestheaders_with_a_clear_error(chain):
    flow = request_flow("exfil.example.net", "/upload", chat_body(f"token {TOKEN}"))
    upstream = Upstream()
    outcome = await exchange(chain, flow, upstream)

    assert outcome.answered_in == "requestheaders"
    assert upstream.received == []
    assert flow.response.status_code == 403
    error = json.loads(flow.response.content)["error"]
    assert error["code"] == "exitguard_host_denied"
    assert "requests to exfil.example.net are not allowed by policy" in error["message"]
    assert metakeys.FINDINGS not in flow.metadata  # refused before inspection


@pytest.mark.parametrize(("host", "refused", "host_class"), [
    ("exfil.example.net", True, "deny"),
    ("bin.paste.example.org", True, "deny"),
    ("api.openai.com", False, "guarded"),
    ("llm.unlisted.example.com", False, "pass"),
])
async def test_connect_to_a_denied_host_is_refused_before_any_tunnel(chain, host, refused, host_class):
    flow = connect_flow(host)
    await chain.master.addons.handle_lifecycle(http_layer.HttpConnectHook(flow))

    assert flow.metadata[metakeys.HOST_CLASS] == host_class
    if refused:
        assert flow.response.status_code == 403
        assert json.loads(flow.response.content)["error"]["code"] == "exitguard_host_denied"
        assert flow.metadata[metakeys.DECISION] == "deny"
    else:
        assert flow.response is None
        assert metakeys.DECISION not in flow.metadata


async def test_without_a_loaded_policy_nothing_passes(chain):
    runtime.install(None)
    flow = request_flow("llm.unlisted.example.com", "/v1/chat/completions", chat_body("hello"))
    upstream = Upstream()
    outcome = await exchange(chain, flow, upstream)

    assert outcome.answered_in == "requestheaders"
    assert upstream.received == []
    assert flow.response.status_code == 502
    assert flow.metadata[metakeys.DECISION] == "error"


async def test_replayed_flows_are_left_alone(chain):
    flow = request_flow("exfil.example.net", "/upload", b"{}")
    flow.live = False
    await chain.master.addons.handle_lifecycle(http_layer.HttpRequestHeadersHook(flow))

    assert flow.response is None
    assert metakeys.HOST_CLASS not in flow.metadata


async def _websocket(addon, host: str):
    """A WebSocket flow classified by its request, now open, one message from the client arrived."""
    from mitmproxy.test import tflow

    flow = request_flow(host, "/v1/realtime", b"", method="GET")
    await addon.requestheaders(flow)
    flow.response = tflow.tresp(status_code=101)
    flow.websocket = tflow.twebsocketflow().websocket
    flow.websocket.messages = flow.websocket.messages[:1]
    return flow


@pytest.mark.parametrize(("host", "ended"), [("api.openai.com", True), ("llm.unlisted.example.com", False)])
async def test_a_websocket_opened_under_another_policy_or_mode_ends_at_its_next_message(chain, installed, host, ended):
    """Attack9: a WebSocket's messages followed the policy in force when it opened (live:
    tests/stream/test_live_attack_ws_after_check.py). Same policy: it goes on; the mode switched (exitguard_mode:
    same files, same version string) ends a guarded one; a pass host that stays pass goes on."""
    addon = chain.master.addons.get("hostpolicy")
    installed("report")
    flow = await _websocket(addon, host)
    await addon.websocket_message(flow)
    assert flow.live and not flow.websocket.messages[-1].dropped
    installed("enforce")
    await addon.websocket_message(flow)
    assert flow.websocket.messages[-1].dropped is ended and flow.live is not ended
    if ended:
        assert flow.metadata[metakeys.DECISION] == "block" and "policy changed" in flow.metadata[metakeys.REASON]


async def test_a_websocket_to_a_host_denied_since_it_opened_ends(chain, installed, runtimes, tmp_path):
    from tests.guard.support import POLICY, RULES

    addon = chain.master.addons.get("hostpolicy")
    flow = await _websocket(addon, "llm.unlisted.example.com")
    assert flow.metadata[metakeys.HOST_CLASS] == "pass"
    stricter = tmp_path / "policy.yaml"
    stricter.write_text(POLICY.replace('deny_hosts: [', 'deny_hosts: ["llm.unlisted.example.com", '))
    runtime.install(runtime.build(str(stricter), [str(RULES)], tmp_path / "fingerprint.key"))
    await addon.websocket_message(flow)
    assert flow.websocket.messages[-1].dropped and not flow.live
    assert flow.metadata[metakeys.HOST_CLASS] == "deny" and flow.metadata[metakeys.DECISION] == "deny"
