"""Attack36, live: one HTTP/2 connection to a brokered vendor carries streams for other hosts (connection
coalescing: a client may reuse a connection for any name its certificate covers, and an agent writes whatever
``:authority`` it likes). The credential broker must inject only into the stream whose names all agree with where
the proxy connects. attack26 explored this by hand; this keeps it. A real mitmdump with the bundle (lazy connections:
the client gets h2 from the proxy while the test upstream speaks HTTP/1.1), a raw h2 client (the ``h2`` library) in
a CONNECT tunnel with real TLS; checked: what the upstream got, what the client got, every byte the proxy wrote."""

from __future__ import annotations

import socket
import ssl
from pathlib import Path

import h2.config
import h2.connection
import h2.events
import pytest
import yaml

from addons.core.policy import DEFAULT_POLICY_FILE
from tests.live import harness

pytestmark = pytest.mark.live

OPENAI_KEY = "sk-brokered-FAKE-Cq7Hn3Lw9Tz5Xb2Mv8Rd4"
ANTHROPIC_KEY = "sk-ant-brokered-FAKE-Jp6Ws1Kf8Qy3Nc5Gh0"
KEYS = (OPENAI_KEY, ANTHROPIC_KEY)


@pytest.fixture(scope="module")
def live(tmp_path_factory, upstream_session):
    d = tmp_path_factory.mktemp("h2-coalescing")
    policy = yaml.safe_load(DEFAULT_POLICY_FILE.read_text())
    policy["credentials"] = {"brokers": [
        {"hosts": ["api.openai.com"], "credential": "openai", "header": "Authorization", "format": "Bearer {value}"},
        {"hosts": ["api.anthropic.com"], "credential": "anthropic", "header": "x-api-key", "format": "{value}"}]}
    (d / "policy.yaml").write_text(yaml.safe_dump(policy))
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("EXITGUARD_CRED_OPENAI", OPENAI_KEY)
        mp.setenv("EXITGUARD_CRED_ANTHROPIC", ANTHROPIC_KEY)
        proxy = harness.start_proxy(d, upstream_session, "--set", f"exitguard_policy={d / 'policy.yaml'}",
                                    "--set", f"exitguard_record_dir={d / 'rec'}", "--set", "connection_strategy=lazy")
    yield proxy, d
    proxy.stop()


def h2_streams(proxy: harness.Proxy, connect: str, requests: list[list[tuple[str, str]]],
               validate: bool = True) -> list[tuple[int, bytes]]:
    """Each request (its header list, pseudo-headers first) as one stream of one h2 connection in a tunnel to
    ``connect``; returns (status, body) per stream, in order (status 0: the proxy ended the connection first).
    ``validate``: whether the client's h2 checks its own headers (off: it sends what h2 forbids)."""
    raw = socket.create_connection(("127.0.0.1", proxy.port), timeout=20)
    raw.sendall(f"CONNECT {connect}:443 HTTP/1.1\r\nHost: {connect}:443\r\n\r\n".encode())
    assert b" 200 " in raw.recv(4096)
    context = ssl.create_default_context(cafile=str(proxy.ca))
    context.set_alpn_protocols(["h2"])
    tls = context.wrap_socket(raw, server_hostname=connect)
    assert tls.selected_alpn_protocol() == "h2"
    conn = h2.connection.H2Connection(h2.config.H2Configuration(client_side=True, header_encoding="utf-8",
                                                                validate_outbound_headers=validate))
    conn.initiate_connection()
    ids = []
    for headers in requests:
        stream = conn.get_next_available_stream_id()
        conn.send_headers(stream, headers, end_stream=True)
        ids.append(stream)
    tls.sendall(conn.data_to_send())
    status: dict[int, int] = {}
    body: dict[int, bytes] = {i: b"" for i in ids}
    ended: set[int] = set()
    while ended != set(ids):
        data = tls.recv(65536)
        if not data:
            break
        for event in conn.receive_data(data):
            if isinstance(event, h2.events.ResponseReceived):
                status[event.stream_id] = int(dict(event.headers)[":status"])
            elif isinstance(event, h2.events.DataReceived):
                body[event.stream_id] += event.data
                conn.acknowledge_received_data(event.flow_controlled_length, event.stream_id)
            elif isinstance(event, h2.events.StreamEnded | h2.events.StreamReset):
                ended.add(event.stream_id)
            elif isinstance(event, h2.events.ConnectionTerminated):
                ended = set(ids)
        tls.sendall(conn.data_to_send())
    tls.close()
    return [(status.get(i, 0), body[i]) for i in ids]


def request(authority: str, path: str, *extra: tuple[str, str]) -> list[tuple[str, str]]:
    return [(":method", "GET"), (":scheme", "https"), (":authority", authority), (":path", path),
            ("authorization", "Bearer exitguard"), ("x-api-key", "exitguard"), *extra]


def test_a_host_header_beside_a_disagreeing_authority_ends_the_connection(live, upstream):
    """h2 forbids ``host`` beside another ``:authority``; an HTTP/1 upstream would read the Host header (a CDN
    routes by it). mitmproxy's inbound validation (kept on by Config) ends the connection: nothing goes upstream."""
    proxy, _ = live
    replies = h2_streams(proxy, "api.openai.com", [
        request("api.openai.com", "/v1/models?attack36=host-header", ("host", "unlisted.example"))], validate=False)
    assert replies[0][0] != 200, replies
    assert not [r for r in upstream.received if "attack36" in r.path]
    assert proxy.proc.poll() is None  # runs before the test that stops the module's proxy


def test_a_stream_for_another_host_on_a_vendors_h2_connection_gets_no_key(live, upstream):
    proxy, d = live
    replies = h2_streams(proxy, "api.openai.com", [
        request("api.openai.com", "/v1/models?attack36=own"),  # the only stream whose names agree
        request("api.anthropic.com", "/v1/models?attack36=anthropic"),  # coalesced onto openai's connection
        request("unlisted.example", "/v1/models?attack36=unlisted"),
        # only the port differs: the name is where the proxy connects (api.openai.com:443), so the key goes there
        request("api.openai.com:8443", "/v1/models?attack36=port"),
    ])
    statuses = [status for status, _ in replies]
    assert statuses == [200, 421, 421, 200], replies
    got = [r for r in upstream.received if "attack36" in r.path]
    assert sorted(r.path for r in got) == ["/v1/models?attack36=own", "/v1/models?attack36=port"]  # nothing else
    for r in got:
        assert r.sni == "api.openai.com"  # the connection the tunnel named, checked against its certificate
        assert r.headers["authorization"] == f"Bearer {OPENAI_KEY}"  # the streams that name it work
        assert r.headers.get("x-api-key") == "exitguard"  # anthropic's key never follows openai's connection
    for _, body in replies:
        assert not any(k.encode() in body for k in KEYS)
    proxy.stop()
    written = harness.written(Path(d) / "rec")
    assert b"attack36=anthropic" in written
    for key in KEYS:
        assert key.encode() not in written
        assert key not in proxy.log
