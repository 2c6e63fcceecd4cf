"""WebSocket messages complete in themselves versus delta streams (stream/ws_messages.py). A complete message
(`conversation.item.create`, `session.update`, a JSON type exitguard does not know) is scanned whole and sent
whole; only a delta stream (`*.delta`, `input_audio_buffer.append`) holds its end for the next message, and what it
holds goes out by the stream's `.done` event. Before: every message was a delta, so `the root password is` went out
as `the root password ` and `is` waited for a message that never came."""

from __future__ import annotations

import json

import pytest
from mitmproxy import websocket

from addons.stream import ws_messages
from tests import fakes
from tests.stream.test_attack_password_words import addon, rt  # noqa: F401  (fixtures)
from tests.stream.test_attack_split_records import websocket_flow

PAT = fakes.github_pat(72)
HELD = "the root password is"


@pytest.mark.parametrize(("obj", "delta"), [
    ({"type": "response.text.delta", "delta": "x"}, True),
    ({"type": "response.audio_transcript.delta", "delta": "x"}, True),
    ({"type": "response.function_call_arguments.delta", "delta": "x"}, True),
    ({"type": "conversation.item.input_audio_transcription.delta", "delta": "x"}, True),
    ({"type": "input_audio_buffer.append", "audio": "AAAA"}, True),
    ({"type": "conversation.item.create", "item": {}}, False),
    ({"type": "session.update", "session": {}}, False),
    ({"type": "response.create"}, False),
    ({"type": "response.text.done", "text": "x"}, False),
    ({"type": "something.new", "text": "x"}, False),  # unknown: whole (holding can lose, scanning whole cannot)
    ({"text": "no type"}, False),
    (["a", "list"], False),
    (None, True),  # not JSON: plain text is one stream over the messages (no type says a message is complete)
    ("a JSON string", True),
])
def test_which_messages_are_deltas(obj, delta):
    assert ws_messages.is_delta(obj) is delta


async def send(addon, f, data: str, from_client: bool = True) -> str | None:  # noqa: F811
    f.websocket.messages.append(websocket.WebSocketMessage(websocket.Opcode.TEXT, from_client, data.encode()))
    await addon.websocket_message(f)
    m = f.websocket.messages[-1]
    return None if m.dropped else m.text


@pytest.mark.parametrize("message", [
    {"type": "conversation.item.create", "item": {"content": [{"type": "input_text", "text": HELD}]}},
    {"type": "session.update", "session": {"instructions": HELD}},
    {"type": "something.new", "note": HELD},
])
async def test_a_complete_message_is_sent_whole(rt, addon, message):  # noqa: F811
    f = websocket_flow()
    assert await send(addon, f, json.dumps(message)) == json.dumps(message)
    addon.websocket_end(f)
    assert not f.error


async def test_a_complete_message_is_masked_in_place(rt, addon):  # noqa: F811
    f = websocket_flow()
    text = f"use {PAT} now; {HELD}"
    got = await send(addon, f, json.dumps({"type": "conversation.item.create",
                                           "item": {"content": [{"type": "input_text", "text": text}]}}))
    sent = json.loads(got)["item"]["content"][0]["text"]
    assert PAT not in sent and sent.startswith("use [MASKED:github-pat-classic:") and sent.endswith(HELD)


async def test_a_key_split_over_two_complete_messages_never_reaches_the_upstream_whole(rt, addon):  # noqa: F811
    f = websocket_flow()
    for part in (f"key {PAT[:14]}", f"{PAT[14:]} ok"):
        if await send(addon, f, json.dumps({"type": "conversation.item.create",
                                            "item": {"content": [{"type": "input_text", "text": part}]}})) is None:
            break
    got = "".join(m.text for m in f.websocket.messages if not m.dropped)
    assert not (PAT[:14] in got and PAT[14:] in got) and f.error is not None


async def test_a_delta_streams_held_end_goes_out_by_its_done_event(rt, addon):  # noqa: F811
    """The server's deltas hold `is`; the `.done` event ends the channel: the held end reaches the client (in the
    `.done` event's own full text at least, never lost), and the connection goes on."""
    f = websocket_flow()
    deltas = [await send(addon, f, json.dumps({"type": "response.text.delta", "output_index": 0, "content_index": 0,
                                               "delta": part}), from_client=False)
              for part in ("the root ", "password is")]
    done = await send(addon, f, json.dumps({"type": "response.text.done", "output_index": 0, "content_index": 0,
                                            "text": "the root password is"}), from_client=False)
    assert not f.error and None not in deltas and done is not None
    streamed = "".join(json.loads(d)["delta"] for d in deltas)
    assert streamed == "the root password " and json.loads(done)["text"] == HELD  # the deltas held `is`
    addon.websocket_end(f)


async def test_a_delta_streams_held_end_at_the_close_is_noted(rt, addon):  # noqa: F811
    """No `.done` came: what the deltas held is not sent (a message cannot be made up after the close), and the
    record says so."""
    from addons.core import metakeys

    f = websocket_flow()
    await send(addon, f, json.dumps({"type": "response.text.delta", "delta": HELD}), from_client=False)
    addon.websocket_end(f)
    assert any("held back" in c["reason"] for c in f.metadata[metakeys.COVERAGE])


async def test_the_vendors_complete_messages_still_hold_a_key_begun_at_their_end(rt, addon):  # noqa: F811
    """Whole messages are the agent's only: a key the vendor echoes over two `error` messages never reaches the agent,
    not even its first half."""
    f = websocket_flow()
    for text in (f"bad key {PAT[:15]}", f"{PAT[15:]} retry"):
        if await send(addon, f, json.dumps({"type": "error", "error": {"message": text}}), from_client=False) is None:
            break
    got = "".join(m.text for m in f.websocket.messages if not m.dropped)
    assert PAT[:15] not in got and PAT[15:] not in got, got
