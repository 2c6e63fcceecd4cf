"""Live (attack11): the vendor echoes the key exitguard injected. A real mitmdump with the bundle brokers three
opaque keys (no rule knows their shape: a custom vendor's key): `Authorization: Bearer` to api.stripe.com, Basic
to api.github.com and `x-api-key` to api.mistral.ai. The local upstream stands in for a vendor whose error
message or debug endpoint quotes what it received: in a JSON body (plain, `\\u`-escaped, base64, percent-encoded,
upper case), gzip-compressed, over SSE events that split it, in a response header, a Set-Cookie or a redirect's
Location. Every test checks what the upstream received (the real key: the broker worked), what the client got
(no form of the key), and at the end every byte the proxy wrote (log, index, .mitm)."""

from __future__ import annotations

import base64
import gzip
import html
import json
import quopri
import re
import socket
import ssl
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import brotli
import pytest
import yaml
from wsproto import ConnectionType, WSConnection
from wsproto.events import AcceptConnection, CloseConnection, Message, Request, TextMessage

from addons.core.policy import DEFAULT_POLICY_FILE
from tests.live import harness
from tests.live.harness import Received, Reply, run_client
from tests.live.loopback_server import LoopbackServer
from tests.live.ws_upstream import WebSocketUpstream

pytestmark = pytest.mark.live

# Opaque keys: '+', '/' and '=' change under percent-encoding; nothing marks them as keys but the broker.
STRIPE_KEY = "Vq7Lm2Xt+9Rk4Wz8/Np3Hs6Jd1Fb5Gc0Ty="
GITHUB_KEY = "Hp4Nw8Qz2Lx6Rc0Vt3Jm7Bs5Yd9Kf1Ga"
MISTRAL_KEY = "mZ3kR8pT1wQ6yL0vN4xB7cH2fJ5gD9sA"
KEYS = (STRIPE_KEY, GITHUB_KEY, MISTRAL_KEY)
VENDORS = {"stripe": ("api.stripe.com", STRIPE_KEY), "github": ("api.github.com", GITHUB_KEY),
           "mistral": ("api.mistral.ai", MISTRAL_KEY)}

CLIENT = """
import json, os, httpx
out = []
with httpx.Client(timeout=20, follow_redirects=False) as client:
    for r in json.loads(os.environ["REQUESTS"]):
        try:
            resp = client.request(r["method"], r["url"], headers=r["headers"], content=r.get("body", "").encode())
        except httpx.HTTPError as e:  # the connection closed: what the client got is the error's text
            out.append({"status": None, "body": str(e), "headers": [], "reason": ""})
            continue
        out.append({"status": resp.status_code, "body": resp.text, "reason": resp.reason_phrase,
                    "headers": [[k, v] for k, v in resp.headers.multi_items()]})
print(json.dumps(out))
"""

PLACEHOLDER_HEADERS = {"stripe": {"authorization": "Bearer exitguard"},
                       "github": {"authorization": "Basic " + base64.b64encode(b"x-access-token:exitguard").decode()},
                       "mistral": {"x-api-key": "exitguard"}}


def forms(key: str) -> dict[str, str]:
    """Every spelling of `key` a vendor's answer might use (reversing it is out of scope)."""
    out = {"plain": key, "upper": key.upper(), "lower": key.lower(), "percent": urllib.parse.quote(key, safe=""),
           "percent-all": "".join(f"%{b:02X}" for b in key.encode()),
           "unicode": "".join(f"\\u{ord(c):04x}" for c in key)}
    for prefix in ("", "Bearer ", "x-access-token:", "x:", "ab"):  # base64 at each alignment
        b64 = base64.b64encode((prefix + key).encode()).decode()
        skip = (len(prefix) + 2) // 3 * 4
        out[f"base64+{len(prefix)}"] = b64[skip:skip + len(key) * 4 // 3 - 4]
        out[f"base64url+{len(prefix)}"] = out[f"base64+{len(prefix)}"].replace("+", "-").replace("/", "_")
    return out


def exposed(text: str) -> list[str]:
    """The names of the key forms `text` carries (upper case compared case-insensitively)."""
    found = []
    for key in KEYS:
        for name, form in forms(key).items():
            if len(form) >= 12 and (form in text or (name == "upper" and key.upper() in text.upper())):
                found.append(f"{name} of {key[:4]}...")
    return found


def bare_key(req: Received) -> str:
    if "x-api-key" in req.headers:
        return req.headers["x-api-key"]
    scheme, _, rest = req.headers.get("authorization", "").partition(" ")
    if scheme == "Basic":
        return base64.b64decode(rest).decode().partition(":")[2]
    return rest


def reflect(form: str):
    """An upstream handler answering with what it received, in `form`."""

    def handler(req: Received) -> Reply:
        key, header = bare_key(req), req.headers.get("authorization") or req.headers.get("x-api-key", "")
        message = {"error": {"message": f"Invalid API key provided: {key}", "type": "invalid_request_error"}}
        if form == "json":
            return Reply.json(message, 401)
        if form == "echo-headers":  # an httpbin-like debug endpoint: the header as it arrived (Basic: base64)
            return Reply.json({"headers": {k: v for k, v in req.headers.items()}})
        if form == "unicode":
            body = '{"error": "' + "".join(f"\\u{ord(c):04x}" for c in key) + '"}'
            return Reply(401, {"content-type": "application/json"}, body.encode())
        if form == "base64":
            return Reply.json({"debug": base64.b64encode(key.encode()).decode()}, 401)
        if form == "percent":
            return Reply.json({"retry": f"https://{req.host}/v1/retry?key={urllib.parse.quote(key, safe='')}"}, 401)
        if form == "upper":
            return Reply.json({"error": f"INVALID KEY {key.upper()}"}, 401)
        if form == "gzip":
            return Reply(401, {"content-type": "application/json", "content-encoding": "gzip"},
                         gzip.compress(json.dumps(message).encode()))
        if form == "header":
            return Reply(401, {"content-type": "application/json", "x-debug-key": key}, b"{}")
        if form == "cookie":
            return Reply(200, {"content-type": "application/json", "set-cookie": f"session={key}; Path=/"}, b"{}")
        if form == "redirect":
            return Reply(307, {"location": f"https://unlisted.example/cb?k={urllib.parse.quote(key, safe='')}",
                               "content-type": "application/json"}, b"{}")
        if form == "sse":
            cut = len(key) // 3
            parts = (key[:cut], key[cut:2 * cut], key[2 * cut:])
            events = [f'data: {{"delta": "{part}"}}\n\n'.encode() for part in parts]
            return Reply(200, {"content-type": "text/event-stream"}, chunks=[(e, 0.05) for e in events])
        if form in SPELLED_STREAMS:  # attack16: a spelling KeyForms reads, its pieces in separate events
            spelled = SPELLED_STREAMS[form](key)
            cut = len(spelled) // 3
            parts = (spelled[:cut], spelled[cut:2 * cut], spelled[2 * cut:])
            events = [f"data: {json.dumps({'delta': part})}\n\n".encode() for part in parts]
            return Reply(200, {"content-type": "text/event-stream"}, chunks=[(e, 0.05) for e in events])
        if form == "sse-gzip":  # compressed, the key's pieces in separate events, the bytes cut anywhere
            cut = len(key) // 2
            events = b"".join(f'data: {{"delta": "{part}"}}\n\n'.encode() for part in (key[:cut], key[cut:]))
            packed = gzip.compress(events)
            return Reply(200, {"content-type": "text/event-stream", "content-encoding": "gzip"},
                         chunks=[(packed[i:i + 7], 0.01) for i in range(0, len(packed), 7)])
        if form == "brotli":
            return Reply(401, {"content-type": "application/json", "content-encoding": "br"},
                         brotli.compress(json.dumps(message).encode()))
        if form == "sse-header":
            return Reply(200, {"content-type": "text/event-stream", "x-request-auth": header},
                         chunks=[(b'data: {"ok": 1}\n\n', 0)])
        raise AssertionError(form)

    return handler


# attack16: the spellings only KeyForms read (buffered answers), streamed: the stream detector read any case only.
SPELLED_STREAMS: dict[str, Callable[[str], str]] = {
    "sse-hex": lambda key: key.encode().hex(),
    "sse-HEX": lambda key: key.encode().hex().upper(),
    "sse-base64": lambda key: base64.b64encode(f"Bearer {key}".encode()).decode(),
    "sse-base64-wrapped": lambda key: base64.encodebytes(
        f"X-Echo-Authorization-Header: Bearer {key}".encode()).decode(),
    "sse-quoted-printable": lambda key: quopri.encodestring(
        f"X-Echo-Authorization-Header: a longer header value, Bearer {key}".encode()).decode(),
    "sse-percent": lambda key: "".join(f"%{b:02X}" for b in key.encode()),
    "sse-html": lambda key: "".join(f"&#{ord(c)};" for c in key),  # read by the inspector's undisguised view
}

REFLECTIONS = ["json", "echo-headers", "unicode", "base64", "percent", "upper", "gzip", "brotli", "header",
               "cookie", "redirect", "sse", "sse-gzip", "sse-header", *SPELLED_STREAMS]


def streamed_text(body: str) -> str:
    """The deltas of an SSE answer joined, read as the agent would: line breaks and quoted-printable soft breaks
    dropped."""
    deltas = []
    for line in body.splitlines():
        if line.startswith("data:"):
            try:
                deltas.append(str(json.loads(line[5:]).get("delta", "")))
            except (ValueError, AttributeError):
                continue
    flat = "".join(deltas).replace("=\r\n", "").replace("=\n", "").replace("\r", "").replace("\n", "")
    return f"{flat} {html.unescape(flat)}"


def exposed_pieces(text: str) -> list[str]:
    """Pieces of a key's spellings in `text` (`streamed_text`): 8 bytes of it as itself (any case, the letters
    quoted-printable leaves as they are), as hex or %XX, or 12 characters of its base64 at any alignment. A stream
    that released the first part of a spelling before it could be read whole shows here."""
    low, found = text.lower(), []
    for key in KEYS:
        raw = key.encode()
        for i in range(len(raw) - 7):
            chunk = raw[i:i + 8]
            if chunk.decode().lower() in low or chunk.hex() in low or "".join(f"%{b:02x}" for b in chunk) in low:
                found.append(f"8 bytes of {key[:4]}... at {i}")
                break
        for name, form in forms(key).items():
            if name.startswith("base64") and any(form[i:i + 12] in text for i in range(len(form) - 11)):
                found.append(f"{name} of {key[:4]}...")
    return found


@dataclass
class Live:
    proxy: harness.Proxy
    dir: Path


def write_policy(d: Path, **overrides) -> Path:
    policy = yaml.safe_load(DEFAULT_POLICY_FILE.read_text())
    policy["guarded_hosts"] = [*policy["guarded_hosts"], "api.mistral.ai"]
    policy["credentials"] = {"brokers": [
        {"hosts": ["api.stripe.com"], "credential": "stripe", "header": "Authorization", "format": "Bearer {value}"},
        {"hosts": ["api.github.com"], "credential": "github", "basic": {"username": "x-access-token"}},
        {"hosts": ["api.mistral.ai"], "credential": "mistral", "header": "x-api-key"}]}
    policy.update(overrides)
    path = d / "policy.yaml"
    path.write_text(yaml.safe_dump(policy))
    return path


def start(d: Path, upstream: harness.Upstream, policy: Path) -> harness.Proxy:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("EXITGUARD_CRED_STRIPE", STRIPE_KEY)  # only the proxy process gets them
        mp.setenv("EXITGUARD_CRED_GITHUB", GITHUB_KEY)
        mp.setenv("EXITGUARD_CRED_MISTRAL", MISTRAL_KEY)
        return harness.start_proxy(d, upstream, "--set", f"exitguard_policy={policy}",
                                   "--set", f"exitguard_record_dir={d / 'rec'}", "--set", "connection_strategy=lazy")


@pytest.fixture(scope="module")
def live(tmp_path_factory, upstream_session):
    d = tmp_path_factory.mktemp("reflection-live")
    proxy = start(d, upstream_session, write_policy(d))
    yield Live(proxy, d)
    proxy.stop()


def send(live: Live, vendor: str, path: str, method: str = "GET") -> dict:
    (reply,) = send_each(live, [vendor], path, method)
    return reply


def send_each(live: Live, vendors: list[str], path: str, method: str = "GET") -> list[dict]:
    """One request to each vendor's host in turn, from one client: its replies, in that order."""
    assert live.proxy.proc.poll() is None, live.proxy.log
    payload = [{"method": method, "url": f"https://{VENDORS[v][0]}{path}", "headers": PLACEHOLDER_HEADERS[v]}
               for v in vendors]
    return run_client(CLIENT, live.proxy, REQUESTS=json.dumps(payload))


def every_byte_written(live: Live) -> bytes:
    files = [p for p in (live.dir / "rec").rglob("*") if p.is_file()]
    return b"".join(p.read_bytes() for p in files) + live.proxy.log.encode()


@pytest.mark.parametrize("vendor", sorted(VENDORS))
@pytest.mark.parametrize("form", REFLECTIONS)
def test_a_vendor_echoing_the_injected_key_gives_the_agent_no_form_of_it(live, upstream, vendor, form):
    upstream.route("*", "/reflect", reflect(form))
    reply = send(live, vendor, f"/reflect/{form}")
    (received,) = upstream.received
    assert bare_key(received) == VENDORS[vendor][1], "the broker did not inject the key"
    assert exposed(reply["body"] + json.dumps(reply["headers"])) == [], reply
    if form.startswith("sse"):
        assert exposed_pieces(streamed_text(reply["body"])) == [], (reply, streamed_text(reply["body"]))


def test_no_byte_the_proxy_wrote_holds_a_form_of_a_key(live, upstream):
    """Last in the module: stop the proxy so every file is complete, then read every byte it wrote."""
    assert live.proxy.stop() == 0
    blob = every_byte_written(live)
    assert b"[BROKERED:" in blob or b"[MASKED:brokered-credential" in blob
    text = blob.decode("utf-8", "replace")
    assert exposed(text) == []
    for key in KEYS:  # base64 of anything holding the key, however it was cut into the record
        for run in re.findall(r"[A-Za-z0-9+/=_-]{16,}", text):
            for shift in range(4):
                try:
                    decoded = base64.b64decode(run[shift:] + "==", altchars=b"-_" if "-" in run else None)
                except ValueError:
                    continue
                assert key.encode() not in decoded


POLICY_VARIANTS = {
    "answers-allowed": {"actions": {"request": {"secret": "mask", "pii": "mask"}, "response": {"secret": "allow"}}},
    "rule-allowed-in-answers": {"rules": {"brokered-credential": {"response": "allow"}}},
    "report-mode": {"mode": "report"},
}


@pytest.mark.parametrize("variant", sorted(POLICY_VARIANTS))
def test_a_policy_that_lets_secrets_through_answers_still_never_hands_out_the_injected_key(tmp_path, upstream,
                                                                                           variant):
    proxy = start(tmp_path, upstream, write_policy(tmp_path, **POLICY_VARIANTS[variant]))
    try:
        live = Live(proxy, tmp_path)
        for form in ("json", "header", "sse", "sse-gzip", "redirect"):
            upstream.route("*", "/reflect", reflect(form))
            upstream.received.clear()
            # one client for the three vendors (three hosts, so three connections, as three clients made)
            replies = send_each(live, sorted(VENDORS), f"/reflect/{form}")
            assert [bare_key(r) for r in upstream.received] == [VENDORS[v][1] for v in sorted(VENDORS)], \
                "the broker did not inject the key"
            for vendor, reply in zip(sorted(VENDORS), replies, strict=True):
                assert exposed(reply["body"] + json.dumps(reply["headers"])) == [], (form, vendor, reply)
        assert proxy.stop() == 0
        assert exposed(every_byte_written(live).decode("utf-8", "replace")) == []
    finally:
        proxy.stop()


class EchoingWebSocket(WebSocketUpstream):
    """A vendor's WebSocket that answers each text message with the key its upgrade request carried: whole in one
    message, then split over two."""

    def __init__(self, ca, pem) -> None:
        self.keys: list[str] = []
        super().__init__(ca, pem)

    def handle(self, conn) -> None:
        ws = WSConnection(ConnectionType.SERVER)
        while data := conn.recv(65536):
            ws.receive_data(data)
            for event in ws.events():
                if isinstance(event, Request):
                    headers = {k.decode().lower(): v.decode() for k, v in event.extra_headers}
                    self.keys.append(headers.get("authorization", "").partition(" ")[2])
                    conn.sendall(ws.send(AcceptConnection()))
                elif isinstance(event, TextMessage):
                    key = self.keys[-1]
                    for text in (f"bad key {key}", f"bad key {key[:15]}", f"{key[15:]} retry"):
                        conn.sendall(ws.send(Message(data=json.dumps({"error": text}))))
                elif isinstance(event, CloseConnection):
                    conn.sendall(ws.send(event.response()))
                    return


def ws_roundtrip(proxy: harness.Proxy, host: str, replies_wanted: int) -> list[str]:
    raw = socket.create_connection(("127.0.0.1", proxy.port), timeout=10)
    raw.sendall(f"CONNECT {host}:443 HTTP/1.1\r\nHost: {host}:443\r\n\r\n".encode())
    assert raw.recv(4096).startswith(b"HTTP/1.1 200")
    conn = ssl.create_default_context(cafile=str(proxy.ca)).wrap_socket(raw, server_hostname=host)
    ws = WSConnection(ConnectionType.CLIENT)
    conn.sendall(ws.send(Request(host=host, target="/v1/realtime",
                                 extra_headers=[(b"authorization", b"Bearer exitguard")])))
    replies: list[str] = []
    while len(replies) < replies_wanted and (data := conn.recv(65536)):
        ws.receive_data(data)
        for event in ws.events():
            if isinstance(event, AcceptConnection):
                conn.sendall(ws.send(Message(data='{"type": "hello"}')))
            elif isinstance(event, TextMessage):
                replies.append(event.data)
            elif isinstance(event, CloseConnection):
                replies.append("closed")
    conn.close()
    return replies


@pytest.mark.parametrize("variant", ["default", "report-mode"])
def test_a_websocket_vendor_echoing_the_key_over_messages_gives_the_agent_none_of_it(tmp_path, upstream_certs,
                                                                                     variant):
    up = EchoingWebSocket(*upstream_certs)
    proxy = start(tmp_path, up, write_policy(tmp_path, **({"mode": "report"} if variant == "report-mode" else {})))
    try:
        replies = ws_roundtrip(proxy, "api.stripe.com", 3)
        assert up.keys == [STRIPE_KEY], "the broker did not inject the key into the upgrade request"
        assert replies and exposed(" ".join(replies)) == [], replies
        assert "[MASKED:brokered-credential:" in replies[0], replies
        assert STRIPE_KEY[:15] not in " ".join(replies)  # the first half of the split key was held back
        assert proxy.stop() == 0
        assert exposed(every_byte_written(Live(proxy, tmp_path)).decode("utf-8", "replace")) == []
    finally:
        proxy.stop()
        up.sock.close()


class RawVendor(LoopbackServer):
    """A TLS upstream that answers each request with bytes built from the key it received: a reason phrase
    quoting it, or a head mitmproxy cannot parse (its parse error quotes the line)."""

    BODY = "content-length: 2\r\n\r\n{}"
    ANSWERS: ClassVar[dict[str, Callable[[str], str]]] = {
        "reason": lambda key: f"HTTP/1.1 401 Invalid key {key}\r\n{RawVendor.BODY}",
        "bad-header": lambda key: f"HTTP/1.1 401 Unauthorized\r\nX-Debug {key}\r\n{RawVendor.BODY}",
        "bad-status": lambda key: f"HTTP/1.1 {key} no\r\n{RawVendor.BODY}",
        "bad-chunk": lambda key: f"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n{key}\r\n",
    }

    def __init__(self, ca, pem, answer: str) -> None:
        super().__init__(pem, ca)
        self.keys: list[str] = []
        self.answer = self.ANSWERS[answer]
        self.start()

    def handle(self, conn) -> None:
        head = b""
        while b"\r\n\r\n" not in head and (data := conn.recv(65536)):
            head += data
        auth = next((line.split(b":", 1)[1].strip().decode() for line in head.split(b"\r\n")
                     if line.lower().startswith(b"authorization:")), "")
        self.keys.append(auth.partition(" ")[2])
        conn.sendall(self.answer(self.keys[-1]).encode())
        time.sleep(0.2)


@pytest.mark.parametrize("answer", sorted(RawVendor.ANSWERS))
def test_a_reason_phrase_or_an_unparseable_answer_quoting_the_key_reaches_the_agent_without_it(tmp_path,
                                                                                              upstream_certs, answer):
    up = RawVendor(*upstream_certs, answer)
    proxy = start(tmp_path, up, write_policy(tmp_path))
    try:
        live = Live(proxy, tmp_path)
        reply = send(live, "stripe", "/v1/charges")
        assert up.keys == [STRIPE_KEY], "the broker did not inject the key"
        assert exposed(json.dumps(reply)) == [], reply
        if answer == "reason":
            assert reply["status"] == 401 and reply["reason"].startswith("Invalid key [MASKED:brokered-credential:")
        else:  # closed: mitmproxy's 502 page would quote the line
            assert reply["status"] is None, reply
        time.sleep(0.5)
        assert proxy.stop() == 0
        assert exposed(every_byte_written(live).decode("utf-8", "replace")) == []
    finally:
        proxy.stop()
        up.sock.close()
