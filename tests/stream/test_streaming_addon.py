"""The Streaming addon in-process (taddons): installing the stream callable, recording, WebSockets."""

from __future__ import annotations

import gzip
import io as stdio
import json
import os
import zlib

import pytest
from mitmproxy import http, io, websocket
from mitmproxy.test import taddons, tflow, tutils

from addons.core import metakeys, runtime
from addons.core.findings import FindingRecord
from addons.stream.streaming import StreamCallable, Streaming, stream_summary
from tests.stream import streams as S
from tests.stream.support import SECRETS, installed, make_inspector, make_policy

KEY = SECRETS["aws-access-key-id"]
TEXT = f"Here: {KEY} and done."


@pytest.fixture
def rt():
    with installed(make_inspector()) as rt:
        yield rt


@pytest.fixture
def addon():
    a = Streaming()
    with taddons.context(a):
        yield a


def sse_flow(body_headers=None, path="/v1/chat/completions"):
    f = tflow.tflow(req=tutils.treq(host="api.openai.com", path=path, method=b"POST"),
                    resp=tutils.tresp(headers=[(b"content-type", b"text/event-stream")], content=None))
    for k, v in (body_headers or {}).items():
        f.response.headers[k] = v
    f.metadata[metakeys.HOST_CLASS] = "guarded"
    return f


def drive(callable_, body: bytes, size: int) -> bytes:
    out = []
    for i in range(0, len(body), size):
        res = callable_(body[i:i + size])
        assert isinstance(res, list) and b"" not in res  # fact 4: never b"" mid-stream
        out += res
    out += callable_(b"")
    return b"".join(out)


async def test_sse_stream_is_masked_and_recorded(rt, addon):
    f = sse_flow({"content-length": "999"})
    f.request.headers["accept-encoding"] = "gzip, br"
    f.request.stream = True
    resp, f.response = f.response, None  # requestheaders runs before there is a response
    await addon.requestheaders(f)
    f.response = resp
    assert f.request.headers["accept-encoding"] == "identity" and f.request.stream is False
    await addon.responseheaders(f)
    assert isinstance(f.response.stream, StreamCallable)
    assert "content-length" not in f.response.headers and f.response.headers["transfer-encoding"] == "chunked"
    sent = drive(f.response.stream, S.openai_chat([TEXT[i:i + 3] for i in range(0, len(TEXT), 3)]), 1)
    assert KEY.encode() not in sent and b"[MASKED:aws-access-key-id:" in sent
    await addon.response(f)
    assert f.response.content == sent and f.response.stream is False
    md = f.metadata
    assert md[metakeys.STREAMED] is True and md[metakeys.DECISION] == "mask"
    assert [x["rule"] for x in md[metakeys.FINDINGS]] == ["aws-access-key-id"]
    assert md[metakeys.COVERAGE][-1]["status"] == "scanned"
    buf = stdio.BytesIO()
    io.FlowWriter(buf).add(f)  # metadata stays plain data (tnetstring-able)
    buf.seek(0)
    assert next(iter(io.FlowReader(buf).stream())).response.content == sent


async def test_stream_summary_says_what_was_masked_and_what_was_allowed(addon):
    """An email allowed in answers goes to the client in clear: the reason and the comment must not call it
    masked (it used to read "masked 2 value(s) ... email-address")."""
    inspector = make_inspector(make_policy(actions={"request": {"secret": "mask", "pii": "mask"},
                                                    "response": {"secret": "mask", "pii": "allow"}}))
    allowing = runtime.Runtime(policy=inspector.policy, scanner=inspector.scanner, inspector=inspector,
                               fingerprinter=inspector.fingerprinter)
    runtime.install(allowing)
    try:
        f = sse_flow()
        await addon.responseheaders(f)
        mail = SECRETS["email-address"]
        sent = drive(f.response.stream, S.openai_chat([f"{TEXT} Write to {mail} today."]), 7)
        await addon.response(f)
    finally:
        runtime.install(None)
    assert mail.encode() in sent and KEY.encode() not in sent
    reason = f.metadata[metakeys.REASON]
    assert reason == ("stream: masked 1 value(s) (rules aws-access-key-id); "
                      "allowed 1 value(s) (rules email-address)")
    assert reason in f.comment


def _found(rule: str, action: str) -> FindingRecord:
    return FindingRecord(rule, "secret", "confidential", "precise", "response", "stream:content", 0, 8,
                         "0" * 16, action)


def test_stream_summary_counts_per_action():
    findings = [_found("a", "mask"), _found("b", "mask"), _found("a", "mask")]
    assert stream_summary(findings) == "masked 3 value(s) (rules a, b)"
    assert stream_summary([_found("e", "allow")]) == "allowed 1 value(s) (rules e)"


def _brotli(b: bytes) -> bytes:
    import brotli

    return brotli.compress(b)


def _zstd(b: bytes) -> bytes:
    import zstandard

    return zstandard.ZstdCompressor().compress(b)


@pytest.mark.parametrize("encoding, compress", [
    ("gzip", lambda b: gzip.compress(b)),
    ("deflate", lambda b: zlib.compress(b)),
    ("deflate", lambda b: _raw_deflate(b)),
    ("br", _brotli),
    ("zstd", _zstd),
])
async def test_compressed_stream_is_decoded(rt, addon, encoding, compress):
    f = sse_flow({"content-encoding": encoding})
    await addon.responseheaders(f)
    assert "content-encoding" not in f.response.headers
    body = S.anthropic([TEXT])
    sent = drive(f.response.stream, compress(body), 5)
    assert KEY.encode() not in sent and S.client_text("anthropic", sent)["text"].startswith("Here: [MASKED:")


def _raw_deflate(b: bytes) -> bytes:
    c = zlib.compressobj(wbits=-15)
    return c.compress(b) + c.flush()


async def test_unknown_encoding_is_refused_and_killed(rt, addon):
    f = sse_flow({"content-encoding": "x-custom"})
    await addon.responseheaders(f)
    out = f.response.stream(b"\x00\x01 secret bytes")
    assert len(out) == 1 and b"exitguard_unsupported_encoding" in out[0] and f.error is not None
    assert f.response.stream(b"more") == []


async def test_corrupt_gzip_fails_closed(rt, addon):
    f = sse_flow({"content-encoding": "gzip"})
    await addon.responseheaders(f)
    out = f.response.stream(b"not gzip at all")
    assert b"exitguard_internal_error" in b"".join(out) and f.error is not None
    addon.error(f)
    assert f.metadata[metakeys.DECISION] == "error"
    assert f.metadata[metakeys.COVERAGE][-1]["status"] == "stream_stopped"


async def test_unconfigured_proxy_refuses_the_stream(addon):
    runtime.install(None)
    f = sse_flow()
    await addon.responseheaders(f)
    assert f.response.status_code == 502 and not callable(f.response.stream)


async def test_unguarded_streams_pass_through_and_are_recorded(rt, addon):
    f = sse_flow()
    f.metadata[metakeys.HOST_CLASS] = "pass"
    await addon.responseheaders(f)
    body = S.openai_chat([TEXT])
    assert drive(f.response.stream, body, 7) == body  # not inspected, not buffered either
    await addon.response(f)
    assert f.response.content == body and f.response.stream is False


async def test_other_types_are_left_buffered(rt, addon):
    f = sse_flow()
    f.response.headers["content-type"] = "application/json"
    await addon.responseheaders(f)
    assert not f.response.stream


async def test_ndjson_stream(rt, addon):
    f = sse_flow({"content-type": "application/x-ndjson"}, path="/api/chat")
    await addon.responseheaders(f)
    sent = drive(f.response.stream, S.ollama([TEXT[i:i + 4] for i in range(0, len(TEXT), 4)]), 3)
    assert KEY.encode() not in sent and S.client_text("ollama", sent)["text"].startswith("Here: [MASKED:")


def ws_flow(text: str | bytes, from_client: bool = True):
    f = tflow.twebsocketflow()
    f.metadata[metakeys.HOST_CLASS] = "guarded"
    kind = websocket.Opcode.TEXT if isinstance(text, str) else websocket.Opcode.BINARY
    content = text.encode() if isinstance(text, str) else text
    f.websocket.messages.append(websocket.WebSocketMessage(kind, from_client, content))
    return f


async def test_websocket_text_is_masked_binary_is_recorded(rt, addon):
    f = ws_flow('{"type":"conversation.item.create","item":{"content":[{"type":"input_text","text":"' + TEXT + '"}]}}')
    await addon.websocket_message(f)
    msg = f.websocket.messages[-1]
    assert KEY not in msg.text and "[MASKED:aws-access-key-id:" in msg.text
    assert f.metadata[metakeys.FINDINGS][0]["direction"] == "request"
    assert f.metadata[metakeys.DECISION] == "mask"
    f = ws_flow(b"\x00\x01binary", from_client=False)
    await addon.websocket_message(f)
    assert f.websocket.messages[-1].content == b"\x00\x01binary" and metakeys.FINDINGS not in f.metadata


@pytest.mark.parametrize("binary", [False, True])
async def test_websocket_realtime_json_in_any_frame_is_masked(rt, addon, binary):
    text = '{"type":"conversation.item.create","item":{"content":[{"type":"input_text","text":"' + TEXT + '"}]}}'
    f = ws_flow(text.encode() if binary else text)
    await addon.websocket_message(f)
    msg = f.websocket.messages[-1]
    assert msg.is_text is not binary and KEY.encode() not in msg.content
    assert b"[MASKED:aws-access-key-id:" in msg.content and f.metadata[metakeys.DECISION] == "mask"


async def test_websocket_binary_that_is_not_text_is_scanned_whole(rt, addon):
    f = ws_flow(b"\xff\xfe key " + KEY.encode() + b" \x00", from_client=False)
    await addon.websocket_message(f)
    content = f.websocket.messages[-1].content
    assert KEY.encode() not in content and content.startswith(b"\xff\xfe key [MASKED:aws-access-key-id:")


@pytest.mark.parametrize("json_messages", [False, True])
async def test_websocket_secret_split_over_messages_is_caught(rt, addon, json_messages):
    f = tflow.twebsocketflow()
    f.metadata[metakeys.HOST_CLASS] = "guarded"
    parts = ["the key is ", KEY[:9], KEY[9:], " and that is all. "]
    sent = []
    for part in parts:
        data = json.dumps({"type": "response.text.delta", "output_index": 0, "delta": part}) if json_messages \
            else part
        f.websocket.messages.append(websocket.WebSocketMessage(websocket.Opcode.TEXT, False, data.encode()))
        await addon.websocket_message(f)
        text = f.websocket.messages[-1].text
        sent.append(json.loads(text)["delta"] if json_messages else text)
    assert KEY not in "".join(sent) and "[MASKED:aws-access-key-id:" in "".join(sent), sent
    addon.websocket_end(f)
    assert not addon._ws  # per-connection state is released


def _gzip_members(body: bytes, n: int) -> bytes:
    size = len(body) // n + 1
    return b"".join(gzip.compress(body[i:i + size]) for i in range(0, len(body), size))


async def test_multi_member_gzip_is_decoded_whole(rt, addon):
    f = sse_flow({"content-encoding": "gzip"})
    await addon.responseheaders(f)
    sent = drive(f.response.stream, _gzip_members(S.openai_chat([TEXT[i:i + 3] for i in range(0, len(TEXT), 3)]), 3), 7)
    assert sent.endswith(b"data: [DONE]\n\n") and KEY.encode() not in sent and f.error is None


async def test_truncated_gzip_ends_with_the_error_event(rt, addon):
    f = sse_flow({"content-encoding": "gzip"})
    await addon.responseheaders(f)
    body = _gzip_members(S.openai_chat(["Hello ", "there"]), 2)
    sent = drive(f.response.stream, body[:-20], 5)
    assert b"exitguard_truncated_stream" in sent and b"[DONE]" not in sent and f.error is not None


async def test_stream_ends_when_the_recorder_breaks(rt, addon):
    from addons.core import health

    f = sse_flow()
    await addon.responseheaders(f)
    body = S.openai_chat(["Hello ", "there ", "friend."])
    first = f.response.stream(body[:40])
    health.set_recorder_broken(True)
    try:
        rest = f.response.stream(body[40:]) + f.response.stream(b"")
    finally:
        health.set_recorder_broken(False)
    sent = b"".join(first + rest)
    assert b"exitguard_audit_unavailable" in sent and b"[DONE]" not in sent and f.error is not None
    assert b"audit show" not in sent  # nothing of a flow the recorder cannot write is there to show


async def test_stream_ends_when_the_record_folder_fills_up(rt, addon, tmp_path):
    """The stream's own record is written after its last byte: a disk filling meanwhile must stop the stream
    before it, not be found afterwards."""
    from addons.core import health

    free = [10 * health.RECORD_RESERVE_BYTES]

    def statvfs(_folder):  # the file system is the outside edge: its free space is what this test sets
        return os.statvfs_result((4096, 1, 1, 1, free[0], 1, 1, 1, 0, 255))

    f = sse_flow()
    await addon.responseheaders(f)
    body = S.openai_chat(["Hello ", "there ", "friend."])
    health.set_record_room(health.FolderRoom(tmp_path, interval=0.0, statvfs=statvfs))
    try:
        first = f.response.stream(body[:40])
        free[0] = health.RECORD_RESERVE_BYTES  # less than the reserve plus what the stream carried
        rest = f.response.stream(body[40:]) + f.response.stream(b"")
    finally:
        health.set_record_room(None)
    assert b"exitguard_audit_unavailable" not in b"".join(first)
    sent = b"".join(first + rest)
    assert b"exitguard_audit_unavailable" in sent and b"[DONE]" not in sent and f.error is not None


def test_folder_room_reads_the_file_system_at_most_every_interval(tmp_path):
    from addons.core import health

    reads, now = [], [0.0]

    def statvfs(folder):
        reads.append(folder)
        if len(reads) == 3:
            raise FileNotFoundError(folder)
        return os.statvfs_result((4096, 2, 1, 1, 5, 1, 1, 1, 0, 255))

    room = health.FolderRoom(tmp_path, interval=1.0, clock=lambda: now[0], statvfs=statvfs)
    assert room.free() == 10 and room.free() == 10 and len(reads) == 1
    now[0] = 1.0
    assert room.free() == 10 and len(reads) == 2
    now[0] = 2.0
    assert room.free() == 0  # an unreadable folder has no room


async def test_buffered_response_headers_and_trailers_are_masked(rt, addon):
    f = sse_flow()
    f.response.headers["content-type"] = "application/json"
    f.response.headers["location"] = f"https://example.com/cb?token={KEY}"
    f.response.headers["x-upstream-key"] = SECRETS["github-pat-classic"]
    f.response.trailers = http.Headers(x_debug=f"key={KEY}")
    await addon.responseheaders(f)
    await addon.response(f)
    headers = f.response.headers
    assert KEY not in headers["location"] and headers["location"].startswith("https://example.com/cb?token=[MASKED:")
    assert headers["x-upstream-key"].startswith("[MASKED:github-pat-classic:")
    assert KEY not in f.response.trailers["x-debug"]
    assert {x["location"] for x in f.metadata[metakeys.FINDINGS]} == {
        "header.location", "header.x-upstream-key", "trailer.x-debug"}
    assert f.metadata[metakeys.DECISION] == "mask"


async def test_blocked_response_header_refuses_buffered_and_stops_streamed(rt, addon):
    f = sse_flow()
    f.response.headers["content-type"] = "application/json"
    f.response.headers["x-upstream-key"] = "sk_live_4eC39HqLyjWDarjtT1zdp7dc"
    await addon.responseheaders(f)
    await addon.response(f)
    assert f.response.status_code == 403 and b"sk_live_" not in f.response.content
    assert f.metadata[metakeys.DECISION] == "block"
    f = sse_flow({"x-upstream-key": "sk_live_4eC39HqLyjWDarjtT1zdp7dc"})
    await addon.responseheaders(f)
    assert "sk_live_4eC" not in f.response.headers["x-upstream-key"]  # the headers leave unmasked never
    sent = drive(f.response.stream, S.openai_chat(["Hello"]), 50)
    assert b"exitguard_blocked" in sent and b"Hello" not in sent and f.error is not None


async def test_websocket_block_drops_and_closes(rt, addon):
    f = ws_flow("pay with " + "sk_live_4eC39HqLyjWDarjtT1zdp7dc please", from_client=False)
    await addon.websocket_message(f)
    assert f.websocket.messages[-1].dropped and f.error is not None
    assert f.metadata[metakeys.DECISION] == "block"


async def test_report_only_passes_stream_untouched(addon):
    inspector = make_inspector(make_policy(mode="report"))
    runtime.install(runtime.Runtime(policy=inspector.policy, scanner=inspector.scanner, inspector=inspector,
                                    fingerprinter=inspector.fingerprinter))
    try:
        f = sse_flow()
        await addon.responseheaders(f)
        body = S.openai_chat([TEXT])
        assert drive(f.response.stream, body, 17) == body
        await addon.response(f)
        assert f.metadata[metakeys.DECISION] == "report" and f.metadata[metakeys.REPORT_ONLY] is True
    finally:
        runtime.install(None)


async def test_an_answer_streaming_when_the_policy_changes_stops_rather_than_go_on_under_the_old_one(addon):
    """Attack9: a streamed answer's masker is built from the runtime in force when its headers arrive; an answer
    that streams for minutes went on under it after a reload (report mode switched to enforce: keys still reached
    the client raw). The rest of it is now withheld with the API's error event."""
    with installed(make_inspector(make_policy(mode="report"))):
        f = sse_flow()
        await addon.responseheaders(f)
        stream = f.response.stream
        body = S.openai_chat(["hello ", "there. ", f"key {KEY} here. ", "bye. "])
        cut = body.index(b"there")
        first = b"".join(stream(body[:cut]))
        with installed(make_inspector()):  # the watcher loaded a policy that enforces
            rest = b"".join(stream(body[cut:]) + stream(b""))
    assert b"hello" in first and KEY.encode() not in rest
    assert stream.masker.stopped and b"exitguard_policy_changed" in rest
