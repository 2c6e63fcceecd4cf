"""Live attack (attack10): keys in the names and tokens of HTTP/1.1 rather than its text, through a real mitmdump
with recording on, to a raw TLS upstream that keeps every byte it receives and answers as scripted. The request's
method, a header name and the Host header (on an unlisted host, where the names may disagree) went upstream under
a policy that blocks keys to unlisted hosts; a guarded host's reason phrase and header name reached the client;
the method and reason phrase were recorded raw. Unit: tests/guard/test_attack_protocol_parts.py."""

from __future__ import annotations

import socket
import ssl
from pathlib import Path

import pytest

from tests.audit import fakes
from tests.audit.test_live_audit import assert_nowhere, assert_recordings_sound
from tests.live import harness
from tests.live.loopback_server import LoopbackServer

pytestmark = pytest.mark.live

POLICY = ("version: 1\nunlisted_hosts: {mode: observe, actions: {request: {secret/precise: block}}}\n"
          "guarded_hosts: [api.github.com]\n")


class ScriptedUpstream(LoopbackServer):
    """A TLS upstream on loopback: keeps every byte of every connection; answers `answer(request head)`."""

    def __init__(self, cert_pem: Path, ca: Path) -> None:
        super().__init__(cert_pem, ca)
        self.received: list[bytes] = []
        self.answer = lambda head: b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok"
        self.start()

    def handle(self, conn: socket.socket) -> None:
        data = b""
        try:
            conn.settimeout(3)
            while b"\r\n\r\n" not in data and (chunk := conn.recv(4096)):
                data += chunk
            conn.sendall(self.answer(data))
            while chunk := conn.recv(4096):
                data += chunk
        except OSError:  # the proxy closed or the read timed out: keep what arrived
            pass
        self.received.append(data)

    def handshake_failed(self) -> None:
        self.received.append(b"")


@pytest.fixture
def scripted(upstream_certs):
    up = ScriptedUpstream(upstream_certs[1], upstream_certs[0])
    yield up
    up.close()


def through(proxy: harness.Proxy, host: str, request: bytes, wait: float = 5) -> bytes:
    """CONNECT host:443, TLS, send ``request`` and read the answer until the proxy closes (or ``wait`` seconds
    pass without a byte)."""
    with socket.create_connection(("127.0.0.1", proxy.port), timeout=5) as s:
        s.sendall(f"CONNECT {host}:443 HTTP/1.1\r\nHost: {host}:443\r\n\r\n".encode())
        head = b""
        while b"\r\n\r\n" not in head:
            head += s.recv(1)
        ctx = ssl.create_default_context(cafile=str(proxy.ca))
        with ctx.wrap_socket(s, server_hostname=host) as t:
            t.sendall(request)
            t.settimeout(wait)
            answer = b""
            try:
                while chunk := t.recv(65536):
                    answer += chunk
            except OSError:
                pass
            return answer


def start(tmp_path: Path, scripted: ScriptedUpstream, *extra: str) -> tuple[harness.Proxy, Path]:
    policy, rec_dir = tmp_path / "policy.yaml", tmp_path / "rec"
    policy.write_text(POLICY)
    proxy = harness.start_proxy(tmp_path, scripted, "--set", f"exitguard_policy={policy}",  # type: ignore[arg-type]
                                "--set", f"exitguard_record_dir={rec_dir}", "--set", "exitguard_auth=off", *extra)
    return proxy, rec_dir


def test_keys_in_the_method_a_header_name_or_the_host_header_never_leave_nor_are_written(tmp_path, scripted):
    key, token = fakes.aws_key_id(), fakes.github_token()
    requests = {  # each to an unlisted host whose policy blocks keys, and to a guarded one
        "method": f"{key} /m HTTP/1.1\r\nHost: {{host}}\r\nConnection: close\r\n\r\n",
        "header name": f"GET /h HTTP/1.1\r\nHost: {{host}}\r\n{token}: 1\r\nConnection: close\r\n\r\n",
        "x- header name": f"GET /h HTTP/1.1\r\nHost: {{host}}\r\nX-{key}: 1\r\nConnection: close\r\n\r\n",
        "host header": f"GET /h HTTP/1.1\r\nHost: {key}.{{host}}\r\nConnection: close\r\n\r\n",
        "lower-case host header": f"GET /h HTTP/1.1\r\nHost: {key.lower()}.{{host}}\r\nConnection: close\r\n\r\n",
    }
    proxy, rec_dir = start(tmp_path, scripted)
    try:
        answers = {(place, host): through(proxy, host, text.format(host=host).encode())
                   for place, text in requests.items() for host in ("unlisted.example", "api.github.com")}
        control = through(proxy, "unlisted.example", b"GET /ok HTTP/1.1\r\nHost: unlisted.example\r\n"
                                                     b"Connection: close\r\n\r\n")
    finally:
        assert proxy.stop() == 0
    upstream = b"".join(scripted.received)
    for secret in (key, token):
        assert secret.encode() not in upstream and secret.lower().encode() not in upstream
        assert secret not in proxy.log and secret.lower() not in proxy.log
    for (place, host), answer in answers.items():
        # 403 naming why (guard), or 421 for a Host header that disagrees on a guarded host (hostpolicy)
        assert answer.startswith(b"HTTP/1.1 421" if place.endswith("host header") and host == "api.github.com"
                                 else b"HTTP/1.1 403"), (place, host, answer[:200])
    assert b"cannot be masked" in answers[("method", "api.github.com")]
    assert control.startswith(b"HTTP/1.1 200") and b"GET /ok" in upstream  # the proxy goes on serving
    assert_recordings_sound(rec_dir)
    assert_nowhere(rec_dir, [key, token, key.lower(), token.lower()])


def test_a_guarded_answers_reason_phrase_and_header_name_never_reach_the_client_nor_the_record(tmp_path, scripted):
    key = fakes.aws_key_id()

    def answer(head: bytes) -> bytes:
        if b"/reason" in head:
            return f"HTTP/1.1 200 OK {key}\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok".encode()
        return f"HTTP/1.1 200 OK\r\nX-{key}: 1\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok".encode()

    scripted.answer = answer
    proxy, rec_dir = start(tmp_path, scripted)
    try:
        got = {path: through(proxy, "api.github.com", f"GET {path} HTTP/1.1\r\nHost: api.github.com\r\n"
                                                      "Connection: close\r\n\r\n".encode())
               for path in ("/reason", "/name")}
    finally:
        assert proxy.stop() == 0
    assert got["/reason"].startswith(b"HTTP/1.1 200 OK [MASKED:aws-access-key-id:") and got["/reason"].endswith(b"ok")
    assert got["/name"].startswith(b"HTTP/1.1 403")
    assert all(key.encode() not in answer for answer in got.values())
    assert key not in proxy.log
    assert_recordings_sound(rec_dir)
    assert_nowhere(rec_dir, [key])


def test_report_only_sends_the_method_as_it_came_and_records_it_masked(tmp_path, scripted):
    key = fakes.aws_key_id()
    proxy, rec_dir = start(tmp_path, scripted, "--set", "exitguard_mode=report")
    try:
        answer = through(proxy, "unlisted.example", f"{key} /m HTTP/1.1\r\nHost: unlisted.example\r\n"
                                                    "Connection: close\r\n\r\n".encode())
    finally:
        assert proxy.stop() == 0
    assert answer.startswith(b"HTTP/1.1 200") and key.encode() in b"".join(scripted.received)
    records = assert_recordings_sound(rec_dir)
    assert [r for r in records if r["event"] == "flow"]
    assert_nowhere(rec_dir, [key])


def test_corners_that_held_upgrade_expect_and_early_hints(tmp_path, scripted):
    # What was tried and held, kept so a mitmproxy upgrade that changes it fails here: a non-WebSocket Upgrade the
    # upstream accepts (101) ends the connection (rawtcp is off: no TCP relay, nothing after the switch goes either
    # way); `Expect: 100-continue` is answered by mitmproxy after the request headers, and the body is scanned
    # before anything goes upstream; an HTTP/1 upstream's 103 is taken for the answer itself and scanned (the
    # real answer after it is dropped: the client waits for it until its own timeout).
    key = fakes.aws_key_id()

    def answer(head: bytes) -> bytes:
        if b"upgrade: foo" in head.lower():
            return f"HTTP/1.1 101 Switching Protocols\r\nUpgrade: foo\r\nConnection: Upgrade\r\n\r\nback {key}".encode()
        if b"/early" in head:
            return (f"HTTP/1.1 103 Early Hints\r\nLink: </s?k={key}>; rel=preload\r\n\r\n"
                    "HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok").encode()
        return b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok"

    scripted.answer = answer
    proxy, rec_dir = start(tmp_path, scripted)
    try:
        upgraded = through(proxy, "unlisted.example", f"GET /up HTTP/1.1\r\nHost: unlisted.example\r\nConnection: "
                                                      f"Upgrade\r\nUpgrade: foo\r\n\r\nearly {key}".encode())
        expect = through(proxy, "unlisted.example", f"POST /e HTTP/1.1\r\nHost: unlisted.example\r\nExpect: "
                                                    "100-continue\r\nContent-Length: 22\r\nConnection: close\r\n"
                                                    f"\r\nk={key}".encode())
        early = through(proxy, "api.github.com", b"GET /early HTTP/1.1\r\nHost: api.github.com\r\n\r\n", wait=1)
    finally:
        assert proxy.stop() == 0
    assert upgraded == b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: foo\r\nConnection: Upgrade\r\n\r\n"
    assert expect.startswith(b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 403")
    assert early.startswith(b"HTTP/1.1 103 Early Hints\r\nLink: </s?k=[MASKED:aws-access-key-id:")
    received = b"".join(scripted.received)
    assert key.encode() not in received and b"POST /e" not in received and b"GET /up" in received
    assert key not in proxy.log
    assert_recordings_sound(rec_dir)
    assert_nowhere(rec_dir, [key])


@pytest.fixture(scope="module")
def unrouted(tmp_path_factory):
    """One default-policy proxy without the test router, for both addresses below (neither reaches anything: a start
    each was ~1.1 s of CPU for the same configuration)."""
    proxy = harness.start_proxy(tmp_path_factory.mktemp("unrouted"), None)
    yield proxy
    proxy.stop()


@pytest.mark.parametrize("url", ["http://10.234.255.254:9/", "http://[fd00::5]:8080/v1/models"])
def test_a_request_to_a_bare_private_address_is_refused_as_an_address_not_for_its_host(unrouted, url):
    """The Host header (and absolute-form authority) of a request to an IP address is that address, and the ipv4 rule
    reads it as one: the guard refused every request to a bare address with 403 "the request's host holds it",
    before HostPolicy could answer for the address itself (found by the whole suite: the container entrypoint's
    test got 403 where 502 was due). Addresses are HostPolicy's, as in guard/hello.py: a guarded host never reaches
    a private address (502, nothing leaves this machine)."""
    proxy = unrouted
    assert proxy.proc.poll() is None, proxy.log
    r = harness.curl(proxy, "-s", "-o", "-", "-w", "\n%{http_code}", url)
    body, status = r.stdout.decode().rsplit("\n", 1)
    assert status == "502", body
    assert "cannot be masked" not in body
