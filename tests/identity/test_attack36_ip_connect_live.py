"""Attack36, live: a tunnel to a bare address whose TLS server name and Host header name a brokered vendor
(``CONNECT 203.0.113.7:443``, SNI ``api.openai.com``, ``Authorization: Bearer exitguard``). mitmproxy connects to
the address; only the upstream certificate, checked against the server name, ties that address to the vendor.
So the key goes only when that check is made: with a verified certificate (here the test upstream's, for
api.openai.com, under a CA the proxy trusts), never without a server name or with ``ssl_insecure``. Held.
A real mitmdump with the bundle and no test router (the proxy connects to the address the client names), raw
sockets with real TLS; checked: the upstream, the client, every byte the proxy wrote, its log."""

from __future__ import annotations

import socket
import ssl
from pathlib import Path

import pytest
import yaml

from addons.core.policy import DEFAULT_POLICY_FILE
from tests.live import harness

pytestmark = pytest.mark.live

KEY = "sk-brokered-FAKE-Ip4Tq8Wm2Zr6Nx1Lp5Gd"


def through_a_tunnel_to_the_address(proxy: harness.Proxy, port: int, sni: str | None, host: str) -> bytes:
    with socket.create_connection(("127.0.0.1", proxy.port), timeout=20) as raw:
        raw.sendall(f"CONNECT 127.0.0.1:{port} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
        assert b" 200 " in raw.recv(4096)
        context = ssl.create_default_context(cafile=str(proxy.ca))
        context.check_hostname = sni is not None
        with context.wrap_socket(raw, server_hostname=sni) as tls:
            tls.sendall(f"GET /v1/models?attack36=ip HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer exitguard\r\n"
                        "Connection: close\r\n\r\n".encode())
            answer = b""
            while chunk := tls.recv(65536):
                answer += chunk
    return answer


@pytest.fixture(scope="module")
def proxies(tmp_path_factory, upstream_session):
    """One proxy that checks upstream certificates (mitmproxy's default) and one with ``ssl_insecure``, each with its
    own record folder, started on first use."""
    started: dict[bool, tuple[harness.Proxy, Path]] = {}

    def get(insecure: bool) -> tuple[harness.Proxy, Path]:
        if insecure not in started:
            d = tmp_path_factory.mktemp("ip-connect")
            policy = yaml.safe_load(DEFAULT_POLICY_FILE.read_text())
            policy["credentials"] = {"brokers": [{"hosts": ["api.openai.com"], "credential": "openai",
                                                  "header": "Authorization", "format": "Bearer {value}"}]}
            (d / "policy.yaml").write_text(yaml.safe_dump(policy))
            with pytest.MonkeyPatch.context() as mp:
                mp.setenv("EXITGUARD_CRED_OPENAI", KEY)  # the proxy's environment only
                started[insecure] = (harness.start_proxy(
                    d, upstream_session, "--set", f"exitguard_policy={d / 'policy.yaml'}",
                    "--set", f"exitguard_record_dir={d / 'rec'}", "--set", "connection_strategy=lazy",
                    "--set", f"ssl_insecure={str(insecure).lower()}", route=False), d / "rec")
        return started[insecure]

    yield get
    for proxy, _ in started.values():
        proxy.stop()


@pytest.mark.parametrize(("insecure", "sni", "expected"), [
    (False, "api.openai.com", 200),  # the certificate proves the address is api.openai.com
    (False, None, 421),  # nothing ties the address to a name
    (True, "api.openai.com", 421),  # the name is not checked: anyone's address could claim it
])
def test_a_tunnel_to_an_address_gets_the_key_only_when_its_certificate_is_checked_for_the_name(
        proxies, upstream, insecure, sni, expected):
    proxy, record = proxies(insecure)
    answer = through_a_tunnel_to_the_address(proxy, upstream.port, sni, "api.openai.com")
    assert answer.startswith(f"HTTP/1.1 {expected} ".encode()), answer[:300]
    got = [r for r in upstream.received if "attack36" in r.path]
    if expected == 200:
        assert len(got) == 1 and got[0].sni == "api.openai.com"
        assert got[0].headers["authorization"] == f"Bearer {KEY}"  # the vendor, proven by its certificate
    else:
        assert got == []
    assert KEY.encode() not in answer
    written = harness.written(record)  # each answer went out after its flow was recorded
    assert b"attack36=ip" in written
    assert KEY.encode() not in written
    assert KEY not in proxy.log
