"""Attack39, unit: compat.send_wire_copies against the installed mitmproxy's own HttpStream. A request whose flow has a
wire copy leaves as the copy (head, body, trailers) while the live flow keeps what may be shown; a live request
changed after the bundle sealed it leaves as it now is, without the copy; a streamed request's head leaves from the
copy and its body as it comes. The stream is driven with mitmproxy's events and hooks answered here, as its
HttpLayer and addons would; the live tests are tests/credentials/test_attack39_wire_live.py."""

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
    RequestTrailers,
)
from mitmproxy.proxy.layers.http._hooks import HttpRequestHeadersHook, HttpRequestHook
from mitmproxy.test import taddons, tflow

from addons.core import compat, wire

KEY = "sk-wire-FAKE-Zq3Lm8Vt2Hx6Nc1Rb7"

Hook = Callable[[http.HTTPFlow], None]


def _drive(tctx, request: http.Request, body: bytes, *, at_request: Hook | None = None,
           at_headers: Hook | None = None, stream: bool = False, trailers: http.Headers | None = None):
    """One request through an HttpStream; returns (the flow, every request event sent to the server)."""
    server = tflow.tserver_conn()
    ctx = Context(tflow.tclient_conn(), tctx.options)
    HttpLayer(ctx, HTTPMode.regular)
    stream_layer = HttpStream(ctx, 1)
    sent: list = []

    def run(event) -> None:
        pending = [event]
        while pending:
            for command in stream_layer.handle_event(pending.pop(0)):
                if isinstance(command, SendHttp) and command.connection is server:
                    sent.append(command.event)
                elif isinstance(command, GetHttpConnection):
                    pending.append(GetHttpConnectionCompleted(command, (server, None)))
                elif isinstance(command, HttpRequestHeadersHook):
                    if stream:
                        command.flow.request.stream = True
                    if at_headers:
                        at_headers(command.flow)
                    pending.append(events.HookCompleted(command, None))
                elif isinstance(command, HttpRequestHook):
                    if at_request:
                        at_request(command.flow)
                    pending.append(events.HookCompleted(command, None))
                elif isinstance(command, commands.Command) and command.blocking:
                    pending.append(events.HookCompleted(command, None))

    run(events.Start())
    run(RequestHeaders(1, request, end_stream=False))
    run(RequestData(1, body))
    if trailers is not None:
        run(RequestTrailers(1, trailers))
    run(RequestEndOfMessage(1))
    return stream_layer.flow, sent


def _request() -> http.Request:
    r = tflow.treq(method=b"POST", path=b"/v1/chat")
    r.headers["authorization"] = "Bearer exitguard"
    return r


def _inject(flow: http.HTTPFlow) -> None:
    """What the broker does: the key on the wire copy, the marker on the live flow, sealed."""
    on_wire = wire.request_for(flow)
    on_wire.headers["authorization"] = f"Bearer {KEY}"
    on_wire.content = b'{"allowed": "value-sent-as-is"}'
    flow.request.headers["authorization"] = "Bearer [BROKERED:openai]"
    flow.request.content = b'{"allowed": "[MASKED]"}'
    wire.seal(flow)


def test_the_seam_is_in_place_on_the_installed_mitmproxy():
    compat.install()
    assert compat.wire_seam_shapes_hold() and wire.seam_ready()
    assert getattr(HttpStream.handle_event, "exitguard_wire", False)
    assert getattr(HttpStream.handle_event, "exitguard_patched", False)  # notice_reset_streams kept


def test_a_buffered_request_leaves_as_its_wire_copy_and_the_live_flow_keeps_what_may_be_shown():
    compat.install()
    with taddons.context(Proxyserver()) as tctx:
        flow, sent = _drive(tctx, _request(), b'{"allowed": "value-sent-as-is"}', at_request=_inject)
    head = next(e for e in sent if isinstance(e, RequestHeaders))
    assert head.request is not flow.request and head.request.headers["authorization"] == f"Bearer {KEY}"
    assert head.end_stream is False
    assert b"".join(e.data for e in sent if isinstance(e, RequestData)) == b'{"allowed": "value-sent-as-is"}'
    assert isinstance(sent[-1], RequestEndOfMessage)
    assert KEY not in str(flow.request.get_state()) and b"value-sent-as-is" not in flow.request.content
    assert wire.registered(flow) is None  # dropped once the request left


def test_trailers_of_a_buffered_request_leave_from_the_copy():
    compat.install()

    def inject_trailer(flow: http.HTTPFlow) -> None:
        assert flow.request.trailers is not None
        wire.request_for(flow).trailers = http.Headers(x_sum=KEY)
        flow.request.trailers = http.Headers(x_sum="[MASKED]")
        wire.seal(flow)

    with taddons.context(Proxyserver()) as tctx:
        flow, sent = _drive(tctx, _request(), b"x", at_request=inject_trailer, trailers=http.Headers(x_sum="a"))
    (trailers,) = [e for e in sent if isinstance(e, RequestTrailers)]
    assert trailers.trailers["x-sum"] == KEY and flow.request.trailers["x-sum"] == "[MASKED]"


def test_a_live_request_changed_after_the_seal_leaves_as_it_is_without_the_copy():
    compat.install()

    def inject_then_edit(flow: http.HTTPFlow) -> None:
        _inject(flow)
        flow.request.host = "unlisted.example"  # a console edit, or map_remote, after the bundle

    with taddons.context(Proxyserver()) as tctx:
        flow, sent = _drive(tctx, _request(), b"{}", at_request=inject_then_edit)
    head = next(e for e in sent if isinstance(e, RequestHeaders))
    assert head.request is flow.request and head.request.headers["authorization"] == "Bearer [BROKERED:openai]"
    assert KEY.encode() not in b"".join(e.data for e in sent if isinstance(e, RequestData))
    assert wire.registered(flow) is None


def test_a_streamed_request_sends_its_head_from_the_copy_and_its_body_as_it_comes():
    compat.install()

    def inject_head(flow: http.HTTPFlow) -> None:
        wire.request_for(flow).headers["authorization"] = f"Bearer {KEY}"
        flow.request.headers["authorization"] = "Bearer [BROKERED:openai]"
        wire.seal(flow)

    with taddons.context(Proxyserver()) as tctx:
        flow, sent = _drive(tctx, _request(), b"streamed-chunk", at_headers=inject_head, stream=True)
    head = next(e for e in sent if isinstance(e, RequestHeaders))
    assert head.request.headers["authorization"] == f"Bearer {KEY}" and head.end_stream is False
    assert [e.data for e in sent if isinstance(e, RequestData)] == [b"streamed-chunk"]
    assert flow.request.headers["authorization"] == "Bearer [BROKERED:openai]"


def test_a_flow_without_a_copy_leaves_untouched():
    compat.install()
    with taddons.context(Proxyserver()) as tctx:
        flow, sent = _drive(tctx, _request(), b"plain")
    head = next(e for e in sent if isinstance(e, RequestHeaders))
    assert head.request is flow.request
