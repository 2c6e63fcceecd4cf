"""compat.end_killed_streams for a streamed *request* body (attack50): an observed host's body past max_body_bytes
streams on as it arrives; when its flow is killed (guard/hostpolicy.py's WatchedBody, after a reload denied the host)
it ends at that chunk: the server side is reset (HTTP/1 closes the connection), the client gets a broken answer,
the flow its error hook, and no later chunk is fed on. mitmproxy 12.3's request stream never looks at the kill."""

from __future__ import annotations

import pytest
from mitmproxy import flow as mflow
from mitmproxy.addons import proxyserver
from mitmproxy.proxy.context import Context
from mitmproxy.proxy.layers.http import HttpErrorHook, HttpStream
from mitmproxy.proxy.layers.http._events import (
    ErrorCode,
    RequestData,
    RequestEndOfMessage,
    RequestProtocolError,
    ResponseProtocolError,
)
from mitmproxy.test import taddons, tflow

from addons.core import compat
from tests.core.test_compat_killed_streams import Callable, feed, sent_to


@pytest.fixture
def uploading():
    """An HttpStream in the middle of a streamed request body (headers sent upstream, body chunks arriving)."""
    compat.install()
    with taddons.context(proxyserver.Proxyserver()) as tctx:
        context = Context(tflow.tclient_conn(), tctx.options)
        context.server = tflow.tserver_conn()
        stream = HttpStream(context, 1)
        stream.flow = tflow.tflow()
        stream.flow.live = True
        stream.flow.request.stream = Callable(stream.flow)
        stream.client_state = stream.state_stream_request_body
        stream.server_state = stream.state_wait_for_response_headers
        yield stream


def test_a_request_stream_killed_by_its_callable_ends_at_that_chunk(uploading):
    uploading.flow.request.stream.kill_at = b"two"
    assert [e.data for e in sent_to(uploading, feed(uploading, RequestData(1, b"one")), "server")] == [b"one"]
    done = feed(uploading, RequestData(1, b"two"))
    to_client, to_server = sent_to(uploading, done, "client"), sent_to(uploading, done, "server")
    assert [type(e) for e in to_server] == [RequestData, RequestProtocolError] and to_server[1].code == ErrorCode.KILL
    assert [type(e) for e in to_client] == [ResponseProtocolError] and to_client[0].code == ErrorCode.KILL
    assert any(isinstance(c, HttpErrorHook) for c in done)
    assert uploading.flow.error.msg == mflow.Error.KILLED_MESSAGE
    assert feed(uploading, RequestData(1, b"three")) == [] and feed(uploading, RequestEndOfMessage(1)) == []
    assert uploading.flow.request.stream.fed == [b"one", b"two"]


def test_a_request_chunk_for_a_flow_killed_between_chunks_is_not_sent(uploading):
    feed(uploading, RequestData(1, b"one"))
    uploading.flow.kill()
    done = feed(uploading, RequestData(1, b"two"))
    assert [type(e) for e in sent_to(uploading, done, "server")] == [RequestProtocolError]
    assert uploading.flow.request.stream.fed == [b"one"]


class _KillsAtTheEnd:
    """A stream callable that refuses at the answer's end (the masker's finish found a value it cannot mask)."""

    def __init__(self, flow) -> None:
        self.flow = flow

    def __call__(self, data: bytes) -> list[bytes]:
        if data:
            return [data]
        self.flow.kill()
        return [b"event: error\ndata: refused\n\n"]


def test_a_kill_at_the_answers_end_sends_the_refusal_then_a_broken_end():
    """A kill racing the end of the answer: the refusal leaves, then mitmproxy's own kill check (after the response
    hook) breaks the end; no clean end follows a refusal."""
    from mitmproxy.proxy.layers.http._events import ResponseData, ResponseEndOfMessage

    compat.install()
    with taddons.context(proxyserver.Proxyserver()) as tctx:
        context = Context(tflow.tclient_conn(), tctx.options)
        context.server = tflow.tserver_conn()
        stream = HttpStream(context, 1)
        stream.flow = tflow.tflow(resp=True)
        stream.flow.live = True
        stream.flow.response.stream = _KillsAtTheEnd(stream.flow)
        stream.client_state = stream.state_done
        stream.server_state = stream.state_stream_response_body
        feed(stream, ResponseData(1, b"one"))
        to_client = sent_to(stream, feed(stream, ResponseEndOfMessage(1)), "client")
    assert [type(e) for e in to_client] == [ResponseData, ResponseProtocolError], to_client
    assert to_client[0].data.startswith(b"event: error") and to_client[1].code == ErrorCode.KILL
