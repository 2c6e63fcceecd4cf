"""The scanner: first stage -> rule regex where it fired -> post-validation -> non-overlapping findings.

1. View: JSON string escapes are made readable without moving offsets (escapes.py); bodies with escaped
   quotes (JSON inside JSON) are decoded one level and findings mapped back to raw offsets.
2. First stage (prefilter.py): Hyperscan reports where each rule's superset pattern ends; the rule's
   regex is then matched right to left from each end offset. The pure-Python engine gives windows
   around keyword hits instead, scanned left to right.
3. Post-validation of the captured value: a rule keyword near the match (local keyword gate), the
   rule's validator, its allow patterns, the global allowlist, entropy.
4. Values inside an exitguard placeholder `[MASKED:<rule>:<tag>]` that names a rule are dropped (masking is
   idempotent; a value that only touches one, `<key>[MASKED:...]`, is kept); overlaps are resolved (precise
   tier first, then the longer match).

Work is bounded: regexes run only where the first stage fired, a rule that may backtrack badly (or a long
window) runs with a `regex` timeout, and the whole scan has a time budget. Whatever could not be scanned
is listed in `ScanReport.skipped` and makes the report `incomplete`; callers must treat an incomplete
scan like a finding (fail closed).
"""

from __future__ import annotations

import bisect
import contextlib
import dataclasses
import gc
import itertools
import operator
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from . import (
    agent_steps,
    allow_split,
    allowlist,
    chance,
    context_score,
    entropy,
    key_names,
    known_values,
    letters_password,
    paired_keys,
    password_carriers,
    pin_codes,
    prefilter,
    validators,
    value_before_word,
    word_table,
)
from .escapes import DecodedView, escape_kinds, needs_decoding, same_length_unescape
from .keyword_gate import KeywordPlaces, ends_to_confirm
from .prefilter import MARGIN
from .rules import Rule, parse_rule_files, read_rule_files
from .vocabulary import EXTRA_PLACEHOLDER_RULES, MASKED, MASKED_PREFIX, Category, Classification, Tier

# How far from a match one of the rule's keywords may be (chars).
KEYWORD_RADIUS = 128
# Default time budget for the regex stage of one scan, and the cap for one regex call.
TIME_BUDGET_SECONDS = 2.0
REGEX_CALL_TIMEOUT_SECONDS = 0.5
# A rule without backtracking risk (see rules.backtracking_risk) runs without a timeout on windows up to
# this size: its worst case there is tens of milliseconds, and a timeout costs ~7 microseconds per call.
SAFE_WINDOW = 2048
# Ends of one rule closer together than this (on average, over its merged windows) are confirmed in one
# forward pass over the windows instead of one right-to-left match each: dense traffic (a customer export,
# a pasted .env) reports an end every few dozen chars, and one regex call per end was most of its cost.
DENSE_ENDS_SPACING = 64
# A rule's long keyword lookbehinds (rules.KeywordLookbehind) are skipped where vacuous when its ends are at
# least this dense: finding the lookbehind words costs one pass over the text (~15 ms per MB), which a few
# ends do not repay.
LOOKBEHIND_GATE_SPACING = 256
# In a view with non-ASCII chars (which the first stage reads as `?`), a rule's ends with no keyword near are dropped
# before their regex call (keyword_gate.py) when there is at least one per this many chars: lower-casing the view
# costs ~2 ms per MB, a regex call ~25 us. Not in ASCII views: there the first stage sees the words, and finding
# them again cost a third more on bench_detect's dense credentials.
KEYWORD_GATE_SPACING = 4096



@dataclass(frozen=True, slots=True)
class Finding:
    """Where a value is (str indices of the value only) and which rule found it. Holds no copy of it."""

    start: int
    end: int
    rule_id: str
    category: Category
    classification: Classification
    tier: Tier


_FINDING_FIELDS = ("start", "end", "rule_id", "category", "classification", "tier")
_new_finding = object.__new__
_set_start, _set_end, _set_rule_id, _set_category, _set_classification, _set_tier = (
    getattr(Finding, name).__set__ for name in _FINDING_FIELDS)


def _finding(start: int, end: int, rule: Rule) -> Finding:
    """Finding(start, end, rule.id, rule.category, rule.classification, rule.tier) at half the cost: a frozen
    dataclass's __init__ sets each field through object.__setattr__, ~1 us per finding, and a customer export
    has one finding per ~27 bytes. Sets the slots directly; test_scanner checks it builds the same Finding."""
    finding = _new_finding(Finding)
    _set_start(finding, start)
    _set_end(finding, end)
    _set_rule_id(finding, rule.id)
    _set_category(finding, rule.category)
    _set_classification(finding, rule.classification)
    _set_tier(finding, rule.tier)
    return finding


@dataclass
class ScanReport:
    findings: list[Finding]
    skipped: list[str] = field(default_factory=list)

    @property
    def incomplete(self) -> bool:
        """True when part of the text was not scanned (timeout, budget): treat it as a finding."""
        return bool(self.skipped)


# Texts this long are scanned with the cyclic garbage collector paused. A dense text holds two live objects per
# finding until the scan returns (its candidate tuple, then its Finding): ~750k for a 10 MB customer export, which
# the collector walked again at every full collection as they piled up (~10% of that scan). The scan makes no
# reference cycles; what other code leaves meanwhile is collected once the collector runs again. From 64 KiB on
# (1 MiB until speed22): the 1 MB export paid ~10% in collections too, 100 KB bodies of dense credentials ~4%.
GC_PAUSE_CHARS = 1 << 16


@contextlib.contextmanager
def _collector_paused(pause: bool) -> Iterator[None]:
    if not pause or not gc.isenabled():  # short text, or someone else has paused it: leave it as it is
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


# Levels of escaped quotes decoded for a scan: JSON in a string in a string in a string (each costs one pass).
MAX_DECODE_LEVELS = 3


def _to_raw(views: list[DecodedView], index: int) -> int:
    for view in reversed(views):
        index = view.to_raw(index)
    return index


class Scanner:
    def __init__(self, rules: list[Rule], version: str, engine: str = "auto",
                 time_budget: float = TIME_BUDGET_SECONDS):
        self.rules = rules
        self.version = version
        self.time_budget = time_budget
        self._by_id = {rule.id: rule for rule in rules}
        # A placeholder is one only if it names a rule: `[MASKED:<any kebab text>:<6 hex>]` is free text an
        # agent can write, and its "rule id" can be a key, a card or an SSN (lower-kebab values).
        self.placeholder_rules = frozenset(self._by_id) | EXTRA_PLACEHOLDER_RULES
        self._prefilter = prefilter.build(rules, engine)
        self.engine = self._prefilter.name
        self.max_match_length = max((rule.max_length for rule in rules), default=0)
        # Precise rules whose shape turns up by chance in random base64 (detect/chance.py): index -> chance per
        # position in standard and url-safe base64, or None. Their matches glued inside a long run of base64 of
        # random bytes are judged by that chance. (Generic rules need a context base64 does not hold.) Read from
        # a rule's regex on its first match (`_chances_of`): ~40% of building a scanner, for rules most processes
        # never match.
        self._chances: dict[int, tuple[float, float] | None] = {}

    def _chances_of(self, index: int) -> tuple[float, float] | None:
        try:
            return self._chances[index]
        except KeyError:
            rule = self.rules[index]
            chances = chance.rule_chances(rule) if rule.tier == "precise" else None
            self._chances[index] = chances = chances if chances is not None and max(chances) > 0.0 else None
            return chances

    @classmethod
    def from_rules(cls, paths, engine: str = "auto") -> Scanner:
        """Rule files or directories (every *.yaml below a directory, recursively, but policy.yaml)."""
        if isinstance(paths, (str, Path)):
            paths = [paths]
        files = read_rule_files(paths)
        key = (files.version, engine)
        # Keyed on the rule files' content hash: parsing the packs and compiling the Hyperscan database take a
        # while, and the proxy, the CLI and the tests ask for the same rules again and again.
        if key not in _SCANNERS:
            _SCANNERS[key] = cls(parse_rule_files(files), files.version, engine)
        return _SCANNERS[key]

    @classmethod
    def default(cls, engine: str = "auto") -> Scanner:
        return cls.from_rules([default_rules_dir()], engine)

    def rule(self, rule_id: str) -> Rule:
        return self._by_id[rule_id]

    def scan(self, text: str) -> list[Finding]:
        return self.scan_report(text).findings

    def quiet(self, texts: list[str]) -> list[bool]:
        """For each text, whether ``scan_report`` of it finds nothing for sure: its first stage reports nothing
        (`HyperscanPrefilter.fired_in`, one scan for all the texts: dos62, the parts of a request's head) and the
        text is its own view (no backslash, no placeholder). False where it may find something: scan that text."""
        if not isinstance(self._prefilter, prefilter.HyperscanPrefilter):
            return [False] * len(texts)
        plain = [i for i, text in enumerate(texts) if "\\" not in text and MASKED_PREFIX not in text]
        quiet = [False] * len(texts)
        for i, fired in zip(plain, self._prefilter.fired_in([texts[i] for i in plain]), strict=True):
            quiet[i] = not fired
        return quiet

    def scan_report(self, text: str, yielding: frozenset[str] = frozenset()) -> ScanReport:
        """``yielding``: rules that lose every overlap with a rule not in it (the policy allows their findings
        where it masks the others': a value two rules read must not go out because the allowed one won)."""
        report = ScanReport(findings=[])
        with _collector_paused(len(text) >= GC_PAUSE_CHARS):
            candidates = self._candidates(text, report, prune=True, yielding=yielding)
            report.findings = _reclassified(text, _resolve_overlaps(candidates, yielding))
        return report

    def candidates(self, text: str) -> list[Finding]:
        """Every accepted match of every rule, overlaps kept (rule tests, debugging)."""
        found = self._candidates(text, ScanReport(findings=[]))
        findings = [Finding(s, e, r.id, r.category, r.classification, r.tier) for s, e, r in set(found)]
        return sorted(findings, key=lambda f: (f.start, f.end, f.rule_id))

    def _candidates(self, text: str, report: ScanReport, prune: bool = False,
                    yielding: frozenset[str] = frozenset()) -> list[tuple[int, int, Rule]]:
        """Accepted candidates; with `prune`, only those that overlap resolution may report (see _scan_view)."""
        if not text:
            return []
        deadline = time.perf_counter() + self.time_budget
        # One search for the prefix (~0.35 ms per MB, in C): both placeholder steps need its answer. Hyperscan
        # reporting it instead saved that, but a text holding a placeholder (masked history, a stream window
        # over released text) was then scanned twice.
        placeholders = MASKED_PREFIX in text
        # A precise value overlapping a placeholder is dropped after the scan, so it shadows nothing.
        prune = prune and not placeholders
        original, text = text, _neutral_placeholders(text, self.placeholder_rules) if placeholders else text
        kinds = escape_kinds(text)
        if not needs_decoding(kinds):
            candidates = self._scan_view(same_length_unescape(text, kinds), deadline, report, prune, yielding)
        else:
            # JSON inside a JSON string (escaped quotes): scan with the escapes decoded, level by level while
            # escaped quotes remain (a tool result holding JSON that holds code), and map back to raw offsets.
            # A decoded view reads like the raw one everywhere else, so the deepest view is enough.
            # Each view's escapes are found once (a pass over the text): the last view's are those to unescape.
            views = [DecodedView(text, kinds)]
            view_kinds = escape_kinds(views[-1].text)
            while len(views) < MAX_DECODE_LEVELS and needs_decoding(view_kinds):
                views.append(DecodedView(views[-1].text, view_kinds))
                view_kinds = escape_kinds(views[-1].text)
            view = same_length_unescape(views[-1].text, view_kinds)
            candidates = [(_to_raw(views, start), _to_raw(views, end), rule) for start, end, rule
                          in self._scan_view(view, deadline, report, prune, yielding)]
        return _outside_placeholders(original, candidates, self.placeholder_rules) if placeholders else candidates

    def _scan_view(self, view: str, deadline: float, report: ScanReport, prune: bool = False,
                   yielding: frozenset[str] = frozenset()):
        """Every accepted candidate in the view. With `prune`, the precise-tier rules run first and a generic
        candidate overlapping a precise finding that must survive overlap resolution (see _Shadow) is dropped
        before its post-validation: on dense traffic a third of the generic candidates sit on a provider key
        (`OPENAI_API_KEY=sk-proj-...` is also a generic secret), and post-validation is their main cost."""
        ends: dict[int, list[int]] = {}
        dense_ends: dict[int, list[int]] = {}  # the ends of the rules confirmed in windows (_confirm's retries)
        if isinstance(self._prefilter, prefilter.HyperscanPrefilter):
            ends, windows = self._prefilter.ends(view)
            for index, offsets in list(ends.items()):
                dense = self._dense_windows(index, offsets, len(view))
                if dense is not None:
                    windows[index] = prefilter._merge(dense + windows.get(index, []))
                    dense_ends[index] = ends.pop(index)
        else:
            windows = self._prefilter.windows(view)
        found: list[tuple[int, int, Rule]] = []
        shadow = None
        # The shadow costs a sort of every precise candidate: build it only when a generic rule fired (an
        # export with an address on every line has tens of thousands of precise candidates and no generic one).
        generic_fired = any(self.rules[index].tier != "precise" for index in itertools.chain(ends, windows))
        # Rules in overlap resolution's order (precise tier, LOSES_OVERLAPS last, then rule id). With `prune`, a
        # generic value whose exact span an earlier generic rule already accepted is skipped before its
        # post-validation: it sorts after that one in resolution and overlaps exactly what it overlaps, so it is
        # dropped whether that one is kept or not. "my password is ..." is found by generic-password and again by
        # the prose rule, whose context score is the dearest check there is. (A precise value under a generic one
        # is the shadow's case; the precise rules keep no such set: an export has one finding per 27 bytes.)
        fired = sorted(itertools.chain(ends, windows), key=lambda index: _resolution_rank(self.rules[index]))
        taken: set[tuple[int, int]] | None = None
        taken_by_yielding: set[tuple[int, int]] | None = None
        places: KeywordPlaces | None = None  # built for the first rule whose ends are gated
        judge: chance.ChanceJudge | None = None  # built for the first match that may be a chance one
        # Where a context score rejected a match, and the accepted matches: looked at again once the lines holding
        # a finding are known (_second_look).
        looks = _Looks()
        for precise in (True, False):
            if not precise and prune and generic_fired:
                # Only what wins every overlap may shadow or take a span: a yielding rule's value loses to any
                # other rule's (`_resolve_overlaps`), so it must not keep one out before post-validation.
                shadow = _Shadow([c for c in found if c[2].id not in yielding] if yielding else found)
                taken = set()
                taken_by_yielding = set()
            for index in fired:
                rule = self.rules[index]
                if (rule.tier == "precise") is not precise:
                    continue
                # hold61: the value before its word keeps the rest of a token a precise finding reads part of
                # (`_resolve_cluster`): no precise span keeps its candidates out. It fires only with its words.
                shadow_of_rule = None if rule.id in LOSES_OVERLAPS else shadow
                before = len(found)
                if index in ends and _takes_pii_path(rule):
                    found.extend(self._confirm_pii_ends(view, rule, ends[index], deadline, report))
                elif index in ends:
                    offsets = ends[index]
                    if rule.keywords and len(offsets) * KEYWORD_GATE_SPACING >= len(view) and not view.isascii():
                        places = places or KeywordPlaces(view)
                        reach = rule.max_length + MARGIN  # as in _confirm_ends
                        offsets = ends_to_confirm(offsets, rule.keywords, reach, KEYWORD_RADIUS, places)
                    found.extend(self._confirm_ends(view, rule, offsets, deadline, report, shadow_of_rule,
                                                    taken_by_yielding if rule.id in yielding else taken,
                                                    looks.of(index)))
                else:
                    found.extend(self._confirm(view, rule, windows[index], deadline, report, shadow_of_rule,
                                               taken_by_yielding if rule.id in yielding else taken,
                                               looks.of(index), dense_ends.get(index)))
                if len(found) > before and (chances := self._chances_of(index)) is not None:
                    # Before the shadow is built from them (the precise rules run first): a chance match in a
                    # blob is no finding and must keep out nothing.
                    judge = judge or chance.ChanceJudge(view)
                    found[before:] = judge.kept(found[before:], chances)
        if looks.any_rejected():
            found.extend(self._second_look(view, found, looks, ends, windows, deadline, report))
        return found

    def _second_look(self, view: str, found: list[tuple[int, int, Rule]], looks: _Looks,
                     ends: dict[int, list[int]], windows: dict, deadline: float, report: ScanReport):
        """Matches a context score rejected, judged again with every line that holds a finding (or a placeholder)
        blanked, from the first line of its match (a command, a table's header, a prompt) to its value's: a credential
        given, and what gives it, are no context for the next one. leak34: `$u->password =
        Hash::make('4821');` above a netrc entry made its `password X` line documentation (the lines above read
        `hash`), `<a href="mailto:...@example.co.jp">` above an IRC `/set ..._password "X"` likewise, and "I reset
        your pw to X" above a CSV export made the prose line its header (`reset`, `your`): the second value left.
        leak46: nor is the block a credential stands in: the lines above a found value (back to a rejected match's
        lines; an FTP dialogue's `331 Password required`, a wiki table's `||Field||Value||` header, a reset mail's
        first sentence, a `john --show` command) and the status lines right after it (john's `1 password hash
        cracked, 0 left`, a server's reply; password_carriers.BLOCK_TRAIL), which a CSV rule also read as a header.
        The masked text reads the same (its placeholder's block is blanked as the finding's was), so masking stays
        idempotent; a value this look adds is a credential too, so it looks again until a look adds nothing (probe47:
        a cap of three looks sent the fifth entry on of a chain whose status lines each read as the next one's
        context). Each look adds a value, so the rejected matches bound the looks; a chain long enough to outlast the
        scan's time budget leaves the scan incomplete (`_confirm` reports what it skipped), never a value unread.
        Only the rejected matches are tried again, and only what they add is kept."""
        # Only the lines a rejected match's verdict may read: its longest match and a line's reading before its end.
        reads = [(end - self.rules[index].max_length - MARGIN - AROUND_READS, end + AROUND_READS)
                 for index, positions in looks.rejected.items() for end in positions]
        if not reads:
            return []
        merged: list[list[int]] = []
        for low, high in sorted(reads):
            if merged and low <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], high)
            else:
                merged.append([low, high])
        lows = [low for low, _high in merged]

        def near(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
            # A span overlaps a merged reading only if the last one starting before its end reaches past its start.
            return [(start, end) for start, end in spans
                    if (i := bisect.bisect_left(lows, end) - 1) >= 0 and merged[i][1] > start]

        keeps = sorted(looks.kept)
        values = near([(start, end) for start, end, _rule in found])
        matched = near(looks.matched)
        added: list[tuple[int, int, Rule]] = []
        seen: set[tuple[int, int, str]] = set()
        while True:
            quiet = _quiet_lines(view, matched, values, keeps)
            if quiet is view:
                break
            again: list[tuple[int, int, Rule]] = []
            for index, positions in looks.rejected.items():
                if not positions:
                    continue
                rule = self.rules[index]
                if index in ends:
                    again.extend(self._confirm_ends(quiet, rule, positions, deadline, report))
                else:  # only the windows a rejected match ended in (a dense rule's windows cover most of the text)
                    spans = [span for span in windows[index] if any(span[0] < end <= span[1] for end in positions)]
                    again.extend(self._confirm(quiet, rule, spans, deadline, report))
            new = [(start, end, rule) for start, end, rule in again if (start, end, rule.id) not in seen]
            if not new:
                break
            seen.update((start, end, rule.id) for start, end, rule in new)
            added += new
            values = values + near([(start, end) for start, end, _rule in new])
        return added

    def _dense_windows(self, index: int, ends: list[int], size: int) -> list[tuple[int, int]] | None:
        """The merged windows around a rule's ends when they are dense enough to confirm in batches (see
        DENSE_ENDS_SPACING), else None. Both ways find every match: each real match ends at a reported
        end, and a window holds the rule's longest match ending there."""
        if len(ends) < 8:
            return None
        # Runs of consecutive ends (a long token reports one per char) are what a forward pass saves;
        # scattered ends (an address per line) are cheaper matched one by one from each end.
        consecutive = list(map(operator.sub, itertools.islice(ends, 1, None), ends)).count(1)  # in C: an end per ~27 B
        if consecutive * 2 < len(ends):
            return None
        spans = self._prefilter.windows_around(index, ends, size)
        covered = sum(end - start for start, end in spans)
        return spans if covered <= DENSE_ENDS_SPACING * len(ends) else None

    def _confirm_ends(self, view: str, rule: Rule, ends: list[int], deadline: float, report: ScanReport,
                      shadow: _Shadow | None = None, taken: set[tuple[int, int]] | None = None,
                      looks: _RuleLooks | None = None):
        """Find the rule's match ending at each first-stage end offset by matching right to left from it.

        Hyperscan checked everything but the lookarounds on the real text, so the regex only needs to
        see as far past the end as its lookaheads read (`rule.lookahead`): matching then starts at most
        that many chars to the right. Offsets inside the value of a match already found are skipped (they
        could only give a shorter value overlapping it); offsets before its value are not: a context rule's
        match ending there can hold another value ("contraseña es X, ...\nREDIS_PASSWORD=Y": a match
        from the first word to Y ends after one from it to X)."""
        found = []
        size, reach = len(view), rule.max_length + MARGIN
        covered_from = size + 1
        lookbehind = rule.keyword_lookbehind if len(ends) * LOOKBEHIND_GATE_SPACING >= size else None
        word_starts = lookbehind.word_starts(view) if lookbehind is not None else []
        # Hoisted out of the loop: a dense body reports an end every few dozen chars, and this loop runs once
        # per end (attribute lookups and calls were a third of its cost).
        clock = time.perf_counter
        always_timeout = rule.backtracking_risk or reach > SAFE_WINDOW
        ordered = sorted(set(ends), reverse=True)
        # _match_ending_at's usual case without the call (one per end): one anchored attempt of the rule's
        # reverse pattern from `end + room`. The lean lookbehind variant and ends near the text's end take
        # the general path.
        room = rule.lookahead
        search = (rule.reverse_pattern_reaching if room else rule.reverse_pattern).search
        # Ends whose match must overlap a precise finding that survives (see _shadowed_end), left unconfirmed:
        # on dense traffic a generic rule's end sits after every provider key (`OPENAI_API_KEY=sk-proj-...` is also
        # generic-secret's and generic-sk-key's), and a match found there only moves `covered_from`. Confirmed
        # after all (_settle_pending) when an end follows that the match's value might cover.
        bounds = rule.value_bounds if shadow is not None and shadow.starts else None
        pending: list[int] = []
        for position, end in enumerate(ordered):
            if end > covered_from:
                continue
            if bounds is not None and shadow is not None and _shadowed_end(view, rule, shadow, bounds, end):
                pending.append(end)
                continue
            if pending:
                # A pending end's value starts after its own end - reach: it covers this end only if that is
                # further left (the smallest pending end reaches furthest).
                if end > pending[-1] - reach:
                    covered_from = self._settle_pending(view, rule, pending, covered_from, deadline, report)
                pending.clear()
                if end > covered_from:
                    continue
            remaining = deadline - clock()
            if remaining <= 0:  # one reason for all that is left, not one per end (a dense text has 100k)
                report.skipped.append(f"{rule.id}: time budget exhausted, {len(ordered) - position} candidate(s) "
                                      f"up to char {end} not confirmed")
                break
            low = end - reach if end > reach else 0
            timeout = None
            if always_timeout or remaining < REGEX_CALL_TIMEOUT_SECONDS:
                timeout = min(remaining, REGEX_CALL_TIMEOUT_SECONDS)
            matcher = rule
            if lookbehind is not None and lookbehind.vacuous(word_starts, low, end):
                matcher = lookbehind.lean
            try:
                if matcher is rule and end + room <= size:
                    # Without a timeout (a rule that cannot backtrack badly, a short window): `concurrent` False,
                    # positionally, as in _confirm_pii_ends (`regex` otherwise releases and retakes the GIL around
                    # every call). A call that may run long keeps releasing it.
                    match = search(view, low, end + room, False) if timeout is None else \
                        search(view, low, end + room, timeout=timeout)
                else:
                    match = _match_ending_at(matcher, view, low, end, timeout)
            except TimeoutError:
                report.skipped.append(f"{rule.id}: regex timed out before char {end}")
                continue
            if match is not None and (low == 0 or match.start() > low):
                value_start, value_end = _value_span(view, rule, match)
                if value_start < value_end and not (shadow and shadow.covers(value_start, value_end)) \
                        and not (taken and (value_start, value_end) in taken) \
                        and _judged(view, rule, (match.start(), end), value_start, value_end, looks, end):
                    found.append((value_start, value_end, rule))
                    if taken is not None:
                        taken.add((value_start, value_end))
                elif rule.validator in validators.CONTEXT_VALIDATORS and " " in view[value_start:value_end]:
                    # "as ops-7 with quillmarten until Friday.": words one blank apart that the scorer rejected (a
                    # sentence, not a passphrase) may start with the password, which a shorter match ending
                    # inside them gives: leave those ends to be confirmed.
                    continue
                covered_from = value_start
        return found

    def _settle_pending(self, view: str, rule: Rule, pending: list[int], covered_from: int, deadline: float,
                        report: ScanReport) -> int:
        """`covered_from` after confirming the ends _confirm_ends left pending, in its order and as it would have
        (their values overlap a precise finding, so none is reported: only where their values start counts)."""
        size, reach = len(view), rule.max_length + MARGIN
        lookbehind = rule.keyword_lookbehind if len(pending) * LOOKBEHIND_GATE_SPACING >= size else None
        word_starts = lookbehind.word_starts(view) if lookbehind is not None else []
        always_timeout = rule.backtracking_risk or reach > SAFE_WINDOW
        for end in pending:
            if end > covered_from:
                continue
            remaining = deadline - time.perf_counter()
            if remaining <= 0:  # _confirm_ends reports the budget at its next end
                break
            low = end - reach if end > reach else 0
            timeout = min(remaining, REGEX_CALL_TIMEOUT_SECONDS) \
                if always_timeout or remaining < REGEX_CALL_TIMEOUT_SECONDS else None
            matcher = lookbehind.lean if lookbehind is not None and lookbehind.vacuous(word_starts, low, end) else rule
            try:
                match = _match_ending_at(matcher, view, low, end, timeout)
            except TimeoutError:
                report.skipped.append(f"{rule.id}: regex timed out before char {end}")
                continue
            if match is not None and (low == 0 or match.start() > low):
                covered_from = match.start(rule.value_group)
        return covered_from

    def _confirm_pii_ends(self, view: str, rule: Rule, ends: list[int], deadline: float, report: ScanReport):
        """_confirm_ends for a precise personal-data rule: a customer export reports an end every ~27 chars, and
        the per-end work around the regex call (generic-rule gates, lookups, calls) cost as much as the call
        itself. The loop only finds each end's match; its post-validation runs once over all of them
        (_pii_check). Same steps, same order, same findings and skipped reasons (tests/detect/test_pii_path.py
        compares the two)."""
        size, reach = len(view), rule.max_length + MARGIN
        covered_from = size + 1
        lookbehind = rule.keyword_lookbehind if len(ends) * LOOKBEHIND_GATE_SPACING >= size else None
        word_starts = lookbehind.word_starts(view) if lookbehind is not None else []
        lean = lookbehind.lean if lookbehind is not None else rule
        # No lookbehind word anywhere (an export): every end takes the lean pattern, no per-end gate.
        always_lean = lookbehind is not None and not word_starts
        clock = time.perf_counter
        # Until this moment a regex call gets no timeout (unless the rule always needs one): the time left is
        # above REGEX_CALL_TIMEOUT_SECONDS. One comparison per end instead of the subtraction and two tests.
        untimed_until = -1.0 if rule.backtracking_risk or reach > SAFE_WINDOW else deadline - REGEX_CALL_TIMEOUT_SECONDS
        group = rule.value_group
        room = rule.lookahead
        # The anchored attempt of _match_ending_at, hoisted (the near-end case still goes through it).
        full_search = (rule.reverse_pattern_reaching if room else rule.reverse_pattern).search
        lean_search = (lean.reverse_pattern_reaching if room else lean.reverse_pattern).search
        # The one search every end takes when no per-end lookbehind gate can change it.
        fixed_search = lean_search if always_lean else full_search
        # Never, when a lookbehind gate decides per end (one comparison per end either way).
        fixed_until = untimed_until if always_lean or lookbehind is None else -1.0
        # The value is the whole match (an e-mail or IPv4 address): its span is (match start, end), one call.
        whole = rule.value_is_match
        last_anchored = size - room
        ordered = _descending(ends)
        # (match start, match end, value start, value end) per end whose match was found, before its checks
        matched: list[tuple[int, int, int, int]] = []
        append = matched.append
        for end in ordered:
            if end > covered_from:
                continue
            now = clock()
            low = end - reach if end > reach else 0
            if now < fixed_until and end <= last_anchored:
                # The usual case: `concurrent` False, positionally (`regex` otherwise releases and retakes the GIL
                # around every call, ~13% of a short anchored match; a keyword costs as much to parse).
                match = fixed_search(view, low, end + room, False)
            else:
                vacuous = always_lean or (lookbehind is not None and lookbehind.vacuous(word_starts, low, end))
                try:
                    if now < untimed_until and end <= last_anchored:
                        match = (lean_search if vacuous else full_search)(view, low, end + room, False)
                    else:
                        remaining = deadline - now
                        if remaining <= 0:  # one reason for all that is left, not one per end
                            report.skipped.append(f"{rule.id}: time budget exhausted, "
                                                  f"{len(ordered) - ordered.index(end)} candidate(s) up to char "
                                                  f"{end} not confirmed")
                            break
                        timeout = min(remaining, REGEX_CALL_TIMEOUT_SECONDS)
                        if end <= last_anchored:
                            match = (lean_search if vacuous else full_search)(view, low, end + room,
                                                                               timeout=timeout)
                        else:
                            match = _match_ending_at(lean if vacuous else rule, view, low, end,
                                                     None if now < untimed_until else timeout)
                except TimeoutError:
                    report.skipped.append(f"{rule.id}: regex timed out before char {end}")
                    continue
            if match is None:
                continue
            match_start = match.start()
            if low == 0 or match_start > low:
                if whole:
                    covered_from = match_start
                    if match_start < end:
                        append((match_start, end, match_start, end))
                else:
                    value_start, value_end = match.span(group)
                    covered_from = value_start
                    if value_start < value_end:
                        append((match_start, end, value_start, value_end))
        return _pii_check(rule)(view, matched) if matched else []

    def _confirm(self, view: str, rule: Rule, spans, deadline: float, report: ScanReport,
                 shadow: _Shadow | None = None, taken: set[tuple[int, int]] | None = None,
                 looks: _RuleLooks | None = None, ends: list[int] | None = None):
        """Run one rule's regex in its windows and keep the values that pass post-validation.

        prose53: finditer's matches do not overlap, so when a context score rejects one, a match from the same
        credential word to a later token is never tried ("лозинка за канцелариската е-пошта е X": `е-пошта` is
        read first, and X after it lay inside the rejected match's reach). With the rule's first-stage `ends`
        (windows chosen for dense ends), the ends after a rejected match, within the rule's reach of its start,
        are confirmed one by one as _confirm_ends does, which tries every end."""
        found = []
        size = len(view)
        pattern = rule.pattern
        spans = list(spans)
        retry = ends is not None and rule.validator in validators.CONTEXT_VALIDATORS
        rejected: list[tuple[int, int]] = []  # (rejected match's end, the furthest end a match from its start has)
        for position, (start, end) in enumerate(spans):
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                report.skipped.append(f"{rule.id}: time budget exhausted, {len(spans) - position} window(s) from "
                                      f"char {start} not scanned")
                break
            timeout = None
            if rule.backtracking_risk or end - start > SAFE_WINDOW or remaining < REGEX_CALL_TIMEOUT_SECONDS:
                timeout = min(remaining, REGEX_CALL_TIMEOUT_SECONDS)
            try:
                for match in pattern.finditer(view, start, end, timeout=timeout):
                    # A match touching an inner window edge may be cut short by it; real ones lie inside.
                    if (match.end() == end and end < size) or (match.start() == start and start > 0):
                        continue
                    value_start, value_end = _value_span(view, rule, match)
                    if value_start < value_end and not (shadow and shadow.covers(value_start, value_end)) \
                            and not (taken and (value_start, value_end) in taken) \
                            and _judged(view, rule, match.span(), value_start, value_end, looks, match.end()):
                        found.append((value_start, value_end, rule))
                        if taken is not None:
                            taken.add((value_start, value_end))
                    elif retry and value_start < value_end:
                        rejected.append((match.end(), min(end, match.start() + rule.max_length)))
            except TimeoutError:
                report.skipped.append(f"{rule.id}: regex timed out in chars {start}-{end}")
        if rejected and ends is not None:
            later = _ends_within(ends, rejected)
            have = {(value_start, value_end) for value_start, value_end, _rule in found}
            found += [hit for hit in self._confirm_ends(view, rule, later, deadline, report, shadow, taken, looks)
                      if (hit[0], hit[1]) not in have]
        return found

    def explain(self, text: str, rule_id: str | None = None) -> list[str]:
        """Why each regex match of one rule in `text` is or is not reported (for `exitguard rules test`).
        Runs the rule's regex over the whole text, without the first stage; never shows the value.
        Without a rule id: the context-scored rules' candidates with every signal that fired."""
        if rule_id is None:
            return self._explain_context(text)
        rule = self.rule(rule_id)
        view = same_length_unescape(_neutral_placeholders(text, self.placeholder_rules))
        judge = chance.ChanceJudge(view)
        second = self._second_looked(text)
        lines = []
        for match in rule.pattern.finditer(view, timeout=REGEX_CALL_TIMEOUT_SECONDS):
            start, end = _value_span(view, rule, match)
            verdict = _rejection(view, rule, match.span(), start, end) if start < end else "empty value"
            if verdict is None and (chances := self._chances_of(self.rules.index(rule))) is not None:
                verdict = judge.reason(start, end, chances)
            if verdict and verdict.startswith(CONTEXT_REJECTION) and (start, end, rule.id) in second:
                verdict = f"{verdict} with the lines around it, {SECOND_LOOK_REPORTED}"
            lines.append(f"value at {start}-{end}: {verdict or 'reported'}")
        windows = self._prefilter.windows(view).get(self.rules.index(rule), [])
        lines.append(f"first stage ({self.engine}) windows: {windows[:5]}")
        return lines or ["the regex does not match"]


    def _second_looked(self, text: str) -> set[tuple[int, int, str]]:
        """What scan() reports in `text`, for explain: a candidate rejected with the lines around it may be reported
        by the second look (_second_look), and explain says so rather than "not reported"."""
        return {(f.start, f.end, f.rule_id) for f in self.scan(text)}

    def _explain_context(self, text: str) -> list[str]:
        view = same_length_unescape(_neutral_placeholders(text, self.placeholder_rules))
        second = self._second_looked(text)
        lines = []
        for rule in self.rules:
            if rule.validator not in validators.CONTEXT_VALIDATORS:
                continue
            for match in rule.pattern.finditer(view, overlapped=True, timeout=REGEX_CALL_TIMEOUT_SECONDS):
                start, end = _value_span(view, rule, match)
                verdict = _context_verdict(rule, view, match.start(), start, end)
                # The score is one step of post-validation; the allowlist, allow patterns and entropy come after it
                # (`_rejection`): a candidate that scores enough can still be dropped there, and explain says so.
                later = _rejection(view, rule, match.span(), start, end) if verdict.reported else None
                outcome = "not reported" if not verdict.reported else f"not reported ({later})" if later else "reported"
                if not verdict.reported and (start, end, rule.id) in second:
                    outcome = SECOND_LOOK_REPORTED
                lines.append(f"{rule.id} value at {start}-{end} ({end - start} chars): score {verdict.total}, "
                             f"{outcome}: " + "; ".join(verdict.signals))
        return lines or ["no context-scored candidate"]


def _ends_within(ends: list[int], spans: list[tuple[int, int]]) -> list[int]:
    """The ends (in their order) inside any (low, high] of `spans`. lang63: a sweep over the spans merged; every end
    against every span was quadratic where a line's words are rejected often (a glued token in each line of 0.4 MB of
    Chinese chat: 12 s, 7 million comparisons)."""
    merged: list[list[int]] = []
    for low, high in sorted(spans):
        if merged and low <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], high)
        else:
            merged.append([low, high])
    lows = [low for low, _ in merged]
    out = []
    for end in ends:
        at = bisect.bisect_left(lows, end) - 1  # the last span whose low is below the end
        if at >= 0 and end <= merged[at][1]:
            out.append(end)
    return out


class _Shadow:
    """The precise findings that overlap resolution keeps whatever else is found: those overlapping no other
    precise candidate (precise candidates are only ever dropped for another precise one). A generic
    candidate overlapping one of them can never be reported, so it need not be post-validated."""

    def __init__(self, precise: list[tuple[int, int, Rule]]):
        spans = sorted({(start, end) for start, end, _rule in precise})
        kept = []
        reach = -1  # the furthest end of the spans before this one
        for i, (start, end) in enumerate(spans):
            if reach <= start and (i + 1 == len(spans) or spans[i + 1][0] >= end):
                kept.append((start, end))
            reach = max(reach, end)
        self.starts = [start for start, _end in kept]
        self.ends = [end for _start, end in kept]

    def covers(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self.starts, end)
        # Kept spans do not overlap each other: only the last one starting before `end` can overlap.
        return i > 0 and self.ends[i - 1] > start

    def swallows(self, first: int, after: int) -> bool:
        """One kept span holds the char at `first` and ends after `after`."""
        i = bisect.bisect_right(self.starts, first) - 1
        return i >= 0 and self.ends[i] > max(first, after)


def _shadowed_end(view: str, rule: Rule, shadow: _Shadow, bounds: tuple[int, int], end: int) -> bool:
    """True when every value of the rule's match ending at `end` overlaps a span of the shadow, so none can be
    reported. With `bounds` (Rule.value_bounds) the value ends at `end - tail` or later and starts at `end - shortest`
    or earlier, so a span holding the char before `end - tail` and ending after `end - shortest` overlaps it, unless
    _value_span cuts the value's trailing punctuation back past that char: a generic value keeps it when it is not
    such punctuation."""
    shortest, tail = bounds
    first = end - tail - 1
    return first >= 0 and shadow.swallows(first, end - shortest) and \
        (rule.tier != "generic" or view[first] not in ".,;:)]}")


def _value_span(view: str, rule: Rule, match) -> tuple[int, int]:
    """The value group's span; for generic (context) rules without a trailing sentence period or comma,
    which prose puts after a value ("the token is abc123.") and no rule means to capture."""
    start, end = match.span(rule.value_group)
    if rule.tier == "generic" and not _quoted(view, start, end):
        whole = end
        while end - start > 1 and (view[end - 1] in ".,;:" or (rule.validator in PROSE_VALIDATORS
                                                               and _stray_closer(view, start, end))):
            end -= 1
        if end < whole and _own_period(view, end, whole):
            end += 1
    return start, end


def _own_period(view: str, end: int, whole: int) -> bool:
    """prose35: the period cut at `end` is the value's own last char, not the sentence's: another mark of
    punctuation follows it (`X.,` `X.;` `X..`: a sentence's period takes none), or the token ends there and a
    lower-case word follows (`X. for the weekend`: no new sentence), or an XML closing tag (`<pass>X.</pass>`). A
    period at the end of a line or of the text stays the sentence's (`the pw is X.`): read so, a password's own last
    period is left open (EVASION.md)."""
    if view[end] != ".":
        return False
    if whole - end > 1:
        return view[end + 1] in ".,;:" and not (whole - end > 2 and view[end + 2] == ".")
    # prose36: or an aside in brackets opening on a lower-case word (`X. (read-only role)`), or a URL's `@` (the
    # user-info ends there: `http://u:X.@host`); a capitalised aside `X. (See below)` may open a new sentence.
    following = view[whole + 1:whole + 3]
    return (view.startswith(" ", whole) and bool(following) and ("a" <= following[0] <= "z" or (
        following[0] == "(" and len(following) > 1 and following[1].islower()))) \
        or view.startswith("</", whole) or view.startswith("@", whole) \
        or _period_not_a_sentence_end(view, end, whole)  # a closing tag ends an element's text


# prose50: after the period, a dash opening a lower-case remark (`X. - only for the tickets`) or a table cell's
# closing bar (`| X. |`): neither follows a sentence's period; or the period ends a `key=X.` line with no blank
# before the value (a properties file's line, which no sentence is). prose57: or the next option of a command line
# (`-w X. -b dc=corp`, `-P X. -D db`, `--pass X. --verbose`): a sentence goes on with no option after its period.
_REMARK_OR_CELL = re.compile(r"[ \t]+(?:[-–—][ \t]+[a-z]|\||--?[A-Za-z][\w-]{0,30}(?=[ \t=]|$))")
_KEY_LINE = re.compile(r"[^\s=]+=[^\s]*")


def _period_not_a_sentence_end(view: str, end: int, whole: int) -> bool:
    if _REMARK_OR_CELL.match(view, whole):
        return True
    if whole < len(view) and view[whole] not in "\r\n":
        return False
    line_start = view.rfind("\n", max(0, end - 512), end) + 1
    return _KEY_LINE.fullmatch(view, line_start, end) is not None or _yaml_block_line(view, line_start, end, whole)


# prose52: a `key: X.` line of a YAML block, beside a sibling `key:` line of the same indent (above or below): a
# scalar's own period, which no sentence ends a mapping's line with; a lone `Password: X.` line may end a sentence.
_YAML_LINE = re.compile(r"(?P<indent>[ \t]*)[\w.-]+:[ \t]+[^\s]*")
_YAML_KEY = re.compile(r"[ \t]*[\w.-]+:(?:[ \t]|$)", re.M)


def _yaml_block_line(view: str, line_start: int, end: int, whole: int) -> bool:
    line = _YAML_LINE.fullmatch(view, line_start, end)
    if line is None:
        return False
    indent = line.group("indent")
    above_start = view.rfind("\n", max(0, line_start - 513), max(0, line_start - 1)) + 1
    next_start = whole + (2 if view.startswith("\r\n", whole) else 1)
    neighbours = ((above_start, line_start - 1) if line_start else None, (next_start, view.find("\n", next_start)))
    for start, stop in (n for n in neighbours if n is not None):
        stop = len(view) if stop < 0 else stop
        sibling = _YAML_KEY.match(view, start, stop)
        if sibling is not None and view[start:start + len(indent)] == indent \
                and not view[start + len(indent):start + len(indent) + 1].isspace():
            return True
    return False


def _stray_closer(view: str, start: int, end: int) -> bool:
    """The value's last char closes a bracket that did not open inside the value: it belongs to the text around
    it (`(password: X)`, `{pw: X}`), as a sentence's period does. A generator's bracket as a password's last char
    is lost with it (the rule reads the common case). Only the prose rules' values are cut so: a key's value
    (generic-password) keeps its closer and is judged with it (`f(password=x1)` is code, as before)."""
    closer = view[end - 1]
    if closer not in allowlist.CLOSER:
        return False
    value = view[start:end - 1]
    return value.count(allowlist.CLOSER[closer]) <= value.count(closer)


def _quoted(view: str, start: int, end: int) -> bool:
    """The value stands between a pair of like quotes (`"pass": "Tz!_^2haf6Q."`): its last char is its own."""
    return start > 0 and end < len(view) and view[start - 1] == view[end] and view[end] in "\"'`"


def _match_ending_at(rule: Rule, view: str, low: int, end: int, timeout):
    """The rule's match ending exactly at `end` (its regex part, when the match object spans further), or
    None. With lookaheads (`room` > 0) the search starts `room` chars further right so they read real text:
    one anchored attempt of `reverse_pattern_reaching` where that many chars follow; near the end of the
    text, every position from there leftwards (matches ending after `end` have their own end offsets and
    are skipped; overlapped: a longer match ending further right cannot hide the one ending at `end`)."""
    room = rule.lookahead
    if not room:  # anchored with \G: one attempt
        return rule.reverse_pattern.search(view, low, end, timeout=timeout)
    if end + room <= len(view):
        return rule.reverse_pattern_reaching.search(view, low, end + room, timeout=timeout)
    for match in rule.reverse_pattern.finditer(view, low, len(view), overlapped=True, timeout=timeout):
        if match.end() <= end:
            return match if match.end() == end else None
    return None


@dataclass(slots=True)
class _Looks:
    """What Scanner._second_look needs from the first: per rule, the ends (or windows' match ends) where a context
    score rejected its match; every accepted match's span, from its start to its value's end."""

    rejected: dict[int, list[int]] = field(default_factory=dict)
    matched: list[tuple[int, int]] = field(default_factory=list)
    kept: list[tuple[int, int]] = field(default_factory=list)  # the rejected matches' spans (never blanked above)

    def of(self, index: int) -> _RuleLooks:
        return _RuleLooks(self.rejected.setdefault(index, []), self.matched, self.kept)

    def any_rejected(self) -> bool:
        return any(self.rejected.values())


@dataclass(slots=True)
class _RuleLooks:
    rejected: list[int]
    matched: list[tuple[int, int]]
    kept: list[tuple[int, int]]


def _judged(view: str, rule: Rule, match_span: tuple[int, int], value_start: int, value_end: int,
            looks: _RuleLooks | None, end: int) -> bool:
    """_rejection(...) is None, noted in `looks` (see Scanner._second_look)."""
    reason = _rejection(view, rule, match_span, value_start, value_end)
    if looks is not None:
        if reason is None:
            looks.matched.append((match_span[0], value_end))
        elif rule.validator not in PROSE_VALIDATORS and reason.startswith(CONTEXT_REJECTION):
            # (The prose rules' verdict reads the value's own line: blanking others changes nothing there.)
            looks.rejected.append(end)
            looks.kept.append(match_span)
    return reason is None


CONTEXT_REJECTION = "context score"
# What a verdict reads around its match: a line's reading (context_score.LINE_READS) and the lines above a directive.
AROUND_READS = context_score.LINE_READS + password_carriers.DIRECTIVE_READS
SECOND_LOOK_REPORTED = ("reported by the second look (the lines and the block of a credential before it blanked: "
                        "Scanner._second_look)")


def _quiet_lines(view: str, spans: list[tuple[int, int]], values: list[tuple[int, int]] | None = None,
                 keeps: list[tuple[int, int]] | None = None) -> str:
    """`view` with each line that holds part of one of `spans` or an exitguard placeholder blanked (same length,
    newlines kept), or `view` itself when there is none. For each of `values` (found values) and each placeholder,
    its block too (leak46): the lines above it, up to AROUND_READS back but none of `keeps` (the rejected matches:
    their own lines), and the status lines right after it (BLOCK_TRAIL)."""
    values = list(values or [])
    if MASKED_PREFIX in view:
        values += [(m.start(), m.end()) for m in re.finditer(re.escape(MASKED_PREFIX), view)]
    spans = spans + values
    if not spans:
        return view
    lines: list[tuple[int, int]] = []
    for start, end in spans:
        line_start = view.rfind("\n", 0, start) + 1
        line_end = view.find("\n", max(start, end - 1))
        line_end = len(view) if line_end < 0 else line_end
        lines.append((line_start, line_end))
    kept = sorted(keeps or [])
    kept_starts = [start for start, _end in kept]
    reach = list(itertools.accumulate((end for _start, end in kept), max))  # the furthest end up to each span
    for start, end in values:
        line_start = view.rfind("\n", 0, start) + 1
        # Above: whole lines back to AROUND_READS, after the last line of any rejected match before this line; none
        # when this line is inside one (a CSV's or a wiki table's row between its header and its value: its rows).
        i = bisect.bisect_left(kept_starts, line_start) - 1
        low = max(0, line_start - AROUND_READS)
        if i >= 0 and reach[i] > line_start:
            low = line_start
        elif i >= 0 and reach[i] > low:
            low = reach[i] - 1  # the match's last character (a directive's match ends after its newline)
        if low > 0 and view[low - 1] != "\n":
            low = view.find("\n", low, line_start) + 1 or line_start
        if low < line_start:
            lines.append((low, line_start))
        line_end = view.find("\n", max(start, end - 1))
        if line_end >= 0 and (trail := password_carriers.BLOCK_TRAIL.match(view, line_end)) is not None:
            lines.append((line_end, trail.end()))
    lines.sort()
    joined: list[tuple[int, int]] = []
    for line_start, line_end in lines:
        if joined and line_start <= joined[-1][1]:
            joined[-1] = (joined[-1][0], max(joined[-1][1], line_end))
        else:
            joined.append((line_start, line_end))
    pieces, at = [], 0
    for line_start, line_end in joined:
        pieces += [view[at:line_start], _blanked(view[line_start:line_end])]
        at = line_end
    pieces.append(view[at:])
    return "".join(pieces)


# What a quiet line keeps: its line breaks and the delimiters of a table's or an export's cells (leak46: a row
# blanked whole was no row, so the cells of a rejected table match were counted into another column: a masked
# AsciiDoc table's placeholder row moved the next table's `Service` header cell under `Password`).
_KEPT_IN_QUIET_LINES = "\n|^!,;\t\""
_BLANK_RUN = re.compile(r"[^\n|^!,;\t\"]+")
_BLANK_ASCII = str.maketrans({chr(i): chr(i) if chr(i) in _KEPT_IN_QUIET_LINES else " " for i in range(128)})


def _blanked(lines: str) -> str:
    """Every char of `lines` but those _KEPT_IN_QUIET_LINES made a blank. speed55: one `re.sub` replacement per char
    cost ~150 us per blanked block (~10 ms per MB of dense credentials); `str.translate` of ASCII text is in C and
    a run's blanks are made at once elsewhere."""
    if lines.isascii():
        return lines.translate(_BLANK_ASCII)
    return _BLANK_RUN.sub(lambda run: " " * (run.end() - run.start()), lines)


def _rejection(view: str, rule: Rule, match_span: tuple[int, int], value_start: int, value_end: int) -> str | None:
    """The post-validation step that rejects this match, or None when it is reported."""
    value = view[value_start:value_end]
    if rule.keywords and not _keyword_near(view, rule.keywords, match_span):
        return "no keyword near the match"
    contextual = rule.validator in validators.CONTEXT_VALIDATORS
    if contextual:
        verdict = _context_verdict(rule, view, match_span[0], value_start, value_end)
        if not verdict.reported:
            return f"context score {verdict.total} < {context_score.SCORE_THRESHOLD}"
    elif rule.validator and not validators.VALIDATORS[rule.validator](value):
        return f"validator {rule.validator} failed"
    if rule.allow_patterns and _allowed(rule, value):
        return "rule allow pattern"
    secret_rule = rule.id == SECRET_RULE
    if rule.category != "pii":  # personal data is judged by validators and allow patterns only
        # A value that passed a structural validator (JWT, checksum) is judged like a provider-format one.
        reason = allowlist.reason(value, "precise" if rule.validator and not contextual else rule.tier, rule.category,
                                  password=contextual or rule.id in PASSPHRASE_AFTER_KEY,
                                  checksummed=rule.validator in validators.CHECKSUM_VALIDATORS)
        # A passphrase (maple-quartz-ember-raven) is plain words by shape; given as a password, it is one. So is a
        # letters-only word the letters scorer accepted after a strong construction (it judged the word itself).
        # A dotted passphrase (maple.quartz.ember) reads as an attribute path: is_passphrase tells them apart.
        # So is a letters-only value after a login pair (creds ops / dunlinGodwit) the context scorer reported: it
        # judged the word by context_score.pair_letters_signals.
        plain_word = reason == allowlist.PLAIN_WORD and \
            (rule.validator in OWN_WORD_JUDGES or context_score.is_passphrase(value)
             or (contextual and context_score.PAIR_LETTERS.fullmatch(value) is not None))
        dotted = reason == allowlist.CODE_REFERENCE_REASON and context_score.DOTTED.fullmatch(value) is not None \
            and context_score.is_passphrase(value)
        # A key naming a password (generic-password: `SMTP_PASSWORD=maple.quartz.ember`, `DB_PASSWORD=otter-fjord-
        # heron`) is context enough for a passphrase too; is_passphrase keeps attribute paths (settings.db.password,
        # self.cfg.secret) and names (default-user-name) code.
        passphrase_after_key = rule.id in PASSPHRASE_AFTER_KEY and (
            dotted or (reason == allowlist.PLAIN_WORD and context_score.is_key_passphrase(value)))
        # A passphrase given to a key named secret: read only where it changes the verdict (its search of the line
        # before the value was ~7 us per generic-secret candidate, nearly all of them random tokens that pass).
        plain_password = (contextual and (plain_word or dotted)) or passphrase_after_key
        if reason and not plain_password and not (secret_rule and _secret_key_passphrase(view, value_start, value)):
            return f"allowlist: {reason}"
    if rule.entropy is not None and not entropy.passes(value, rule.entropy) \
            and not (secret_rule and _secret_key_passphrase(view, value_start, value)):
        return "entropy too low"
    return None


def _secret_key_passphrase(view: str, value_start: int, value: str) -> bool:
    """A passphrase given to a key named secret (`secret: Maple.Quartz.Ember`, `client_secret = "Otter-Fjord-Heron"`):
    its words carry the entropy the random-looking test wants. Dotted, or hyphenated with a capital: a Kubernetes
    name (`existingSecret: grafana-admin-creds`, lower case by rule) is no password, nor is an attribute path."""
    line_start = max(view.rfind("\n", 0, value_start) + 1, value_start - 200)
    if SECRET_KEY.search(view[line_start:value_start]) is None:
        return False
    if context_score.DOTTED.fullmatch(value):
        return context_score.is_passphrase(value)
    return value != value.lower() and context_score.is_key_passphrase(value)


def _descending(ends: list[int]) -> list[int]:
    """sorted(set(ends), reverse=True): Hyperscan reports a rule's ends in ascending order, one each, so checking
    that (in C) and reversing skips the set and the sort."""
    if all(map(operator.lt, ends, itertools.islice(ends, 1, None))):
        return ends[::-1]
    return sorted(set(ends), reverse=True)


def _takes_pii_path(rule: Rule) -> bool:
    """Precise personal data with a plain (or no) validator: confirmed by Scanner._confirm_pii_ends."""
    return rule.category == "pii" and rule.tier == "precise" and rule.validator not in validators.CONTEXT_VALIDATORS


def _pii_check(rule: Rule):
    """_rejection(...) is None for a precise personal-data rule with a plain validator, for a batch of matches:
    accepted(view, matched) -> [(value_start, value_end, rule)] of those `matched` (match start, match end, value
    start, value end) that pass, in their order. Same checks in the same order (personal data skips the global
    allowlist), each one pass over the values still in (map and compress: no Python loop per value where the check
    is a C call); keywords made of ASCII non-letters (`@`, `.`) are searched without lower-casing, which cannot
    create or remove them."""
    keywords = rule.keywords
    uncased = all(keyword.isascii() and not any(c.isalpha() for c in keyword) for keyword in keywords)
    validator = validators.VALIDATORS[rule.validator] if rule.validator else None
    finders = allow_split.allow_finders(rule)  # anchored patterns tried at the value's start only
    threshold = rule.entropy
    if not _takes_pii_path(rule):
        raise ValueError(f"{rule.id}: not a precise personal-data rule")

    def accepted(view: str, matched: list[tuple[int, int, int, int]]) -> list[tuple[int, int, Rule]]:
        values = [view[value_start:value_end] for _start, _end, value_start, value_end in matched]
        if keywords:
            if uncased:
                # A keyword in the value is one in the match and near it; only values without one look further.
                flags = _holding_keyword(values, keywords)
                if not all(flags):
                    for i, flag in enumerate(flags):
                        if not flag:
                            near = view[max(0, matched[i][0] - KEYWORD_RADIUS): matched[i][1] + KEYWORD_RADIUS]
                            flags[i] = any(keyword in near for keyword in keywords)
            else:
                flags = [_keyword_near(view, keywords, (start, end)) for start, end, _vs, _ve in matched]
            matched, values = _kept(matched, values, flags)
        if validator is not None and values:
            matched, values = _kept(matched, values, list(map(validator, values)))
        for find in finders:  # `concurrent` False, positionally (see allow_split)
            if not values:
                break
            found = map(find, values, itertools.repeat(None), itertools.repeat(None), itertools.repeat(False))
            matched, values = _kept(matched, values, list(map(operator.is_, found, itertools.repeat(None))))
        if threshold is not None and values:
            matched, values = _kept(matched, values, [entropy.passes(value, threshold) for value in values])
        return [(value_start, value_end, rule) for _start, _end, value_start, value_end in matched]

    return accepted


def _holding_keyword(values: list[str], keywords: tuple[str, ...]) -> list[bool]:
    """Whether each value holds one of the keywords (one C pass per keyword, the later ones only if needed)."""
    flags = list(map(operator.contains, values, itertools.repeat(keywords[0])))
    for keyword in keywords[1:]:
        if all(flags):
            break
        flags = [flag or keyword in value for flag, value in zip(flags, values)]
    return flags


def _kept(matched: list, values: list[str], flags: list) -> tuple[list, list[str]]:
    """The matches and values whose flag is true (the same lists when all are)."""
    if all(flags):
        return matched, values
    return list(itertools.compress(matched, flags)), list(itertools.compress(values, flags))


LETTERS_VALIDATOR = "letters_password"
# The prose rules (context_password): their tokens take brackets, and a closer the token did not open is the text's.
CONTEXT_VALIDATOR = "context_password"
# ... and the same scorer behind the vocabulary table's gate (generic-password-vocabulary: _context_verdict).
PROSE_VALIDATORS = frozenset({CONTEXT_VALIDATOR, *validators.GATED_VALIDATORS})
KEY_VALIDATOR = "key_password"  # generic-password-key-name: it judges letters-only values and spaced passphrases itself
PAIRED_VALIDATOR = "paired_key_password"  # generic-password-paired-key: likewise
NAMED_VALIDATOR = "named_key_password"  # generic-password-json-named: likewise
AGENT_STEP_VALIDATOR = "agent_step_password"  # generic-password-agent-step (detect/agent_steps.py): likewise
OWN_WORD_JUDGES = (LETTERS_VALIDATOR, KEY_VALIDATOR, PAIRED_VALIDATOR, NAMED_VALIDATOR, AGENT_STEP_VALIDATOR)
PIN_VALIDATOR = "pin_code"  # generic-pin-code: a PIN or entry code in prose (detect/pin_codes.py)
# Rules whose key names a password, so a passphrase they capture is one (see _rejection).
PASSPHRASE_AFTER_KEY = frozenset({"generic-password"})
SECRET_RULE = "generic-secret"
# The key is `secret` itself or its last part (client_secret, jwt.secret, SECRET_KEY), not a longer word that
# ends in it (existingSecret names a Kubernetes Secret).
SECRET_KEY = re.compile(r"(?i)(?:^|[^A-Za-z0-9])(?:[A-Za-z0-9]+[_.-])*secret(?:[_.-]?key)?[\"'\\]{0,3}[ \t]{0,4}"
                        r"(?:=|:=|:|=>)[ \t]{0,4}[\"'`\\]{0,3}$")


def _context_verdict(rule: Rule, view: str, match_start: int, value_start: int, value_end: int) -> context_score.Score:
    """The context scorer's verdict for a context-scored rule's match: letters-only rules have their own."""
    if rule.validator == LETTERS_VALIDATOR:
        return letters_password.score_match(view, match_start, value_start, value_end)
    if rule.validator == KEY_VALIDATOR:
        return key_names.score_match(view, match_start, value_start, value_end)
    if rule.validator == NAMED_VALIDATOR:
        return key_names.score_named_match(view, match_start, value_start, value_end)
    if rule.validator == PAIRED_VALIDATOR:
        return paired_keys.score_match(view, match_start, value_start, value_end)
    if rule.validator == PIN_VALIDATOR:
        return pin_codes.score_match(view, match_start, value_start, value_end)
    if rule.validator == AGENT_STEP_VALIDATOR:
        return agent_steps.score_match(view, match_start, value_start, value_end)
    if rule.validator == "value_first_password":  # sov56: the value before its word, in any language of the table
        return value_before_word.score_match(view, match_start, value_start, value_end)
    gate = word_table.GATES.get(rule.validator or "")
    if gate is not None and not gate(view, value_start):
        # The gate the stream hold-backs read too: without it the rule (no keywords) runs on any prose where
        # Hyperscan is missing, and a finding there would be one the hold-back had let go.
        return TABLE_GATE_CLOSED
    return context_score.score_match(view, match_start, value_start, value_end)


TABLE_GATE_CLOSED = context_score.Score(-9, ("no password word of the vocabulary table before the token on its line "
                                             "(-9)",))


def _allowed(rule: Rule, value: str) -> bool:
    combined = rule.combined_allow
    if combined is not None:
        return combined.search(value) is not None
    return any(pattern.search(value) for pattern in rule.allow_patterns)


def _keyword_near(view: str, keywords: tuple[str, ...], match_span: tuple[int, int]) -> bool:
    start, end = match_span
    matched = view[start:end].lower()
    for keyword in keywords:  # the usual case, and cheap (a loop: `any` over a generator costs more here)
        if keyword in matched:
            return True
    near = view[max(0, start - KEYWORD_RADIUS): end + KEYWORD_RADIUS].lower()
    return any(keyword in near for keyword in keywords)


def default_rules_dir() -> Path:
    """The shipped rule packs: `addons/rules` in an installed wheel (package data), else `rules/` of the
    checkout this package runs from."""
    package = Path(__file__).resolve().parents[1]
    installed = package / "rules"
    return installed if installed.is_dir() else package.parent / "rules"


_SCANNERS: dict[tuple[str, str], Scanner] = {}


def _neutral_placeholders(text: str, rules: frozenset[str]) -> str:
    """`text` with the rule id and tag of every placeholder of one of ``rules`` blanked (same length): a
    placeholder is never a value (see _outside_placeholders) and never context either.
    `[MASKED:generic-db-uri-password:a266c5]` otherwise gives the prose rule a credential word, and masking the
    masked text changed it again. A placeholder shape naming no rule is text like any other."""
    if MASKED_PREFIX not in text:
        return text
    return MASKED.sub(lambda m: m.group() if m["rule"] not in rules else m.group()[:len(MASKED_PREFIX)]
                      + "_" * (len(m.group()) - len(MASKED_PREFIX) - 1) + "]", text)


def _outside_placeholders(text: str, candidates, rules: frozenset[str]):
    """Drop values that overlap an exitguard placeholder (of one of ``rules``): masking an already masked body
    changes nothing."""
    if MASKED_PREFIX not in text:
        return candidates
    spans = [m.span() for m in MASKED.finditer(text) if m["rule"] in rules]
    starts = [s for s, _ in spans]
    kept = []
    for start, end, rule in candidates:
        # The last placeholder starting before `end` (a value's end is exclusive: one starting at `end` only
        # touches it, as `<key>[MASKED:...]` an agent writes itself, attack41). Placeholders never overlap each
        # other, so only that one can overlap.
        i = bisect.bisect_left(starts, end) - 1
        if i >= 0 and spans[i][1] > start:
            continue
        kept.append((start, end, rule))
    return kept


def _reclassified(text: str, findings: list[Finding]) -> list[Finding]:
    """Documented test values become `test-value`, published addresses `public` (known_values.py)."""
    if not findings:  # clean text: nothing to reclassify, and nothing to search the text for
        return findings
    reclassify = known_values.TextReclassifier(text, any(f.rule_id == "ipv4-address" for f in findings))
    reclassified = reclassify.rules  # those this text can change (see TextReclassifier.rules)
    # Which findings to look at, picked in C (an export has a finding per ~27 bytes, most of them addresses).
    rule_ids = list(map(_RULE_ID, findings))
    picked = list(itertools.compress(range(len(findings)), map(reclassified.__contains__, rule_ids)))
    if not picked:
        return findings
    is_email = list(map(operator.eq, map(rule_ids.__getitem__, picked), itertools.repeat(EMAIL_RULE)))
    changed: list[tuple[int, Classification]] = []
    for i in itertools.compress(picked, map(operator.not_, is_email)):
        classification = reclassify(findings[i].start, findings[i].end, rule_ids[i])
        if classification is not None:
            changed.append((i, classification))
    emails = list(itertools.compress(picked, is_email))
    if emails:  # judged together (TextReclassifier.public_addresses)
        chosen = list(map(findings.__getitem__, emails))
        public = reclassify.public_addresses(list(zip(map(_START, chosen), map(_END, chosen))))
        changed += [(i, Classification.PUBLIC) for i in itertools.compress(emails, public)]
    if not changed:
        return findings
    out = list(findings)
    for i, classification in changed:
        out[i] = dataclasses.replace(findings[i], classification=classification)
    return out


_RULE_ID, _START, _END = operator.attrgetter("rule_id"), operator.attrgetter("start"), operator.attrgetter("end")
EMAIL_RULE = "email-address"


# sov57: rules that lose every overlap with another rule of their tier (after `yielding`, before length).
# hold61: against a precise finding the policy acts on (not `yielding`) such a rule keeps the rest of its token
# (`_resolve_cluster`: `Kx7q2mz9#<GitHub token> ist das Passwort` masks both parts, each by its own rule), and it wins
# over one the policy allows (an e-mail-shaped password in an answer is masked as a password; hold58 let it through).
# A token precise findings the policy acts on read whole is theirs, whatever words follow: the stream hold spares it
# (holdback.Holdback.settled_elsewhere).
# vfirst59: its shipped part (rules/value-first.yaml) likewise.
LOSES_OVERLAPS = frozenset({"generic-password-value-first", "generic-password-value-first-lite"})


def _resolution_rank(rule: Rule) -> tuple[bool, str]:
    """The order `_scan_view` confirms fired rules in: resolution's order within a tier, so a span `taken` by an
    earlier rule is one that rule would win."""
    return rule.id in LOSES_OVERLAPS, rule.id


def _resolve_overlaps(candidates, yielding: frozenset[str] = frozenset()) -> list[Finding]:
    """Non-overlapping findings: rules not in `yielding` first, then the precise tier, then the longer match, then
    the earlier one.

    Candidates are cut into clusters of transitively overlapping spans (one sort by start), and the
    priority order is applied within each cluster only: O(n log n) overall, where inserting into one
    sorted list of taken spans made a dense body (an export with an address on every line) quadratic."""
    # Duplicates dropped in first-seen order, not through a set: each rule's candidates come in one run
    # (descending ends), which the sort merges in a few passes; a set's order made it a full sort (~25 ms per
    # MB of a customer export). Equal spans are ordered by the cluster key below, so this order decides nothing.
    ordered = sorted(dict.fromkeys(candidates), key=_span)
    # No two overlap (an export: one address after the other): every candidate is a finding. (Each end against
    # the next start, in C: a generator over pairs cost ~0.1 us per candidate.)
    if all(map(operator.le, map(_end_of, ordered), map(_start_of, itertools.islice(ordered, 1, None)))):
        return list(itertools.starmap(_finding, ordered))
    findings: list[Finding] = []
    cluster: list[tuple[int, int, Rule]] = []
    cluster_end = -1
    for candidate in ordered:
        if cluster and candidate[0] >= cluster_end:
            findings.extend(_resolve_cluster(cluster, yielding))
            cluster = []
        cluster.append(candidate)
        cluster_end = max(cluster_end, candidate[1]) if len(cluster) > 1 else candidate[1]
    if cluster:
        findings.extend(_resolve_cluster(cluster, yielding))
    findings.sort(key=lambda f: f.start)
    return findings


_span = operator.itemgetter(0, 1)
_start_of, _end_of = operator.itemgetter(0), operator.itemgetter(1)


def _resolve_cluster(cluster: list[tuple[int, int, Rule]], yielding: frozenset[str] = frozenset()) -> list[Finding]:
    if len(cluster) == 1:
        start, end, rule = cluster[0]
        return [_finding(start, end, rule)]
    ordered = sorted(cluster, key=lambda c: (c[2].id in yielding, c[2].tier != "precise", c[2].id in LOSES_OVERLAPS,
                                             c[0] - c[1], c[0], c[2].id))
    taken_starts: list[int] = []
    taken_ends: list[int] = []
    taken_precise: list[bool] = []
    findings = []
    for start, end, rule in ordered:
        i = bisect.bisect_left(taken_starts, end)
        # The taken interval starting right before `end` is the only one that can overlap.
        if i > 0 and taken_ends[i - 1] > start:
            first = bisect.bisect_right(taken_ends, start)  # the first taken interval ending after `start`
            if rule.id not in LOSES_OVERLAPS or not all(taken_precise[first:i]):
                continue
            # hold61: the value before its word against the precise findings the policy acts on (they sort first):
            # they keep their spans, the rest of the token is this rule's (none left: the token is theirs).
            pieces = _outside(start, end, taken_starts[first:i], taken_ends[first:i])
            for piece_start, piece_end in pieces:
                at = bisect.bisect_left(taken_starts, piece_end)
                taken_starts.insert(at, piece_start)
                taken_ends.insert(at, piece_end)
                taken_precise.insert(at, False)
                findings.append(_finding(piece_start, piece_end, rule))
            continue
        taken_starts.insert(i, start)
        taken_ends.insert(i, end)
        taken_precise.insert(i, rule.tier == "precise")
        findings.append(_finding(start, end, rule))
    return findings


def _outside(start: int, end: int, starts: list[int], ends: list[int]) -> list[tuple[int, int]]:
    """The parts of [start, end) outside the sorted, non-overlapping spans (`starts`, `ends`)."""
    pieces = []
    at = start
    for span_start, span_end in zip(starts, ends):
        if span_start > at:
            pieces.append((at, min(span_start, end)))
        at = max(at, span_end)
    if at < end:
        pieces.append((at, end))
    return pieces
