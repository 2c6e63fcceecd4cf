"""attack20: attack19's hold of a trailing encoded run (`encoded.tail_safe_end`) held a run only while *all* of it
decoded to ASCII and only up to 256 characters. A key's base64 after a few non-ASCII bytes (`\\xff\\xfe\\xfd` + key),
or after 240 bytes of padding, cut a few characters before its end over two WebSocket messages: all but the key's
last characters left in the first message, and the joined run was only found once those had gone. Now the end of
such a run that decodes to ASCII is held (at any alignment when the run began out of sight)."""

from __future__ import annotations

import base64
import random

import pytest
from mitmproxy.test import taddons

from addons.stream.streaming import Streaming
from tests import decodings
from tests.stream.test_attack19_encoded_split import AWS, send_messages
from tests.sweeps import sampled


@pytest.fixture
def addon():
    a = Streaming()
    with taddons.context(a):
        yield a


CARRIERS = {
    "binary_head": base64.b64encode(b"\xff\xfe\xfd" + AWS.encode()).decode(),
    "binary_head_hex": (b"\xff\xfe" + AWS.encode()).hex(),
    "long_ascii_head": base64.b64encode(b"x" * 240 + b" key " + AWS.encode()).decode(),
    "long_binary_head": base64.b64encode(random.Random(7).randbytes(300) + b"key " + AWS.encode()).decode(),
}


def readable_prefix(text: str) -> int:
    return decodings.readable_prefix(text, AWS)


@pytest.mark.sweep_sample(lambda back, name, from_client: sampled(back, name, from_client))
@pytest.mark.parametrize("back", [3, 6, 10])
@pytest.mark.parametrize("name", sorted(CARRIERS))
@pytest.mark.parametrize("from_client", [True, False], ids=["to the upstream", "to the agent"])
async def test_a_keys_encoding_cut_near_its_end_leaves_no_more_than_its_first_characters(rt, addon, name, back,
                                                                                         from_client):
    spelled = CARRIERS[name]
    assert readable_prefix(spelled) == len(AWS)  # the check reads the carrier
    received, _ended = await send_messages(addon, [f"keep this: {spelled[:-back]}", f"{spelled[-back:]} thanks."],
                                           from_client)
    assert readable_prefix(received) <= 4, (received[-120:], _ended)  # at most "AKIA", what every such key starts with


async def test_base64_audio_messages_pass_as_they_came(rt, addon):
    # Random bytes' base64 sent raw, message after message: its end decodes to ASCII rarely and briefly.
    audio = base64.b64encode(random.Random(8).randbytes(30_000)).decode()
    pieces = [audio[i:i + 997] for i in range(0, len(audio), 997)] + ["done."]
    received, ended = await send_messages(addon, pieces, True)
    assert not ended
    assert received.startswith(audio)
