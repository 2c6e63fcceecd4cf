"""The request a held flow would send, kept in memory while the live flow shows its masked version.

mitmweb (and its ``/flows/<id>/request/content.data``), every later addon and the flow files show the live
flow. A request held for approval can carry a value whose policy action is ``approve``: it must stay raw for
the upstream if a person approves, but nobody browsing the flows should read it meanwhile. The Guard puts the
masked version on the flow and the forwardable one here; the approval hold puts it back when approved.
Kept per flow object in a weak mapping: a flow that is dropped takes its request with it. Never serialized.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass

from mitmproxy import http


@dataclass(frozen=True)
class HeldRequest:
    raw_content: bytes | None
    path: str  # with the query
    # What else the Guard may show masked (guard/request_parts.py): header and trailer names and values, the
    # method, an HTTP/2 :authority. Without them an approved request left with the placeholders in its headers.
    method: bytes = b""
    authority: str = ""
    headers: http.Headers | None = None
    trailers: http.Headers | None = None


_held: weakref.WeakKeyDictionary[http.HTTPFlow, HeldRequest] = weakref.WeakKeyDictionary()


def hide(flow: http.HTTPFlow, show) -> None:
    """Keep the request as it is now, then let ``show()`` put the masked version on the live flow."""
    request = flow.request
    _held[flow] = HeldRequest(request.raw_content, request.path, request.data.method, request.authority,
                              request.headers.copy(), request.trailers.copy() if request.trailers else None)
    show()


def forwardable(flow: http.HTTPFlow) -> HeldRequest:
    """What would be sent upstream: the kept request, or the flow's own if nothing is kept."""
    return _held.get(flow) or HeldRequest(flow.request.raw_content, flow.request.path)


def restore(flow: http.HTTPFlow) -> None:
    """Approved: the live flow gets back the request that is to be sent (its content-length with it)."""
    kept = _held.pop(flow, None)
    if kept is None:
        return
    flow.request.path = kept.path
    flow.request.raw_content = kept.raw_content
    if kept.headers is not None:
        flow.request.data.method, flow.request.authority = kept.method, kept.authority
        flow.request.headers, flow.request.trailers = kept.headers, kept.trailers
    if "content-length" in flow.request.headers:
        flow.request.headers["content-length"] = str(len(kept.raw_content or b""))


def discard(flow: http.HTTPFlow) -> None:
    """Not sent (denied, expired, abandoned): forget it now rather than when the flow is collected."""
    _held.pop(flow, None)
