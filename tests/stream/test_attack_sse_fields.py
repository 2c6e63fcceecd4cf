"""Attack (attack4): SSE lines the stream masker did not read. Comment, `event` and `id` lines were channels and `data`
the event; every other line went to the client as it came: `retry:`, a field a browser ignores (`x-note: ...`), a line
with no colon (all of it is a field name), a UTF-8 BOM in the middle of the stream (`\\ufeffdata: ...` is a field
named so). A client that reads the bytes (curl, a raw httpx stream, a log) read the key. Each such line's name and
value are now scanned too (shipped rules, default policy, through the Streaming addon)."""

from __future__ import annotations

import pytest

from addons.core import metakeys
from tests import fakes
from tests.stream import streams as S
from tests.stream.test_attack_password_words import addon, rt  # noqa: F401  (fixtures)
from tests.stream.test_streaming_addon import drive, sse_flow

AKID = fakes.aws_key_id(52)
PAT = fakes.github_pat(53)
BASE = S.openai_chat(["hello ", "world. "])
LINES = {
    "retry": f"retry: {AKID}\n\n".encode(),
    "unknown field": f"x-note: {AKID}\n\n".encode(),
    "unknown field in a data event": f"x-note: see {PAT}\ndata: {{}}\n\n".encode(),
    "a line with no colon": f"{AKID}\n\n".encode(),
    "a field named by a key": f"{PAT}: 1\n\n".encode(),
    "a BOM mid-stream": f"\ufeffdata: {AKID}\n\n".encode(),
}


async def answer(addon, body: bytes):  # noqa: F811
    f = sse_flow()
    await addon.responseheaders(f)
    sent = drive(f.response.stream, body, 7)
    await addon.response(f)
    return f, sent


@pytest.mark.parametrize("where", ["first", "last"])
@pytest.mark.parametrize("name", sorted(LINES))
async def test_a_key_on_any_sse_line_is_masked(rt, addon, name, where):  # noqa: F811
    line = LINES[name]
    done = b"data: [DONE]\n\n"
    body = b": open\n\n" + line + BASE if where == "first" else BASE.replace(done, line + done)
    f, sent = await answer(addon, body)
    assert AKID.encode() not in sent and PAT.encode() not in sent, sent
    assert b"[MASKED:" in sent and sent.endswith(b"data: [DONE]\n\n")
    assert f.metadata[metakeys.DECISION] == "mask"
    assert S.client_text("openai_chat", sent)["text"] == "hello world. "  # the answer itself as it was


async def test_a_retry_line_without_a_key_is_sent_as_it_came(rt, addon):  # noqa: F811
    body = b"retry: 3000\nx-trace: abc-123\n\n" + BASE
    f, sent = await answer(addon, body)
    assert sent == body and f.metadata[metakeys.DECISION] == "allow"

