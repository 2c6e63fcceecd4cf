"""HostPolicy.server_connect: the last check before an upstream connection opens."""

from __future__ import annotations

import pytest
from mitmproxy.proxy import server_hooks
from mitmproxy.test import taddons, tflow

from addons.core import metakeys
from addons.guard.hostpolicy import HostPolicy
from tests.flows import tunnel_flow


def hook_data(host: str, port: int = 443) -> server_hooks.ServerConnectionHookData:
    flow = tflow.tflow()
    flow.server_conn.address = (host, port)
    return server_hooks.ServerConnectionHookData(server=flow.server_conn, client=flow.client_conn)


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "::ffff:127.0.0.1", "169.254.169.254", "0.0.0.0"])
async def test_local_destinations_are_refused(host):
    hp = HostPolicy()
    with taddons.context(hp):
        data = hook_data(host)
        await hp.server_connect(data)
        assert "local address" in data.server.error


async def test_a_name_that_cannot_be_resolved_is_refused_not_passed():
    hp = HostPolicy()
    with taddons.context(hp):
        data = hook_data("no-such-host.invalid")  # RFC 6761: never resolves
        await hp.server_connect(data)
        assert "could not be resolved and checked" in data.server.error


async def test_allowed_upstreams_and_disabled_guard_connect():
    hp = HostPolicy()
    with taddons.context(hp) as tctx:
        tctx.configure(hp, exitguard_allow_upstreams=["127.0.0.1:8443"])
        data = hook_data("127.0.0.1", 8443)
        await hp.server_connect(data)
        assert data.server.error is None
        tctx.configure(hp, exitguard_block_loopback=False)
        data = hook_data("127.0.0.1", 9)
        await hp.server_connect(data)
        assert data.server.error is None


# --------------------------------------------------------------------------- names that disagree (issue 18)


@pytest.fixture
def policy_of():
    from addons.core import runtime
    from addons.core.policy import Policy

    class NoScanner:  # HostPolicy reads only the policy and the runtime's version
        version = "no-rules"

    def install(**data):
        policy = Policy.parse({"version": 1, **data}, "test-policy.yaml")
        runtime.install(runtime.Runtime(policy, NoScanner(), None, None))  # type: ignore[arg-type]

    yield install
    runtime.install(None)


@pytest.mark.parametrize("names", [
    {"connect": "unlisted.example", "sni": "unlisted.example", "host_header": "api.openai.com"},
    {"host_header": "unlisted.example"},  # domain fronting: a guarded tunnel, another Host header
    {"sni": "unlisted.example"},
])
async def test_names_that_disagree_on_a_guarded_host_get_421(policy_of, names):
    policy_of(guarded_hosts=["api.openai.com"])
    hp = HostPolicy()
    with taddons.context(hp):
        f = tunnel_flow(**names)
        await hp.requestheaders(f)
    assert f.response.status_code == 421
    assert "unlisted.example" in f.response.text and "api.openai.com" in f.response.text
    assert f.metadata[metakeys.HOST_CLASS] == "guarded" and f.metadata[metakeys.DECISION] == "block"
    assert f.metadata[metakeys.DESTINATION]["agree"] is False


async def test_agreeing_names_and_disagreeing_unlisted_names_are_not_refused(policy_of):
    policy_of(guarded_hosts=["api.openai.com"])
    hp = HostPolicy()
    with taddons.context(hp):
        ok = tunnel_flow(sni="API.openai.com.", host_header="api.openai.com:443")
        await hp.requestheaders(ok)
        unlisted = tunnel_flow(connect="a.example", sni="a.example", host_header="b.example")
        await hp.requestheaders(unlisted)
    assert ok.response is None and ok.metadata[metakeys.HOST_CLASS] == "guarded"
    assert ok.metadata[metakeys.DESTINATION] == {
        "host": "api.openai.com", "port": 443, "scheme": "https", "agree": True, "claimed": [],
        "names": [{"source": "target", "host": "api.openai.com"}, {"source": "connect", "host": "api.openai.com"},
                  {"source": "sni", "host": "api.openai.com"}, {"source": "host", "host": "api.openai.com"}]}
    assert unlisted.response is None and unlisted.metadata[metakeys.DECISION] == "pass"


async def test_report_mode_records_the_mismatch_and_refuses_nothing(policy_of):
    policy_of(mode="report", guarded_hosts=["api.openai.com"])
    hp = HostPolicy()
    with taddons.context(hp):
        f = tunnel_flow(host_header="unlisted.example")
        await hp.requestheaders(f)
    assert f.response is None and f.metadata[metakeys.DECISION] == "report"
    assert "would refuse" in f.metadata[metakeys.REASON] and "unlisted.example" in f.metadata[metakeys.REASON]


async def test_strictest_class_over_every_name_wins(policy_of):
    policy_of(guarded_hosts=["api.openai.com"], deny_hosts=["denied.example"])
    hp = HostPolicy()
    with taddons.context(hp):
        f = tunnel_flow(host_header="denied.example")
        await hp.requestheaders(f)
    assert f.response.status_code == 403 and f.metadata[metakeys.HOST_CLASS] == "deny"
