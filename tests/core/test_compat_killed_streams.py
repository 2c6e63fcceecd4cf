"""compat.end_killed_streams (faults49, EVASION.md section 5): a streamed answer whose flow was killed ends at that
chunk, on both sides, and nothing more of it is fed on; and the mitmproxy behaviour it works around (a killed flow's
stream goes on to the upstream's end) is still there."""

from __future__ import annotations

import pytest
from mitmproxy import flow as mflow
from mitmproxy.addons import proxyserver
from mitmproxy.proxy.context import Context
from mitmproxy.proxy.layers.http import HttpErrorHook, HttpStream, SendHttp
from mitmproxy.proxy.layers.http._events import (
    ErrorCode,
    RequestProtocolError,
    ResponseData,
    ResponseEndOfMessage,
    ResponseProtocolError,
)
from mitmproxy.test import taddons, tflow

from addons.core import compat


class Callable:
    """A stream callable that refuses (one error chunk, then kills the flow) at the chunk ``kill_at``."""

    def __init__(self, flow, kill_at: bytes | None = None) -> None:
        self.flow, self.kill_at, self.fed = flow, kill_at, []

    def __call__(self, data: bytes) -> list[bytes]:
        self.fed.append(data)
        if data and data == self.kill_at:
            self.flow.kill()
            return [b"event: error\ndata: refused\n\n"]
        return [data]


@pytest.fixture
def streaming():
    """An HttpStream in the middle of a streamed answer (headers sent, body chunks arriving), and its callable."""
    compat.install()
    with taddons.context(proxyserver.Proxyserver()) as tctx:  # its options: store_streamed_bodies
        context = Context(tflow.tclient_conn(), tctx.options)
        context.server = tflow.tserver_conn()
        stream = HttpStream(context, 1)
        stream.flow = tflow.tflow(resp=True)
        stream.flow.live = True
        stream.flow.response.stream = Callable(stream.flow)
        stream.client_state = stream.state_done
        stream.server_state = stream.state_stream_response_body
        yield stream


def feed(stream: HttpStream, event) -> list:
    return list(stream._handle_event(event))


def sent_to(stream: HttpStream, commands: list, side: str) -> list:
    conn = stream.context.client if side == "client" else stream.context.server
    return [c.event for c in commands if isinstance(c, SendHttp) and c.connection is conn]


def test_a_stream_killed_by_its_callable_ends_on_both_sides_at_that_chunk(streaming):
    streaming.flow.response.stream.kill_at = b"two"
    assert [e.data for e in sent_to(streaming, feed(streaming, ResponseData(1, b"one")), "client")] == [b"one"]
    done = feed(streaming, ResponseData(1, b"two"))
    to_client, to_server = sent_to(streaming, done, "client"), sent_to(streaming, done, "server")
    # The refusal leaves first, then the broken end; the upstream side is told as when a client goes away.
    assert [type(e) for e in to_client] == [ResponseData, ResponseProtocolError]
    assert to_client[0].data.startswith(b"event: error") and to_client[1].code == ErrorCode.KILL
    assert [type(e) for e in to_server] == [RequestProtocolError] and to_server[0].code == ErrorCode.KILL
    assert any(isinstance(c, HttpErrorHook) for c in done)  # the flow is recorded through its error hook
    assert streaming.flow.error.msg == mflow.Error.KILLED_MESSAGE and not streaming.flow.live
    # Whatever the upstream had sent already is dropped, not fed on, and the end never comes to the callable.
    assert feed(streaming, ResponseData(1, b"three")) == [] and feed(streaming, ResponseEndOfMessage(1)) == []
    assert streaming.flow.response.stream.fed == [b"one", b"two"]


def test_a_chunk_for_a_flow_killed_between_chunks_is_not_fed_on(streaming):
    feed(streaming, ResponseData(1, b"one"))
    streaming.flow.kill()  # by another addon, a reload, the approval: anyone, between two reads
    done = feed(streaming, ResponseData(1, b"two"))
    assert [type(e) for e in sent_to(streaming, done, "client")] == [ResponseProtocolError]
    assert [type(e) for e in sent_to(streaming, done, "server")] == [RequestProtocolError]
    assert streaming.flow.response.stream.fed == [b"one"]


def test_a_live_stream_is_left_as_it_was(streaming):
    sent = [feed(streaming, ResponseData(1, piece)) for piece in (b"a", b"b")]
    assert [[e.data for e in sent_to(streaming, s, "client")] for s in sent] == [[b"a"], [b"b"]]
    assert not any(sent_to(streaming, s, "server") for s in sent)


def test_install_wraps_the_stream_state_once():
    compat.install()
    compat.install()
    patched = HttpStream.state_stream_response_body
    assert patched.exitguard_ends_killed
    assert not getattr(patched.exitguard_original, "exitguard_ends_killed", False)


def test_a_killed_stream_still_goes_on_in_mitmproxy(streaming):
    """The bug behind end_killed_streams (mitmproxy#4711): when this fails, mitmproxy ends killed streams itself."""
    original = HttpStream.state_stream_response_body.exitguard_original
    streaming.flow.kill()
    done = list(original(streaming, ResponseData(1, b"after the kill")))
    assert [e.data for e in sent_to(streaming, done, "client")] == [b"after the kill"]
    assert not sent_to(streaming, done, "server")
