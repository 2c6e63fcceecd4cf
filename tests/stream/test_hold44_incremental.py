"""The value hold-back's incremental scan (stream/value_holdback.py `_first_start`, detect/holdback.py
`end_flagged`) holds what the full scan of every rule from `lo` holds, or more: on generated streams of the shipped
value rules' examples among prose, split at random and in single characters, each call's safe end is at or before
the reference's and its context start too. A gate that trusts `regex`'s partial matches as they are (no end flags)
is caught: `\\b` after a space at the end of the text is no partial match, though the next character may make one."""

from __future__ import annotations

import random

import pytest

from addons.detect import Scanner
from addons.detect.holdback import Holdback, end_flagged
from addons.stream import value_holdback
from tests.stream import support

SCANNER = Scanner.default()
PREFIXES = support.value_rules(SCANNER)
EXAMPLES = sorted(example for rule in SCANNER.rules if rule.id in PREFIXES for example in rule.examples)
PROSE = ["the", "model", "writes", "an", "ordinary", "answer", "is", "island", "password", "token:", "key", "=",
         "user", "42", "--password", "mysql", "-p", "wifi:", "postgres://", "here", "\n", "it's", "done."]


def pair(scanner: Scanner, rule_ids: set[str], prefixes) -> tuple[value_holdback.ValueHoldback, ...]:
    holdback = Holdback.for_scanner(scanner)
    return (value_holdback.ValueHoldback(holdback, {i: p for i, p in prefixes.items() if i in rule_ids}, False),
            value_holdback.ValueHoldback(holdback, {i: p for i, p in prefixes.items() if i in rule_ids}))


def differences(reference, incremental, text: str, ends: list[int], follow_anchor: bool) -> list[tuple]:
    """Feed `text` growing to each of `ends` as the masker does (start: what was released; since: the last context
    start, or 0): the calls where the incremental hold-back releases more, or re-reads less, than the reference."""
    out = []
    start = since = 0
    for n in ends:
        prefix = text[:n]
        want = reference.hold(prefix, start, since)
        got = incremental.hold(prefix, start, since)
        if got[0] > want[0] or got[1] > want[1]:
            out.append((n, start, since, got, want))
        start = max(start, min(want[0], got[0]))
        if follow_anchor:
            since = min(want[1], got[1])
    return out


def generated(seed: int) -> tuple[str, list[int]]:
    rng = random.Random(seed)
    words = [rng.choice(EXAMPLES) if rng.random() < 0.4 else rng.choice(PROSE) for _ in range(rng.randint(1, 5))]
    text = rng.choice([" ", "\n", "", "="]).join(words) + " end"
    if rng.random() < 0.15:
        return text, list(range(1, len(text) + 1))  # single characters
    cuts = sorted(rng.sample(range(1, len(text)), min(len(text) - 1, rng.randint(1, 12))))
    return text, [*cuts, len(text)]


ALL_VALUES = set(PREFIXES)


# Seeds whose stream shows a gap of its own, pinned by a strict xfail below rather than stopping the sweep there.
SEEDS_PINNED = {30, 68}


def assert_holds_at_least_the_full_scan(seeds: range) -> None:
    reference, incremental = pair(SCANNER, ALL_VALUES, PREFIXES)
    for seed in seeds:
        if seed in SEEDS_PINNED:
            continue
        text, ends = generated(seed)
        for follow in (True, False):
            assert not differences(reference, incremental, text, ends, follow), (seed, text)


@pytest.mark.parametrize("seeds", [range(0, 15), pytest.param(range(15, 30), marks=pytest.mark.slow)])  # loop: 15
def test_the_incremental_hold_back_holds_at_least_what_the_full_scan_holds(seeds):
    assert_holds_at_least_the_full_scan(seeds)


@pytest.mark.slow  # 300 more streams
@pytest.mark.parametrize("seeds", [range(30 + 50 * k, 80 + 50 * k) for k in range(6)])
def test_the_incremental_hold_back_on_many_more_streams(seeds):
    assert_holds_at_least_the_full_scan(seeds)


@pytest.mark.xfail(strict=True, raises=AssertionError,
                   reason="EVASION.md section 2a, 'the incremental hold-back's end gate for generic-login-pair': the "
                          "rule's end_flagged superset reports no partial match from 'account' once '=' follows "
                          "where the rule's own partial search does, so the incremental scan re-reads less context")
def test_seed_30_the_end_gate_of_generic_login_pair_after_an_equals_sign():
    reference, incremental = pair(SCANNER, ALL_VALUES, PREFIXES)
    # seed 30's stream as the rule examples of session 30 drew it (generated(30) draws from every rule example, so
    # prose51's five new ones changed it: written out here so the gap stays pinned), one character per event
    text = ("here=the root account was set to quillmarten for the lab=password=^ Service ^ Password ^\n"
            "| wiki | %%knoll sedge marram%% |=writes end")
    ends = list(range(1, len(text) + 1))
    assert not differences(reference, incremental, text, ends, True), text


@pytest.mark.slow
@pytest.mark.xfail(strict=True, raises=AssertionError,
                   reason="EVASION.md section 2a, 'the incremental hold-back's end gate for generic-password-cli': "
                          "the rule's own partial search reports ' -pQ7zL' open from the blank before '-p' (its "
                          "-u USER -p X branch, which needs a blank right after -p: no text completes it), its "
                          "end_flagged superset does not, so the incremental scan releases 4 characters the full "
                          "scan holds; the final text holds no finding there")
def test_seed_68_the_end_gate_of_generic_password_cli_after_a_glued_p():
    reference, incremental = pair(SCANNER, ALL_VALUES, PREFIXES)
    # seed 68's stream as session 34's rule examples drew it (prose56's new examples changed what it draws)
    text = ('-pmysql -h db -u root -pQ7zLk2Xv9m ordersecho "deploy7:Harrow9!quill" | sudo chpasswd{| '
            'class="wikitable"\n! Host !! Password\n|-\n| nas01\n| Mink-Fen-Sedge\n|} end')
    assert not differences(reference, incremental, text, [11, 28, 32, len(text)], True), text


HAZARD_RULES = """rules:
  - id: token-after-space
    description: a value after a word boundary that follows a space
    references: ['https://example.invalid/hold44']
    category: secret
    classification: confidential
    tier: precise
    keywords: [token]
    regex: '(?i)token:[ ]\\b(?P<secret>[a-z0-9]{8,32})\\b'
    examples: ['my token: abc12345xyz']
"""


@pytest.fixture(scope="module")
def hazard_scanner(tmp_path_factory) -> Scanner:
    path = tmp_path_factory.mktemp("hold44") / "rules.yaml"
    path.write_text(HAZARD_RULES)
    return Scanner.from_rules([path])


def test_a_word_boundary_after_a_space_at_the_end_is_scanned_again(hazard_scanner):
    prefixes = value_holdback.value_rules(hazard_scanner)
    reference, incremental = pair(hazard_scanner, set(prefixes), prefixes)
    text = "my token: abc12345xyz end"
    ends = [len("my token: "), len("my token: abc1"), len(text)]
    assert reference.hold(text[:ends[1]], 0, 0)[0] == len("my token: ")  # the value is held from its start
    assert not differences(reference, incremental, text, ends, follow_anchor=False)


def test_the_comparison_catches_a_gate_without_end_flags(hazard_scanner, monkeypatch):
    """The deliberately broken variant: the rule itself as its gate. After "my token: " its scan finds nothing
    before the end (the `\\b` there is false and not partial), so the next text is scanned from the end only."""
    import addons.detect.holdback as holdback_module

    monkeypatch.setattr(holdback_module, "end_flagged", lambda source, flags: source)
    prefixes = value_holdback.value_rules(hazard_scanner)
    fresh = Holdback(hazard_scanner)  # not the cached one: its gates are compiled with the broken rewrite
    reference = value_holdback.ValueHoldback(fresh, prefixes, False)
    broken = value_holdback.ValueHoldback(fresh, prefixes)
    text = "my token: abc12345xyz end"
    ends = [len("my token: "), len("my token: abc1"), len(text)]
    assert differences(reference, broken, text, ends, follow_anchor=False)


@pytest.mark.parametrize("source, flagged", [
    (r"a\bb", r"a(?:\b|\Z(?=[\s\S]))b"),
    (r"a(?!\bis\b)", r"a(?!(?:\b(?!\Z))is(?:\b(?!\Z)))"),
    (r"a(?!x$)", r"a(?!x(?:$(?!\Z)))"),
    (r"a(?!(?!\b))", r"a(?!(?!(?:\b|\Z(?=[\s\S]))))"),  # two negations: the boundary counts for the match
    (r"[\b]x\$", r"[\b]x\$"),
    (r"\Gabc", None),
    (r"(?(1)a|b)", None),
])
def test_end_flagged_rewrites_zero_width_tests_at_the_end(source, flagged):
    assert end_flagged(source, 0) == flagged
