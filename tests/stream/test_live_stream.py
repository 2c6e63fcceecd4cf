"""Streaming end to end: real mitmdump + bundle, local HTTPS upstream streaming real-shaped SSE, and the real
openai / anthropic SDKs with stream=True (client venv)."""

from __future__ import annotations

import gzip
import json
import re
import time
import zlib

import pytest
from mitmproxy import io

from tests import fakes
from tests.live import harness
from tests.live.harness import Reply, run_client
from tests.stream import streams as S

pytestmark = pytest.mark.live

PAT = fakes.github_pat(21)
AKID = fakes.aws_key_id(22)
TEXT = f"Your token is {PAT} and the AWS key id is {AKID}; keep them safe."
ARGS = json.dumps({"token": PAT, "region": "eu-west-1"})


def pieces(body: bytes, size: int, delay: float = 0.0, log: list | None = None):
    """The body in `size`-byte pieces; `log` gets the time the upstream wrote its last piece."""
    parts = [body[i:i + size] for i in range(0, len(body), size)]
    for i, part in enumerate(parts):
        yield part, delay
        if log is not None and i == len(parts) - 1:
            log.append(time.time())


def sse_reply(chunks, encoding: str | None = None, cut: bool = False) -> Reply:
    headers = {"content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache"}
    if encoding:
        headers["content-encoding"] = encoding
    return Reply(200, headers, chunks=chunks, cut=cut)


def norm(text: str) -> str:
    """Placeholders without their tag: the proxy has its own fingerprint key."""
    return re.sub(r"(\[MASKED:[a-z0-9-]+):[0-9a-f]{6}\]", r"\1]", text)


def masked_text(text: str) -> str:
    from addons.core.fingerprint import Fingerprinter
    from addons.core.inspection import Inspector
    from addons.core.policy import Policy
    from addons.detect import Scanner

    return norm(Inspector(Scanner.default(), Policy.load(None), Fingerprinter(b"k" * 32)).inspect_text(
        text, "response", "t").text)


OPENAI_STREAM = """
import json, time, openai
client = openai.OpenAI(api_key="sk-test-placeholder", base_url="https://api.openai.com/v1", max_retries=0)
out = {"text": "", "args": "", "events": 0, "first": None}
try:
    stream = client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "hi"}], stream=True)
    for chunk in stream:
        out["events"] += 1
        for c in chunk.choices:
            if out["first"] is None and c.delta.content:
                out["first"] = time.time()
            out["text"] += c.delta.content or ""
            for tc in c.delta.tool_calls or []:
                out["args"] += tc.function.arguments or ""
            if c.finish_reason:
                out["finish"] = c.finish_reason
    out["ended"] = True
except Exception as e:  # APIError from our error event, or a transport error when the stream is cut
    out["error"] = type(e).__name__
    out["message"] = str(e)
print(json.dumps(out))
"""

ANTHROPIC_STREAM = """
import json, anthropic
client = anthropic.Anthropic(api_key="sk-ant-test-placeholder", base_url="https://api.anthropic.com", max_retries=0)
out = {"text": "", "args": ""}
try:
    with client.messages.stream(model="claude-sonnet-4-5", max_tokens=100,
                                messages=[{"role": "user", "content": "hi"}]) as stream:
        for event in stream:
            if event.type == "content_block_delta" and event.delta.type == "text_delta":
                out["text"] += event.delta.text
            if event.type == "content_block_delta" and event.delta.type == "input_json_delta":
                out["args"] += event.delta.partial_json
        final = stream.get_final_message()
        out["final_text"] = final.content[0].text
        out["tool_input"] = final.content[1].input if len(final.content) > 1 else None
        out["stop_reason"] = final.stop_reason
except anthropic.APIError as e:
    out["error"] = type(e).__name__
    out["message"] = str(e)
print(json.dumps(out))
"""

RESPONSES_STREAM = """
import json, openai
client = openai.OpenAI(api_key="sk-test-placeholder", base_url="https://api.openai.com/v1", max_retries=0)
out = {"text": "", "types": []}
try:
    with client.responses.stream(model="gpt-4o", input="hi") as stream:
        for event in stream:
            out["types"].append(event.type)
            if event.type == "response.output_text.delta":
                out["text"] += event.delta
            if event.type == "error":
                out["error_event"] = event.message
        out["final"] = stream.get_final_response().output_text
except Exception as e:
    out["error"] = type(e).__name__
    out["message"] = str(e)
print(json.dumps(out))
"""


def frags(text, n):
    return [text[i:i + n] for i in range(0, len(text), n)]


@pytest.mark.parametrize("chunk", [1, 7, 50])
def test_openai_sdk_sees_masked_text_and_valid_tool_arguments(gw, upstream, chunk):
    body = S.openai_chat(frags(TEXT, 3), frags(ARGS, 4))
    upstream.route("POST", "/v1/chat/completions", lambda req: sse_reply(pieces(body, chunk)))
    out = run_client(OPENAI_STREAM, gw)
    assert out.get("ended") and out["finish"] == "tool_calls", out
    assert norm(out["text"]) == masked_text(TEXT) and PAT not in out["text"] and AKID not in out["text"]
    assert norm(json.loads(out["args"])["token"]) == masked_text(PAT)
    assert json.loads(out["args"])["region"] == "eu-west-1"
    # The secret-free part of the request went upstream uncompressed-by-request (anticomp).
    assert upstream.received[-1].headers.get("accept-encoding") == "identity"


def test_first_event_arrives_before_the_upstream_finished(gw, upstream):
    words = [f"word{i} " for i in range(40)]
    body = S.openai_chat(words)
    finished: list[float] = []
    # Pieces 0.15 s apart (the answer takes ~4 s): the first event may take up to ~3.5 s under load and still prove
    # that nothing waited for the end (0.05 s apart, ~1.5 s in all, failed once under a loaded unit loop).
    upstream.route("POST", "/v1/chat/completions", lambda req: sse_reply(pieces(body, 200, 0.15, finished)))
    out = run_client(OPENAI_STREAM, gw)
    assert out["text"] == "".join(words)
    assert finished and out["first"] < finished[0] - 0.5, (out["first"], finished)  # no silent buffering


def test_anthropic_sdk_one_byte_chunks(gw, upstream):
    body = S.anthropic(frags(TEXT, 2), frags(ARGS, 3))
    upstream.route("POST", "/v1/messages", lambda req: sse_reply(pieces(body, 1)))
    out = run_client(ANTHROPIC_STREAM, gw)
    assert "error" not in out, out
    assert out["text"] == out["final_text"] and norm(out["text"]) == masked_text(TEXT)
    assert norm(out["tool_input"]["token"]) == masked_text(PAT) and out["tool_input"]["region"] == "eu-west-1"
    assert out["stop_reason"] == "end_turn"


def test_responses_sdk_and_done_events(gw, upstream):
    body = S.responses(frags(TEXT, 5))
    upstream.route("POST", "/v1/responses", lambda req: sse_reply(pieces(body, 13)))
    out = run_client(RESPONSES_STREAM, gw)
    assert "error" not in out, out
    assert out["text"] == out["final"] and norm(out["text"]) == masked_text(TEXT)
    assert out["types"][-1] == "response.completed"


@pytest.mark.parametrize("encoding", ["gzip", "deflate"])
def test_compressed_upstream_is_decoded_and_masked(gw, upstream, encoding):
    body = S.openai_chat(frags(TEXT, 4))
    comp = zlib.compressobj(wbits=31 if encoding == "gzip" else 15)
    parts = [comp.compress(p) + comp.flush(zlib.Z_SYNC_FLUSH) for p in frags(body, 40)] + [comp.flush()]
    upstream.route("POST", "/v1/chat/completions", lambda req: sse_reply([(p, 0) for p in parts if p], encoding))
    out = run_client(OPENAI_STREAM, gw)
    assert out.get("ended") and norm(out["text"]) == masked_text(TEXT), out
    assert gzip.compress(b"") and PAT not in json.dumps(out)


def test_blocked_value_ends_with_the_api_error_and_no_done(tmp_path, proxy_factory, upstream):
    import yaml

    from addons.core.policy import DEFAULT_POLICY_FILE

    data = yaml.safe_load(DEFAULT_POLICY_FILE.read_text())
    data["rules"] = {**(data.get("rules") or {}), "stripe-secret-key": {"response": "block"}}
    (tmp_path / "policy.yaml").write_text(yaml.safe_dump(data))
    p = proxy_factory("--set", f"exitguard_policy={tmp_path / 'policy.yaml'}")
    stripe = fakes.stripe_key(23)
    body = S.openai_chat(frags(f"Fine text first. Then {stripe} and more.", 4))
    upstream.route("POST", "/v1/chat/completions", lambda req: sse_reply(pieces(body, 30, 0.01)))
    out = run_client(OPENAI_STREAM, p)
    assert out.get("error") == "APIError" and "stripe-secret-key" in out["message"], out
    assert "ask your exitguard administrator about flow" in out["message"]  # this proxy records nothing
    assert "Fine text first." in out["text"] and stripe not in json.dumps(out) and "finish" not in out
    body = S.anthropic(frags(f"Fine text first. Then {stripe} and more.", 4))
    upstream.route("POST", "/v1/messages", lambda req: sse_reply(pieces(body, 30, 0.01)))
    out = run_client(ANTHROPIC_STREAM, p)
    assert "stripe-secret-key" in out.get("message", ""), out
    assert "Fine text first." in out["text"] and stripe not in json.dumps(out)


def test_cut_off_stream_sends_nothing_unscanned_and_is_recorded(proxy_factory, tmp_path, upstream):
    gw = recording_proxy(proxy_factory, tmp_path)
    body = S.openai_chat(["Start here. Key ", AKID[:10], AKID[10:], " end"])
    cut = body.index(AKID[10:].encode())
    upstream.route("POST", "/v1/chat/completions",
                   lambda req: sse_reply([(body[:cut], 0)], cut=True))
    out = run_client(OPENAI_STREAM, gw)
    assert "error" in out and out["text"] == "Start here. Key " and AKID[:4] not in json.dumps(out), out
    rec = recorded(gw, "/v1/chat/completions")
    assert rec.error is not None and AKID[:4].encode() not in rec.response.content
    assert rec.metadata["exitguard.coverage"][-1]["status"] == "stream_stopped"


def test_record_holds_the_masked_stream(proxy_factory, tmp_path, upstream):
    p = recording_proxy(proxy_factory, tmp_path)
    body = S.anthropic(frags(TEXT, 3))
    upstream.route("POST", "/v1/messages", lambda req: sse_reply(pieces(body, 11)))
    out = run_client(ANTHROPIC_STREAM, p)
    assert norm(out["text"]) == masked_text(TEXT)
    rec = recorded(p, "/v1/messages")
    assert PAT.encode() not in rec.response.content and b"[MASKED:" in rec.response.content
    assert S.client_text("anthropic", rec.response.content)["text"] == out["text"]
    assert rec.metadata["exitguard.streamed"] is True
    assert {f["rule"] for f in rec.metadata["exitguard.findings"]} >= {"github-pat-classic"}
    assert all(f["location"] == "stream:content[0].text" and isinstance(f["start"], int)
               for f in rec.metadata["exitguard.findings"])
    assert rec.metadata["exitguard.decision"] == "mask"


def recording_proxy(proxy_factory, tmp_path):
    p = proxy_factory("--set", f"save_stream_file={tmp_path / 'flows.mitm'}")
    p.flows = tmp_path / "flows.mitm"
    return p


def recorded(proxy, path: str):
    """The saved flow for `path`. Stops the proxy first: mitmproxy 11.0.2 flushes save_stream_file only
    at exit (fact 12)."""
    proxy.stop()
    with open(proxy.flows, "rb") as f:
        flows = [fl for fl in io.FlowReader(f).stream() if fl.request.path == path]
    assert flows, f"no recorded flow for {path}"
    return flows[-1]


CHUNKED_UPLOAD = """
import json, requests
def body():
    yield b'{"model": "gpt-4o", "messages": [{"role": "user", "content": "' + b"x" * 4000
    yield b" write to EMAIL please" + b"y" * 3000 + b'"}]}'
r = requests.post("https://api.openai.com/v1/chat/completions", data=body(),
                  headers={"content-type": "application/json", "authorization": "Bearer sk-test-placeholder"})
print(json.dumps({"status": r.status_code}))
"""


LARGE_ANSWER = """
import json, requests
r = requests.post("https://api.openai.com/v1/chat/completions", json={"model": "gpt-4o", "messages": []},
                  headers={"authorization": "Bearer sk-test-placeholder"})
print(json.dumps({"status": r.status_code, "body": r.text}))
"""


def test_chunked_bodies_are_scanned_even_with_stream_large_bodies(proxy_factory, upstream):
    p = proxy_factory("--set", "stream_large_bodies=1k")
    out = run_client(CHUNKED_UPLOAD.replace("EMAIL", fakes.EMAIL), p)
    assert out["status"] == 200, p.log
    (req,) = [r for r in upstream.received if r.path == "/v1/chat/completions"]
    assert fakes.EMAIL.encode() not in req.body and b"[MASKED:email-address:" in req.body
    # A large chunked (non-SSE) answer is buffered for the Guard too, not streamed to the client unscanned.
    answer = json.dumps({"choices": [{"message": {"content": "x" * 3000 + f" {PAT} " + "y" * 3000}}]}).encode()
    upstream.route("POST", "/v1/chat/completions", lambda req: Reply(
        200, {"content-type": "application/json"}, chunks=[(answer[i:i + 500], 0) for i in range(0, len(answer), 500)]))
    out = run_client(LARGE_ANSWER, p)
    assert out["status"] == 200 and PAT not in out["body"] and "[MASKED:github-pat-classic:" in out["body"]
    assert "Streaming request to" not in p.log and "Streaming response from" not in p.log


def test_http2_client_gets_the_masked_stream(proxy_factory, upstream):
    # lazy: mitmproxy offers h2 to the client before it knows the (HTTP/1.1-only) upstream
    p = proxy_factory("--set", "connection_strategy=lazy")
    body = S.openai_chat(frags(TEXT, 3))
    upstream.route("POST", "/v1/chat/completions", lambda req: sse_reply(pieces(body, 9)))
    res = harness.curl(p, "--http2", "-N", "-s", "-H", "content-type: application/json",
                       "-H", "accept-encoding: gzip", "-d", '{"model": "gpt-4o", "stream": true, "messages": []}',
                       "-w", "\n%{http_version}", "https://api.openai.com/v1/chat/completions")
    out, _, version = res.stdout.rpartition(b"\n")
    assert res.returncode == 0 and version == b"2", (res.returncode, res.stderr, version)
    assert norm(S.client_text("openai_chat", out)["text"]) == masked_text(TEXT) and out.endswith(b"[DONE]\n\n")


PLAIN_SSE = """
import json, sys, time, httpx
t = {"events": []}
with httpx.Client(timeout=30) as c:
    with c.stream("GET", "https://unlisted.example/events") as r:
        for line in r.iter_lines():
            if line.startswith("data:"):
                t["events"].append([time.time(), line[5:].strip()])
print(json.dumps(t))
"""


def test_unguarded_host_streams_are_passed_through_not_buffered(proxy_factory, tmp_path, upstream):
    gw = recording_proxy(proxy_factory, tmp_path)
    body = b"".join(b"data: tick %d\n\n" % i for i in range(10))
    finished: list[float] = []
    upstream.route("GET", "/events", lambda req: sse_reply(pieces(body, 12, 0.1, finished)))
    out = run_client(PLAIN_SSE, gw)
    assert [e[1] for e in out["events"]] == [f"tick {i}" for i in range(10)]
    assert out["events"][0][0] < finished[0] - 0.5  # not held until the end
    rec = recorded(gw, "/events")
    assert rec.response.content == body and rec.metadata["exitguard.host_class"] == "observe"  # default unlisted


def test_a_streamed_command_reference_is_not_held_to_the_cap(gw, upstream):
    """`regex` called the text after "HOST:" partial for a rule with a lookbehind, so everything after it was held
    back until the 8,192-character cap stopped the stream: an answer quoting a command's usage never arrived."""
    text = "".join(f"Run `exitguard up [--listen HOST:PORT] [--mode regular|transparent] [--reverse "
                   f"PROVIDER=[HOST:]PORT]` for replica {i}, then read the record.\n" for i in range(80))
    body = S.openai_chat(re.findall(r"\s*\S+", text))
    upstream.route("POST", "/v1/chat/completions", lambda req: sse_reply(pieces(body, 4096)))
    out = run_client(OPENAI_STREAM, gw)
    assert out.get("ended") and "error" not in out, out.get("message")
    assert out["text"] == text.rstrip("\n")  # the events carry each word with the white space before it
