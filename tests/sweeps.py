"""Exhaustive sweeps (every split of an example, every byte of a body): each long one costs seconds, and together
they were most of the unit loop. A sweep over a long example, or over a rule outside a sweep's representative set,
is marked ``slow``: the full suite (`scripts/test`, `.ci/run`) runs every one, the unit loop
(`-m "not live and not root and not slow"`) the short or representative ones, beside the random-split properties
that sample every example. The longest two-piece split sweeps cut at every position near a value's ends and every
other position elsewhere, in the full suite too (`split_points`); `--every-cut` cuts them everywhere."""

from __future__ import annotations

import zlib
from collections.abc import Collection, Iterable

import pytest

# Set from `--every-cut` (tests/conftest.py): the split sweeps that thin their cuts (`split_points`) cut everywhere.
EVERY_CUT = False

# Examples longer than this (characters) are swept in the full suite only: a PEM key in a service-account JSON
# is ~1,700 characters, each split a full stream run.
SHORT_SWEEP = 120


def by_length(params: Iterable[tuple[str, str]], limit: int = SHORT_SWEEP,
              keep: Collection[str] | None = None) -> list:
    """``(rule_id, example)`` pairs as pytest params named by rule, marked ``slow`` when the example is longer
    than ``limit`` or (given ``keep``) the rule is not one of ``keep``."""
    return [pytest.param(rule_id, example, id=rule_id,
                         marks=[pytest.mark.slow] if len(example) > limit or (keep is not None and rule_id not in keep)
                         else [])
            for rule_id, example in params]


def sampled(*key: object, share: int = 2) -> bool:
    """Whether a sweep's case, named by ``key`` (its text, rule id or name), is in the unit loop's seeded sample of
    about one case in ``share``: a CRC-32 of the key, so a case stays in or out whatever is added beside it. For
    ``@pytest.mark.sweep_sample(lambda text: sampled(text))`` on a sweep whose every case costs alike and proves the
    same kind of thing (a split point or shape after another): the full suite runs every case."""
    return zlib.crc32(repr(key).encode()) % share == 0


def cut_positions(text: str, edge: int = 300, stride: int = 3) -> range | list[int]:
    """Where to split ``text`` in two: everywhere in a short text; in a long one everywhere within ``edge``
    characters of either end (where prefixes, values and their ends are) and every ``stride``-th position between
    (the inside of a PEM body: 1,700 splits of one base64 run were 33 s of the full suite, the same case 1,700 times).
    """
    if len(text) <= 2 * edge:
        return range(1, len(text))
    return [*range(1, edge), *range(edge, len(text) - edge, stride), *range(len(text) - edge, len(text))]


def one_per_shape(scanner, examples: dict[str, str], limit: int = SHORT_SWEEP, by_pack: bool = True) -> set[str]:
    """Rule ids, one per hold-back shape of each rule pack: of the rules of one file that the stream hold-back
    treats alike (a literal start or not, keyword-gated, context-scored, a value after a prefix, a long lazy
    quantifier, a broad first character), the one whose swept example (`examples`: rule id -> example) is the
    longest up to ``limit`` characters. The unit loop sweeps these; the full suite every rule. Without ``by_pack``,
    one per shape whatever the pack (a subset of the by-pack ones: the longest of them)."""
    from addons.detect.holdback import Holdback, literal_starts
    from addons.detect.validators import CONTEXT_VALIDATORS
    from tests.stream.support import value_rules  # the copy the stream modules share (~0.5 s a process each)

    holdback, prefixed = Holdback.for_scanner(scanner), value_rules(scanner)
    chosen: dict[tuple, tuple[int, str]] = {}
    for index, rule in enumerate(scanner.rules):
        if rule.id not in examples or len(examples[rule.id]) > limit:
            continue
        shape = (rule.source if by_pack else "", literal_starts(rule.regex) is not None, bool(rule.keywords),
                 rule.validator in CONTEXT_VALIDATORS, rule.id in prefixed, index in holdback.lazy,
                 bool(holdback.broad >> index & 1))
        best = chosen.get(shape)
        if best is None or (len(examples[rule.id]), rule.id) > best:
            chosen[shape] = (len(examples[rule.id]), rule.id)
    return {rule_id for _, rule_id in chosen.values()}


# Within this many positions of a value's start or end a split sweep cuts at every position (`split_points`).
EDGE = 4


def split_points(text: str, values: Iterable[tuple[int, int]], key: object, other_half: bool = False) -> list[int]:
    """Where a sweep that splits ``text`` in two deltas cuts it: at every position within EDGE of a value's start or
    end (``values``: the spans the scan of the whole text masks: where a prefix, a keyword or a value begins or ends
    in the first delta), and at every other position elsewhere, the odd or the even ones by ``key`` (a CRC-32 of it:
    the same cuts every run, so no two positions side by side are both left out). The cuts left out are first
    deltas one character longer or shorter than a cut kept, far from any value's end: the same hold-back decision
    the cut beside them makes. About half the streams of a long example's sweep (suite63: the heaviest sweeps were
    most of the full suite's in-process CPU); `--every-cut` (EVERY_CUT) cuts at every position. ``other_half``: the
    positions away from the values the same key leaves out (two sweeps of one text through two paths cut it
    everywhere between them)."""
    every = range(1, len(text))
    if EVERY_CUT:
        return list(every)
    parity = (zlib.crc32(repr(key).encode()) + other_half) % 2
    edges = {at + d for start, end in values for at in (start, end) for d in range(-EDGE, EDGE + 1)}
    return [cut for cut in every if cut in edges or cut % 2 == parity]
