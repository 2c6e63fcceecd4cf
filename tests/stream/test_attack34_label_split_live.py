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


def chat_answer(text: str):
    """The stand-in model's whole answer holding `text` (shared by the live tests of carriers: prose49, sov56)."""
    def answer(req) -> Reply:
        return Reply.json({"id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": "gpt-4o",
                           "choices": [{"index": 0, "finish_reason": "stop",
                                        "message": {"role": "assistant", "content": text}}],
                           "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}})
    return answer


def values_stay_out_of_the_three_places(tmp_path, upstream, text: str, secrets: list[str], prose: str = "",
                                       proxy_args: tuple[str, ...] = ()) -> None:
    """`text` through a real mitmdump with the real openai SDK: the agent's request to the model (the upstream gets
    none of `secrets`, and a mask), the model's answer whole and streamed in pieces of 1 to 5 characters (the client
    gets none, and a mask; `prose`, if given, begins and ends the answer unmasked), and every byte the proxy wrote
    (the record, the index, its log). `proxy_args`: more options for the proxy (an opt-in rules pack)."""
    proxy = harness.start_proxy(tmp_path / "p", upstream, "--set", f"exitguard_record_dir={tmp_path / 'rec'}",
                                *proxy_args)
    try:
        # 1. the agent's request to the model
        upstream.route("POST", "/v1/chat/completions", chat_answer(text))
        answer = run_client(OPENAI_ASK, proxy, ASK=text)
        (sent,) = [r for r in upstream.received if r.path == "/v1/chat/completions"]
        body = sent.body.decode("utf-8")
        assert [s for s in secrets if s in body or json.dumps(s)[1:-1] in body] == []
        assert "MASKED" in body
        # 2. the model's answer, whole
        assert [s for s in secrets if s in answer["text"]] == [] and "MASKED" in answer["text"]
        # 3. the model's answer, streamed in pieces of 1 to 5 characters
        fragments, at, size = [], 0, 0
        while at < len(text):
            size = size % 5 + 1
            fragments.append(text[at:at + size])
            at += size
        stream = S.openai_chat(fragments)
        upstream.route("POST", "/v1/chat/completions", lambda req: Reply(
            200, {"content-type": "text/event-stream; charset=utf-8"},
            chunks=[(stream[i:i + 512], 0.0) for i in range(0, len(stream), 512)]))
        out = run_client(OPENAI_STREAM, proxy)
        assert out.get("ended") and "error" not in out, out
        assert [s for s in secrets if s in out["text"]] == [] and "MASKED" in out["text"]
        assert out["text"].startswith(prose) and out["text"].endswith(prose)  # the prose around them unmasked
        assert proxy.stop() == 0
        # 4. every byte the proxy wrote: the record, the index, the log
        written = harness.written(tmp_path / "rec").decode("utf-8", "replace") + proxy.log
        assert [s for s in secrets if s in written or json.dumps(s)[1:-1] in written] == []
    finally:
        proxy.stop()


def test_the_widened_carriers_are_masked_in_requests_answers_and_streams(tmp_path, upstream):
    secrets = _values(TEXT)
    assert len(secrets) == len(CARRIERS)
    values_stay_out_of_the_three_places(tmp_path, upstream, TEXT, secrets)
