"""attack49: a key with an invisible character inside it, one the undisguised view did not drop. Only thirteen
characters were dropped (zero-width space / joiners, soft hyphen, word joiner, BOM, ...); every other character
Unicode calls default-ignorable (nothing a text shows: bidi embeddings and isolates U+202A-202E / U+2066-2069,
U+206A-206F, variation selectors, the combining grapheme joiner, Hangul fillers, tags U+E0000-E0FFF, musical
format controls) and a lone surrogate written in a JSON string (`\\ud800`) sent the key whole, in a request to a
guarded host and in a streamed answer (shipped rules, default policy). The view now drops them all; U+FFF9-FFFB
(interlinear annotation marks: format characters, unseen) too."""

from __future__ import annotations

import json

import pytest
from mitmproxy.test import taddons

from addons.guard.guard import Guard
from addons.guard.hostpolicy import HostPolicy
from tests import fakes
from tests.guard.support import OPENAI, Upstream, exchange, request_flow
from tests.stream import streams as S
from tests.stream.test_attack_password_words import (  # noqa: F401  (fixtures)
    addon,
    forwarded,
    rt,
    streamed_answer,
    websocket_messages,
)

AKID = fakes.aws_key_id(49)
INSIDE = {"RLO U+202E": "\u202e", "PDF U+202C": "\u202c", "LRI U+2066": "\u2066", "PDI U+2069": "\u2069",
          "U+206A": "\u206a", "CGJ U+034F": "\u034f", "VS16 U+FE0F": "\ufe0f", "Hangul filler U+3164": "\u3164",
          "Mongolian FVS U+180B": "\u180b", "ALM U+061C": "\u061c", "interlinear U+FFF9": "\ufff9",
          "tag U+E0041": "\U000e0041", "musical U+1D173": "\U0001d173"}


def _chat(raw_content: bytes) -> bytes:
    return b'{"model":"gpt-4o","messages":[{"role":"user","content":"' + raw_content + b'"}]}'


@pytest.mark.parametrize("name", sorted(INSIDE))
async def test_a_key_with_an_ignorable_character_inside_is_masked_in_a_request(rt, name):  # noqa: F811
    body = _chat(json.dumps(f"key {AKID[:8]}{INSIDE[name]}{AKID[8:]} ok", ensure_ascii=False)[1:-1].encode())
    await _assert_masked(body)


async def test_a_key_with_a_lone_surrogate_inside_is_masked_in_a_request(rt):  # noqa: F811
    await _assert_masked(_chat(f"key {AKID[:8]}\\ud800{AKID[8:]} ok".encode()))


async def _assert_masked(body: bytes) -> None:
    upstream = Upstream()
    with taddons.context(HostPolicy(), Guard()) as tctx:  # the module's runtime stays installed
        await exchange(tctx, request_flow(*OPENAI, body), upstream)
    (sent,) = upstream.received
    text = json.loads(sent.raw_content)["messages"][0]["content"]
    assert AKID[8:] not in text and "[MASKED:aws-access-key-id:" in text, ascii(text)


@pytest.mark.parametrize("name", ["RLO U+202E", "VS16 U+FE0F", "tag U+E0041"])
async def test_a_streamed_key_with_an_ignorable_character_inside_is_masked_whole(rt, addon, name):  # noqa: F811
    pieces = ["key " + AKID[:8] + INSIDE[name], AKID[8:] + " ok. ", "and the rest. "]
    _, sent = await streamed_answer(addon, pieces)
    text = S.client_text("openai_chat", sent)["text"]
    assert AKID[:4] not in text and "[MASKED:aws-access-key-id:" in text, ascii(text)
