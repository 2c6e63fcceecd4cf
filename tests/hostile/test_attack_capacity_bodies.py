"""Attack13: one agent fills the proxy's memory with request bodies it is made to buffer.

A guarded (or inspected) request body is buffered whole, up to max_body_bytes, before it is scanned; mitmproxy
has no read timeout, so a client that sends most of a large body and then stalls keeps that buffer for as long
as it likes. Before the budget, one caller could open any number of such uploads (100 x 10 MiB = 1 GiB held on its
behalf). Now the bytes buffered for callers' requests have a cap per caller and in all: the one past it gets a
clear 429 before its body is read, other callers keep being served, and a finished flow gives its share back."""

from __future__ import annotations

import pytest
from mitmproxy import exceptions
from mitmproxy.test import taddons, tflow, tutils

from addons.core import body_budget, metakeys

MIB = 1024 * 1024


@pytest.fixture
def budget():
    addon = body_budget.BodyBudget()
    with taddons.context(addon) as tctx:
        tctx.configure(addon, exitguard_max_buffered_bytes_per_identity=32 * MIB,
                       exitguard_max_buffered_bytes=64 * MIB)
        yield addon
    body_budget.install(None)


def upload(identity: str | None, declared: int | None, chunked: bool = False, http2: bool = False):
    headers = [(b"content-type", b"application/json")]
    if declared is not None:
        headers.append((b"content-length", str(declared).encode()))
    if chunked:
        headers.append((b"transfer-encoding", b"chunked"))
    f = tflow.tflow(req=tutils.treq(host="api.openai.com", port=443, scheme=b"https", method=b"POST",
                                    path=b"/v1/chat/completions", headers=headers, content=None))
    if http2:
        f.request.http_version = "HTTP/2.0"
    f.metadata[metakeys.HOST_CLASS] = "guarded"
    if identity:
        f.metadata[metakeys.IDENTITY] = identity
    return f


def refused(f) -> bool:
    return (f.response is not None and f.response.status_code == 429
            and f.response.headers.get("x-exitguard-decision") == "exitguard_body_budget")


async def admit_and_receive(budget, f) -> None:
    """The headers hook, then (not refused) the declared body arriving whole: compat.py's body-size check."""
    await budget.requestheaders(f)
    declared = f.request.headers.get("content-length")
    if f.response is None and declared:
        body_budget.grow(f, int(declared))


async def test_one_caller_cannot_make_the_proxy_buffer_more_than_its_share(budget):
    flows = [upload("agent-7", 10 * MIB) for _ in range(10)]
    for f in flows:
        await admit_and_receive(budget, f)
    assert sum(f.response is None for f in flows) == 3  # before: all 10, 100 MiB buffered for one caller
    first = next(f for f in flows if refused(f))
    message = first.response.json()["error"]["message"]
    assert "exitguard_max_buffered_bytes_per_identity" in message and str(32 * MIB) in message
    assert int(first.response.headers["retry-after"]) > 0
    assert first.metadata[metakeys.DECISION] == "block"
    assert budget.budget.buffered == 30 * MIB


async def test_other_callers_keep_being_served_and_the_proxy_has_a_cap_in_all(budget):
    for _ in range(10):
        await admit_and_receive(budget, upload("agent-7", 10 * MIB))
    other = upload("agent-9", 10 * MIB)
    await admit_and_receive(budget, other)
    assert other.response is None
    more = [upload(f"agent-{i}", 10 * MIB) for i in range(20, 30)]
    for f in more:
        await admit_and_receive(budget, f)
    assert budget.budget.buffered <= 64 * MIB
    assert "exitguard_max_buffered_bytes)" in next(f for f in more if refused(f)).response.json()["error"]["message"]


async def test_a_finished_or_failed_flow_gives_its_share_back(budget):
    flows = [upload("agent-7", 10 * MIB) for _ in range(3)]
    for f in flows:
        await admit_and_receive(budget, f)
    flows[0].response = tutils.tresp()
    await budget.response(flows[0])
    flows[1].error = tflow.terr()
    budget.error(flows[1])
    budget.error(flows[1])  # a second end changes nothing
    assert budget.budget.buffered == 10 * MIB
    again = [upload("agent-7", 10 * MIB) for _ in range(2)]
    for f in again:
        await admit_and_receive(budget, f)
    assert all(f.response is None for f in again)
    for f in flows[2:] + again:
        budget.error(f)
    assert budget.budget.buffered == 0 and budget.budget.by_caller == {}


async def test_a_body_of_unknown_length_is_counted_as_it_arrives(budget):
    f = upload("agent-7", None, chunked=True)
    await admit_and_receive(budget, f)
    assert f.response is None
    for received in (8 * MIB, 16 * MIB, 24 * MIB):
        assert body_budget.grow(f, received)
    others = upload("agent-7", 8 * MIB)
    await admit_and_receive(budget, others)
    assert not body_budget.grow(f, 33 * MIB) and refused(f)  # past the caller's share mid-body: refused there
    assert budget.budget.buffered == 8 * MIB  # the refused body's share is given back at once


async def test_a_declared_length_takes_nothing_until_its_body_arrives(budget):
    """Budget15: a declared length took its share at the headers, so connections from a few client addresses
    (callers without an identity), each announcing a body and sending none, held the cap in all: everyone got 429
    while they stayed open. Now only what arrived counts; a length that could not fit now is still refused."""
    idle = [upload(None, 30 * MIB) for _ in range(4)]
    for i, f in enumerate(idle):
        f.client_conn.peername = (f"127.0.0.{i + 2}", 40000)
        await budget.requestheaders(f)
    assert all(f.response is None for f in idle) and budget.budget.buffered == 0  # before: 64 MiB, the cap in all
    other = upload("agent-9", 10 * MIB)
    await admit_and_receive(budget, other)
    assert other.response is None
    too_long = upload("agent-9", 23 * MIB)  # with the 10 MiB that arrived: past the caller's 32 MiB
    await budget.requestheaders(too_long)
    assert refused(too_long) and too_long.id not in budget.budget.by_flow
    assert body_budget.grow(idle[0], 30 * MIB) and budget.budget.buffered == 40 * MIB  # what arrives counts
    for f in [*idle, other]:
        budget.error(f)
    assert budget.budget.buffered == 0 and budget.budget.by_caller == {}


async def test_streamed_and_already_answered_requests_take_nothing(budget):
    streamed = upload("agent-7", 100 * MIB)
    streamed.request.stream = True
    answered = upload("agent-7", 100 * MIB)
    answered.response = tutils.tresp()
    for f in (streamed, answered):
        await budget.requestheaders(f)
    assert streamed.response is None and budget.budget.buffered == 0


def test_budgets_must_be_positive():
    addon = body_budget.BodyBudget()
    with taddons.context(addon) as tctx:
        for name in ("exitguard_max_buffered_bytes_per_identity", "exitguard_max_buffered_bytes"):
            with pytest.raises(exceptions.OptionsError, match=name):
                tctx.configure(addon, **{name: 0})
    body_budget.install(None)


def websocket(identity: str):
    f = tflow.twebsocketflow()
    f.metadata[metakeys.HOST_CLASS] = "guarded"
    f.metadata[metakeys.IDENTITY] = identity
    return f


async def send(budget, f, size: int) -> None:
    f.websocket.messages.append(websocket_message(size))
    await budget.websocket_message(f)


def websocket_message(size: int):
    from mitmproxy import websocket as ws
    from wsproto.frame_protocol import Opcode
    return ws.WebSocketMessage(Opcode.TEXT, True, b"x" * size)


async def test_a_websocket_cannot_make_the_proxy_keep_more_than_the_callers_share(budget):
    """mitmproxy keeps every message of a live WebSocket flow (reference section 20): before, one caller's socket
    grew the proxy's memory with every message for as long as it stayed open."""
    f = websocket("agent-7")
    await budget.requestheaders(f)
    await budget.response(f)  # the 101: the socket's messages are still to come, its share stays
    for _ in range(31):
        await send(budget, f, MIB)
    assert not f.websocket.messages[-1].dropped and f.live
    await send(budget, f, 2 * MIB)
    assert f.websocket.messages[-1].dropped and f.error is not None  # killed: compat.py ends it with a 1008
    assert "exitguard_max_buffered_bytes_per_identity" in f.metadata[metakeys.REASON]
    assert f.metadata[metakeys.DECISION] == "block"
    other = websocket("agent-9")
    await budget.requestheaders(other)
    await budget.response(other)
    await send(budget, other, 8 * MIB)
    assert not other.websocket.messages[-1].dropped
    budget.websocket_end(f)
    budget.websocket_end(other)
    assert budget.budget.buffered == 0 and budget.budget.by_flow == {}


async def test_an_upgrade_whose_answer_is_replaced_or_killed_gives_its_share_back(budget):
    """Attack14: mitmproxy sets ``flow.websocket`` on a 101 before the response hooks; a hook that replaces the
    answer (Streaming: a key in a header name -> 403) or kills the flow keeps it set, but no WebSocket starts and
    no ``websocket_end`` comes. The share waited for it: kept for the life of the proxy."""
    replaced, killed = websocket("agent-7"), websocket("agent-7")
    for f in (replaced, killed):
        answer, f.response = f.response, None
        f.request.headers["content-length"] = str(10 * MIB)
        await admit_and_receive(budget, f)
        f.response = answer  # the 101
    assert budget.budget.buffered == 20 * MIB
    replaced.response = tutils.tresp(status_code=403)
    killed.kill()
    for f in (replaced, killed):
        await budget.response(f)
    assert budget.budget.buffered == 0 and budget.budget.by_flow == {}


async def test_the_frames_of_an_unfinished_message_count_whether_or_not_the_upgrade_was_admitted(budget):
    """Attack14: compat.py asks as frames gather; an upgrade whose body was streamed (an observed host, a large
    announced length) took no share at its headers, and its socket must count all the same."""
    admitted, streamed = websocket("agent-7"), websocket("agent-7")
    admitted.response = None
    await budget.requestheaders(admitted)
    assert admitted.id in budget.budget.by_flow and streamed.id not in budget.budget.by_flow
    for f in (admitted, streamed):
        assert not body_budget.websocket_pending(f, 10 * MIB)
    assert budget.budget.buffered == 20 * MIB
    assert body_budget.websocket_pending(streamed, 23 * MIB)  # with the other's 10 MiB: past 32 MiB
    assert "exitguard_max_buffered_bytes_per_identity" in streamed.metadata[metakeys.REASON]
    await send(budget, admitted, 10 * MIB)  # the finished message replaces its frames: counted once
    assert budget.budget.by_flow[admitted.id][1] == 10 * MIB
    budget.websocket_end(admitted)
    budget.websocket_end(streamed)
    assert budget.budget.buffered == 0 and budget.budget.websocket_kept == {}


async def test_uninspected_answers_keep_copies_for_the_record_only_within_the_callers_share(budget):
    """attack16: answers nobody inspects were buffered whole under max_body_bytes, uncounted: many held open from an
    agent's own server took the proxy's memory. They are passed on as they arrive (PassThrough); the copy for the
    record counts against the caller's share, and past it the record keeps a beginning and says so."""
    from addons.stream.streaming import PassThrough

    flows = [upload("agent-7", 0) for _ in range(5)]
    streams = []
    for f in flows:
        f.metadata[metakeys.HOST_CLASS] = "observe"
        f.response = tutils.tresp(content=None)
        streams.append(PassThrough(10 * MIB, f))
        for _ in range(8):
            assert streams[-1](b"z" * MIB) == [b"z" * MIB]  # every byte is passed on
    assert [s.kept_size // MIB for s in streams] == [8, 8, 8, 8, 0]  # 32 MiB share: the fifth keeps nothing
    assert list(budget.budget.by_caller.values()) == [32 * MIB]
    for f in flows:
        await budget.response(f)
    assert budget.budget.buffered == 0 and budget.budget.by_caller == {}


async def test_a_buffered_guarded_answer_counts_on_top_of_its_request(budget):
    """attack16: compat.py asks as a guarded answer is buffered; past the share it is refused (502)."""
    f = upload("agent-7", 4 * MIB)
    await admit_and_receive(budget, f)
    assert body_budget.answer_fits(f, 20 * MIB) and budget.budget.buffered == 24 * MIB
    assert body_budget.answer_fits(f, 28 * MIB) and budget.budget.buffered == 32 * MIB  # grows, never twice
    assert not body_budget.answer_fits(f, 29 * MIB)  # 4 + 29 > 32 MiB
    f.response = tutils.tresp()
    await budget.response(f)
    assert budget.budget.buffered == 0 and budget.budget.by_caller == {} and budget.budget.answers == {}
