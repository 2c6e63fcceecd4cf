"""The caller's own credential echoed by the vendor (attack55): a debug endpoint that answers with the request's
headers (`{"headers": {"x-service-key": "..."}}`), an error quoting `Authorization`, a redirect whose `Location`
(or a JSON `"url"`) carries the `?sig=` the request had. The record redacts those request fields by their names
(audit/scrub.py), but the answer's copy of a value no rule finds was recorded, and shown by mitmweb, as it came.

``CallerEchoes`` (after CredentialInjection, before the recorder) remembers, per flow and in memory only, the values
the request carried under credential names, the ones the record redacts: credential headers and trailers
(``outside.CREDENTIAL_HEADER_RE`` and the policy's ``Policy.credential_names``; Authorization and
Proxy-Authorization as the token after the scheme, Basic's user and password too), each cookie's value (a session
cookie is a bearer credential; the record redacts the whole `Cookie` header), and the policy's credential query
parameters. In the answer they are found in every spelling ``answer.KeyForms`` reads and written as the record's
marker for that field (`[REDACTED:<name>:<tag>]`, the tag its request field has in the record too).

The client gets its own value back as it came (a client may need the echo: a signed redirect it follows): a buffered
answer leaves from its response copy (core/wire.py) while the live response, which mitmweb shows and the recorder
writes, holds the markers; a WebSocket message likewise (the message copy); a streamed answer's body has left
already, so only the live flow's record copy is masked. A streamed answer's head leaves right after
``responseheaders`` with no copy to send from: masked for the client too. Without compat's seams the answer leaves
masked (never a value shown). Bounded: a value shorter than ``MIN_CHARS`` or shaped like a word is not followed
(it would mask every answer that says it), nor a record marker or a broker's placeholder.
"""

from __future__ import annotations

import base64
import binascii
import re
import urllib.parse
import weakref
from collections.abc import Iterable

from mitmproxy import http, websocket
from mitmproxy.net.http import cookies

from addons.core import credential_headers, held, metakeys, placeholders, responses, runtime, wire
from addons.core.body_budget import opens_websocket
from addons.core.fail_closed import fail_closed
from addons.core.findings import FindingRecord
from addons.core.policy import CredentialNames
from addons.core.vocabulary import Action, Category, Classification, Direction, Tier
from addons.credentials.answer import SpelledKey, Views

RULE_ID = "caller-credential-echo"
MIN_CHARS = 8  # shorter values (`lang=en`, `1`, a PIN) would mask every answer that happens to say them
# Letters only, one word or a few joined (`development`, `Anonymous`, `dark-mode`, `en_US`): read as a word, not
# followed. Longer runs of letters are passphrases or keys.
WORD_SHAPED = re.compile(r"(?:[a-z]+|[A-Z]+|[A-Z][a-z]+)(?:[-_ .](?:[a-z]+|[A-Z]+|[A-Z][a-z]+))*")
MAX_WORD_CHARS = 24
MAX_VALUES = 32  # per flow: a request with more credential fields than this keeps the first ones
PROXY_AUTHORIZATION = "proxy-authorization"
SPLIT_NOT_KEPT = b"[exitguard: not shown or recorded, the answer echoed the caller's own credential over events]"
SPLIT_MESSAGE_NOT_KEPT = (b"[exitguard: not shown or recorded, the answer echoed the caller's own credential over "
                          b"two messages]")
MESSAGE_WINDOW = 4096  # characters of each of two messages read joined: far beyond a value's longest spelling
# A JSON string, and the colon after it when it is a key; its escapes left as they are (KeyForms reads `\uXXXX`).
_JSON_STRING = re.compile(r'"((?:[^"\\\n]|\\.)*)"(\s*:)?')
# An event stream's data line: what it carries (one optional blank after the colon is the field's, not the data's).
_SSE_DATA = re.compile(r"(?m)^data:[ ]?([^\r\n]*)")


def worth_following(value: str, placeholders_of_brokers: Iterable[str] = ()) -> bool:
    """Is ``value`` one an answer may not show: long enough, not a word, not exitguard's own marker?"""
    value = value.strip()
    if len(value) < MIN_CHARS or placeholders.is_record_marker(value) or value in placeholders_of_brokers:
        return False
    return not (len(value) <= MAX_WORD_CHARS and WORD_SHAPED.fullmatch(value))


def header_values(name: str, value: str) -> list[str]:
    """The credential(s) in one credential field: the token after an auth scheme (Basic's pair decoded: user and
    password), each cookie's value, else the value."""
    lower = name.lower()
    if lower == "cookie":
        return [v for _, v in cookies.parse_cookie_header(value)]
    scheme, sep, rest = value.strip().partition(" ")
    if not sep or scheme.lower() not in credential_headers.AUTH_SCHEMES:
        return [value.strip()]
    rest = rest.strip()
    out = [rest]
    if scheme.lower() == "basic":
        try:
            user, _, password = base64.b64decode(rest, validate=True).decode("utf-8", "replace").partition(":")
            out += [user, password]
        except (binascii.Error, ValueError):  # no base64: the token itself (followed above) is what the vendor may echo
            pass
    return out


def request_values(headers: http.Headers, trailers: http.Headers | None, path: str,
                   named: CredentialNames) -> list[tuple[str, str]]:
    """(field name, value) of every credential the request carries where the record redacts it."""
    out: list[tuple[str, str]] = []
    for fields in (headers, trailers):
        for name, value in (fields.items(multi=True) if fields is not None else ()):
            lower = name.lower()
            raw_name = name.encode("utf-8", "surrogateescape")
            if lower == PROXY_AUTHORIZATION or credential_headers.names_credential(raw_name) or lower in named.headers:
                out += [(lower, v) for v in header_values(name, value)]
    out += [(name.lower(), v) for name, v in credential_headers.query_values(path, named.params)]
    return out


def echoed_forms(value: str) -> list[str]:
    """``value`` and the forms of it a server echoes that ``KeyForms`` does not read from it (attack56): decoded when
    it was sent percent-encoded (Express's session cookie `s%3A<id>.<sig>` echoed as `s:<id>.<sig>` from
    `req.cookies`), and a form-decoded query value's blanks as the `+` it was written with (a redirect echoing the
    query). Only the forms still worth following."""
    forms = [value]
    try:
        decoded = urllib.parse.unquote(value, errors="strict")
    except UnicodeDecodeError:  # %XX that are no UTF-8: echoed as the bytes they are, which KeyForms reads
        decoded = value
    if decoded != value:
        forms.append(decoded)
    forms += [form.replace(" ", "+") for form in forms if " " in form]
    return [form for form in dict.fromkeys(forms) if form == value or worth_following(form)]


# The spellings of a value seen lately (an agent sends the same key on every call): built once, not per flow.
# Memory only, bounded; what a flow's request carried anyway.
_SPELLED: dict[str, SpelledKey] = {}
_SPELLED_KEPT = 256


def _spelled(value: str) -> SpelledKey:
    spelled = _SPELLED.get(value)
    if spelled is None:
        if len(_SPELLED) >= _SPELLED_KEPT:
            _SPELLED.pop(next(iter(_SPELLED)))
        spelled = _SPELLED[value] = SpelledKey(value)
    return spelled


class Known:
    """The values followed for one flow: each as ``SpelledKey`` (the spellings KeyForms reads) and its marker."""

    def __init__(self) -> None:
        self.keys: dict[str, tuple[SpelledKey, str]] = {}  # a form of a value -> (its spellings, the value's marker)
        self.origin: dict[str, str] = {}  # a form -> the value as the request carried it (what a finding names)
        self._values = 0
        self.last_message: websocket.WebSocketMessage | None = None  # the vendor's last message (over_two)

    def add(self, name: str, value: str, rt) -> None:
        value = value.strip()
        if value in self.origin or self._values >= MAX_VALUES:
            return
        self._values += 1
        label = re.sub(r"[^\w.-]", "_", name)[:64] or "credential"
        marker = placeholders.redacted(label, rt.fingerprinter.tag(value))
        for form in echoed_forms(value):
            if form not in self.keys:
                self.keys[form], self.origin[form] = (_spelled(form), marker), value

    def may_be_in(self, response: http.Response) -> bool:
        """Could ``response`` hold a followed value? Cheap (``SpelledKey.may_hold``), never wrong when it says no:
        the usual answer is not copied nor masked."""
        texts = [response.reason, *(part for field in response.headers.items(multi=True) for part in field),
                 *(part for field in (response.trailers.items(multi=True) if response.trailers else ())
                   for part in field),
                 (response.get_content(strict=False) or b"").decode("latin-1")]
        views = [Views.of(t) for t in texts if t]
        return any(spelled.may_hold(v) for spelled, _ in self.keys.values() for v in views)

    def mask(self, text: str) -> tuple[str, list[tuple[str, int, int]]]:
        """``text`` with every spelling of a followed value replaced by its marker; and (value, start, length) found
        (offsets in ``text`` as it was)."""
        if not text:
            return text, []
        views = Views.of(text)
        found: list[tuple[str, int, int]] = []
        for value, (spelled, marker) in self.keys.items():
            spans = spelled.find(text, views)
            if not spans:
                continue
            found += [(self.origin[value], a, b - a) for a, b in spans]
            text = spelled.forms.mask(text, marker)
            views = Views.of(text)
        return text, found

    def in_joined_strings(self, text: str) -> list[tuple[str, int, int]]:
        """What a followed value is found in the JSON string values of ``text`` joined end to end (keys left
        out): a streamed answer's deltas, `{"delta": "...Bearer own-"}` then `{"delta": "Tq4..."}`; or in its
        event stream's `data:` lines joined (attack56: events of plain text, `data: key own-` then `data: Tq4...`)."""
        readings = ["".join(m.group(1) for m in _JSON_STRING.finditer(text) if m.group(2) is None)
                    if '"' in text else "",
                    "".join(m.group(1) for m in _SSE_DATA.finditer(text)) if "data:" in text else ""]
        return [(self.origin[value], a, b - a) for reading in readings if reading
                for value, (spelled, _) in self.keys.items() for a, b in spelled.find(reading)]

    def over_two(self, first: bytes, second: bytes) -> list[tuple[str, int, int]]:
        """What a followed value is found in across the end of ``first`` and the start of ``second`` (two WebSocket
        messages, one after the other), as written or in their JSON strings joined, and in neither alone."""
        a, b = first[-MESSAGE_WINDOW:].decode("latin-1"), second[:MESSAGE_WINDOW].decode("latin-1")

        def found(text: str) -> list[tuple[str, int, int]]:
            return [*self.in_joined_strings(text), *((self.origin[value], start, end - start)
                                                      for value, (spelled, _) in self.keys.items()
                                                      for start, end in spelled.find(text))]

        both = found(a + b)
        return both if len(both) > len(found(a)) + len(found(b)) else []

    def mask_bytes(self, data: bytes) -> tuple[bytes, list[tuple[str, int, int]]]:
        text, found = self.mask(data.decode("latin-1"))  # byte for byte: UTF-8 stays the UTF-8 it was
        return (text.encode("latin-1") if found else data), found


class CallerEchoes:
    def __init__(self) -> None:
        self._known: weakref.WeakKeyDictionary[http.HTTPFlow, Known] = weakref.WeakKeyDictionary()

    # ------------------------------------------------------------------ what the request carried

    @fail_closed
    def requestheaders(self, flow: http.HTTPFlow) -> None:
        self._remember(flow, flow.request.headers, None, flow.request.path)

    @fail_closed
    def request(self, flow: http.HTTPFlow) -> None:
        # What leaves (a held request's kept copy, the wire copy): the live flow may show these redacted by now.
        sent = held.forwardable(flow)
        self._remember(flow, sent.headers or flow.request.headers, sent.trailers or flow.request.trailers, sent.path)

    def _remember(self, flow: http.HTTPFlow, headers: http.Headers, trailers: http.Headers | None, path: str) -> None:
        rt = runtime.get()
        section = rt.policy.sections.get("credentials")
        brokers = getattr(section, "brokers", ()) or ()
        own = {b.placeholder for b in brokers}
        if section is not None and brokers:
            own |= set(section.values().values())  # the broker's own: CredentialInjection masks those
        values = [(name, value) for name, value in request_values(headers, trailers, path, rt.policy.credential_names)
                  if worth_following(value, own)]
        if values:
            known = self._known.setdefault(flow, Known())
            for name, value in values:
                known.add(name, value, rt)

    # ------------------------------------------------------------------ the answer

    @fail_closed
    def responseheaders(self, flow: http.HTTPFlow) -> None:
        # A streamed answer's head leaves right after this hook, from the live response: no copy to send it from.
        if flow.response is not None and flow.response.stream and (known := self._known.get(flow)) is not None:
            for where, found in self._masked_head(flow.response, known):
                self._note(flow, where, found)

    @fail_closed
    def response(self, flow: http.HTTPFlow) -> None:
        known = self._known.get(flow) if opens_websocket(flow) else self._known.pop(flow, None)  # messages follow
        if known is not None and flow.response is not None:
            self._show_answer(flow, flow.response, known)

    def _show_answer(self, flow: http.HTTPFlow, live: http.Response, known: Known) -> None:
        """The live answer (what mitmweb shows and the recorder writes) with every followed value redacted; a
        buffered one leaves as it came, from its response copy."""
        streamed = bool(flow.metadata.get(metakeys.STREAMED))  # sent already: the body is Streaming's record copy
        # attack56: a buffered event stream's events are read joined too (a value over two of them)
        events = streamed or _event_stream(live)
        if not known.may_be_in(live) and not (events and known.in_joined_strings(
                (live.get_content(strict=False) or b"").decode("latin-1"))):
            return
        shown = live.copy()
        notes = self._mask_answer(shown, known, events)
        if not notes:
            return
        if not streamed and not flow.metadata.get(metakeys.SYNTHETIC) and wire.seam_ready():
            wire.response_for(flow)  # the client's copy, as it is now (the one the guard made, if any)
        live.headers.fields, live.reason, live.raw_content = shown.headers.fields, shown.reason, shown.raw_content
        if live.trailers is not None and shown.trailers is not None:
            live.trailers.fields = shown.trailers.fields
        if wire.registered_response(flow) is not None:
            wire.seal_response(flow)
        covered = flow.metadata.setdefault(metakeys.SHOWN_MASKED, [])
        if "response" not in covered:
            covered.append("response")
        for where, found in notes:
            self._note(flow, where, found)

    @fail_closed
    def error(self, flow: http.HTTPFlow) -> None:
        known = self._known.pop(flow, None)
        if known is None:
            return
        if flow.response is not None and flow.metadata.get(metakeys.STREAMED):  # cut off: Streaming kept what was sent
            self._show_answer(flow, flow.response, known)
        if flow.error is not None:
            text, found = known.mask(flow.error.msg)
            if found:
                flow.error.msg = text
                self._note(flow, "echo.error", found)

    @fail_closed
    def websocket_message(self, flow: http.HTTPFlow) -> None:
        if flow.websocket is None or not flow.websocket.messages or (known := self._known.get(flow)) is None:
            return
        message = flow.websocket.messages[-1]
        if message.from_client:
            return
        content, found = known.mask_bytes(message.content)
        previous, known.last_message = known.last_message, message
        # attack56: a value over this message and the vendor's one before it (each alone holds half of it)
        split = known.over_two(previous.content, content) if previous is not None else []
        if not found and not split:
            return
        shown = SPLIT_MESSAGE_NOT_KEPT if split else content
        if wire.message_seam_ready() and not message.dropped:
            sent = message.content
            message.content = shown
            wire.send_message_as(message, sent)  # the client gets its own value; the live message, the marker
        else:
            message.content = shown
        if split:
            assert previous is not None
            previous.content = SPLIT_MESSAGE_NOT_KEPT  # sent already: what mitmweb shows and the recorder writes
            self._note(flow, "echo.websocket-over-messages", split)
        if found:
            self._note(flow, "echo.websocket", found)

    def websocket_end(self, flow: http.HTTPFlow) -> None:
        self._known.pop(flow, None)

    # ------------------------------------------------------------------ masking

    def _mask_answer(self, response: http.Response, known: Known,
                     events: bool) -> list[tuple[str, list[tuple[str, int, int]]]]:
        """Mask ``response`` in place; (where, found) for each part that held a followed value. ``events``: the
        body is events (the stream's record copy, events as the stream masker sent them, or a buffered event
        stream): a value over two of them is not kept."""
        notes = [*self._masked_head(response, known)]
        if response.trailers and (found := _mask_fields(response.trailers, known)):
            notes.append(("echo.trailer", found))
        try:
            body, decoded = response.get_content(strict=True) or b"", True
        except ValueError:  # an encoding mitmproxy cannot undo: its bytes as they came
            body, decoded = response.raw_content or b"", False
        masked, found = known.mask_bytes(body)
        if events and (split := known.in_joined_strings(masked.decode("latin-1"))):
            # The stream masker cut the events anew where it held text back, or the vendor's events did: the value
            # stands in two of them.
            response.content = SPLIT_NOT_KEPT
            notes.append(("echo.body-over-events", split))
        elif found:
            if decoded:
                response.content = masked  # encoded again as it came
            else:
                response.raw_content = masked
            notes.append(("echo.body", found))
        return notes

    @staticmethod
    def _masked_head(response: http.Response, known: Known) -> list[tuple[str, list[tuple[str, int, int]]]]:
        notes = []
        if found := _mask_fields(response.headers, known):
            notes.append(("echo.header", found))
        reason, found = known.mask(response.reason)
        if found:
            response.reason = reason
            notes.append(("echo.reason", found))
        return notes

    @staticmethod
    def _note(flow: http.HTTPFlow, where: str, found: list[tuple[str, int, int]]) -> None:
        """The index says it passed (to the caller it came from) by fingerprint; mitmweb says it is masked here.
        ``where``: ``echo.<part>`` (audit/scrub.py counts no ``echo.`` finding as a body value it must find)."""
        rt = runtime.get()
        flow.metadata.setdefault(metakeys.FINDINGS, []).extend(
            FindingRecord(RULE_ID, Category.SECRET, Classification.REGULATED, Tier.PRECISE, Direction.RESPONSE,
                          where, start, length, rt.fingerprinter.digest(value), Action.ALLOW).to_metadata()
            for value, start, length in found)
        responses.annotate(flow, f"the answer echoed the caller's own credential ({where}): sent back to the caller "
                                 "as it came, shown and recorded redacted", ":see_no_evil:")


def _event_stream(response: http.Response) -> bool:
    return response.headers.get("content-type", "").lower().lstrip().startswith("text/event-stream")


def _mask_fields(fields: http.Headers, known: Known) -> list[tuple[str, int, int]]:
    """Mask every field's name and value of ``fields`` in place (order and repeats kept); what was found. A name
    holding a value (attack56: `x-seen-<key>: 1`) gets the marker as a header token (a streamed head leaves as it
    is masked here, and `[` or `:` has no place in a name)."""
    shown, found = [], []
    for name, value in fields.fields:
        text, hits = known.mask(value.decode("latin-1"))
        shown_name, name_hits = known.mask(name.decode("latin-1"))
        shown.append((_NOT_TOKEN.sub("-", shown_name).encode("latin-1") if name_hits else name,
                      text.encode("latin-1") if hits else value))
        found += name_hits + hits
    if found:
        fields.fields = tuple(shown)
    return found


_NOT_TOKEN = re.compile(r"[^A-Za-z0-9!#$%&'*+.^_`|~-]")  # RFC 9110's tchar
