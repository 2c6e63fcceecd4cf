"""Attack (attack4): a key split over two *different* fields of WebSocket messages from the agent. The connection's
masker reassembles each JSON path on its own (a field's fragments in order), so `{"a": "AKIA2HLY"}` then
`{"b": "OSBOHAGKTYZU"}`, or the two halves in two fields or content parts of one message, went upstream as two
harmless pieces once each field went on with other text. The HTTP guard joins such values of one body
(guard/joined.py); the WebSocket path now joins the key-character edges of consecutive values of a connection in the
order they arrive (stream/split_fields.py) and ends the connection when a fixed-shape key crosses two fields.
Shipped rules, default policy, through the Streaming addon."""

from __future__ import annotations

import json

import pytest

from addons.core import metakeys
from tests import fakes
from tests.stream.test_attack_password_words import addon, rt, websocket_messages  # noqa: F401  (fixtures)

AKID = fakes.aws_key_id(62)
PAT = fakes.github_pat(63)


def strings(obj) -> list[str]:
    if isinstance(obj, str):
        return [obj]
    if isinstance(obj, dict):
        return [s for key, value in obj.items() if key != "type" for s in [key, *strings(value)]]
    if isinstance(obj, list):
        return [s for value in obj for s in strings(value)]
    return []


def upstream_text(f) -> str:
    """Every string the upstream got, in order, joined: what it (or whoever reads its logs) can put together."""
    out = []
    for m in f.websocket.messages:
        if m.dropped:
            continue
        try:
            out += strings(json.loads(m.content))
        except ValueError:
            out.append(m.content.decode("utf-8", "replace"))
    return "".join(out)


def msg(**fields) -> str:
    return json.dumps({"type": "input_text.delta", **fields})


CASES = {
    "two fields of one message": [msg(a=AKID[:8], b=AKID[8:]), msg(a=" ok. ", b=" ok. ")],
    "two fields of two messages": [msg(a=f"key {AKID[:8]}"), msg(b=f"{AKID[8:]} and"), msg(a=" ok. ", b=" ok. ")],
    "two content parts": [json.dumps({"type": "conversation.item.create", "item": {"content": [
        {"type": "input_text", "text": PAT[:12]}, {"type": "input_text", "text": PAT[12:]}]}}),
        json.dumps({"type": "conversation.item.create",
                    "item": {"content": [{"type": "input_text", "text": " ok. "}]}})],
    "a text message, then a JSON field": [f"key {AKID[:8]}", msg(text=f"{AKID[8:]} ok. "), "end of it. "],
    "three fields": [msg(a=PAT[:10], b=PAT[10:25], c=PAT[25:]), msg(a=" ok. ", b=" ok. ", c=" ok. ")],
    "two JSON keys": [json.dumps({"type": "x", AKID[:8]: 1}), json.dumps({"type": "x", AKID[8:]: 2})],
}


PIECES = {"two fields of one message": (AKID[:8], AKID[8:]), "two fields of two messages": (AKID[:8], AKID[8:]),
          "two content parts": (PAT[:12], PAT[12:]), "a text message, then a JSON field": (AKID[:8], AKID[8:]),
          "three fields": (PAT[:10], PAT[10:25], PAT[25:]), "two JSON keys": (AKID[:8], AKID[8:])}


@pytest.mark.parametrize("name", sorted(CASES))
async def test_a_key_split_over_two_fields_never_reaches_the_upstream_whole(rt, addon, name):  # noqa: F811
    f = await websocket_messages(addon, CASES[name])
    got = upstream_text(f)
    pieces = PIECES[name]
    assert not all(piece in got for piece in pieces), got  # in whatever order they went out
    # Content parts are one channel (list items without an index), read joined there; a `conversation.item.create` is
    # complete in itself (stream/ws_messages.py): its first part goes out whole, the second completes the key and
    # ends the connection (it was held and masked while every message was a delta, and a held end could be lost).
    assert f.metadata[metakeys.DECISION] == "block"


async def test_fields_that_only_look_alike_go_on(rt, addon):  # noqa: F811
    f = await websocket_messages(addon, [msg(a="model gpt-4o", b="AKIA is a prefix. "), msg(a=" ok. ", b=" ok. "),
                                         "plain text, then ", msg(text="JSON. ")])
    assert not f.error and not any(m.dropped for m in f.websocket.messages)


async def test_a_key_split_between_text_and_a_binary_message_never_reaches_the_upstream_whole(rt, addon):  # noqa: F811
    """Binary messages that are not JSON are scanned whole, alone; their edges are joined with the values around."""
    from mitmproxy import websocket

    from tests.stream.test_attack_split_records import websocket_flow

    f = websocket_flow()
    for data, opcode in ((f"key {AKID[:8]}".encode(), websocket.Opcode.TEXT),
                         (AKID[8:].encode() + b"\x00\xff", websocket.Opcode.BINARY),
                         (b" ok. ", websocket.Opcode.TEXT)):
        f.websocket.messages.append(websocket.WebSocketMessage(opcode, True, data))
        await addon.websocket_message(f)
        if f.error:
            break
    got = b"".join(m.content for m in f.websocket.messages if not m.dropped)
    assert not (AKID[:8].encode() in got and AKID[8:].encode() in got), got
    assert f.metadata[metakeys.DECISION] == "block"
