"""The Guard against disguised secrets (issue 13, EVASION.md section 2), in-process behind HostPolicy:
encodings (base64 of base64, hex, base32, short base64, gzip/zlib inside base64), keys split over values
anywhere in a body, split by line breaks, spaced out, written backwards, and lookalike letters outside the
Latin table. Each case checks what the upstream got, and that nothing exitguard wrote holds the value."""

from __future__ import annotations

import base64
import codecs
import gzip
import json
import zlib

import pytest

from addons.core import runtime
from tests.guard.support import EMAIL, OPENAI, ROOT_KEY, SHORT_KEY, TOKEN, Upstream, exchange, request_flow
from tests.guard.test_guard import masked, written_by_exitguard


def b64(text: str | bytes) -> str:
    return base64.b64encode(text.encode() if isinstance(text, str) else text).decode()


async def send(chain, payload: dict) -> tuple[object, Upstream]:
    upstream = Upstream()
    flow = request_flow(*OPENAI, json.dumps(payload).encode())
    await exchange(chain, flow, upstream)
    return flow, upstream


def chat(*contents) -> dict:
    return {"model": "gpt-test", "messages": [{"role": "user", "content": c} for c in contents]}


def sent_content(upstream: Upstream, index: int = 0):
    (request,) = upstream.received
    return request.json()["messages"][index]["content"]


def assert_unseen(flow, *values: str) -> None:
    recorded = written_by_exitguard(flow) + (flow.request.get_text(strict=False) or "")
    for value in values:
        assert value not in recorded


# ------------------------------------------------------------------------------------------ encodings

LAYERS = {
    "base64 of base64": (lambda v: b64(b64(v)), lambda s: base64.b64decode(base64.b64decode(s)).decode()),
    "base64 three times": (lambda v: b64(b64(b64(v))),
                           lambda s: base64.b64decode(base64.b64decode(base64.b64decode(s))).decode()),
    "hex": (lambda v: v.encode().hex(), lambda s: bytes.fromhex(s).decode()),
    "HEX": (lambda v: v.encode().hex().upper(), lambda s: bytes.fromhex(s).decode()),
    "base32": (lambda v: base64.b32encode(v.encode()).decode(), lambda s: base64.b32decode(s).decode()),
    "hex of base64": (lambda v: b64(v).encode().hex(), lambda s: base64.b64decode(bytes.fromhex(s)).decode()),
}


@pytest.mark.parametrize("layers", LAYERS)
async def test_encoded_layers_are_undone_masked_and_rebuilt(chain, layers):
    encode, decode = LAYERS[layers]
    hidden = encode(f"token={TOKEN}")
    flow, upstream = await send(chain, chat(f"config {hidden} end"))
    content = sent_content(upstream)
    assert content.startswith("config ") and content.endswith(" end")
    run = content[len("config "):-len(" end")]
    assert decode(run) == f"token={masked(TOKEN, 'test-api-token')}"
    assert (run.isupper() or not run.isalpha()) if layers == "HEX" else True
    assert_unseen(flow, TOKEN, hidden)


@pytest.mark.parametrize("compress", [gzip.compress, zlib.compress])
async def test_a_secret_inside_compressed_base64_blocks(chain, compress):
    hidden = b64(compress(f"export TOKEN={TOKEN}\n".encode() * 3))
    flow, upstream = await send(chain, chat(f"attachment {hidden}"))
    assert flow.response.status_code == 403 and "cannot be masked safely" in flow.response.get_text()
    assert upstream.received == []
    assert_unseen(flow, TOKEN, hidden)


async def test_compressed_base64_without_a_secret_passes_unchanged(chain):
    hidden = b64(gzip.compress(b"just a log line\n" * 50))
    _, upstream = await send(chain, chat(f"attachment {hidden}"))
    assert sent_content(upstream) == f"attachment {hidden}"


async def test_short_base64_of_a_fixed_shape_key_is_masked_but_not_of_an_email(chain):
    short = b64(SHORT_KEY).rstrip("=")
    assert len(short) < 24
    email = b64(EMAIL[:12]).rstrip("=")  # a short printable decoding that is no key: left alone
    flow, upstream = await send(chain, chat(f"k {short} m {email}"))
    content = sent_content(upstream)
    run = content.split()[1]
    assert base64.b64decode(run + "=" * (-len(run) % 4)).decode() == masked(SHORT_KEY, "test-short-key")
    assert content.endswith(f" m {email}")
    assert_unseen(flow, SHORT_KEY, short)


async def test_a_blocked_key_inside_layers_blocks_and_hides(chain):
    hidden = b64(b64(ROOT_KEY))
    flow, upstream = await send(chain, chat(f"root {hidden}"))
    assert flow.response.status_code == 403 and upstream.received == []
    assert_unseen(flow, ROOT_KEY, hidden)


# ------------------------------------------------------------------------------------------ splits

async def test_a_key_split_over_two_chat_content_parts_is_masked(chain):
    parts = [{"type": "text", "text": f"here {TOKEN[:12]}"}, {"type": "text", "text": f"{TOKEN[12:]} there"}]
    flow, upstream = await send(chain, chat(parts))
    placeholder = masked(TOKEN, "test-api-token")
    assert [p["text"] for p in sent_content(upstream)] == [f"here {placeholder}", f"{placeholder} there"]
    assert_unseen(flow, TOKEN[:12], TOKEN[12:])


async def test_a_key_in_three_pieces_over_three_messages_is_masked(chain):
    flow, upstream = await send(chain, chat(f"a {TOKEN[:8]}", TOKEN[8:20], f"{TOKEN[20:]} b"))
    placeholder = masked(TOKEN, "test-api-token")
    assert [sent_content(upstream, i) for i in range(3)] == [f"a {placeholder}", placeholder, f"{placeholder} b"]
    assert_unseen(flow, TOKEN[:8], TOKEN[8:20], TOKEN[20:])


async def test_values_apart_are_joined_but_never_make_pii(chain):
    # The pieces are not neighbours of one container ("n": 1 and the "role" values between them).
    payload = {"a": {"x": TOKEN[:10], "n": 1}, "b": [{"role": "user", "y": TOKEN[10:]}],
               "c": {"v": EMAIL[:20]}, "d": {"v": EMAIL[20:]}}
    _, upstream = await send(chain, payload)
    (request,) = upstream.received
    body = request.json()
    placeholder = masked(TOKEN, "test-api-token")
    assert body["a"]["x"] == placeholder == body["b"][0]["y"]
    # an e-mail split over two objects is not rebuilt: joining across containers is for fixed-shape keys only
    assert body["c"]["v"] + body["d"]["v"] == EMAIL


@pytest.mark.parametrize("split", ["\n", "\r\n", "\\n"])
async def test_a_key_broken_by_a_line_break_is_masked_exactly(chain, split):
    flow, upstream = await send(chain, chat(f"see {TOKEN[:9]}{split}{TOKEN[9:]}\nnext line"))
    assert sent_content(upstream) == f"see {masked(TOKEN, 'test-api-token')}\nnext line"
    assert_unseen(flow, TOKEN)


# ------------------------------------------------------------------------------------------ shapes

SHAPES = {
    "spaced": lambda v: " ".join(v),
    "dashed": lambda v: "-".join(v),
    "dotted": lambda v: ".".join(v),
    "reversed": lambda v: v[::-1],
    "rot13": lambda v: codecs.encode(v, "rot13"),
    "mathematical bold": lambda v: "".join(chr(0x1D400 + ord(c) - 65) if "A" <= c <= "Z" else
                                           chr(0x1D41A + ord(c) - 97) if "a" <= c <= "z" else c for c in v),
    "cherokee and armenian": lambda v: v.translate(str.maketrans("AEKMoh", "\u13aa\u13ac\u13e6\u13b7\u0585\u0570")),
    "circled": lambda v: "".join(chr(0x24B6 + ord(c) - 65) if "A" <= c <= "Z" else c for c in v),
}


@pytest.mark.parametrize("shape", SHAPES)
async def test_disguised_shapes_are_masked_exactly(chain, shape):
    hidden = SHAPES[shape](TOKEN)
    assert hidden != TOKEN
    flow, upstream = await send(chain, chat(f"see {hidden} end"))
    assert sent_content(upstream) == f"see {masked(TOKEN, 'test-api-token')} end"
    assert_unseen(flow, TOKEN, hidden)


async def test_ordinary_text_is_left_alone(chain):
    text = ("The a b c d e f g h i j list, v.1.2.3.4.5.6.7.8, x-y-z-1-2-3-4-5 and a reversed word "
            "noitazilanoitanretni\nline two\\nline three, deadbeef" * 3)
    _, upstream = await send(chain, chat(text, "second message"))
    assert sent_content(upstream) == text and sent_content(upstream, 1) == "second message"
    assert runtime.get() is not None
