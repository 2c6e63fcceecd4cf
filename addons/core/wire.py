"""What a request carries on the wire when that is not what the live flow may show (attack39).

mitmweb's console (``/flows``, ``/flows/dump``, its ``/updates`` WebSocket, ``export.file``, ``save.file``) reads the
live ``flow.request`` from ``requestheaders`` until the flow is gone. A brokered key, or a value the policy lets
through to a guarded host, must reach the upstream and nothing else. So the live flow keeps what may be shown (the
broker's marker, the masked value) and the addons put what leaves on a wire copy registered here: compat's
``send_wire_copies`` builds the request events a stream sends from it (core/compat.py).

The copy is kept in this module's memory, never in ``flow.metadata`` (which mitmweb serves and Save writes), and
goes when the request has left (compat drops it after the last request event), when the flow ends (``drop``) or
when the flow itself is gone (a weak key). It is sent only while the live request is still exactly as the bundle
left it (``seal``): anything that changed it since (a console edit of an intercepted flow, one of mitmproxy's
``modify_*`` / ``map_*`` addons after the bundle) sends the live request as it now is, without the copy's values.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass

from mitmproxy import http, websocket

Fields = tuple[tuple[bytes, bytes], ...]


@dataclass(frozen=True)
class Shown:
    """Every part of a request that goes on the wire, as the live flow holds it."""

    scheme: str
    host: str
    port: int
    method: bytes
    authority: bytes
    path: bytes
    http_version: bytes
    fields: Fields
    content: bytes | None
    trailers: Fields | None

    @classmethod
    def of(cls, request: http.Request) -> Shown:
        data = request.data
        return cls(request.scheme, data.host, data.port, data.method, data.authority, data.path, data.http_version,
                   data.headers.fields, data.content, data.trailers.fields if data.trailers is not None else None)


@dataclass
class WireCopy:
    request: http.Request  # what the upstream gets
    shown: Shown  # the live request as the bundle left it
    head_sent: bool = False  # compat: the head left from this copy, the body (if buffered) follows from it


_COPIES: weakref.WeakKeyDictionary[http.HTTPFlow, WireCopy] = weakref.WeakKeyDictionary()
_seam: list[bool] = []  # compat.send_wire_copies sets it once it has checked mitmproxy's shapes and patched


def seam_ready() -> bool:
    """Is compat's seam in place? Without it a wire copy would never be sent: a brokered request is refused."""
    return bool(_seam)


def mark_seam_ready() -> None:
    _seam[:] = [True]


def request_for(flow: http.HTTPFlow) -> http.Request:
    """The wire copy of ``flow``'s request, made now from the live request if there is none yet. Change it, then
    change the live request to what may be shown and ``seal`` the flow."""
    copy = _COPIES.get(flow)
    if copy is None:
        copy = _COPIES[flow] = WireCopy(flow.request.copy(), Shown.of(flow.request))
    return copy.request


def seal(flow: http.HTTPFlow) -> None:
    """The live request as it is now is what the bundle leaves: the copy is sent while it stays so."""
    if (copy := _COPIES.get(flow)) is not None:
        copy.shown = Shown.of(flow.request)


def registered(flow: http.HTTPFlow) -> WireCopy | None:
    return _COPIES.get(flow)


def has_copy(flow: http.HTTPFlow) -> bool:
    return flow in _COPIES


def drop(flow: http.HTTPFlow) -> None:
    _COPIES.pop(flow, None)


def changed_parts(copy: WireCopy, request: http.Request) -> list[str]:
    """Which parts of the live request changed since it was sealed (names only: the values may be secrets)."""
    now = Shown.of(request)
    return [name for name in Shown.__dataclass_fields__ if getattr(now, name) != getattr(copy.shown, name)]


# ---------------------------------------------------------------- answers (wire41)
# The same seam for the other direction: mitmproxy 12.3's ``HttpStream.send_response`` hands ``flow.response``
# itself to the client connection right after the ``response`` hook, and mitmweb shows that object until the flow is
# gone. A value the policy lets through to the client (``response: pii: allow`` by default) goes on a response copy
# registered here; the live flow keeps it masked. compat's ``send_wire_copies`` sends the copy's head, buffered body
# and trailers while the live response is as sealed; else the live one (masked: nothing shown is ever unsafe).


@dataclass(frozen=True)
class ShownResponse:
    """Every part of a response that goes on the wire, as the live flow holds it."""

    status_code: int
    reason: bytes
    http_version: bytes
    fields: Fields
    content: bytes | None
    trailers: Fields | None

    @classmethod
    def of(cls, response: http.Response) -> ShownResponse:
        data = response.data
        return cls(data.status_code, data.reason, data.http_version, data.headers.fields, data.content,
                   data.trailers.fields if data.trailers is not None else None)


@dataclass
class ResponseCopy:
    response: http.Response  # what the client gets
    shown: ShownResponse  # the live response as the bundle left it
    head_sent: bool = False  # compat: the head left from this copy, the body and trailers follow from it


_RESPONSE_COPIES: weakref.WeakKeyDictionary[http.HTTPFlow, ResponseCopy] = weakref.WeakKeyDictionary()


def response_for(flow: http.HTTPFlow) -> http.Response:
    """The wire copy of ``flow``'s response, made now from the live response if there is none yet. Change it, then
    change the live response to what may be shown and ``seal_response`` the flow."""
    assert flow.response is not None
    copy = _RESPONSE_COPIES.get(flow)
    if copy is None:
        copy = _RESPONSE_COPIES[flow] = ResponseCopy(flow.response.copy(), ShownResponse.of(flow.response))
    return copy.response


def seal_response(flow: http.HTTPFlow) -> None:
    """The live response as it is now is what the bundle leaves: the copy is sent while it stays so."""
    if (copy := _RESPONSE_COPIES.get(flow)) is not None and flow.response is not None:
        copy.shown = ShownResponse.of(flow.response)


def registered_response(flow: http.HTTPFlow) -> ResponseCopy | None:
    return _RESPONSE_COPIES.get(flow)


def drop_response(flow: http.HTTPFlow) -> None:
    _RESPONSE_COPIES.pop(flow, None)


def changed_response_parts(copy: ResponseCopy, response: http.Response) -> list[str]:
    """Which parts of the live response changed since it was sealed (names only: the values may be secrets)."""
    now = ShownResponse.of(response)
    return [name for name in ShownResponse.__dataclass_fields__ if getattr(now, name) != getattr(copy.shown, name)]


# ---------------------------------------------------------------- WebSocket messages (wire42)
# mitmproxy 12.3's ``WebsocketLayer.relay_messages`` sends ``message.content`` of the live message, the object
# mitmweb shows (``/flows/<id>/messages``) and Save writes, right after the ``websocket_message`` hook. A message
# holding a value the policy lets through (allowed, report mode) is marked by the stream addon (``passes_as_it_is``);
# the last addon of the bundle puts what leaves here (``send_message_as``) and the masked text on the live message.
# compat's relay wrap sends the copy and drops it: at most one per message in flight.


@dataclass(frozen=True)
class MessageCopy:
    content: bytes  # what the other side gets
    shown: bytes  # the live message's content as the bundle left it


_MESSAGE_COPIES: weakref.WeakKeyDictionary[websocket.WebSocketMessage, MessageCopy] = weakref.WeakKeyDictionary()
_PASSING: weakref.WeakSet[websocket.WebSocketMessage] = weakref.WeakSet()  # marked, not covered yet
_message_seam: list[bool] = []  # compat.send_websocket_wire_copies sets it once it has checked the relay's shape


def message_seam_ready() -> bool:
    """Is compat's relay wrap in place? Without it a message copy would never be sent: the value leaves masked."""
    return bool(_message_seam)


def mark_message_seam_ready() -> None:
    _message_seam[:] = [True]


def passes_as_it_is(message: websocket.WebSocketMessage) -> None:
    """The stream addon: ``message`` leaves holding a value found and let through (allowed, or report mode)."""
    _PASSING.add(message)


def take_passing(message: websocket.WebSocketMessage) -> bool:
    """Was ``message`` marked? (once: the mark goes)"""
    if message in _PASSING:
        _PASSING.discard(message)
        return True
    return False


def send_message_as(message: websocket.WebSocketMessage, content: bytes) -> None:
    """``message`` leaves as ``content`` while its live content stays what it is now (set it to what may be shown
    first)."""
    _MESSAGE_COPIES[message] = MessageCopy(content, message.content)


def take_message(message: websocket.WebSocketMessage) -> MessageCopy | None:
    """The copy of ``message``, dropped here: it is sent once, or not at all."""
    return _MESSAGE_COPIES.pop(message, None)


def has_message_copy(message: websocket.WebSocketMessage) -> bool:
    return message in _MESSAGE_COPIES
