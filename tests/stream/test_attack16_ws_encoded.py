"""Attack (attack16): a key base64-, hex- or base32-encoded in a WebSocket message (the agent's realtime session to
a guarded host). The masker reads a message's text as written; the buffered guard decodes such runs in a body, so
the same key sent in a POST was masked and over the WebSocket went upstream. Shipped rules, default policy,
through the Streaming addon."""

from __future__ import annotations

import base64
import json

import pytest
from mitmproxy import websocket

from tests.stream.support import SECRETS
from tests.stream.test_attack_split_records import addon, rt, websocket_flow  # noqa: F401  (fixtures)

KEY = SECRETS["aws-access-key-id"]
SPELLED = {"base64": base64.b64encode(KEY.encode()).decode(),
           "base64 of token=": base64.b64encode(f"token={KEY}".encode()).decode(),
           "base64url": base64.urlsafe_b64encode(KEY.encode()).decode().rstrip("="),
           "hex": KEY.encode().hex(), "base32": base64.b32encode(KEY.encode()).decode()}


async def send(addon, text: str, from_client: bool = True) -> bytes:  # noqa: F811
    f = websocket_flow()
    data = json.dumps({"type": "conversation.item.create",
                       "item": {"content": [{"type": "input_text", "text": text}]}})
    f.websocket.messages.append(websocket.WebSocketMessage(websocket.Opcode.TEXT, from_client, data.encode()))
    await addon.websocket_message(f)
    return f.websocket.messages[-1].content


@pytest.mark.parametrize("name", sorted(SPELLED))
@pytest.mark.parametrize("from_client", [True, False], ids=["to the upstream", "to the agent"])
async def test_an_encoded_key_in_a_websocket_message_is_masked(rt, addon, name, from_client):  # noqa: F811
    sent = await send(addon, f"note {SPELLED[name]}.", from_client)
    assert SPELLED[name].encode() not in sent and KEY.encode() not in sent, sent
    assert json.loads(sent)["item"]["content"][0]["text"].startswith("note [MASKED:aws-access-key-id:")


async def test_encoded_data_without_a_key_passes_as_it_came(rt, addon):  # noqa: F811
    audio = base64.b64encode(bytes(range(256)) * 40).decode()  # realtime audio: base64 of binary
    caption = base64.b64encode(b"an ordinary caption for user@example.com").decode()
    for text in (audio, caption):
        sent = await send(addon, text)
        assert json.loads(sent)["item"]["content"][0]["text"] == text
