"""What may be written outside the flow: the audit index, the approval webhook, logs, mitmweb comments and the
output of ``exitguard audit``. Every string that leaves goes through ``safe_text`` / ``safe_record``, which
replace everything the engine detects by its placeholder (the same ``[MASKED:<rule>:<tag>]`` as in traffic).

Fail closed: a text that cannot be scanned (no runtime loaded, a bounded scan) is replaced whole by ``WITHHELD``.
Dict keys are masked like values (a JSON path whose key is an access key id is a secret). Strings that exitguard
made itself and that are not data (hashes, fingerprints, times) are masked like everything else: the engine does
not flag them, and a false positive costs readability, never a value.

exitguard's own words (``own_words``: record and metadata keys, enum values) come in every record, ~100 per flow:
each is scanned once per scanner and then passed without a cache lookup. The result is the scan's own (a word the
scanner flags is scanned every time), and a client's string equal to such a word is the same text with the same
result, so nothing that came from a request skips a scan it would fail.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from enum import StrEnum
from typing import Any, NamedTuple, Protocol
from urllib.parse import unquote

from addons.core import metakeys, placeholders, runtime, vocabulary
from addons.formats import encoded
from addons.formats.model import Field

WITHHELD = "[exitguard: withheld, could not be scanned]"
# C0 and C1 controls, DEL and the bidi controls: characters that steer a terminal or split a log line, which text
# quoted from traffic or from the shared store must not carry to an operator (cli/terminal.py writes them out,
# identity/oidc.py refuses names holding them).
CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


class _Fingerprints(Protocol):
    def tag(self, value: str) -> str: ...


class TextScanner(Protocol):
    """What ``safe_text`` needs of ``core.inspection.Inspector``."""

    @property  # read-only: Inspector's Fingerprinter then satisfies it
    def fingerprinter(self) -> _Fingerprints: ...

    def detect(self, text: str, cache: bool = True) -> tuple[list, bool]: ...


# Headers that carry a credential: the record redacts their values (audit/scrub.py), reviewers' summaries show them
# as `<redacted>` (approval/notify.py).
CREDENTIAL_HEADER_RE = re.compile(
    r"^(authorization|x-api-key|api-key|x-goog-api-key|cookie|set-cookie|x-auth-token|x-access-token|"
    r"private-token|x-amz-security-token|ocp-apim-subscription-key|x-subscription-token|.*-api-key|.*-token)$", re.I)


def safe_text(text: str, scanner: TextScanner | None) -> str:
    """``text`` with every detected value replaced by its placeholder; ``WITHHELD`` when it cannot be scanned."""
    masked = mask_or_none(text, scanner)
    return WITHHELD if masked is None else masked


def mask_or_none(text: str, scanner: TextScanner | None) -> str | None:
    """Like ``safe_text``, None instead of ``WITHHELD`` (for callers with their own fallback)."""
    if not text:
        return text
    if scanner is None:
        return None
    if is_own_word(text, scanner):
        return text
    plain = type(text) is str and len(text) <= _CLEAN_TEXTS.max_chars
    clean = _CLEAN_TEXTS.for_scanner(scanner) if plain else None
    if clean is not None and text in clean:
        return text
    found, incomplete = scanner.detect(text)
    if incomplete:
        return None
    if not found and clean is not None:
        _CLEAN_TEXTS.add(clean, text)
    return mask_found(text, found, scanner)


def is_own_word(text: str, scanner: TextScanner) -> bool:
    """One of the words exitguard writes itself (``add_own_words``) that the scanner leaves alone: clean without a
    scan (not a str subclass, so callers get a plain str back)."""
    return type(text) is str and text in _OwnWords.clean_for(scanner)


def safe_host(host: str, scanner: TextScanner | None) -> str:
    """A host name with every detected value in it replaced by its placeholder, the rest as it was (a wildcard
    still matches it). Names are lower-cased where exitguard reads them (``destination.normalize``), and a
    lower-cased AWS key id is no value to the engine (attack10: a Host header `AKIA....unlisted.example` reached
    the index, the destination metadata and a refusal message): each name is also read upper-cased, as
    ``guard/hello.refused_rule`` reads the connection's names. ``WITHHELD`` when it cannot be scanned."""
    if not host or scanner is None:
        return host if not host else WITHHELD
    clean = _CLEAN_HOSTS.for_scanner(scanner)
    if type(host) is str and host in clean:  # this scanner read it (both spellings) and found nothing
        return host
    for spelling in dict.fromkeys((host, upper_same_length(host))):
        found, incomplete = scanner.detect(spelling)
        if incomplete:
            return WITHHELD
        if found:
            pieces, last = [], 0
            for f in found:
                pieces += [host[last:f.start], placeholders.masked(f.rule_id, scanner.fingerprinter.tag(
                    spelling[f.start:f.end]))]
                last = f.end
            return "".join([*pieces, host[last:]])
    runs = encoded_runs_of_a_name(host, scanner)
    if runs is None:
        return WITHHELD
    if runs:
        return mask_found(host, runs, scanner)
    if type(host) is str and len(host) <= _CLEAN_HOSTS.max_chars:
        _CLEAN_HOSTS.add(clean, host)
    return host


class _Run(NamedTuple):
    """An encoded run holding a value, shaped as a scanner finding (what ``mask_found`` reads)."""
    start: int
    end: int
    rule_id: str


def upper_same_length(text: str) -> str:
    """``text`` upper-cased, offsets kept: a character whose upper case is longer (`ß` -> `SS`, `ŉ`) stays as it is
    (attack28: the whole upper-cased reading was skipped for one, and a lower-cased key id beside an `ß` was written
    as it was)."""
    upper = text.upper()
    if len(upper) == len(text):
        return upper
    return "".join(u if len(u := c.upper()) == 1 else c for c in text)


def encoded_runs_of_a_name(name: str, scanner: TextScanner,
                           counts: Callable[[Any], bool] | None = None) -> list[_Run] | None:
    """The base64, base32 and hex runs of a name (a DNS label, a header name) holding a value (one ``counts``, when
    given), as written or upper-cased (base32 lower-cased in a label); None when a scan was incomplete. attack17: a
    Host header `<hex of a key>.unlisted.example` to an observed host was written into the destination metadata of
    the record."""
    if len(name) < encoded.SHORT_MIN or not encoded.may_hold_a_run(name):
        return []
    for spelling in dict.fromkeys((name, upper_same_length(name))):
        expansion = encoded.expand([Field("name", spelling, "text")])
        if expansion.cut:
            return None
        runs = []
        for field, splice in zip(expansion.fields, expansion.splices, strict=True):
            found, incomplete = scanner.detect(field.text)
            if incomplete:
                return None
            if counts is not None:
                found = [f for f in found if counts(f)]
            if found:
                outer = splice
                while outer.carrier != 0:  # the run as written (layers)
                    outer = expansion.splices[outer.carrier - 1]
                runs.append(_Run(outer.start, outer.end, found[0].rule_id))
        if runs:
            return sorted(set(runs))
    return []


def mask_found(text: str, found: list, scanner: TextScanner) -> str:
    """``text`` with each of ``found`` (sorted, non-overlapping findings in it) replaced by its placeholder."""
    pieces, last = [], 0
    for f in found:
        value = text[f.start:f.end]
        if _clean_marker(value, scanner):
            continue  # e.g. `api_token=[INJECTED:vendor]`: a keyword rule took exitguard's own marker for a value
        pieces += [text[last:f.start], placeholders.masked(f.rule_id, scanner.fingerprinter.tag(value))]
        last = f.end
    pieces.append(text[last:])
    return "".join(pieces)


class _OwnWords:
    """The words exitguard writes itself, and which of them the current scanner leaves alone."""
    words: set[str] = {m.value for e in vars(vocabulary).values() if isinstance(e, type) and issubclass(e, StrEnum)
                       and e is not StrEnum for m in e} | \
        {v for k, v in vars(metakeys).items() if k.isupper() and isinstance(v, str)}
    _scanner: object = None
    _clean: frozenset[str] = frozenset()

    @classmethod
    def clean_for(cls, scanner: TextScanner) -> frozenset[str]:
        if type(scanner) is Remembering:  # the same scanner's results: its words are the same
            scanner = scanner.scanner
        if cls._scanner is not scanner:  # a reload brings a new scanner (rules, detectors): scan the words again
            cls._clean, cls._scanner = frozenset(w for w in cls.words if scanner.detect(w) == ([], False)), scanner
        return cls._clean


class CleanMemo[T: (str, bytes)]:
    """Texts (or digests of them) a scanner found nothing in, for that scanner only (a reload brings a new one and
    an empty memo), at most ``limit`` of them. Only clean entries are kept: a text is never held with a value in
    it. A client sending a new text every time only refills the set. Used here for short texts and host names,
    and by the audit scrub for header fields."""

    def __init__(self, limit: int, max_chars: int = 0) -> None:
        self.limit, self.max_chars = limit, max_chars
        self._scanner: object = None
        self._clean: set[T] = set()

    def for_scanner(self, scanner: object) -> set[T]:
        if type(scanner) is Remembering:  # the same scanner's results
            scanner = scanner.scanner
        if self._scanner is not scanner:
            self._clean, self._scanner = set(), scanner
        return self._clean

    def add(self, clean: set[T], entry: T) -> None:
        if len(clean) >= self.limit:
            clean.clear()
        clean.add(entry)


# A record's metadata and index strings (identity, model, host, reason, coverage notes) are mostly the same from
# flow to flow; each was a trip through the inspector's digest-keyed cache.
_CLEAN_TEXTS: CleanMemo[str] = CleanMemo(limit=8192, max_chars=128)
# ~10 host names per recorded flow: every name of its destination, its Host header and URL, in two spellings.
_CLEAN_HOSTS: CleanMemo[str] = CleanMemo(limit=4096, max_chars=255)  # 255: a DNS name's longest


class Remembering:
    """``scanner``, with each text's result kept for as long as this object lives: for one record, whose host,
    model, identity and reason come in the copy's metadata and again in its index record (scanned once, not once
    per place). Only that record's texts are held, only while it is written; the results are the scanner's own."""

    def __init__(self, scanner: TextScanner) -> None:
        self.scanner = scanner
        self._results: dict[str, tuple[list, bool]] = {}

    @property
    def fingerprinter(self) -> _Fingerprints:
        return self.scanner.fingerprinter

    def detect(self, text: str, cache: bool = True) -> tuple[list, bool]:
        if type(text) is not str:  # a subclass may compare equal to a different text
            return self.scanner.detect(text, cache)
        result = self._results.get(text)
        if result is None:
            result = self._results[text] = self.scanner.detect(text, cache)
        return result

    def detect_in_context(self, text: str, context: str = "", cache: bool = True) -> tuple[list, bool]:
        """The scanner's own, unremembered (the scrub's header and body fields: from the detection cache). Named
        here, not found through ``__getattr__``: that fallback costs a failed lookup on each of ~20 calls a flow."""
        return self.scanner.detect_in_context(text, context, cache)  # type: ignore[attr-defined]

    def __getattr__(self, name: str) -> Any:  # the scanner's other methods, unremembered
        return getattr(self.scanner, name)


def add_own_words(words: Iterable[str]) -> None:
    """Register words exitguard writes into records itself (keys, fixed values): literals of the code, no data."""
    _OwnWords.words |= set(words)
    _OwnWords._scanner = None


def _clean_marker(value: str, scanner: TextScanner) -> bool:
    """A record marker (`[INJECTED:<name>]`, ...) that holds nothing the engine finds. A client can send text
    shaped like a marker: what is inside is scanned on its own, so a secret dressed as a marker is masked.
    A marker percent-encoded in a URL counts too."""
    value = unquote(value)
    if not placeholders.is_record_marker(value):
        return False
    found, incomplete = scanner.detect(value[value.index("[") + 1:-1])
    return not found and not incomplete


def safe_record(value: Any, scanner: TextScanner | None, observed: frozenset[str] = frozenset(),
                passed: frozenset[str] = frozenset()) -> Any:
    """A copy of plain data (dicts, lists, scalars) with every string, keys included, passed through
    ``safe_text``. Bytes are not plain text and never leave: they become ``WITHHELD``.
    ``observed`` names top-level keys whose values exitguard measured itself and that no request can set (the
    socket addresses of the client and the upstream): an address rule would otherwise erase who called where.
    ``passed`` names top-level keys whose values are this function's own output for the same ``scanner`` already
    (copied from a scrubbed flow's metadata): kept as they are, not walked a second time."""
    clean = _OwnWords.clean_for(scanner) if scanner is not None else frozenset()
    texts = _CLEAN_TEXTS.for_scanner(scanner) if scanner is not None else set()
    # rec54: own words, clean texts and scalars are passed inline (the same answers as ``_safe``/``_safe_str``
    # give them), not by a call each: an index record is ~30 keys and values, a flow's metadata ~50.
    if passed and scanner is not None and isinstance(value, dict):
        observed = observed | passed
        return {k if k in observed or (type(k) is str and (k in clean or k in texts))
                else _safe_str(str(k), scanner, clean, texts):
                v if k in passed or v is None or type(v) in _SCALARS or (type(v) is str and (v in clean or v in texts))
                or (k in observed and isinstance(v, str)) else _safe(v, scanner, clean, texts)
                for k, v in value.items()}
    if observed and isinstance(value, dict):
        return {k if k in observed or (type(k) is str and (k in clean or k in texts))
                else _safe_str(str(k), scanner, clean, texts):
                v if v is None or type(v) in _SCALARS or (type(v) is str and (v in clean or v in texts))
                or (k in observed and isinstance(v, str)) else _safe(v, scanner, clean, texts)
                for k, v in value.items()}
    return _safe(value, scanner, clean, texts)


# Exact types ``_safe`` gives back as they are (bool is its own type here, not an int subclass's instance).
_SCALARS = frozenset({int, float, bool})


def _safe(value: Any, scanner: TextScanner | None, clean: frozenset[str], texts: set[str]) -> Any:
    """``clean`` and ``texts``: what ``mask_or_none`` passes as it is for this scanner (own words, clean short
    texts), checked inline: a record is ~200 strings (the same results as through ``safe_text``)."""
    kind = type(value)
    if kind is str:  # exact types first
        return value if value in clean or value in texts else safe_text(value, scanner)
    if kind is dict:
        return {k if type(k) is str and (k in clean or k in texts) else _safe_str(str(k), scanner, clean, texts):
                v if (type(v) is str and (v in clean or v in texts)) or v is None or type(v) in _SCALARS
                else _safe(v, scanner, clean, texts)
                for k, v in value.items()}
    if kind is list:
        return [v if (type(v) is str and (v in clean or v in texts)) or v is None or type(v) in _SCALARS
                else _safe(v, scanner, clean, texts) for v in value]
    if isinstance(value, str):
        return _safe_str(value, scanner, clean, texts)
    if isinstance(value, dict):
        return {_safe_str(str(k), scanner, clean, texts): _safe(v, scanner, clean, texts) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_safe(v, scanner, clean, texts) for v in value]
    if isinstance(value, (bytes, bytearray)):
        return WITHHELD
    return value  # int, float, bool, None


def _safe_str(text: str, scanner: TextScanner | None, clean: frozenset[str], texts: set[str]) -> str:
    """``safe_text``, with the own-word and clean-text checks first (one set lookup each instead of three calls)."""
    return text if type(text) is str and (text in clean or text in texts) else safe_text(text, scanner)


def current_scanner() -> TextScanner | None:
    """The loaded runtime's inspector (at shutdown, the last one loaded: runtime.last), or None before any was
    (then everything is withheld)."""
    try:
        return runtime.get().inspector
    except runtime.NotConfigured:
        last = runtime.last()
        return last.inspector if last is not None else None
