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
withheld. What is left is read once more with every escape undone (``unescaped``): a ``str`` repr
(``invalid content-length header: '\\udcffAKIA...'``), a quote cut open at ``MAX_CHARS``, an escape run into a
key (``b'\\xffAKIA...'``: ``xffAKIA`` is no key to a rule with a word boundary); and each run of 32 hex digits or
more as its bytes (an HTTP/2 GOAWAY's debug data, 20 bytes: an AWS key id); a value found there withholds the
whole text (attack15). So do base64, base32 and hex runs the guard would decode in a body, and a quote or escape
read with its NULs dropped (UTF-16 of ASCII) (attack16). Fail closed: a text that cannot be scanned (no runtime
yet, a bounded scan) is withheld whole.
"""

from __future__ import annotations

import ast
import logging
import re

from mitmproxy import connection, http
from mitmproxy.proxy import server_hooks
from mitmproxy.proxy.layers import tls

from addons.core import outside, placeholders
from addons.formats import encoded
from addons.formats.model import Field

logger = logging.getLogger(__name__)

# b'...' / b"..." as repr() writes them; bytearray(b'...') holds one.
BYTES_REPR = re.compile(r"""b'(?:[^'\\]|\\.)*'|b"(?:[^"\\]|\\.)*\"""")
MAX_CHARS = 4096  # mitmproxy quotes what it had buffered (a whole head, up to its buffer): the page keeps this much
TRAILING_TOKEN = re.compile(r"[^\s'\"<>()\[\]{},;]+$")
CUT_NOTE = " … [exitguard: the rest withheld]"
WITHHELD = "[exitguard: error text withheld, could not be scanned]"
HIDDEN = "[exitguard: error text withheld, it quotes a detected value in escapes or hex]"
# 16 bytes or more written as hex: mitmproxy writes bytes so (an unparseable ClientHello whole, an HTTP/2 GOAWAY's
# first 20 bytes of debug data: an AWS key id is 20 characters).
HEX_RUN = re.compile(r"[0-9a-fA-F]{32,}")
# A Python escape, as repr() writes them in bytes and str.
ESCAPE = re.compile(r"\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3}|.)", re.DOTALL)
_SIMPLE_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
_OTHER_SURROGATES = re.compile("[\ud800-\udc7f\udd00-\udfff]")  # not a byte surrogateescape kept: no UTF-8
UNESCAPE_ROUNDS = 3  # a repr inside a repr doubles its backslashes: read that deep


def masked(message: str) -> str:
    """``message`` with every detected value masked, quoted bytes that hold one withheld; ``WITHHELD`` when it
    cannot be scanned. Never raises."""
    return masked_with(message, outside.current_scanner())


def masked_with(message: str, scanner: outside.TextScanner | None) -> str:
    """``masked`` with a given scanner (the audit scrub's, which remembers its results for the flow)."""
    try:
        return _masked(message, scanner)
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
    text = upper_cased_masked(BYTES_REPR.sub(lambda m: _quoted(m.group(0), scanner), text), scanner)
    if text is None:
        return WITHHELD
    if ("\\" in text and hides_value(text, scanner)) or hex_hides_value(text, scanner) \
            or encoded_hides_value(text, scanner):
        return HIDDEN
    return text + note


def upper_cased_masked(text: str, scanner: outside.TextScanner) -> str | None:
    """``text`` with each value its upper-cased reading holds masked too (None: that scan did not finish).
    mitmproxy quotes server names and CONNECT targets as the client wrote them, clients and exitguard lower-case
    names, and a lower-cased AWS key id is no value to the engine as written (attack26: "... the proxy's
    certificate for akia...."); names are read so everywhere exitguard writes one (`outside.safe_host`)."""
    upper = outside.upper_same_length(text)  # offsets kept (a letter whose upper case is longer stays: attack28)
    if upper == text:
        return text
    found, incomplete = scanner.detect(upper, cache=False)
    if incomplete:
        return None
    pieces, last = [], 0
    for f in sorted(found, key=lambda f: f.start):
        if f.start < last:
            continue
        pieces += [text[last:f.start], placeholders.masked(f.rule_id, scanner.fingerprinter.tag(upper[f.start:f.end]))]
        last = f.end
    return "".join([*pieces, text[last:]])


def encoded_hides_value(text: str, scanner: outside.TextScanner) -> bool:
    """Does an encoded run in ``text`` (base64 in either alphabet, base32, hex: what the guard decodes in a body,
    ``formats/encoded.py``, up to its 3 layers) hold a detected value, or one the scan cannot finish (attack16)?"""
    if not encoded.may_hold_a_run(text):
        return False
    expansion = encoded.expand([Field("error", text, "text")])
    if expansion.skipped:
        return True  # a run it would not read whole: fail closed
    for field in expansion.fields:
        found, incomplete = scanner.detect(field.text, cache=False)
        if found or incomplete:
            return True
    return False


def hex_hides_value(text: str, scanner: outside.TextScanner) -> bool:
    """Does a run of hex digits in ``text``, read as the bytes it writes (either alignment, as UTF-8), hold a
    detected value, or one the scan cannot finish?"""
    for run in HEX_RUN.findall(text):
        for start in (0, 1):
            digits = run[start:len(run) - (len(run) - start) % 2]
            found, incomplete = scanner.detect(bytes.fromhex(digits).decode("utf-8", "replace"), cache=False)
            if found or incomplete:
                return True
    return False


def hides_value(text: str, scanner: outside.TextScanner) -> bool:
    """Does ``text`` read with its escapes undone (as bytes decoded as UTF-8, and as str code points) hold a
    detected value, or one the scan cannot finish?"""
    readings = {text}
    for _ in range(UNESCAPE_ROUNDS):
        readings |= {unescaped(r, as_bytes) for r in readings if "\\" in r for as_bytes in (True, False)}
    # UTF-16 of ASCII: every other byte is NUL (attack16)
    readings |= {r.replace("\x00", "") for r in readings if "\x00" in r}
    for reading in readings - {text}:
        found, incomplete = scanner.detect(reading, cache=False)
        if found or incomplete:
            return True
    return False


def unescaped(text: str, as_bytes: bool) -> str:
    """``text`` with each escape replaced by what it stands for: ``\\xNN`` a byte (``as_bytes``: runs of them are
    read as UTF-8) or a code point; surrogates and bytes that are no UTF-8 become U+FFFD."""
    def one(m: re.Match[str]) -> str:
        e = m.group(1)
        if e[0] in "xuU" and len(e) > 1:
            n = int(e[1:], 16)
            if as_bytes and e[0] == "x" and n > 0x7F:
                return chr(0xDC00 + n)  # a raw byte, as surrogateescape keeps it
            return chr(n) if n <= 0x10FFFF and not 0xD800 <= n <= 0xDFFF else "\ufffd"
        if e[0] in "01234567":
            return chr(int(e, 8))
        return _SIMPLE_ESCAPES.get(e, e)
    out = ESCAPE.sub(one, text)
    if as_bytes:  # bytes > 0x7F were kept as surrogates: together they are UTF-8 (or not)
        return _OTHER_SURROGATES.sub("\ufffd", out).encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return out.encode("utf-8", "replace").decode("utf-8")


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
    for reading in (decoded, decoded.replace("\x00", "")) if "\x00" in decoded else (decoded,):  # UTF-16 too
        found, incomplete = scanner.detect(reading, cache=False)
        if found or incomplete:
            return f"<{len(raw)} bytes withheld>"
    return quote


class ErrorText:
    """Masks ``flow.error.msg`` in place, last in the chain: exitguard's own addons read the text mitmproxy wrote
    (the credential broker looks for its key's spellings there), every addon after the bundle gets it masked.
    ``requestheaders`` too: a request mitmproxy refuses as it arrives (``Received invalid content-length header:
    b'...' from client``) has its error before that hook, where mitmweb's view first shows the flow.

    A connection's ``error`` alike, in the hook right after mitmproxy sets it (attack16): a ClientHello it cannot
    parse is quoted whole as hex, a server's TLS or connect error quotes what the server sent; mitmweb's
    "save all flows" and any later addon read the live connections (the record's copy was masked already)."""

    def requestheaders(self, flow: http.HTTPFlow) -> None:
        self._mask(flow)

    def error(self, flow: http.HTTPFlow) -> None:
        self._mask(flow)
        for conn in (flow.client_conn, flow.server_conn):
            self._mask_connection(conn)

    def tls_failed_client(self, data: tls.TlsData) -> None:
        self._mask_connection(data.conn)

    def tls_failed_server(self, data: tls.TlsData) -> None:
        self._mask_connection(data.conn)

    def server_connect_error(self, data: server_hooks.ServerConnectionHookData) -> None:
        self._mask_connection(data.server)

    @staticmethod
    def _mask(flow: http.HTTPFlow) -> None:
        if flow.error is not None and flow.error.msg != flow.error.KILLED_MESSAGE:
            flow.error.msg = masked(flow.error.msg)

    @staticmethod
    def _mask_connection(conn: connection.Connection | None) -> None:
        if conn is not None and conn.error:
            conn.error = masked(conn.error)
