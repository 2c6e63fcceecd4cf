import json

import pytest

from addons.stream.masker import StreamMasker
from tests.stream import streams as S
from tests.stream.support import BLOCKED, PEM, SECRETS, make_inspector, make_masker, make_policy, masked

TEXT = (f"Use {SECRETS['aws-access-key-id']} with password: {SECRETS['password-assignment']} "
        f"and write to {SECRETS['email-address']}.\n{PEM}\nDone.")
ARGS = json.dumps({"token": SECRETS["github-pat-classic"], "note": "ok"})
ALL_SECRETS = [*SECRETS.values(), "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC"]


@pytest.fixture(scope="module")
def inspector():
    return make_inspector()


def fragments(text, size):
    return [text[i:i + size] for i in range(0, len(text), size)]


BUILDERS = {
    "openai_chat": lambda f, a: S.openai_chat(f, a),
    "anthropic": lambda f, a: S.anthropic(f, a),
    "openai_responses": lambda f, a: S.responses(f),
    "gemini": lambda f, a: S.gemini(f),
    "ollama": lambda f, a: S.ollama(f),
}


@pytest.mark.parametrize("surface", list(BUILDERS))
@pytest.mark.parametrize("frag_size", [1, 3, 17])
def test_secrets_split_over_events_are_masked(inspector, surface, frag_size):
    body = BUILDERS[surface](fragments(TEXT, frag_size), fragments(ARGS, frag_size))
    m = make_masker(surface, inspector, ndjson=surface == "ollama")
    out = S.run(m, body, size=frag_size * 5 + 3)
    got = S.client_text(surface, out)
    assert got["text"] == masked(inspector, TEXT)
    assert not any(s.encode() in out for s in ALL_SECRETS)
    if "args" in got:
        assert json.loads(got["args"]) == {"token": "[MASKED:github-pat-classic:69930c]", "note": "ok"}
    assert not m.stopped and m.coverage["status"] == "scanned"
    assert {f.rule for f in m.findings} >= {"aws-access-key-id", "password-assignment", "email-address",
                                            "private-key"}
    assert all(f.location.startswith("stream:") and f.direction == "response" for f in m.findings)
    # `start` is the absolute offset of the value in its channel's text.
    channels = {f"stream:{name}": ch.raw_full() for name, ch in m.channels.items()}
    in_channels = [f for f in m.findings if f.location in channels]
    assert in_channels and all(inspector.fingerprinter.digest(channels[f.location][f.start:f.end]) == f.fingerprint
                               for f in in_channels)


@pytest.mark.slow  # ~1,000 full stream runs per surface
@pytest.mark.parametrize("surface", ["openai_chat", "anthropic", "openai_responses"])
def test_secret_split_at_every_byte_boundary(inspector, surface):
    text = f"key {SECRETS['aws-access-key-id']} end"
    body = BUILDERS[surface](fragments(text, 4), fragments('{"a": "' + SECRETS['aws-access-key-id'] + '"}', 5))
    want = masked(inspector, text)
    for cut in range(1, len(body)):
        m = make_masker(surface, inspector)
        out = S.run(m, body, chunks=[cut])
        assert S.client_text(surface, out)["text"] == want
        assert SECRETS["aws-access-key-id"].encode() not in out


def test_one_byte_chunks_keep_framing_and_end_of_stream(inspector):
    body = S.openai_chat(fragments(TEXT, 2), fragments(ARGS, 2))
    out = S.run(make_masker("openai_chat", inspector), body, size=1)
    assert out.endswith(b"data: [DONE]\n\n")
    body = S.anthropic(fragments(TEXT, 2))
    out = S.run(make_masker("anthropic", inspector), body, size=1)
    names = [n for n, _ in S.read_sse(out)]
    assert names[-2:] == ["message_delta", "message_stop"] and "ping" in names


def test_responses_done_events_repeat_the_masked_text(inspector):
    out = S.run(make_masker("openai_responses", inspector), S.responses(fragments(TEXT, 5)), size=40)
    got = S.client_text("openai_responses", out)
    assert got["text"] == got["done"] == got["completed"] == masked(inspector, TEXT)


def test_prose_is_not_held_back(inspector):
    m = make_masker("openai_chat", inspector)
    body = S.openai_chat(["Hello there. ", "How are ", "you today?"])
    events = body.split(b"\n\n")
    first = m.feed(events[0] + b"\n\n" + events[1] + b"\n\n")
    assert S.client_text("openai_chat", b"".join(first))["text"] == "Hello there. "
    second = m.feed(events[2] + b"\n\n")
    assert S.client_text("openai_chat", b"".join(second))["text"] == "How are "


def test_unchanged_events_pass_byte_for_byte(inspector):
    body = b"id: 1\nevent: x\ndata: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi. \"}}]}\n\n: keep\n\n"
    assert S.run(make_masker("openai_chat", inspector), body, size=7) == body


def test_held_text_is_flushed_in_a_copy_of_the_last_text_event(inspector):
    body = S.anthropic(["ends with a word"])
    out = S.run(make_masker("anthropic", inspector), body)
    deltas = [json.loads(d) for n, d in S.read_sse(out) if n == "content_block_delta"]
    assert [d["delta"]["text"] for d in deltas] == ["ends with a ", "word"]
    assert all(d["index"] == 0 for d in deltas)


@pytest.mark.parametrize("surface, tail_check", [
    ("openai_chat", lambda out, events: '"error"' in events[-1][1] and b"[DONE]" not in out),
    ("anthropic", lambda out, events: events[-1][0] == "error" and json.loads(events[-1][1])["type"] == "error"
     and b"message_stop" not in out),
    ("openai_responses", lambda out, events: events[-1][0] == "error"
     and json.loads(events[-1][1])["type"] == "error" and b"response.completed" not in out),
])
def test_block_ends_the_stream_with_the_apis_error_event(inspector, surface, tail_check):
    text = f"First part is fine. Then {BLOCKED} and more text"
    body = BUILDERS[surface](fragments(text, 4), None)
    m = make_masker(surface, inspector, help_text="See the audit.")
    out = S.run(m, body, size=9)
    events = S.read_sse(out)
    assert tail_check(out, events)
    assert BLOCKED.encode() not in out and b"stripe-live-secret" in out
    assert "First part is fine." in S.client_text(surface, out.rsplit(b"\n\n", 2)[0] + b"\n\n").get("text", "")
    assert m.stopped and m.decision == "block" and m.coverage["status"] == "stream_stopped"
    assert m.feed(b"data: more\n\n") == [] and m.finish() == []


def test_holdback_cap_fails_closed(inspector):
    m = make_masker("openai_chat", inspector, max_holdback=64)
    body = S.openai_chat(["ok -----BEGIN PRIVATE KEY-----\n"] + ["MIIEvQIBAD"] * 10)
    out = S.run(m, body)
    assert m.stopped and b"exitguard_holdback_exceeded" in out and b"[DONE]" not in out
    assert b"MIIEvQIBAD" not in out and b"ok " in out


def test_unparseable_event_fails_closed(inspector):
    m = make_masker("anthropic", inspector)
    out = S.run(m, b'event: content_block_delta\ndata: {"type": "content_bl\n\n')
    assert m.stopped and m.decision == "block" and b"could not be parsed" in out


def test_exception_inside_fails_closed():
    def broken(*a, **kw):
        raise RuntimeError("scanner exploded")

    m = StreamMasker("openai_chat", broken)
    out = S.run(m, S.openai_chat(["hello "]))
    assert m.stopped and m.decision == "error" and b"exitguard_internal_error" in out and b"hello" not in out


def test_generic_text_stream_and_sniffing(inspector):
    body = f"data: token {SECRETS['aws-access-key-id'][:9]}\n\ndata: {SECRETS['aws-access-key-id'][9:]} x\n\n".encode()
    out = S.run(make_masker("generic", inspector), body, size=3)
    assert b"".join(d.encode() for _, d in S.read_sse(out)) == b"token [MASKED:aws-access-key-id:80369b] x"
    m = make_masker("generic", inspector)
    S.run(m, S.anthropic(["a b"]))
    assert m.surface == "anthropic"


def test_report_only_changes_nothing_but_records(inspector):
    body = S.openai_chat(fragments(TEXT, 3))
    m = make_masker("openai_chat", inspector, report_only=True)
    assert S.run(m, body, size=11) == body
    assert {f.rule for f in m.findings} >= {"aws-access-key-id", "private-key"}
    blocked = S.openai_chat(fragments(f"x {BLOCKED} y", 3))
    m = make_masker("openai_chat", inspector, report_only=True)
    assert S.run(m, blocked) == blocked and m.decision == "block" and not m.stopped


def test_secret_as_bare_json_number_in_tool_arguments_stays_valid_json():
    inspector = make_inspector(make_policy())
    args = '{"pin": 4111111111111111, "mail": "bob.smith@acmecorp.io"}'
    out = S.run(make_masker("openai_chat", inspector), S.openai_chat([], fragments(args, 3)))
    assert json.loads(S.client_text("openai_chat", out)["args"])["mail"].startswith("[MASKED:email-address")


def test_cut_off_stream_never_sends_held_text(inspector):
    body = S.openai_chat(["the key is AKIAIOSF", "ODNN7EXAMPLQ and"])
    cut = body.index(b"ODNN7")
    m = make_masker("openai_chat", inspector)
    out = b"".join(m.feed(body[:cut]))  # the upstream dies here: finish() is never called
    assert b"AKIAIOSF" not in out and b"the key is " in out


def test_event_larger_than_the_limit_fails_closed(inspector):
    m = make_masker("openai_chat", inspector, max_event_bytes=1000)
    out = b"".join(m.feed(b'data: {"choices":[{"index":0,"delta":{"content":"' + b"a " * 600))
    assert m.stopped and b"too large" in out
