"""probe47: an attacker's look at session 27's two detection changes.

1. hold46 (detect/end_blind.py `blind_at_end`, holdback.Holdback.blind_gate): where the `regex` module's partial search
   is blind at the end of a text (a `\\b` after a possible symbol, `\\B`, a `\\b` / `$` in a negative lookaround, a lazy
   repeat before a lookbehind), the plain hold-back searches the rule's `end_flagged` form too. Held on every attack:
   - a brute-force oracle on every shipped rule: each example cut at every position, completed by its own rest or one
     of 14 small extensions; wherever a match of the completed text crosses the cut and the rule's own partial search
     (the rule followed by `(?!)`, as `growth_start`) shows nothing from its start, the rule is one `blind_at_end` flags
     and its gate shows it (62 such cuts, all generic-password-entered's lazy repeat);
   - random regexes over `a - b`, `\\w \\W [a-]`, `\\b \\B $ \\Z`, lazy / possessive / atomic repeats and all four
     lookarounds, every text of 1-4 characters against every completion of 1-3: 2,500 regexes, 46 blind ones, all
     flagged and all shown by their gate (a sample below);
   - the 14 flagged rules' examples streamed as chat deltas cut in two at every position (16,998 streams) and one
     character a delta (316): the client's text is always a prefix of the whole text masked (the sweep below is a
     sample: each flagged rule's first example).
   FOUND, closed after the probe: `end_blind` read word characters as the stdlib `re` does, the rules run on
   `regex`; a `\\b` / `\\B` after a combining mark or a non-decimal numeric was misread (no shipped rule affected).
2. leak46 (Scanner._second_look blanks a found value's block: the lines above it and its status lines). A value found
   at d2d15cc and lost now: none in 4,456 texts (every rule's examples and negative examples, tests/data/eval), 12,870
   heads x status-line tails, 960 tables with a user row above a found value and a `pass` row after it, and 30,000
   random pairs of generic-* examples with status lines between and a user row / <User> / USER / question above
   (old 9 rescued by the second look, now 69, none lost). What the first look finds the second never removes; its
   first round blanks a superset of d2d15cc's lines, and the positive readings of other lines (a user row above a
   `pass` row, a <User> element, a label or question line above) belong to verdicts that read no negative word of
   another line, so none of them was rejected first and rescued at d2d15cc.
   LEAK (closed after the probe: the second look now looks until a round adds nothing): it stopped after 3 rounds.
   Entries whose status line carries a negative word for the next one (`password X\\n230 Password reset required\\n`,
   repeated) are found one a round: the first look finds the first, three rounds three more, and the fifth value on
   is sent in clear (d2d15cc found only the first: no regression, but a chain the attacker lengthens at will).
   Masking is then not idempotent: the masked text's placeholders are blanked from the first round, so a second pass
   masks three more.
"""

from __future__ import annotations

import itertools
import random

import pytest
import regex

from addons.detect import Scanner
from addons.detect.end_blind import blind_at_end
from addons.detect.holdback import Holdback, _grown, end_flagged, greedy
from addons.detect.vocabulary import MASKED_PREFIX

SCANNER = Scanner.default()

FLAGGED = ["generic-password", "generic-password-prose", "generic-password-entered", "generic-password-letters",
           "generic-login-pair", "generic-password-cli", "generic-password-sql", "generic-password-os-account",
           "generic-password-cracked", "generic-password-named-value", "generic-password-key-name",
           "generic-password-stdin-pipe", "phone-us",
           # sov57: its lazy run of up to three words before a `\b` of the word (and the conjunction lookahead) is
           # blind at the end: its end-flagged form is searched too, as for the others
           "generic-password-value-first-lite"]
EXTENSIONS = ["a", "Z", "0", "=", "%", " ", "\n", "_", "-", "aQ7x!Lm9k ", "'", '"', ";", "."]


def _shows(pattern: regex.Pattern, grown: regex.Pattern, text: str, start: int) -> bool:
    """Whether a match from `start` or before is in view at the end of `text`: a complete one touching the end, or a
    path that reads past the end (`grown`: the pattern followed by `(?!)`, as Holdback.growth_start)."""
    if any(m.end() == len(text) and m.start() <= start for m in pattern.finditer(text, overlapped=True)):
        return True
    pos = 0
    while pos <= start:
        m = grown.search(text, pos, partial=True)
        if m is None or m.start() > start:
            return False
        if m.partial:
            return True
        pos = m.start() + 1
    return False


def _blind_cuts(rule_index: int) -> list[tuple[str, int, bool]]:
    """Each (text, match start, shown by the rule's blind gate) where a match of an example completed crosses the cut
    and the rule's own partial search does not show it."""
    rule = SCANNER.rules[rule_index]
    pattern, grown = rule.pattern, _grown(rule.pattern.pattern, rule.pattern.flags)
    gate = Holdback.for_scanner(SCANNER).blind_gate(rule_index)
    gate_grown = None if gate is None else _grown(gate.pattern, gate.flags)
    out, seen = [], set()
    for example in rule.examples:
        for cut in range(1, len(example)):
            text = example[:cut]
            for rest in [example[cut:], *EXTENSIONS]:
                for m in pattern.finditer(text + rest, overlapped=True):
                    if not m.start() < cut <= m.end() or (m.start(), cut) in seen:
                        continue
                    seen.add((m.start(), cut))
                    if not _shows(pattern, grown, text, m.start()):
                        shown = gate is not None and gate_grown is not None and _shows(gate, gate_grown, text,
                                                                                       m.start())
                        out.append((text, m.start(), shown))
    return out


def test_the_fourteen_flagged_rules_are_those_end_blind_names():
    assert sorted(r.id for r in SCANNER.rules if blind_at_end(r.pattern.pattern)) == sorted(FLAGGED)


# The three rules with the most cuts (~1 s of CPU each) sweep in the full suite; the unit loop keeps the other 12, among
# them generic-password-entered, whose lazy repeat is the one shipped rule its own search is blind to.
SLOW_CUTS = ("generic-password-named-value", "generic-password-letters", "generic-password-cli")


@pytest.mark.sweep_sample(lambda rule_id: rule_id not in SLOW_CUTS)
@pytest.mark.parametrize("rule_id", [*FLAGGED, "bitbucket-app-password", "twitter-bearer-token"])
def test_every_cut_of_a_flagged_rule_s_examples_its_own_search_misses_its_gate_shows(rule_id):
    index = next(i for i, r in enumerate(SCANNER.rules) if r.id == rule_id)
    missed = _blind_cuts(index)
    assert all(shown for _text, _start, shown in missed), [(t[-30:], s) for t, s, shown in missed if not shown]
    if missed:  # only a rule end_blind names can be blind (generic-password-entered's lazy repeat, here)
        assert blind_at_end(SCANNER.rules[index].pattern.pattern)


def _random_regex(rng: random.Random, depth: int) -> str:
    atoms = ["a", "-", "b", "[a-]", r"\w", r"\W", r"\b", r"\B", "$", r"\Z"]
    roll = rng.random()
    if depth <= 0 or roll < 0.3:
        return rng.choice(atoms)
    if roll < 0.5:
        return _random_regex(rng, depth - 1) + _random_regex(rng, depth - 1)
    if roll < 0.6:
        return f"(?:{_random_regex(rng, depth - 1)}|{_random_regex(rng, depth - 1)})"
    if roll < 0.75:
        quantifier = rng.choice(["*", "+", "?", "{0,2}", "{1,3}"]) + rng.choice(["", "", "?", "+"])
        return f"(?:{_random_regex(rng, depth - 1)}){quantifier}"
    if roll < 0.8:
        return f"(?>{_random_regex(rng, depth - 1)})"
    return rng.choice(["(?=", "(?!", "(?<=", "(?<!"]) + _random_regex(rng, depth - 1) + ")"


def test_random_regexes_blind_at_the_end_are_flagged_and_shown_by_their_gate():
    rng = random.Random(47)
    texts = ["".join(p) for n in range(1, 4) for p in itertools.product("a-b", repeat=n)]
    completions = ["".join(p) for n in range(1, 3) for p in itertools.product("a-b", repeat=n)]
    blind_seen, misses = 0, []
    for _ in range(120):
        source = _random_regex(rng, 4)
        try:
            pattern, grown = regex.compile(source), _grown(source, 0)
        except regex.error:
            continue
        flagged = end_flagged(greedy(source), 0)
        gate = None if flagged is None else regex.compile(flagged)
        for text in texts:
            starts = sorted({m.start() for rest in completions for m in pattern.finditer(text + rest, overlapped=True)
                             if m.start() < len(text) <= m.end()})
            for start in starts:
                if _shows(pattern, grown, text, start):
                    continue
                blind_seen += 1
                shown = gate is not None and _shows(gate, _grown(flagged, 0), text, start)  # type: ignore[arg-type]
                if blind_at_end(source) is None or not shown:
                    misses.append((source, text, start))
                break
    assert not misses
    assert blind_seen  # the sample holds blind regexes (the oracle can tell)


# Closed (the lead, after probe47; it was a strict xfail): end_blind told a word character from another with the
# stdlib `re` (`_Walk.word`), the rules run
# on `regex`, and the two disagree on combining marks (Devanagari's vowel signs and virama, Thai vowels: word characters
# for `regex`, not for `re`) and on numerics that are no decimal digit (`½`, `²`: word characters for `re` only). A `\b`
# or `\B` after one is then misread: each regex below is blind at the cut (its own partial search shows nothing,
# the whole text matches) and `blind_at_end` says None. No shipped rule is affected: the only one holding such
# characters, generic-password-prose (21 marks), is flagged for its `(?!...\b)` and its gate rewrites every `\b`.
# `_Walk.word` / `non_word` are now compiled with `regex`: all three are flagged, and still the same 14 shipped rules.
MISREAD_WORD_CHARACTERS = [("(?!\u0915\u093e\\b)\u0915\u093e\\w+", "\u0915\u093e", "\u0915\u093e\u092f\u0930"),
                           ("\u00bd\\b[a-z]+", "\u00bd", "\u00bdabc"),
                           ("a\u0301\\Bb", "a\u0301", "a\u0301b")]


@pytest.mark.parametrize("source, cut, whole", MISREAD_WORD_CHARACTERS)
def test_a_boundary_after_a_character_re_and_regex_read_differently_is_flagged(source, cut, whole):
    pattern = regex.compile(source)
    assert pattern.match(whole) is not None and not _shows(pattern, _grown(source, 0), cut, 0)  # blind there
    assert blind_at_end(source) is not None


# ---- 2. leak46's second look --------------------------------------------------------------------------------------
def _found(text: str) -> set[str]:
    return {text[f.start:f.end] for f in SCANNER.scan(text)}


HASH_HEAD = "$u->password = Hash::make('4821');\n"


@pytest.mark.parametrize("text, value", [
    # the next entry's login line a status line of the first credential's block (blanked now, unlike d2d15cc)
    (HASH_HEAD + "+OK login ops\npassword tarnfescue\n", "tarnfescue"),
    (HASH_HEAD + "230 Logged in\nlogin ops\npassword tarnfescue\n", "tarnfescue"),
    (HASH_HEAD + "235 2.7.0 login ops\npassword tarnfescue\n", "tarnfescue"),
    # a user row, a USER line, a netrc machine line above a found value: blanked as its block, read by the next
    ("| user | ops |\n| password | Tern8-Quay4 | forgot? reset it |\n| pass | Heron!Lake29 |\n", "Heron!Lake29"),
    ("USER backup\n" + HASH_HEAD + "PASS Heron!Lake29\n", "Heron!Lake29"),
    ("machine files.corp.test\n" + HASH_HEAD + "login ops\npassword tarnfescue\n", "tarnfescue"),
    ("The demo instance accepts ``ops`` with password ``Quoll!Fen34``; it is reset nightly.\n\n"
     "machine files.corp.test\nlogin ops\npassword tarnfescue\n", "tarnfescue"),
])
def test_a_value_the_one_round_second_look_found_is_still_found(text, value):
    """Found at d2d15cc (lines of findings blanked, one round) and now: what the block blanking takes away (a user row,
    a status line, a machine line above) is read by no verdict that a negative word of another line rejected."""
    assert value in _found(text)


CHAIN = ["tarnfescue", "quillmarten", "heronbasalt", "kettlewren", "brindlecove", "puffinkrill", "sedgeorchid"]


def _chain(values: list[str], status: str = "230 Password reset required") -> str:
    return "".join(f"password {value}\n{status}\n" for value in values)


def test_a_chain_of_four_entries_each_after_the_last_one_s_status_line_is_found():
    """Each directive reads `reset` in the status line above it (its block before, not its own); the first look finds
    the first and each round of the second look one more."""
    assert _found(_chain(CHAIN[:4])) == set(CHAIN[:4])


@pytest.mark.parametrize("status", ["230 Password reset required", "+OK reset required"])
def test_every_entry_of_a_longer_chain_is_found(status):
    """Closed (the lead, after probe47): the fifth entry on was sent in clear while the second look stopped after three
    rounds; it now looks again until a round adds nothing."""
    assert _found(_chain(CHAIN, status)) == set(CHAIN)


def test_a_chain_as_long_as_the_attacker_likes_is_found_whole_or_the_scan_says_it_is_incomplete():
    """Each round finds one more entry, so a long enough chain outlasts the time budget: then the scan reports itself
    incomplete (the proxy refuses the body), never a complete scan that left an entry unread."""
    tails = ("ash", "bog", "cairn", "dell", "eyot", "fell", "gill", "holm", "ing", "knap", "lea", "mere", "ness",
             "ousel", "pike", "quag", "rill", "scar", "tor", "wold")
    values = [f"{word}{tail}" for tail in tails for word in CHAIN]  # letters only: each read with its context
    text = _chain(values)
    report = SCANNER.scan_report(text)
    found = {text[f.start:f.end] for f in report.findings}
    assert report.incomplete or found >= set(values), (report.skipped, len(found))


def test_masking_a_longer_chain_is_idempotent():
    """Closed with the chain above: the masked text's placeholders are blanked from the first round, and every entry
    was masked, so a second pass finds nothing more."""
    text = _chain(CHAIN)
    spans = sorted((f.start, f.end) for f in SCANNER.scan(text))
    masked, at = "", 0
    for start, end in spans:
        masked += text[at:start] + MASKED_PREFIX + "generic-password-directive:0d65db]"
        at = end
    masked += text[at:]
    assert [masked[f.start:f.end] for f in SCANNER.scan(masked) if MASKED_PREFIX not in masked[f.start:f.end]] == []


def test_a_twitter_token_ending_in_percent_before_a_word_character_is_found_whole():
    # The rule's end was `\b`: false after `%` when the scanner confirms with the text cut at the match's end, so a
    # token ending in `%` right before `_` was reported one character short (and the rule needed a blind gate).
    token = "A" * 22 + "Bx7Kq2Lm9Zp4Rt6Wv8Yb3Nc5Df1Gh0Jk2Ls4Qw6Er8Ty0Ui3Op5As7Dg9Fj2Hk4Zx6Cv8Bn1Mq3We5Rt7%2F%"
    text = f"TWITTER_BEARER_TOKEN={token}_staging"
    spans = [(f.start, f.end) for f in SCANNER.scan(text) if f.rule_id == "twitter-bearer-token"]
    start = text.index(token)
    assert spans == [(start, start + len(token))]
