"""Issue 13 items 6-8 and issue 18 item 7 end to end: a real mitmdump with the bundle and a record folder,
a local upstream that streams each shape, and a client. Three places are checked each time: what the client
received (no raw secret reassemblable from any field), what the upstream received (WebSocket), and every
byte of every file in the record folder."""

from __future__ import annotations

import base64
import gzip
import json
import resource
import threading
import time
from pathlib import Path

import pytest

from tests import fakes
from tests.live import harness
from tests.live.harness import Reply, run_client
from tests.stream import streams as S
from tests.stream.test_live_stream import OPENAI_STREAM, frags, pieces, sse_reply

pytestmark = pytest.mark.live

PAT = fakes.github_pat(31)
AKID = fakes.aws_key_id(32)
SECRETS = (PAT, AKID)
TEXT = f"Here: {AKID} and {PAT} done."

RAW_CLIENT = """
import base64, json, os, httpx
out, body = {}, b""
try:
    with httpx.Client(timeout=30) as c:
        with c.stream("POST", os.environ["EG_URL"], json={"model": "m", "stream": True, "messages": []},
                      headers={"authorization": "Bearer sk-test-placeholder"}) as r:
            out["status"] = r.status_code
            out["headers"] = dict(r.headers)
            for chunk in r.iter_raw():
                body += chunk
except Exception as e:  # a stream exitguard stops ends abnormally
    out["error"] = type(e).__name__
out["body"] = base64.b64encode(body).decode()
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def rec(tmp_path_factory, upstream_session):
    """One recording proxy for the module; `rec.dir` is its record folder."""
    folder = tmp_path_factory.mktemp("rec")
    p = harness.start_proxy(folder, upstream_session, "--set", f"exitguard_record_dir={folder / 'records'}")
    p.dir = folder / "records"
    yield p
    p.stop()


def raw_client(proxy, url: str) -> tuple[dict, bytes]:
    out = run_client(RAW_CLIENT, proxy, EG_URL=url)
    return out, base64.b64decode(out["body"])


def record_bytes(folder: Path) -> bytes:
    """Every byte of every file of the record folder, and the events inside recorded AWS event streams."""
    blobs = [f.read_bytes() for f in sorted(folder.rglob("*")) if f.is_file()]
    return b"\n".join(blobs)


def assert_no_secret(*texts: str | bytes) -> None:
    for text in texts:
        data = text.encode() if isinstance(text, str) else text
        for secret in SECRETS:
            assert secret.encode() not in data, f"raw secret found: {data[:300]!r}"


def wait_recorded(folder: Path, path: str, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(path.encode() in f.read_bytes() for f in folder.glob("*.jsonl")):
            return
        time.sleep(0.1)
    raise AssertionError(f"no record of {path}")


# ---- item 6: response headers ------------------------------------------------------------------
def test_response_headers_are_masked_buffered_and_streamed(rec, upstream):
    headers = {"content-type": "application/json", "location": f"https://example.com/cb?token={AKID}",
               "x-upstream-key": PAT}
    upstream.route("POST", "/v1/h/buffered", lambda req: Reply(200, dict(headers), b'{"ok": true}'))
    sse_headers = dict(headers, **{"content-type": "text/event-stream"})
    body = S.openai_chat(["Hello", " there"])
    upstream.route("POST", "/v1/h/chat/completions", lambda req: Reply(200, dict(sse_headers),
                                                                       chunks=pieces(body, 20)))
    for path in ("/v1/h/buffered", "/v1/h/chat/completions"):
        out, got = raw_client(rec, f"https://api.openai.com{path}")
        assert out["status"] == 200 and "error" not in out, out
        assert out["headers"]["location"].startswith("https://example.com/cb?token=[MASKED:aws-access-key-id:")
        assert out["headers"]["x-upstream-key"].startswith("[MASKED:github-pat-classic:")
        assert_no_secret(json.dumps(out["headers"]), got)
        wait_recorded(rec.dir, path)
    assert_no_secret(record_bytes(rec.dir))


# ---- item 7: every field of a stream -----------------------------------------------------------
SHAPES = {
    "chat-logprobs": ("api.openai.com", "/v1/chat/completions", "text/event-stream", S.chat_logprobs),
    "chat-function-call": ("api.openai.com", "/v1/chat/completions", "text/event-stream",
                           lambda f: S.chat_legacy_function_call(frags(json.dumps({"t": PAT, "k": AKID}), 3))),
    "chat-audio": ("api.openai.com", "/v1/chat/completions", "text/event-stream", S.chat_audio_transcript),
    "chat-content-parts": ("api.openai.com", "/v1/chat/completions", "text/event-stream", S.chat_content_parts),
    "perplexity": ("api.perplexity.ai", "/chat/completions", "text/event-stream", S.perplexity),
    "responses-logprobs": ("api.openai.com", "/v1/responses", "text/event-stream", S.responses_logprobs),
    "anthropic-ping-error": ("api.anthropic.com", "/v1/messages", "text/event-stream", S.anthropic_error_and_ping),
    "cohere-v2": ("api.cohere.com", "/v2/chat", "text/event-stream", S.cohere_v2),
    "ndjson-other": ("api.openai.com", "/v1/some/ndjson", "application/x-ndjson", S.ndjson_other),
    "plain-data": ("api.openai.com", "/v1/some/events", "text/event-stream", S.plain_data),
    "sse-comments": ("api.openai.com", "/v1/some/comments", "text/event-stream",
                     lambda f: S.sse_lines([f"note {AKID} and {PAT}"], "comment")),
    "bedrock-invoke": ("bedrock-runtime.us-east-1.amazonaws.com", "/model/m/invoke-with-response-stream",
                       "application/vnd.amazon.eventstream", S.bedrock),
    "bedrock-converse": ("bedrock-runtime.us-east-1.amazonaws.com", "/model/m/converse-stream",
                         "application/vnd.amazon.eventstream", lambda f: S.bedrock(f, wrapped=False)),
}


@pytest.mark.parametrize("name", list(SHAPES))
def test_no_field_of_a_stream_leaks(rec, upstream, name):
    host, path, media, build = SHAPES[name]
    body = build(frags(TEXT, 3))
    upstream.route("POST", path, lambda req: Reply(200, {"content-type": media}, chunks=pieces(body, 37)))
    out, got = raw_client(rec, f"https://{host}{path}")
    assert out["status"] == 200 and "error" not in out, out
    if media == "application/vnd.amazon.eventstream":
        events = S.read_eventstream(got)  # valid framing, every CRC checks
        assert_no_secret(json.dumps(events))
        assert "[MASKED:aws-access-key-id:" in json.dumps(events)
    else:
        for text in S.reassemblable(got, ndjson=media != "text/event-stream"):
            assert_no_secret(text)
        assert b"[MASKED:aws-access-key-id:" in got
    wait_recorded(rec.dir, path)
    assert_no_secret(record_bytes(rec.dir))


def test_openai_sdk_reads_masked_logprobs(rec, upstream):
    body = S.chat_logprobs(frags(TEXT, 2))
    upstream.route("POST", "/v1/chat/completions", lambda req: sse_reply(pieces(body, 50)))
    code = OPENAI_STREAM.replace('out["text"] += c.delta.content or ""', 'out["text"] += c.delta.content or ""\n'
                                 '            for lp in (c.logprobs.content if c.logprobs else None) or []:\n'
                                 '                out["args"] += lp.token')
    out = run_client(code, rec)
    assert out.get("ended") and out["finish"] == "stop", out
    assert_no_secret(out["text"], out["args"])
    assert "[MASKED:aws-access-key-id:" in out["text"] and "[MASKED:aws-access-key-id:" in out["args"]


# ---- issue 18 item 7: failing closed mid-flight ---------------------------------------------------
def test_two_gzip_members_are_both_delivered(rec, upstream):
    body = S.openai_chat(frags(TEXT, 4))
    half = len(body) // 2
    members = gzip.compress(body[:half]) + gzip.compress(body[half:])
    upstream.route("POST", "/v1/chat/completions", lambda req: sse_reply(pieces(members, 30), "gzip"))
    out = run_client(OPENAI_STREAM, rec)
    assert out.get("ended") and out["finish"] == "stop", out
    assert "[MASKED:aws-access-key-id:" in out["text"] and out["text"].endswith(" done.")
    assert_no_secret(out["text"])


def test_truncated_gzip_member_ends_with_the_error_event(rec, upstream):
    members = gzip.compress(S.openai_chat(frags(TEXT, 4)))
    upstream.route("POST", "/v1/chat/completions", lambda req: sse_reply(pieces(members[:len(members) // 2], 30),
                                                                         "gzip"))
    out = run_client(OPENAI_STREAM, rec)
    assert out.get("error") == "APIError" and "exitguard_truncated_stream" not in out.get("finish", ""), out
    assert "ended" not in out
    assert_no_secret(json.dumps(out))


def test_stream_stops_when_the_recorder_cannot_write(proxy_factory, upstream, tmp_path):
    records = tmp_path / "records"
    p = proxy_factory("--set", f"exitguard_record_dir={records}", "--set", "exitguard_record_retry_ms=60000")
    body = S.openai_chat([f"word{i} " for i in range(30)])
    upstream.route("POST", "/v1/chat/completions", lambda req: sse_reply(pieces(body, 120, 0.2)))
    result: dict = {}
    client = threading.Thread(target=lambda: result.update(run_client(OPENAI_STREAM, p)))
    client.start()
    deadline = time.monotonic() + 60
    while not any(r.path == "/v1/chat/completions" for r in upstream.received) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)  # the stream is flowing
    _, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.prlimit(p.proc.pid, resource.RLIMIT_FSIZE, (1, hard))  # "disk full" for the proxy only
    try:
        # Another guarded call finds out that the record cannot be written (it gets the 503 itself).
        res = harness.curl(p, "-o", "/dev/null", "-w", "%{http_code}", "-H", "content-type: application/json",
                           "-d", "{}", "https://api.openai.com/v1/other")
        assert res.stdout == b"503", res
        client.join(60)
    finally:
        resource.prlimit(p.proc.pid, resource.RLIMIT_FSIZE, (hard, hard))
    assert result.get("error") == "APIError" and "audit record cannot be written" in result["message"], result
    assert "finish" not in result and "word29" not in result["text"]  # not delivered in full


# ---- item 8: WebSocket ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def ws_rec(tmp_path_factory, upstream_certs):
    from tests.stream.test_live_websocket import WSUpstream

    up = WSUpstream(*upstream_certs)
    folder = tmp_path_factory.mktemp("wsrec")
    p = harness.start_proxy(folder, up, "--set", f"exitguard_record_dir={folder / 'records'}")
    p.dir = folder / "records"
    yield up, p
    p.stop()
    up.sock.close()


def test_websocket_binary_json_and_split_secrets(ws_rec):
    from tests.stream.test_live_websocket import client_roundtrip

    up, proxy = ws_rec
    up.received.clear()
    realtime = json.dumps({"type": "conversation.item.create",
                           "item": {"content": [{"type": "input_text", "text": f"use {PAT} please"}]}})
    split = [json.dumps({"type": "input_text.delta", "delta": part}) for part in
             ("my key is ", AKID[:8], AKID[8:], " thanks and bye for now. ")]
    replies = client_roundtrip(proxy, [realtime.encode(), *split])
    assert len(up.received) == 5
    first = up.received[0]
    assert isinstance(first, bytes) and b"[MASKED:github-pat-classic:" in first  # binary frame, scanned
    upstream_text = "".join(json.loads(m)["delta"] for m in up.received[1:])
    assert "[MASKED:aws-access-key-id:" in upstream_text
    assert_no_secret(first, upstream_text, *map(str, up.received))
    assert_no_secret(*(r if isinstance(r, bytes) else r.encode() for r in replies if r != "closed"))
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not any(f.suffix == ".mitm" and f.stat().st_size
                                                  for f in proxy.dir.glob("*")):
        time.sleep(0.1)
    proxy.stop()
    assert_no_secret(record_bytes(proxy.dir))
