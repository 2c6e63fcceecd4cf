"""attack61: hold61's report-mode gap (EVASION.md, hold61's row): a value the stream masker still holds when the
WebSocket closes was never scanned, so no finding marked the messages that carried it. Report mode sends each
message as it came; the live flow (mitmweb's view, its Save) and the record must still hold no value. Reached two
ways: a key whole in the last `.delta` (hold61's reproduction), and a key cut over the last two deltas (no message
alone holds it: only the masker's joined text does, and the record read each message alone)."""

from __future__ import annotations

import copy
import inspect
import json

import pytest

from addons.audit import scrub
from addons.core import runtime
from tests import fakes
from tests.stream.test_wire42_messages_shown_masked import bundle, delta, relay, report, shown, websocket_flow

__all__ = ["bundle", "report"]  # fixtures

AKID = fakes.aws_key_id(6101)
GHP = fakes.github_pat(6102)


def _record(f, rt) -> str:
    c = copy.deepcopy(f)
    scrub._Masker(rt).mask_websocket(c)
    return "\n".join(m.content.decode("utf-8", "replace") for m in c.websocket.messages)


async def _close(bundle, f) -> None:
    for addon in bundle:
        if hasattr(addon, "websocket_end"):
            ended = addon.websocket_end(f)  # fail_closed wraps a hook as a coroutine
            if inspect.isawaitable(ended):
                await ended


@pytest.mark.parametrize("parts, value", [
    (["Sure, ", "write to " + AKID], AKID),
    (["Sure, ", "use " + GHP[:17], GHP[17:]], GHP),
    (["Sure, write to " + AKID[:9], AKID[9:]], AKID),
], ids=["whole-in-last", "github-cut", "aws-cut"])
async def test_report_mode_a_value_held_at_the_close_is_shown_and_recorded_masked(bundle, report, parts, value):
    runtime.install(report)
    f = websocket_flow()
    for part in parts:
        assert await relay(bundle, f, delta(part), False) == delta(part).encode()  # report mode: sent as it came
    await _close(bundle, f)
    assert value not in "".join(json.loads(m.content)["delta"] for m in f.websocket.messages
                                if m.content.startswith(b"{"))
    record = _record(f, report)
    for piece in (value, value[:9], value[-8:]):  # a value cut over messages: no piece of it either
        assert piece not in shown(f)
        assert piece not in record


def test_the_stream_addon_reads_the_held_text_before_the_cover_shows_the_messages():
    import addons.chain

    names = [type(a).__name__ for a in addons.chain.build() if hasattr(a, "websocket_end")]
    assert names.index("Streaming") < names.index("Audit") and names.index("Streaming") < names.index("CoverMessage")
