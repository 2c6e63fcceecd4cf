"""A fixed-shape key split over parts of one request's headers (attack21): the same header twice (`X-Note: AKIA2RG6KE`
and `X-Note: VDCBKKK26K`, which a server reads combined), two headers, or a header's name and its value
(`X-AKIA2RG6KE: VDCBKKK26K`). Each part alone matches nothing.

The parts are joined as a body's values are (`guard/joined.py`: key-character runs at the edges of neighbours, up to
five joins, fixed-shape keys only), in header order, three ways:
- the values alone (what a server that combines a repeated header reads, or one that concatenates headers), in runs
  of up to six values;
- names and values alternating, each name as written (HTTP/1 keeps its case), two neighbours at a time (a name and
  its value, a value and the next name: runs of six names and values cost 1 ms a request, ~4x the header scan),
  unless every name is one clients send as fixed text (`KNOWN_NAMES`): then no name can hold a piece;
- the same with each name upper-cased (a name is case-insensitive and HTTP/2 sends it lower-cased: an AWS key id's
  letters are upper-case).
A finding across parts is recorded at each part it covers. A value's piece becomes the placeholder (the request stays
valid); a name cannot be masked (request_parts.FIXED): the request is refused. The parts' own findings, the host's
own credential included, are what a joined finding may not overlap (a key glued to its neighbour is not split).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property

from addons.core import outside
from addons.core.inspection import Inspector, TextResult
from addons.core.vocabulary import HostClass
from addons.formats import Field
from addons.guard import joined

# Names every client sends as fixed text (HTTP's own, the LLM SDKs'): a name written exactly so holds no piece of
# a key an agent chose, so a request whose names are all of these has no name to join (only its values are read
# joined, the cheap reading: the name readings cost ~0.6 ms a request on 18 SDK headers). Exact names only: a
# prefix (`x-stainless-...`) would let an agent put a key's piece after it.
KNOWN_NAMES = frozenset({
    "host", ":authority", ":method", ":path", ":scheme", "accept", "accept-encoding", "accept-language",
    "accept-charset", "authorization", "proxy-authorization", "cache-control", "connection", "content-encoding",
    "content-length", "content-type", "cookie", "date", "expect", "if-match", "if-none-match", "if-modified-since",
    "origin", "pragma", "priority", "range", "referer", "te", "trailer", "transfer-encoding", "upgrade",
    "user-agent", "via", "keep-alive", "proxy-connection", "dnt", "traceparent", "tracestate", "baggage",
    "sec-fetch-mode", "sec-fetch-site", "sec-fetch-dest", "x-request-id", "x-api-key", "x-forwarded-for",
    "x-forwarded-proto", "x-forwarded-host", "idempotency-key", "openai-organization", "openai-project",
    "openai-beta", "anthropic-version", "anthropic-beta", "anthropic-dangerous-direct-browser-access",
    "x-stainless-lang", "x-stainless-package-version", "x-stainless-os", "x-stainless-arch", "x-stainless-runtime",
    "x-stainless-runtime-version", "x-stainless-async", "x-stainless-retry-count", "x-stainless-read-timeout",
    "x-stainless-timeout", "x-stainless-helper-method", "x-stainless-raw-response", "x-stainless-poll-helper",
    "x-stainless-custom-poll-interval", "x-goog-api-key", "x-goog-api-client", "x-goog-user-project",
})
NAME_RUN = 3  # names and values one key may be split over (name, value, name or value, name, value)


@dataclass(frozen=True)
class HeaderPart:
    kind: str  # "header" / "trailer" (a value), or "header-name" / "trailer-name"
    index: int  # the header's position in the message
    name: str  # the header's name, lower case
    text: str
    location: str  # where a finding in it is recorded
    own: TextResult  # its own scan, every finding (the host's credential too)

    @cached_property  # read for every part in each reading (dos59: 80,000 times for 4,000 headers)
    def is_name(self) -> bool:
        return self.kind.endswith("-name")


def scan(parts: list[HeaderPart], inspector: Inspector, groups: list[str] | None,
         host_class: str = HostClass.GUARDED) -> dict[int, TextResult]:
    """Updated results (by position in ``parts``) for the parts that hold a piece of a split key (the readings are
    `_readings`); each is the part's own result with the pieces' findings appended (and, for a value, its piece
    masked)."""
    current = {i: part.own for i, part in enumerate(parts)}
    updated: set[int] = set()
    # each part's reading, as written and upper-cased, and its field: made once (dos59; codec61 the fields)
    texts: dict[bool, list[str]] = {}
    as_fields: dict[bool, list[Field]] = {}
    for reading in _readings(parts):
        if len(reading.order) < 2:
            continue
        read = texts.get(reading.upper)
        if read is None:
            read = texts[reading.upper] = [_reading(part, reading.upper) for part in parts]
            as_fields[reading.upper] = [Field(f"{part.kind}[{part.index}]", text, "text")
                                        for part, text in zip(parts, read, strict=True)]
        every_field = as_fields[reading.upper]
        fields = [every_field[i] for i in reading.order]
        results = [_as_read(current[i], parts[i], read[i]) for i in reading.order]
        found = joined.scan(fields, results, inspector, "request", groups, host_class, reading.pieces,
                            apart=reading.apart)
        for at, result in found.items():
            i = reading.order[at]
            part = parts[i]
            new = [replace(f, location=part.location) for f in result.findings[len(results[at].findings):]]
            current[i] = replace(result, findings=[*current[i].findings, *new])  # a name's text: never sent
            updated.add(i)
    return {i: current[i] for i in sorted(updated)}


@dataclass(frozen=True)
class _Reading:
    order: list[int]  # positions in the parts, in header order
    upper: bool = False  # names upper-cased
    pieces: int = joined.MAX_PIECES
    apart: bool = False  # two parts with others between joined too


def _readings(parts: list[HeaderPart]) -> list[_Reading]:
    """The values alone (runs of up to six); the values of the agent's own headers (a name not in KNOWN_NAMES)
    alone, the others between left out and any two joined however far apart; names and values alternating (runs
    of up to three), as written and upper-cased, when some name is the agent's own. In the last, a known name of
    four characters or more breaks the run (it holds no piece: `_breaks`), so a run only goes through the agent's
    own names and the cost stays with requests that have them."""
    values = [i for i, part in enumerate(parts) if not part.is_name]
    readings = [_Reading(values)]
    own = [i for i in values if parts[i].name not in KNOWN_NAMES and joined.has_key_edge(parts[i].text)]
    if len(own) >= 2 and own != values:
        readings.append(_Reading(own, apart=True))
    elif len(own) >= 3:
        readings.append(_Reading(own, pieces=2, apart=True))  # the in-order runs are the first reading's
    names = [part for part in parts if part.is_name]
    if any(part.text.lower() not in KNOWN_NAMES for part in names):
        everything = list(range(len(parts)))
        readings.append(_Reading(everything, pieces=NAME_RUN))
        if any(part.text.upper() != part.text for part in names):
            readings.append(_Reading(everything, upper=True, pieces=NAME_RUN))
    return readings


def _breaks(part: HeaderPart) -> bool:
    """A name clients send as fixed text, too long to be a piece an agent cut out of a random key by chance."""
    return part.is_name and len(part.text) >= 4 and part.text.lower() in KNOWN_NAMES


def _reading(part: HeaderPart, upper: bool) -> str:
    if _breaks(part):
        return " "  # no key character: the run stops here
    return outside.upper_same_length(part.text) if upper and part.is_name else part.text  # offsets kept (attack28)


def _as_read(result: TextResult, part: HeaderPart, text: str) -> TextResult:
    """The part's result as joined.scan reads it (``text``: its ``_reading``): a name upper-cased has the same
    offsets (a name's own finding already refuses the request; its text is never sent)."""
    return result if text == part.text or result.changed else replace(result, text=text)
