"""How much of a growing text can be released now: the hold-back rule of the stream masker. Pure.

A streamed answer arrives a few characters at a time. Text may be sent on once no rule could still
match it whatever comes next. `Holdback.safe_end(text, start)` returns the largest index up to which
that holds, looking only at text from `start` (everything before it was released already, and by
construction nothing before it can still become part of a match).

Text is held from the earliest position where, for some rule:
- the regex has a *partial* match (the `regex` module's `partial=True`: the text ran out while the
  pattern could still match), e.g. `ghp_12` or `password: `;
- or a complete match touches the end of the text (more characters may break it: `{36}\\b` holds at end
  of text and fails once a 37th arrives) or could still grow (a repeated group like
  `(?: ?[A-Z0-9]{4}){2,7}` may take another round);
- or a complete match of a rule gated by keywords has no keyword near it yet and ends within the
  scanner's keyword radius of the end (the keyword may still follow: "...ABCD is my api key");
- or a complete match of a context-scored rule (validators.CONTEXT_VALIDATORS) whose line is still open while
  the text ends inside a word: the scorers read the words after the value on its line ("tavoreni characters"
  describes a password, "the password manager" names a program, "your" is a negative word), and a word the text
  ends in may still become another ("charactersX": then it is a password, and would have been sent).
A rule gated on a word before its match (validators.TABLE_WORD_VALIDATOR: a password word of the vocabulary table on
its line, `Holdback.gates`) holds nothing from a match where its gate is closed: no text after can open it.
A trailing backslash or unfinished `\\uXXXX` is held too: a JSON escape changes how the scanner reads it. A text
holding `\\u` or `\\"` escapes is also held as the scanner reads it, decoded level by level (`decoded_views`).

Partial matches longer than the scanner's longest possible match (`max_match_length`) cannot complete
and are ignored. Prose matches no partial pattern except short word tails, so it flows with near-zero
hold-back.

Cost: a `finditer` per rule is ~1-2 us, too much for 300+ rules on every delta, so `candidates` picks
the rules that can matter with plain string operations. Most rules begin with a literal (`ghp_`, `AKIA`,
`-----BEGIN`): their regex runs only if the unreleased tail contains the literal; a tail that merely
ends with a beginning of it ("...gh") is held from there without any regex. Rules without a literal start
run only if a tail character can begin a match (and, for rules that can begin with almost anything, if
one can come second), from tables built once per scanner by trying the regex on each ASCII character.
Measured with the shipped rules: ~50 us per delta of prose, ~13 us without hold-back.
"""

from __future__ import annotations

import copy
import functools
import operator
import re
import re._constants as sre_c
import re._parser as sre_parse
from collections.abc import Callable

import regex

from . import deadline
from .context_score import AFTER_REACH, KEEP_IT_AFTER
from .end_blind import blind_at_end
from .escapes import DecodedView, escape_kinds, needs_decoding, same_length_unescape
from .literal_finder import LiteralFinder
from .prefilter import strip_lookarounds
from .scanner import MAX_DECODE_LEVELS
from .validators import CONTEXT_VALIDATORS
from .verbose import class_end
from .word_table import GATES

# hold58: where the token of the value before its word ends (what its regex's token class leaves out), how much text
# before it the scan that looks for a precise finding on it reads, and how many such scans are remembered.
_TOKEN_END = re.compile(r"""[\s"'`<>/\\]|[^\x00-\x7f]""")
SETTLE_READS = 256
SETTLED_KEPT = 64
# The validator of the value before its word (sov56, value_before_word.py): its verdict reads the word after the match.
ROLE_AFTER_VALIDATOR = "value_first_password"
_OPEN_ESCAPE = re.compile(r"\\(?:u[0-9a-fA-F]{0,3})?\Z")
# A lazy quantifier that may take more than LONG_LAZY characters (`*?`, `+?`, `{40,16000}?`): see `Holdback.lazy`.
_LAZY = re.compile(r"(?<!\\)(?:[*+]|\{\d*,(\d*)\})\?")
LONG_LAZY = 1024
_GLOBAL_FLAGS = re.compile(r"\(\?[a-zA-Z]+\)")
MIN_LITERAL = 3  # shorter literal starts filter too little to be worth it
MAX_CLASS = 4  # a character class of up to this many literals at the start is expanded
BROAD_FIRST = 40  # a rule that can begin with more characters than this is also filtered on the second one

DEFAULT_MAX_MATCH_LENGTH = 4096
DEFAULT_KEYWORD_RADIUS = 128


class Holdback:
    @classmethod
    def for_scanner(cls, scanner) -> Holdback:
        """One per loaded scanner: building it tries every rule on every ASCII character."""
        cached = _BY_SCANNER.get(id(scanner))
        if cached is None or cached[0] is not scanner:
            while len(_BY_SCANNER) >= 4:  # old scanners after rule reloads
                _BY_SCANNER.pop(next(iter(_BY_SCANNER)), None)  # a reload's thread may pop it too
            cached = _BY_SCANNER[id(scanner)] = (scanner, cls(scanner))
        return cached[1]

    def only(self, rule_ids) -> Holdback:
        """The same analysis restricted to some rules: a rule whose findings the policy allows anyway
        (e.g. PII in answers) need not hold text back."""
        key = frozenset(rule_ids)
        view = self._views.get(key)
        if view is None:
            view = copy.copy(self)
            view.enabled = sum(1 << i for i, rule_id in enumerate(self.rule_ids) if rule_id in key)
            view._views = {}
            self._views[key] = view
        return view

    def without_spared(self) -> Holdback:
        """This hold-back less the `spared` rules (the value before its word): what a stream holds at the end of a
        unit of text no later text continues for them (a WebSocket message, hold58: DESIGN.md "Value before its
        word"), where their verdict is the one the text read so far gives."""
        return self.only([rule_id for i, rule_id in enumerate(self.rule_ids)
                          if self.enabled >> i & 1 and i not in self.spared])

    def __init__(self, scanner) -> None:
        from . import scanner as scanner_module

        # The rules, not their patterns: a pattern compiles on its first use (rules.Rule.pattern), and a stream
        # holds back text for a few rules of hundreds.
        self.rules = [(rule, rule.keywords) for rule in scanner.rules]
        self.rule_ids = [rule.id for rule in scanner.rules]
        self.enabled = (1 << len(self.rules)) - 1  # bit i = rule i may hold text back
        self._views: dict[frozenset, Holdback] = {}
        self._grow: dict[tuple[int, bool], regex.Pattern] = {}
        self.sources = [rule.regex for rule in scanner.rules]
        self.longest = [getattr(rule, "max_length", 0) or DEFAULT_MAX_MATCH_LENGTH for rule in scanner.rules]
        self._assertion_free: dict[tuple[int, bool], regex.Pattern | None] = {}
        self._gates: dict[int, regex.Pattern | None] = {}
        self._blind_gates: dict[int, regex.Pattern | None] = {}
        # Rules whose longer match through a long lazy quantifier is one the scanner never reads (it matches right
        # to left from each place a match can end, taking the nearest start: a private key's body does not "grow"
        # over the text after its END to a later one). A short lazy quantifier is searched for growth like any:
        # the scanner reads each row of a table from the header's "password" to that row, and the first reading
        # was the only one the left-to-right search saw (the second row's password went out).
        self.lazy = {i for i, rule in enumerate(scanner.rules) if _long_lazy(rule.regex)}
        # Context-scored rules -> (value group, letters-only scorer): their verdict reads the line after the value.
        self.contextual = {i: (rule.value_group, rule.validator == "letters_password")
                           for i, rule in enumerate(scanner.rules) if rule.validator in CONTEXT_VALIDATORS}
        # Context-scored rules whose verdict reads the word after the match (attack57: the value before its word,
        # `X now the new şifre olarak`): open until that word has ended (verdict_open's `role_after`).
        self.reads_role_after = {i for i, rule in enumerate(scanner.rules) if rule.validator == ROLE_AFTER_VALIDATOR}
        # Rules that lose every overlap with a precise finding (scanner.LOSES_OVERLAPS: the value before its word):
        # a token such a finding reads is that rule's to decide whatever follows, so the hold spares it (hold58).
        self.spared = {i for i, rule in enumerate(scanner.rules) if rule.id in scanner_module.LOSES_OVERLAPS}
        self._scanner = scanner
        self._rule_index = {rule_id: i for i, rule_id in enumerate(self.rule_ids)}
        # The precise findings of a token's settle scan, (start, end, rule index); shared by the `only` views, each
        # reading those of its own rules.
        self._settled: dict[str, tuple[tuple[int, int, int], ...]] = {}
        # Rules whose findings need a word before the match on its line (validators.TABLE_WORD_VALIDATOR): a match
        # with none before it is no finding whatever follows, so it holds nothing. Their prefix is any letter and a
        # blank: without the gate every word of prose was a value still being written (prose49).
        self.gates = {i: GATES[rule.validator] for i, rule in enumerate(scanner.rules) if rule.validator in GATES}
        self.max_match_length = getattr(scanner, "max_match_length", 0) or DEFAULT_MAX_MATCH_LENGTH
        self.keyword_radius = getattr(scanner_module, "KEYWORD_RADIUS", DEFAULT_KEYWORD_RADIUS)
        # Rules with a literal start: found by their first MIN_LITERAL characters, or by a beginning of the
        # literal at the very end of the text. Values are bit masks of rule indices.
        self.by_trigram: dict[str, list[tuple[str, int]]] = {}
        self.beginnings: dict[str, int] = {}
        always = []
        for index, rule in enumerate(scanner.rules):
            starts = literal_starts(rule.regex)
            if not starts:
                always.append(index)
                continue
            for literal in starts:
                self.by_trigram.setdefault(literal[:MIN_LITERAL], []).append((literal, 1 << index))
                for k in range(1, len(literal)):
                    self.beginnings[literal[:k]] = self.beginnings.get(literal[:k], 0) | 1 << index
        self.longest_literal = max((len(k) + 1 for k in self.beginnings), default=0)
        # The lengths of the beginnings by their last two chars (by the one, for a beginning of one): the text's end
        # is looked up only at the lengths a beginning ending in its own last chars has, not at every length.
        lengths: dict[str, set[int]] = {}
        for beginning in self.beginnings:
            lengths.setdefault(beginning[-2:], set()).add(len(beginning))
        self._beginning_lengths = {key: tuple(sorted(found)) for key, found in lengths.items()}
        # Every literal once, for the C pass that says which occur in a text (`_literals_in`).
        self.literals = [entry for entries in self.by_trigram.values() for entry in entries]
        self.finder = LiteralFinder([literal for literal, _ in self.literals])
        # Rules without one: which characters can begin a match, and (for rules that can begin with
        # almost anything, like `(?:^|[^0-9])[0-9]{8}:AA`) which can come second. Tried once per scanner.
        printable = [chr(c) for c in range(32, 127)] + ["\n", "\t"]
        self.first: dict[str, int] = {}
        self.second: dict[str, int] = {}
        self.broad = 0
        self.non_ascii = 0  # rules to run whenever the text is not ASCII (the tables cover ASCII only)
        for index in always:
            pattern, bit = scanner.rules[index].pattern, 1 << index
            self.non_ascii |= bit
            # A match may begin after a lookbehind that reads text before it (`(?<=\n[A-Za-z]{1,30}_)PASSWORD`):
            # one character alone fails it, so the rule without lookarounds (a superset) says what can begin too.
            # A superset that does not compile tells nothing: then any character may begin it (hold more, not less).
            source = scanner.rules[index].regex
            superset = _superset_of(source, pattern.flags) if "(?<" in source else None
            # A rule blind at the end of the text (`=\b` on "="): its gate's partial matches count too.
            gate = self.blind_gate(index)
            tried = (pattern,) if gate is None else (pattern, gate)
            firsts = [c for c in map(chr, range(128)) if any(p.match(c, partial=True) for p in tried)
                      or ("(?<" in source and (superset is None or superset.match(c, partial=True)))]
            for c in firsts:
                self.first[c] = self.first.get(c, 0) | bit
            if len(firsts) > BROAD_FIRST:
                self.broad |= bit
                seconds = {c2 for c2 in printable for c1 in [*printable[:: max(1, len(printable) // 24)], "a", "0"]
                           if c1 in firsts and any(p.match(c1 + c2, partial=True) for p in tried)}
                for c in seconds:
                    self.second[c] = self.second.get(c, 0) | bit
        # The two tables by byte, for an ASCII text's bytes: looked up and OR-ed in C (`candidates`), where a loop over
        # the text's distinct chars cost ~9 us each on a stream's 256-character window.
        self._first_by_byte = [self.first.get(chr(b), 0) for b in range(128)]
        self._second_by_byte = [self.second.get(chr(b), 0) for b in range(128)]

    def open_matches(self, index: int, view: str, lo: int, n: int, flagged: bool = False):
        """`finditer(view, lo, n, partial=True)` of rule `index` (`flagged`: of its `blind_gate`), less the `regex`
        module's false partial matches. With a lookbehind it may call text partial that no continuation can match: `(?<!://[^\\s/@:]{1,64}:)
        (?:pass|pw)` on "HOST:pe" gives the partial match "pe" (regex 2026.11.19; its author treats a lookaround
        that meets the end of the text as partial, mrab-regex#514). One such match held a streamed README from
        "HOST:PORT]" on, 800 characters and growing. A partial match is kept unless the rule without any
        lookaround (a superset) cannot match or run into the end from there either."""
        pattern = self.blind_gate(index) if flagged else self.rules[index][0].pattern
        assert pattern is not None
        gate = self.gates.get(index)
        limit = deadline.current()
        pos = lo
        while True:
            if limit is not None:
                limit.check()  # between restarts: each reads the text on from one character later (wsloop59)
            for m in pattern.finditer(view, pos, n, partial=True):
                if m.end() > m.start() and ((gate is not None and not gate(view, m.start())) or (
                        m.partial and self._impossible_from(index, view, m.start(), n, flagged))):
                    pos = m.start() + 1  # the gate is closed there: a match from a later start may still open
                    break
                yield m
            else:
                return

    def growth_start(self, index: int, view: str, lo: int, n: int, flagged: bool = False,
                     spared: Callable[[int], bool] | None = None) -> int | None:
        """Where a match of rule `index` (`flagged`: of its `blind_gate`) that runs into the end of the text begins,
        if one can still grow (the pattern followed by (?!) never completes, so each such attempt shows as
        partial); false partial matches left out as in `open_matches`, and those from a start `spared` says another
        rule settles."""
        grown, pos, gate = self._growing(index, flagged), lo, self.gates.get(index)
        limit = deadline.current()
        while (m := grown.search(view, pos, n, partial=True)) is not None and m.end() > m.start():
            if limit is not None:
                limit.check()
            begin = m.start()
            if (gate is None or gate(view, begin)) and not self._impossible_from(index, view, begin, n, flagged) \
                    and (spared is None or not spared(begin)):
                return begin
            pos = m.start() + 1
        return None

    def _impossible_from(self, index: int, view: str, begin: int, n: int, flagged: bool = False) -> bool:
        """Whether no match of rule `index` from `begin` can run into the end of the text, by the rule without
        lookarounds (a superset) followed by one more character: any of its paths that reaches the end tries to
        read past it and shows as partial; none does -> impossible. The superset alone is no evidence where it
        completes before the end (a comment rule whose lookbehind fails at "...3f38# wachtwoord" was believed for
        its superset's complete match, and held 540 characters); followed by (?!) alone it misses a complete
        match that ends at the end ("a(?!)" on "a" is no partial match for `regex`). `flagged`: for a partial match
        of the rule's `blind_gate`, the superset is end-flagged too (its `\\b` after "=" at the end would call the
        gate's partial match of a Bitbucket key impossible)."""
        key = (index, flagged)
        if key not in self._assertion_free:
            flags = self.rules[index][0].pattern.flags
            source: str | None = greedy(strip_lookarounds(self.sources[index]))
            if flagged and source is not None:
                source = end_flagged(source, flags)
            try:
                superset = None if source is None else _grown(source, flags, suffix="(?s:.)(?!)")
            except regex.error:
                superset = None  # cannot tell: every partial match is believed
            self._assertion_free[key] = superset
        superset = self._assertion_free[key]
        return superset is not None and superset.match(view, begin, n, partial=True) is None

    def end_gate(self, index: int) -> regex.Pattern | None:
        """Rule `index` as `end_flagged` rewrites it, compiled on first use; None where it cannot be rewritten."""
        if index not in self._gates:
            pattern = self.rules[index][0].pattern
            # Greedy too: `regex` reports no partial match for a lazy repeat that stops at the end before a
            # lookbehind failing there (`a\w{0,5}?(?<!ab)c` on "ab"; `[\w.-]{0,40}?(?<!password)` on "password"),
            # though one more character may pass it; its greedy form does.
            source = end_flagged(greedy(pattern.pattern), pattern.flags)
            try:  # unchanged: the rule's own pattern (a rewritten one may lose some of `regex`'s search shortcuts)
                self._gates[index] = None if source is None else pattern if source == pattern.pattern \
                    else regex.compile(source, pattern.flags)
            except regex.error:
                self._gates[index] = None
        return self._gates[index]

    def blind_gate(self, index: int) -> regex.Pattern | None:
        """Rule `index`'s `end_gate` where its own partial search may be blind at the end of the text (end_blind: a
        `\\b` after a symbol, `(?!...\\b)`, a lazy repeat before a lookbehind), searched besides the rule by
        `_safe_end_of`; None where it is not (most rules: their tests are leading ones, or trailing ones after word
        characters, true at the end) or it cannot be rewritten (the masker's stop on a grown value is left then)."""
        if index not in self._blind_gates:
            pattern = self.rules[index][0].pattern
            gate = self.end_gate(index) if blind_at_end(pattern.pattern) else None
            self._blind_gates[index] = None if gate is pattern else gate
        return self._blind_gates[index]

    def _growing(self, index: int, flagged: bool = False) -> regex.Pattern:
        """The rule's pattern (`flagged`: its `blind_gate`) followed by (?!), compiled on first use."""
        compiled = self._grow.get((index, flagged))
        if compiled is None:
            pattern = self.blind_gate(index) if flagged else self.rules[index][0].pattern
            assert pattern is not None
            compiled = self._grow[(index, flagged)] = _grown(pattern.pattern, pattern.flags)
        return compiled

    def candidates(self, pending: str) -> tuple[list[int], int]:
        """Rules whose regex must run on `pending` (a superset of those that can match there), and an
        offset in `pending` from which text is held without running any regex: where the text ends
        inside a rule's literal start ("...gh" may become "ghp_..."), a match can only begin there."""
        enabled = self.enabled
        hold = len(pending)
        if not pending.isascii():
            mask = self.non_ascii
        else:
            raw = pending.encode("ascii")
            mask = functools.reduce(operator.or_, map(self._first_by_byte.__getitem__, set(raw)), 0)
            if mask & self.broad:
                # A broad rule matches from p only if pending[p + 1] can come second; without such a
                # character its only possible (partial) match is the last character alone.
                seconds = functools.reduce(operator.or_, map(self._second_by_byte.__getitem__, set(raw[1:])), 0)
                if mask & self.broad & ~seconds & self._first_by_byte[raw[-1]] & enabled:
                    hold = len(pending) - 1
                mask &= ~self.broad | seconds
        lower = _same_length_lower(pending)
        found = self.finder.present(pending)
        if found is None:
            literal_mask, hold = self._literals_at_every_position(lower, hold)
        else:
            literal_mask = self._literals_in(found)
        mask |= literal_mask
        beginnings, size = self.beginnings, len(lower)
        for key in {lower[-1:], lower[-2:]}:
            for k in self._beginning_lengths.get(key, ()):
                if k <= size and beginnings.get(lower[-k:], 0) & enabled:
                    hold = min(hold, size - k)
        return set_bits(mask & enabled), hold

    def _literals_at_every_position(self, lower: str, hold: int) -> tuple[int, int]:
        """(rules whose literal start occurs in `lower`, hold): a literal cut off by the end of the text holds
        from where it begins. The reference for `_literals_in`, and the path without hyperscan."""
        mask, enabled, by_trigram = 0, self.enabled, self.by_trigram
        for i in range(len(lower) - MIN_LITERAL + 1):
            for literal, bit in by_trigram.get(lower[i:i + MIN_LITERAL], ()):
                if lower.startswith(literal, i):
                    mask |= bit  # the whole literal is there: the regex decides
                elif bit & enabled and i < hold and literal.startswith(lower[i:]):
                    hold = i
        return mask, hold

    def _literals_in(self, found: list[int]) -> int:
        """The same from the finder's answer. A literal the end cuts off needs no search here: its beginning is a
        suffix of the text, which the `beginnings` lookup after this holds from (the loop's `elif` is redundant
        with it, and the equality test shows it)."""
        mask = 0
        for index in found:
            mask |= self.literals[index][1]
        return mask

    def safe_end(self, text: str, start: int = 0) -> int:
        safe = self._safe_end_of(text, start)
        if safe > start and reads_decoded(text):
            # As the scanner reads it: `AKIA\\u0032HLY` is the beginning of a key only decoded. Read raw only, all
            # of such a key but its last character went out before the scan found it.
            views = decoded_views(text)
            decoded = self._safe_end_of(views[-1].text, decoded_offset(views, start))
            safe = min(safe, max(start, raw_offset(views, decoded)))
        return safe

    def _safe_end_of(self, text: str, start: int) -> int:
        view = same_length_unescape(text)  # the scanner matches on this view: hold back on the same
        n = len(view)
        safe = n
        # An escape cut off at the end changes how the scanner reads it once complete.
        if "\\" in text[-6:] and (m := _OPEN_ESCAPE.search(text, max(0, n - 6))):
            safe = m.start()
        lo = max(start, n - self.max_match_length)
        if lo >= n:
            return min(safe, n)
        radius = self.keyword_radius
        rules, hold = self.candidates(view[lo:])
        safe = min(safe, lo + hold)
        complete_spans: list[tuple[int, int]] = []
        windowed: list[int] = []
        begins: dict[tuple[int, int], int] = {}
        limit = deadline.current()  # a stream's CPU budget for this piece: checked between rules (wsloop59)
        for index in rules:
            if safe <= lo:
                break  # everything unreleased is held already: no rule can hold more
            if limit is not None:
                limit.check()
            keywords = self.rules[index][1]
            # Only a match that may still take text after the end holds text, and it begins within the rule's
            # longest match of the end (a keyword-gated match: within its keyword radius more; a context-scored
            # one: within the reach of its verdict, AFTER_RADIUS, more). A 2 KB message is searched in its last
            # few hundred characters, not whole, for most rules.
            window = max(lo, n - self.longest[index] - (radius if keywords else 0)
                         - (AFTER_RADIUS if index in self.contextual else 0))
            if window > lo:
                windowed.append(index)
            if not self.may_begin(index, view, window, safe, begins):
                continue  # no match of it can begin before the text held already, nor grow from there
            complete = False
            # The rule's own matches, then (a rule whose partial search may be blind at the end of the text) its
            # `blind_gate`'s: a superset that also reports the matches stopping on a test at the end ("IDENTIFIED
            # BY values" may become "... valuesQ!Lm9k", probe45), for the few rules that have such a test (2 plain
            # of the shipped 405). Both: the gate's first reading from a start may differ from the rule's.
            blind = self.blind_gate(index) is not None
            for flagged in (False, True) if blind else (False,):
                for m in self.open_matches(index, view, window, n, flagged):
                    begin = m.start()
                    if begin >= safe:
                        break
                    end = m.end()
                    if m.partial or end == n:  # `\b` is satisfied at the end of the text, and may not be later
                        if end > begin and not (index in self.spared and self.settled_elsewhere(view, begin, n)):
                            safe = begin
                        break
                    complete = True
                    if flagged:
                        # A gate's complete match is no reading the scanner takes (its lazy repeats are greedy): only
                        # what it shows running into the end holds; the growth search below still runs.
                        continue
                    if index in self.spared and self.settled_elsewhere(view, begin, n):
                        continue  # a precise finding reads its token: that rule decides it, whatever follows
                    complete_spans.append((begin, end))
                    if keywords and n - end < radius and not _keyword_near(view, begin, end, keywords, radius):
                        safe = begin
                        break
                    if index in self.contextual and verdict_open(view, m, *self.contextual[index], n,
                                                                 index in self.reads_role_after):
                        safe = begin
                        break
            if (complete or window > lo) and index not in self.lazy:
                # `regex` reports a partial match only where no complete one exists: it returns "FR14 2004
                # 1010" (complete) for "FR14 2004 1010 " although " 0505" may follow and make it longer.
                # The same pattern followed by (?!) never completes, so every attempt that runs into the
                # end of the text shows up as a partial match. Costly, so only after a complete match (or
                # when the window may have cut one off). Not for rules with a long lazy quantifier (`lazy`).
                # A blind rule's gate: its paths are a superset of the rule's, so its grown form holds as early.
                grow = self.growth_start(index, view, window, n, blind,
                                         (lambda at: self.settled_elsewhere(view, at, n)) if index in self.spared
                                         else None)
                if grow is not None and grow < safe:
                    safe = grow
        return self._before_crossing_all(safe, complete_spans, windowed, view, lo, n)

    def settled_elsewhere(self, view: str, begin: int, n: int) -> bool:
        """Whether the token a match of a `spared` rule begins with (the value before its word, hold58) has ended
        and precise findings this hold-back's rules hold for read all of it (a fixed-shape key, an e-mail in a
        request): the scanner gives such a token to them whatever words follow (`scanner._resolve_cluster`), so the
        hold need not wait for a credential word. hold61: a finding the policy allows here (`only` left its rule out:
        PII in an answer) or one reading part of the token settles nothing: the value before its word takes the token,
        or the rest of it, once its word comes. A token the text ends in may still grow into no key: not settled."""
        ended = _TOKEN_END.search(view, begin, n)
        if ended is None:
            return False
        end = ended.start()
        if end <= begin:
            return False
        # From the text before the token (a keyword, a lookbehind) to the character that ended it (a lookahead): the
        # same window for every later delta, so one scan per token.
        at = max(0, begin - SETTLE_READS)
        window = view[at:end + 1]
        spans = self._settled.get(window)
        if spans is None:
            if len(self._settled) >= SETTLED_KEPT:
                self._settled.clear()
            index = self._rule_index
            spans = self._settled[window] = tuple((f.start, f.end, index[f.rule_id])
                                                  for f in self._scanner.scan(window) if f.tier == "precise")
        covered = begin - at  # the findings are sorted and do not overlap: walk them over the token
        for start, stop, rule in spans:
            if stop <= covered or not self.enabled >> rule & 1:
                continue
            if start > covered:
                break
            covered = stop
        return covered >= end - at

    def may_begin(self, index: int, view: str, lo: int, hi: int, masks: dict[tuple[int, int], int]) -> bool:
        """False when no match of rule `index` (nor of its blind gate) can begin in view[lo:hi]: a rule without a
        literal start (the `first` table's) whose first characters are none of that ASCII text's. A prose delta's
        last word is held by the first broad rule, and most rules after it cannot begin in the few characters
        before it; each partial search of a password rule costs 5-40 us. `masks` keeps the tables' answer per span
        for one text."""
        if not self.non_ascii >> index & 1:
            return True  # a literal start: `candidates` found its literal
        mask = masks.get((lo, hi))
        if mask is None:
            text = view[lo:hi]
            mask = masks[(lo, hi)] = functools.reduce(
                operator.or_, map(self._first_by_byte.__getitem__, set(text.encode("ascii"))), 0) \
                if text.isascii() else self.non_ascii
        return bool(mask >> index & 1)

    def _before_crossing_all(self, safe: int, spans: list[tuple[int, int]], windowed: list[int], view: str,
                             lo: int, n: int) -> int:
        """`_before_crossing` over the complete matches found, and over those of the windowed rules that begin
        before their window: any match of theirs that holds the safe end inside it, at every start (overlapped,
        so no reading of the text the scanner may take is missed), until the safe end stops moving."""
        while True:
            safe = _before_crossing(safe, spans)
            if safe >= n:
                return safe  # nothing held: nothing to cross
            moved = False
            for index in windowed:
                deadline.check()
                pattern, gate = self.rules[index][0].pattern, self.gates.get(index)
                for m in pattern.finditer(view, max(lo, safe - self.longest[index]), n, overlapped=True):
                    if m.start() >= safe:
                        break
                    if m.end() > safe and (gate is None or gate(view, m.start())) and not (
                            index in self.spared and self.settled_elsewhere(view, m.start(), n)):
                        spans.append(m.span())
                        moved = True
            if not moved:
                return safe


def verdict_open(view: str, match, group: int, letters: bool, n: int, role_after: bool = False) -> bool:
    """Whether a complete match of a context-scored rule may still be judged otherwise as text arrives: its line goes
    on to the end of the text and the text ends inside a word, which may yet become another word (the words the
    scorers look for end at a word boundary or are looked up whole). The letters scorer reads one word after the
    value or after the match ("tavoreni characters", "as the password manager"): open only while that first word is
    the one being written. The context scorer reads negative words anywhere in the rest of the line after "X is
    the password": open up to AFTER_RADIUS characters past the match, as far as it reads. `role_after` (the value
    before its word, value_before_word.py): its match ends in the credential word, and the word after that one (a
    role word or copula: `şifre olarak`, `PIN is`, `पासवर्ड है`) may make the token a password: open until it has
    ended, whatever its letters (a Devanagari word may end on a virama or vowel sign: no word character)."""
    end, value_end = match.end(), match.end(group)
    if n <= end or view.find("\n", value_end, n) >= 0:
        return False
    if role_after and _ROLE_WORD_OPEN.fullmatch(view, end, n) is not None:
        return True  # attack57: `X now the new şifre ` went out at the blank, then `olarak` made it a password
    if only_marks_between(view, value_end, n):
        return True  # gate50: marks right after the value, which the next char may still make a remark's dash or a
        # cell's bar (`Ann: X -` then ` ok`, `X. -` then ` only`): the scorers read them (answers_question, _own_period)
    if n - value_end <= _KEEP_IT_READS and _keep_it_open(view[value_end:n].translate(_RE_ONLY_FOLDS)):
        return True  # prose52: "X. Don't share it" is still being written: the context scorer takes a device's token
        # when the next sentence says to keep it (KEEP_IT_AFTER), at every blank between its words too
    if _WORD_CHAR.match(view, n - 1) is None:
        return False
    if letters:
        return _FIRST_WORD.fullmatch(view, value_end, n) is not None or _FIRST_WORD.fullmatch(view, end, n) is not None
    return n - end <= AFTER_RADIUS


def _keep_it_open(tail: str) -> bool:
    """Whether the text after a value may still become a keep-it sentence: as written, or once an escape cut at the
    end is read (attack54: `Don&` before `#39;t`; the undisguised view, which the stream also holds, reads it whole)."""
    if _KEEP_IT.match(tail, partial=True) is not None:
        return True
    cut = _UNFINISHED_ESCAPE.search(tail)
    return cut is not None and _KEEP_IT.match(tail, 0, cut.start(), partial=True) is not None


AFTER_RADIUS = AFTER_REACH  # as far as the context scorer reads after the match
_UNFINISHED_ESCAPE = regex.compile(r"(?:&#?[xX]?[0-9A-Za-z]{0,16}|%[0-9A-Fa-f]?|\\[0-9A-Za-z{]{0,10})\Z")
_KEEP_IT = regex.compile(KEEP_IT_AFTER.pattern)  # partial matching: `regex`, not `re`
# attack54: `re`'s ignore-case (the scorer's) folds the dotless i to `i`, `regex`'s does not: "Don't g\u0131ve it" ended
# this hold at `g\u0131` while the scorer took the token. The only such letter of the sentence (every code point tried).
_RE_ONLY_FOLDS = str.maketrans({"\u0131": "i"})
_KEEP_IT_READS = 64  # longer than any KEEP_IT_AFTER match (\"'. please don't share it, blanks up to 8)
# gate50: how many marks (no word char) after the value a scorer reads to decide: `. - x` (a password's own period
# before a lower-case remark, scanner._own_period) is the longest; ` - ` ends an answer line (ANSWER_REST) or an issued
# PIN's clause (ISSUED_PIN_ENDS). attack51: a run of blanks is one mark, as the scorers read it (`[ \t]+` before the
# dash): counted by the char, `Ann: X     -` went out in clear before ` ok` made it an answer.
MARKS_AFTER = 4
_MARKS = re.compile(rf"(?>[ \t\r]+|\W){{0,{MARKS_AFTER}}}")
_WORD_CHAR = re.compile(r"\w")
# The rest of the credential word, then blanks and the word after it still being written (no blank after it yet).
_ROLE_WORD_OPEN = re.compile(r"\S*(?:[ \t]+\S*)?")


def only_marks_between(view: str, start: int, end: int) -> bool:
    """Whether view[start:end] is at most MARKS_AFTER marks on one line (a run of blanks one mark): what a scorer may
    still read as a value's own (`X. ` then `- only`) or as the end of an answer line (`Ann: X -` then ` ok`)."""
    return view.find("\n", start, end) < 0 and _MARKS.fullmatch(view, start, end) is not None
_FIRST_WORD = re.compile(r"[^\w\n]*\w+")
# The same read from the end of the text backwards (reversed): `open_verdict_from`.
_FIRST_WORD_BACKWARDS = re.compile(r"\w+[^\w\n]*")
_ROLE_WORD_BACKWARDS = re.compile(r"\S*(?:[ \t]+\S*)?")


def open_verdict_from(view: str, letters: bool, role_after: bool) -> int:
    """The earliest end of a match from which `verdict_open` may read to the end of the text past any fixed reach
    (wsloop59: a search that begins near the end must still begin before it): the letters scorer's first word after
    the value, behind any run of marks (`mariposa ===...= x`), and the word after the credential word (`role_after`);
    the text's length when neither can."""
    n = len(view)
    if not (letters or role_after) or not n:
        return n
    backwards = view[::-1]
    at = n
    if letters and (found := _FIRST_WORD_BACKWARDS.match(backwards)) is not None:
        at = n - found.end()
    if role_after and (found := _ROLE_WORD_BACKWARDS.match(backwards)) is not None:
        at = min(at, n - found.end())
    return at


# The set bits of each byte value, low to high.
_BYTE_BITS = [tuple(bit for bit in range(8) if value >> bit & 1) for value in range(256)]


def set_bits(mask: int) -> list[int]:
    """The indices of the bits set in ``mask``, ascending: a byte at a time from a table (a stream's window picks
    ~70 rules of 400, and a step per set bit on a 400-bit int cost ~19 us)."""
    return [at + bit for at, value in zip(range(0, mask.bit_length() + 8, 8),
                                          mask.to_bytes((mask.bit_length() + 7) // 8, "little")) if value
            for bit in _BYTE_BITS[value]]


def _same_length_lower(text: str) -> str:
    """`text.lower()` with the same offsets: "İ" (U+0130, the only such letter) lower-cases to two characters,
    which moved the hold of every literal start after it one character to the right (that many went out). Kept as
    it is: it is in no literal start, and the rules read it as no ASCII letter."""
    lower = text.lower()
    return lower if len(lower) == len(text) else "".join(c if c == "\u0130" else c.lower() for c in text)


def reads_decoded(text: str) -> bool:
    """Whether the scanner reads the text with escapes decoded (`\\"` or `\\u`: JSON in a string), or may once
    more arrives (a backslash at the end)."""
    return "\\" in text and (text.endswith("\\") or needs_decoding(escape_kinds(text)))


def decoded_views(text: str) -> list[DecodedView]:
    """The text decoded level by level as the scanner decodes it (scanner.MAX_DECODE_LEVELS: JSON in a string in a
    string), each level while it holds a backslash: one the end cuts off may still open an escape of the next
    level (`AKIA\\\\` + `u0032...`), and an escape the end cuts off (`AKIA\\u00`) is left out, as text still to
    come. `views[-1].text` is what to hold back on; `raw_offset` / `decoded_offset` map offsets."""
    views: list[DecodedView] = []
    decoded = text
    while len(views) < MAX_DECODE_LEVELS and "\\" in decoded:
        decoded = decoded[:_open_escape_start(decoded)]
        views.append(DecodedView(decoded))
        decoded = views[-1].text
    return views or [DecodedView(text)]


def raw_offset(views: list[DecodedView], index: int) -> int:
    """The raw offset of a decoded one (a decoded character: where its escape begins)."""
    for view in reversed(views):
        index = view.to_raw(index)
    return index


def decoded_offset(views: list[DecodedView], raw: int) -> int:
    """The decoded offset of the character at raw offset `raw` (inside an escape: the escape's character, and past
    the decoded text: its end), the inverse of `raw_offset`."""
    for view in views:
        low, high = 0, len(view.text)
        while low < high:  # the largest decoded offset that maps at or before `raw`
            middle = (low + high + 1) // 2
            if view.to_raw(middle) <= raw:
                low = middle
            else:
                high = middle - 1
        raw = low
    return raw


def _open_escape_start(text: str) -> int:
    """Where an escape that the end of the text cuts off begins (`\\`, `\\u00`), or the length: unlike
    `_OPEN_ESCAPE`, an escaped backslash before "u00" (`\\\\u00`) is no open escape of this level."""
    end = len(text)
    i = end
    while i > max(0, end - 3) and text[i - 1] in _HEX:  # up to 3 hex digits of a `\\u` escape
        i -= 1
    head = i - 1 if i > 0 and text[i - 1] == "u" else end  # where the backslashes before it end
    run = 0
    while head - run > 0 and text[head - run - 1] == "\\":
        run += 1
    return head - 1 if run % 2 else end


_HEX = frozenset("0123456789abcdefABCDEF")


def _long_lazy(source: str) -> bool:
    """Whether the regex has a lazy quantifier that may take more than LONG_LAZY characters of its body."""
    return any(m.group(1) is None or not m.group(1) or int(m.group(1)) > LONG_LAZY for m in _LAZY.finditer(source))


def greedy(source: str) -> str:
    """The regex source with every lazy quantifier made greedy: the same language, so the same partial matches, but
    free of a `regex` bug (2026.11.19) where a lazy repeat before a literal of two characters or more reports a
    partial match that runs to the end of the text over characters the repeat cannot take (`a[^|\n]{0,120}?bcd` on
    "a b cd x\nThe quick": partial (0, 18)). `echo X | docker login ... --password-stdin` on one line held the rest
    of the answer to the hold-back's cap, and the stream stopped (attack32, stream34). Possessive quantifiers
    (`*+`) are kept: they are another language."""
    out, i, size = [], 0, len(source)
    while i < size:
        char = source[i]
        if char == "\\":
            out.append(source[i:i + 2])
            i += 2
            continue
        if char == "[":
            end = class_end(source, i)
            out.append(source[i:end])
            i = end
            continue
        if char == "(" and source.startswith("?", i + 1):
            out.append("(?")  # a group's `?` is no quantifier
            i += 2
            continue
        quantifier = _QUANTIFIER.match(source, i)
        if quantifier is None:
            out.append(char)
            i += 1
            continue
        out.append(quantifier.group())
        i = quantifier.end()
        if source.startswith("?", i):
            i += 1  # lazy: dropped
        elif source.startswith("+", i):
            out.append("+")  # possessive: kept
            i += 1
    return "".join(out)


_QUANTIFIER = re.compile(r"[*+?]|\{\d*(?:,\d*)?\}")


def _before_crossing(safe: int, spans: list[tuple[int, int]]) -> int:
    """A complete match that runs into held text is not settled either: the scanner may prefer another
    reading of the held part once more text arrives ("a@b.iox@y.io" + "AKIA..." turns the match of the end into
    one of the start), so it is held from its beginning, and so on for matches that reach into that one."""
    for begin, end in sorted(spans, reverse=True):
        if begin < safe < end:
            safe = begin
    return safe


def _superset_of(source: str, flags: int) -> regex.Pattern | None:
    """`source` without its lookarounds (matches wherever it does, and more), or None if that does not compile (the
    caller then lets any character begin the rule)."""
    try:
        return regex.compile(strip_lookarounds(source), flags)
    except regex.error:
        return None


def _grown(source: str, flags: int, suffix: str = "(?!)") -> regex.Pattern:
    """`source` followed by `suffix`, which never matches: every attempt that runs into the end of the text shows
    as a partial match, even where the pattern has a complete one (which `regex` would report instead)."""
    head = _GLOBAL_FLAGS.match(source)
    prefix, body = (head.group(), source[head.end():]) if head else ("", source)
    return regex.compile(f"{prefix}(?:{body}){suffix}", flags)


_BY_SCANNER: dict[int, tuple[object, Holdback]] = {}


def literal_starts(source: str) -> list[str] | None:
    """Lower-cased literals one of which every match of the regex begins with, or None if unknown.

    Zero-width items (\\b, lookarounds) are skipped; an alternation counts only if every branch has one.
    Uses the stdlib parser, like rules.max_match_length; regex-module-only syntax gives None (always run).
    """
    try:
        starts = _starts(list(sre_parse.parse(source)))
    except Exception:
        return None
    if not starts or min(map(len, starts)) < MIN_LITERAL:
        return None
    return sorted({s.lower() for s in starts})


def _starts(items) -> list[str] | None:
    out = [""]
    for op, av in items:
        if op in (sre_c.AT, sre_c.ASSERT, sre_c.ASSERT_NOT):
            continue
        if op == sre_c.LITERAL:
            out = [o + chr(av) for o in out]
            continue
        if op == sre_c.IN and 0 < len(av) <= MAX_CLASS and all(kind == sre_c.LITERAL for kind, _ in av):
            out = [o + chr(code) for o in out for _, code in av]  # a small class like [pw]: each choice
            continue
        if op == sre_c.SUBPATTERN:
            inner = _starts(list(av[3]))
        elif op == sre_c.BRANCH:
            inner = []
            for branch in av[1]:
                found = _starts(list(branch))
                if not found:
                    inner = None
                    break
                inner += found
        else:
            inner = None
        if inner:
            return [o + i for o in out for i in inner]
        break
    return out if out != [""] else None


def _keyword_near(view: str, begin: int, end: int, keywords: tuple[str, ...], radius: int) -> bool:
    near = view[max(0, begin - radius): end + radius].lower()
    return any(k in near for k in keywords)



# Zero-width tests at the end of the text read no character, so `regex` reports no partial match for a path that stops
# at one, though more text may change its truth: ` \bf` on "x " finds nothing, "x f" matches from 1; `(?!\bis\b)` fails
# on "... is" and holds on "... island". `end_flagged` rewrites them so that each path stopping there shows:
# where the test counts for a match (even nesting of negative lookarounds), at the end it may also pass by a lookahead
# that reads a character (`\b` -> `(?:\b|\Z(?=[\s\S]))`: partial there, the same elsewhere); inside a negative
# lookaround, it fails at the end (`(?:\b(?!\Z))`: the lookaround holds, the path goes on and shows).
_BOUNDARIES = frozenset("bBmM")  # may be false at the end and true once text follows
# `$`, `\Z`, `\z` are true at the end and may be false once text follows: rewritten only inside a negative lookaround.
_READS = r"(?=[\s\S])"
# A test at a match's start (`(?i)\b(?:...|\bmysql...`: before any character is read) is never at the end of a text
# that holds a character of the match: it is left as it is, and keeps `regex`'s search shortcuts (gates ~5x faster).
_FLAG_GROUP = re.compile(r"\(\?[a-zA-Z]*\)")
_OPENER = re.compile(r"\((?:\?(?:[:=!>|]|<[=!]|P?<\w+>|[a-zA-Z-]+:))?")


def end_flagged(source: str, flags: int, starts_kept: bool = True) -> str | None:
    """A superset of the regex `source` whose partial search reports every start from which a match may still exist
    once text is appended (as `regex` reports a path that reads past the end). None where that cannot be said from
    the source: a conditional, `\\G` (it depends on the search's start), verbose mode, unbalanced groups.
    `starts_kept`: tests at the match's start are left as they are (redone without, where a group that begins there
    repeats: its next round does not)."""
    if flags & regex.VERBOSE or "(?x" in source or "(?(" in source:
        return None
    out: list[str] = []
    negatives: list[int] = []  # per open group: how many negative lookarounds enclose its contents
    starts: list[bool] = []  # per open group: whether its branches begin where the match begins
    at_start = starts_kept  # nothing read yet on this path: a test here is at the match's start
    i, size = 0, len(source)
    while i < size:
        char = source[i]
        negated = bool(negatives) and negatives[-1] % 2 == 1
        if at_start and (flag_group := _FLAG_GROUP.match(source, i)):
            out.append(flag_group.group())
            i = flag_group.end()
            continue
        if char == "\\":
            escaped = source[i + 1:i + 2]
            if escaped == "G":
                return None
            token = source[i:i + 2]
            if (escaped in _BOUNDARIES or escaped in "Zz") and not at_start:
                if negated:
                    token = f"(?:{token}(?!\\Z))"
                elif escaped in _BOUNDARIES:
                    token = f"(?:{token}|\\Z{_READS})"
            out.append(token)
            at_start = at_start and escaped in _BOUNDARIES  # a boundary reads nothing; any other escape may
            i += 2
            continue
        if char == "[":
            try:
                end = class_end(source, i)
            except Exception:
                return None
            out.append(source[i:end])
            i = end
            at_start = False
            continue
        if char == "(":
            outer = negatives[-1] if negatives else 0
            negatives.append(outer + 1 if source.startswith(("(?!", "(?<!"), i) else outer)
            # A lookbehind reads back from the start; a lookahead reads on, maybe to the end.
            looks_ahead = source.startswith(("(?=", "(?!"), i)
            starts.append(at_start and not looks_ahead)
            at_start = starts[-1]
            opener = _OPENER.match(source, i)
            assert opener is not None  # it matches "(" at least
            out.append(opener.group())
            i = opener.end()
            continue
        elif char == ")":
            if not negatives:
                return None
            negatives.pop()
            if starts.pop() and source[i + 1:i + 2] in ("*", "+", "{"):
                return end_flagged(source, flags, starts_kept=False)
            at_start = False
        elif char == "|":
            at_start = starts[-1] if starts else True
        elif char == "$" and negated:
            at_start = False
            out.append("(?:$(?!\\Z))")
            i += 1
            continue
        else:
            at_start = False
        out.append(char)
        i += 1
    return "".join(out) if not negatives else None
