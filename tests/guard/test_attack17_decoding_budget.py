"""attack17: the decoding budget of a body (formats/encoded.py, 16 MiB of decoded bytes) spent on purpose.

A run of `[A-F2-7]` is hex, base32 and base64 at once, so each of its readings is charged: 9.5 MB of it in one
chat message spent the budget, the runs after it (the key's base64 in the next message) were never decoded, and
the guard sent the body with a note in its coverage. (Measured through the guard with the shipped rules and
default policy: 200, the key's base64 at the upstream.) Here the budget is made small so the body fits the test
policy's limit; the mechanism is the same."""

from __future__ import annotations

import base64
import json

import pytest

from addons.formats import DecodingTooLarge, encoded, open_body
from tests.guard.support import OPENAI, TOKEN, Upstream, exchange, request_flow


@pytest.fixture
def small_budget(monkeypatch):
    monkeypatch.setattr(encoded, "MAX_DECODED", 2048)
    monkeypatch.setattr(encoded, "DECODED_PER_CHAR", 0)  # the fixed budget alone (attack18 scales it with the body)


def body(blob_chars: int) -> bytes:
    blob = ("ABCDEF234567" * blob_chars)[:blob_chars]
    return json.dumps({"model": "m", "messages": [
        {"role": "user", "content": blob},
        {"role": "user", "content": "see " + base64.b64encode(TOKEN.encode()).decode()}]}).encode()


async def test_a_body_whose_encoded_text_is_past_the_decoding_budget_is_refused_not_sent(chain, small_budget):
    flow = request_flow(*OPENAI, body(2400))
    upstream = Upstream()
    await exchange(chain, flow, upstream)
    assert upstream.received == []
    assert flow.response is not None and flow.response.status_code == 403
    assert "exitguard_scan_incomplete" in flow.response.get_text()


async def test_a_body_within_the_budget_is_read_and_masked(chain, small_budget):
    flow = request_flow(*OPENAI, body(600))
    upstream = Upstream()
    await exchange(chain, flow, upstream)
    (sent,) = upstream.received
    assert base64.b64encode(TOKEN.encode()).decode() not in sent.get_text()


def test_the_codec_says_the_reading_was_cut(small_budget):
    with pytest.raises(DecodingTooLarge):
        open_body("application/json", body(2400))
