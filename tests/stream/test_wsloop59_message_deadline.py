"""wsloop59 (dos58, wsbudget58; invariant 5): ONE WebSocket message or streamed answer's piece of uniform text held the
event loop for its whole scan (256 KiB of `=`: 5 s of CPU): the value hold-back searched each password rule's
partial matches over the whole message, twice where the first search found a complete match near the end, and the
stream's CPU budget was charged only after the piece. Now each rule's search of a long unreleased text begins within
what a match that can still hold text reaches from the end (`ValueHoldback._tail`), and the budget is a deadline inside
the piece's scan, checked between rules and between a search's restarts (detect/deadline.py): past it the piece fails
closed as wsbudget58's between-message budget does. No timed assertion: the deadline is made to pass at a chosen
point, and the searches' starting points are recorded. Live: tests/stream/test_wsloop59_message_deadline_live.py."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml
from mitmproxy import websocket
from mitmproxy.test import taddons

from addons.core import compat, metakeys, runtime
from addons.core.policy import DEFAULT_POLICY_FILE
from addons.detect import Scanner, deadline
from addons.detect.holdback import Holdback
from addons.stream import value_holdback
from addons.stream.cpu_budget import CpuBudget
from addons.stream.streaming import Streaming
from tests.stream import support
from tests.stream.test_attack_split_records import websocket_flow
from tests.stream.test_streaming_addon import sse_flow

SCANNER = Scanner.default()
PREFIXES = support.value_rules(SCANNER)
UNIFORM = ["=", "a ", "\\u0041", "QUJD", "x"]
SIZE = 64 * 1024
TINY = {"share": 0.01, "burst_seconds": 1e-9}  # the overhead charged per piece (100 us) alone is past it


def holdbacks() -> tuple[value_holdback.ValueHoldback, value_holdback.ValueHoldback]:
    """(the reference that searches every rule from `lo`, the one the streams use)."""
    holdback = Holdback.for_scanner(SCANNER)
    return (value_holdback.ValueHoldback(holdback, PREFIXES, incremental=False),
            value_holdback.ValueHoldback(holdback, PREFIXES))


def searches(monkeypatch) -> list[tuple[str, int, int, int]]:
    """Where each of the value hold-back's searches begins: (kind, position, the text's length, the rule)."""
    seen: list[tuple[str, int, int, int]] = []
    first_start, open_matches = value_holdback.ValueHoldback._first_start, Holdback.open_matches
    growth_start = Holdback.growth_start

    def first(self, index, view, lo, n, known, firsts):
        seen.append(("gate", max(lo, known.get(index, lo)), n, index))
        return first_start(self, index, view, lo, n, known, firsts)

    def opened(self, index, view, lo, n, flagged=False):
        seen.append(("rule", lo, n, index))
        return open_matches(self, index, view, lo, n, flagged)

    def grown(self, index, view, lo, n, flagged=False, spared=None):
        seen.append(("growth", lo, n, index))
        return growth_start(self, index, view, lo, n, flagged, spared)

    monkeypatch.setattr(value_holdback.ValueHoldback, "_first_start", first)
    monkeypatch.setattr(Holdback, "open_matches", opened)
    monkeypatch.setattr(Holdback, "growth_start", grown)
    return seen


# The unit loop reads each uniform text once, after released text for every other one (unit62: ~3 s of the loop's
# CPU less); the full suite both ways.
@pytest.mark.sweep_sample(lambda unit, before: UNIFORM.index(unit) % 2 == (before != ""))
@pytest.mark.parametrize("unit", UNIFORM)
@pytest.mark.parametrize("before", ["", "hello there, the answer is "])
def test_a_long_uniform_text_is_searched_only_where_a_match_can_still_hold_text(monkeypatch, unit, before):
    """Attacker's test (failed on main: every search began at 0, i.e. read the whole 64 KiB, per rule): a fresh
    message, and one after text already released (`before`, whose end is the start)."""
    reference, streamed = holdbacks()
    text = before + unit * (SIZE // len(unit))
    start = len(before)
    want = reference.hold(text, start)
    seen = searches(monkeypatch)
    got = streamed.hold(text, start)
    assert got == want  # the same safe end and context start as the search of every rule from lo
    reach = max(streamed.reach.values())
    # Each search begins before the start (the matches that move the anchor, in the text cut short past it) or
    # within the longest reach of its text's end (`n`: a text with escapes is also read decoded, shorter). Left: a
    # letters-scored rule's verdict reads the word after the value however long, so a text ending in a word (`x`,
    # `QUJD` repeated) is still searched from `lo` by those rules (21 shipped value rules; the deadline bounds it).
    letters = {index for index, (_, scorer) in streamed.base.contextual.items() if scorer} if text[-1].isalnum() \
        else set()
    assert seen and all(at >= n - reach or at < start or index in letters for _, at, n, index in seen), seen
    assert [at for _, at, n, _ in seen if at >= n - reach]  # the end is read; the unreleased middle never is


def test_a_value_at_the_end_of_a_long_message_is_held_as_the_whole_search_holds_it():
    reference, streamed = holdbacks()
    for text in ["lorem ipsum " * 3000 + "postgres://admin:hunter2", "=" * SIZE + " password: Tr0ub4dor&3",
                 "a " * 30000 + "mysql -u root -pS3cr"]:
        assert streamed.hold(text, 0) == reference.hold(text, 0), text[-40:]
        assert streamed.safe_end(text) < len(text)  # the value is still held


def test_a_deadline_passed_between_rules_stops_the_holdback(monkeypatch):
    """Attacker's test (failed on main: no deadline inside a piece's scan; all 22 rules searched): the deadline
    passes after the first rule's search; the next check raises, and no other rule is searched."""
    _, streamed = holdbacks()
    text = "a " * (SIZE // 2)
    seen = searches(monkeypatch)
    first_start = value_holdback.ValueHoldback._first_start

    def expiring(self, *args):
        found = first_start(self, *args)
        limit = deadline.current()
        if limit is not None:
            limit.cpu_limit, limit._next_look = -1.0, 0.0  # as if the first search had used up the budget
        return found

    monkeypatch.setattr(value_holdback.ValueHoldback, "_first_start", expiring)
    with deadline.limit(60.0, "the test's reason"), pytest.raises(deadline.OverBudget, match="the test's reason"):
        streamed.hold(text, 0)
    assert [kind for kind, *_ in seen if kind == "gate"] == ["gate"]
    streamed.hold("nothing to hold here ", 0)  # outside the block: no deadline, no error


def test_the_deadline_reads_the_thread_cpu_only_when_it_may_have_passed():
    limit = deadline.Deadline(3600.0, "r")
    limit.check()
    assert limit._next_look > 0  # the next hour of wall time cannot use an hour of CPU: no CPU read till then
    with pytest.raises(deadline.OverBudget):
        deadline.Deadline(-1.0, "r").check()
    deadline.check()  # none in force: nothing to pass


@pytest.mark.parametrize("from_client", [True, False])
async def test_a_websocket_message_past_the_budget_is_cut_inside_its_scan(monkeypatch, tmp_path, from_client):
    """Attacker's test (failed on main: the message's scan ran to its end, every rule searched, and the budget was
    charged after it). The message is dropped, nothing of it relayed, the connection closed with the budget's reason
    and the decision on record, as wsbudget58's between-message budget does."""
    direction = "request" if from_client else "response"
    seen = searches(monkeypatch)
    with budgeted_runtime(tmp_path):
        addon = Streaming()
        with taddons.context(addon):
            f = websocket_flow()
            f.websocket.messages.append(websocket.WebSocketMessage(
                websocket.Opcode.TEXT, from_client, ("a " * (SIZE // 2)).encode()))
            await addon.websocket_message(f)
    message = f.websocket.messages[-1]
    assert message.dropped
    assert f.error is not None and f.error.msg == f.error.KILLED_MESSAGE
    md = f.metadata
    assert md[metakeys.DECISION] == "error" and "scan was cut" in md[metakeys.REASON]
    assert "stream_cpu_budget" in compat.close_reason(md[metakeys.REASON])
    assert {"direction": direction, "status": "stream_stopped", "reason": md[metakeys.REASON]} \
        in md[metakeys.COVERAGE]
    assert seen == []  # cut before any of the hold-back's searches


async def test_one_huge_sse_event_past_the_budget_is_cut_inside_its_scan(tmp_path):
    """Attacker's test (failed on main: the chunk's scan ran to its end and its text went out; the budget refused
    only the next chunk)."""
    with budgeted_runtime(tmp_path):
        addon = Streaming()
        with taddons.context(addon):
            f = sse_flow()
            await addon.responseheaders(f)
            stream = f.response.stream
            event = {"choices": [{"index": 0, "delta": {"content": "=" * SIZE}}]}
            out = b"".join(stream(b"data: " + json.dumps(event).encode() + b"\n\n"))
    assert b"exitguard_stream_cpu_budget" in out and b"scan was cut" in out
    assert b"=" * 64 not in out  # nothing of the unscanned event went out
    assert f.error is not None  # killed: the upstream dropped at this chunk


def test_a_budget_says_what_the_next_piece_may_take():
    budget = CpuBudget(share=0.5, burst_seconds=10)
    assert budget.available(0.0) == pytest.approx(10 - 1e-4)  # a full bucket, less mitmproxy's share of the piece
    budget.charge(4.0, now=100.0)
    assert budget.available(101.0) == pytest.approx(10 - 4 - 1e-4 + 0.5 - 1e-4)
    assert budget.available(1000.0) == pytest.approx(10 - 1e-4)  # it holds no more than it started with


@contextmanager
def budgeted_runtime(folder: Path) -> Iterator[runtime.Runtime]:
    """The shipped policy and rules with a tiny ``stream_cpu_budget``, installed as the process runtime."""
    data = yaml.safe_load(DEFAULT_POLICY_FILE.read_text())
    data["stream_cpu_budget"] = TINY
    policy = folder / "policy.yaml"
    policy.write_text(yaml.safe_dump(data))
    rt = runtime.build(str(policy), [], folder / "fingerprint.key")
    runtime.install(rt)
    try:
        yield rt
    finally:
        runtime.install(None)
