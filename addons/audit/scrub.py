"""Make the copy of a flow that goes into the audit recording: never a raw secret in it.

Works on a detached copy (``detached``) so the live flow is untouched. What is removed or masked, and why:
- ``Proxy-Authorization`` (the client's proxy password) is dropped, and the password in
  ``metadata["proxyauth"]`` (mitmproxy keeps it there) is blanked.
- Headers and query values the credential broker injected (``metadata[INJECTED]``) become ``[INJECTED:<name>]``
  (a ``[BROKERED:<name>]`` marker credentials.py already put there is kept).
- Credential headers (Authorization, X-Api-Key, Cookie, ...) become ``[REDACTED:<header>:<tag>]``, tag = the keyed
  HMAC prefix, so an auditor can still tell two keys apart.
- Everything else is masked again with *every* finding replaced, whatever the policy let through (a recording is
  evidence, not a copy of the traffic; the index says which values passed, by rule and fingerprint): bodies,
  header names and values, trailers, the host, every path segment and query key/value (percent-decoded),
  WebSocket messages (binary frames that are not UTF-8 text cannot be scanned and are not kept), the error
  text, the comment and every string in the metadata (core/outside.py). A body that cannot be scanned (too large,
  binary, undecodable) is not kept; the record says so in its coverage.
  A body the guard scanned and found nothing in, still exactly as it read it, is kept without a second scan
  (core/clean_bodies.py).
  A body in which the guard or the stream masker left a value the scrub cannot find field by field (one split over
  two JSON values or stream events, let through by the policy) is not kept: its pieces cannot be masked here.
- The certificates of either connection are kept only when nothing is detected in them (a certificate cannot be
  masked and stay one); otherwise the coverage lists their SHA-256s. Their key and signature bytes are read as
  Latin-1 too, so about one random EC certificate in a thousand reads as a prose password there and is left out
  (measured session 14: 2000 certificates of the tests' shape); erring that way loses a certificate, never a value.
- A ``flow.backup()`` (the original before edits, e.g. from mitmweb) is not recorded.
- Metadata is reduced to plain data (tnetstring-able, mitmproxy 11.0.2 FlowWriter raises otherwise).
"""

from __future__ import annotations

import copy
import hashlib
import weakref
from collections import Counter
from collections.abc import Iterable
from typing import Any, NamedTuple
from urllib.parse import quote, unquote

from cryptography.hazmat.primitives import serialization
from mitmproxy import certs, connection, http, websocket

from addons.audit import flowstate
from addons.core import clean_bodies, credential_headers, errortext, inspection, metakeys, outside, placeholders
from addons.formats import (
    BodyError,
    ScanCutShort,
    compressed,
    decode_content,
    encoded,
    open_body,
    open_strings_decoded,
)
from addons.formats.model import Field

CREDENTIAL_HEADER_RE = outside.CREDENTIAL_HEADER_RE  # also what reviewers' summaries redact (approval/notify.py)
UNSCANNED = "[exitguard: not recorded, could not be scanned]"
SPLIT_NOT_KEPT = "[exitguard: not recorded, a value sent as it is was split over messages]"
# Header names (as clients and servers spell them) and values that come in most flows: scanned once per scanner,
# not looked up in the detection cache each time (core/outside.py, own words; a header named so by a client is the
# same text with the same result).
_COMMON_HEADERS = ("host", "content-type", "content-length", "content-encoding", "transfer-encoding", "accept",
                   "accept-encoding", "accept-language", "user-agent", "connection", "date", "server", "vary",
                   "cache-control", "x-request-id", "openai-organization", "anthropic-version")
outside.add_own_words((*_COMMON_HEADERS, *(h.title() for h in _COMMON_HEADERS),
                       "application/json", "text/event-stream", "gzip", "br", "deflate", "identity", "chunked",
                       "keep-alive", "close", "no-cache", "*/*"))


def record_copy(flow: http.HTTPFlow, rt, scanner: outside.TextScanner | None = None, *,
                recorded: bool = False) -> http.HTTPFlow:
    """A scrubbed copy of ``flow`` for the recording (same id). ``rt`` is the runtime (None: not configured,
    then every body that would need a scan is dropped); ``scanner`` its inspector, or one that wraps it
    (``outside.Remembering``). ``recorded``: ``flow`` was read back from a recording (``exitguard audit``): the
    scrub that wrote it put the placeholders of allowed values there, so they count as masks."""
    guard_scans: dict[str, clean_bodies.Scan | None] = {}
    if rt is not None:
        for direction, message in (("request", flow.request), ("response", flow.response)):
            if message is not None and (handed := clean_bodies.handed_over(message, rt.inspector)) is not None:
                guard_scans[direction] = handed.scan
    return scrubbed(detached(flow), rt, scanner, guard_scans, recorded=recorded)


def masked_head(request: http.Request, rt) -> http.Request:
    """A copy of ``request``'s head masked as the record masks it (its headers' names and values, the path, the
    method, an HTTP/2 :authority; every finding, whatever the policy lets through), the body left as it is: what the
    live flow shows while the guard has not read the request yet (audit/console_head.py). The host is not changed
    (mitmproxy connects to it; a value there is refused before any request, guard/hello.py)."""
    c = _own_message(request)
    masker = _Masker(rt)
    masker._masked_headers(c.headers)
    masker.mask_request_words(c)
    return c


def masked_answer(flow: http.HTTPFlow, rt) -> http.Response:
    """A copy of ``flow``'s response masked as the record masks it (headers, reason, trailers and body; every
    finding, whatever the policy let through): what the live flow shows of a streamed answer once it has left
    (audit/console_head.py, wire41). Its body is empty when the record would not keep it."""
    assert flow.response is not None
    c = detached(flow)
    assert c.response is not None
    _Masker(rt).mask_message(c, c.response, "response")
    return c.response


def masked_message(flow: http.HTTPFlow, message: websocket.WebSocketMessage, rt) -> bytes:
    """``message``'s content as the record keeps it (every finding masked, whatever the policy let through; a
    direction that passed a value in pieces not kept): what the live message shows once the bundle has read it
    (audit/console_head.py, wire42)."""
    direction = "request" if message.from_client else "response"
    return _Masker(rt).masked_message(message, bool(_split_left(flow, direction)))


def scrubbed(c: http.HTTPFlow, rt, scanner: outside.TextScanner | None = None,
             guard_scans: dict[str, clean_bodies.Scan | None] | None = None, *,
             recorded: bool = False) -> http.HTTPFlow:
    """Scrub ``c``, a copy no one else holds whose metadata is plain data (``detached``), in place; returns it.
    ``guard_scans``: by direction, the guard's scan of a body still exactly as it read it (core/clean_bodies.py):
    None when it found nothing (the body is kept as it is), else what it found, masked without a second scan."""
    scrub_credentials(c, rt)
    masker = _Masker(rt, scanner, recorded)
    guard_scans = guard_scans or {}
    for direction, message in (("request", c.request), ("response", c.response)):
        if message is not None:
            masker.mask_message(c, message, direction, direction in guard_scans and guard_scans[direction] is None,
                                guard_scans.get(direction))
    if c.websocket is not None:
        masker.mask_websocket(c)
    if c.error is not None:  # mitmproxy's text: it quotes bytes, escaped (attack15)
        c.error.msg = errortext.masked_with(c.error.msg, masker.scanner)
    _mask_connections(c, masker)
    c.comment = masker.safe(c.comment)
    c.metadata = outside.safe_record(c.metadata, masker.scanner)  # plain already: detached made it so
    return c


def detached(flow: http.HTTPFlow) -> http.HTTPFlow:
    """A copy of ``flow`` (same id, not live) whose parts the scrub changes are its own: the messages, error,
    WebSocket messages and metadata. The connections are shared: nothing here changes them, and copying them
    (certificates and all, as ``flow.copy()`` does, twice for the messages) was most of the cost of recording."""
    c = _shallow(flow)
    c.live = False
    c.request = _own_message(flow.request)
    c.response = _own_message(flow.response) if flow.response is not None else None
    c.error = flow.error.copy() if flow.error is not None else None
    c.websocket = flow.websocket.copy() if flow.websocket is not None else None
    c._backup = None  # flow.backup() keeps the unedited original (raw values) and FlowWriter would write it
    c.metadata = plain(flow.metadata)
    return c


def _mask_connections(c: http.HTTPFlow, masker: _Masker) -> None:
    """What a client names in its connections: the TLS server name, the ALPN protocols it offers (any bytes; the
    upstream may pick one), the CONNECT target (the server connection's address, not the request's host) and
    mitmproxy's connection errors, which quote the name. A connection with a detected value there is replaced by
    a copy with it masked (the live flow's is shared, so it is never changed); the certificate the proxy made for
    the client names what the client asked for, and is not kept then. Certificates: see ``_clean_certificate``.
    A pair of connections this scanner found nothing in, with every field as it was then, is passed as it is
    (``_CLEAN_CONNECTIONS``)."""
    seen = _clean_connections_entry(c, masker)
    if seen is not None and seen[0] in _CLEAN_CONNECTIONS and _CLEAN_CONNECTIONS[seen[0]] == seen[1]:
        return  # a keep-alive connection's next flow: nothing changed, nothing to mask
    client = _masked_connection(c.client_conn, masker)
    server = _masked_connection(c.server_conn, masker)
    if client is not c.client_conn or server is not c.server_conn:
        client = _twin(client, {"mitmcert": None}) if client.mitmcert is not None else client
    if not all(_clean_certificate(cert, masker) for conn in (client, server) for cert in conn.certificate_list):
        # A certificate cannot be masked and stay one: a chain holding a value is left out, its SHA-256s kept.
        client = _twin(client, {"certificate_list": []}) if client.certificate_list else client
        server = _twin(server, {"certificate_list": []}) if server.certificate_list else server
        c.metadata.setdefault(metakeys.COVERAGE, []).append({
            "direction": "connection", "status": "skipped",
            "reason": "recording: certificates not kept (a detected value in them)",
            "certificates": sorted({f"sha256:{cert.fingerprint().hex()}" for conn in (c.client_conn, c.server_conn)
                                    for cert in conn.certificate_list})})
    if seen is not None and client is c.client_conn and server is c.server_conn and \
            not any(entry.get("direction") == "connection" for entry in c.metadata.get(metakeys.COVERAGE) or []
                    if isinstance(entry, dict)):
        if len(_CLEAN_CONNECTIONS) >= _CLEAN_CONNECTIONS_KEPT:
            _CLEAN_CONNECTIONS.clear()
        _CLEAN_CONNECTIONS[seen[0]] = seen[1]
    c.client_conn, c.server_conn = client, server


def _clean_connections_entry(c: http.HTTPFlow, masker: _Masker) -> tuple[tuple[str, str], tuple] | None:
    """``c``'s connections' key and entry in ``_CLEAN_CONNECTIONS`` (None: not kept: no scanner, a connection
    class without mitmproxy's field list)."""
    if masker.inspector is None:
        return None
    client, server = flowstate.field_values(c.client_conn), flowstate.field_values(c.server_conn)
    if client is None or server is None:
        return None
    return (c.client_conn.id, c.server_conn.id), (masker.inspector, client, server)


# (client id, server id) -> (the inspector, every field of both connections as it was): a pair that inspector
# found nothing in (no name, error, ALPN id or certificate masked or left out). A keep-alive connection's flows
# share both objects, and masking them again (~15 scans, memo lookups, the certificates' verdicts) was ~5% of
# the hook (rec54). The fields are compared as ``flowstate`` compares them for its encoding (lists as tuples, so
# a change in place is seen): any change, a new certificate, an error, masks the pair again. Clean pairs only
# (nothing held here is a value the inspector finds), bounded; a reload brings a new inspector.
_CLEAN_CONNECTIONS: dict[tuple[str, str], tuple] = {}
_CLEAN_CONNECTIONS_KEPT = 1024


def _clean_certificate(cert: certs.Cert, masker: _Masker) -> bool:
    """Nothing detected in the certificate: every value of its DER (subject, issuer, alternative names, any
    extension a server or client chose to add, serial, keys) is scanned, each decoded by its type, and upper-cased
    too (a name is case-insensitive, and a lower-cased key id is the key, as in guard/hello.py). The answer is kept
    per certificate object and inspector: a connection's flows share its chain's objects, and the scan costs
    ~0.5 ms a new certificate (a self-signed EC one, the shipped rules; 0.24 ms reading the DER whole, before
    attack14)."""
    known = _CERTIFICATE_VERDICTS.get(id(cert))
    if known is not None and known[0]() is cert and known[1] is masker.inspector:
        return known[2]
    # Each value alone, decoded by its type (attack14): the DER read whole put a value after its length byte (an
    # alphanumeric one hid it from rules that start at a word boundary), and a BMPString (UTF-16BE) or
    # UniversalString (UTF-32BE) with NULs between its letters.
    text = "\n".join(_der_values(cert.to_cryptography().public_bytes(serialization.Encoding.DER)))
    clean = all(masker.mask_text(form) == form for form in (text, text.upper()))
    if masker.inspector is not None:
        if len(_CERTIFICATE_VERDICTS) >= _CERTIFICATE_VERDICTS_KEPT:
            _CERTIFICATE_VERDICTS.clear()
        _CERTIFICATE_VERDICTS[id(cert)] = (weakref.ref(cert), masker.inspector, clean)
    return clean


# ASN.1 string types that are not one byte a character; every other primitive reads as Latin-1.
_WIDE_STRINGS = {0x0C: "utf-8", 0x1C: "utf-32-be", 0x1E: "utf-16-be"}
OCTET_STRING = 0x04  # an extension's value: DER itself, walked again
_DER_DEPTH = 12


def _der_values(data: bytes, depth: int = 0) -> list[str]:
    """The content of every primitive in DER ``data``, each decoded by its type: every byte of the certificate
    but the tags and lengths. What is not DER (after the point it stops parsing) is read as Latin-1 whole."""
    found: list[str] = []
    i = 0
    while i < len(data):
        start = i
        tag, length = data[i], data[i + 1] if i + 1 < len(data) else -1
        i += 2
        if length & 0x80 and length >= 0:
            size = length & 0x7F
            length = int.from_bytes(data[i:i + size], "big") if 0 < size <= 4 and i + size <= len(data) else -1
            i += size
        body = data[i:i + length] if length >= 0 else b""
        if length < 0 or len(body) < length or tag & 0x1F == 0x1F or depth >= _DER_DEPTH:
            found.append(data[start:].decode("latin-1"))  # not DER from here: kept whole
            break
        i += length
        if tag & 0x20:  # constructed: SEQUENCE, SET, explicit tags
            found += _der_values(body, depth + 1)
            continue
        found.append(body.decode(_WIDE_STRINGS.get(tag, "latin-1"), errors="replace"))
        if tag == OCTET_STRING and body:
            found += _der_values(body, depth + 1)
    return found


# id(cert) -> (the certificate, the inspector that judged it, clean?): the reference tells a reused id apart.
_CERTIFICATE_VERDICTS: dict[int, tuple[weakref.ref[certs.Cert], object, bool]] = {}
_CERTIFICATE_VERDICTS_KEPT = 1024


def _masked_connection[C: (connection.Client, connection.Server)](conn: C, masker: _Masker) -> C:
    changes: dict[str, Any] = {}
    # A server name and an address are names: read upper-cased too, as everywhere exitguard writes one (attack26:
    # `akia....example` as the SNI of a reverse listener's TLS or QUIC client went into the .mitm raw).
    for name, safe_text in (("sni", masker.safe_host), ("error", masker.safe_error)):
        value = getattr(conn, name)
        if value and (safe := safe_text(value)) != value:
            changes[name] = safe
    if conn.alpn and (alpn := _safe_protocol(conn.alpn, masker)) != conn.alpn:
        changes["alpn"] = alpn
    offers = [_safe_protocol(offer, masker) for offer in conn.alpn_offers]
    if offers != list(conn.alpn_offers):
        changes["alpn_offers"] = offers
    if isinstance(conn, connection.Server) and conn.address is not None:
        host, *rest = conn.address
        if isinstance(host, str) and (safe := masker.safe_host(host)) != host:
            changes["address"] = (safe, *rest)
    return _twin(conn, changes) if changes else conn


def _safe_protocol(protocol: bytes, masker: _Masker) -> bytes:
    """An ALPN protocol id as it may be recorded: masked, or withheld when it is not ASCII (not scanned)."""
    try:
        text = protocol.decode("ascii")
    except UnicodeDecodeError:
        return outside.WITHHELD.encode()
    return masker.safe(text).encode()


def _twin[C: (connection.Client, connection.Server)](conn: C, changes: dict[str, Any]) -> C:
    """A shallow copy of ``conn`` with ``changes``, set directly: a Server refuses a new address while its
    connection is open, and this copy is never connected, only written."""
    twin = copy.copy(conn)
    vars(twin).update(changes)
    return twin


def _own_message[M: (http.Request, http.Response)](message: M) -> M:
    """``message.copy()`` (its state through ``from_state``, every field type-checked again) made shallow: the data
    fields are immutable values except the headers and trailers, which the scrub changes, so those are copied."""
    c = _shallow(message)
    c.stream = False  # as from_state leaves it: nothing streams a copy
    c.data = data = _shallow(message.data)
    data.headers = _shallow(data.headers)  # its fields are a tuple: a change to the copy replaces the copy's own
    if data.trailers is not None:
        data.trailers = _shallow(data.trailers)
    return c


def _shallow[T](obj: T) -> T:
    """``copy.copy(obj)`` for the flow, message, message data and headers classes, without the pickle protocol's
    detour (``__reduce_ex__``, ``copyreg``: ~5 us a copy, seven copies a flow): a new instance with the same
    attribute dict, which is what ``copy.copy`` makes of a class that does not customize copying. Any other class
    (a subclass that does) is copied by ``copy.copy``."""
    cls = type(obj)
    if cls not in _PLAIN_COPY:
        return copy.copy(obj)
    twin = object.__new__(cls)
    twin.__dict__.update(obj.__dict__)
    return twin


# Classes whose copy.copy is a new instance with the same attribute dict (checked by tests/audit/test_record_copy.py).
_PLAIN_COPY: frozenset[type] = frozenset({http.HTTPFlow, http.Request, http.Response, http.RequestData,
                                          http.ResponseData, http.Headers})


# Exact types ``plain`` gives back as they are: checked inline, not by a call each (rec54).
_AS_THEY_ARE = frozenset({str, bytes, int, float, bool, type(None)})


def plain(value):
    """Plain data only (fact 13): tuples and sets become lists, other objects their type name."""
    kind = type(value)  # exact types first, strings inline: a flow's metadata is ~50 values (rec22)
    if kind is dict:
        return {k if type(k) is str else str(k): v if type(v) in _AS_THEY_ARE else plain(v)
                for k, v in value.items()}
    if kind is list:
        return [v if type(v) in _AS_THEY_ARE else plain(v) for v in value]
    if isinstance(value, (str, bytes, int, float, bool)) or value is None:
        return value
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted((plain(v) for v in value), key=repr)
    return f"<{type(value).__name__}>"


# --------------------------------------------------------------------------- credentials


def injected_targets(value) -> list[tuple[str, str, str]]:
    """(kind "header"|"query", name, credential name) from metadata[INJECTED], whatever shape it has."""
    out = []
    items = value if isinstance(value, list) else [value] if value else []
    for item in items:
        if isinstance(item, dict):
            cred = str(item.get("name") or item.get("credential") or "credential")
            for kind in ("header", "query"):
                if item.get(kind):
                    out.append((kind, str(item[kind]), cred))
            loc = item.get("location") or item.get("into")
            if isinstance(loc, str) and ":" in loc:
                kind, _, name = loc.partition(":")
                out.append(("query" if kind == "query" else "header", name, cred))
        elif isinstance(item, str):
            kind, _, name = item.partition(":")
            out.append(("query", name, "credential") if kind == "query" and name
                       else ("header", name or kind, "credential"))
    return out


def scrub_credentials(c: http.HTTPFlow, rt) -> None:
    headers = c.request.headers
    named = rt.policy.credential_names if rt is not None else None
    # rec55: most flows carry no Proxy-Authorization and no credential header by name (a broker injects after the
    # fact, a token proxy login is taken off by mitmproxy): one pass over each message's names, by a memo, says so,
    # and the passes that would remove or redact them are skipped. The policy's own names are read the long way.
    also = named.headers if named is not None else frozenset()
    request_plain = not also and _plain_names(headers.fields)
    # Every Proxy-Authorization field (what ``headers.pop`` removes), found in one pass over the raw fields: the
    # mapping's pop looked the name up three times, each a case-folding pass (record50).
    if not request_plain and any(name.lower() == _PROXY_AUTHORIZATION for name, _ in headers.fields):
        headers.fields = tuple(field for field in headers.fields if field[0].lower() != _PROXY_AUTHORIZATION)
    auth = c.metadata.get("proxyauth")
    if isinstance(auth, list) and auth:
        c.metadata["proxyauth"] = [auth[0], ""]
    for kind, name, cred in injected_targets(c.metadata.get(metakeys.INJECTED)):
        marker = placeholders.injected(cred)
        # Already a marker (credentials.py writes [BROKERED:<name>] into what gets recorded): keep it as it is.
        if kind == "header":
            values = headers.get_all(name)  # ``name in headers`` and ``headers[name]`` in one pass
            if values and not placeholders.is_record_marker(values[0]):
                headers[name] = marker
                request_plain = False  # a marker is no credential header's name, but the fields are new
        elif kind == "query" and name in c.request.query and not placeholders.is_record_marker(
                c.request.query[name]):
            c.request.query[name] = marker
    for message in (c.request, c.response):
        if message is not None:
            if not (request_plain if message is c.request else not also and _plain_names(message.headers.fields)):
                _redact_credential_headers(message.headers, rt)
            if message.trailers:  # attack52: a gRPC answer's trailers, a session cookie no rule finds
                _redact_credential_headers(message.trailers, rt)
    if named is not None:  # attack52: a broker's own header or parameter holds a credential, the caller's own too
        credential_headers.redact_query(c.request, named.params, rt.fingerprinter.tag)


_PROXY_AUTHORIZATION = b"proxy-authorization"


def _plain_names(fields) -> bool:
    """Whether no field of ``fields`` is named Proxy-Authorization or a credential header (in any case)."""
    for name, _ in fields:
        plain = _PLAIN_NAMES.get(name)
        if plain is None:
            plain = name.lower() != _PROXY_AUTHORIZATION and not credential_headers.names_credential(name)
            if type(name) is bytes and len(name) <= 64 and len(_PLAIN_NAMES) < _PLAIN_NAMES_KEPT:
                _PLAIN_NAMES[name] = plain
        if not plain:
            return False
    return True


# Raw header name -> neither Proxy-Authorization nor a credential header's name: a flow's ~10 names are the same
# from flow to flow (exact bytes as keys, short ones, bounded, as credential_headers' own memo).
_PLAIN_NAMES: dict[bytes, bool] = {}
_PLAIN_NAMES_KEPT = 1024


def _redact_credential_headers(headers: http.Headers, rt) -> None:
    if rt is None:
        credential_headers.redact(headers, None)
    else:
        credential_headers.redact(headers, rt.fingerprinter.tag, rt.policy.credential_names.headers)


def _text(raw: bytes) -> str:
    """A header name or value as ``http.Headers`` gives it."""
    return raw.decode("utf-8", "surrogateescape")


# --------------------------------------------------------------------------- bodies


# Header fields (name and value) the scrub scanned and found nothing in: a recorded flow's ~10 fields are mostly the
# same from flow to flow (content-type, user-agent, server), and a field is masked by what its name and value are
# alone (``_masked_headers``), so one the same scanner found clean is clean again. A short field is held as it is
# (rec54: its blake2b was ~a third of the check; a clean short field is what ``outside._CLEAN_TEXTS`` holds too), a
# longer one as a digest; a new date or length in every flow only refills the set.
_CLEAN_FIELDS: outside.CleanMemo[bytes] = outside.CleanMemo(limit=8192, max_chars=256)


# Paths the scrub scanned (every piece and the whole) and found nothing in: an agent calls the same few endpoints
# (`/v1/chat/completions`), ~10 us of scans a flow. Clean ones only, short ones only, per scanner, bounded (as
# _CLEAN_FIELDS): the result is a function of the text and the scanner, so a path found clean is clean again.
_CLEAN_PATHS: outside.CleanMemo[str] = outside.CleanMemo(limit=4096, max_chars=256)


def _field_digest(raw_name: bytes, raw_value: bytes) -> bytes:
    """The field's key in ``_CLEAN_FIELDS``: the length-prefixed field itself when short, else its 16-byte blake2b
    (prefixed so that no short field's key is a digest's)."""
    field = b"%d:%b%b" % (len(raw_name), raw_name, raw_value)
    if len(field) <= _CLEAN_FIELDS.max_chars:
        return field
    return b"#" + hashlib.blake2b(field, digest_size=16).digest()


class _Masker:
    def __init__(self, rt, scanner: outside.TextScanner | None = None, recorded: bool = False) -> None:
        self.scanner: Any = None if rt is None else scanner or rt.inspector
        self.inspector = None if rt is None else rt.inspector  # what the scanner asks, however it is wrapped
        self.recorded = recorded
        self.limit = rt.policy.max_body_bytes if rt is not None else 0

    def mask_text(self, text: str) -> str | None:
        """``text`` with every finding replaced by its placeholder; None when it cannot be scanned."""
        return outside.mask_or_none(text, self.scanner)

    def mask_field(self, text: str, key: str, context: str | None = None) -> str | None:
        """Like ``mask_text`` for a value that sat under ``key`` (a JSON key, a header name): scanned after it, as
        the guard scanned it (core/inspection.py ``field_context``), so a value known only by its key
        (``"password": "..."``) is masked here too when the policy let it through, and the scan comes from the
        guard's cache. exitguard's own words are scanned here too: clean as plain text, not under a key that
        names a credential (`"password": "confidential"`)."""
        if not text or self.scanner is None:
            return self.mask_text(text)
        found = self.found_in_field(text, key, context)
        return None if found is None else outside.mask_found(text, found, self.scanner)

    def found_in_field(self, text: str, key: str, context: str | None = None) -> list | None:
        """What ``mask_field`` masks (None: the scan was incomplete); ``context``: as ``inspection.context_of``
        gives it for a body field (default: ``field_context`` of ``key``)."""
        found, incomplete = self.scanner.detect_in_context(
            text, inspection.field_context(key) if context is None else context)
        return None if incomplete else found

    def safe(self, text: str) -> str:
        return outside.safe_text(text, self.scanner)

    def safe_host(self, name: str) -> str:
        return outside.safe_host(name, self.scanner)

    def mask_part(self, text: str, context: str | None = None) -> str | None:
        """``mask_text`` (``context``: ``mask_field`` after that key context) of a part read as written (a header
        name or value, a path segment, a query key or value, a WebSocket message, a close reason), with each
        base64, base32 or hex run in which the scanner finds a value also replaced whole (attack17: the guard
        reads these runs, core/encoded_keys.py, and the policy may let the value through, an observed host's
        always by default; the record kept it encoded). Every rule, as for a body's decoded runs: a record is
        evidence, masking more costs readability only."""
        plain = self.mask_text(text) if context is None else self.mask_field(text, "", context)
        if plain is None or self.scanner is None or len(text) < encoded.SHORT_MIN \
                or not encoded.may_hold_a_run(text):
            return plain
        runs = self._encoded_runs(text, context or "")
        if not runs:
            return None if runs is None else plain
        found = self.found_in_field(text, "", context) if context is not None else self.scanner.detect(text)[0]
        return outside.mask_found(text, _merged(found or [], runs), self.scanner)

    def _encoded_runs(self, text: str, context: str) -> list[_Run] | None:
        """The runs of ``text`` (as written, outermost layer) whose decoding holds a value; None: a scan was
        incomplete."""
        expansion = encoded.expand([Field("part", text, "text")])
        if expansion.cut:
            return None
        runs: list[_Run] = []
        for field, splice in zip(expansion.fields, expansion.splices, strict=True):
            found, incomplete = self.scanner.detect_in_context(field.text, context)
            if incomplete:
                return None
            if found:
                outer = splice
                while outer.carrier != 0:  # the run as written (layers: base64 of base64)
                    outer = expansion.splices[outer.carrier - 1]
                runs.append(_Run(outer.start, outer.end, found[0].rule_id))
        return runs

    def safe_name(self, name: str) -> str:
        """A host or header name as ``outside.safe_host`` masks it: both spellings, encoded runs too."""
        return outside.safe_host(name, self.scanner)

    def safe_error(self, text: str) -> str:
        return errortext.masked_with(text, self.scanner)

    def mask_message(self, c: http.HTTPFlow, message: http.Message, direction: str, clean_body: bool = False,
                     guard_scan: clean_bodies.Scan | None = None) -> None:
        if self._masked_headers(message.headers):
            # A value in the Content-Type or Content-Encoding (a multipart boundary that is a key): the guard's
            # opening of the body used it, and a body rendered or kept from that opening writes it again on every
            # delimiter line. Opened by the masked header instead: a body that no longer parses is not kept.
            clean_body, guard_scan = False, None
        if message.trailers is not None:
            self._masked_headers(message.trailers)
        if isinstance(message, http.Request):
            host = _or(self.safe_name(message.host), "[exitguard: host not recorded]")
            if host != message.host:  # the setter also rewrites the Host header: only when there is a reason
                message.host = host
            self.mask_request_words(message)
        elif isinstance(message, http.Response) and message.reason and \
                (safe_reason := _or(self.mask_part(message.reason), outside.WITHHELD)) != message.reason:
            message.reason = safe_reason  # the status line's reason phrase is any text the upstream chose
        reason: str | None
        if split := _split_left(c, direction):
            reason = f"a {split} value was found across fields and cannot be masked field by field"
        elif _cut_short(c, direction):
            reason = "its scan was cut short: a value split over its fields was not looked for"
        else:
            # The guard masked every value it found on the live message (values the policy let through went on
            # the wire copy, wire40): its placeholders there are its masks, as in a recording read back.
            shown_masked = direction in (c.metadata.get(metakeys.SHOWN_MASKED) or ())
            reason = None if clean_body else self._mask_body(message, _body_findings(c, direction),
                                                             bool(c.metadata.get(metakeys.REPORT_ONLY)), guard_scan,
                                                             shown_masked)
        if reason:
            message.headers.pop("content-encoding", None)
            message.raw_content = b""
            c.metadata.setdefault(metakeys.COVERAGE, []).append(
                {"direction": direction, "status": "skipped", "reason": f"recording: body not kept ({reason})"})

    def mask_request_words(self, request: http.Request) -> None:
        """The path, and the method (any token is one) and an HTTP/2 :authority: the client's words too (attack10)."""
        request.path = self._masked_path(request.path)
        method = request.data.method.decode("utf-8", "surrogateescape")
        if (safe_method := _or(self.mask_part(method), outside.WITHHELD)) != method:
            request.data.method = safe_method.encode("utf-8", "surrogateescape")
        if request.authority and (authority := self.safe_name(request.authority)) != request.authority:
            request.authority = authority

    def _masked_headers(self, headers: http.Headers) -> bool:
        """Names and values masked (a custom header's name can be the secret), order and repeats kept. ``headers``
        is the copy's own (``detached``): changed in place, and a field nothing was found in keeps its bytes.
        Returns whether a field that decides how the body is opened (core/clean_bodies.py) was changed."""
        fields = []
        opened_as_changed = False
        clean = _CLEAN_FIELDS.for_scanner(self.scanner) if self.scanner is not None else None
        for raw_name, raw_value in headers.fields:
            digest = _field_digest(raw_name, raw_value) if clean is not None else b""
            if clean is not None and digest in clean:  # the same scan found nothing in this field before
                fields.append((raw_name, raw_value))
                continue
            name, value = _text(raw_name), _text(raw_value)
            masked_name = self.safe_name(name)  # case-insensitive: HTTP/2 sends it lower-cased
            if name.lower() == "host":  # a name: read upper-cased too (outside.safe_host)
                masked_value = self.safe_name(value)
            else:
                masked_value = _or(self.mask_part(value, inspection.key_context(name.lower())), UNSCANNED)
            if clean is not None and masked_name == name and masked_value == value \
                    and value not in (outside.WITHHELD, UNSCANNED):  # kept as it is because nothing was found
                _CLEAN_FIELDS.add(clean, digest)
            if (masked_name != name or masked_value != value) and raw_name.lower() in clean_bodies.OPENED_AS:
                opened_as_changed = True
            fields.append((raw_name if masked_name == name else masked_name.encode("utf-8", "surrogateescape"),
                           raw_value if masked_value == value else masked_value.encode("utf-8", "surrogateescape")))
        headers.fields = tuple(fields)
        return opened_as_changed

    def _masked_path(self, path: str) -> str:
        """Every segment and query key/value percent-decoded and scanned (an encoded secret is found too),
        then the whole path again (a value across a separator). A path this scanner found nothing in before is
        passed as it is (``_CLEAN_PATHS``)."""
        clean = _CLEAN_PATHS.for_scanner(self.scanner) if self.scanner is not None else None
        if clean is not None and type(path) is str and path in clean:
            return path
        masked = self._masked_path_pieces(path)
        if clean is not None and masked == path and type(path) is str and len(path) <= _CLEAN_PATHS.max_chars:
            _CLEAN_PATHS.add(clean, path)
        return masked

    def _masked_path_pieces(self, path: str) -> str:
        base, sep, query = path.partition("?")
        segments = [self._masked_piece(seg) for seg in base.split("/")]
        pairs = []
        for pair in query.split("&"):
            key, *values = pair.split("=")
            context = inspection.key_context(unquote(key.replace("+", " ")))  # as the guard scanned the value
            pairs.append("=".join([self._masked_piece(key), *(self._masked_piece(v, context) for v in values)]))
        rebuilt = "/".join(segments) + (sep + "&".join(pairs) if sep else "")
        return _or(self.mask_text(rebuilt), "/[exitguard: path not recorded]")

    def _masked_piece(self, raw: str, context: str | None = None) -> str:
        text = unquote(raw.replace("+", " "))
        masked = self.mask_part(text, context)
        if masked is None:
            return quote(outside.WITHHELD, safe="[]:,")
        # Nothing found: as it came, but a placeholder the guard wrote readable (the whole-path pass would read
        # `?token=%5BMASKED%3A...%5D` as a generic secret and mask it again under another tag, newuser59).
        return placeholders.readable(raw) if masked == text else quote(masked, safe="[]:,")

    def _mask_body(self, message: http.Message, seen: list[dict], report_only: bool = False,
                   guard_scan: clean_bodies.Scan | None = None, shown_masked: bool = False) -> str | None:
        """Mask the body in place; returns why it had to be dropped instead, or None. ``seen``: what the guard
        (or the stream masker) found in this body (``_body_findings``); ``report_only``: nothing was masked;
        ``guard_scan``: the guard's opening and scan of these very bytes (core/clean_bodies.py), used instead of
        opening and scanning them again."""
        raw = message.raw_content
        if not raw:
            return None
        if self.scanner is None:
            return "exitguard not configured"
        if guard_scan is not None:
            doc, body = guard_scan.doc, guard_scan.body
            scanned: Iterable = guard_scan.found
        else:
            try:
                body = decode_content(raw, message.headers.get("content-encoding"), self.limit)
                doc = open_body(message.headers.get("content-type", ""), body)
            except BodyError as e:
                return type(e).__name__
            scanned = inspection.contexts_of(doc.fields)
        if doc.kind == "binary":
            return "binary body"
        replacements = {}
        found_rules: Counter[tuple[str, str | None]] = Counter()
        for i, (fld, context_or_found) in enumerate(zip(doc.fields, scanned, strict=True)):
            found: list | None
            if guard_scan is not None:
                found = list(context_or_found)
            else:
                found = self.found_in_field(fld.text, fld.location, context_or_found) if fld.text else []
            if found is None:
                return "scan incomplete"
            found_rules.update((f.rule_id, fld.location) for f in found)
            if fld.kind not in _DECODED:
                found_rules.update((f.rule_id, None) for f in found)
            masked = outside.mask_found(fld.text, found, self.scanner) if found else fld.text
            if masked != fld.text:
                replacements[i] = masked
        trusted = self.recorded or shown_masked  # every placeholder in the body is a mask exitguard wrote
        if rule := _left_across_fields(seen, doc, found_rules, report_only and not trusted, trusted):
            return f"a {rule} value was found across fields and cannot be masked field by field"
        if replacements:
            try:
                message.content = doc.render(replacements)  # re-encodes with the same content-encoding
            except BodyError as e:  # Unmaskable: a finding in a binary body's printable strings
                return type(e).__name__
        elif compressed(message.headers.get("content-encoding")):
            message.content = body  # no byte kept that the scan did not read (formats.compressed)
        return None

    def mask_websocket(self, c: http.HTTPFlow) -> None:
        """Text frames masked; a binary frame is kept only as the masked text it decodes to (UTF-8), since
        nothing else of it can be scanned."""
        assert c.websocket is not None  # record_copy calls this for WebSocket flows only
        split = {direction for direction in ("request", "response") if _split_left(c, direction)}
        if c.websocket.close_reason:  # text the other side read (the proxy masks it on guarded hosts)
            c.websocket.close_reason = _or(self.mask_part(c.websocket.close_reason), UNSCANNED)
        for msg in c.websocket.messages:
            msg.content = self.masked_message(msg, ("request" if msg.from_client else "response") in split)

    def masked_message(self, msg: websocket.WebSocketMessage, split: bool) -> bytes:
        """The content the record keeps of one message; ``split``: its direction passed a value in pieces."""
        if split:  # a value sent as it is came in pieces over messages: no piece can be found alone
            return SPLIT_NOT_KEPT.encode()
        if msg.is_text:
            return _or(self.mask_part(msg.text), UNSCANNED).encode()
        try:
            text = msg.content.decode("utf-8")
        except UnicodeDecodeError:
            return UNSCANNED.encode()
        masked = self.mask_part(text)
        if masked is not None and self._other_readings_hold_a_value(masked.encode()):
            masked = None  # attack21: a key in UTF-16, or gzip'd, in a binary frame that is valid UTF-8
        return UNSCANNED.encode() if masked is None else masked.encode()

    def _other_readings_hold_a_value(self, content: bytes) -> bool:
        """Whether a binary message read as a binary body is (its UTF-16 strings, the text in its compressed parts,
        their encoded runs: formats.open_strings_decoded) holds a value, or cannot be read whole. Its ASCII strings
        are the text ``mask_part`` read. Nothing of such a reading can be masked in the bytes: not kept."""
        if self.scanner is None:
            return True
        try:
            doc = open_strings_decoded(content, "a binary WebSocket message")
        except ScanCutShort:
            return True
        for f in doc.fields:
            if f.location != "strings.ascii":
                found, incomplete = self.scanner.detect(f.text)
                if found or incomplete:
                    return True
        return False


# Locations of what the guard scans around a body (guard/request_parts.py, stream/response_headers.py).
# echo.: the caller's own credential an answer echoed, redacted before the record reads it (credentials/echo.py)
_NOT_BODY = ("header.", "trailer.", "path[", "query.", "echo.")


def _body_findings(c: http.HTTPFlow, direction: str) -> list[dict]:
    """The findings the guard or the stream masker recorded in this direction's body (the copy's metadata)."""
    return [f for f in c.metadata.get(metakeys.FINDINGS) or []
            if isinstance(f, dict) and f.get("direction") == direction
            and not str(f.get("location", "")).startswith(_NOT_BODY)]


def _split_left(c: http.HTTPFlow, direction: str) -> str:
    """The rules (", "-joined) of the values the guard or the stream masker found split over this direction's
    fields, events or messages and sent as they are (metakeys.SPLIT_LEFT); "" when there are none."""
    split = c.metadata.get(metakeys.SPLIT_LEFT)
    rules = split.get(direction) if isinstance(split, dict) else None
    return ", ".join(str(r) for r in rules) if isinstance(rules, list) and rules else ""


def _cut_short(c: http.HTTPFlow, direction: str) -> bool:
    """Whether the guard's scan of this direction's message was cut short (its coverage says ``incomplete``: a
    field's or the whole message's time budget, a split-value view cut short). Its views of a value split over
    fields (guard/adjacent.py, joined.py) did not run or did not finish, so the scrub's field-by-field scan is no
    proof that no piece of a key is left; it would also pay again, on the event loop, for the scan the guard's
    budget cut (attack59). An answer the guard refused is its own error by now (SYNTHETIC): kept."""
    if direction == "response" and c.metadata.get(metakeys.SYNTHETIC):
        return False
    return any(isinstance(entry, dict) and entry.get("direction") == direction and entry.get("status") == "incomplete"
               for entry in c.metadata.get(metakeys.COVERAGE) or ())


def _left_across_fields(seen: list[dict], doc, found: Counter[tuple[str, str | None]],
                        report_only: bool, recorded: bool = False) -> str | None:
    """A rule of which more values were left in the body than the scrub finds scanning its fields one by one:
    the guard's split-value views (guard/adjacent.py, joined.py) and the stream masker (which reads a channel's
    events as one text) find a value across fields, and when the policy let it through, its pieces are still in
    the body; scanned alone they are found by nothing. The record cannot mask them, so it does not keep the body.
    (The guard and the stream masker say so themselves, metakeys.SPLIT_LEFT; this is the second line.)
    A value counts as left when the policy let it through (allowed, report-only: a placeholder in the body then is
    text someone wrote, not proof of a mask) or, held for approval, when its placeholder is not in the body.
    A guard finding is counted at its field: a value the scrub finds elsewhere (a short base64 run the guard
    reads for fixed-shape keys only) does not stand in for a piece. A stream finding (no field of that name) is
    counted against the scrub's findings outside decoded runs, which the stream masker does not read.
    ``recorded``: the body was read back from a recording, whose scrub wrote every placeholder in it."""
    if not seen:
        return None
    texts = "\n".join(f.text for f in doc.fields)
    locations = {f.location for f in doc.fields}
    left: Counter[tuple[str, str | None]] = Counter()
    for f in seen:
        rule, location = str(f.get("rule", "")), str(f.get("location", ""))
        if recorded or not (report_only or f.get("action") == "allow"):
            try:
                if placeholders.masked(rule, str(f.get("fingerprint", ""))) in texts:
                    continue
            except ValueError:
                pass  # no placeholder can be made for it: counted as left (the record keeps no body)
        left[rule, location if location in locations else None] += 1
    return next((rule for (rule, location), n in left.items() if n > found[rule, location]), None)


# Fields a codec decoded out of another (formats/encoded.py): read by the scrub, not by the stream masker.
_DECODED = frozenset({"decoded", "decoded-short"})


class _Run(NamedTuple):
    """An encoded run holding a value, shaped as a scanner finding (what ``outside.mask_found`` reads)."""
    start: int
    end: int
    rule_id: str


def _merged(found: list, runs: list[_Run]) -> list:
    """``found`` and ``runs`` sorted, overlapping ones made one (the run's rule: it covers the value decoded)."""
    out: list = []
    for f in sorted([*found, *runs], key=lambda f: (f.start, -f.end)):
        if out and f.start < out[-1].end:
            last = out.pop()
            rule = last.rule_id if isinstance(last, _Run) or not isinstance(f, _Run) else f.rule_id
            f = _Run(last.start, max(last.end, f.end), rule)
        out.append(f)
    return out


def _or(value: str | None, fallback: str) -> str:
    return fallback if value is None else value
