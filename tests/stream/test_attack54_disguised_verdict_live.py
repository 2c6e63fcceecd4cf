"""Live (attack54): a device's token whose keep-it sentence is disguised by a zero-width space ("Don't sh\\u200bare
it"), streamed through a real recording mitmdump to the openai SDK and curl, a delta ending inside the sentence. The
whole text's scan reads the undisguised view and masks the token; before, the stream's value hold-back read the text
as written, let the token out and then stopped ("could not be masked in time"). Checked: both clients get the whole
text as its scan masks it (valid SSE of valid JSON events), and the token is in neither client's text, the record
nor the log (unit: test_attack54_disguised_verdict.py)."""

from __future__ import annotations

import json

import pytest

from tests.live.harness import Reply
from tests.stream import streams as S
from tests.stream.sdk_and_curl import stream_to_sdk_and_curl
from tests.stream.test_live_stream import masked_text

pytestmark = pytest.mark.live

TOKEN = "quollfescue"
TEXT = f"Crew: the gate app now opens with {TOKEN}. Don't sh\u200bare it with visitors. Thanks."


def test_a_token_whose_keep_it_sentence_is_disguised_reaches_no_client_nor_record(tmp_path, upstream):
    cut = TEXT.index("sh\u200b") + 3  # the delta ends after the zero-width space
    body = S.openai_chat([TEXT[:cut], TEXT[cut:cut + 6], TEXT[cut + 6:]])
    upstream.route("POST", "/v1/chat/completions", lambda req: Reply(
        200, {"content-type": "text/event-stream; charset=utf-8"}, chunks=[(e + b"\n\n", 0.05)
                                                                          for e in body.split(b"\n\n") if e]))
    want = masked_text(TEXT)
    assert TOKEN not in want and "[MASKED:" in want
    out, written = stream_to_sdk_and_curl(tmp_path, upstream, want)
    assert TOKEN not in written and TOKEN not in json.dumps(out)
