"""HostPolicy.server_connect: the last check before an upstream connection opens."""

from __future__ import annotations

import functools

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


async def test_allowed_upstreams_and_disabled_guard_connect(policy_of):
    policy_of()
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


@functools.cache
def _default_scanner():
    from addons.detect import Scanner

    return Scanner.default()


@pytest.fixture
def policy_of():
    from addons.core import runtime
    from addons.core.fingerprint import Fingerprinter
    from addons.core.inspection import Inspector
    from addons.core.policy import Policy

    scanner, fingerprinter = _default_scanner(), Fingerprinter(b"k" * 16)

    def install(**data):  # HostPolicy reads the policy, the runtime's version and its inspector (guard/hello.py)
        policy = Policy.parse({"version": 1, **data}, "test-policy.yaml")
        runtime.install(runtime.Runtime(policy, scanner, Inspector(scanner, policy, fingerprinter), fingerprinter))

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
    assert unlisted.response is None and unlisted.metadata[metakeys.HOST_CLASS] == "observe"


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


# --------------------------------------------------------------------------- resolve once, connect there (issue 18)


class FakeResolver:
    """Answers each lookup of a name with the next list of addresses: a rebinding DNS server."""

    def __init__(self, *answers: list[str]) -> None:
        self.answers = list(answers)
        self.lookups = 0

    async def __call__(self, host: str, port: int) -> list[str]:
        self.lookups += 1
        return self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]


@pytest.fixture
def resolver(monkeypatch):
    from addons.guard import hostpolicy

    def install(*answers: list[str]) -> FakeResolver:
        fake = FakeResolver(*answers)
        monkeypatch.setattr(hostpolicy, "_resolve", fake)
        return fake
    return install


def own(*addresses: str):
    import ipaddress

    from addons.core import net
    return net.OwnAddresses(enumerate_addresses=lambda: [ipaddress.ip_address(a) for a in addresses])


async def test_the_checked_address_is_the_one_connected_to_and_the_name_comes_back(policy_of, resolver):
    """Rebinding: the check sees a public address, a second lookup would say 127.0.0.1. mitmproxy connects to
    server.address, which holds the checked address from server_connect to server_connected; afterwards the name is
    back, so the upstream TLS server name, its certificate check and connection reuse go by the name."""
    from mitmproxy.connection import ConnectionState
    policy_of()
    fake = resolver(["93.184.215.14"], ["127.0.0.1"])
    hp = HostPolicy()
    with taddons.context(hp):
        data = hook_data("rebind.example", 443)
        data.server.sni = None
        data.server.state = ConnectionState.CLOSED
        await hp.server_connect(data)
        assert data.server.error is None and fake.lookups == 1
        assert data.server.address == ("93.184.215.14", 443)  # what asyncio.open_connection gets
        data.server.state = ConnectionState.OPEN
        data.server.peername = ("93.184.215.14", 443)
        hp.server_connected(data)
    assert data.server.address == ("rebind.example", 443) and data.server.peername == ("93.184.215.14", 443)
    assert data.server.sni is None  # tlsconfig then names (and verifies) client SNI or address[0]: the name
    assert hp._pinned == {}


async def test_a_failed_connection_gets_its_name_back_too(policy_of, resolver):
    policy_of()
    resolver(["93.184.215.14"])
    hp = HostPolicy()
    with taddons.context(hp):
        data = hook_data("down.example", 443)
        await hp.server_connect(data)
        hp.server_connect_error(data)
    assert data.server.address == ("down.example", 443) and hp._pinned == {}


@pytest.mark.parametrize(("answer", "why"), [
    (["127.0.0.1"], "local address"),
    (["93.184.215.14", "127.0.0.1"], "local address"),  # every answer counts, not the first
    (["::ffff:169.254.169.254"], "local address"),  # cloud metadata, IPv4-mapped
    (["0.1.2.3"], "local address"),  # 0/8 connects to this host on Linux
    (["10.20.30.40"], "local address"),  # this host's own interface (a service bound to 0.0.0.0)
    (["fd00::2"], "local address"),
    ([], "resolved to no address"),
])
async def test_local_and_own_addresses_are_refused(policy_of, resolver, answer, why):
    policy_of(private_upstreams={"guarded": "allow", "observe": "allow"})
    resolver(answer)
    hp = HostPolicy()
    hp.own_addresses = own("10.20.30.40", "fd00::2")
    with taddons.context(hp):
        data = hook_data("some.example", 443)
        await hp.server_connect(data)
    assert why in data.server.error and data.server.address == ("some.example", 443)


async def test_own_address_as_an_ip_literal_is_refused(policy_of):
    policy_of(private_upstreams={"guarded": "allow"})
    hp = HostPolicy()
    hp.own_addresses = own("10.20.30.40")
    with taddons.context(hp):
        data = hook_data("10.20.30.40", 8081)
        await hp.server_connect(data)
    assert "local address" in data.server.error


@pytest.mark.parametrize(("host", "ip", "refused"), [
    ("api.openai.com", "10.1.2.3", True),  # guarded: a public provider never resolves to 10/8
    ("api.openai.com", "100.64.0.7", True),  # CGNAT
    ("api.openai.com", "fd12::1", True),  # ULA
    ("api.openai.com", "172.31.0.1", True),
    ("mirror.corp.example", "10.1.2.3", False),  # observed (unlisted): a corporate mirror may be private
    ("api.openai.com", "93.184.215.14", False),
])
async def test_private_upstreams_by_host_class(policy_of, resolver, host, ip, refused):
    policy_of()
    resolver([ip])
    hp = HostPolicy()
    hp.own_addresses = own()
    with taddons.context(hp):
        data = hook_data(host, 443)
        data.client.sni = None
        await hp.server_connect(data)
    assert ("private address" in (data.server.error or "")) is refused


async def test_private_upstreams_policy_can_refuse_them_for_unlisted_hosts_and_ip_literals(policy_of, resolver):
    policy_of(private_upstreams={"observe": "deny"})
    resolver(["192.168.1.5"])
    hp = HostPolicy()
    hp.own_addresses = own()
    with taddons.context(hp):
        named = hook_data("mirror.corp.example", 443)
        named.client.sni = None
        await hp.server_connect(named)
        literal = hook_data("192.168.1.5", 80)  # no name at all: unnamed_hosts (guarded), private refused
        literal.client.sni = None
        await hp.server_connect(literal)
    assert "private address" in named.server.error and "guarded hosts" in literal.server.error


@pytest.mark.parametrize(("names", "expected"), [
    ({"connect": "203.0.113.9", "sni": None, "host_header": "203.0.113.9"}, "guarded"),  # no name at all
    ({"connect": "203.0.113.9", "sni": None, "host_header": "paste.example"}, "guarded"),  # a Host header binds nothing
    ({"connect": "paste.example", "host": "paste.example"}, "observe"),
])
async def test_a_flow_bound_to_no_name_gets_the_strictest_class(policy_of, names, expected):
    policy_of(guarded_hosts=["api.openai.com"])
    hp = HostPolicy()
    with taddons.context(hp):
        f = tunnel_flow(**names)
        await hp.requestheaders(f)
    assert f.metadata[metakeys.HOST_CLASS] == expected


async def test_the_log_says_how_to_allow_a_local_server_the_client_is_not_told(caplog):
    hp = HostPolicy()
    with taddons.context(hp), caplog.at_level("WARNING", logger="addons.guard.hostpolicy"):
        data = hook_data("127.0.0.1", 11434)
        await hp.server_connect(data)
    assert caplog.messages == ["exitguard: refused upstream connection to 127.0.0.1:11434 (a local address (loopback, "
                               "link-local, multicast or this host's own)); a local server of yours? allow it with "
                               "--set exitguard_allow_upstreams=127.0.0.1:11434"]
    assert "exitguard_allow_upstreams" not in data.server.error  # what the client's error page quotes
    caplog.clear()
    with taddons.context(hp), caplog.at_level("WARNING", logger="addons.guard.hostpolicy"):
        await hp.server_connect(hook_data("::1", 8000))
    assert caplog.messages[0].endswith("--set exitguard_allow_upstreams=[::1]:8000")  # the form the option reads


async def test_the_log_says_how_to_allow_an_internal_server_refused_as_private(policy_of, resolver, caplog):
    """A guarded name that resolves to a private address: the client's error said "is a private address, which
    private_upstreams refuses for guarded hosts and is refused", and the log said the same, with no way to let
    one internal server through (newuser42). The log names the option for that server; the client is not told."""
    policy_of(guarded_hosts=["llm.corp.example"])
    resolver(["10.1.2.3"])
    hp = HostPolicy()
    hp.own_addresses = own()
    with taddons.context(hp), caplog.at_level("WARNING", logger="addons.guard.hostpolicy"):
        data = hook_data("llm.corp.example", 8443)
        data.client.sni = None
        await hp.server_connect(data)
    assert data.server.error == ("exitguard: upstream llm.corp.example:8443 is a private address (the policy's "
                                 "private_upstreams: guarded hosts may not reach one) and is refused")
    assert caplog.messages[0].endswith("; an internal server of yours? allow it alone with --set "
                                       "exitguard_allow_upstreams=llm.corp.example:8443, or a host class in the "
                                       "policy's private_upstreams")


async def test_no_allow_hint_for_the_proxys_own_listeners(caplog):
    """Walk19: a refused connection to mitmweb's port said "allow it with exitguard_allow_upstreams=...", though
    that port is refused whatever the option says (approval.py ``_own_listener``). The log names the listener."""
    hp = HostPolicy(own_listener=lambda port: "mitmweb interface" if port == 8081 else None)
    with taddons.context(hp), caplog.at_level("WARNING", logger="addons.guard.hostpolicy"):
        data = hook_data("127.0.0.1", 8081)
        await hp.server_connect(data)
    assert "local address" in data.server.error
    assert caplog.messages == ["exitguard: refused upstream connection to 127.0.0.1:8081 (a local address (loopback, "
                               "link-local, multicast or this host's own)); it is this proxy's own mitmweb "
                               "interface, refused whatever exitguard_allow_upstreams says"]
