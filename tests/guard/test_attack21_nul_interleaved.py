"""attack21: a key written as UTF-16 bytes read one for a character, a NUL after (or before) each letter
(`k\\u0000e\\u0000y\\u0000 \\u0000A\\u0000K\\u0000I\\u0000A...`), in a JSON string of a chat message, a text body, a
header or an agent's WebSocket text frame. A body's raw bytes were read as UTF-16 when they hold NULs
(`body._with_other_readings`), but a JSON string's escaped NULs are no NUL bytes, and a WebSocket frame's text was
read as written: the key went upstream (a server that decodes the string as UTF-16 reads it). The spaced-out view
now takes a NUL between single characters as a separator (`disguise._SPACED`, fixed-shape keys only, as every loose
view): the key is masked in place, its NULs with it, by a placeholder with a NUL between its characters
(`placeholders.interleaved_like`), so a UTF-16 reader reads it and the text after it stays aligned."""

from __future__ import annotations

import json

import pytest
from mitmproxy import websocket
from mitmproxy.test import taddons

from addons.core import runtime
from addons.stream.streaming import Streaming
from tests import fakes
from tests.guard.support import OPENAI, Upstream, chat_body, exchange, guard_chain, request_flow, shipped_rules_runtime
from tests.stream.test_attack_split_records import websocket_flow

PAT = fakes.github_pat(81)
AWS = fakes.aws_key_id(82)
SPELLED = {f"{name}-{enc}": (f"use {key} for the deploy").encode(enc).decode()
           for name, key in (("pat", PAT), ("aws", AWS)) for enc in ("utf-16-le", "utf-16-be")}


def exposed(data: str | bytes) -> bool:
    raw = data.encode() if isinstance(data, str) else data
    text = json.loads(raw) if raw[:1] in (b"{", b"[") else raw.decode("utf-8", "replace")
    flat = json.dumps(text).replace("\\u0000", "").encode() + raw.replace(b"\x00", b"")
    return PAT.encode() in flat or AWS.encode() in flat


@pytest.fixture(scope="module")
def shipped(tmp_path_factory) -> runtime.Runtime:
    return shipped_rules_runtime(tmp_path_factory.mktemp("attack21-nul"))


@pytest.fixture
def chain(shipped):
    with guard_chain(shipped) as tctx:
        yield tctx


@pytest.mark.parametrize("label", sorted(SPELLED))
async def test_a_key_interleaved_with_nuls_in_a_json_string_never_reaches_the_upstream(chain, label):
    body = chat_body(SPELLED[label])
    assert exposed(body)  # the check reads the spelling
    flow = request_flow(*OPENAI, body)
    upstream = Upstream()
    await exchange(chain, flow, upstream)
    assert all(not exposed(sent.get_content()) for sent in upstream.received)
    content = json.loads(upstream.received[0].get_text())["messages"][1]["content"]
    enc = label.split("-", 1)[1]
    # masked in place, the placeholder spelled as the value was: the text reads as UTF-16 before and after it
    assert content.encode().decode(enc).startswith("use [MASKED:") and content.encode().decode(enc).endswith(
        " for the deploy"), content


@pytest.mark.parametrize("label", sorted(SPELLED))
async def test_a_key_interleaved_with_nuls_in_a_header_never_reaches_the_upstream(chain, label):
    flow = request_flow(*OPENAI, chat_body("hello"), headers=((b"content-type", b"application/json"),
                                                              (b"x-note", SPELLED[label].encode())))
    upstream = Upstream()
    await exchange(chain, flow, upstream)
    assert all(not exposed(sent.headers.get("x-note", "")) for sent in upstream.received)


@pytest.mark.parametrize("json_message", [False, True])
@pytest.mark.parametrize("label", sorted(SPELLED))
async def test_a_key_interleaved_with_nuls_in_a_websocket_text_frame_never_goes_on(shipped, label, json_message):
    runtime.install(shipped)
    a = Streaming()
    with taddons.context(a):
        f = websocket_flow()
        text = SPELLED[label]
        data = json.dumps({"type": "conversation.item.create", "text": text}) if json_message else text
        f.websocket.messages.append(websocket.WebSocketMessage(websocket.Opcode.TEXT, True, data.encode()))
        try:
            await a.websocket_message(f)
        finally:
            runtime.install(None)
        m = f.websocket.messages[-1]
        assert m.dropped or not exposed(m.content), m.content


async def test_utf16_text_without_a_key_and_nuls_between_words_pass(chain):
    text = "just a note about the deploy, nothing secret".encode("utf-16-le").decode()
    flow = request_flow(*OPENAI, chat_body(text))
    upstream = Upstream()
    await exchange(chain, flow, upstream)
    assert json.loads(upstream.received[0].get_text())["messages"][1]["content"] == text
