"""gate49: does the default stream CPU budget (policy ``stream_cpu_budget``: half a core after 10 s, faults49) ever
cut a normal SDK stream? The real openai SDK streams 2,000 word deltas through a real mitmdump with the shipped
policy, from a loopback upstream writing them as fast as it can (no model pacing at all: the worst case for the
budget short of a flood of tiny events). The answer must arrive whole, with no exitguard error event, and the flow's
record must carry no budget reason."""

from __future__ import annotations

import pytest

from tests.live import harness
from tests.live.harness import run_client
from tests.proxy.test_faults48_slow_answers_live import flows_recorded
from tests.proxy.test_faults49_stream_cpu_budget_live import TinyEvents

pytestmark = pytest.mark.live

WORDS = 2000
STREAM = """
import json, os, time, openai
client = openai.OpenAI(api_key="sk-test", base_url="https://api.openai.com/v1", max_retries=0)
t0 = time.monotonic()
try:
    stream = client.chat.completions.create(model="gpt-4o", stream=True, messages=[{"role": "user", "content": "hi"}])
    text = "".join(c.choices[0].delta.content or "" for c in stream if c.choices)
    print(json.dumps({"text": text, "seconds": time.monotonic() - t0}))
except openai.APIError as e:
    print(json.dumps({"error": type(e).__name__, "message": str(e)[:500]}))
"""


def test_the_default_budget_never_cuts_an_sdk_stream_of_word_deltas_at_full_speed(tmp_path, proxy_factory, upstream):
    records = tmp_path / "records"
    proxy = proxy_factory("--set", f"exitguard_record_dir={records}")
    upstream.route("POST", "/v1/chat/completions", lambda req: harness.Reply(
        200, {"content-type": "text/event-stream"}, chunks=TinyEvents(total=10**9, gap=0.0, count=WORDS)))
    out = run_client(STREAM, proxy, timeout=300)
    assert "error" not in out, out
    assert out["text"] == "".join(f"w{n} " for n in range(WORDS)), out["text"][-200:]
    print(f"gate49: {WORDS} word deltas through the proxy in {out['seconds']:.1f} s")
    assert not any("stream_cpu_budget" in (r.get("reason") or "") for r in flows_recorded(records))
