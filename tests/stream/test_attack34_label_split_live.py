"""attack34, live: the carriers attack34 widened (a label line with blank lines or CRLF before its value, a CDATA
<Pass>, single-quoted KeePass attributes, Übergangspasswort) in the three places an agent's traffic carries them,
through a real mitmdump with the real openai SDK: its request to the model (the upstream must not get the value),
the model's answer whole and the model's answer streamed in pieces of 1 to 5 characters (the client must not get
it); nor may the record or the log hold it."""

from __future__ import annotations

import json

import pytest

from tests.live import harness
from tests.live.harness import Reply, run_client
from tests.stream import streams as S
from tests.stream.test_attack34_label_split import CARRIERS, _values
from tests.stream.test_live_stream import OPENAI_STREAM

pytestmark = pytest.mark.live

TEXT = "\n\nAnything else?\n\n".join(f"Sure, here it is:\n{carrier}" for carrier in CARRIERS)

OPENAI_ASK = """
import json, os, openai
client = openai.OpenAI(api_key="sk-test-placeholder", base_url="https://api.openai.com/v1", max_retries=0)
r = client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": os.environ["ASK"]}])
print(json.dumps({"text": r.choices[0].message.content}))
"""


def _answer(req) -> Reply:
    return Reply.json({"id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": "gpt-4o",
                       "choices": [{"index": 0, "finish_reason": "stop",
                                    "message": {"role": "assistant", "content": TEXT}}],
                       "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}})


def test_the_widened_carriers_are_masked_in_requests_answers_and_streams(tmp_path, upstream):
    secrets = _values(TEXT)
    assert len(secrets) == len(CARRIERS)
    proxy = harness.start_proxy(tmp_path / "p", upstream, "--set", f"exitguard_record_dir={tmp_path / 'rec'}")
    try:
        # 1. the agent's request to the model
        upstream.route("POST", "/v1/chat/completions", _answer)
        answer = run_client(OPENAI_ASK, proxy, ASK=TEXT)
        (sent,) = [r for r in upstream.received if r.path == "/v1/chat/completions"]
        assert [s for s in secrets if s in sent.body.decode("utf-8")] == []
        assert "MASKED" in sent.body.decode("utf-8")
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
        assert proxy.stop() == 0
        written = harness.written(tmp_path / "rec").decode("utf-8", "replace") + proxy.log
        assert [s for s in secrets if s in written or json.dumps(s)[1:-1] in written] == []
    finally:
        proxy.stop()
