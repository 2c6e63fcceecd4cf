"""wsbudget58: one WebSocket message of hostile uniform text (256 KiB of `=`: ~10 s of the event loop's CPU, dos58)
stalled every flow of the proxy, and no CPU budget covered WebSocket messages: ``stream_cpu_budget`` applied to
streamed answers only. Each connection's messages, per direction, now draw on the same token bucket as a streamed
answer (stream/cpu_budget.py); the message that empties it is dropped and the connection ends with the budget's
reason, on record. The budget is made tiny here through the policy (no timed assertion: the per-message overhead
alone empties it). Live: tests/stream/test_wsbudget58_ws_cpu_budget_live.py."""

from __future__ import annotations

import pytest
from mitmproxy import websocket
from mitmproxy.test import taddons

from addons.core import compat, metakeys
from addons.stream.streaming import Streaming
from tests.stream.support import installed, make_inspector, make_policy
from tests.stream.test_attack_split_records import websocket_flow

TINY = {"share": 0.01, "burst_seconds": 1e-9}  # the overhead charged per message (100 us) alone empties it


async def send(addon: Streaming, f, data: str, from_client: bool) -> websocket.WebSocketMessage:
    f.websocket.messages.append(websocket.WebSocketMessage(websocket.Opcode.TEXT, from_client, data.encode()))
    await addon.websocket_message(f)
    return f.websocket.messages[-1]


@pytest.mark.parametrize("from_client", [True, False])
@pytest.mark.parametrize("uniform", ["=", "a ", "QUJD"])
async def test_a_message_past_the_budget_is_dropped_and_the_connection_ends_with_its_reason(from_client, uniform):
    direction = "request" if from_client else "response"
    addon = Streaming()
    with installed(make_inspector(make_policy(stream_cpu_budget=TINY))), taddons.context(addon):
        f = websocket_flow()
        message = await send(addon, f, uniform * (64 * 1024 // len(uniform)), from_client)
        assert message.dropped  # nothing of it relayed
        assert f.error is not None and f.error.msg == f.error.KILLED_MESSAGE  # the connection ends (compat closes it)
        md = f.metadata
        assert md[metakeys.DECISION] == "error" and "stream_cpu_budget" in md[metakeys.REASON]
        assert "stream_cpu_budget" in compat.close_reason(md[metakeys.REASON])  # what the close frame says
        assert {"direction": direction, "status": "stream_stopped", "reason": md[metakeys.REASON]} \
            in md[metakeys.COVERAGE]
        addon.websocket_end(f)
        assert not addon._ws_budgets  # forgotten with the connection


async def test_within_the_budget_messages_go_on_and_are_charged():
    addon = Streaming()
    with installed(make_inspector(make_policy())), taddons.context(addon):  # the default: half a core, 10 s
        f = websocket_flow()
        for from_client in (True, False, True):
            message = await send(addon, f, "hello there, how are you today?", from_client)
            assert not message.dropped and message.text == "hello there, how are you today?"
        assert f.error is None and f.metadata.get(metakeys.DECISION, "allow") == "allow"
        budgets = addon._ws_budgets
        assert set(budgets) == {(f.id, "request"), (f.id, "response")}  # one per direction
        assert all(b is not None and b.spent > 0 and not b.exhausted for b in budgets.values())


async def test_a_whole_core_is_no_budget_for_websocket_messages_either():
    addon = Streaming()
    with installed(make_inspector(make_policy(stream_cpu_budget={"share": 1.0, "burst_seconds": 1e-9}))), \
            taddons.context(addon):
        f = websocket_flow()
        message = await send(addon, f, "hello there", True)
        assert not message.dropped and f.error is None
        assert addon._ws_budgets == {(f.id, "request"): None}
