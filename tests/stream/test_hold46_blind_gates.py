"""hold46: the plain hold-back (detect/holdback.py) searches a rule's `end_flagged` form (`Holdback.blind_gate`) besides
the rule itself where the rule's partial search may be blind at the end of the text (detect/end_blind.py: a `\\b` that
may follow a symbol, a `\\b` or `$` inside a negative lookaround, a lazy repeat before a lookbehind). probe45's unquoted
Oracle password ("IDENTIFIED BY values" + "Q!" + "Lm9k-Tarn-Fescue;") is held from IDENTIFIED and masked whole.

The equivalence, on generated streams of the plain rules' examples, the probe45 SQL shapes and prose, cut at random
and in single characters, fed as the masker feeds them (`start` = what was released): at every call the new safe
end is at or before the one of the hold-back before hold46 (it never releases more), and at or before the one of a
hold-back gating every rule `end_flagged` rewrites (the detector misses no rule that the blanket gating would hold
on). Each comparison is seen failing on a deliberately broken variant: the hold-back before hold46 (no gates) against
the blanket one, and a gate searched instead of the rule (not besides it) against the one before hold46."""

from __future__ import annotations

import random

import pytest

from addons.detect import Scanner
from addons.detect.end_blind import blind_at_end
from addons.detect.holdback import Holdback
from tests.stream import support


class HoldbackBeforeHold46(Holdback):
    """The plain hold-back as it was before hold46: every rule's own partial search only."""

    def blind_gate(self, index: int):
        return None


class BlanketGates(Holdback):
    """Every rule that `end_flagged` rewrites gated (256 of the shipped 404): the reference for the detector."""

    def blind_gate(self, index: int):
        if index not in self._blind_gates:
            gate = self.end_gate(index)
            self._blind_gates[index] = None if gate is self.rules[index][0].pattern else gate
        return self._blind_gates[index]


class GateInsteadOfRule(Holdback):
    """Broken on purpose: a blind rule's gate searched instead of the rule's own pattern, not besides it."""

    def open_matches(self, index: int, view: str, lo: int, n: int, flagged: bool = False):
        if not flagged and self.blind_gate(index) is not None:
            return iter(())
        return super().open_matches(index, view, lo, n, flagged)


SCANNER = Scanner.default()
PLAIN = {rule.id for rule in SCANNER.rules} - set(support.value_rules(SCANNER))


@pytest.fixture(scope="module")
def shipped() -> dict[str, Holdback]:
    return {name: cls(SCANNER).only(PLAIN) for name, cls in
            (("new", Holdback), ("before", HoldbackBeforeHold46), ("blanket", BlanketGates),
             ("gate-instead", GateInsteadOfRule))}


GATED = sorted(SCANNER.rules[i].id for i in range(len(SCANNER.rules))
               if Holdback.for_scanner(SCANNER).blind_gate(i) is not None)
BLIND_EXAMPLES = [example for rule in SCANNER.rules if rule.id in PLAIN and rule.id in GATED
                  for example in rule.examples]
EXAMPLES = [example for rule in SCANNER.rules if rule.id in PLAIN for example in rule.examples]
SQL = ["GRANT CONNECT TO app IDENTIFIED BY ", "create user report identified by ", "ALTER USER app IDENTIFIED BY "]
SQL_VALUES = ["values", "password", "VALUES", "pass", "valu", "Values"]
SQL_ENDS = ["Q!Lm9k-Tarn;", "_7!Heron#Lake27;", " ;", "\n", "", "Q7x!Lm9k;\n"]
PROSE = ["the", "model", "writes", "an", "answer", "is", "values", "password", "token:", "key", "=", "user", "42",
         "IDENTIFIED BY", "GRANT CONNECT TO app", "here", "\n", "done.", "%", "-", ".", "+1", "Bearer"]


def generated(seed: int) -> tuple[str, list[int]]:
    rng = random.Random(seed)
    parts = []
    for _ in range(rng.randint(1, 5)):
        draw = rng.random()
        if draw < 0.25:
            parts.append(rng.choice(BLIND_EXAMPLES))
        elif draw < 0.4:
            parts.append(rng.choice(EXAMPLES))
        elif draw < 0.6:
            parts.append(rng.choice(SQL) + rng.choice(SQL_VALUES) + rng.choice(SQL_ENDS))
        else:
            parts.append(rng.choice(PROSE))
    text = rng.choice([" ", "\n", "", "="]).join(parts) + " end"
    if rng.random() < 0.15:
        return text, list(range(1, len(text) + 1))  # single characters
    cuts = sorted(rng.sample(range(1, len(text)), min(len(text) - 1, rng.randint(1, 12))))
    return text, [*cuts, len(text)]


def releases_more(tested: Holdback, reference: Holdback, text: str, ends: list[int]) -> list[tuple]:
    """Feed `text` growing to each of `ends` (start: what both released): the calls where `tested` releases more."""
    out = []
    start = 0
    for n in ends:
        got, want = tested.safe_end(text[:n], start), reference.safe_end(text[:n], start)
        if got > want:
            out.append((n, start, got, want, text[max(0, want - 10):n]))
        start = max(start, min(got, want))
    return out


def releases_more_than_each(tested: Holdback, references: dict[str, Holdback], text: str,
                            ends: list[int]) -> dict[str, list[tuple]]:
    """`releases_more` against each reference, in one pass: `tested` is asked once per call and start, where two
    references' starts are the same (they differ only after the references differ), not once per reference (its
    answers are the same: the comparisons unchanged, a quarter of the sweep's safe-end calls fewer, suite63)."""
    out: dict[str, list[tuple]] = {name: [] for name in references}
    starts = dict.fromkeys(references, 0)
    for n in ends:
        prefix, got_from = text[:n], {}
        for name, reference in references.items():
            start = starts[name]
            if start not in got_from:
                got_from[start] = tested.safe_end(prefix, start)
            got, want = got_from[start], reference.safe_end(prefix, start)
            if got > want:
                out[name].append((n, start, got, want, text[max(0, want - 10):n]))
            starts[name] = max(start, min(got, want))
    return out


def assert_never_releases_more(shipped, seeds: range) -> None:
    references = {name: shipped[name] for name in ("before", "blanket")}
    for seed in seeds:
        text, ends = generated(seed)
        assert releases_more_than_each(shipped["new"], references, text, ends) == {"before": [], "blanket": []}, \
            (seed, text)


@pytest.mark.parametrize("seeds", [range(0, 40), pytest.param(range(40, 80), marks=pytest.mark.slow)])  # loop: 40
def test_the_gated_hold_back_never_releases_more_than_before_or_than_gating_every_rule(shipped, seeds):
    assert_never_releases_more(shipped, seeds)


@pytest.mark.slow  # 1,200 more streams
@pytest.mark.parametrize("seeds", [range(80 + 200 * k, 280 + 200 * k) for k in range(6)])
def test_the_gated_hold_back_on_many_more_streams(shipped, seeds):
    assert_never_releases_more(shipped, seeds)


def test_the_sweep_holds_earlier_than_before_somewhere(shipped):
    """The streams reach the blind spot: the gated hold-back holds earlier than the one before hold46 on some."""
    earlier = 0
    for seed in range(0, 80):
        text, ends = generated(seed)
        earlier += len(releases_more(shipped["before"], shipped["new"], text, ends))
    assert earlier > 0


def test_the_comparison_with_blanket_gates_catches_the_hold_back_before_hold46(shipped):
    """Broken variant 1: no gates (the plain hold-back before hold46) releases what gating every rule holds."""
    caught = [seed for seed in range(0, 80)
              if releases_more(shipped["before"], shipped["blanket"], *generated(seed))]
    assert caught
    text = "GRANT CONNECT TO app IDENTIFIED BY valuesQ!Lm9k-Tarn-Fescue;\n"
    ends = [len("GRANT CONNECT TO app IDENTIFIED BY values"), len(text) - 18, len(text)]
    assert releases_more(shipped["before"], shipped["blanket"], text, ends)
    assert not releases_more(shipped["new"], shipped["blanket"], text, ends)


HAZARD_RULES = """rules:
  - id: word-unless-ended
    description: a code after a colon unless it is the word "none" on its own, or "none" ended
    references: ['https://example.invalid/hold46']
    category: secret
    classification: confidential
    tier: precise
    regex: '(code:(?!none\\b)|code:none)'
    examples: ['code:none']
"""


@pytest.fixture(scope="module")
def hazard_scanner(tmp_path_factory) -> Scanner:
    path = tmp_path_factory.mktemp("hold46") / "rules.yaml"
    path.write_text(HAZARD_RULES)
    return Scanner.from_rules([path])


def test_the_comparison_with_before_catches_a_gate_searched_instead_of_the_rule(hazard_scanner):
    """Broken variant 2: on "code:none" the rule's own first reading is the second branch, a complete match touching
    the end (held); its gate's is the first branch, "code:" (the lookahead's `\\b` is made false at the end), complete
    before the end, and the gate's grown form cannot show the second branch (it completes at the end). Searched
    instead of the rule, the gate releases it; besides it, nothing is released that was held before."""
    text, ends = "code:none", [len("code:none")]
    before, broken, new = (cls(hazard_scanner) for cls in (HoldbackBeforeHold46, GateInsteadOfRule, Holdback))
    assert new.blind_gate(0) is not None
    assert before.safe_end(text) == 0
    assert releases_more(broken, before, text, ends)
    assert not releases_more(new, before, text, ends)


@pytest.mark.parametrize("source, construct", [
    (r"=\bx", r"\b"),  # `\b` after a symbol: false at the end, true once a letter follows
    (r"ATBB[A-Za-z0-9_=.-]{32}\b", r"\b"),
    (r"a\Bb", r"\B"),
    (r"x(?!(?:password|values)\b)", r"negated \b"),
    (r"x(?!a$)", "negated end of text"),
    (r"a\w{0,5}?(?<!ab)c", "lazy repeat before a lookbehind"),
    (r"(?<=foo=\b)x", r"\b"),  # at a lookbehind's right end: at the end of the text when tried there
    (r"(?P<s>x)|(?P<s>y=)\b", r"\b"),  # a name given twice (as `regex` allows): still read
    (r"\p{L}=\b", "unparsed"),  # `regex`-only syntax: cannot tell, so gated
    (r"\bAKIA[0-9A-Z]{16}\b", None),  # leading `\b`; trailing after word characters only: true at the end
    (r"(?i)\b(?:token|key)\b[ :=]+", None),
    (r"(?<=\bfoo)x", None),  # inside a lookbehind, not at its right end
    (r"(?<![\w])pass(?!word)", None),
    (r"[^\n]{0,40}?(?:x|y)\b", None),  # lazy, no lookbehind after it
])
def test_blind_at_end_names_the_construct(source, construct):
    assert blind_at_end(source) == construct


def test_the_shipped_rules_gated_are_few_and_include_probe45s():
    """The gates cost a second search per delta for the rules they cover: the detector leaves out the rules whose
    rewrite changes nothing at the end of a text (most of the 256 `end_flagged` rewrites: a leading `\\b`, or a
    trailing one after word characters)."""
    assert "generic-password-sql" in GATED
    assert len(GATED) < 40 < len(SCANNER.rules)


def test_a_bitbucket_key_cut_after_a_trailing_symbol_is_held_by_its_own_rule():
    """The rule's trailing `\\b` is written as lookarounds since hold46 (the scanner reads the character after the key):
    after "=" at the end of the text its lookahead reads past the end, a partial match; no gate needed."""
    index = [rule.id for rule in SCANNER.rules].index("bitbucket-app-password")
    hb = Holdback.for_scanner(SCANNER).only(["bitbucket-app-password"])
    assert hb.blind_gate(index) is None
    assert hb.safe_end("Use ATBB1AKD5DnxdtAuJvMtdpcOV2yK4152572=") == 4


@pytest.mark.parametrize("fragments", [
    ["GRANT CONNECT TO app IDENTIFIED BY values", "Q!", "Lm9k-Tarn-Fescue;\n"],
    ["ALTER USER app IDENTIFIED BY password", "7!", "Lm9k-Tarn-Fescue;\n"],
])
def test_the_plain_hold_back_keeps_the_unquoted_value_from_identified(fragments):
    """The sql rule's hold alone (no other rule holding "values" / "password"): from IDENTIFIED at every cut."""
    hb = Holdback.for_scanner(SCANNER).only(["generic-password-sql"])
    statement = fragments[0].index("IDENTIFIED")
    text = ""
    for fragment in fragments[:-1]:
        text += fragment
        assert hb.safe_end(text, 0) <= statement, text
