"""Every place exitguard works around mitmproxy itself, in one module, checked against the version it was
verified on. Each item names the upstream issue and the test that shows it is still needed; when a test says
the bug is gone, drop the workaround.

- **Body size pin** (`pin_guarded_body_buffering`): `stream_large_bodies` would switch a guarded body to
  unscanned streaming, and mitmproxy's own `body_size_limit` answer half-closes and stops reading, so a client
  that uploads before it reads hangs. tests/core/test_compat.py, tests/proxy/test_live_guard.py.
- **Kill does not wake an intercepted flow** (mitmproxy#8045, fix PR #8199 not merged in 12.3.1): `flow.kill()`
  leaves `wait_for_resume()` waiting. A flow intercepted by mitmweb's filter and killed there stayed in its hook
  for as long as the process ran: a brokered request's sealed copy and broker entry with it, the agent's request
  hanging. `wake_killed_flows` makes a kill set the resume event, as the PR does; the approval hold still polls
  `flow.intercepted` every `HOLD_POLL_SECONDS` (its own wait, not mitmproxy's).
  tests/core/test_compat.py::test_kill_still_does_not_wake_wait_for_resume (on mitmproxy's own kill),
  tests/credentials/test_attack40_memory_live.py.
- **HTTP/1.1 trailers crash the connection's handler** (`Http1Connection.read_body` raises
  `NotImplementedError("HTTP trailers are not implemented yet.")` in 12.3.1): the client, or the client of an
  upstream that answers with trailers, hangs until its own timeout. `refuse_http1_trailers` turns it into a clear
  error: 400 for a request with trailers, 502 for a response with them, and the flow's error hook.
  tests/core/test_compat.py::test_http1_trailers_still_raise_not_implemented, tests/proxy/test_live_guard.py.
- **HTTP/1 heads have no size bound** (12.3.1: "FIXME: protect against header size DoS"): a head is buffered until
  its blank line, and what arrives while a message is in flight is kept for the next one, unread. `bound_http1_heads`
  ends a head past `MAX_HEAD_BYTES` (431 to a client, 502 for an upstream's answer) and a connection that sends more
  than `MAX_WAITING_BYTES` while waiting.
  tests/hostile/test_attack14_budget_live.py (`test_a_request_head_without_end_...`, `test_an_upstreams_endless_...`).
- **An empty chunk ends an HTTP/1.1 chunked body** (mitmproxy#8242, open in 12.3.1): a stream callable must
  return `[]`, never `b""`, to hold data back. tests/core/test_compat.py::test_empty_chunk_is_still_the_terminator.
- **WebSocket control frames have no hook** (12.3.1): a ping's or pong's payload (up to 125 bytes) and a close
  frame's reason (up to 123) are relayed to the other side as they came, and the reason is kept in
  `flow.websocket.close_reason`. `relay_websocket_control_frames` passes each through the filter the Streaming
  addon registers (stream/control_frames.py) before it is sent; on a guarded flow with no filter registered the
  payload or reason is dropped. tests/stream/test_live_attack_ws_control.py, tests/core/test_compat.py.
- **A killed WebSocket flow goes on** (mitmproxy#4711, "we cannot kill flows in transit", 12.3.1):
  `flow.kill()` in `websocket_message` only marks the flow dead; the connection stays open, the next message runs
  the hooks on a flow that is no longer live (every exitguard hook skips those) and is relayed, and the flow is
  never recorded (the audit records live flows). `end_killed_websockets` ends the connection instead: no later
  message of that read or of the connection is relayed, both sides get a close frame (1008, the flow's decision reason,
  `metakeys.REASON`, which never holds a value) and `websocket_end` runs with the flow live, so it is recorded.
  tests/stream/test_live_attack_ws_after_check.py, tests/core/test_compat.py.
- **A killed streamed answer goes on** (mitmproxy#4711, 12.3.1): ``flow.kill()`` only marks the flow; the HTTP
  layer looks at that mark at its hook boundaries, and a streamed answer has none between its head and its end.
  A stream callable that refuses (the masker's error event) and kills the flow went on being fed the upstream to
  its end, however long (faults48: one endless SSE event). `end_killed_streams` looks after each chunk of a
  streamed answer: killed, the upstream side gets what mitmproxy sends it when the client errors mid-answer
  (``RequestProtocolError``, code KILL: HTTP/1 closes the server connection, HTTP/2 and 3 reset only that stream),
  the client gets the layer's own ``check_killed`` (the error hook, then a broken body), and no later chunk is read.
  12.3 has no documented way for an addon to do this (``KillInjected`` is mitmproxy PR #8200, not merged).
  tests/core/test_compat_killed_streams.py, tests/proxy/test_faults48_slow_answers_live.py.
- **mitmproxy's error pages quote what it could not parse** (12.3.1): a malformed answer head (a header line
  without a colon, a status line, a content-length, a chunk size, an HTTP/2 header value) or request head is
  answered by mitmproxy itself (502 / 400), the page quoting the bytes (``_base.format_error``), before any hook
  can change it. `mask_error_pages` passes the text through `errortext.masked` in each protocol's module (they
  import `format_error` by name), and HTTP/2's `protocol_error`, which also sends it as a GOAWAY's debug data.
  tests/core/test_compat.py, tests/proxy/test_live_attack_error_pages.py.

- **A stream the client resets while a hook holds its flow is not visible to the hook** (12.3.1): an HTTP/2
  (or HTTP/3) client that cancels one request (RST_STREAM) and keeps its connection leaves ``client_conn``
  readable; the reset waits in the stream layer's paused event queue until the hook returns. A request held for
  approval then counted as waiting (and kept its capacity share) until decided or expired. `notice_reset_streams`
  records such flows; `stream_reset(flow)` tells the approval hold. tests/approval/test_live_abandoned.py.
- **A start-up error exits with mitmproxy_rs listeners open** (12.3.1, CPython 3.12): the errorcheck's
  ``sys.exit(1)`` leaves a UDP listener (``reverse:https`` listens on UDP too) to tokio threads that call into the
  finalizing interpreter: a segfault, 139 instead of 1, in most runs. `rust_listeners.exit_from_errorcheck` (and
  `options.refuse_to_start`) end such a process with `os._exit` after flushing. tests/proxy/test_live_startup_exit.py.
  A requested shutdown (SIGINT, SIGTERM) meets the same race, most often when the signal comes while the servers
  start (no done hook runs then): `rust_listeners.exit_on_requested_shutdown` patches ``Master.shutdown`` to end the
  process at exit, after the done hooks, without finalizing. A signal before the bundle has loaded is outside its
  reach. tests/proxy/test_live_shutdown_exit.py.
- **A reverse listener's unreachable upstream gets an empty reply** (12.3.1, eager connection strategy, mitmdump's
  default): `ReverseProxy` opens the upstream connection as the client connects and, when that fails (refused by
  exitguard's `server_connect`, or by the upstream's host), closes the client's connection before reading a request.
  `answer_reverse_upstream_errors` lets a reverse HTTP(S) listener connect when the request asks for it (as the lazy
  strategy does), so the HTTP layer answers 502 with the reason. The option itself is global: the regular listener
  stays eager. tests/proxy/test_live_reverse_refused.py.
- **A request leaves as the live flow shows it** (12.3.1): ``HttpStream`` hands ``flow.request`` itself to the
  server connection (``SendHttp(RequestHeaders(stream_id, self.flow.request, ...))`` after the ``request`` hook,
  after ``requestheaders`` for a streamed body), and mitmweb shows that same object until the answer. What only
  the upstream may get (a brokered key, a value the policy let through) goes on a wire copy instead:
  `send_wire_copies` swaps the request events a stream sends for ones built from the copy the addons registered
  (`wire_request`), kept here, never in ``flow.metadata``. tests/core/test_compat_wire.py,
  tests/credentials/test_attack39_wire_live.py. The answer the same way (wire41): ``send_response`` hands
  ``flow.response`` itself to the client after the ``response`` hook; a value the policy lets through to the client
  leaves from the flow's response copy (`_to_the_client`). tests/core/test_compat_wire_response.py,
  tests/guard/test_wire41_answers_live.py.
- **A crashed connection handler leaves its client waiting** (12.3.1): a ``MemoryError`` inside mitmproxy's own
  layers (joining a request body near a memory cap, faults48) is caught
  in ``ConnectionHandler.server_event`` ("mitmproxy has crashed!") and the connection stays open with its layers
  half-run: the client got no answer and no close until its own timeout (20 s a request in faults48's test).
  `close_crashed_connections` closes the client's connection as the exception passes (the flow's error hook runs
  as for any client that hangs up, so it is recorded); mitmproxy still logs the crash.
  tests/core/test_compat_crashed_handler_live.py, tests/proxy/test_faults48_memory_limit_live.py.
- **A WebSocket message leaves as the live message shows it** (12.3.1, wire42): ``WebsocketLayer.relay_messages``
  sends ``message.content`` of ``flow.websocket.messages[-1]`` (the object mitmweb shows and Save writes) when it is
  resumed after the ``websocket_message`` hook. `send_websocket_wire_copies` puts the message's copy
  (`wire.send_message_as`) on it for that one step and the masked text back before anything else runs.
  tests/core/test_compat_wire_messages.py, tests/stream/test_wire42_messages_live.py.
- **mitmweb puts its login token on the browser's command line** (12.3.1): its WebAddon opens
  ``http://HOST:PORT/?token=...`` with ``gio open`` / ``xdg-open`` / a browser, whose arguments every local user
  reads (``/proc/PID/cmdline``): the console, Resume included, for anyone on the machine.
  `web_login.open_browser_privately` opens a private hand-over page instead (review62).
  tests/cli/test_review62_web_token_argv.py.

Not workarounds (still true in 12.3, and part of the design): hooks fail open (`core/fail_closed.py`), the
`rawtcp` guess (`core/config.py`), and `flow.metadata` must be tnetstring-able (`core/metakeys.py`).
"""

from __future__ import annotations

import dataclasses
import inspect
import logging
import time
import weakref
from collections.abc import Callable, Generator
from typing import Any

import wsproto.connection
import wsproto.events
from mitmproxy import flow as mitmproxy_flow
from mitmproxy import http
from mitmproxy import version as mitmproxy_version
from mitmproxy.connection import ConnectionState
from mitmproxy.proxy import commands, events, server
from mitmproxy.proxy.layers import http as http_layer
from mitmproxy.proxy.layers import modes
from mitmproxy.proxy.layers import websocket as websocket_layer
from mitmproxy.proxy.layers.http import SendHttp, _http1, _http2, _http3
from mitmproxy.proxy.layers.http._base import ReceiveHttp
from mitmproxy.proxy.layers.http._events import (
    ErrorCode,
    RequestData,
    RequestEndOfMessage,
    RequestHeaders,
    RequestProtocolError,
    RequestTrailers,
    ResponseData,
    ResponseEndOfMessage,
    ResponseHeaders,
    ResponseTrailers,
)
from mitmproxy.proxy.layers.websocket import WebsocketConnection, WebsocketEndHook, WebsocketLayer, WebsocketMessageHook
from mitmproxy.proxy.mode_specs import ReverseMode
from mitmproxy.utils import human

from addons.core import body_budget, errortext, metakeys, responses, runtime, rust_listeners, web_login, wire

logger = logging.getLogger(__name__)

VERIFIED_ON = (12, 3)  # mitmproxy major.minor these workarounds were checked against
HOLD_POLL_SECONDS = 0.1  # mitmproxy#8045: how often an approval hold looks at flow.intercepted


class UnsupportedMitmproxy(RuntimeError):
    pass


def check_version(found: str = mitmproxy_version.VERSION) -> None:
    """Refuse a mitmproxy whose internals the patches below were not verified on: a patch that silently
    stops applying would turn into a bypass."""
    try:
        major_minor = tuple(int(part) for part in found.split(".")[:2])
    except ValueError:
        raise UnsupportedMitmproxy(f"cannot read the mitmproxy version {found!r}") from None
    if major_minor != VERIFIED_ON:
        wanted = ".".join(map(str, VERIFIED_ON))
        raise UnsupportedMitmproxy(
            f"exitguard is verified on mitmproxy {wanted}.x, this is {found}: install mitmproxy=={wanted}.* "
            f"(pyproject.toml pins it), or re-check addons/core/compat.py against {found} first")


def install() -> None:
    """Check the version and apply every patch; safe to call more than once."""
    check_version()
    pin_guarded_body_buffering()
    refuse_http1_trailers()
    bound_http1_heads()
    relay_websocket_control_frames()
    end_killed_websockets()
    end_killed_streams()
    send_websocket_wire_copies()  # after the other relay wraps: the outermost, it sees each hook's result first
    mask_error_pages()
    notice_reset_streams()
    wake_killed_flows()
    rust_listeners.exit_from_errorcheck()
    rust_listeners.exit_on_requested_shutdown()
    answer_reverse_upstream_errors()
    send_wire_copies()
    close_crashed_connections()
    web_login.open_browser_privately()


# What send_wire_copies rests on in mitmproxy 12.3: the stream's states and the request events' fields.
WIRE_STREAM_STATES = ("state_consume_request_body", "start_request_stream", "state_done")
WIRE_HEADERS_FIELDS = ("stream_id", "request", "end_stream", "replay_flow")


def close_crashed_connections() -> None:
    """A MemoryError out of a connection's layers closes the client's connection instead of leaving it open.

    ``ConnectionHandler.server_event`` runs ``self.layer.handle_event(event)`` and logs whatever it raises; the
    layers are then half-run (a body half-read, a hook's answer never sent) and nothing closes the connection. The
    handler's top layer (set by the server instance after the handler is made, so wrapped at its first event) gets
    one more command when its commands end in a MemoryError: close the client (once the client's reader runs: not
    during ``Start``); then the exception goes on to mitmproxy's own log. A layer that crashed sends nothing more:
    what it held is lost, never sent half-inspected. Other exceptions are left as they were: an HTTP/2 client's
    connection lives on after one stream's crash (a request trailer an HTTP/1 upstream cannot take,
    tests/guard/test_live_content.py), and its other streams with it."""
    original = server.ConnectionHandler.server_event
    if getattr(original, "exitguard_patched", False):
        return

    async def server_event(self, event: events.Event) -> None:
        top = self.layer
        if "handle_event" not in vars(top):  # not wrapped yet (the method is the class's)
            top.handle_event = _closing_on_crash(self, top.handle_event)
        await original(self, event)

    server_event.exitguard_patched = True  # type: ignore[attr-defined]
    server.ConnectionHandler.server_event = server_event  # type: ignore[method-assign]


def _closing_on_crash(handler: server.ConnectionHandler, handle_event):
    def closing_on_crash(event: events.Event):
        try:
            return (yield from handle_event(event))
        except MemoryError:
            io = handler.transports.get(handler.client)
            if io is not None and io.handler is not None and handler.client.state is not ConnectionState.CLOSED:
                # First, before anything that allocates: after a MemoryError, logging may fail too.
                yield commands.CloseConnection(handler.client)
                logger.error("exitguard: a connection's handler failed; its client's connection is closed")
            raise

    return closing_on_crash


def wire_seam_shapes_hold() -> bool:
    """The parts of mitmproxy the seam relies on are still there (else brokered requests are refused)."""
    fields = tuple(f.name for f in dataclasses.fields(RequestHeaders))
    return fields == WIRE_HEADERS_FIELDS and all(hasattr(http_layer.HttpStream, s) for s in WIRE_STREAM_STATES) \
        and http_layer.RequestHeaders is RequestHeaders and http_layer.RequestData is RequestData \
        and wire_response_shapes_hold()


def send_wire_copies() -> None:
    """The request events a stream sends to the server come from the flow's wire copy (core/wire.py) when one is
    registered, not from the live ``flow.request`` mitmweb shows.

    mitmproxy 12.3's ``HttpStream`` sends ``RequestHeaders(stream_id, self.flow.request, end_stream)``, then the body
    as ``RequestData(raw_content)``, trailers and ``RequestEndOfMessage``, right after the ``request`` hook (a
    buffered body, ``state_consume_request_body``), or the head alone right after ``requestheaders`` (a streamed
    body, ``start_request_stream``). Every command of a stream passes through ``HttpStream.handle_event`` (a resumed
    hook's too, and a replay's, which runs the same stream code), so the seam swaps them there: the head for one
    built from the copy; for a buffered body also its data and trailers. A streamed body and its trailers leave as
    they come (the copy holds the head only). The events hold the copy itself: a connection that opens later, or
    a layer that queues them, sends what was swapped in."""
    original = http_layer.HttpStream.handle_event
    if getattr(original, "exitguard_wire", False):
        return
    if not wire_seam_shapes_hold():
        logger.error("exitguard: mitmproxy's request events are not as verified; brokered requests are refused")
        return

    def handle_event(self, event):
        for command in original(self, event):
            if isinstance(command, SendHttp) and getattr(self, "flow", None) is not None:
                if isinstance(command.event, RESPONSE_EVENTS):  # wire41: answers, the same seam
                    yield from _to_the_client(self, command)
                else:
                    yield from _on_the_wire(self, command)
            else:
                yield command

    handle_event.exitguard_wire = True  # type: ignore[attr-defined]
    handle_event.exitguard_patched = getattr(original, "exitguard_patched", False)  # type: ignore[attr-defined]
    http_layer.HttpStream.handle_event = handle_event  # type: ignore[method-assign]
    wire.mark_seam_ready()


def _on_the_wire(stream: http_layer.HttpStream, command: SendHttp):
    flow, event = stream.flow, command.event
    copy = wire.registered(flow)
    if copy is None or not isinstance(event, RequestHeaders | RequestData | RequestTrailers | RequestEndOfMessage):
        yield command
        return
    buffered = stream.client_state == stream.state_done  # the request hook ran: the whole request leaves now
    if isinstance(event, RequestHeaders):
        if event.request is not flow.request:  # already swapped (a nested handle_event), or not this flow's
            yield command
            return
        if (changed := wire.changed_parts(copy, flow.request)) or \
                (event.end_stream and (copy.request.raw_content or copy.request.trailers)):
            wire.drop(flow)  # fail closed: what was changed after the bundle leaves as shown, without the copy
            logger.warning("exitguard: flow %s was changed after the bundle let it go (%s); it leaves as it is now, "
                           "without what only the upstream was to get", flow.id, ", ".join(changed) or "body")
            yield command
            return
        yield SendHttp(RequestHeaders(event.stream_id, copy.request, event.end_stream, event.replay_flow),
                       command.connection)
        if buffered:
            copy.head_sent = True
        else:
            wire.drop(flow)  # a streamed body: its data and trailers leave as they come
        return
    if not (buffered and copy.head_sent):
        yield command
        return
    if isinstance(event, RequestData):
        if copy.request.raw_content:
            yield SendHttp(RequestData(event.stream_id, copy.request.raw_content), command.connection)
    elif isinstance(event, RequestTrailers):
        if copy.request.trailers:
            yield SendHttp(RequestTrailers(event.stream_id, copy.request.trailers), command.connection)
    else:
        wire.drop(flow)  # the request has left: nothing of it stays here
        yield command


# wire41: what the answer side of the seam rests on in mitmproxy 12.3: the response events' fields, and
# ``send_response`` running the ``response`` hook and setting ``server_state`` to ``state_done`` before it sends.
RESPONSE_EVENTS = (ResponseHeaders, ResponseData, ResponseTrailers, ResponseEndOfMessage)
WIRE_RESPONSE_HEADERS_FIELDS = ("stream_id", "response", "end_stream")
WIRE_RESPONSE_STATES = ("send_response", "state_done", "state_stream_response_body")


def wire_response_shapes_hold() -> bool:
    fields = tuple(f.name for f in dataclasses.fields(ResponseHeaders))
    return fields == WIRE_RESPONSE_HEADERS_FIELDS \
        and all(hasattr(http_layer.HttpStream, s) for s in WIRE_RESPONSE_STATES) \
        and http_layer.ResponseHeaders is ResponseHeaders and http_layer.ResponseData is ResponseData


def _to_the_client(stream: http_layer.HttpStream, command: SendHttp):
    """An answer's events after the ``response`` hook (``send_response``) come from the flow's response copy
    (core/wire.py, ``response_for``) while the live response is as sealed: its head, its buffered body, its
    trailers (a streamed answer's too: they leave after the hook). The body of a streamed answer leaves as the
    stream masker passes it. Anything changed after the seal, or a copy that would need events the live response
    does not make mitmproxy send, leaves as the live response is: masked, never a value shown."""
    flow, event = stream.flow, command.event
    copy = wire.registered_response(flow)
    if copy is None or flow.response is None:
        yield command
        return
    if isinstance(event, ResponseEndOfMessage):
        wire.drop_response(flow)  # the answer has left: nothing of it stays here
        yield command
        return
    after_hook = stream.server_state == stream.state_done
    if isinstance(event, ResponseHeaders):
        if event.response is not flow.response or not after_hook:  # swapped already, or a streamed answer's head
            yield command
            return
        live, sent = flow.response, copy.response
        if (changed := wire.changed_response_parts(copy, live)) or bool(live.raw_content) != bool(sent.raw_content) \
                or bool(live.trailers) != bool(sent.trailers):
            wire.drop_response(flow)  # fail closed: the live response (masked) leaves instead
            logger.warning("exitguard: the answer of flow %s was changed after the bundle let it go (%s); it leaves "
                           "as it is now, masked", flow.id, ", ".join(changed) or "body or trailers")
            yield command
            return
        copy.head_sent = True
        yield SendHttp(ResponseHeaders(event.stream_id, sent, event.end_stream), command.connection)
        return
    if not after_hook or not (copy.head_sent or isinstance(event, ResponseTrailers)):
        yield command  # a streamed answer's body
        return
    if isinstance(event, ResponseData):
        if copy.response.raw_content:
            yield SendHttp(ResponseData(event.stream_id, copy.response.raw_content), command.connection)
    else:
        if not copy.head_sent and (wire.changed_response_parts(copy, flow.response) or not copy.response.trailers):
            wire.drop_response(flow)
            yield command  # a streamed answer changed after the seal: its trailers as they are now
            return
        if copy.response.trailers:  # else none were sealed with the head (checked there): none leave
            yield SendHttp(ResponseTrailers(event.stream_id, copy.response.trailers), command.connection)


REVERSE_HTTP_SCHEMES = ("http", "https")  # a reverse listener whose client speaks HTTP: it can be answered


def answer_reverse_upstream_errors() -> None:
    """A reverse HTTP(S) listener connects upstream when the first request needs it, not as the client connects."""
    if getattr(modes.ReverseProxy.finish_start, "connects_on_request", False):
        return

    def finish_start(self: modes.DestinationKnown) -> Generator[commands.Command, Any, str | None]:
        spec = self.context.client.proxy_mode  # a ReverseProxy's: the patch is on that class alone
        if not (isinstance(spec, ReverseMode) and spec.scheme in REVERSE_HTTP_SCHEMES):
            return (yield from modes.DestinationKnown.finish_start(self))
        # DestinationKnown.finish_start without its eager OpenConnection: the HTTP layer opens the connection for
        # the request, and answers a failure with 502 and the reason.
        self._handle_event = self.child_layer.handle_event  # type: ignore[method-assign]
        yield from self.child_layer.handle_event(events.Start())
        return None

    finish_start.connects_on_request = True  # type: ignore[attr-defined]
    modes.ReverseProxy.finish_start = finish_start  # type: ignore[method-assign]


_reset_while_held: weakref.WeakSet[http.HTTPFlow] = weakref.WeakSet()


def stream_reset(flow: http.HTTPFlow) -> bool:
    """The client reset this flow's stream while a hook held it (its connection may still be open)."""
    return flow in _reset_while_held


MITMPROXY_KILL = mitmproxy_flow.Flow.kill  # mitmproxy's own, for the test that shows #8045 is still there


def wake_killed_flows() -> None:
    """A killed flow's ``wait_for_resume()`` returns (mitmproxy#8045, as its PR #8199 does it): the hook that waited
    completes, and the layer's ``check_killed`` runs the error hook and ends the stream."""
    original = mitmproxy_flow.Flow.kill
    if getattr(original, "exitguard_patched", False):
        return

    def kill(self) -> None:
        original(self)
        if self._resume_event is not None:
            self._resume_event.set()

    kill.exitguard_patched = True  # type: ignore[attr-defined]
    mitmproxy_flow.Flow.kill = kill  # type: ignore[method-assign]


def notice_reset_streams() -> None:
    """Note a client's protocol error (a reset stream) that arrives while the stream waits for a hook."""
    original = http_layer.HttpStream.handle_event
    if getattr(original, "exitguard_patched", False):
        return

    def handle_event(self, event):
        flow = getattr(self, "flow", None)
        if isinstance(event, http_layer.RequestProtocolError) and self._paused is not None and flow is not None:
            _reset_while_held.add(flow)
        return original(self, event)

    handle_event.exitguard_patched = True  # type: ignore[attr-defined]
    http_layer.HttpStream.handle_event = handle_event  # type: ignore[method-assign]


REQUEST_TRAILERS_REFUSED = ("exitguard: HTTP/1.1 request trailers are not supported (the proxy cannot inspect or "
                            "forward them); send these fields as headers instead. The request was not sent.")
RESPONSE_TRAILERS_REFUSED = ("exitguard: the upstream answered with HTTP/1.1 trailers, which the proxy cannot "
                             "inspect or pass on; the response was not delivered.")


def refuse_http1_trailers() -> None:
    """A message that ends with trailers gets a clear error instead of a crashed handler and a hanging client.

    mitmproxy 12.3 raises NotImplementedError where h11 hands it the trailer fields: the layer dies, the client
    waits forever. Trailers are refused, not passed on: they would be fields exitguard never scanned (a secret in
    ``0\r\nX-Secret: ...``). The request side answers 400 itself (mitmproxy sends no answer for a client
    protocol error); the response side becomes a protocol error that mitmproxy answers 502. Both end in the
    flow's error hook, so the audit records it."""
    original = _http1.Http1Connection.read_body
    if getattr(original, "exitguard_patched", False):
        return

    def read_body(self, event):
        try:
            return (yield from original(self, event))
        except NotImplementedError as e:
            if "trailers" not in str(e).lower():
                raise
        request = isinstance(self, _http1.Http1Server)
        message = REQUEST_TRAILERS_REFUSED if request else RESPONSE_TRAILERS_REFUSED
        logger.warning("exitguard: %s", message)
        if request:
            yield commands.SendData(self.conn, _http1.make_error_response(400, message))
        yield commands.CloseConnection(self.conn)
        self.state = self.done  # whatever still arrives on this connection is ignored
        yield ReceiveHttp(self.ReceiveProtocolError(self.stream_id, message, code=self.ReceiveProtocolError.code))

    read_body.exitguard_patched = True  # type: ignore[attr-defined]
    read_body.exitguard_original = original  # type: ignore[attr-defined]  # for the test that the bug remains
    _http1.Http1Connection.read_body = read_body  # type: ignore[method-assign]


MAX_HEAD_BYTES = 64 * 1024  # an HTTP/1 request or response head (h2 bounds an HTTP/2 header block itself)
HEAD_TOO_LARGE = (f"exitguard: the request head (request line and headers) passes {MAX_HEAD_BYTES} bytes without "
                  "ending; the request was not read further nor sent.")


def bound_http1_heads() -> None:
    """An HTTP/1 head that does not end within ``MAX_HEAD_BYTES`` ends the connection.

    mitmproxy 12.3 buffers a head until its blank line with no bound ("FIXME: protect against header size DoS" in
    ``_http1.py``): one endless header line took as much memory as the client sent, before any hook ran, with no
    identity (attack14: 200 MiB -> RSS +204 MiB), and an upstream's endless answer head alike. A client's gets a 431
    and the connection closed; an upstream's becomes a protocol error (mitmproxy answers 502)."""
    for cls in (_http1.Http1Server, _http1.Http1Client):
        original = cls.read_headers
        if getattr(original, "exitguard_bounded", False):
            continue
        cls.read_headers = _bounded_read_headers(original)  # type: ignore[method-assign]
    if not getattr(_http1.Http1Connection.wait, "exitguard_bounded", False):
        _http1.Http1Connection.wait = _bounded_wait(_http1.Http1Connection.wait)  # type: ignore[method-assign]


MAX_WAITING_BYTES = 1024 * 1024  # kept while a message is in flight: a pipelined next request, at most this much
TOO_MUCH_WHILE_WAITING = (f"more than {MAX_WAITING_BYTES} bytes arrived on the connection while a message was in "
                          "flight; the connection was closed")


def _bounded_wait(original):
    """While a request is in flight, mitmproxy keeps whatever else arrives on its connection for the next one
    (HTTP/1 pipelining), unread and unbounded: 200 MiB sent after a slow request were all kept (attack14). Past
    ``MAX_WAITING_BYTES`` the connection is closed and the message in flight ends with an error."""

    def wait(self, event):
        if isinstance(event, events.DataReceived) and len(self.buf) > MAX_WAITING_BYTES:
            self.buf = _http1.ReceiveBuffer()
            self.state = self.done
            logger.warning("exitguard: %s", TOO_MUCH_WHILE_WAITING)
            yield commands.CloseConnection(self.conn)
            yield ReceiveHttp(self.ReceiveProtocolError(self.stream_id, f"exitguard: {TOO_MUCH_WHILE_WAITING}",
                                                        code=self.ReceiveProtocolError.code))
            return
        yield from original(self, event)

    wait.exitguard_bounded = True  # type: ignore[attr-defined]
    return wait


def _bounded_read_headers(original):
    def read_headers(self, event):
        yield from original(self, event)
        if self.state != self.read_headers or len(self.buf) <= MAX_HEAD_BYTES:
            return
        self.buf = _http1.ReceiveBuffer()  # what was read so far is dropped at once
        self.state = self.done  # whatever still arrives on this connection is ignored
        if isinstance(self, _http1.Http1Server):
            logger.warning("%s", HEAD_TOO_LARGE)
            yield commands.SendData(self.conn, _http1.make_error_response(431, HEAD_TOO_LARGE))
            yield commands.CloseConnection(self.conn)
            return
        message = f"the upstream's answer head passes {MAX_HEAD_BYTES} bytes without ending"
        logger.warning("exitguard: %s", message)
        yield commands.CloseConnection(self.conn)
        yield ReceiveHttp(self.ReceiveProtocolError(self.stream_id, message, code=self.ReceiveProtocolError.code))

    read_headers.exitguard_bounded = True  # type: ignore[attr-defined]
    return read_headers


ERROR_PAGE_MODULES = (_http1, _http2, _http3)  # each imports format_error by name: the name is patched in each


def mask_error_pages() -> None:
    """Every error page mitmproxy writes itself (HTTP/1 ``make_error_response``, HTTP/2 and HTTP/3 alike) carries
    its message with detected values masked (core/errortext.py): the message quotes the malformed bytes, and the
    page leaves before any hook could change it."""
    for module in ERROR_PAGE_MODULES:
        original = module.format_error
        if getattr(original, "exitguard_patched", False):
            continue

        def format_error(status_code: int, message: str, _original=original) -> bytes:
            return _original(status_code, errortext.masked(message))

        format_error.exitguard_patched = True  # type: ignore[attr-defined]
        format_error.exitguard_original = original  # type: ignore[attr-defined]  # for the test that it still quotes
        module.format_error = format_error  # type: ignore[attr-defined]
    # HTTP/2: the same text goes to the peer as a GOAWAY's debug data, and to the flow's error (attack16).
    protocol_error = _http2.Http2Connection.protocol_error
    if not getattr(protocol_error, "exitguard_patched", False):
        def masked_protocol_error(self, message: str, *args, _original=protocol_error, **kwargs):
            return _original(self, errortext.masked(message), *args, **kwargs)

        masked_protocol_error.exitguard_patched = True  # type: ignore[attr-defined]
        _http2.Http2Connection.protocol_error = masked_protocol_error  # type: ignore[method-assign]


class _GuardedBodyOptions:
    """The options as one HTTP stream of a guarded flow sees them: never switched to streaming, and never
    buffered past the policy's inspection limit (a chunked upload has no content-length to refuse early)."""

    stream_large_bodies = None

    def __init__(self, options, limit: int) -> None:
        self._options = options
        own = human.parse_size(options.body_size_limit)
        self.body_size_limit = str(limit if own is None else min(own, limit))

    def __getattr__(self, name):
        return getattr(self._options, name)


def pin_guarded_body_buffering() -> None:
    """Keep guarded bodies buffered whatever `stream_large_bodies` says (SSE is streamed by our own callable),
    and bounded by the policy's `max_body_bytes`.

    `HttpStream.check_body_size` runs before the headers hooks and again on every buffered chunk of a body
    without a content-length (chunked) and, past `stream_large_bodies`, switches the message to streaming, in
    the middle of the body if need be: a request would go upstream before the `request` hook where the Guard
    scans it, a response would reach the client unscanned. For guarded flows the check runs with that option
    hidden.

    Requests over the limit are answered 413 by exitguard itself, and the rest of the body is read and thrown
    away. mitmproxy 12.3's own `body_size_limit` answer half-closes and then stops reading, so a client that
    uploads before it reads (httpx, the OpenAI SDK) would wait for its write timeout instead of the error.
    An announced length over the limit is refused by `Guard.requestheaders`; a chunked body here, once its
    buffer passes the limit. Responses keep mitmproxy's own limit (502 to the client).
    """
    original = http_layer.HttpStream.check_body_size
    if getattr(original, "exitguard_pinned", False):
        return

    def check_body_size(self, request: bool):
        flow = self.flow
        if flow is None or flow.metadata.get(metakeys.HOST_CLASS) != "guarded":
            if request and flow is not None and self.request_body_buf:
                # Any other buffered body had no bound (mitmproxy buffers it whole): it counts
                # against the caller's budget as it arrives. A refused one (429 here, or answered at its headers
                # by any addon: no proxy credential, a denied host) is read and dropped, never kept: such a flow
                # takes no share, and its body was buffered whole before the answer went out (attack14).
                if flow.response is None:
                    body_budget.grow(flow, len(self.request_body_buf))
                if flow.response is not None:
                    self.request_body_buf.clear()
                    return False
            return (yield from original(self, request))
        try:
            limit = runtime.get().policy.max_body_bytes
        except runtime.NotConfigured:
            return (yield from original(self, request))  # the hooks fail closed on this flow anyway
        if request:
            buffered = self.request_body_buf
            if flow.response is None and len(buffered) > limit:
                responses.refuse(flow, 413, "exitguard_body_too_large",
                              f"the request body exceeds the {limit}-byte inspection limit.")
            elif flow.response is None and buffered:
                body_budget.grow(flow, len(buffered))  # counted as it arrives, declared length or not (429)
            if flow.response is not None:  # refused: what still arrives is read and dropped, never kept
                buffered.clear()
            return False
        buffered = self.response_body_buf
        if buffered and not body_budget.answer_fits(flow, len(buffered)):
            limit = len(buffered) - 1  # past the caller's share: mitmproxy refuses it as too large (502)
        options = self.context.options
        self.context.options = _GuardedBodyOptions(options, limit)
        try:
            return (yield from original(self, request))
        finally:
            self.context.options = options

    # A deliberate monkeypatch: mypy types neither attributes set on a function nor a method replaced on a class.
    check_body_size.exitguard_pinned = True  # type: ignore[attr-defined]
    http_layer.HttpStream.check_body_size = check_body_size  # type: ignore[method-assign]


# (flow, the frame, whether it goes to the server) -> the frame to send instead.
ControlFrameFilter = Callable[[http.HTTPFlow, wsproto.events.Event, bool], wsproto.events.Event]
CONTROL_FRAMES = (wsproto.events.Ping, wsproto.events.Pong, wsproto.events.CloseConnection)
_control_filter: list[ControlFrameFilter] = []  # the one the Streaming addon registers


def set_websocket_control_filter(control_filter: ControlFrameFilter | None) -> None:
    _control_filter[:] = [] if control_filter is None else [control_filter]


def relay_websocket_control_frames() -> None:
    """Every ping, pong and close frame mitmproxy relays goes through the registered filter first.

    `WebsocketLayer.relay_messages` hands a control frame to the other side's `WebsocketConnection.send2` with no
    hook in between (and echoes a close to its sender the same way). The layer's two connections are tagged with
    the flow and the side they lead to, so `send2` knows whose frame it sends."""
    original_relay = WebsocketLayer.relay_messages
    if getattr(original_relay, "exitguard_patched", False):
        return
    original_send2 = WebsocketConnection.send2

    def relay_messages(self, event):
        self.server_ws.exitguard_side = (self.flow, True)
        self.client_ws.exitguard_side = (self.flow, False)
        return original_relay(self, event)

    def send2(self, event):
        side = getattr(self, "exitguard_side", None)
        if side is not None and isinstance(event, CONTROL_FRAMES):
            event = _filtered(side[0], event, side[1])
        return original_send2(self, event)

    relay_messages.exitguard_patched = True  # type: ignore[attr-defined]
    WebsocketLayer.relay_messages = relay_messages  # type: ignore[method-assign]
    WebsocketConnection.send2 = send2  # type: ignore[method-assign]


def _filtered(flow: http.HTTPFlow, event: wsproto.events.Event, to_server: bool) -> wsproto.events.Event:
    if flow.metadata.get(metakeys.HOST_CLASS) != "guarded":
        return event
    if _control_filter:
        return _control_filter[0](flow, event, to_server)
    return without_payload(event)  # nothing registered to scan it: fail closed


def without_payload(event: wsproto.events.Event) -> wsproto.events.Event:
    """The same control frame carrying nothing (a pong answers an emptied ping with an empty payload)."""
    if isinstance(event, wsproto.events.CloseConnection):
        return wsproto.events.CloseConnection(code=event.code, reason=None)
    if isinstance(event, wsproto.events.Ping):
        return wsproto.events.Ping(payload=b"")
    return wsproto.events.Pong(payload=b"")


POLICY_VIOLATION = 1008  # RFC 6455: the endpoint ends the connection because a message violates its policy
DEFAULT_CLOSE_REASON = "exitguard: connection ended by policy"


def end_killed_websockets() -> None:
    """A WebSocket flow an addon killed in ``websocket_message`` is ended there, before anything more is relayed.

    The wrapper runs mitmproxy's relay generator and looks at the flow after every message hook: killed, the
    generator is dropped where it stands (the message and whatever followed it in the same read are never sent),
    both connections get a close frame and are closed, and ``websocket_end`` runs once with the flow marked live
    again (recorded by the audit, which records live flows), then never again."""
    original = WebsocketLayer.relay_messages
    if getattr(original, "exitguard_ends_killed", False):
        return

    def relay_messages(self, event):
        relay = original(self, event)
        try:
            command = next(relay)
            while True:
                result = yield command
                if isinstance(command, WebsocketMessageHook) and _killed(self.flow):
                    relay.close()
                    yield from _end(self)
                    return
                command = relay.send(result)
        except StopIteration:
            pass
        if _unfinished_past_budget(self):
            yield from _end(self)

    relay_messages.exitguard_ends_killed = True  # type: ignore[attr-defined]
    relay_messages.exitguard_patched = getattr(original, "exitguard_patched", False)  # type: ignore[attr-defined]
    WebsocketLayer.relay_messages = relay_messages  # type: ignore[method-assign]


def end_killed_streams() -> None:
    """A streamed answer whose flow was killed (by its stream callable, or by anyone between two chunks) ends at that
    chunk: the upstream side is told as for a client that went away, the client side as for a flow killed in a
    hook, and nothing more is read for it. A chunk that arrives for a flow killed before it is not fed on."""
    original = http_layer.HttpStream.state_stream_response_body
    if getattr(original, "exitguard_ends_killed", False):
        return

    def state_stream_response_body(self, event):
        chunk = isinstance(event, ResponseData)
        if not (chunk and _killed(self.flow)):
            yield from original(self, event)
        if chunk and _killed(self.flow):
            yield from _end_killed_stream(self)

    state_stream_response_body.exitguard_ends_killed = True  # type: ignore[attr-defined]
    state_stream_response_body.exitguard_original = original  # type: ignore[attr-defined]
    http_layer.HttpStream.state_stream_response_body = state_stream_response_body  # type: ignore[method-assign]

    # attack50: a streamed request body (an observed host's body past max_body_bytes) the same way: killed between
    # two of its chunks (guard/hostpolicy.py's WatchedBody, when a reload denied the host), the rest is not sent on.
    original_request = http_layer.HttpStream.state_stream_request_body

    def state_stream_request_body(self, event):
        chunk = isinstance(event, RequestData)
        if not (chunk and _killed(self.flow)):
            yield from original_request(self, event)
        if chunk and _killed(self.flow):
            yield from _end_killed_stream(self)

    state_stream_request_body.exitguard_original = original_request  # type: ignore[attr-defined]
    http_layer.HttpStream.state_stream_request_body = state_stream_request_body  # type: ignore[method-assign]


def _end_killed_stream(stream: http_layer.HttpStream):
    """mitmproxy's own two steps: ``handle_protocol_error`` for a client error while the upstream answers (the
    error goes to the server side: HTTP/1 closes that connection), then ``check_killed`` (error hook, the client's
    broken body, both sides errored: later events for the stream are dropped)."""
    yield SendHttp(RequestProtocolError(stream.stream_id, "killed", ErrorCode.KILL), stream.context.server)
    yield from stream.check_killed(True)


# wire42: what the message side of the seam rests on in mitmproxy 12.3's WebsocketLayer.relay_messages, in this order:
# the hook, then the content of that same message object handed to the fragmenter that makes the frames it sends.
WEBSOCKET_RELAY_STEPS = ("message = websocket.WebSocketMessage(", "self.flow.websocket.messages.append(message)",
                         "yield WebsocketMessageHook(self.flow)", "if not message.dropped:",
                         "for msg in fragmentizer(message.content):", "yield dst_ws.send2(msg)")


def websocket_seam_shapes_hold() -> bool:
    """mitmproxy's relay (its source, as installed) still reads the message's content once, right after the hook."""
    try:
        source = inspect.getsource(websocket_layer.WebsocketLayer)
    except (OSError, TypeError):  # no source installed: the shape cannot be checked
        return False
    at, found = 0, []
    for step in WEBSOCKET_RELAY_STEPS:
        at = source.find(step, at)
        if at < 0:
            return False
        found.append(at)
    after_hook = source[found[2]:found[-1]]  # read once between the hook and the send, nowhere else
    return after_hook.count("message.content") == 1 and after_hook.count("yield") == 1 \
        and callable(getattr(websocket_layer, "Fragmentizer", None))


WIRE_MESSAGE_UNAVAILABLE = ("exitguard: mitmproxy's WebSocket relay is not as verified (core/compat.py); a message "
                            "holding a value the policy lets through leaves masked")


def send_websocket_wire_copies() -> None:
    """A WebSocket message with a copy (core/wire.py, ``send_message_as``) leaves as its copy; the live message, which
    mitmweb shows and Save writes, keeps the masked text.

    mitmproxy 12.3 appends the message to ``flow.websocket.messages``, yields the ``websocket_message`` hook, and when
    resumed evaluates ``fragmentizer(message.content)`` once: the frames it sends are cut from those bytes. This wrap
    takes the copy of ``messages[-1]`` (dropped at once, sent or not), puts its content on the message, resumes the
    relay up to its next command (the first frame, built from the copy) and puts the masked text back, in one
    synchronous step: nothing else reads the flow in between. A message changed after the bundle left it (a later
    addon) leaves as it is now, masked. No seam (mitmproxy changed): the copies are never made (the message leaves
    masked) and the log says so once."""
    original = WebsocketLayer.relay_messages
    if getattr(original, "exitguard_wire", False):
        return
    if not websocket_seam_shapes_hold():
        logger.error("%s", WIRE_MESSAGE_UNAVAILABLE)
        return

    def relay_messages(self, event):
        relay = original(self, event)
        try:
            command = next(relay)
            while True:
                result = yield command
                if isinstance(command, WebsocketMessageHook):
                    command = _resume_with_the_copy(self, relay, result)
                else:
                    command = relay.send(result)
        except StopIteration:
            pass

    for name in ("exitguard_patched", "exitguard_ends_killed"):  # the other wraps' marks: install() stays idempotent
        setattr(relay_messages, name, getattr(original, name, False))
    relay_messages.exitguard_wire = True  # type: ignore[attr-defined]
    WebsocketLayer.relay_messages = relay_messages  # type: ignore[method-assign]
    wire.mark_message_seam_ready()


def _resume_with_the_copy(layer: WebsocketLayer, relay, result):
    flow = layer.flow
    message = flow.websocket.messages[-1] if flow.websocket is not None and flow.websocket.messages else None
    copy = wire.take_message(message) if message is not None else None
    if copy is None or message is None or message.dropped:
        return relay.send(result)
    if message.content != copy.shown:  # changed after the bundle sealed it: as it is now (masked), without the copy
        logger.warning("exitguard: a WebSocket message of flow %s was changed after the bundle let it go; it leaves "
                       "as it is now, masked", flow.id)
        return relay.send(result)
    shown = message.content
    message.content = copy.content
    try:
        return relay.send(result)  # mitmproxy cuts the frames from message.content here and yields the first
    finally:
        message.content = shown


def _unfinished_past_budget(layer: WebsocketLayer) -> bool:
    """mitmproxy gathers the frames of a message until its last one before any hook sees it: one message that
    never ends grew without bound (attack14). Those frames count against the caller's budget as they arrive;
    past it they are dropped and the connection is ended like a killed flow."""
    pending = sum(len(part) for ws in (layer.client_ws, layer.server_ws) for part in ws.frame_buf)
    if not pending or not body_budget.websocket_pending(layer.flow, pending):
        return False
    for ws in (layer.client_ws, layer.server_ws):
        ws.frame_buf = [b""]
    return True


def _killed(flow: http.HTTPFlow) -> bool:
    return flow.error is not None and flow.error.msg == flow.error.KILLED_MESSAGE


def close_reason(reason: object) -> str:
    """``exitguard: <reason>`` within the 123 bytes a close frame's reason may hold, printable ASCII only."""
    text = f"exitguard: {reason}" if reason else DEFAULT_CLOSE_REASON
    return "".join(c if " " <= c <= "~" else "?" for c in text)[:123]


def _end(layer: WebsocketLayer):
    """What mitmproxy does on a close frame, from the proxy's side: close both ways, then ``websocket_end``."""
    flow = layer.flow
    assert flow.websocket is not None  # the layer exists for a WebSocket flow
    reason = close_reason(flow.metadata.get(metakeys.REASON))
    flow.websocket.timestamp_end = time.time()
    flow.websocket.closed_by_client = False
    flow.websocket.close_code = POLICY_VIOLATION
    flow.websocket.close_reason = reason
    for ws in (layer.server_ws, layer.client_ws):
        if ws.state in (wsproto.connection.ConnectionState.OPEN, wsproto.connection.ConnectionState.REMOTE_CLOSING):
            yield ws.send2(wsproto.events.CloseConnection(code=POLICY_VIOLATION, reason=reason))
        yield commands.CloseConnection(ws.conn)
    flow.live = True  # killed flows are not recorded; this one must be, with why it ended
    try:
        yield WebsocketEndHook(flow)
    finally:
        flow.live = False
        layer._handle_event = layer.done
