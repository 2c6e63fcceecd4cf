"""sov56, live: passwords before the word that names them (generic-password-value-first) through a real mitmdump with
the real openai SDK, in the three places: the agent's request to the model (the upstream must not get the values),
the model's answer whole and streamed in pieces of 1 to 5 characters (the client must not get them; the prose
around them arrives unmasked), and every byte the proxy wrote (the record and the index, and its log)."""

from __future__ import annotations

import json

import pytest

from tests.live import harness
from tests.live.harness import Reply, run_client
from tests.stream import streams as S
from tests.stream.test_attack34_label_split_live import OPENAI_ASK
from tests.stream.test_live_stream import OPENAI_STREAM
from tests.stream.test_sov56_value_first_stream import CARRIERS, RULE

# The proxy loads the shipped rules, which do not hold the opt-in rule (rules/opt-in/value-first.yaml).
pytestmark = [pytest.mark.live, pytest.mark.xfail(strict=True, reason="generic-password-value-first is opt-in, "
                                                  "not in the shipped rules")]

PROSE = "Notes: build x86_64 runs on the new cluster tonight, call 4829 for the hall."
TEXT = "\n\n".join([PROSE, *(f"Sure:\n{carrier}" for carrier in CARRIERS), PROSE])


def _answer(req) -> Reply:
    return Reply.json({"id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": "gpt-4o",
                       "choices": [{"index": 0, "finish_reason": "stop",
                                    "message": {"role": "assistant", "content": TEXT}}],
                       "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}})


def test_values_before_their_word_are_masked_in_requests_answers_streams_and_the_record(tmp_path, upstream):
    from addons.detect import Scanner

    secrets = [TEXT[f.start:f.end] for f in Scanner.default().scan(TEXT) if f.rule_id == RULE]
    assert len(secrets) == len(CARRIERS)
    proxy = harness.start_proxy(tmp_path / "p", upstream, "--set", f"exitguard_record_dir={tmp_path / 'rec'}")
    try:
        # 1. the agent's request to the model
        upstream.route("POST", "/v1/chat/completions", _answer)
        answer = run_client(OPENAI_ASK, proxy, ASK=TEXT)
        (sent,) = [r for r in upstream.received if r.path == "/v1/chat/completions"]
        assert [s for s in secrets if s in sent.body.decode("utf-8") or json.dumps(s)[1:-1] in
                sent.body.decode("utf-8")] == []
        # 2. the model's answer, whole
        assert [s for s in secrets if s in answer["text"]] == [] and "MASKED" in answer["text"]
        # 3. the model's answer, streamed in pieces of 1 to 5 characters
        fragments, at, size = [], 0, 0
        while at < len(TEXT):
            size = size % 5 + 1
            fragments.append(TEXT[at:at + size])
            at += size
        body = S.openai_chat(fragments)
        upstream.route("POST", "/v1/chat/completions", lambda req: Reply(
            200, {"content-type": "text/event-stream; charset=utf-8"},
            chunks=[(body[i:i + 512], 0.0) for i in range(0, len(body), 512)]))
        out = run_client(OPENAI_STREAM, proxy)
        assert out.get("ended") and "error" not in out, out
        assert [s for s in secrets if s in out["text"]] == [] and "MASKED" in out["text"]
        assert out["text"].startswith(PROSE) and out["text"].endswith(PROSE)  # the prose around them unmasked
        assert proxy.stop() == 0
        # 4. every byte the proxy wrote: the record, the index, the log
        written = harness.written(tmp_path / "rec").decode("utf-8", "replace") + proxy.log
        assert [s for s in secrets if s in written or json.dumps(s)[1:-1] in written] == []
    finally:
        proxy.stop()
