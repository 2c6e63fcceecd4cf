"""attack21: what a WebSocket message of the agent's carries that the stream masker did not read, while the same bytes
as a request body are refused or masked by the guard.

- A binary message that is not UTF-8 JSON was scanned as its bytes read one for a character (Latin-1): a key written
  in UTF-16 (NULs between its letters), gzip'd or zlib'd, or base64'd beside a byte that is no UTF-8 went upstream.
  A binary body's printable strings (UTF-16 too), its compressed parts and their encoded runs are read
  (`formats.open_strings_decoded`); now a binary message's are too, and a finding there (it cannot be rewritten)
  ends the connection.
- A JSON message's values were read without the key they sit under: `{"aws_secret_access_key": "<40>"}`,
  `{"db_password": "..."}`, `{"name": "DB_PASSWORD", "value": "..."}`, a card number or a numeric password written
  as a JSON number. The guard reads a body's values under their keys (`Inspector.inspect_field`, `contexts_of`)
  and its long integers; an agent's message is now read the same way.
- An empty message raised in the masker (`out[-1]` of nothing): the hook failed closed and the connection ended.
"""

from __future__ import annotations

import base64
import gzip
import json
import math
import random
import struct
import zlib

import pytest
from mitmproxy import websocket
from mitmproxy.test import taddons

from addons.formats.sniff import printable_runs
from addons.stream.streaming import Streaming
from tests import fakes
from tests.stream.test_attack_password_words import rt  # noqa: F401  (fixture: the shipped rules and policy)
from tests.stream.test_attack_split_records import websocket_flow

PAT = fakes.github_pat(72)
AWS = fakes.aws_key_id(2)
AWS_SECRET = fakes.aws_secret(3)
PASSWORD = "Tr0ub4dor&3xyz"
CARD = "4111111111111111"


@pytest.fixture
def addon(rt):  # noqa: F811
    a = Streaming()
    with taddons.context(a):
        yield a


async def send(addon, messages: list[str | bytes], from_client: bool = True):
    """Each message through the hook; the flow and what went on (None: dropped, the connection ended)."""
    f = websocket_flow()
    out: list[bytes | None] = []
    for data in messages:
        opcode = websocket.Opcode.BINARY if isinstance(data, bytes) else websocket.Opcode.TEXT
        raw = data if isinstance(data, bytes) else data.encode()
        f.websocket.messages.append(websocket.WebSocketMessage(opcode, from_client, raw))
        await addon.websocket_message(f)
        m = f.websocket.messages[-1]
        out.append(None if m.dropped else m.content)
        if m.dropped:
            break
    addon.websocket_end(f)
    return f, out


def readings(data: bytes, secret: str) -> bool:
    """Whether the secret can be read out of data: as written, in UTF-16, inflated, or base64-decoded."""
    texts = [data, data.replace(b"\x00", b"")]
    for unpack in (gzip.decompress, zlib.decompress):
        try:
            texts.append(unpack(data))
        except (OSError, zlib.error, EOFError):
            pass
    for word in data.split():
        try:
            texts.append(base64.b64decode(word, validate=True))
        except ValueError:
            pass
    return any(secret.encode() in t for t in texts)


BINARY = {
    "utf16le": ("key " + PAT + " end").encode("utf-16-le"),
    "utf16_bom": ("key " + AWS + " end").encode("utf-16"),
    "utf16be": ("key " + PAT + " end").encode("utf-16-be"),
    "utf16le_json": json.dumps({"type": "conversation.item.create", "text": "key " + PAT}).encode("utf-16-le"),
    "gzip": gzip.compress(("key " + PAT).encode(), mtime=0),
    "zlib": zlib.compress(("key " + PAT).encode()),
    "base64_beside_binary": b"\x00\x01\x02 " + base64.b64encode(("key " + AWS).encode()) + b" \xff",
    "base64_in_utf8_text": b"note: " + base64.b64encode(("key " + AWS).encode()) + b" \xc3\xa9",
}


@pytest.mark.parametrize("name", sorted(BINARY))
@pytest.mark.parametrize("from_client", [True, False])
async def test_a_key_in_a_binary_message_never_goes_on(addon, name, from_client):
    data = BINARY[name]
    secret = AWS if AWS.encode("utf-16-le") in data or AWS.encode("utf-16-be") in data or "base64" in name else PAT
    assert readings(data, secret)  # the attacker's own check can read it
    _f, out = await send(addon, [data], from_client)
    sent = [m for m in out if m is not None]
    assert not any(readings(m, secret) for m in sent), sent


@pytest.mark.parametrize("data", [bytes(range(256)) * 8, b"\x00\x01" * 500, "caf\u00e9 au lait".encode("utf-16-le"),
                                  gzip.compress(b"hello, just some text", mtime=0)])
async def test_a_binary_message_without_a_key_goes_on_as_it_came(addon, data):
    f, out = await send(addon, [data])
    assert out == [data] and f.error is None


KEYED = {
    "aws_secret_under_its_key": (json.dumps({"type": "session.update", "aws_secret_access_key": AWS_SECRET}),
                                 AWS_SECRET),
    "password_under_its_key": (json.dumps({"type": "session.update", "db_password": PASSWORD}), PASSWORD),
    "password_named_by_its_sibling": (json.dumps({"type": "x", "env": [{"name": "DB_PASSWORD", "value": PASSWORD}]}),
                                      PASSWORD),
    "card_as_a_number": ('{"type": "conversation.item.create", "card": ' + CARD + ', "t": "x"}', CARD),
    "numeric_password": ('{"type": "session.update", "db_password": 48392017}', "48392017"),
    "card_as_a_float": ('{"type": "x", "n": ' + CARD + '.0}', CARD),
    "as_a_delta": (json.dumps({"type": "x.delta", "db_password": PASSWORD}), PASSWORD),
}


@pytest.mark.parametrize("name", sorted(KEYED))
async def test_a_value_known_by_its_key_in_an_agents_message_is_masked(addon, name):
    message, secret = KEYED[name]
    _f, out = await send(addon, [message, '{"type": "response.create"}'])
    sent = b"".join(m for m in out if m is not None)
    assert secret.encode() not in sent, sent
    assert out[0] is not None and b"[MASKED:" in out[0]
    json.loads(out[0])  # still JSON


async def test_an_agents_message_with_ordinary_keys_and_numbers_goes_on_as_it_came(addon):
    message = json.dumps({"type": "session.update", "session": {"instructions": "answer in French",
                                                               "max_response_output_tokens": 4096,
                                                               "created": 1700000000, "temperature": 0.8}})
    f, out = await send(addon, [message])
    assert out == [message.encode()] and f.error is None


@pytest.mark.parametrize("from_client", [True, False])
async def test_an_empty_message_does_not_end_the_connection(addon, from_client):
    after = json.dumps({"type": "conversation.item.create", "text": "hello"})
    f, out = await send(addon, ["", after, b""], from_client)
    assert None not in out and out[0] == out[2] == b"" and f.error is None
    if from_client:  # (the vendor's complete messages are held as deltas: ws_messages.py)
        assert out[1] == after.encode()


def quiet_pcm(seconds: float, seed: int = 5) -> bytes:
    """16-bit PCM of a quiet 30 Hz tone (amplitude 60) with a little noise: samples of 32-126 read as UTF-16 text."""
    rng = random.Random(seed)
    samples = (int(60 * math.sin(2 * math.pi * 30 * i / 24000) + rng.gauss(0, 1)) for i in range(int(24000 * seconds)))
    return b"".join(struct.pack("<h", s) for s in samples)


async def test_quiet_audio_in_binary_messages_goes_on_as_it_came(rt, addon):  # noqa: F811
    """Its UTF-16 strings hold what the IP address and phone rules read by chance (checked below, so this test can
    fail): printable strings of bytes are read for secrets only."""
    audio = quiet_pcm(2)
    chunks = [audio[i:i + 9600] for i in range(0, len(audio), 9600)]
    by_chance = {f.rule for chunk in chunks for runs in printable_runs(chunk) if runs.encoding != "ascii"
                 for f in rt.inspector.inspect_text(runs.text, "request", "t").findings}
    assert by_chance & {"ipv6-address", "phone-international"}, by_chance
    f, out = await send(addon, chunks)
    assert out == chunks and f.error is None


HELD_SPLITS = {
    # a complete message, then a delta of another field: the joined edges (split_fields.py) end the connection
    "complete_then_delta": [json.dumps({"type": "conversation.item.create", "text": "key " + PAT[:20]}),
                            json.dumps({"type": "x.delta", "delta": PAT[20:] + " ok"})],
    # a type that only looks like a delta's ("x.delta " with a blank, upper case): complete, scanned whole
    "delta_look_alike": [json.dumps({"type": "x.delta ", "delta": "key " + PAT[:20]}),
                         json.dumps({"type": "X.DELTA", "delta": PAT[20:] + " ok"})],
    # the type in a nested field only
    "nested_type": [json.dumps({"event": {"type": "x.delta"}, "delta": "key " + PAT[:20]}),
                    json.dumps({"event": {"type": "x.delta"}, "delta": PAT[20:] + " ok"})],
}


@pytest.mark.parametrize("name", sorted(HELD_SPLITS))
async def test_held_a_key_split_over_complete_and_delta_messages_never_goes_on_whole(addon, name):
    """Held before attack21 too (pinned): whichever way a message's type is spelled, the halves are read joined."""
    _f, out = await send(addon, HELD_SPLITS[name])
    sent = b"".join(m for m in out if m is not None)
    assert PAT.encode() not in sent and not (PAT[:20].encode() in sent and PAT[20:].encode() in sent), sent
