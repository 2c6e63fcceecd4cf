"""attack16: a key base64-, hex- or base32-encoded inside a binary body (an octet-stream upload). The guard read a
binary body's printable strings but decoded no run in them (a key written plainly there was refused, an encoded
one sent). In-process, behind HostPolicy, with the test rules; the live case is in
tests/guard/test_attack16_encoded_parts_live.py."""

from __future__ import annotations

import base64

import pytest

from tests.guard.support import OPENAI, TOKEN, Upstream, exchange, request_flow

SPELLED = {"base64": base64.b64encode(f"token={TOKEN}".encode()), "hex": TOKEN.encode().hex().encode(),
           "base32": base64.b32encode(TOKEN.encode())}


@pytest.mark.parametrize("name", sorted(SPELLED))
async def test_an_encoded_key_in_a_binary_body_refuses_it(chain, name):
    body = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00" + SPELLED[name] + b"\x00\xff\x10"
    flow = request_flow(*OPENAI, body)
    flow.request.headers["content-type"] = "application/octet-stream"
    upstream = Upstream()
    await exchange(chain, flow, upstream)
    assert upstream.received == [] and flow.response is not None and flow.response.status_code == 403
    assert SPELLED[name] not in (flow.request.raw_content or b"")  # nothing of it stays on the live flow


async def test_encoded_text_without_a_key_in_a_binary_body_is_sent(chain):
    body = b"\x89PNG\r\n\x1a\n\x00" + base64.b64encode(b"an ordinary caption, user@example.com") + b"\x00\xff"
    flow = request_flow(*OPENAI, body)
    flow.request.headers["content-type"] = "application/octet-stream"
    upstream = Upstream()
    await exchange(chain, flow, upstream)
    assert [r.raw_content for r in upstream.received] == [body]  # an e-mail in a binary's run: not guessed at
