"""Attacks on the recording of values split over stream events and WebSocket messages (attack3). A value the
policy lets through (PII in answers) streamed in pieces is found by the stream masker, which reads a channel's events
as one text, and passes; the recording's scrub masks each message or the stream's text alone. WebSocket messages
were recorded piece by piece, raw; a stream's body was kept when the scrub found as many values of the rule
elsewhere (a short base64 run in another event). The stream masker now says when such a value crossed an event
or message (metakeys.SPLIT_LEFT) and the record keeps neither that body nor those messages."""

from __future__ import annotations

import base64
import json

import pytest
from mitmproxy import websocket
from mitmproxy.test import taddons, tflow

from addons.audit import scrub
from addons.core import metakeys
from addons.stream.streaming import Streaming
from tests.stream import streams as S
from tests.stream.support import SECRETS, installed, make_inspector, make_policy
from tests.stream.test_streaming_addon import drive, sse_flow

EMAIL = SECRETS["email-address"]
OTHER = "ann@example.org"  # base64: a 20-character run in another event


@pytest.fixture
def rt():
    policy = make_policy(actions={"request": {"secret": "mask", "pii": "mask"},
                                  "response": {"secret": "mask", "pii": "allow"}})
    with installed(make_inspector(policy)) as rt:
        yield rt


@pytest.fixture
def addon():
    a = Streaming()
    with taddons.context(a):
        yield a


def websocket_flow():
    f = tflow.twebsocketflow()
    f.websocket.messages.clear()  # the test flow comes with messages of its own
    f.metadata[metakeys.HOST_CLASS] = "guarded"
    return f


def recorded_messages(flow, rt) -> list[tuple[bool, bytes]]:
    return [(m.from_client, m.content) for m in scrub.record_copy(flow, rt).websocket.messages]


@pytest.mark.parametrize("json_messages", [False, True])
async def test_an_allowed_value_split_over_websocket_messages_is_not_recorded(rt, addon, json_messages):
    f = websocket_flow()
    f.websocket.messages.append(websocket.WebSocketMessage(websocket.Opcode.TEXT, True, b"hello from the client. "))
    await addon.websocket_message(f)
    for part in ["write to ", EMAIL[:8], EMAIL[8:], " today. "]:
        data = json.dumps({"type": "response.text.delta", "output_index": 0, "delta": part}) if json_messages \
            else part
        f.websocket.messages.append(websocket.WebSocketMessage(websocket.Opcode.TEXT, False, data.encode()))
        await addon.websocket_message(f)
    addon.websocket_end(f)
    assert EMAIL[:8].encode() in f.websocket.messages[2].content  # allowed: the client got it
    assert f.metadata[metakeys.SPLIT_LEFT] == {"response": ["email-address"]}
    messages = recorded_messages(f, rt)
    assert messages[0] == (True, b"hello from the client. ")  # the other direction is kept
    assert all(content == scrub.SPLIT_NOT_KEPT.encode() for from_client, content in messages[1:])


async def test_an_allowed_value_in_one_websocket_message_is_masked_and_kept(rt, addon):
    f = websocket_flow()
    for part in ["write to ", f"{EMAIL} today. "]:
        f.websocket.messages.append(websocket.WebSocketMessage(websocket.Opcode.TEXT, False, part.encode()))
        await addon.websocket_message(f)
    assert metakeys.SPLIT_LEFT not in f.metadata
    messages = recorded_messages(f, rt)
    assert messages[0][1] == b"write to " and messages[1][1].startswith(b"[MASKED:email-address:")


async def streamed_answer(addon, words: list[str]):
    f = sse_flow()
    await addon.responseheaders(f)
    drive(f.response.stream, S.openai_chat(words), 7)
    await addon.response(f)
    return f


async def test_a_split_answer_is_not_recorded_even_with_a_value_of_the_rule_elsewhere(rt, addon):
    other = base64.b64encode(OTHER.encode()).decode()
    f = await streamed_answer(addon, ["Write to ", EMAIL[:8], EMAIL[8:], f" today, ref {other}."])
    assert EMAIL[:8].encode() in f.response.content  # allowed: the client got it
    assert f.metadata[metakeys.SPLIT_LEFT] == {"response": ["email-address"]}
    record = scrub.record_copy(f, rt)
    assert EMAIL[:8].encode() not in record.response.raw_content
    assert EMAIL[8:].encode() not in record.response.raw_content


async def test_an_answer_with_the_value_in_one_event_is_kept_masked(rt, addon):
    f = await streamed_answer(addon, ["Write to ", f"{EMAIL} today", "."])
    assert metakeys.SPLIT_LEFT not in f.metadata
    record = scrub.record_copy(f, rt)
    assert EMAIL.encode() not in record.response.raw_content and b"[MASKED:email-address:" in \
        record.response.raw_content
