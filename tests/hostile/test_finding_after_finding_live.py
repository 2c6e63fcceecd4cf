"""Live (leak34): a credential on the lines right after another finding, through a real mitmdump with the bundle, the
shipped rules and the default policy, httpx as the agent. Each text (the pairs test_finding_after_finding.py sweeps,
each missed before leak34) goes up as a chat message's content and as tool-call arguments (JSON in JSON), and comes
back as an SSE answer cut into odd chunks. Checked: what the upstream received, what the client received, and every
byte the proxy wrote (the record folder: .mitm files and the audit index; the proxy's own output)."""

from __future__ import annotations

import itertools
import json
import time
from urllib.parse import quote

import pytest

from tests.hostile.test_finding_after_finding import STREAM_PAIRS, _pair
from tests.live import harness
from tests.live.harness import Reply, run_client
from tests.stream import streams as S

pytestmark = pytest.mark.live

PAIRS = [_pair(*pair) for pair in STREAM_PAIRS]
TEXTS = [head.text + "\n" + tail.text for head, tail in PAIRS]
# The values the request policy masks (the heads' too); the answer's are the tails' (an e-mail in an answer is allowed).
REQUEST_VALUES = sorted({v for head, tail in PAIRS for v in (*head.values, *tail.values)})
ANSWER_VALUES = sorted({v for _head, tail in PAIRS for v in tail.values})

CLIENT = """
import json, os, httpx
texts = json.loads(os.environ["TEXTS"])
out = {}
with httpx.Client(timeout=30) as c:
    for i, text in enumerate(texts):
        body = {"model": "gpt-4o", "messages": [
            {"role": "user", "content": text},
            {"role": "assistant", "tool_calls": [{"id": "call_1", "type": "function",
             "function": {"name": "save", "arguments": json.dumps({"note": text})}}]}]}
        r = c.post("https://api.openai.com/v1/chat/completions", json=body, headers={"x-case": str(i)})
        out[str(i)] = {"status": r.status_code, "json": r.json()}
        r = c.post("https://api.openai.com/v1/chat/completions", json={**body, "stream": True},
                   headers={"x-case": f"{i}-stream"})
        out[f"{i}-stream"] = {"status": r.status_code, "text": r.text}
print(json.dumps(out))
"""


def forms(value: str) -> list[bytes]:
    """As sent, JSON-escaped once and twice (tool-call arguments), percent-encoded."""
    once = json.dumps(value)[1:-1]
    return [value.encode(), once.encode(), json.dumps(once)[1:-1].encode(), quote(value, safe="").encode()]


def written_forms(value: str) -> list[bytes]:
    """``forms`` for the bytes the proxy wrote. A value under 6 characters (`Hash::make('4821')`'s PIN) is looked for
    with the 10 characters before it in its text: four digits alone turn up in a recording's timestamps by chance
    (1764948213.5 holds 4821)."""
    if len(value) >= 6:
        return forms(value)
    return [f for text in TEXTS for at in [text.find(value)] if at >= 0
            for f in forms(text[max(0, at - 10):at + len(value)])]


def answer(req) -> Reply:
    case = req.headers.get("x-case", "0")
    text = TEXTS[int(case.split("-")[0])]
    if not case.endswith("-stream"):
        return Reply(200, {"content-type": "application/json"}, json.dumps({
            "id": "x", "object": "chat.completion", "created": 1, "model": "gpt-test", "choices": [
                {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": text}}]}).encode())
    fragments = [text[i:i + 7] for i in range(0, len(text), 7)]  # a delta every 7 chars, values cut
    body = S.openai_chat(fragments)
    cuts = [*range(0, len(body), 97), len(body)]  # network reads cut inside events
    return Reply(200, {"content-type": "text/event-stream"},
                 chunks=[(body[a:b], 0.01) for a, b in itertools.pairwise(cuts)])


def test_a_credential_after_another_finding_goes_nowhere(tmp_path, upstream):
    upstream.route("POST", "/v1/chat/completions", answer)
    rec = tmp_path / "rec"
    proxy = harness.start_proxy(tmp_path, upstream, "--set", f"exitguard_record_dir={rec}")
    try:
        out = run_client(CLIENT, proxy, TEXTS=json.dumps(TEXTS))
        sent = b"".join(r.body for r in upstream.received)
        assert [v[:3] for v in REQUEST_VALUES if any(f in sent for f in forms(v))] == []
        assert {case: r["status"] for case, r in out.items()} == \
            {case: 200 for i in range(len(TEXTS)) for case in (str(i), f"{i}-stream")}
        assert len(upstream.received) == 2 * len(TEXTS)
        assert sent.count(b"[MASKED:generic-password-directive:") >= 4  # two texts, content and arguments
        got = json.dumps(out).encode()
        assert [v[:3] for v in ANSWER_VALUES if any(f in got for f in forms(v))] == []
        assert json.dumps(out).count("[MASKED:generic-password-directive:") >= 4  # two texts, buffered and streamed
        time.sleep(0.5)
        assert proxy.stop() == 0
        written = harness.written(rec) + proxy.log.encode()
        assert any(p.suffix == ".mitm" for p in rec.rglob("*")), sorted(p.name for p in rec.rglob("*"))
        assert [v[:3] for v in REQUEST_VALUES if any(f in written for f in written_forms(v))] == []
    finally:
        proxy.stop()
