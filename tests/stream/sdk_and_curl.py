"""One streamed chat answer through a real recording mitmdump to two real clients, the openai SDK and curl: both
must get it whole, as the scan of the whole text masks it, as valid SSE of valid JSON events ending in `[DONE]`.
Shared by the live tests of answers that once stopped mid-stream (stream34, stream36)."""

from __future__ import annotations

import json

from tests.live import harness
from tests.live.harness import run_client
from tests.stream.test_live_stream import OPENAI_STREAM, norm


def stream_to_sdk_and_curl(tmp_path, upstream, want: str) -> tuple[dict, str]:
    """The SDK's result and every byte the proxy wrote (recording and log), once both clients got ``want``."""
    proxy = harness.start_proxy(tmp_path, upstream, "--set", f"exitguard_record_dir={tmp_path / 'rec'}")
    try:
        out = run_client(OPENAI_STREAM, proxy, timeout=120)
        assert out.get("ended") and "error" not in out, out.get("message")
        assert out.get("finish") == "stop"
        assert norm(out["text"]) == want

        done = harness.curl(proxy, "-N", "-X", "POST", "-H", "content-type: application/json",
                            "-H", "authorization: Bearer sk-test-placeholder",
                            "--data", '{"model": "gpt-4o", "stream": true}',
                            "https://api.openai.com/v1/chat/completions", timeout=120)
        assert done.returncode == 0, done.stderr
        events = [e for e in done.stdout.decode().split("\n\n") if e.strip()]
        datas = [line[len("data: "):] for e in events for line in e.split("\n") if line.startswith("data: ")]
        assert datas[-1] == "[DONE]"
        chunks = [json.loads(d) for d in datas[:-1]]  # every event is valid JSON
        got = "".join(c["choices"][0]["delta"].get("content") or "" for c in chunks)
        assert norm(got) == want
        assert proxy.stop() == 0
        return out, harness.written(tmp_path / "rec").decode("latin-1") + proxy.log
    finally:
        proxy.stop()
