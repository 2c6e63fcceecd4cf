"""stream36, live: a real mitmdump, a local upstream streaming an OpenAI chat answer, the real openai SDK and curl.
The answer's first line runs into a CSV (`Sure: app,client_secret` / `billing,Quokka!Dune55`), ~1.6 KB of prose
follow, then a CSV on its own lines whose password the whole text's scan masks, and more prose. Before stream36
the SDK got an APIError ("could not be masked in time") ~256 characters after the first CSV; now the answer
arrives whole, masked as the whole text is, as valid SSE of valid JSON events, and the second CSV's password is in
neither the client's text, the record nor the log."""

from __future__ import annotations

import json

import pytest

from tests.live import harness
from tests.live.harness import Reply, run_client
from tests.stream import streams as S
from tests.stream.test_live_stream import OPENAI_STREAM, masked_text, norm
from tests.stream.test_stream34_held_open import fragments
from tests.stream.test_stream36_glued_rows import PROSE

pytestmark = pytest.mark.live

PASSWORD = "Heron!Lake27"
TEXT = (f"Sure: app,client_secret\nbilling,Quokka!Dune55\n{PROSE}\n\nThe export:\n\nusername,password,role\n"
        f"owlet,{PASSWORD},admin\n\n{PROSE}")


def route(upstream) -> None:
    body = S.openai_chat(fragments(TEXT, 36))
    upstream.route("POST", "/v1/chat/completions", lambda req: Reply(
        200, {"content-type": "text/event-stream; charset=utf-8"},
        chunks=[(body[i:i + 512], 0.0) for i in range(0, len(body), 512)]))


def test_an_answer_whose_first_line_runs_into_a_csv_reaches_the_sdk_and_curl_whole(tmp_path, upstream):
    route(upstream)
    want = masked_text(TEXT)
    assert PASSWORD not in want and "[MASKED:generic-password-csv]" in want  # the whole text's scan masks it
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
        written = harness.written(tmp_path / "rec").decode("latin-1") + proxy.log
        assert PASSWORD not in written and PASSWORD not in json.dumps(out)
        assert "could not be masked in time" not in written
    finally:
        proxy.stop()
