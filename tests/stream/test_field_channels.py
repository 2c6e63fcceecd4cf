"""Issue 13 item 7: no field of a streamed answer is a blind spot. Each shape carries a secret split across
events in a field other than the main text; no text a client could reassemble may hold it."""

from __future__ import annotations

import itertools
import json

import pytest

from tests.stream import streams as S
from tests.stream.support import SECRETS, make_inspector, make_masker

AKID = SECRETS["aws-access-key-id"]
PAT = SECRETS["github-pat-classic"]
TEXT = f"Here: {AKID} and {PAT} done."


@pytest.fixture(scope="module")
def inspector():
    return make_inspector()


def frags(text: str, n: int) -> list[str]:
    return [text[i:i + n] for i in range(0, len(text), n)]


def leaks(body: bytes, ndjson: bool = False) -> list[str]:
    return [s for s in (AKID, PAT) for t in S.reassemblable(body, ndjson) if s in t]


SHAPES = {
    "chat logprobs": ("openai_chat", S.chat_logprobs, False),
    "chat function_call": ("openai_chat", lambda f: S.chat_legacy_function_call(
        frags(json.dumps({"token": PAT, "id": AKID}), 3)), False),
    "chat audio transcript": ("openai_chat", S.chat_audio_transcript, False),
    "chat content parts": ("openai_chat", S.chat_content_parts, False),
    "perplexity cumulative": ("openai_chat", S.perplexity, False),
    "responses logprobs": ("openai_responses", S.responses_logprobs, False),
    "anthropic ping and error": ("anthropic", S.anthropic_error_and_ping, False),
    "cohere v2": ("generic", S.cohere_v2, False),
    "ndjson other provider": ("generic", S.ndjson_other, True),
    "non-JSON data lines": ("generic", S.plain_data, False),
}


@pytest.mark.parametrize("name", list(SHAPES))
@pytest.mark.parametrize("size", [1, 3, 7])
def test_no_field_reassembles_a_secret(inspector, name, size):
    surface, build, ndjson = SHAPES[name]
    body = build(frags(TEXT, size))
    assert leaks(body, ndjson), "the shape must carry the secret raw"
    m = make_masker(surface, inspector, ndjson=ndjson)
    out = S.run(m, body, size=size * 4 + 5)
    assert not leaks(out, ndjson), (name, out[:600])
    assert not m.stopped, m.stop_reason
    assert {f.rule for f in m.findings} >= {"aws-access-key-id", "github-pat-classic"}


def test_cumulative_field_stays_cumulative_and_masked(inspector):
    m = make_masker("openai_chat", inspector)
    out = S.run(m, S.perplexity(frags(TEXT, 4)))
    chunks = [json.loads(d) for _, d in S.read_sse(out) if d != "[DONE]"]
    whole = [c["choices"][0]["message"]["content"] for c in chunks if "message" in c["choices"][0]]
    assert all(b.startswith(a) for a, b in itertools.pairwise(whole))  # each repeats the text so far
    deltas = "".join(c["choices"][0]["delta"].get("content") or "" for c in chunks)
    assert whole[-1] == deltas and "[MASKED:aws-access-key-id:" in deltas


def test_logprob_bytes_follow_the_masked_token(inspector):
    out = S.run(make_masker("openai_chat", inspector), S.chat_logprobs(frags(TEXT, 2)))
    for _, data in S.read_sse(out):
        if data == "[DONE]":
            continue
        for entry in (json.loads(data)["choices"][0].get("logprobs") or {}).get("content", []):
            assert bytes(entry["bytes"]).decode() == entry["token"]


@pytest.mark.parametrize("kind", ["comment", "id", "event"])
def test_sse_lines_whole_secret_is_masked(inspector, kind):
    m = make_masker("generic", inspector)
    out = S.run(m, S.sse_lines([f"x {AKID} y"], kind))
    assert not leaks(out) and b"[MASKED:aws-access-key-id:" in out and not m.stopped


@pytest.mark.parametrize("kind", ["comment", "id", "event"])
def test_sse_lines_split_secret_stops_the_stream(inspector, kind):
    m = make_masker("generic", inspector)
    out = S.run(m, S.sse_lines(frags(f"x {AKID} y", 5), kind))
    assert not leaks(out) and m.stopped and b"exitguard_blocked" in out


def test_unknown_ndjson_error_line_is_json(inspector):
    m = make_masker("generic", inspector, ndjson=True, max_holdback=10)
    out = S.run(m, S.ndjson_other(["AKIA" + "A" * 30]))
    assert m.stopped and json.loads(out.splitlines()[-1])["error"]["code"] == "exitguard_holdback_exceeded"


def test_unknown_shape_text_is_whole_and_flushed_before_its_end_event(inspector):
    text = "Hello there, nothing secret here."
    out = S.run(make_masker("generic", inspector), S.cohere_v2(frags(text, 4)), size=9)
    events = [(name, json.loads(data)) for name, data in S.read_sse(out)]
    deltas = [e["delta"]["message"]["content"]["text"] for name, e in events if name == "content-delta"]
    assert "".join(deltas) == text
    names = [name for name, _ in events]
    assert names[-2:] == ["content-end", "message-end"]  # held-back text went out before the end event


@pytest.mark.parametrize("wrapped", [True, False])
@pytest.mark.parametrize("size", [1, 5])
def test_bedrock_event_stream_is_masked_and_reframed(inspector, wrapped, size):
    body = S.bedrock(frags(TEXT, size), wrapped)
    m = make_masker("generic", inspector, framing="eventstream")
    out = S.run(m, body, size=size * 7 + 3)
    assert not m.stopped, m.stop_reason
    events = S.read_eventstream(out)  # every CRC checks out
    blob = json.dumps(events)
    assert AKID not in blob and PAT not in blob and AKID.encode() not in out
    texts = "".join((e.get("delta") or {}).get("text", "") for e in events)
    assert "[MASKED:aws-access-key-id:" in texts and texts.endswith(" done.")


def test_bedrock_event_stream_header_values_are_masked_and_reframed(inspector):
    from addons.formats import eventstream

    event = json.dumps({"type": "message_stop"}).encode()
    body = eventstream.encode([(":event-type", 7, b"chunk"), (":message-type", 7, b"event"),
                               ("x-upstream-note", 7, f"key {PAT}".encode()), ("x-flag", 0, True)], event)
    m = make_masker("generic", inspector, framing="eventstream")
    out = S.run(m, body, size=7)
    assert not m.stopped, m.stop_reason
    (message,) = eventstream.EventStreamParser().feed(out)  # re-framed: the CRCs check out
    assert PAT.encode() not in out and message.payload == event
    assert message.header("x-upstream-note").startswith("key [MASKED:github-pat-classic:")
    assert message.header(":event-type") == "chunk" and ("x-flag", 0, True) in message.headers
    assert [f.location for f in m.findings] == ["stream:header.x-upstream-note"]


def test_bedrock_bad_checksum_ends_with_an_exception(inspector):
    body = bytearray(S.bedrock(["hello"]))
    body[20] ^= 1
    m = make_masker("generic", inspector, framing="eventstream")
    out = S.run(m, bytes(body))
    assert m.stopped and S.read_eventstream(out)[-1]["exception"] == "exitguard_unparseable"


def test_several_tokens_per_event_are_joined_in_order(inspector):
    """Fragments of one channel inside one event (a logprobs list of several tokens) keep their order."""
    tokens = frags(TEXT, 2)
    chunks = [tokens[i:i + 3] for i in range(0, len(tokens), 3)]
    body = b"".join(S._chat_chunk({"delta": {"content": "".join(c)}, "logprobs": {"content": [
        {"token": t, "logprob": -0.1, "bytes": list(t.encode()), "top_logprobs": []} for t in c]}})
        for c in chunks) + b"data: [DONE]\n\n"
    m = make_masker("openai_chat", inspector)
    out = S.run(m, body, size=11)
    assert not leaks(out)
    token_text = "".join(e["token"] for _, d in S.read_sse(out) if d != "[DONE]"
                         for e in (json.loads(d)["choices"][0].get("logprobs") or {}).get("content", []))
    content = "".join(json.loads(d)["choices"][0]["delta"].get("content") or "" for _, d in S.read_sse(out)
                      if d != "[DONE]")
    assert token_text == content and "[MASKED:aws-access-key-id:" in content
