"""A WebSocket message that is complete in itself (an OpenAI realtime `conversation.item.create`, `session.update`)
through the real proxy: its text went out as a stream's delta, the end the hold-back kept (`is` could begin a value)
waiting for a later message on the same field, so the upstream got `the root password ` and the word was lost
(invariant 5). Now it is scanned whole and sent whole, masked in place."""

from __future__ import annotations

import json
import time

import pytest

from tests import fakes
from tests.stream.test_live_blind_spots import record_bytes
from tests.stream.test_live_websocket import WSUpstream, client_roundtrip, recording_proxy

pytestmark = pytest.mark.live

PAT = fakes.github_pat(71)


@pytest.fixture(scope="module")
def ws_recorded(tmp_path_factory, upstream_certs):
    with recording_proxy(tmp_path_factory.mktemp("wsdone"), WSUpstream(*upstream_certs)) as recorded:
        yield recorded


def item(text: str) -> str:
    return json.dumps({"type": "conversation.item.create",
                       "item": {"content": [{"type": "input_text", "text": text}]}})


def test_a_complete_message_reaches_the_upstream_whole_and_masked(ws_recorded):
    up, proxy, records = ws_recorded
    up.received.clear()
    session = json.dumps({"type": "session.update", "session": {"instructions": "answer in French, the word is"}})
    client_roundtrip(proxy, [item(f"use {PAT} now; the root password is"), session, b"\x01 next frame"])
    assert len(up.received) == 3, up.received
    text = json.loads(up.received[0])["item"]["content"][0]["text"]
    assert text.startswith("use [MASKED:github-pat-classic:") and text.endswith(" now; the root password is"), text
    assert json.loads(up.received[1])["session"]["instructions"] == "answer in French, the word is"
    assert up.received[2] == b"\x01 next frame"  # nothing held comes after
    proxy.stop()  # the record of the WebSocket is written at its end; the log is complete once the proxy is gone
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and not any(f.suffix == ".mitm" and f.stat().st_size
                                                  for f in records.glob("*")):
        time.sleep(0.1)
    recorded = record_bytes(records)
    assert recorded and PAT.encode() not in recorded
    assert PAT not in proxy.log
