"""attack19: base64 or hex of a key (or of a note holding one) split over two WebSocket messages or two SSE events.
attack16 decodes the runs of each WebSocket message, and the stream masker joins a plain key split over messages,
but not both: each message's part of the run decoded to noise alone and the joined run was never decoded, so the
key went out in two pieces (agent -> guarded host, and a streamed answer -> agent). Now the stream masker decodes the
runs of the text it scans (`core/encoded_keys.py`), and holds back a message's trailing run while it may still be
base64 or hex of ASCII text (`encoded.tail_safe_end`; audio and other binary decode to non-ASCII at once).
Shipped rules, default policy, through the Streaming addon. Live: `test_live_websocket.py`."""

from __future__ import annotations

import base64
import json

import pytest
from mitmproxy import websocket
from mitmproxy.test import taddons, tflow

from addons.core import metakeys
from addons.stream.streaming import Streaming
from tests import decodings
from tests.stream import streams as S
from tests.stream.test_streaming_addon import drive, sse_flow
from tests.sweeps import sampled

AWS = "AKIA" + "QYLPMN5HHHFPMJ7Q"  # made up: an AWS key id's shape
NOTE = f"aws_access_key_id={AWS} for the deploy job"
SPELLED = {"base64": base64.b64encode(NOTE.encode()).decode(),
           "base64 of the key alone": base64.b64encode(AWS.encode()).decode(),
           "base64url": base64.urlsafe_b64encode(NOTE.encode()).decode().rstrip("="),
           "hex": NOTE.encode().hex()}


def exposed(text: str, key: str = AWS) -> bool:
    return decodings.exposed(text, key)


@pytest.fixture
def addon():
    a = Streaming()
    with taddons.context(a):
        yield a


def delta(text: str) -> bytes:
    return json.dumps({"type": "response.text.delta", "output_index": 0, "delta": text}).encode()


async def send_messages(addon, pieces: list[str], from_client: bool) -> tuple[str, bool]:
    """What the other side received, joined, and whether the proxy ended the connection."""
    f = tflow.twebsocketflow()
    f.websocket.messages.clear()
    f.metadata[metakeys.HOST_CLASS] = "guarded"
    received = []
    for piece in pieces:
        f.websocket.messages.append(websocket.WebSocketMessage(websocket.Opcode.TEXT, from_client, delta(piece)))
        await addon.websocket_message(f)
        message = f.websocket.messages[-1]
        if message.dropped:
            return "".join(received), True
        received.append(json.loads(message.content)["delta"])
    return "".join(received), False


CUTS = [2, 5, 8, 12, 13, 17, 21, 30]


@pytest.mark.sweep_sample(lambda cut, label, from_client: sampled(cut, label, from_client))
@pytest.mark.parametrize("cut", CUTS)
@pytest.mark.parametrize("label", sorted(SPELLED))
@pytest.mark.parametrize("from_client", [True, False], ids=["to the upstream", "to the agent"])
async def test_an_encoded_key_split_over_two_websocket_messages_never_leaves_whole(rt, addon, label, cut,
                                                                                 from_client):
    spelled = SPELLED[label]
    received, ended = await send_messages(addon, [f"keep this: {spelled[:cut]}", f"{spelled[cut:]} thanks."],
                                          from_client)
    assert not exposed(received), (received, ended)
    assert exposed(f"keep this: {spelled} thanks.")  # the check reads the spelling


@pytest.mark.parametrize("label", sorted(SPELLED))
async def test_an_encoded_key_split_over_sse_events_never_reaches_the_agent(rt, addon, label):
    spelled = SPELLED[label]
    pieces = ["Here it is: ", spelled[:10], spelled[10:23], spelled[23:], " done."]
    f = sse_flow()
    await addon.responseheaders(f)
    sent = drive(f.response.stream, S.openai_chat(pieces), 64)
    text = "".join(json.loads(line[6:])["choices"][0]["delta"].get("content", "")
                   for line in sent.decode().splitlines() if line.startswith("data: {"))
    assert not exposed(text), text


async def test_audio_and_ordinary_text_pass_as_they_came(rt, addon):
    audio = base64.b64encode(bytes(range(256)) * 8).decode()  # realtime audio: base64 of binary
    pieces = [audio[:700], audio[700:1500], audio[1500:], "The answer is 42 ", "and the rest ", "of the sentence"]
    received, ended = await send_messages(addon, pieces, True)
    assert not ended
    assert received.startswith(audio + "The answer is 42 and the rest ")
