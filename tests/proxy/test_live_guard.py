"""The proxy end to end: real mitmdump + bundle, real TLS, real SDKs (in the client venv), local upstream."""

from __future__ import annotations

import gzip
import http.server
import json
import socket
import ssl
import subprocess
import threading
import time

import pytest

from tests import fakes
from tests.live import harness
from tests.live.harness import Reply, run_client

pytestmark = pytest.mark.live

PAT = fakes.github_pat(11)
AKID = fakes.aws_key_id(12)
EMAIL = fakes.EMAIL
MASK = "[MASKED:"


def write_policy(tmp_path, **changes) -> str:
    import yaml

    from addons.core.policy import DEFAULT_POLICY_FILE

    data = yaml.safe_load(DEFAULT_POLICY_FILE.read_text())
    for key, value in changes.items():
        data[key] = value
    path = tmp_path / "policy.yaml"
    path.write_text(yaml.safe_dump(data))
    return str(path)


OPENAI_CHAT = """
import json, openai
client = openai.OpenAI(api_key="sk-test-placeholder", base_url="https://api.openai.com/v1", max_retries=0)
try:
    r = client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": PROMPT}])
    print(json.dumps({"ok": r.choices[0].message.content}))
except openai.APIStatusError as e:
    print(json.dumps({"error": type(e).__name__, "status": e.status_code, "message": str(e)}))
"""


def openai_chat(proxy, prompt: str):
    return run_client(f"PROMPT = {prompt!r}\n" + OPENAI_CHAT, proxy)


def test_openai_sdk_prompt_is_masked_upstream_and_still_valid(gw, upstream):
    out = openai_chat(gw, f"deploy with token {PAT} and mail {EMAIL}, key id {AKID}")
    assert out == {"ok": "ok"}
    (req,) = upstream.received
    body = req.json()  # still valid JSON
    content = body["messages"][0]["content"]
    assert PAT not in req.body.decode() and EMAIL not in req.body.decode() and AKID not in req.body.decode()
    assert content.startswith("deploy with token [MASKED:github-")
    assert content.count(MASK) == 3
    assert body["model"] == "gpt-4o"


def test_placeholders_are_stable_across_turns(gw, upstream):
    openai_chat(gw, f"first {PAT}")
    openai_chat(gw, f"again {PAT}")
    first, second = (r.json()["messages"][0]["content"] for r in upstream.received)
    assert first.split(" ", 1)[1] == second.split(" ", 1)[1]


def test_tool_call_arguments_json_inside_json_stay_valid(gw, upstream):
    args = json.dumps({"repo": "acme/api", "token": PAT})
    code = f"""
import json, openai
client = openai.OpenAI(api_key="sk-test", base_url="https://api.openai.com/v1", max_retries=0)
r = client.chat.completions.create(model="gpt-4o", messages=[
    {{"role": "user", "content": "open the repo"}},
    {{"role": "assistant", "content": None, "tool_calls": [{{"id": "call_1", "type": "function",
      "function": {{"name": "clone", "arguments": {args!r}}}}}]}},
    {{"role": "tool", "tool_call_id": "call_1", "content": "done"}}])
print(json.dumps({{"ok": r.choices[0].message.content}}))
"""
    assert run_client(code, gw) == {"ok": "ok"}
    sent = upstream.received[0].json()["messages"][1]["tool_calls"][0]["function"]["arguments"]
    inner = json.loads(sent)  # the inner JSON string is still JSON
    assert inner["repo"] == "acme/api" and inner["token"].startswith("[MASKED:github-")


def test_anthropic_sdk_is_masked(gw, upstream):
    code = f"""
import json, anthropic
client = anthropic.Anthropic(api_key="sk-ant-test", base_url="https://api.anthropic.com", max_retries=0)
r = client.messages.create(model="claude-sonnet-4-5", max_tokens=64,
    messages=[{{"role": "user", "content": [{{"type": "text", "text": "aws key {AKID} please"}}]}}])
print(json.dumps({{"ok": r.content[0].text}}))
"""
    assert run_client(code, gw) == {"ok": "ok"}
    text = upstream.received[0].json()["messages"][0]["content"][0]["text"]
    assert AKID not in text and text.startswith("aws key [MASKED:aws-")


def test_httpx_requests_and_curl_bodies(gw, upstream):
    code = f"""
import gzip, json, httpx, requests
h = httpx.post("https://api.github.com/repos/acme/x/issues", json={{"body": "token {PAT}"}}).json()
r = requests.post("https://api.stripe.com/v1/customers", data={{"email": "{EMAIL}", "name": "Dana"}}).json()
g = httpx.post("https://api.openai.com/v1/embeddings", content=gzip.compress(json.dumps(
    {{"model": "e", "input": ["{AKID}"]}}).encode()), headers={{"content-encoding": "gzip",
    "content-type": "application/json"}}).json()
print(json.dumps({{"httpx": h, "requests": r, "gzip": g}}))
"""
    out = run_client(code, gw)
    assert PAT not in out["httpx"]["echo"] and MASK in json.loads(out["httpx"]["echo"])["body"]
    assert EMAIL not in out["requests"]["echo"] and "name=Dana" in out["requests"]["echo"]
    gz = upstream.received[2]
    assert gz.headers["content-encoding"] == "gzip"
    assert AKID.encode() not in gzip.decompress(gz.body) and b"[MASKED:aws-" in gzip.decompress(gz.body)
    assert int(gz.headers["content-length"]) == len(gz.body)
    res = harness.curl(gw, "-X", "POST", "https://api.openai.com/v1/chat/completions",
                       "-H", "content-type: application/json",
                       "--data", json.dumps({"model": "m", "messages": [{"role": "user", "content": PAT}]}))
    assert res.returncode == 0, res.stderr
    assert PAT.encode() not in upstream.received[3].body


def test_response_secrets_are_masked(gw, upstream):
    upstream.route("POST", "/v1/chat/completions", lambda req: Reply.json({
        "id": "c", "object": "chat.completion", "created": 1, "model": "m",
        "choices": [{"index": 0, "finish_reason": "stop",
                     "message": {"role": "assistant", "content": f"your key is {AKID}"}}]}))
    assert openai_chat(gw, "what is my key?")["ok"].startswith("your key is [MASKED:aws-")


def test_unlisted_hosts_pass_uninspected(gw, upstream):
    code = f"""
import json, httpx
print(json.dumps(httpx.post("https://unlisted.example/x", json={{"t": "{PAT}"}}).json()))
"""
    assert PAT in run_client(code, gw)["echo"]


def test_an_unlisted_host_header_inside_a_guarded_tunnel_is_refused(gw, upstream):
    # Domain fronting: the policy, the record and any brokered key would follow one name while the bytes go
    # to another, so names that disagree on a guarded host are refused (421), nothing is sent.
    body = json.dumps({"model": "m", "messages": [{"role": "user", "content": PAT}]}).encode()
    head = (f"POST /v1/chat/completions HTTP/1.1\r\nHost: unlisted.example\r\n"
            f"content-type: application/json\r\ncontent-length: {len(body)}\r\n\r\n")
    out = raw_request(gw, "api.openai.com", head, body)
    assert out.startswith(b"HTTP/1.1 421"), out[:200]
    assert b"Host header unlisted.example" in out and b"api.openai.com" in out
    assert upstream.received == []


# --------------------------------------------------------------------------- block


@pytest.fixture
def blocking_proxy(tmp_path, proxy_factory, upstream):
    policy = write_policy(tmp_path, actions={"request": {"secret/precise": "block", "pii": "mask"},
                                             "response": {"secret": "mask"}})
    return proxy_factory("--set", f"exitguard_policy={policy}")


def test_block_surfaces_as_the_sdks_own_error(blocking_proxy, upstream):
    out = openai_chat(blocking_proxy, f"here: {PAT}")
    assert out["error"] == "PermissionDeniedError" and out["status"] == 403
    assert "github-pat" in out["message"] and "ask your exitguard administrator about flow" in out["message"]
    assert PAT not in out["message"]
    code = f"""
import json, anthropic
client = anthropic.Anthropic(api_key="x", base_url="https://api.anthropic.com", max_retries=0)
try:
    client.messages.create(model="c", max_tokens=5, messages=[{{"role": "user", "content": "{AKID}"}}])
except anthropic.PermissionDeniedError as e:
    print(json.dumps({{"error": type(e).__name__, "body": e.body}}))
"""
    err = run_client(code, blocking_proxy)
    assert err["body"]["type"] == "error" and err["body"]["error"]["type"] == "permission_error"
    assert "aws-" in err["body"]["error"]["message"] and AKID not in json.dumps(err)
    assert upstream.received == []  # nothing left the proxy


def test_denied_host_is_refused_at_connect(tmp_path, proxy_factory, upstream):
    p = proxy_factory("--set", f"exitguard_policy={write_policy(tmp_path, deny_hosts=['denied.example'])}")
    res = harness.curl(p, "https://denied.example/")
    assert res.returncode != 0 and b"403" in res.stderr
    assert upstream.received == []


def test_loopback_destinations_are_refused(tmp_path, proxy_factory, upstream):
    # Anything on the proxy's own machine (mitmweb's API, the approval control endpoint) must never be
    # reachable through it. No test router here: the request really targets a local service.
    hits = []

    class Local(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *a):
            pass

    local = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Local)
    threading.Thread(target=local.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    try:
        p = proxy_factory(route=False)
        for url in (f"http://127.0.0.1:{local.server_port}/flows", f"http://localhost:{local.server_port}/flows",
                    f"http://[::ffff:127.0.0.1]:{local.server_port}/options"):
            res = harness.curl(p, url)
            assert b"502" in res.stdout and b"local address" in res.stdout, res.stdout
        res = harness.curl(p, f"http://127.0.0.1:{p.port}/")  # the proxy itself
        assert b"502" in res.stdout
    finally:
        local.shutdown()
    assert hits == []


# --------------------------------------------------------------------------- bad input


def raw_request(proxy, host: str, head: str, body: bytes, read: bool = True) -> bytes:
    """Send a hand-made HTTP/1.1 request through a CONNECT tunnel, return the raw response."""
    s = socket.create_connection(("127.0.0.1", proxy.port), timeout=20)
    s.sendall(f"CONNECT {host}:443 HTTP/1.1\r\nHost: {host}:443\r\n\r\n".encode())
    assert b" 200 " in s.recv(4096)
    ctx = ssl.create_default_context(cafile=str(proxy.ca))
    t = ctx.wrap_socket(s, server_hostname=host)
    t.sendall(head.encode() + body)
    if not read:
        return b""
    out = b""
    try:
        while chunk := t.recv(65536):
            out += chunk
            if b"\r\n\r\n" in out and b"content-length" in out.lower():
                head_end = out.index(b"\r\n\r\n") + 4
                length = int(out.lower().split(b"content-length:")[1].split(b"\r\n")[0])
                if len(out) >= head_end + length:
                    break
    except (TimeoutError, ssl.SSLError):
        pass
    t.close()
    return out


def post_head(path: str, length: int, ctype="application/json", extra="") -> str:
    return (f"POST {path} HTTP/1.1\r\nHost: api.openai.com\r\ncontent-type: {ctype}\r\n"
            f"content-length: {length}\r\n{extra}\r\n")


@pytest.mark.parametrize("name, ctype, body, extra, status, code", [
    ("malformed json", "application/json", b'{"messages": [', "", 400, "exitguard_unparseable"),
    ("invalid utf-8", "text/plain; charset=utf-8", b"caf\xe9 \xff\xfe", "", 400, "exitguard_unparseable"),
    ("gzip bomb", "application/json", gzip.compress(b"{\"a\": \"" + b"0" * 60_000_000 + b"\"}"),
     "content-encoding: gzip\r\n", 413, "exitguard_body_too_large"),
    ("corrupt gzip", "application/json", b"\x1f\x8b\x08\x00garbage", "content-encoding: gzip\r\n", 400,
     "exitguard_unparseable"),
])
def test_bad_bodies_get_a_clear_error_and_the_proxy_keeps_serving(gw, upstream, name, ctype, body, extra,
                                                                  status, code):
    out = raw_request(gw, "api.openai.com", post_head("/v1/chat/completions", len(body), ctype, extra), body)
    assert out.startswith(f"HTTP/1.1 {status}".encode()), (name, out[:200])
    payload = json.loads(out.split(b"\r\n\r\n", 1)[1])
    assert payload["error"]["code"] == code and payload["error"]["message"].startswith("exitguard: ")
    assert upstream.received == []
    assert openai_chat(gw, "still there?") == {"ok": "ok"}


def test_truncated_and_huge_bodies(gw, upstream):
    # The client promises 1000 bytes, sends 10 and goes away: nothing reaches the upstream.
    raw_request(gw, "api.openai.com", post_head("/v1/chat/completions", 1000), b'{"model": ', read=False)
    # 100 MB announced by content-length: answered 413; the proxy reads and drops the rest without keeping it,
    # so a client that sends everything before it reads still gets the answer.
    size = 100 * 1024 * 1024
    out = raw_request(gw, "api.openai.com", post_head("/v1/chat/completions", size, "text/plain"), b"x" * size)
    assert out.startswith(b"HTTP/1.1 413"), out[:200]
    assert upstream.received == []
    assert openai_chat(gw, "still serving") == {"ok": "ok"}


def test_100mb_chunked_body_is_refused_without_buffering_it(gw, upstream):
    code = """
import json, httpx
def gen():
    for _ in range(100):
        yield b"x" * (1024 * 1024)
try:
    r = httpx.post("https://api.openai.com/v1/files", content=gen(), headers={"content-type": "text/plain"},
                   timeout=120)
    print(json.dumps({"status": r.status_code, "body": r.text[:300]}))
except httpx.HTTPError as e:
    print(json.dumps({"status": None, "body": type(e).__name__}))
"""
    rss_before = proxy_rss_kib(gw)
    out = run_client(code, gw, timeout=180)
    # A 413 with a readable reason (the rest of the upload is read and dropped, so a client that writes before
    # it reads still gets the answer); never forwarded, never buffered whole.
    assert out["status"] == 413, out
    assert "body" in out["body"].lower() and "limit" in out["body"].lower()
    assert upstream.received == []
    assert proxy_rss_kib(gw) - rss_before < 60 * 1024  # the 10 MB limit, not 100 MB
    assert openai_chat(gw, "still serving") == {"ok": "ok"}


def proxy_rss_kib(proxy) -> int:
    with open(f"/proc/{proxy.proc.pid}/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))


# --------------------------------------------------------------------------- start-up checks


def run_mitmdump_until_exit(tmp_path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(harness.ROOT / ".venv/bin/mitmdump"), "--listen-host", "127.0.0.1",
                           "--listen-port", "0", "--set", f"confdir={tmp_path}", "-s", str(harness.BUNDLE), *args],
                          capture_output=True, text=True, timeout=60)


def test_unknown_exitguard_option_stops_startup(tmp_path):
    proc = run_mitmdump_until_exit(tmp_path, "--set", "exitguard_polcy=x")
    assert proc.returncode != 0
    assert "unknown option(s): exitguard_polcy" in proc.stdout + proc.stderr


def test_invalid_policy_stops_startup(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("mode: enforcing\n")
    proc = run_mitmdump_until_exit(tmp_path, "--set", f"exitguard_policy={bad}")
    assert proc.returncode != 0
    assert "mode: 'enforcing' is not one of" in proc.stdout + proc.stderr


def test_mitmdump_loads_the_bundle_offline(tmp_path):
    # `mitmdump -s addons/bundle.py` is the documented entry point; -n -r: no proxy server, read a (here empty)
    # recording and exit.
    recording = tmp_path / "empty.mitm"
    recording.write_bytes(b"")
    proc = subprocess.run([str(harness.ROOT / ".venv/bin/mitmdump"), "-n", "-r", str(recording),
                           "-s", str(harness.BUNDLE), "--set", f"confdir={tmp_path}"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "exitguard: policy" in proc.stdout


def test_mitmweb_sees_a_comment_and_a_mark_on_every_inspected_flow(tmp_path, proxy_factory, upstream):
    from mitmproxy import io

    record = tmp_path / "rec"
    p = proxy_factory("--set", f"exitguard_record_dir={record}")
    openai_chat(p, f"token {PAT}")
    openai_chat(p, "nothing secret here")
    p.stop()
    flows = []
    for path in sorted(record.glob("audit-*.mitm")):
        with open(path, "rb") as f:
            flows += [fl for fl in io.FlowReader(f).stream() if fl.request.path.endswith("/chat/completions")]
    masked, clean = flows
    assert masked.marked == ":see_no_evil:" and "masked 1 value(s) in request (1 finding(s) of rule(s) github-pat" \
        in masked.comment
    assert PAT not in masked.comment
    assert clean.marked == ":white_check_mark:" and "request scanned: nothing found" in clean.comment


# --------------------------------------------------------------------------- HTTP/1.1 trailers (issue 18 item 7)

TRAILER_SECRET = fakes.aws_key_id(18)


def test_request_trailers_get_a_clear_400_not_a_hang(gw, upstream):
    """mitmproxy 12.3 raises NotImplementedError on trailers: the client hung until its own timeout."""
    head = ("POST /v1/chat/completions HTTP/1.1\r\nHost: api.openai.com\r\ncontent-type: application/json\r\n"
            "transfer-encoding: chunked\r\ntrailer: X-Secret\r\n\r\n")
    body = b'{"model": "gpt-test", "messages": []}'
    chunked = b"%x\r\n%s\r\n0\r\nX-Secret: %s\r\n\r\n" % (len(body), body, TRAILER_SECRET.encode())
    out = raw_request(gw, "api.openai.com", head, chunked)
    assert out.startswith(b"HTTP/1.1 400"), out[:300]
    assert b"trailers are not supported" in out and TRAILER_SECRET.encode() not in out
    assert upstream.received == []
    assert openai_chat(gw, "still serving") == {"ok": "ok"}


def _answer_with_trailers(conn, first, server) -> None:
    from tests.hostile.rawupstream import read_request
    if read_request(conn, first, server) is None:
        return
    body = b'{"id": "x", "object": "chat.completion", "choices": []}'
    conn.sendall(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n"
                 b"trailer: X-Secret\r\n\r\n%x\r\n%s\r\n0\r\nX-Secret: %s\r\n\r\n"
                 % (len(body), body, TRAILER_SECRET.encode()))
    time.sleep(1)  # keep the connection open: the proxy, not a close, must end the exchange


def test_response_trailers_get_a_clear_502_not_a_hang(tmp_path, upstream_certs):
    from tests.hostile.rawupstream import RawUpstream, start_proxy_to
    server = RawUpstream(upstream_certs[1], _answer_with_trailers)
    proxy = start_proxy_to(tmp_path, server, upstream_certs[0])
    try:
        started = time.monotonic()
        out = raw_request(proxy, "api.openai.com", post_head("/v1/chat/completions", 2), b"{}")
        assert time.monotonic() - started < 10
        assert out.startswith(b"HTTP/1.1 502"), out[:300]
        assert b"trailers" in out and TRAILER_SECRET.encode() not in out
        assert TRAILER_SECRET not in proxy.log
    finally:
        proxy.stop()
        server.close()
