"""Scan one piece of text, decide per finding, and mask. Pure: shared by the buffered guard, the
stream masker, WebSocket messages, offline replay and the CLI.
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
import json
import operator
import re
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Protocol

from addons.core import placeholders
from addons.core.call_context import CallIndex, FieldLike, call_context, tool_call_argument
from addons.core.findings import FindingRecord
from addons.core.fingerprint import Fingerprinter
from addons.core.paired_context import account_context
from addons.core.policy import Policy
from addons.core.vocabulary import Action, Category, Classification, Direction, HostClass, Tier
from addons.detect import disguise, noise
from addons.formats.mediatype import parse_content_type

if TYPE_CHECKING:
    from addons.detect import Scanner

CACHE_ENTRIES = 4096  # agents resend the whole history every turn: remember recent texts' findings
CACHE_MIN_CHARS = 64  # shorter texts have a cache of their own
# Names, header values, record keys: the same short strings come in every flow and every audit record, and a scan
# costs ~20 us where hash + lookup cost ~1. Kept apart so that unique short strings (ids, times) do not evict the
# long texts. Both caches are keyed by a digest: no cache holds a copy of the text (nor do findings).
SHORT_CACHE_ENTRIES = 8192


class FindingLike(Protocol):
    @property  # read-only, so that _Shifted's computed offsets satisfy it
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def rule_id(self) -> str: ...
    @property
    def category(self) -> str: ...
    @property
    def classification(self) -> str: ...
    @property
    def tier(self) -> str: ...


Detector = Callable[[str], list[FindingLike]]


@dataclass
class TextResult:
    text: str  # the text with every finding whose action is mask or block replaced by its placeholder
    findings: list[FindingRecord] = field(default_factory=list)  # start: offset in `text` as given
    action: Action = Action.ALLOW  # strictest action over the findings
    incomplete: bool = False  # the scan was bounded (timeout, size): the caller must fail closed
    # What ``detect_in_context`` gave for this text and context, every rule, before the policy's yielding rules and
    # ``fixed_shape_only`` (the recording's scrub masks exactly these: core/clean_bodies.py hands them over); None
    # when that scan was incomplete.
    detected: list[FindingLike] | None = None

    @property
    def changed(self) -> bool:
        return any(f.action.replaces_value for f in self.findings)


class Inspector:
    def __init__(self, scanner: Scanner, policy: Policy, fingerprinter: Fingerprinter) -> None:
        self.scanner = scanner
        self.policy = policy
        self.fingerprinter = fingerprinter
        # Extra detectors, e.g. the credential broker's "brokered key leaked" check.
        self.extra_detectors: list[Detector] = []
        self._cache: OrderedDict[bytes, tuple[list, bool]] = OrderedDict()
        self._short: OrderedDict[bytes, tuple[list, bool]] = OrderedDict()
        self._prefixes = disguise.Prefixes(set())
        self._prefixes_for: object = None
        self._yielding: dict[tuple, frozenset[str]] = {}
        self._yielding_tags: dict[frozenset[str], bytes] = {frozenset(): b""}

    def detect(self, text: str, cache: bool = True,
               yielding: frozenset[str] = frozenset()) -> tuple[list[FindingLike], bool]:
        """Findings sorted by start and non-overlapping, and whether the scan was incomplete. ``yielding``: rules
        that lose every overlap (``yielding_rules``)."""
        if not cache:
            return self._detect_uncached(text, yielding)
        key = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
        if yielding:
            key += self._yielding_tags.setdefault(yielding, len(self._yielding_tags).to_bytes(4, "big"))
        return self._remembered(text, key, lambda: self._detect_uncached(text, yielding))

    def _remembered(self, text: str, key: bytes, detect) -> tuple[list[FindingLike], bool]:
        if len(text) < CACHE_MIN_CHARS:
            return _remembered(self._short, key, SHORT_CACHE_ENTRIES, detect)
        return _remembered(self._cache, key, CACHE_ENTRIES, detect)

    def quiet(self, texts: list[str]) -> set[str]:
        """Those of ``texts`` whose ``detect`` finds nothing, complete, known in one pass for them all (dos62: the
        parts of a request's head, 4,000 headers three scans each): the scanner's first stage reports nothing in
        the text (`Scanner.quiet`), it has no disguised or loose view and no extra detector finds anything; each is
        remembered in the detection cache as ``detect`` would. Texts the cache answers already are left to it (an
        SDK's fixed headers: its answer costs less than their views), and so are those that may hold a finding:
        ``detect`` each of them."""
        quiet_of = getattr(self.scanner, "quiet", None)
        if quiet_of is None or not texts:
            return set()
        fresh: dict[str, bytes] = {}
        for text in texts:
            key = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
            if key not in (self._short if len(text) < CACHE_MIN_CHARS else self._cache):
                fresh[text] = key
        if not fresh:
            return set()
        prefixes = self.key_prefixes()
        found = set()
        for text, quiet in zip(fresh, quiet_of(list(fresh)), strict=True):
            if quiet and not disguise.views_of(text) and not disguise.loose_views(text, prefixes) \
                    and not any(detector(text) for detector in self.extra_detectors):
                self._remembered(text, fresh[text], lambda: ([], False))
                found.add(text)
        return found

    def yielding_rules(self, direction: Direction | str, groups: list[str] | None = None,
                       host_class: str = HostClass.GUARDED) -> frozenset[str]:
        """The rules whose findings the policy allows here (by each rule's own classification) while it acts on
        others': they lose every overlap in the scan, so a value two rules read is decided by the one the policy
        acts on. In an answer `client_secret: "<value>" is my password` was read by the prose rule the default
        policy allows in answers, and went to the agent unmasked (attack5)."""
        direction = Direction(direction)
        key = (direction, tuple(groups or ()), host_class, id(self.scanner))
        found = self._yielding.get(key)
        if found is None:
            rules = getattr(self.scanner, "rules", ())
            allowed = frozenset(r.id for r in rules if self.policy.action_for(
                direction, r.id, r.category, r.classification, r.tier, groups, host_class) == Action.ALLOW)
            found = allowed if len(allowed) < len(rules) else frozenset()
            if len(self._yielding) >= 256:  # group combinations of many identities: keep the table small
                self._yielding.clear()
            self._yielding[key] = found
        return found

    def _detect_uncached(self, text: str, yielding: frozenset[str] = frozenset()) -> tuple[list[FindingLike], bool]:
        found, incomplete = self._detect_plain(text, yielding)
        for view in disguise.views_of(text):  # zero-width characters, lookalike letters, &#65;, %41 or \41 in it
            hidden, view_incomplete = self._detect_plain(view.text, yielding)
            incomplete = incomplete or view_incomplete
            found = _merge(found, [u for f in hidden if (u := _Undisguised.of(f, view, text, whole=True)) is not None])
        for loose in disguise.loose_views(text, self.key_prefixes()):  # broken, spaced out, backwards
            hidden, view_incomplete = self._detect_plain(loose.text, yielding)
            incomplete = incomplete or view_incomplete
            found = _merge(found, [u for f in hidden
                                   if is_fixed_shape(f) and (u := _Undisguised.of(f, loose, text)) is not None])
        return found, incomplete

    def key_prefixes(self) -> disguise.Prefixes:
        """The literal prefixes (keywords) of the fixed-shape key rules, to spot a key written backwards;
        built once per scanner (rules reload with a new scanner)."""
        if self._prefixes_for is not self.scanner:
            self._prefixes = disguise.Prefixes({k for r in getattr(self.scanner, "rules", ())
                                                if r.tier == Tier.PRECISE and r.category == Category.SECRET
                                                for k in r.keywords if len(k) >= 3})
            self._prefixes_for = self.scanner
        return self._prefixes

    def _detect_plain(self, text: str, yielding: frozenset[str] = frozenset()) -> tuple[list[FindingLike], bool]:
        report = self.scanner.scan_report(text, yielding) if yielding else self.scanner.scan_report(text)
        extra = [f for detector in self.extra_detectors for f in detector(text)]
        return _merge(extra, list(report.findings)), bool(report.incomplete)

    def inspect_field(self, text: str, direction: Direction | str, location: str,
                      groups: list[str] | None = None, host_class: str = HostClass.GUARDED,
                      fixed_shape_only: bool = False, context: str | None = None,
                      noise_judged: bool = False) -> TextResult:
        """Like inspect_text, for a value a codec took out of its structure: the key it sat under is scanned
        with it, so rules that recognise a value by its name (`"aws_secret_access_key": "..."`) still fire.
        ``context``: that key as ``context_of`` gives it (default: ``field_context`` of ``location``)."""
        return self.inspect_text(text, direction, location, groups,
                                 field_context(location) if context is None else context,
                                 host_class=host_class, fixed_shape_only=fixed_shape_only, noise_judged=noise_judged)

    def detect_in_context(self, text: str, context: str = "", cache: bool = True,
                          yielding: frozenset[str] = frozenset()) -> tuple[list[FindingLike], bool]:
        """``detect`` of ``text`` scanned right after ``context`` (``field_context``), at offsets in ``text``:
        what ``inspect_text`` decides on, so a second look at the same field (the audit record's scrub) finds
        exactly the values the guard found, from the cache, including those found only by their key."""
        found, incomplete = self.detect(context + text + ('"' if context else ""), cache, yielding)
        if context:
            shift = len(context)
            found = [_Shifted(f, -shift) for f in found if f.start >= shift and f.end <= shift + len(text)]
        return found, incomplete

    def inspect_text(self, text: str, direction: Direction | str, location: str,
                     groups: list[str] | None = None, context: str = "", cache: bool = True,
                     host_class: str = HostClass.GUARDED, fixed_shape_only: bool = False,
                     noise_judged: bool = False) -> TextResult:
        """Scan ``text`` and mask per policy. ``context`` is scanned just before it but never changed or reported.
        ``cache=False`` for texts that will not come again (stream windows), so they do not evict those that will.
        ``host_class`` picks the action table: observed (unlisted) hosts have their own (policy.action_for).
        ``fixed_shape_only``: report only fixed-shape keys (`is_fixed_shape`), for texts put together by a
        guess (short base64 decodings, values joined across fields) where other rules would guess too.
        ``noise_judged``: for the printable strings of binary data, drop any other value that lies in noise
        (detect/noise.py: random characters around it, where personal data and passwords turn up by chance)."""
        found, incomplete = self.detect_in_context(text, context, cache)
        detected = None if incomplete else found
        if found and (yielding := self.yielding_rules(direction, groups, host_class)) \
                and any(f.rule_id in yielding for f in found):
            # A finding the policy allows here may have won its span from one it acts on: scanned again with the
            # allowed rules yielding (only such texts: the recording's scrub, which masks every finding, keeps
            # reading the first scan from the cache).
            found, incomplete = self.detect_in_context(text, context, cache, yielding)
        if fixed_shape_only:
            found = [f for f in found if is_fixed_shape(f)]
        if noise_judged:  # binary data read as text: a value amid random characters is one by chance
            found = [f for f in found if is_fixed_shape(f) or not noise.lies_in_noise(text, f.start, f.end)]
        if not found:
            return TextResult(text, incomplete=incomplete, detected=detected)
        direction = Direction(direction)
        records, pieces, last = [], [], 0
        for f in found:
            action = self.policy.action_for(direction, f.rule_id, f.category, f.classification, f.tier, groups,
                                            host_class)
            record = FindingRecord(f.rule_id, Category(f.category), Classification(f.classification), Tier(f.tier),
                                   direction, location, f.start, f.end - f.start,
                                   self.fingerprinter.digest(_value(f, text)), action)
            records.append(record)
            if action.replaces_value:
                pieces.append(text[last:f.start])
                pieces.append(placeholders.interleaved_like(placeholders.masked(f.rule_id, record.fingerprint),
                                                            text[f.start:f.end]))
                last = f.end
        pieces.append(text[last:])
        return TextResult("".join(pieces), records, Action.strictest(r.action for r in records), incomplete,
                          detected)


def field_context(location: str) -> str:
    """What a value found at ``location`` is scanned after: the key it sat under, as JSON writes it
    (``"password": "``), so rules that know a value by its name fire; "" when the location ends in no key.
    Called for every field the guard and the recording scan (~2 us as two end-anchored regex searches): a codec's
    suffix can only be there when the location has a ``#`` or a ``]``, and the key is what follows the last
    ``.`` or ``#`` (neither can be in it), so that is where it is matched."""
    if "#" in location or "]" in location:
        location = _FIELD_SUFFIX.sub("", location)
    cut = max(location.rfind("."), location.rfind("#"))
    key = _KEY_AFTER_CUT.fullmatch(location, cut + 1) if cut >= 0 else None
    return f'"{key.group(1)}": "' if key else ""


def context_of(fields: Sequence[FieldLike], i: int) -> str:
    """What ``fields[i]`` (a body's fields, formats.Field) is scanned after: ``field_context`` of its location, or,
    when the location hides the key it sat under (`$.{3}`, `form.{2}[0]`: a key not safe to show, such as
    `db.password`, `aws secret access key` or one longer than 32 characters), that key as the codec gave it in the
    key field just before it. Without it such a key was no context at all, and a password under it went unseen."""
    location = fields[i].location
    if i and (pair_name := _pair_name(fields, i, location)) is not None:
        return key_context(pair_name)
    context = field_context(location)
    if context and i:
        named = _sibling_context(fields, i, location, context)
        return named if named != context else account_context(fields, i, location, context)
    if context or not i:
        return context
    key = fields[i - 1]
    if key.kind != "key" or key.location != location.removesuffix("#number") + "#key":
        return context
    return key_context(key.text)


# attack22: an array of [name, value] pairs (`Object.entries(process.env)`, `list(os.environ.items())`, a fetch init's
# header list): `[["DB_PASSWORD", "..."]]` went upstream, each value read after a key `[1]` that names nothing.
_PAIR_VALUE = re.compile(r"(.*)\[1\](?:#number)?")


def _pair_name(fields: Sequence[FieldLike], i: int, location: str) -> str | None:
    """The name of the value ``fields[i]`` when it is the second of a two-element array whose first is a short
    string (a name, as `_SIBLING_CHARS` bounds it); None otherwise."""
    m = _PAIR_VALUE.fullmatch(location)
    if m is None:
        return None
    array, name = m.group(1), fields[i - 1]
    if name.location != f"{array}[0]" or name.kind != "text" or not _short_name(name.text):
        return None
    if i + 1 < len(fields) and fields[i + 1].location.startswith(f"{array}[2]"):
        return None  # a list of three or more: no pair
    return name.text


# A value whose key says only "value" is named by its sibling (attack17): `{"name": "DB_PASSWORD", "value": ...}` (a
# Kubernetes / ECS env entry), `{"label": "Password", "value": ...}`, a browser tool's `{"selector": "#password",
# "text": ...}`. Rules read that pair in text (generic-password-form-field); the guard scanned each value after its own
# key alone, so the password was sent and the body marked clean. Such a value is scanned after the pair.
_VALUE_KEYS = frozenset({"value", "text", "input", "content", "data", "keys", "fill"})
# attack18: GitLab's CI variables API and Postman ({"key": ..., "value": ...}), CloudFormation parameters
# (ParameterKey / ParameterValue), secret stores (secretName / secretValue). The rules know the pair as name / value,
# so it is scanned as `"name": "DbPassword", "value": "`.
_OTHER_NAME_KEYS = frozenset({"key", "parameterkey", "parameter_key", "parametername", "secretname", "secret_name",
                              "variable", "variablename", "variable_name", "param", "parameter", "setting", "option",
                              "optionname", "option_name", "attribute", "property", "envname"})
_NAME_KEYS = frozenset({"label", "name", "field", "selector", "id", "placeholder", "aria-label", "element", "target",
                        "locator", *_OTHER_NAME_KEYS})
_SIBLING_CHARS = 64  # a field's name or label; a longer value names nothing


def _short_name(text: str) -> bool:
    """At most _SIBLING_CHARS long, each exitguard placeholder counted as one char: masking must not change what
    names a value. leak34 (found by the JSON property's explore runs): `["use X to log in, it expires friday",
    109010203]` under `APIKEY` read the number after the sentence (no key name: not masked); once X was masked the
    sentence was longer than a name and the number was read under `APIKEY` and masked, on the second pass only.
    The first pass's reading is kept: a value masked inside a name counts as one char, so a name stays one."""
    if len(text) <= _SIBLING_CHARS:
        return True
    return placeholders.MASKED_PREFIX in text and len(placeholders.MASKED.sub("_", text)) <= _SIBLING_CHARS
_SIBLINGS_BACK = 4  # fields of the same object between the name and the value ({"name", "description", "value"})
# prose28: Keycloak's CredentialRepresentation names its value by its type ({"type": "password", "value": ...}); a
# type of anything else names nothing and is passed over (an env entry's {"name": ..., "type": "secret", "value"}).
_TYPE_KEY = "type"
_PASSWORD_TYPES = frozenset({"password"})


def _sibling_context(fields: Sequence[FieldLike], i: int, location: str, context: str) -> str:
    """``context`` of the value ``fields[i]`` at ``location``, preceded by the sibling pair that names it (see
    _VALUE_KEYS): the nearest of the ``_SIBLINGS_BACK`` fields before it in the same object with a name key.
    attack18: only the field just before was read, so `{"name": "DB_PASSWORD", "description": "...", "value": ...}`
    went upstream; a key ending in "value" (ParameterValue, secretValue) is a value key too."""
    parent, _, key = location.rpartition(".")
    lowered = key.lower()
    if lowered not in _VALUE_KEYS and not lowered.endswith("value"):
        return context
    nested = parent + "."
    for before in reversed(fields[max(0, i - _SIBLINGS_BACK):i]):
        sibling_parent, _, name = before.location.rpartition(".")
        if sibling_parent != parent:
            if before.location.startswith(nested):
                continue  # inside another member of the same object
            break
        if before.kind == "text" and name.lower() == _TYPE_KEY and before.text.lower() in _PASSWORD_TYPES:
            return f'"type": {json.dumps(before.text)}, {context}'
        if before.kind == "text" and name.lower() in _NAME_KEYS and _short_name(before.text):
            if name.lower() in _OTHER_NAME_KEYS or lowered not in _VALUE_KEYS:
                name, context = "name", '"value": "'
            return f"{json.dumps(name)}: {json.dumps(before.text, ensure_ascii=False)}, {context}"
    return _parent_context(parent, context) if lowered == "value" else context


def _parent_context(parent: str, context: str) -> str:
    """prose28: an object holding only its value, named by the key it sits under (Okta's `"credentials": {"password":
    {"value": ...}}`): ``context`` after that key and the object's brace; unchanged when the parent ends in no key."""
    named = field_context(parent)  # `"password": "`: the key, its colon, and the quote a string would open with
    return named[:-1] + "{" + context if named else context


def contexts_of(fields: Sequence[FieldLike]) -> Iterator[str]:
    """``context_of`` of every field, in one pass, each as it is asked for (the guard's message budget stops asking
    once it is spent: 10 MiB of `a=b` pairs cost ~9 s of contexts before the first field's scan, attack59); and a
    multipart part's text under a name its location hides (`multipart.{2}`, `name="db.password"`) gets that name,
    from the part's headers field (which comes after every part: a search per part would be quadratic)."""
    names: dict[str, str] | None = None
    calls: CallIndex | None = None
    for i, f in enumerate(fields):
        context = context_of(fields, i)
        if context and (calls is not None or tool_call_argument(f.location)):
            calls = CallIndex.of(fields) if calls is None else calls  # once a body, and only for one with calls
            context = call_context(fields, i, context, calls)
        if not context and _HIDDEN_PART.fullmatch(f.location):
            if names is None:
                names = {h.location.removesuffix("#headers"): name for h in fields
                         if h.location.endswith("#headers") and (name := _part_name(h.text))}
            if part := names.get(f.location):
                context = key_context(part)
        yield context


_HIDDEN_PART = re.compile(r"multipart\.\{\d+\}")


def _part_name(headers: str) -> str:
    """The ``name`` parameter of a multipart part's Content-Disposition ("" when it has none)."""
    for line in headers.splitlines():
        field, sep, value = line.partition(":")
        if sep and field.strip().lower() == "content-disposition":
            return parse_content_type(value).params.get("name", "")
    return ""


def key_context(key: str) -> str:
    """The context of a value that sat under ``key`` (a JSON or form key, a header name, a query key), as JSON
    writes it: for a key safe to show in a location, exactly what ``field_context`` gives."""
    return json.dumps(key[-KEY_CONTEXT_CHARS:], ensure_ascii=False) + ': "'


KEY_CONTEXT_CHARS = 128  # the end of a long key: where its credential word is ("..._database_password")


def is_fixed_shape(finding: FindingLike) -> bool:
    """A provider key of a fixed shape (precise-tier secret rule: `AKIA` + 16, `ghp_` + 36): safe to look for in
    text joined or undone by a guess, where an e-mail, phone or card rule would find what ordinary text makes."""
    return finding.tier == Tier.PRECISE and finding.category == Category.SECRET


# The key at the end of a location, matched from its last `.` or `#`; `\n?`: as `$` would (the key was once found
# by `[.#](...)$`, tests/core/test_field_context.py keeps that as the reference).
_KEY_AFTER_CUT = re.compile(r"([A-Za-z_][A-Za-z0-9_-]{0,63})\n?")
# What a codec appends to a value's location (a long integer, a key, decoded base64): not the key it sat under.
_FIELD_SUFFIX = re.compile(r"(?:#number|#key|#(?:base64|hex|base32)@\d+|\[\d+\])+$")


def _value(finding: FindingLike, text: str) -> str:
    """What a finding's fingerprint is taken of: the value itself, also when the text held it disguised (so a key
    has one fingerprint however it was written)."""
    return getattr(finding, "value", None) or text[finding.start:finding.end]


@dataclass(frozen=True)
class _Undisguised:
    """A finding in an undisguised view (detect/disguise.py), at the original characters it came from."""

    inner: FindingLike
    start: int
    end: int
    value: str  # as the view reads it

    @classmethod
    def of(cls, finding: FindingLike, view: disguise.View | disguise.TwiceView | disguise.ReversedWords,
           text: str, whole: bool = False) -> _Undisguised | None:
        """``whole``: ``view`` is the whole text undisguised (``disguise.view_of``), not an excerpt."""
        start, end = view.original_span(finding.start, finding.end)
        value = view.text[finding.start:finding.end]
        if text[start:end] == value and not whole:
            return None  # not disguised: the plain scan has it, or rejected it in a context the excerpt lacks
        # In the whole-text view a value written plainly counts too: what was disguised may be its context
        # (`token%3Dghp_...`, a URL percent-encoded whole: the `F` of `%2F` glued to the key defeats `\b` in the
        # plain scan). Where the plain scan found it as well, _merge keeps the plain finding.
        return cls(finding, start, end, value)

    def __getattr__(self, name):
        return getattr(self.inner, name)


@dataclass(frozen=True)
class _Shifted:
    """A finding moved by ``offset`` characters (from context+text coordinates to text coordinates)."""

    inner: FindingLike
    offset: int

    @property
    def start(self) -> int:
        return self.inner.start + self.offset

    @property
    def end(self) -> int:
        return self.inner.end + self.offset

    def __getattr__(self, name):
        return getattr(self.inner, name)


def _remembered(cache: OrderedDict[bytes, tuple[list, bool]], key: bytes, limit: int,
                scan: Callable[[], tuple[list, bool]]) -> tuple[list, bool]:
    """The cached result for ``key`` (least recently used dropped past ``limit``); callers never change it. A scan
    cut short is not kept: its wall-clock budget ran out on a loaded machine, which says nothing of the text, and
    kept it refused the same text (a system prompt every agent resends) on an idle one, for every connection
    (attack59)."""
    if (hit := cache.get(key)) is not None:
        cache.move_to_end(key)
        return hit
    result = scan()
    if result[1]:
        return result
    cache[key] = result
    if len(cache) > limit:
        cache.popitem(last=False)
    return result


def _merge(preferred: list[FindingLike], others: list[FindingLike]) -> list[FindingLike]:
    """Non-overlapping findings sorted by start. Extra detectors know exactly what their values are (a
    brokered credential), so where they overlap a scanner finding, theirs is kept.

    O(n log n): a kept list is sorted with non-decreasing ends, so only the last kept finding starting before
    another's end can overlap it (one bisect each; a scan over all kept findings per other finding made an
    export with an address on every line quadratic through any second view)."""
    kept = _non_overlapping(preferred)
    if not others:
        return kept  # already in start order (see _non_overlapping)
    starts = [k.start for k in kept]
    added = []
    for f in _non_overlapping(others):
        i = bisect.bisect_left(starts, f.end)
        if i and kept[i - 1].end > f.start:
            continue
        added.append(f)
    return sorted(kept + added, key=_start) if added else kept


_start = operator.attrgetter("start")


def _non_overlapping(findings: list[FindingLike]) -> list[FindingLike]:
    """Keep the earliest, then longest, finding where two overlap. The result is in start order, and each kept
    finding ends where or before the next starts."""
    if all(a.start < b.start and a.end <= b.start for a, b in itertools.pairwise(findings)):
        return list(findings)  # the scanner's own output: already so (sorting and the greedy pass change nothing)
    kept: list[FindingLike] = []
    for f in sorted(findings, key=lambda f: (f.start, -(f.end - f.start))):
        if kept and f.start < kept[-1].end:
            continue
        kept.append(f)
    return kept


def with_findings(result: TextResult, text: str, kept: list[FindingRecord]) -> TextResult:
    """``result`` (of ``text``) with only the findings ``kept`` (in order, not overlapping), masked anew from
    ``text``: how a caller drops findings it knows are no leak (a host's own credential, a presigned URL's key id).
    Everything else of ``result`` stays, ``detected`` too: the record still masks what was dropped."""
    pieces, last = [], 0
    for f in kept:
        if f.action.replaces_value:
            pieces += [text[last:f.start], placeholders.masked(f.rule, f.fingerprint)]
            last = f.start + f.length
    pieces.append(text[last:])
    return replace(result, text="".join(pieces), findings=kept,
                   action=Action.strictest(f.action for f in kept) if kept else Action.ALLOW)


def mask_findings(text: str, findings: list[FindingRecord], actions: frozenset[Action]) -> str:
    """``text`` with every finding whose action is one of ``actions`` replaced by its placeholder (the records
    of one inspect_text call over this same text). How a held request is shown while it waits (core/held.py)."""
    pieces, last = [], 0
    for f in sorted((f for f in findings if f.action in actions), key=lambda f: f.start):
        pieces += [text[last:f.start], placeholders.masked(f.rule, f.fingerprint)]
        last = f.start + f.length
    pieces.append(text[last:])
    return "".join(pieces)
