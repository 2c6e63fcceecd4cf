"""attack17: base64 wrapped at a fixed width, as `base64` (GNU coreutils: 76 columns), `openssl base64` (64) and
MIME write it. Each line was a run of its own and decoded alone: a key that straddles a line break was in two
decoded pieces, found by nothing, and sent (`base64 .env` pasted into a chat)."""

from __future__ import annotations

import base64
import json

import pytest

from addons.formats import encoded
from addons.formats.model import Field
from tests.guard.support import OPENAI, TOKEN, Upstream, chat_body, exchange, request_flow


def wrapped(text: str, width: int, newline: str = "\n") -> str:
    b64 = base64.b64encode(text.encode()).decode()
    return newline.join(b64[i:i + width] for i in range(0, len(b64), width))


def env_straddling(width: int) -> str:
    """A .env whose token straddles the first line break of its base64 wrapped at ``width``."""
    for pad in range(200):
        text = f"APP_NAME=demo{'x' * pad}\nAPI_TOKEN={TOKEN}\nDEBUG=false\n"
        start = text.index(TOKEN)
        per_line = width // 4 * 3  # bytes per line
        if start < per_line < start + len(TOKEN) - 4:
            return text
    raise AssertionError("no such .env")


@pytest.mark.parametrize(("width", "newline"), [(76, "\n"), (64, "\n"), (64, "\r\n"), (76, "\r\n")])
async def test_a_key_straddling_a_line_of_wrapped_base64_is_masked(chain, width, newline):
    env = env_straddling(width)
    block = wrapped(env, width, newline)
    flow = request_flow(*OPENAI, chat_body(f"here is my config:\n{block}\nthanks"))
    upstream = Upstream()
    await exchange(chain, flow, upstream)
    (sent,) = upstream.received
    content = json.loads(sent.get_text())["messages"][-1]["content"]
    assert block not in content
    masked_block = content.removeprefix("here is my config:\n").removesuffix("\nthanks")
    lines = masked_block.split(newline)
    assert all(len(line) == width for line in lines[:-1]) and len(lines[-1]) <= width  # still wrapped alike
    decoded = base64.b64decode("".join(lines)).decode()
    assert TOKEN not in decoded and "API_TOKEN=[MASKED:test-api-token:" in decoded and "DEBUG=false" in decoded


def test_lines_that_are_no_wrapped_block_are_read_one_by_one():
    a, b = base64.b64encode(b"first line of text here").decode(), base64.b64encode(b"second, other text").decode()
    fields = encoded.expand([Field("x", f"{a}\n{b}", "text")]).fields  # lengths differ: two runs
    assert sorted(f.text for f in fields) == ["first line of text here", "second, other text"]


@pytest.mark.parametrize("spelling", ["xxd -p", "base32 -w 76", "base32 lower-case"])
async def test_other_wrapped_and_lower_case_spellings_are_read(chain, spelling):
    """`xxd -p` (hex, 60 columns) and GNU `base32` (76) wrap too; base32 written lower-case (a DNS label,
    `b32encode(...).lower()`) was not decoded at all."""
    env = env_straddling(76)
    if spelling == "xxd -p":
        hexed = env.encode().hex()
        block = "\n".join(hexed[i:i + 60] for i in range(0, len(hexed), 60))
    elif spelling == "base32 -w 76":
        b32 = base64.b32encode(env.encode()).decode()
        block = "\n".join(b32[i:i + 76] for i in range(0, len(b32), 76))
    else:
        block = base64.b32encode(f"API_TOKEN={TOKEN}".encode()).decode().lower()
    flow = request_flow(*OPENAI, chat_body(f"here:\n{block}\nthanks"))
    upstream = Upstream()
    await exchange(chain, flow, upstream)
    (sent,) = upstream.received
    content = json.loads(sent.get_text())["messages"][-1]["content"]
    assert block not in content and "here:\n" in content and content.endswith("\nthanks")
