"""Tell reviewers that a request is waiting for approval: a JSON webhook (generic, or the Slack incoming-webhook
shape) with who, where, why, a MASKED preview of the request and the commands to decide.

Sent from a task with asyncio streams and a short timeout, so a slow receiver never stalls the proxy. A
notification that fails is recorded (``notified``) and changes nothing else: only a person approves.
The webhook URL itself is a secret for Slack (the path is the credential): only its host is ever logged.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import socket
import ssl
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from mitmproxy import exceptions, http

from addons.approval.capability import slack_buttons
from addons.approval.rules import format_duration, utc_iso
from addons.core import credential_headers, inspection, metakeys, options, outside, placeholders
from addons.formats import BodyError, decode_content, multipart, open_body

logger = logging.getLogger(__name__)

SEND_TIMEOUT = 5.0  # seconds for connect + send + status line
PREVIEW_CHARS = 2000
FIELD_CHARS = 400
FORMATS = ("json", "slack")


@dataclass(frozen=True)
class Webhook:
    url: str | None  # None: reviewers are not notified
    format: str  # one of FORMATS


def add_options(loader) -> None:
    loader.add_option("exitguard_approval_webhook", str | None, None,
                      "URL (http or https) that gets a JSON notification for every request held for approval. "
                      "Unset: no notification.")
    loader.add_option("exitguard_approval_webhook_format", str, "json",
                      "Notification payload: json (exitguard's own document) or slack (incoming-webhook blocks).",
                      choices=FORMATS)


def read_options(opts) -> Webhook:
    """The webhook options, checked. The URL is never echoed in an error (for Slack its path is the secret)."""
    fmt = options.chosen(opts, "exitguard_approval_webhook_format")
    url = options.optional_text(opts, "exitguard_approval_webhook")
    if url is not None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise exceptions.OptionsError("exitguard_approval_webhook must be an http:// or https:// URL")
    return Webhook(url, fmt)


# --------------------------------------------------------------------------- the masked preview


def mask_text(text: str, inspector) -> str | None:
    """``text`` with everything the engine finds replaced by its placeholder; None when the scan was incomplete
    (then nothing of it may be shown)."""
    return outside.mask_or_none(text, inspector)


def mask_field(text: str, location: str, inspector, context: str | None = None) -> str | None:
    """``mask_text`` for a body field, scanned after the key it sat under as the guard scanned it: a value known
    only by its key (``"password": "..."``) that the policy let through to the provider is masked for reviewers
    too, as in the audit record. None when the scan was incomplete."""
    if not text:
        return text
    found, incomplete = inspector.detect_in_context(
        text, inspection.field_context(location) if context is None else context)
    return None if incomplete else outside.mask_found(text, found, inspector)


def request_preview(flow: http.HTTPFlow, inspector, limit_bytes: int) -> dict:
    """The request line and body fields as reviewers see them. Values of findings whose action is ``approve``
    are still raw in the body (that is what waits for a yes), so everything is masked again here, every field
    under its key (``mask_field``)."""
    req = flow.request
    if (params := inspector.policy.credential_names.params) and "?" in req.path:
        # attack52: a broker's own query parameter holds a credential (the caller's own with client_keys: allow)
        req = req.copy()
        credential_headers.redact_query(req, params, lambda _: "------")
    # pretty_url goes by the Host header, a client's claim: host names are case-insensitive, so it is read
    # upper-cased too (outside.safe_host; a lower-cased AWS key id is no value to the engine, attack10)
    host = outside.safe_host(req.pretty_host, inspector)
    url = mask_text(req.pretty_url.replace(req.pretty_host, host, 1), inspector) or \
        f"{req.scheme}://{host}{req.path.split('?')[0]}"
    headers = request_headers(flow, inspector)
    try:
        body = decode_content(req.raw_content or b"", req.headers.get("content-encoding"), limit_bytes)
        doc = open_body(req.headers.get("content-type", ""), body)
    except BodyError as e:
        return {"url": url, "headers": headers, "body": None, "note": f"body not shown: {e}"}
    lines, withheld = [], 0
    masked_frames: dict[tuple[str, str], str | None] = {}  # a multipart part's header block, masked, by location
    for field, context in zip(doc.fields, inspection.contexts_of(doc.fields), strict=True):
        if field.kind in ("data-uri", "base64"):
            lines.append(f"{field.location}: <{field.kind}, {len(field.text)} chars>")
            continue
        masked = mask_field(field.text, field.location, inspector, context)
        if doc.kind == "multipart" and _PART_HEADERS.fullmatch(field.location):
            masked_frames[(field.location, field.text)] = masked  # told as the part's outline line, below
            withheld += masked is None
            continue
        if masked is None:
            withheld += 1
            continue
        cut = masked if len(masked) <= FIELD_CHARS else masked[:FIELD_CHARS] + "…"
        lines.append(f"{field.location}: {as_lines(cut)}")
    if doc.kind == "multipart":
        lines = [*part_lines(body, req.headers.get("content-type", ""), masked_frames,
                             inspector), *lines]
    text = "\n".join(lines)
    note = f"{len(doc.fields)} field(s)" + (f", {withheld} withheld (scan incomplete)" if withheld else "")
    if doc.kind in ("binary", "empty"):
        note = f"{doc.kind} body ({len(body)} bytes)"
    return {"url": url, "headers": headers, "body": text[:PREVIEW_CHARS] + ("…" if len(text) > PREVIEW_CHARS else ""),
            "note": note}


_PART_HEADERS = re.compile(r"multipart\.[^#]*#headers")  # a top-level part's header block (not its `.read`)


def as_lines(text: str) -> str:
    """A value as reviewers read it: CRLF line ends as line ends (a multipart body or a text part written the
    HTTP way showed a `\\x0d` at the end of every line). A lone CR stays, for the terminal to write out."""
    return text.replace("\r\n", "\n")


def part_lines(body: bytes, content_type: str, masked_frames: dict[tuple[str, str], str | None],
               inspector) -> list[str]:
    """One line per top-level part of a multipart body: its name, file name, content type and size, read from its
    header block as masked for the preview (``masked_frames``, by location and text; each value masked once more
    on its own), never from the bytes as sent."""
    try:
        outlines = multipart.part_outlines(body, content_type)
    except BodyError:  # opened once already: not expected; the fields are still listed
        return ["(the parts cannot be outlined)"]
    lines = [f"{len(outlines)} part(s):"]
    for number, part in enumerate(outlines, 1):
        size = f"{part.content_bytes:,} bytes"
        masked = masked_frames.get((f"multipart.{part.label}#headers", part.header_text), "")
        if masked is None:
            lines.append(f"part {number}: <headers withheld: scan incomplete>, {size}")
            continue
        said = multipart.read_part_headers(masked)
        words = []
        for what, value in (("name", said.name), ("file", said.filename), ("type", said.content_type)):
            if value:
                shown_value = mask_text(value, inspector)
                words.append("<withheld: scan incomplete>" if shown_value is None else
                             shown_value[:FIELD_CHARS] if what == "type" else f"{what} \"{shown_value[:FIELD_CHARS]}\"")
            elif what == "type":
                words.append("no type")
        lines.append(f"part {number}: {', '.join(words)}, {size}")
    return lines


REDACTED = "<redacted>"
MAX_HEADERS = 100  # headers listed for reviewers; the rest counted


def request_headers(flow: http.HTTPFlow, inspector) -> list[str]:
    """The request's headers as reviewers see them (split23: a window or a join covers headers too, attack24, so a
    reviewer must see what they approve): `name: value`, in order, each name read as a host name is (upper-cased
    too) and each value masked under its name as the guard scanned it (``mask_field``). Credential headers show
    `<redacted>` (the record redacts them too; a broker's own header is one, attack52), Proxy-Authorization is left
    out (the proxy's own, never sent on). A header that holds part of a finding its own scan does not show (a key
    split over two headers, one named with a key) is withheld; so is one whose scan did not finish."""
    found_at = {str(f.get("location") or "") for f in flow.metadata.get(metakeys.FINDINGS) or []
                if f.get("direction", "request") == "request"}
    lines: list[str] = []
    named = inspector.policy.credential_names.headers  # a broker's own header (attack52)
    fields = flow.request.headers.fields
    for i, (raw_name, raw_value) in enumerate(fields[:MAX_HEADERS]):
        name = raw_name.decode("utf-8", "surrogateescape")
        value = raw_value.decode("utf-8", "surrogateescape")
        lower = name.lower()
        if lower == "proxy-authorization":
            continue
        shown_name = outside.safe_host(name, inspector)
        if outside.CREDENTIAL_HEADER_RE.match(name) or lower in named:
            lines.append(f"{shown_name}: {REDACTED}")
            continue
        if lower == "host":  # a name: read upper-cased too, as the URL's host is
            masked: str | None = outside.safe_host(value, inspector)
        else:
            masked = mask_field(value, f"header.{lower}", inspector, inspection.key_context(lower))
        if masked is None:
            masked = "<withheld: scan incomplete>"
        elif masked == value and next(placeholders.find_masked(value), None) is None and (
                {f"header.{lower}", f"header.{{{i}}}", f"header.{{{i}}}#name"} & found_at or shown_name != name):
            masked = "<withheld: holds part of a finding>"
        cut = masked if len(masked) <= FIELD_CHARS else masked[:FIELD_CHARS] + "…"
        lines.append(f"{shown_name}: {cut}")
    if len(fields) > MAX_HEADERS:
        lines.append(f"… {len(fields) - MAX_HEADERS} more header(s)")
    return lines


# --------------------------------------------------------------------------- payloads


def commands(approval_id: str) -> dict:
    # Approving needs the approver's own token (never in a notification): FILE says where it goes (walk22: the
    # command as sent was refused with "approving needs your approver token").
    return {"approve": f"exitguard approvals approve {approval_id} --token-file FILE",
            "approve_for_10m": f"exitguard approvals approve {approval_id} --token-file FILE --for 10m",
            "deny": f"exitguard approvals deny {approval_id} --reason 'why'",
            "list": "exitguard approvals list"}


def json_payload(summary: dict) -> dict:
    return {"event": "exitguard.approval.requested", **summary, "commands": commands(summary["id"])}


def slack_payload(summary: dict, buttons: bool = False, window_s: int = 0) -> dict:
    """Slack incoming webhook: ``text`` is the fallback, ``blocks`` the message; with ``buttons`` (the Slack app's
    signing secret is configured) Approve / Deny buttons that Slack posts to the callback listener, and with
    ``window_s`` an "Approve for <window>" button between them."""
    who = summary.get("requester") or "an unidentified client"
    what = f"{summary['method']} {summary['url']}"
    cmds = commands(summary["id"])
    headline = f"exitguard: {who} wants to send {what} (approval {summary['id']}, expires in {summary['timeout_s']} s)"
    shown = summary.get("preview") or {}
    preview = "\n".join([*(shown.get("headers") or []), "", shown.get("body") or "(no body)"])
    blocks = [
        {"type": "section", "text": {"type": "mrkdwn", "text": _slack_escape(headline)}},
        _why_block(summary),
        {"type": "section", "text": {"type": "mrkdwn",
                                     "text": "```" + _unfenced(_slack_escape(preview[:2800])) + "```"}},
        {"type": "section", "text": {"type": "mrkdwn", "text": "\n".join(
            f"`{_slack_escape(c)}`" for c in (cmds["approve"], cmds["approve_for_10m"], cmds["deny"]))}},
    ]
    if buttons:
        blocks.append(slack_buttons(summary["id"], format_duration(window_s) if window_s > 0 else None))
    return {"text": _slack_escape(headline), "blocks": blocks}


def _why_block(summary: dict) -> dict:
    why = "; ".join(summary.get("reasons", [])) or "policy"
    found = summary.get("findings") or []
    findings = ", ".join(sorted({f"{f.get('rule')} ({f.get('classification')})" for f in found}))
    return {"type": "section",
            "text": {"type": "mrkdwn", "text": _slack_escape(f"Why: {why}\nFindings: {findings or 'none'}")}}


def slack_update(approval_id: str, outcome: str, summary: dict | None, replace: bool,
                 scanner: outside.TextScanner | None = None) -> dict:
    """What the callback listener posts to a Slack click's ``response_url``. ``replace``: the message becomes the
    outcome, without buttons (the approval is settled); otherwise only the person who clicked sees ``outcome``
    (nothing was decided and the buttons stay). Masked like the webhook: the summary and the outcome (it names a
    Slack user, an error) go through core/outside.py."""
    scanner = scanner if scanner is not None else outside.current_scanner()
    outcome = outside.safe_text(outcome, scanner)
    if not replace:
        return {"response_type": "ephemeral", "replace_original": False, "text": _slack_escape(outcome)}
    blocks = []
    headline = f"exitguard: approval {approval_id}"
    if summary is not None:
        summary = outside.safe_record(summary, scanner)
        who = summary.get("requester") or "an unidentified client"
        headline = f"exitguard: {who} wanted to send {summary.get('method')} {summary.get('url')} " \
                   f"(approval {approval_id})"
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": _slack_escape(headline)}})
        blocks.append(_why_block(summary))
    else:
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": _slack_escape(headline)}})
    blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": _slack_escape(outcome)}})
    return {"replace_original": True, "text": _slack_escape(f"{headline}: {outcome}"), "blocks": blocks}


def _unfenced(text: str) -> str:
    """Inside the preview's code block: a zero-width space after each backtick, so an agent's ``` cannot close
    the block and have the text after it rendered as Slack formatting (the backticks stay visible)."""
    return text.replace("`", "`\u200b")


def _slack_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def payload(fmt: str, summary: dict, scanner: outside.TextScanner | None = None, buttons: bool = False,
            window_s: int = 0) -> dict:
    """The document sent to the reviewers' webhook: every string of the summary (model, finding locations, host,
    reasons) goes through core/outside.py first; the summary may have been built from raw request fields."""
    summary = outside.safe_record(summary, scanner if scanner is not None else outside.current_scanner())
    return slack_payload(summary, buttons, window_s) if fmt == "slack" else json_payload(summary)


# --------------------------------------------------------------------------- delivery


async def send(url: str, document: dict, timeout: float = SEND_TIMEOUT, what: str = "approval notification") -> dict:
    """POST ``document`` as JSON; returns what to record (never the URL's path or query). https is checked
    against the system's trust store (``SSL_CERT_FILE`` replaces it)."""
    parts = urlsplit(url)
    started = time.monotonic()
    result: dict[str, Any] = {"channel": "webhook", "target": parts.hostname, "delivered": False, "status": None,
                              "error": None}
    try:
        status = await asyncio.wait_for(_post(parts, json.dumps(document).encode()), timeout)
        result["status"] = status
        result["delivered"] = 200 <= status < 300
        if not result["delivered"]:
            result["error"] = f"HTTP {status}"
    except TimeoutError:
        result["error"] = f"no answer within {timeout:g} s"
    except (OSError, ValueError, ssl.SSLError) as e:
        result["error"] = why_not_sent(e)
    result["ms"] = round((time.monotonic() - started) * 1000, 1)
    result["at"] = utc_iso(time.time())
    if not result["delivered"]:
        logger.warning("exitguard: %s to %s failed: %s", what, parts.hostname, result["error"])
    return result


def why_not_sent(e: BaseException) -> str:
    """What a reviewer reads in `approvals list` ("notified") and the log: words for the usual causes rather than
    an exception's class (`gaierror`); never the exception's text, which may quote the URL."""
    if isinstance(e, socket.gaierror):
        return "host name not resolved"
    if isinstance(e, ConnectionRefusedError):
        return "connection refused"
    if isinstance(e, ssl.SSLCertVerificationError):
        return "TLS certificate not trusted"
    return type(e).__name__


async def _post(parts, body: bytes) -> int:
    https = parts.scheme == "https"
    port = parts.port or (443 if https else 80)
    context = ssl.create_default_context() if https else None
    reader, writer = await asyncio.open_connection(parts.hostname, port, ssl=context,
                                                   server_hostname=parts.hostname if https else None)
    try:
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        host = parts.hostname if parts.port is None else f"{parts.hostname}:{parts.port}"
        head = (f"POST {target} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
                f"Content-Length: {len(body)}\r\nUser-Agent: exitguard\r\nConnection: close\r\n\r\n")
        writer.write(head.encode("latin-1") + body)
        await writer.drain()
        status_line = await reader.readline()
        fields = status_line.split()
        if len(fields) < 2 or not fields[1].isdigit():
            raise ValueError("not an HTTP response")
        return int(fields[1])
    finally:
        writer.close()
