"""Responses exitguard makes itself, shaped like the provider's own errors so SDKs raise a readable
exception (openai.PermissionDeniedError, anthropic.PermissionDeniedError, ...). Never include a
detected value: name rule ids and the flow id to look up.
"""

from __future__ import annotations

import json

from mitmproxy import http

from addons.core import health, metakeys, outside
from addons.formats import api_surface, error_style

HELP = "Run `exitguard audit show {flow_id}` or ask your exitguard administrator."
# Without a record folder there is nothing for `audit show` to find: the flow id is what the operator's log names.
NO_RECORD_HELP = "This proxy keeps no audit record: ask your exitguard administrator about flow {flow_id}."
UNRECORDED = frozenset({"exitguard_audit_unavailable"})  # refusals of flows the recorder could not write


def help_for(flow_id: str) -> str:
    """Where a refused client finds out more: the flow's record, or (nothing recorded) the administrator."""
    return (HELP if health.recording() else NO_RECORD_HELP).format(flow_id=flow_id)


def error_body(style: str, status: int, code: str, message: str) -> dict:
    if style == "anthropic":
        kind = {403: "permission_error", 407: "authentication_error", 413: "request_too_large",
                400: "invalid_request_error"}.get(status, "api_error")
        return {"type": "error", "error": {"type": kind, "message": message}}
    if style == "openai":
        return {"error": {"message": message, "type": "exitguard_blocked", "code": code, "param": None}}
    return {"error": {"code": code, "message": message}}


def make_error(flow: http.HTTPFlow, status: int, code: str, message: str) -> http.Response:
    """A provider-shaped JSON error for ``flow``; ``message`` must already be free of secrets."""
    style = error_style(api_surface(flow.request.pretty_host, flow.request.path))
    # A flow that cannot be recorded has no record to show: its message says whom to ask instead.
    text = f"exitguard: {message}" if code in UNRECORDED else f"exitguard: {message} {help_for(flow.id)}"
    body = json.dumps(error_body(style, status, code, text)).encode()
    return http.Response.make(status, body, {"content-type": "application/json",
                                             "x-exitguard-decision": code})


def refuse(flow: http.HTTPFlow, status: int, code: str, message: str, decision: str = "block") -> None:
    """Answer ``flow`` ourselves (no upstream connection when done before the request is sent)."""
    flow.response = make_error(flow, status, code, message)
    flow.metadata[metakeys.SYNTHETIC] = True
    metakeys.raise_decision(flow.metadata, decision, message)
    annotate(flow, f"{decision}: {message}", ":no_entry:")


def annotate(flow: http.HTTPFlow, note: str, mark: str) -> None:
    """What a person browsing mitmweb sees: a comment and a mark per decision (through core/outside.py: a
    note may quote a reason built from the request)."""
    note = outside.safe_text(note, outside.current_scanner())
    flow.comment = f"exitguard {note}" if not flow.comment else f"{flow.comment}; {note}"
    flow.marked = mark
