"""mitmproxy's own error texts with every detected value masked (ends14).

When mitmproxy 12.3 cannot parse a message it writes the error itself, quoting the bytes where it stopped:
``Invalid header line: b'X-Debug sk-...'``, ``unexpected server response: b'HTTP/1.1 200 OK\\r\\nx-debug: ...'``,
``Received header value surrounded by whitespace b' ...'`` (HTTP/2), ``Bad HTTP request line: b'GET /AKIA...'``.
That text becomes the page it answers the client with (502 / 400, ``_base.format_error``: no hook runs before it
is sent) and ``flow.error.msg``, which every addon after exitguard reads (mitmweb's view, ``save``). ``masked``
gives the text with what the engine detects replaced by its placeholder; ``core/compat.mask_error_pages`` puts it
under every page, ``ErrorText`` under ``flow.error``. The log and the audit record mask on their own
(core/logmask.py, audit/scrub.py).

A quoted byte string is also read decoded (a value with a quote, a backslash or a non-ASCII character in it is
escaped in the repr, so the scan of the repr may not see it); if the decoded bytes hold a value the whole quote is
withheld. Fail closed: a text that cannot be scanned (no runtime yet, a bounded scan) is withheld whole.
"""

from __future__ import annotations

import ast
import logging
import re

from mitmproxy import http

from addons.core import outside

logger = logging.getLogger(__name__)

# b'...' / b"..." as repr() writes them; bytearray(b'...') holds one.
BYTES_REPR = re.compile(r"""b'(?:[^'\\]|\\.)*'|b"(?:[^"\\]|\\.)*\"""")
MAX_CHARS = 4096  # mitmproxy quotes what it had buffered (a whole head, up to its buffer): the page keeps this much
TRAILING_TOKEN = re.compile(r"[^\s'\"<>()\[\]{},;]+$")
CUT_NOTE = " … [exitguard: the rest withheld]"
WITHHELD = "[exitguard: error text withheld, could not be scanned]"


def masked(message: str) -> str:
    """``message`` with every detected value masked, quoted bytes that hold one withheld; ``WITHHELD`` when it
    cannot be scanned. Never raises."""
    try:
        return _masked(message, outside.current_scanner())
    except Exception as e:  # the page is sent whatever happens here: never with the raw text
        logger.warning("exitguard: an error text could not be masked (%s); it was withheld", type(e).__name__)
        return WITHHELD


def _masked(message: str, scanner: outside.TextScanner | None) -> str:
    if not message:
        return message
    if scanner is None:
        return WITHHELD
    note = ""
    if len(message) > MAX_CHARS:
        message, note = cut(message, MAX_CHARS), CUT_NOTE
    text = outside.mask_or_none(message, scanner)
    if text is None:
        return WITHHELD
    return BYTES_REPR.sub(lambda m: _quoted(m.group(0), scanner), text) + note


def cut(text: str, limit: int) -> str:
    """The first ``limit`` characters of ``text``, less the run of token characters that reaches the cut: a key cut
    in two there would be a piece no rule finds, and the piece would be kept."""
    return TRAILING_TOKEN.sub("", text[:limit])


def _quoted(quote: str, scanner: outside.TextScanner) -> str:
    """A byte repr as it is, or withheld when its decoded bytes hold a detected value (or cannot be read)."""
    try:
        raw = ast.literal_eval(quote)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        raw = None
    if not isinstance(raw, bytes):
        return f"<{len(quote)} chars withheld>"
    decoded = raw.decode("utf-8", "replace")
    if decoded == quote[2:-1]:
        return quote  # nothing escaped: the scan of the whole text read these very characters
    found, incomplete = scanner.detect(decoded, cache=False)
    return f"<{len(raw)} bytes withheld>" if found or incomplete else quote


class ErrorText:
    """Masks ``flow.error.msg`` in place, last in the chain: exitguard's own addons read the text mitmproxy wrote
    (the credential broker looks for its key's spellings there), every addon after the bundle gets it masked.
    ``requestheaders`` too: a request mitmproxy refuses as it arrives (``Received invalid content-length header:
    b'...' from client``) has its error before that hook, where mitmweb's view first shows the flow."""

    def requestheaders(self, flow: http.HTTPFlow) -> None:
        self._mask(flow)

    def error(self, flow: http.HTTPFlow) -> None:
        self._mask(flow)

    @staticmethod
    def _mask(flow: http.HTTPFlow) -> None:
        if flow.error is not None and flow.error.msg != flow.error.KILLED_MESSAGE:
            flow.error.msg = masked(flow.error.msg)
