"""stream34, live: a real mitmdump, a local upstream streaming an OpenAI chat answer, the real openai SDK and curl.
The answer pipes passwords into `docker login --password-stdin` and `openconnect --passwd-on-stdin`, shows the
first lines of a private key with no END line, a BEGIN line followed by prose, and ~9.6 KB of prose after them
(past the hold-back's cap of 8,192 characters). Before stream34 the SDK got an APIError
(`exitguard_holdback_exceeded`) after the first command; now the answer arrives whole, masked as the whole text
is, as valid SSE with valid JSON events, and no masked value is in the client's text, the record, the index or
the log."""

from __future__ import annotations

import json
import re

import pytest

from tests.live.harness import Reply
from tests.stream import streams as S
from tests.stream.sdk_and_curl import stream_to_sdk_and_curl
from tests.stream.test_live_stream import masked_text
from tests.stream.test_stream34_held_open import BEGIN, LONG, PROSE, fragments, key_lines

pytestmark = pytest.mark.live

LINES = key_lines(34, 5)
PASSWORDS = ["Gannet~Moor48", "gorse ledger quince", "Kestrel!Quay73"]
TEXT = ("Log in without the password on the command line:\n"
        f"echo '{PASSWORDS[0]}' | docker login registry.corp.test -u ci --password-stdin\n"
        f"printf '%s\\n' '{PASSWORDS[1]}' | docker login -u ci --password-stdin\n"
        f"echo '{PASSWORDS[2]}' | sudo openconnect --user=ops --passwd-on-stdin vpn.corp.test\n"
        f"The key you pasted begins:\n{BEGIN}\n" + "\n".join(LINES) + "\n\n"
        f"An RSA key file starts with\n{BEGIN}\nand its body follows. " + PROSE + LONG)


def route(upstream) -> None:
    body = S.openai_chat(fragments(TEXT, 34))
    upstream.route("POST", "/v1/chat/completions", lambda req: Reply(
        200, {"content-type": "text/event-stream; charset=utf-8"},
        chunks=[(body[i:i + 1024], 0.0) for i in range(0, len(body), 1024)]))


def test_a_long_answer_after_held_open_matches_reaches_the_sdk_and_curl_whole(tmp_path, upstream):
    route(upstream)
    want = masked_text(TEXT)
    assert not any(value in want for value in PASSWORDS + LINES)  # the whole text's scan masks them all
    out, written = stream_to_sdk_and_curl(tmp_path, upstream, want)
    assert [value for value in PASSWORDS + LINES if value in written or value in json.dumps(out)] == []
    assert re.search(r"MASKED:private-key", written) and "generic-password-stdin-pipe" in written
