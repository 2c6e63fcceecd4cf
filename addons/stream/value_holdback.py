"""Hold-back for rules whose masked value comes after a fixed-shape prefix. Pure: no mitmproxy import.

`postgres://user:PASS@host`, a .pgpass line `host:5432:db:user:PASS` and `connect("host", "PASS")` are
matched whole, but only the `secret` group (PASS) is masked: the prefix reaches the client in clear once the
match completes. Holding the prefix back therefore protects nothing, yet the prefix pattern accepts almost any
word (`[a-z][a-z0-9+.-]{1,30}` before `://`, a host name before `:5432`), so the plain hold-back
(detect/holdback.py) held nearly every trailing word of prose for these rules.

Here a rule's open match (the text ran out inside it, or it could still grow) holds text only from where its
value can begin: the earliest end of a complete match of the regex part before `(?P<secret>`. While that part
is unfinished, nothing of the value has arrived and nothing is held. Two bounds keep the value masked:
- the masker re-scans from the beginning of any match that reaches unreleased text (the context start `hold`
  returns; the masker keeps it per channel and passes it back as `since`, so a delta scans only from the last
  open match), so the scanner sees the released prefix with the value once it arrives;
- text is never released more than LOOKBACK characters past an open match's beginning, so that beginning is
  always inside the text the masker keeps (it keeps CONTEXT_CHARS of released text) and inside this scan.

Rules whose value group (`(?P<secret>...)`, else group 1) is not at top level, or follows only assertions
(`\b`, lookbehinds), stay with the plain hold-back: their whole match is the masked value. A one-character
prefix counts too: Telegram's `(?:^|[^0-9])` before the bot id made the plain hold-back keep the last character
of every delta.
"""

from __future__ import annotations

import re._parser as sre_parse
from collections.abc import Iterator
from dataclasses import dataclass

import regex

from addons.detect import deadline
from addons.detect.context_score import AFTER_REACH
from addons.detect.escapes import same_length_unescape
from addons.detect.holdback import (
    Holdback,
    decoded_offset,
    decoded_views,
    open_verdict_from,
    raw_offset,
    reads_decoded,
    verdict_open,
)
from addons.detect.prefilter import strip_lookarounds
from addons.detect.regex_shape import UNBOUNDED_MATCH_CAP

LOOKBACK = 256  # = context.CONTEXT_CHARS: how far back an open match's beginning is looked for and re-scanned
SCANS_KEPT = 16  # texts whose scan is remembered (`_Scanned`): a few channels' last deltas
HEADS_KEPT = 128  # `_head_matches` answers remembered (hold62): a few texts' windowed rules
_GROUP = "(?P<secret>"


def value_prefix(source: str, named: bool = True) -> str | None:
    """The regex source before the value group if it is at top level, else None. The value group is
    `(?P<secret>...)`, or without one (`named` False) the first capturing group."""
    depth = 0
    in_class = False
    i = 0
    while i < len(source):
        c = source[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            if source.startswith("]", i + 1) or source.startswith("^]", i + 1):
                i += 2  # a leading ] is a literal inside the class
        elif source.startswith(_GROUP, i) if named else c == "(" and not source.startswith("?", i + 1):
            return source[:i] if depth == 0 else None
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        i += 1
    return None


def value_rules(scanner) -> dict[str, regex.Pattern]:
    """Rule id -> compiled value prefix, for the rules whose value may follow at least one character."""
    out = {}
    for rule in scanner.rules:
        source = value_prefix(rule.regex, named="secret" in rule.pattern.groupindex)
        if source is None:
            continue
        try:
            regex.compile(source, rule.pattern.flags)  # a prefix that does not compile as written is left out
            # Without its lookarounds (a superset): where the value can begin is where the prefix's consuming part
            # is complete. A lookahead reading into the value (Voyage: `|(?=pa-[A-Za-z0-9_-]{43}...)` before
            # `(pa-...)`) left the prefix "unfinished" at the end of the text, and the value went out.
            prefix = regex.compile(strip_lookarounds(source), rule.pattern.flags)
        except regex.error:
            continue
        if _max_width(source) > 0:  # a prefix of assertions only (`\b`, lookbehinds): the value starts the match
            out[rule.id] = prefix
    return out


def split(holdback: Holdback, wanted: set[str], prefixes: dict[str, regex.Pattern]) -> tuple[Holdback, ValueHoldback]:
    """The hold-back for the `wanted` rules in two parts: the plain one for rules held from their match's start,
    and a ValueHoldback for the value rules among them."""
    mine = {rule_id: p for rule_id, p in prefixes.items() if rule_id in wanted}
    return holdback.only(wanted - set(mine)), ValueHoldback(holdback, mine)


class ValueHoldback:
    """`hold(text, start, since)`: detect.Holdback's safe end for the value rules, and where the masker's re-scan
    must begin so that the open matches' released prefixes are read again. `safe_end` / `context_start`: the
    same without `since` (tests, the bench's report)."""

    def __init__(self, holdback: Holdback, prefixes: dict[str, regex.Pattern], incremental: bool = True,
                 memo: bool = True) -> None:
        self.base = holdback.only(prefixes)
        self.prefixes = {i: prefixes[rule_id] for i, rule_id in enumerate(holdback.rule_ids) if rule_id in prefixes}
        self._last: tuple[str, int, int, int, int, int | None] | None = None
        # False: every rule's regex runs over the whole unreleased text each time (the reference the tests compare).
        self.incremental = incremental
        self._scanned: list[_Scanned] = []
        # hold62: `_head_matches` answers by (rule, lo, start, cut), with the text they read, and the first starts of
        # a long text's windowed rules; False: as before (the oracle tests/stream/test_hold62_memo.py compares).
        # `reused`: head answers given from the memo.
        self.memo = memo
        self._heads: dict[tuple[int, int, int, int], tuple[str, tuple[tuple[int, int], ...]]] = {}
        self.reused = 0
        # Per rule (wsloop59, `_tail`): how far before the end of the text a match that may hold text can begin, and
        # how far past a position a path from before it may read (its length, its lookaheads, one more character
        # for an end-flagged `\b`).
        self.head_reach: dict[int, int] = {}
        self.reach: dict[int, int] = {}
        for index in self.prefixes:
            rule, keywords = self.base.rules[index]
            self.head_reach[index] = self.base.longest[index] + getattr(rule, "lookahead", UNBOUNDED_MATCH_CAP) + 2
            self.reach[index] = self.head_reach[index] + (self.base.keyword_radius if keywords else 0) \
                + (AFTER_REACH if index in self.base.contextual else 0)

    @property
    def rule_ids(self) -> list[str]:
        return [self.base.rule_ids[i] for i in self.prefixes]

    def safe_end(self, text: str, start: int = 0) -> int:
        return self.hold(text, start)[0]

    def context_start(self, text: str, start: int) -> int:
        return self.hold(text, start)[1]

    def hold(self, text: str, start: int, since: int | None = None, below: int | None = None) -> tuple[int, int]:
        """(safe end, context start). `since`: where a match still open may begin, the context start this
        returned for the same channel last time (the masker keeps it): matches that failed or settled before
        cannot reopen, so only text from there is scanned. Without it, LOOKBACK characters back.
        `below` (delta61): the caller holds from there anyway (the other hold-backs' safe end, past `start`): the
        safe end returned is then min(below, the safe end without it), and a rule whose matches all begin at or after
        `below` is not searched (`_compute`). The context start is the same either way."""
        lo = max(0, start - LOOKBACK if since is None else min(since, start))
        if below is not None and not start < below < len(text):
            below = None  # nothing to skip (or nothing to release: the caller does not ask then)
        last = self._last
        if last is not None and last[1] == start and last[0] == text and last[2] == lo \
                and (last[5] is None or (below is not None and below <= last[5])):
            # The same text, asked with no bound or with one at or below the one it was answered for (the masker asks
            # again for the context start, with its cut): min(that bound, the safe end) is the same answer.
            return (last[3] if below is None else min(last[3], below)), last[4]
        safe, anchor = self._compute(text, start, lo, below)
        if reads_decoded(text):  # as the scanner reads it (Holdback.safe_end): `p\\u0061ss` is a value decoded
            views = decoded_views(text)
            decoded = self._compute(views[-1].text, decoded_offset(views, start), decoded_offset(views, lo))
            safe = min(safe, max(start, raw_offset(views, decoded[0])))
            anchor = min(anchor, raw_offset(views, decoded[1]))
        if below is not None:
            safe = min(safe, below)
        self._last = (text, start, lo, safe, anchor, below)
        return safe, anchor

    def _compute(self, text: str, start: int, lo: int, below: int | None = None) -> tuple[int, int]:
        view = same_length_unescape(text)
        n = len(view)
        # `below` (delta61): held from there anyway. A rule whose first match begins at or after it (`_first_start`)
        # holds nothing before it and moves no context start: its own search is skipped (`skipped`). What the skipped
        # rules would have held (at or after `below`) decides only a settled match crossing `below` (below); then,
        # and for a long text's windowed rules (their crossing loop starts from the safe end), it is all searched.
        bound = n if below is None else below
        skipped = False
        safe, anchor = n, start
        if lo >= n or not self.base.enabled:
            return safe, anchor
        base = self.base
        limit = deadline.current()  # a stream's CPU budget for this piece: checked between rules (wsloop59)
        rules, hold = base.candidates(view[lo:])
        anchor = min(anchor, lo + hold)  # a literal start cut off at the end: a match may begin there
        known = self._known(view, lo)
        firsts: dict[int, tuple[int, int]] = {}
        begins: dict[tuple[int, int], int] = {}
        windowed: list[tuple[int, int, list[tuple[int, int]]]] = []  # (rule, tail, its matches reaching start)
        tails = {index: self._tail(index, view, start, lo) for index in rules}
        if bound < n and any(tail > lo for tail in tails.values()):
            # A long text's windowed rules: their crossing loop starts from the safe end, which a skipped rule may
            # move, so the text is searched without the bound (hold62: decided before the search, not after it).
            bound = n
        for index in rules:
            if limit is not None:
                limit.check()
            tail = tails[index]
            if tail > lo:
                windowed.append((index, tail, self._head_matches(index, view, lo, start, n)))
            if self.incremental and not base.may_begin(index, view, _cleared(known, index, tail), n, begins):
                # No match of the rule can begin in the text its superset would be searched in: none begins there
                # in any text this one grows into either, so the next search may start at the end. A rule whose
                # search skips the unreleased middle of a long text vouches only for what it read: from its tail.
                firsts[index] = (tail, n)
                continue
            first = self._first_start(index, view, tail, n, known, firsts)
            if first >= n:
                continue  # no match of the rule begins before the end: nothing to hold (as a scan from lo finds)
            if first >= bound and tail == lo:
                # Every match of the rule, complete, open or growing, begins at or after `first` (the superset's
                # first partial match: no complete one exists before it), so at or after `below`, past `start`:
                # none holds text before `below` nor moves the context start. A prose delta's last word is where
                # most password rules' first match begins, and the other hold-backs hold it already.
                skipped = True
                continue
            keywords = base.rules[index][1]
            complete: list[tuple[int, int]] = []
            opened: list[int] = []
            every = tail > lo  # the search begins in the middle: no reading of the text before it to follow
            for m in self._every_start(index, view, first, n) if every else base.open_matches(index, view, first, n):
                begin, end = m.span()
                if m.partial or end == n:
                    if end > begin:
                        opened.append(begin)
                    if every:
                        continue
                    break
                complete.append((begin, end))
                if end > start:  # its value may not be released yet: the re-scan must read its prefix
                    anchor = min(anchor, begin)
                if keywords and n - end < base.keyword_radius and not _keyword_near(view, begin, end, keywords,
                                                                                 base.keyword_radius):
                    opened.append(begin)
                elif index in base.contextual and verdict_open(view, m, *base.contextual[index], n,
                                                                  index in base.reads_role_after):
                    opened.append(begin)  # the word the text ends in may still change the verdict
            if complete and index not in base.lazy:
                grow = base.growth_start(index, view, tail, n)
                if grow is not None:
                    opened.append(grow)
            prefix = self.prefixes[index]
            for begin in opened:
                anchor = min(anchor, begin)
                safe = min(safe, max(start, begin + LOOKBACK))
                value = _value_start(prefix, view, begin, n)
                if value is not None:
                    safe = min(safe, max(start, value))
            for begin, end in complete:  # a settled match running into held text: hold its value too
                if skipped and begin < bound < end:
                    # Whether it crosses the safe end here depends on what the skipped rules hold past `below`:
                    # searched whole, as without the bound.
                    return self._compute(text, start, lo)
                if begin < safe < end:
                    value = _value_start(prefix, view, begin, end)
                    safe = min(safe, max(start, begin if value is None else value))
        if windowed:
            safe, anchor = self._windowed_crossings(windowed, view, start, lo, safe, anchor, limit)
        if not self.memo:  # the oracle: as before hold62, a windowed rule's search (from its tail) records nothing
            firsts = {index: cleared for index, cleared in firsts.items() if cleared[0] == lo}
        if firsts:
            self._scanned = [*self._scanned[-(SCANS_KEPT - 1):], _Scanned(view, lo, firsts)]
        return safe, min(anchor, start)

    def _tail(self, index: int, view: str, start: int, lo: int) -> int:
        """Where rule `index`'s search of a long unreleased text begins (wsloop59): `lo`, unless the text runs on
        past what a match from there can reach. A match that holds text (the end cuts it off, it may grow, its keyword
        may follow, its verdict is open) begins within `reach` of the end: its length, what its lookaheads read
        after it, and the keyword radius or the verdict's reach after it, as the plain hold-back's windows. Before
        that only the matches beginning before `start` count (they move the anchor: `_head_matches`), and those
        crossing the safe end (`_windowed_crossings`). One message of 256 KiB of `=` was searched whole by each
        password rule: 5 s of the event loop. The reference (`incremental` False) searches from `lo`."""
        if not self.incremental:
            return lo
        n = len(view)
        tail = n - self.reach[index]
        if index in self.base.contextual and tail > lo:  # a verdict that reads a word however far after the value
            letters, role_after = self.base.contextual[index][1], index in self.base.reads_role_after
            tail = min(tail, open_verdict_from(view, letters, role_after) - self.head_reach[index])
        return tail if tail > lo and tail > start + self.head_reach[index] else lo

    def _every_start(self, index: int, view: str, first: int, n: int) -> Iterator[regex.Match]:
        """Rule `index`'s match from each start in [first, n), complete or running into the end, less the false
        partial ones and those its word gate closes (as `open_matches` drops them). A search from `lo` reads the text
        as a sequence of matches, each search going on from the last one's end; begun in the middle, it would pick
        another sequence (in `--password --password ...` every other token, shifted by one), and release a token
        the one from `lo` holds. Every start holds whatever any such sequence holds; the tail is a reach long."""
        base = self.base
        pattern, gate = base.rules[index][0].pattern, base.gates.get(index)
        limit = deadline.current()
        for at in range(first, n):
            if limit is not None and not at % 64:
                limit.check()
            m = pattern.match(view, at, n, partial=True)
            if m is None or m.end() == at or (gate is not None and not gate(view, at)):
                continue
            if m.partial and base._impossible_from(index, view, at, n):
                continue
            yield m

    def _head_matches(self, index: int, view: str, lo: int, start: int, n: int) -> list[tuple[int, int]]:
        """The spans of rule `index`'s matches from `lo` that begin before `start` and reach it: searched in the text
        cut `head_reach` past `start`, where no path from before `start` reads the cut (its length and lookaheads
        end before it), so the matches are the ones the whole text has. A partial one (only a rule whose width is
        unknown) counts as reaching the cut."""
        if start <= lo:
            return []
        cut = min(n, start + self.head_reach[index])
        # hold62: the answer reads view[:cut] only (the search ends at `cut`; lookbehinds and word gates read before
        # `lo`), and a held text asks it again each delta with the same lo, start and cut (the window of a private
        # key or a CSV heading held for ~1,000 characters: 99% of the calls). The same first `cut` characters (the
        # kept text is a prefix of this one: no copy) give the same answer.
        key = (index, lo, start, cut)
        kept = self._heads.get(key) if self.memo else None
        if kept is not None and (kept[0] is view or view.startswith(kept[0])):
            self.reused += 1
            return list(kept[1])
        spans = []
        for m in self.base.open_matches(index, view, lo, cut):
            begin, end = m.span()
            if begin >= start:
                break
            if m.partial:
                spans.append((begin, cut))
                break
            if end > start:
                spans.append((begin, end))
        if self.memo:
            if len(self._heads) >= HEADS_KEPT:
                self._heads.clear()
            self._heads[key] = (view, tuple(spans))
        return spans

    def _windowed_crossings(self, windowed: list[tuple[int, int, list[tuple[int, int]]]], view: str, start: int,
                            lo: int, safe: int, anchor: int, limit: deadline.Deadline | None) -> tuple[int, int]:
        """For the rules whose middle was not searched: their matches before `start` move the anchor; and any match
        of theirs that holds the safe end inside it (at every start from a match's length before it, overlapped)
        holds its value too, until the safe end stops moving. Each round reads a match's length before the safe
        end; a chain of crossings that walks far back is stopped by the deadline."""
        base = self.base
        for _index, _tail, heads in windowed:
            for begin, _end in heads:
                anchor = min(anchor, begin)
        n = len(view)
        moved = True
        while moved and start < safe < n:
            moved = False
            for index, _tail, heads in windowed:
                if limit is not None:
                    limit.check()
                spans = [span for span in heads if span[0] < safe < span[1]]
                pattern, gate = base.rules[index][0].pattern, base.gates.get(index)
                for m in pattern.finditer(view, max(lo, safe - base.longest[index]), n, overlapped=True):
                    if m.start() >= safe:
                        break
                    if m.end() > safe and (gate is None or gate(view, m.start())):
                        spans.append(m.span())
                for begin, end in spans:
                    value = _value_start(self.prefixes[index], view, begin, end)
                    held = max(start, begin if value is None else value)
                    if held < safe:
                        safe, moved = held, True
        return safe, anchor

    def _first_start(self, index: int, view: str, lo: int, n: int, known: dict[int, tuple[int, int]],
                     firsts: dict[int, tuple[int, int]]) -> int:
        """Where rule `index`'s scan of [lo, n) may begin and find what a scan from `lo` finds; `n`: it finds
        nothing. The rule's `end_flagged` superset is searched from where a scan of an earlier text this one extends
        left off (`known`): before that no match of the superset began, complete or running into that text's end,
        so none begins there now. Its first partial match is where the rule's own scan begins: `regex` reports a
        partial match only where no complete one exists, so nothing of the rule begins before it. Recorded in
        `firsts` for the next text, as (lo, first): no match of the superset begins in [lo, first) (hold62: a long
        text's windowed rule, whose `lo` is its tail, too; the next text's tail is at or after it)."""
        gate = self.base.end_gate(index) if self.incremental else None
        if gate is None:
            return lo
        begin = _cleared(known, index, lo)
        m = gate.search(view, begin, n, partial=True)
        first = n if m is None else m.start() if m.partial else begin
        firsts[index] = (lo, first)
        return first

    def _known(self, view: str, lo: int) -> dict[int, tuple[int, int]]:
        """The rules' first starts from the scan of the longest earlier text that `view` extends, with no more
        released (its lo at or before this one)."""
        best: _Scanned | None = None
        for scanned in self._scanned:
            if scanned.lo <= lo and (best is None or len(scanned.view) > len(best.view)) \
                    and len(scanned.view) <= len(view) and view.startswith(scanned.view):
                best = scanned
        return best.firsts if best is not None else {}


@dataclass(frozen=True)
class _Scanned:
    """One text's scan: for each rule with an `end_flagged` form, (from, first): no match of it begins in [from, first)
    (first the text's length: none does from `from`). A text that extends `view`, with `lo` at or after this one, has
    no match there either."""

    view: str
    lo: int
    firsts: dict[int, tuple[int, int]]


def _cleared(known: dict[int, tuple[int, int]], index: int, at: int) -> int:
    """Where a search of rule `index` from `at` may begin: past what an earlier text's scan cleared, if that began at
    or before `at` (a range that begins after it leaves [at, from) unread)."""
    cleared = known.get(index)
    return max(at, cleared[1]) if cleared is not None and cleared[0] <= at else at


def _max_width(source: str) -> int:
    """The most characters a match of the regex source takes (0 when unknown: regex-module-only syntax)."""
    try:
        return int(sre_parse.parse(source).getwidth()[1])
    except Exception:
        return 0


def _value_start(prefix: regex.Pattern, view: str, begin: int, end: int) -> int | None:
    """The earliest index in [begin, end] where the prefix, matched from `begin`, is complete: where the value
    can begin. None: the prefix is unfinished there (nothing of the value has arrived)."""
    first = prefix.match(view, begin, end, partial=True)
    if first is None or first.partial:
        return None
    for at in range(begin, first.end() + 1):  # a shorter complete reading may exist (positional arguments)
        if prefix.fullmatch(view, begin, at) is not None:
            return at
    return first.end()


def _keyword_near(view: str, begin: int, end: int, keywords: tuple[str, ...], radius: int) -> bool:
    near = view[max(0, begin - radius): end + radius].lower()
    return any(k in near for k in keywords)
