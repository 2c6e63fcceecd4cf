"""Nothing the proxy prints or logs holds a raw value (issue 18).

mitmproxy's own log lines carry client bytes ("Client closed connection before completing request headers:
b'GET /?k=AKIA...'"), HTTP/2 header and trailer reprs in protocol errors, and URLs; its Dumper prints every flow's
URL (a secret in the query of a *blocked* request too). So:

- ``install()`` wraps the log record factory: every record, from any logger, is rendered once and masked before a
  handler (termlog, mitmweb's event store, a file) sees it: byte reprs are withheld, URLs keep scheme, host and
  port only, and whatever the detection engine finds is replaced by its rule name;
- Config switches mitmproxy's Dumper off (``flow_detail=0``) and ``FlowLine`` prints one masked line per flow.

One line passes as it is: mitmweb's "Web server listening at http://127.0.0.1:8081/?token=..." at start-up. That
token is the operator's own login to the UI (printed once, to the operator's terminal, as `exitguard up --web`
promises), not traffic; with `web_password` set, mitmweb prints no token.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

from mitmproxy import exceptions, http

from addons.core import errortext, metakeys, outside, runtime

# b'...' / b"..." as repr() writes them (escaped quotes and backslashes included).
BYTES_REPR = re.compile(r"""b'(?:[^'\\]|\\.)*'|b"(?:[^"\\]|\\.)*\"""")
WEB_LOGIN_LOGGER = "mitmproxy.tools.web.master"
WEB_LOGIN_PREFIX = "Web server listening at http"
# scheme://[userinfo@]host[:port][/path][?query]: the path, query and user info go.
URL = re.compile(r"\b((?:https?|wss?|h2c?)://)(?:[^/\s@'\"<>]*@)?([^/\s?#'\"<>]+)[^\s'\"<>]*", re.IGNORECASE)
LONG_SEGMENT = 16  # path segments longer than this (tokens, keys, ids) are withheld from flow lines
MAX_SCANNED_CHARS = 20_000
HIDDEN = "<log message withheld: it quotes a detected value in escapes or hex>"


def mask_text(text: str) -> str:
    """``text`` with byte reprs withheld, URLs cut to scheme://host:port and detected values replaced."""
    text = BYTES_REPR.sub(lambda m: f"<{len(m.group(0)) - 3} bytes withheld>", text)
    text = URL.sub(lambda m: f"{m.group(1)}{m.group(2)}/…" if len(m.group(0)) > len(m.group(1) + m.group(2))
                   else m.group(0), text)
    return _mask_findings(text)


def _mask_findings(text: str) -> str:
    try:
        inspector = runtime.get().inspector
    except runtime.NotConfigured:
        return text
    note = ""
    if len(text) > MAX_SCANNED_CHARS:
        # The part kept is scanned like any text (before ends14 its first 200 characters were kept unscanned).
        kept = errortext.cut(text, MAX_SCANNED_CHARS)
        text, note = kept, f" … <{len(text) - len(kept)} chars withheld: too long to check>"
    found, _ = inspector.detect(text, cache=False)
    for f in sorted(found, key=lambda f: f.start, reverse=True):
        text = f"{text[:f.start]}[{f.rule_id}]{text[f.end:]}"
    upper_masked = errortext.upper_cased_masked(text, inspector)  # a server name quoted lower-cased (attack26)
    if upper_masked is None:
        return HIDDEN
    text = upper_masked
    if ("\\" in text and errortext.hides_value(text, inspector)) or errortext.hex_hides_value(text, inspector) \
            or errortext.encoded_hides_value(text, inspector):
        # a str repr '\\x85AKIA...', a ClientHello mitmproxy could not parse as hex (attack15), base64 (attack16)
        return HIDDEN
    return text + note


_installed: Callable[..., logging.LogRecord] | None = None
_busy = False  # the scan itself may log: never mask a record raised while masking one


def install() -> None:
    """Mask every log record from now on (idempotent)."""
    global _installed
    if _installed is not None:
        return
    original = logging.getLogRecordFactory()

    def masked_record(*args, **kwargs) -> logging.LogRecord:
        global _busy
        record = original(*args, **kwargs)
        if _busy or _is_web_login(record):
            return record
        _busy = True
        try:
            message = record.getMessage()
            if record.exc_info and isinstance(record.exc_info[1], exceptions.OptionsError):
                # an addon refusing an option value (mitmproxy logs "error in script" with the traceback of the
                # configure that raised it): the sentence is written for the operator, the traceback is noise
                message += f": {record.exc_info[1]}"
                record.exc_info, record.exc_text = None, None
            if record.exc_info:  # tracebacks carry reprs of flows, headers and bytes: mask them with the message
                message += "\n" + logging.Formatter().formatException(record.exc_info)
                record.exc_info, record.exc_text = None, None
            record.msg, record.args = mask_text(message), ()
        except Exception:  # a message that cannot be rendered must not leak through unmasked either
            record.msg, record.args = "<log message withheld: could not be masked>", ()
        finally:
            _busy = False
        return record

    _installed = original
    logging.setLogRecordFactory(masked_record)


def _is_web_login(record: logging.LogRecord) -> bool:
    return (record.name == WEB_LOGIN_LOGGER and isinstance(record.msg, str) and not record.args
            and record.msg.startswith(WEB_LOGIN_PREFIX) and "\n" not in record.msg)


def uninstall() -> None:
    global _installed
    if _installed is not None:
        logging.setLogRecordFactory(_installed)
        _installed = None


def flow_path(request: http.Request) -> str:
    """The path with long segments withheld and the query reduced to its keys: '/bot…/sendMessage?chat_id=…'."""
    segments = ["…" if len(s) > LONG_SEGMENT else s for s in request.path_components]
    path = "/" + "/".join(segments)
    if request.query:
        path += "?" + "&".join(f"{k}=…" for k in request.query)
    return path


def flow_line(flow: http.HTTPFlow) -> str:
    request, md = flow.request, flow.metadata
    status = str(flow.response.status_code) if flow.response else ("error" if flow.error else "-")
    findings = len(md.get(metakeys.FINDINGS) or [])
    # the path stands apart from scheme://host:port, so the URL mask (which drops whole paths) leaves its masked form
    # the Host header: a claim, case-insensitive, so read upper-cased too (outside.safe_host; attack10)
    host = outside.safe_host(request.pretty_host, outside.current_scanner())
    return (f"{request.method} {request.scheme}://{host}:{request.port} {flow_path(request)} "
            f"-> {status} [{md.get(metakeys.HOST_CLASS, '-')}/{md.get(metakeys.DECISION, '-')}"
            f"{f', {findings} finding(s)' if findings else ''}]")


class FlowLine:
    """One masked line per finished flow, in place of mitmproxy's Dumper (switched off by Config)."""

    def __init__(self) -> None:
        self.logger = logging.getLogger("exitguard.flows")

    def response(self, flow: http.HTTPFlow) -> None:
        self._log(flow)

    def error(self, flow: http.HTTPFlow) -> None:
        self._log(flow)

    def _log(self, flow: http.HTTPFlow) -> None:
        if flow.live:
            client = flow.client_conn.peername
            self.logger.info("%s %s", f"{client[0]}:{client[1]}" if client else "-", flow_line(flow))
