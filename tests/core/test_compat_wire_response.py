"""wire41, unit: the answer side of compat.send_wire_copies against the installed mitmproxy's own HttpStream. An answer
whose flow has a response copy (core/wire.py) leaves as the copy (head, buffered body, trailers) after the
``response`` hook while the live flow keeps what may be shown; a live answer changed after the seal leaves as it now
is (masked), without the copy; a streamed answer's body leaves as the stream passes it, its trailers from the copy.
The live tests are tests/guard/test_wire41_answers_live.py."""

from __future__ import annotations

from collections.abc import Callable

from mitmproxy import http
from mitmproxy.addons.proxyserver import Proxyserver
from mitmproxy.proxy import commands, events
from mitmproxy.proxy.context import Context
from mitmproxy.proxy.layers.http import (
    GetHttpConnection,
    GetHttpConnectionCompleted,
    HttpLayer,
    HTTPMode,
    HttpStream,
    SendHttp,
)
from mitmproxy.proxy.layers.http._events import (
    RequestData,
    RequestEndOfMessage,
    RequestHeaders,
    ResponseData,
    ResponseEndOfMessage,
    ResponseHeaders,
    ResponseTrailers,
)
from mitmproxy.proxy.layers.http._hooks import HttpResponseHeadersHook, HttpResponseHook
from mitmproxy.test import taddons, tflow

from addons.core import compat, wire

EMAIL = "dana.whitfield@northwind-traders.com"
SENT = f'{{"reply": "write to {EMAIL}"}}'.encode()
SHOWN = b'{"reply": "write to [MASKED:email-address:0a1b2c]"}'

Hook = Callable[[http.HTTPFlow], None]


def _drive(tctx, body: bytes, *, at_response: Hook | None = None, stream: bool = False,
           trailers: http.Headers | None = None, chunks: tuple[bytes, ...] = ()):
    """One request and its answer through an HttpStream; returns (the flow, every answer event sent to the client)."""
    server = tflow.tserver_conn()
    ctx = Context(tflow.tclient_conn(), tctx.options)
    HttpLayer(ctx, HTTPMode.regular)
    stream_layer = HttpStream(ctx, 1)
    sent: list = []

    def run(event) -> None:
        pending = [event]
        while pending:
            for command in stream_layer.handle_event(pending.pop(0)):
                if isinstance(command, SendHttp) and command.connection is ctx.client:
                    sent.append(command.event)
                elif isinstance(command, GetHttpConnection):
                    pending.append(GetHttpConnectionCompleted(command, (server, None)))
                elif isinstance(command, HttpResponseHeadersHook):
                    if stream:
                        command.flow.response.stream = True
                    pending.append(events.HookCompleted(command, None))
                elif isinstance(command, HttpResponseHook):
                    if at_response:
                        at_response(command.flow)
                    pending.append(events.HookCompleted(command, None))
                elif isinstance(command, commands.Command) and command.blocking:
                    pending.append(events.HookCompleted(command, None))

    run(events.Start())
    request = tflow.treq(method=b"POST", path=b"/v1/chat")
    run(RequestHeaders(1, request, end_stream=False))
    run(RequestData(1, b"{}"))
    run(RequestEndOfMessage(1))
    response = tflow.tresp(content=b"")
    response.headers.clear()
    response.headers["content-type"] = "application/json"
    response.headers["content-length"] = str(len(body))
    run(ResponseHeaders(1, response, end_stream=False))
    for chunk in chunks or (body,):
        run(ResponseData(1, chunk))
    if trailers is not None:
        run(ResponseTrailers(1, trailers))
    run(ResponseEndOfMessage(1))
    return stream_layer.flow, sent


def _allow(flow: http.HTTPFlow) -> None:
    """What the guard does with a value the policy lets through to the client: the copy as it came, the live
    answer masked, sealed."""
    wire.response_for(flow)
    flow.response.content = SHOWN
    wire.seal_response(flow)


def _body(sent: list) -> bytes:
    return b"".join(e.data for e in sent if isinstance(e, ResponseData))


def test_the_answer_side_of_the_seam_is_in_place_on_the_installed_mitmproxy():
    compat.install()
    assert compat.wire_response_shapes_hold() and compat.wire_seam_shapes_hold() and wire.seam_ready()


def test_a_buffered_answer_leaves_as_its_copy_and_the_live_flow_keeps_it_masked():
    compat.install()
    with taddons.context(Proxyserver()) as tctx:
        flow, sent = _drive(tctx, SENT, at_response=_allow)
    head = next(e for e in sent if isinstance(e, ResponseHeaders))
    assert head.response is not flow.response and head.response.headers["content-length"] == str(len(SENT))
    assert head.end_stream is False
    assert _body(sent) == SENT
    assert isinstance(sent[-1], ResponseEndOfMessage)
    assert flow.response.content == SHOWN and EMAIL not in str(flow.response.get_state())
    assert wire.registered_response(flow) is None  # dropped once the answer left


def test_trailers_of_a_buffered_answer_leave_from_the_copy():
    compat.install()

    def allow_trailer(flow: http.HTTPFlow) -> None:
        wire.response_for(flow)
        flow.response.trailers = http.Headers(x_contact="[MASKED:email-address:0a1b2c]")
        wire.seal_response(flow)

    with taddons.context(Proxyserver()) as tctx:
        flow, sent = _drive(tctx, b"x", at_response=allow_trailer, trailers=http.Headers(x_contact=EMAIL))
    (trailers,) = [e for e in sent if isinstance(e, ResponseTrailers)]
    assert trailers.trailers["x-contact"] == EMAIL and EMAIL not in flow.response.trailers["x-contact"]


def test_a_live_answer_changed_after_the_seal_leaves_as_it_is_masked():
    compat.install()

    def allow_then_edit(flow: http.HTTPFlow) -> None:
        _allow(flow)
        flow.response.headers["x-edited"] = "1"  # a console edit of an intercepted answer, after the bundle

    with taddons.context(Proxyserver()) as tctx:
        flow, sent = _drive(tctx, SENT, at_response=allow_then_edit)
    head = next(e for e in sent if isinstance(e, ResponseHeaders))
    assert head.response is flow.response and _body(sent) == SHOWN
    assert wire.registered_response(flow) is None


def test_a_copy_whose_body_the_live_answer_would_not_send_is_not_used():
    compat.install()

    def allow_then_empty(flow: http.HTTPFlow) -> None:
        _allow(flow)
        flow.response.content = b""
        wire.seal_response(flow)  # sealed as empty: mitmproxy would send no body event for the copy's

    with taddons.context(Proxyserver()) as tctx:
        flow, sent = _drive(tctx, SENT, at_response=allow_then_empty)
    head = next(e for e in sent if isinstance(e, ResponseHeaders))
    assert head.response is flow.response and EMAIL.encode() not in _body(sent)


def test_a_streamed_answer_passes_its_body_as_it_comes():
    compat.install()

    def record(flow: http.HTTPFlow) -> None:
        wire.response_for(flow)  # as if the stream's trailers held a value (none here)
        flow.response.content = b"recorded"
        wire.seal_response(flow)

    with taddons.context(Proxyserver()) as tctx:
        flow, sent = _drive(tctx, b"", at_response=record, stream=True, chunks=(b"data: a\n\n", b"data: b\n\n"))
    assert [e.data for e in sent if isinstance(e, ResponseData)] == [b"data: a\n\n", b"data: b\n\n"]
    assert next(e for e in sent if isinstance(e, ResponseHeaders)).response is flow.response


def test_a_streamed_answers_trailers_leave_from_the_copy_after_the_hook():
    compat.install()

    def allow_trailer(flow: http.HTTPFlow) -> None:
        assert flow.response.trailers["x-contact"] == EMAIL
        wire.response_for(flow)
        flow.response.trailers["x-contact"] = "[MASKED:email-address:0a1b2c]"
        wire.seal_response(flow)

    with taddons.context(Proxyserver()) as tctx:
        flow, sent = _drive(tctx, b"", at_response=allow_trailer, stream=True, chunks=(b"data: a\n\n",),
                            trailers=http.Headers(x_contact=EMAIL))
    assert [e.data for e in sent if isinstance(e, ResponseData)] == [b"data: a\n\n"]
    (trailers,) = [e for e in sent if isinstance(e, ResponseTrailers)]
    assert trailers.trailers["x-contact"] == EMAIL and EMAIL not in flow.response.trailers["x-contact"]
    assert wire.registered_response(flow) is None


def test_an_answer_without_a_copy_leaves_untouched():
    compat.install()
    with taddons.context(Proxyserver()) as tctx:
        flow, sent = _drive(tctx, SENT)
    head = next(e for e in sent if isinstance(e, ResponseHeaders))
    assert head.response is flow.response and _body(sent) == SENT


def test_the_seam_is_one_patch_for_both_directions():
    compat.install()
    compat.send_wire_copies()  # again: nothing doubles
    assert getattr(HttpStream.handle_event, "exitguard_wire", False)
