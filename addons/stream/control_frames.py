"""WebSocket control frames of guarded flows: a ping's or pong's payload and a close frame's reason are bytes the
other side reads (and a server may log), relayed by mitmproxy with no hook (core/compat.py calls `filtered` just
before each is sent).

Each is scanned whole (a payload byte for character, like binary messages; a reason as text) in the direction it
travels. A finding the policy masks is replaced by its placeholder when the result still fits the frame (125 bytes
of payload, 123 of reason), else the payload or reason is dropped; a block, an approval (a frame cannot wait), an
incomplete scan or any failure drops it (fail closed). The frame itself always goes on: a ping unanswered or a
close not relayed would break the connection, not protect anything. The close reason kept in the flow (and so in
the record) is the one sent."""

from __future__ import annotations

import logging

import wsproto.events
from mitmproxy import http

from addons.core import encoded_keys, metakeys, runtime
from addons.core.compat import without_payload
from addons.core.vocabulary import Action

logger = logging.getLogger(__name__)

MAX_PAYLOAD = 125  # RFC 6455 5.5: a control frame's payload
MAX_REASON = 123  # a close frame's payload less its 2-byte code
STOPPING = frozenset({Action.BLOCK, Action.APPROVE})
PAYLOAD_FRAMES = (wsproto.events.Ping, wsproto.events.Pong)  # one side's own frames (a close is relayed once)


def filtered(flow: http.HTTPFlow, event: wsproto.events.Event, to_server: bool) -> wsproto.events.Event:
    try:
        return _filtered(flow, event, to_server)
    except Exception as e:
        logger.error("exitguard: a WebSocket control frame of flow %s could not be scanned (%s); sent without its "
                     "payload", flow.id, type(e).__name__)
        return _dropped(flow, event)


def _filtered(flow: http.HTTPFlow, event: wsproto.events.Event, to_server: bool) -> wsproto.events.Event:
    if isinstance(event, wsproto.events.CloseConnection):
        assert flow.websocket is not None  # a close frame is relayed by the WebSocket layer of this flow
        # A close is relayed to the other side and echoed to its sender: both get what the other side gets.
        from_client = bool(flow.websocket.closed_by_client)
        text, relayed, kind = event.reason or "", to_server == from_client, "close-reason"
    elif isinstance(event, (wsproto.events.Ping, wsproto.events.Pong)):
        from_client = to_server
        text, relayed, kind = bytes(event.payload).decode("latin-1"), True, type(event).__name__.lower()
    else:
        return event
    if not text:
        return event
    rt = runtime.get()
    md = flow.metadata
    direction, location = "request" if from_client else "response", f"websocket:{kind}"
    result = rt.inspector.inspect_text(text, direction, location, md.get(metakeys.GROUPS))
    # attack17: a key base64-, hex- or base32-encoded there went on, read as written (a message's runs are read)
    result = encoded_keys.with_encoded_keys(result, text, rt.inspector, direction, location, md.get(metakeys.GROUPS))
    if relayed and result.findings:
        md.setdefault(metakeys.FINDINGS, []).extend(f.to_metadata() for f in result.findings)
    if rt.policy.report_only:
        if relayed and result.findings:
            md[metakeys.REPORT_ONLY] = True
            metakeys.raise_decision(md, "report", f"would mask a websocket {kind}")
        return event
    if result.incomplete or any(f.action in STOPPING for f in result.findings):
        if relayed:
            metakeys.raise_decision(md, "block", f"websocket {kind} sent without its payload")
        return _dropped(flow, event)
    if result.text == text:
        return event
    if relayed:
        metakeys.raise_decision(md, "mask", f"masked a websocket {kind}")
    if isinstance(event, wsproto.events.CloseConnection):
        reason = result.text if len(result.text.encode("utf-8")) <= MAX_REASON else None
        flow.websocket.close_reason = reason or ""  # type: ignore[union-attr]
        return wsproto.events.CloseConnection(code=event.code, reason=reason)
    payload = result.text.encode("latin-1", "replace")
    payload = payload if len(payload) <= MAX_PAYLOAD else b""
    return wsproto.events.Ping(payload=payload) if isinstance(event, wsproto.events.Ping) else \
        wsproto.events.Pong(payload=payload)


def _dropped(flow: http.HTTPFlow, event: wsproto.events.Event) -> wsproto.events.Event:
    if isinstance(event, wsproto.events.CloseConnection) and flow.websocket is not None:
        flow.websocket.close_reason = ""
    return without_payload(event)
