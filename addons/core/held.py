"""The request a held flow would send, kept in memory while the live flow shows its masked version.

mitmweb (and its ``/flows/<id>/request/content.data``), every later addon and the flow files show the live
flow. A request held for approval can carry a value whose policy action is ``approve``: it must stay raw for
the upstream if a person approves, but nobody browsing the flows should read it meanwhile. The Guard puts the
masked version on the flow and the forwardable one here; the approval hold puts it back when approved.
Kept per flow object in a weak mapping: a flow that is dropped takes its request with it. Never serialized.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from dataclasses import dataclass

from mitmproxy import http

from addons.core import credential_headers, metakeys, responses, wire
from addons.core.policy import CredentialNames


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
    # Where it was held on its way to (scheme, host, port): mitmproxy connects where the live flow says, which
    # mitmweb's editor can change while it is held (attack41); the approved value goes only there.
    destination: tuple[str, str, int] | None = None


NO_NAMES = CredentialNames()
_held: weakref.WeakKeyDictionary[http.HTTPFlow, HeldRequest] = weakref.WeakKeyDictionary()


def hide(flow: http.HTTPFlow, show) -> None:
    """Keep the request as it is now, then let ``show()`` put the masked version on the live flow."""
    request = flow.request
    _held[flow] = HeldRequest(request.raw_content, request.path, request.data.method, request.authority,
                              request.headers.copy(), request.trailers.copy() if request.trailers else None,
                              _destination(request))
    show()


def hide_credentials(flow: http.HTTPFlow, tag_of: Callable[[str], str],
                     named: CredentialNames = NO_NAMES) -> None:
    """While it waits, the live flow shows its credential headers redacted as its record will (the caller's own
    vendor key, a cookie): mitmweb served them raw for as long as a reviewer took (newuser51); so are the headers
    and query parameters the policy ``named`` (a broker's own, attack52). The request to send keeps them: kept here
    first if the Guard did not keep it already, put back on the wire copy if approved."""
    if flow not in _held:
        hide(flow, lambda: None)
    credential_headers.redact(flow.request.headers, tag_of, named.headers)
    if flow.request.trailers:  # attack52: the same fields, at the body's end (HTTP/2, chunked)
        credential_headers.redact(flow.request.trailers, tag_of, named.headers)
    credential_headers.redact_query(flow.request, named.params, tag_of)


def holds(flow: http.HTTPFlow) -> bool:
    """Is this flow's request kept here: held for approval and not decided yet (a kill is noticed within a poll)?"""
    return flow in _held


def forwardable(flow: http.HTTPFlow) -> HeldRequest:
    """What would be sent upstream: the kept request, else the wire copy (values the policy let through are
    there, the live flow shows them masked), else the flow's own."""
    if (kept := _held.get(flow)) is not None:
        return kept
    if (copy := wire.registered(flow)) is not None:
        r = copy.request
        return HeldRequest(r.raw_content, r.path, r.data.method, r.authority, r.headers.copy(),
                           r.trailers.copy() if r.trailers else None)
    return HeldRequest(flow.request.raw_content, flow.request.path)


def moved(flow: http.HTTPFlow) -> bool:
    """Was the held request's destination changed while it was held (mitmweb's editor, attack41)? The approval
    hold asks before it decides or sends: an approval never covers the edited destination."""
    kept = _held.get(flow)
    return kept is not None and kept.destination is not None and kept.destination != _destination(flow.request)


def restore(flow: http.HTTPFlow) -> None:
    """Approved: the request that is to be sent goes on the flow's wire copy (its content-length with it); the
    live flow keeps the masked version mitmweb showed while it was held. Without compat's seam the copy would never
    be sent: refused (502) rather than the masks sent in place of the approved values, or the values shown."""
    kept = _held.pop(flow, None)
    if kept is None:
        return
    if not wire.seam_ready():
        responses.refuse(flow, 502, "exitguard_wire_unavailable", WIRE_UNAVAILABLE, decision="error")
        return
    if kept.destination is not None and kept.destination != _destination(flow.request):
        responses.refuse(flow, 409, "exitguard_edited_while_held", EDITED_WHILE_HELD, decision="denied")
        return
    put_back(wire.request_for(flow), kept)
    wire.seal(flow)
    shown = flow.metadata.setdefault(metakeys.SHOWN_MASKED, [])
    if "request" not in shown:
        shown.append("request")


WIRE_UNAVAILABLE = ("exitguard cannot send this request: it carries values the policy lets through, which the "
                    "proxy keeps off the flow its console shows, and this mitmproxy does not take a wire copy "
                    "(addons/core/compat.py, send_wire_copies). Nothing was sent.")


EDITED_WHILE_HELD = ("exitguard did not send this approved request: while it was held, its destination was "
                     "changed (in the proxy's console), and the approval covers only the one it was held for. "
                     "Nothing was sent; send it again.")


def _destination(request: http.Request) -> tuple[str, str, int]:
    return request.scheme, request.host, request.port


def put_back(request: http.Request, kept: HeldRequest) -> None:
    request.path = kept.path
    request.raw_content = kept.raw_content
    if kept.headers is not None:
        request.data.method, request.authority = kept.method, kept.authority
        request.headers, request.trailers = kept.headers, kept.trailers
    if "content-length" in request.headers:
        request.headers["content-length"] = str(len(kept.raw_content or b""))


def discard(flow: http.HTTPFlow) -> None:
    """Not sent (denied, expired, abandoned): forget it now rather than when the flow is collected."""
    _held.pop(flow, None)
