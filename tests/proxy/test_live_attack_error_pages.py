"""Live (ends14): mitmproxy's own error pages and flow errors quote the bytes they could not parse.

When an answer's head is malformed (a header line without a colon, a status line, a content-length or chunk size
that is not a number, a head cut off by the close, an HTTP/2 header value with a space around it) mitmproxy 12.3
answers the client itself, 502 with the parse error in the page (``Invalid header line: b'X-Debug sk-...'``), and
sets ``flow.error`` to the same text; a malformed request gets a 400 page that quotes its line. None of this goes
through a response hook the guard masks in. A real mitmdump with the bundle, a raw TLS upstream on 127.0.0.1 that
answers by the request's path, and a second script loaded after the bundle (where mitmweb's view and mitmproxy's
own ``save`` addon sit) that writes what ``flow.error.msg`` says when mitmproxy hands the flow on. Checked: what
the client got, what that later addon saw, and every byte the proxy wrote (log, index, ``.mitm``)."""

from __future__ import annotations

import base64
import json
import socket
import ssl
import time
from pathlib import Path

import h2.config
import h2.connection
import h2.events
import pytest

from tests import fakes
from tests.live import harness
from tests.live.harness import run_client
from tests.live.loopback_server import LoopbackServer

pytestmark = pytest.mark.live

KEY = fakes.openai_key(1401)
AKID = fakes.aws_key_id(1402)
VALUES = (KEY, AKID)

# path -> the raw answer: every one quotes a key where mitmproxy's parser stops.
ANSWERS = {
    "bad-header": f"HTTP/1.1 200 OK\r\nX-Debug {KEY}\r\ncontent-length: 2\r\n\r\n{{}}",
    "bad-status": f"HTTP/1.1 {AKID} OK\r\ncontent-length: 2\r\n\r\n{{}}",
    "bad-length": f"HTTP/1.1 200 OK\r\ncontent-length: {KEY}\r\n\r\n{{}}",
    "bad-encoding": f"HTTP/1.1 200 OK\r\ntransfer-encoding: {KEY}\r\n\r\n{{}}",
    "bad-chunk": f"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n{KEY}\r\n",
    "cut-head": f"HTTP/1.1 200 OK\r\nx-debug: {KEY}\r\n",  # then the close: "unexpected server response: b'...'"
}
# attack15: a byte the repr escapes right before the key (`b'X-Debug \xffAKIA...'`: the scan of the text reads
# `xffAKIA...`, no key); a whole quote went to the recording raw, one cut open at 4096 characters to the page too.
ESCAPED_ANSWERS = {
    "escaped-short": b"HTTP/1.1 200 OK\r\nX-Debug \xff" + AKID.encode() + b"\r\ncontent-length: 2\r\n\r\n{}",
    "escaped-long": b"HTTP/1.1 200 OK\r\nX-Debug \xff" + AKID.encode() + b" " + b"a" * 6000
                    + b"\r\ncontent-length: 2\r\n\r\n{}",
}
# attack16: spellings the guard decodes in a body but the page's scan did not: base64 of a key, base32, UTF-16.
ENCODED_ANSWERS = {
    "encoded-base64": f"HTTP/1.1 200 OK\r\nX-Debug {base64.b64encode(KEY.encode()).decode()}\r\n"
                      "content-length: 2\r\n\r\n{}".encode(),
    "encoded-base32": f"HTTP/1.1 200 OK\r\nX-Debug {base64.b32encode(AKID.encode()).decode()}\r\n"
                      "content-length: 2\r\n\r\n{}".encode(),
    "encoded-utf-16": b"HTTP/1.1 200 OK\r\nX-Debug " + AKID.encode("utf-16-le") + b"\r\ncontent-length: 2\r\n\r\n{}",
}
ENCODED_FORMS = [base64.b64encode(KEY.encode()).decode()[8:40], base64.b32encode(AKID.encode()).decode()[4:24],
                 "\\x00".join(AKID[4:12]), "\x00".join(AKID[4:12]), "\\u0000".join(AKID[4:12])]

CLIENT = """
import json, os, httpx
out = {}
with httpx.Client(timeout=20, http2=os.environ.get("H2") == "1") as client:
    for path in json.loads(os.environ["PATHS"]):
        try:
            r = client.get(f"https://api.openai.com/{path}")
            out[path] = {"status": r.status_code, "reason": r.reason_phrase, "body": r.text,
                         "headers": dict(r.headers)}
        except httpx.HTTPError as e:
            out[path] = {"status": None, "error": str(e)}
print(json.dumps(out))
"""

SPY = """
import json

class Spy:
    def _seen(self, flow, hook):
        if flow.error is not None:
            with open({path!r}, "a") as f:
                f.write(json.dumps({{"hook": hook, "msg": flow.error.msg}}) + "\\n")

    def requestheaders(self, flow):
        self._seen(flow, "requestheaders")

    def error(self, flow):
        self._seen(flow, "error")

    def tls_failed_client(self, data):  # attack16: the live connection mitmweb's "save all flows" writes
        with open({path!r}, "a") as f:
            f.write(json.dumps({{"hook": "tls_failed_client", "msg": data.conn.error}}) + "\\n")

addons = [Spy()]
"""


class RawAnswers(LoopbackServer):
    """Answers each HTTP/1.1 request with ``ANSWERS[<its path>]`` as bytes, then closes."""

    def __init__(self, ca: Path, pem: Path) -> None:
        super().__init__(pem, ca)
        self.start()

    def handle(self, conn) -> None:
        head = b""
        while b"\r\n\r\n" not in head and (data := conn.recv(65536)):
            head += data
        if head.count(b" ") < 2:
            return  # a connection the proxy opened at CONNECT and closed again (its client's request was refused)
        path = head.split(b" ", 2)[1].decode().strip("/")
        answer = (ESCAPED_ANSWERS.get(path) or ENCODED_ANSWERS.get(path)
                  or ANSWERS.get(path, ANSWERS["bad-header"]).encode())
        conn.sendall(answer)
        time.sleep(0.2)


class BadH2Answers(LoopbackServer):
    """HTTP/2 only: answers every stream with a header value that h2 refuses (a space before it), which mitmproxy
    reports as "HTTP/2 protocol error: Received header value surrounded by whitespace b' sk-...'"."""

    def __init__(self, ca: Path, pem: Path) -> None:
        self.goaway_data: list[bytes] = []
        super().__init__(pem, ca)
        assert self.ctx is not None
        self.ctx.set_alpn_protocols(["h2"])
        self.start()

    def handle(self, conn) -> None:
        h2c = h2.connection.H2Connection(h2.config.H2Configuration(client_side=False, validate_outbound_headers=False,
                                                                   normalize_outbound_headers=False))
        h2c.initiate_connection()
        conn.sendall(h2c.data_to_send())
        while data := conn.recv(65536):
            for event in h2c.receive_data(data):
                if isinstance(event, h2.events.RequestReceived):
                    h2c.send_headers(event.stream_id, [(b":status", b"200"), (b"x-debug", b" " + KEY.encode())],
                                     end_stream=True)
                elif isinstance(event, h2.events.ConnectionTerminated):  # the proxy's GOAWAY: its debug data
                    self.goaway_data.append(event.additional_data or b"")
            conn.sendall(h2c.data_to_send())
        time.sleep(0.2)


def start(tmp_path: Path, server: LoopbackServer) -> tuple[harness.Proxy, Path]:
    spied = tmp_path / "spied.jsonl"
    spy = tmp_path / "spy.py"
    spy.write_text(SPY.format(path=str(spied)))
    proxy = harness.start_proxy(tmp_path, server, "--set", f"exitguard_record_dir={tmp_path / 'rec'}",
                                "-s", str(spy))  # after the bundle: where mitmweb's view would read the flow
    return proxy, spied


def leaked(text: str) -> list[str]:
    return [v[:12] for v in VALUES if v in text or v[4:-4] in text]


def everything_written(tmp_path: Path, proxy: harness.Proxy, spied: Path) -> str:
    files = [p for p in (tmp_path / "rec").rglob("*") if p.is_file()]
    data = b"".join(p.read_bytes() for p in files).decode("utf-8", "replace")
    return data + proxy.log + (spied.read_text() if spied.exists() else "")


def test_an_unparseable_answer_quoting_a_key_gives_the_client_and_the_record_none_of_it(tmp_path, upstream_certs):
    server = RawAnswers(*upstream_certs)
    proxy, spied = start(tmp_path, server)
    try:
        out = run_client(CLIENT, proxy, PATHS=json.dumps(sorted(ANSWERS)))
        for path, reply in out.items():
            assert leaked(json.dumps(reply)) == [], (path, reply)
            assert reply["status"] == 502, (path, reply)  # still mitmproxy's answer, with the value masked
            assert "[MASKED:" in reply["body"], (path, reply)
        time.sleep(0.5)
        assert proxy.stop() == 0
        seen = [json.loads(line) for line in spied.read_text().splitlines()]
        assert len(seen) >= len(ANSWERS) and all("[MASKED:" in s["msg"] for s in seen), seen
        assert leaked(everything_written(tmp_path, proxy, spied)) == []
    finally:
        proxy.stop()
        server.close()


def test_a_key_behind_an_escaped_byte_reaches_neither_the_client_nor_the_record(tmp_path, upstream_certs):
    """attack15: failed before with the key in the page and the later addon's view (escaped-long) and in the .mitm
    and the index (both)."""
    server = RawAnswers(*upstream_certs)
    proxy, spied = start(tmp_path, server)
    try:
        out = run_client(CLIENT, proxy, PATHS=json.dumps(sorted(ESCAPED_ANSWERS)))
        for path, reply in out.items():
            assert reply["status"] == 502 and leaked(json.dumps(reply)) == [], (path, reply)
            assert "withheld" in reply["body"], (path, reply)
        time.sleep(0.5)
        assert proxy.stop() == 0
        assert len(spied.read_text().splitlines()) >= len(ESCAPED_ANSWERS)
        assert leaked(everything_written(tmp_path, proxy, spied)) == []
    finally:
        proxy.stop()
        server.close()


def test_a_key_encoded_as_the_guard_reads_a_body_reaches_neither_the_client_nor_the_record(tmp_path, upstream_certs):
    """attack16: failed before with the base64, base32 and UTF-16 forms in the page, the later addon's view, the
    .mitm and the index."""
    server = RawAnswers(*upstream_certs)
    proxy, spied = start(tmp_path, server)
    try:
        out = run_client(CLIENT, proxy, PATHS=json.dumps(sorted(ENCODED_ANSWERS)))
        for path, reply in out.items():
            assert reply["status"] == 502 and "withheld" in reply["body"], (path, reply)
            assert not [f for f in ENCODED_FORMS if f in json.dumps(reply) or f in reply["body"]], (path, reply)
        time.sleep(0.5)
        assert proxy.stop() == 0
        assert len(spied.read_text().splitlines()) >= len(ENCODED_ANSWERS)
        written = everything_written(tmp_path, proxy, spied)
        assert leaked(written) == [] and [f for f in ENCODED_FORMS if f in written] == []
    finally:
        proxy.stop()
        server.close()


def test_an_http2_protocol_error_quoting_a_key_gives_the_client_and_the_record_none_of_it(tmp_path, upstream_certs):
    server = BadH2Answers(*upstream_certs)
    proxy, spied = start(tmp_path, server)
    try:
        out = run_client(CLIENT, proxy, PATHS=json.dumps(["h2"]), H2="1")
        reply = out["h2"]
        assert leaked(json.dumps(reply)) == [], reply
        assert reply["status"] == 502 and "[MASKED:" in reply["body"], reply
        time.sleep(0.5)
        assert proxy.stop() == 0
        assert "[MASKED:" in spied.read_text()
        assert leaked(everything_written(tmp_path, proxy, spied)) == []
        # attack16: the GOAWAY mitmproxy sent the upstream quoted the error as its debug data
        quoted = [d for d in server.goaway_data if d]  # (a connection closed without an error sends none)
        assert quoted and all(b"[MASKED:" in d for d in quoted), server.goaway_data
        assert leaked(b"".join(server.goaway_data).decode("utf-8", "replace")) == []
    finally:
        proxy.stop()
        server.close()


# A request the client itself got wrong: mitmproxy answers 400 before any hook, quoting the line; with a head it
# could read (a content-length that is no number) the flow is handed on with that text as its error.
BAD_REQUESTS = {
    "bad-header": f"GET http://api.openai.com/x HTTP/1.1\r\nHost: api.openai.com\r\nX-Debug {KEY}\r\n\r\n",
    "bad-length": f"POST http://api.openai.com/x HTTP/1.1\r\nHost: api.openai.com\r\nContent-Length: {KEY}\r\n\r\n",
    "bad-line": f"GET /{AKID} HTTP/1.1 x\r\nHost: api.openai.com\r\n\r\n",
    "bad-connect": f"CONNECT {AKID} HTTP/1.1\r\n\r\n",
}


def raw_exchange(proxy: harness.Proxy, request: bytes, tunnel: bool = False) -> bytes:
    with socket.create_connection(("127.0.0.1", proxy.port), timeout=10) as sock:
        conn: socket.socket = sock
        if tunnel:
            sock.sendall(b"CONNECT api.openai.com:443 HTTP/1.1\r\nHost: api.openai.com:443\r\n\r\n")
            answer = b""
            while b"\r\n\r\n" not in answer and (data := sock.recv(65536)):
                answer += data
            assert answer.startswith(b"HTTP/1.1 200"), answer
            ctx = ssl.create_default_context(cafile=str(proxy.ca))
            conn = ctx.wrap_socket(sock, server_hostname="api.openai.com")
        conn.sendall(request)
        got = b""
        try:
            while data := conn.recv(65536):
                got += data
        except (TimeoutError, ssl.SSLError, ConnectionResetError):
            pass
        return got


@pytest.mark.parametrize("tunnel", [False, True], ids=["plain", "in-a-tunnel"])
def test_a_malformed_request_quoting_a_key_is_answered_and_recorded_without_it(tmp_path, upstream_certs, tunnel):
    server = RawAnswers(*upstream_certs)
    proxy, spied = start(tmp_path, server)
    try:
        for name, request in BAD_REQUESTS.items():
            if tunnel and name == "bad-connect":
                continue
            if tunnel:
                request = request.replace("http://api.openai.com/", "/")
            got = raw_exchange(proxy, request.encode(), tunnel).decode("utf-8", "replace")
            assert got.startswith("HTTP/1.1 400"), (name, got)
            assert leaked(got) == [], (name, got)
        time.sleep(0.5)
        assert proxy.stop() == 0
        assert spied.exists() and "[MASKED:" in spied.read_text()  # bad-length: a flow with that error
        assert leaked(everything_written(tmp_path, proxy, spied)) == []
    finally:
        proxy.stop()
        server.close()


def test_a_client_hello_that_cannot_be_parsed_puts_no_key_in_the_log_as_hex(tmp_path, upstream_certs):
    """attack15: mitmproxy logs a ClientHello it cannot parse as the hex of every byte it got ("Client TLS handshake
    failed. Cannot parse ClientHello: 1603010050..."): the agent's key, hex-encoded, went to the log (logmask does
    not read hex)."""
    server = RawAnswers(*upstream_certs)
    proxy, spied = start(tmp_path, server)
    try:
        for value in VALUES:
            body = (b"\xff\xff" + value.encode()).ljust(76, b"\x00")
            hello = b"\x16\x03\x01\x00\x50\x01\x00\x00\x4c" + body  # a handshake record no parser can read
            with socket.create_connection(("127.0.0.1", proxy.port), timeout=10) as sock:
                sock.sendall(b"CONNECT api.openai.com:443 HTTP/1.1\r\nHost: api.openai.com:443\r\n\r\n")
                answer = b""
                while b"\r\n\r\n" not in answer and (data := sock.recv(65536)):
                    answer += data
                assert answer.startswith(b"HTTP/1.1 200"), answer
                sock.sendall(hello)
                try:
                    while sock.recv(65536):
                        pass
                except (TimeoutError, ConnectionResetError):
                    pass
        time.sleep(0.5)
        assert proxy.stop() == 0
        # mitmproxy still logs the hello (the line is there, withheld): what the test is about still happens
        assert proxy.log.count("log message withheld: it quotes a detected value") >= len(VALUES), proxy.log
        written = everything_written(tmp_path, proxy, spied)
        assert [v[:12] for v in VALUES if v.encode().hex() in written or v[4:-4].encode().hex() in written] == []
        # attack16: the client connection's error, as an addon after the bundle (mitmweb, save) reads it live
        seen = [json.loads(line) for line in spied.read_text().splitlines() if "tls_failed_client" in line]
        assert len(seen) >= len(VALUES) and all("withheld" in s["msg"] for s in seen), seen
    finally:
        proxy.stop()
        server.close()
