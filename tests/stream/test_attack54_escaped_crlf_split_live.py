"""Live (attack54): an answer streamed through a real recording mitmdump to the openai SDK and curl, with an AWS key id
split by an escaped CRLF (`\\r\\n` as text) and a delta ending inside the break (`...AKIA1234\\r\\` then `n...`).
Before, the first piece went out (the hold-back read the lone backslash as the break still arriving) and the stream
then stopped with "could not be masked in time". Checked: both clients get the whole text as its scan masks it
(valid SSE of valid JSON events), and neither piece is in the client's text, the record or the log (unit:
test_attack54_escaped_crlf_split.py)."""

from __future__ import annotations

import json

import pytest

from tests import fakes
from tests.live.harness import Reply
from tests.stream import streams as S
from tests.stream.sdk_and_curl import stream_to_sdk_and_curl
from tests.stream.test_live_stream import masked_text

pytestmark = pytest.mark.live

AWS = fakes.aws_key_id(5454)
TEXT = f"Sure, the key is {AWS[:8]}\\r\\n{AWS[8:]} and that is all."
PIECES = (AWS[:8], AWS[8:])


def test_a_key_split_by_an_escaped_crlf_cut_inside_it_reaches_no_client_nor_record(tmp_path, upstream):
    cut = TEXT.index("\\r\\n") + 3  # the delta ends at `\\r\\`
    body = S.openai_chat([TEXT[:cut], TEXT[cut:cut + 5], TEXT[cut + 5:]])
    upstream.route("POST", "/v1/chat/completions", lambda req: Reply(
        200, {"content-type": "text/event-stream; charset=utf-8"}, chunks=[(e + b"\n\n", 0.05)
                                                                          for e in body.split(b"\n\n") if e]))
    want = masked_text(TEXT)
    assert "[MASKED:aws-access-key-id" in want and not [p for p in PIECES if p in want]
    out, written = stream_to_sdk_and_curl(tmp_path, upstream, want)  # before: an APIError after AWS[:8] went out
    assert not [p for p in PIECES if p in written or p in json.dumps(out)]
