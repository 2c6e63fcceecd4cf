"""attack59 on wsbudget58 (each WebSocket connection's messages, per direction, draw on stream_cpu_budget): a ping's
or pong's payload is scanned too (stream/control_frames.py: up to 125 bytes, each a scan with its encoded runs), and
that scan was charged to no budget. 125 bytes of their own per ping cost ~185 us of the loop's CPU (in process,
load ~7; a payload seen before ~6 us, from the cache): a connection that sends only pings keeps the loop busy for
as long as it likes, where the same bytes as messages end it after the budget's 10 s.

Now a ping's or pong's scan is charged to its direction's budget as a message's is (with the per-frame overhead);
once the budget is spent, a payload is dropped unread (the frame goes on empty: a ping unanswered would break the
connection) and the next message ends the connection. The budget is made tiny through the policy (no timed
assertion: the per-frame overhead alone empties it). Three places: what the peer gets (the frame's payload),
nothing relayed of the next message, and the flow's record (the decision and coverage)."""

from __future__ import annotations

import wsproto.events
from mitmproxy.test import taddons

from addons.core import compat, metakeys
from addons.stream.streaming import Streaming
from tests import fakes
from tests.stream.support import installed, make_inspector, make_policy
from tests.stream.test_attack_split_records import websocket_flow
from tests.stream.test_wsbudget58_ws_cpu_budget import TINY, send

PAT = fakes.github_pat(59)


def ping(f, payload: bytes, to_server: bool = True) -> bytes:
    """The payload the other side gets of a ping ``f``'s client (or server) sends, through the registered filter."""
    (control_filter,) = compat._control_filter
    return control_filter(f, wsproto.events.Ping(payload=payload), to_server).payload


async def test_pings_are_charged_to_the_budget_and_past_it_carry_nothing():
    addon = Streaming()
    with installed(make_inspector(make_policy(stream_cpu_budget=TINY))), taddons.context(addon):
        f = websocket_flow()
        first = ping(f, b"are you there 1")  # scanned, then the bucket is empty
        assert first == b"are you there 1"
        budget = addon._ws_budgets[(f.id, "request")]
        assert budget is not None and budget.exhausted, "a ping's scan was charged to no budget"
        assert ping(f, b"are you there 2") == b""  # past it: the payload is dropped unread
        assert ping(f, f"key {PAT}".encode()) == b""  # and never sent whatever it holds
        message = await send(addon, f, "hello", True)  # the next message ends the connection
        assert message.dropped and f.error is not None
        assert f.metadata[metakeys.DECISION] == "error" and "stream_cpu_budget" in f.metadata[metakeys.REASON]
        assert PAT not in repr(f.metadata)  # the record's metadata holds no piece of what a ping carried


async def test_within_the_budget_a_pings_payload_goes_on_and_a_key_in_it_is_masked():
    addon = Streaming()
    with installed(make_inspector(make_policy())), taddons.context(addon):  # the default budget
        f = websocket_flow()
        assert ping(f, b"keep-alive 42") == b"keep-alive 42"
        sent = ping(f, PAT.encode())
        assert PAT.encode() not in sent and sent  # masked (the placeholder fits in 125 bytes) or emptied
        assert PAT not in repr(f.metadata)
        budget = addon._ws_budgets[(f.id, "request")]
        assert budget is not None and budget.spent > 0 and not budget.exhausted
        addon.websocket_end(f)
        assert not addon._ws_budgets
