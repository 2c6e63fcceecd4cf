"""Attack40, live: the agent tries to make a wire copy leave where the live flow does not, through a real mitmdump.

The copy is looked up by the stream's own flow (compat.send_wire_copies) and sent only while the live request is as
the broker sealed it. What the agent can shape from its side of the proxy: several requests in one tunnel at once
(HTTP/1 pipelining), an ``Expect: 100-continue`` request (mitmproxy answers it and removes the header after
``requestheaders``, before the broker's ``request``). Checked on what the vendor got (each request with the key,
its own path and body), what the client got, the record and the proxy's log. Both held (regression guards). HTTP/2
multiplexing is not tried here: the shared upstream negotiates no ALPN, so mitmproxy speaks HTTP/1.1 to the client
too."""

from __future__ import annotations

import json

import pytest
import yaml

from addons.core.policy import DEFAULT_POLICY_FILE
from tests.hostile.live_support import read_all, tunnel
from tests.live import harness

pytestmark = pytest.mark.live

KEY = "sk-agent40-FAKE-Qz7Lm2Vt8Hx3Nc6Rb1Wp"


@pytest.fixture(scope="module")
def brokered(tmp_path_factory, upstream_session):
    d = tmp_path_factory.mktemp("attack40-agent")
    policy = yaml.safe_load(DEFAULT_POLICY_FILE.read_text())
    policy["credentials"] = {"brokers": [
        {"hosts": ["api.openai.com"], "credential": "openai", "header": "Authorization", "format": "Bearer {value}"}]}
    (d / "policy.yaml").write_text(yaml.safe_dump(policy))
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("EXITGUARD_CRED_OPENAI", KEY)
        proxy = harness.start_proxy(d, upstream_session, "--set", f"exitguard_policy={d / 'policy.yaml'}",
                                    "--set", f"exitguard_record_dir={d / 'rec'}")
    yield proxy, d / "rec"
    proxy.stop()


def _post(path: str, body: bytes, extra: str = "") -> bytes:
    return (f"POST {path} HTTP/1.1\r\nHost: api.openai.com\r\nAuthorization: Bearer exitguard\r\n"
            f"content-type: application/json\r\ncontent-length: {len(body)}\r\n{extra}\r\n").encode() + body


def _no_key_written(proxy: harness.Proxy, record, *client_bytes: bytes) -> None:
    assert KEY not in proxy.log
    assert KEY.encode() not in harness.written(record)
    for data in client_bytes:
        assert KEY.encode() not in data


def test_pipelined_requests_each_leave_with_their_own_copy(brokered, upstream):
    proxy, record = brokered
    with tunnel(proxy) as s:
        s.sendall(b"".join(_post(f"/v1/attack40-pipe/{i}", json.dumps({"i": i}).encode()) for i in range(4)))
        s.settimeout(10)
        got = b""
        try:
            while got.count(b"HTTP/1.1 200") < 4 and (chunk := s.recv(65536)):
                got += chunk
        except TimeoutError:
            pass
    assert got.count(b"HTTP/1.1 200") == 4, got[:400]
    received = {r.path: r for r in upstream.received if "attack40-pipe" in r.path}
    assert sorted(received) == [f"/v1/attack40-pipe/{i}" for i in range(4)]
    for i in range(4):
        r = received[f"/v1/attack40-pipe/{i}"]
        assert r.headers["authorization"] == f"Bearer {KEY}" and json.loads(r.body) == {"i": i}
    _no_key_written(proxy, record, got)


def test_expect_100_continue_gets_the_key_and_its_body(brokered, upstream):
    proxy, record = brokered
    body = json.dumps({"q": "expect"}).encode()
    with tunnel(proxy) as s:
        s.sendall(_post("/v1/attack40-expect", b"", "Expect: 100-continue\r\n").replace(
            b"content-length: 0", f"content-length: {len(body)}".encode()))
        s.settimeout(10)
        first = s.recv(65536)
        assert first.startswith(b"HTTP/1.1 100"), first
        s.sendall(body)
        rest = read_all(s, wait=5)
    (r,) = [x for x in upstream.received if "attack40-expect" in x.path]
    assert r.headers["authorization"] == f"Bearer {KEY}" and r.body == body
    assert "expect" not in {k.lower() for k in r.headers}
    assert b" 200 " in rest.split(b"\r\n", 1)[0] or b"HTTP/1.1 200" in rest, rest[:300]
    _no_key_written(proxy, record, first, rest)
