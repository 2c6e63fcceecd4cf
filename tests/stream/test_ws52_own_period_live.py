"""ws52 (gate50's open row) through the real proxy: the agent's JSON WebSocket delta ending right after a password's
own last period and a blank (`U / X. `), the next delta making the period the value's (`- only ...`). The message
was read under its keys and masked before the connection's masker could hold its end: the upstream got the value
masked and its own period in clear after the placeholder. Three places: what the upstream got, what the client
got, every byte the proxy wrote (its record folder and log)."""

from __future__ import annotations

import json
import time

import pytest

from tests.stream.test_live_blind_spots import record_bytes
from tests.stream.test_live_websocket import AKID, WSUpstream, client_roundtrip, recording_proxy

pytestmark = pytest.mark.live

VALUE = "Tq7vLm29x"  # with its own period: `Tq7vLm29x.`


@pytest.fixture(scope="module")
def ws_recorded(tmp_path_factory, upstream_certs):
    with recording_proxy(tmp_path_factory.mktemp("ws52"), WSUpstream(*upstream_certs)) as recorded:
        yield recorded


def delta(text: str) -> str:
    return json.dumps({"type": "input_text.delta", "delta": text})


def test_a_password_s_own_period_cut_into_the_next_json_delta_is_masked_with_the_value(ws_recorded):
    up, proxy, records = ws_recorded
    up.received.clear()
    replies = client_roundtrip(proxy, [delta(f"Kiln controller login r.mbeki / {VALUE}. "),
                                       delta("- only for the firing schedule."), delta(" Thanks.\n")])
    assert len(up.received) == 3, up.received
    sent = "".join(json.loads(m)["delta"] for m in up.received)  # each message still JSON (invariant 4)
    assert VALUE not in sent and "]." not in sent, sent
    assert "/ [MASKED:" in sent and sent.endswith("] - only for the firing schedule. Thanks.\n"), sent
    assert len(replies) == 3 and all(AKID not in r for r in replies), replies  # the client's side
    proxy.stop()  # the record of the WebSocket is written at its end; the log is complete once the proxy is gone
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and not any(f.suffix == ".mitm" and f.stat().st_size
                                                  for f in records.glob("*")):
        time.sleep(0.1)
    recorded = record_bytes(records)
    assert recorded and VALUE.encode() not in recorded and AKID.encode() not in recorded
    assert VALUE not in proxy.log
