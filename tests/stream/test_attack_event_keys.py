"""Attack (attack3): the stream masker read only the values of an event's JSON, as json.loads gives them. A key
is text the other side reads too: `{"AKIA...": 1}` in a WebSocket message from the agent went upstream raw (and in an
answer's event to the client). Two members with one key (`"text": "<key>", "text": "hi"`) were read as the last
one and the event went on as it came, the first value unscanned. Keys are now scanned, duplicates stop the stream."""

from __future__ import annotations

import json

from mitmproxy import websocket

from tests.stream import streams as S
from tests.stream.support import SECRETS, make_masker
from tests.stream.test_attack_split_records import addon, rt, websocket_flow  # noqa: F401  (fixtures)

KEY = SECRETS["aws-access-key-id"]


async def test_a_key_in_a_json_key_of_a_websocket_message_is_masked_both_ways(rt, addon):  # noqa: F811
    for from_client in (True, False):
        f = websocket_flow()
        data = json.dumps({"type": "conversation.item.create", KEY: 1,
                           "item": {"content": [{"type": "input_text", "text": "hi. ", f"note {KEY}": {KEY: 2}}]}})
        f.websocket.messages.append(websocket.WebSocketMessage(websocket.Opcode.TEXT, from_client, data.encode()))
        await addon.websocket_message(f)
        sent = f.websocket.messages[-1].content
        assert KEY.encode() not in sent
        assert json.loads(sent)["item"]["content"][0]["text"] == "hi. "  # the rest as it was
        assert sent.count(b"[MASKED:aws-access-key-id:") == 3


def test_a_key_in_a_json_key_of_a_streamed_event_is_masked():
    m = make_masker("openai_chat")
    body = S.openai_chat(["hi ", "there. "]).replace(b'"choices"', f'"{KEY}": 1, "choices"'.encode(), 1)
    out = b"".join(m.feed(body) + m.finish())
    assert KEY.encode() not in out and b"[MASKED:aws-access-key-id:" in out and out.endswith(b"data: [DONE]\n\n")


async def test_a_repeated_key_in_a_websocket_message_ends_the_connection(rt, addon):  # noqa: F811
    f = websocket_flow()
    data = ('{"type": "conversation.item.create", "item": {"content": [{"type": "input_text", "text": "' + KEY
            + '", "text": "hi. "}]}}')
    f.websocket.messages.append(websocket.WebSocketMessage(websocket.Opcode.TEXT, True, data.encode()))
    await addon.websocket_message(f)
    assert f.websocket.messages[-1].dropped  # not sent; the connection is ended
    assert f.metadata["exitguard.coverage"][-1]["status"] == "stream_stopped"
    assert KEY not in json.dumps(f.metadata)


def test_a_repeated_key_in_a_streamed_event_stops_the_stream():
    m = make_masker("openai_chat")
    event = b'data: {"choices": [{"index": 0, "delta": {"content": "' + KEY.encode() + b'", "content": "hi"}}]}\n\n'
    out = b"".join(m.feed(event) + m.finish())
    assert KEY.encode() not in out and b"exitguard_ambiguous_event" in out and m.stopped
