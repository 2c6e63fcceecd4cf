"""stream36, live: a real mitmdump, a local upstream streaming an OpenAI chat answer, the real openai SDK and curl.
The answer's first line runs into a CSV (`Sure: app,client_secret` / `billing,Quokka!Dune55`), ~1.6 KB of prose
follow, then a CSV on its own lines whose password the whole text's scan masks, and more prose. Before stream36
the SDK got an APIError ("could not be masked in time") ~256 characters after the first CSV; now the answer
arrives whole, masked as the whole text is, as valid SSE of valid JSON events, and the second CSV's password is in
neither the client's text, the record nor the log."""

from __future__ import annotations

import json

import pytest

from tests.live.harness import Reply
from tests.stream import streams as S
from tests.stream.sdk_and_curl import stream_to_sdk_and_curl
from tests.stream.test_live_stream import masked_text
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
    out, written = stream_to_sdk_and_curl(tmp_path, upstream, want)
    assert PASSWORD not in written and PASSWORD not in json.dumps(out)
    assert "could not be masked in time" not in written
