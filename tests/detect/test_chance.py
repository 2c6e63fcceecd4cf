"""detect/chance.py: the chance of a rule's shape in random base64, and the judgement of a match glued inside a long
run of base64 of random bytes (tests/guard/test_chance_keys_in_blobs.py drives it through the guard)."""

from __future__ import annotations

import base64
import random
import re
import string

import pytest

from addons.detect import chance
from addons.detect.scanner import Scanner

ALNUM = string.ascii_letters + string.digits


@pytest.fixture(scope="module")
def scanner() -> Scanner:
    return Scanner.default()


def _observed(pattern: str, alphabet: str, size: int, seed: int) -> float:
    """Matches per position of ``pattern`` (each start counted once) in seeded random text over ``alphabet``."""
    rng = random.Random(seed)
    text = "".join(rng.choice(alphabet) for _ in range(size))
    compiled = re.compile(pattern, re.ASCII)
    return sum(1 for i in range(1, size - 1) if compiled.match(text, i)) / (size - 2)


@pytest.mark.parametrize("pattern", [
    r"\b(ab[a-c]{3})\b",  # a literal prefix, a fixed repeat, boundaries on both sides (crates.io's shape)
    r"\b(ab[a-c]{1,6})\b",  # a variable repeat before a boundary (Facebook's shape): a sum over its counts
    r"(?<![a-c])(ab[abc+]{2})(?![a-c])",  # one-character lookarounds at the edges
    r"ab(?:c|\+a)c",  # a branch
])
def test_the_estimate_matches_what_random_text_holds(pattern):
    alphabet = "abc+"  # small, so each shape turns up often enough to count
    expected = chance.shape_chance(pattern, frozenset(alphabet))
    observed = _observed(pattern, alphabet, 200_000, seed=3)
    assert expected > 0.001
    assert observed == pytest.approx(expected, rel=0.15)


def test_the_shipped_chance_prone_rules_by_hand(scanner):
    crates, _ = chance.rule_chances(scanner.rule("crates-io-token"))
    # `+` or `/` before and after (2 of 64 each), `cio` (1/64 each), then 32 letters or digits (62 of 64 each)
    assert crates == pytest.approx((2 / 64) ** 2 * (1 / 64) ** 3 * (62 / 64) ** 32, rel=1e-6)
    facebook, _ = chance.rule_chances(scanner.rule("facebook-access-token"))
    # `+`/`/` before, `EAA`, one of 61, then 90 to 400 letters or digits up to a `+`/`/`: the sum over counts
    after = sum((62 / 64) ** k * (2 / 64) for k in range(0, 311))
    assert facebook == pytest.approx((2 / 64) * (1 / 64) ** 3 * (61 / 64) * (62 / 64) ** 90 * after, rel=1e-6)


def test_shapes_base64_cannot_hold_have_no_chance(scanner):
    assert chance.shape_chance(r"ghp_[A-Za-z0-9]{36}", chance.STANDARD) == 0.0  # `_` is url-safe base64 only
    assert chance.shape_chance(r"ghp_[A-Za-z0-9]{36}", chance.URLSAFE) > 0.0
    assert chance.shape_chance(r"^cio[A-Za-z0-9]{32}", chance.STANDARD) == 0.0  # no text edge inside a run
    assert chance.shape_chance(r"key: [A-Za-z0-9]{32}", chance.STANDARD) == 0.0
    assert chance.shape_chance(r"(a)\1[a-z]{3}", chance.STANDARD) == 0.0  # a backreference: never judged
    assert chance.shape_chance(r"(?<=x)[", chance.STANDARD) == 0.0  # does not parse: never judged
    # A checksum counts: a GitHub token matches by chance 62^6 times less often than its shape does
    github = scanner.rule("github-pat-classic")
    assert chance.rule_chances(github)[1] == pytest.approx(
        chance.shape_chance(github.regex, chance.URLSAFE, github.keywords) * 62.0 ** -6)


def test_a_keyword_the_match_need_not_hold_must_be_near_by_chance_too():
    alone = chance.shape_chance(r"\b(xq[A-Za-z0-9]{20})\b", chance.STANDARD)
    near = chance.shape_chance(r"\b(xq[A-Za-z0-9]{20})\b", chance.STANDARD, ("secret",))
    assert near < alone / 1000  # "secret" within 128 characters of random base64 is rare
    assert chance.shape_chance(r"\b(xq[A-Za-z0-9]{20})\b", chance.STANDARD, ("xq",)) == alone  # in the match


def _random_run(size: int, seed: int) -> str:
    return base64.b64encode(random.Random(seed).randbytes(size * 3 // 4)).decode()


def _glued_key(seed: int) -> str:
    rng = random.Random(seed)
    return "cio" + "".join(rng.choice(ALNUM) for _ in range(32))


def _judged(text: str, key: str, scanner: Scanner) -> str | None:
    start = text.index(key)
    return chance.ChanceJudge(text).reason(start, start + len(key), chance.rule_chances(
        scanner.rule("crates-io-token")))


def test_a_match_glued_inside_a_long_run_of_random_bytes_is_a_chance_match(scanner):
    # The open case (EVASION.md): a key glued into the run has nothing that tells it from a chance match.
    run = _random_run(400_000, seed=1)
    key = _glued_key(2)
    text = run[:200_001] + "/" + key + "+" + run[200_001:]
    assert _judged(text, key, scanner) == chance.CHANCE_MATCH
    assert key not in {text[f.start:f.end] for f in scanner.scan(text)}
    assert any(line.endswith(chance.CHANCE_MATCH) for line in scanner.explain(text, "crates-io-token"))


@pytest.mark.parametrize("around", [(" ", " "), ("\n", "\n"), ('"', "/"), ("/", '"'), ("==", "+")])
def test_a_match_with_a_boundary_of_its_own_is_a_finding(scanner, around):
    run = _random_run(400_000, seed=1)
    key = _glued_key(2)
    text = run[:200_000] + around[0] + key + around[1] + run[200_000:]
    assert _judged(text, key, scanner) is None
    assert key in {text[f.start:f.end] for f in scanner.scan(text)}


def test_a_run_that_decodes_to_text_is_not_judged_by_chance(scanner):
    # base64 of prose with a key glued in: its bytes are text (~4.5 bits a byte), the model of random text fails
    rng = random.Random(4)
    words = ["the", "report", "shows", "that", "our", "numbers", "grew", "last", "quarter", "and", "we", "plan"]
    prose = " ".join(rng.choice(words) for _ in range(120_000)).encode()
    run = base64.b64encode(prose).decode()
    key = _glued_key(5)
    text = run[:300_000] + "+" + key + "/" + run[300_000:]
    assert _judged(text, key, scanner) is None
    assert key in {text[f.start:f.end] for f in scanner.scan(text)}


def test_a_short_run_is_not_judged_by_chance(scanner):
    run = _random_run(chance.MIN_RUN - 100, seed=6)
    key = _glued_key(7)
    text = '"' + run[:1000] + "/" + key + "+" + run[1000:] + '"'
    assert _judged(text, key, scanner) is None


def test_a_run_too_short_for_the_rule_to_expect_a_chance_match_is_not_judged(scanner):
    # crates.io: ~1.3e-9 a position, judged from ~74,000 characters on (EXPECTED_MIN); 20,000 are long but too few
    run = _random_run(20_000, seed=8)
    key = _glued_key(9)
    text = run[:10_000] + "/" + key + "+" + run[10_000:]
    assert len(text) >= chance.MIN_RUN
    assert _judged(text, key, scanner) is None
    longer = _random_run(200_000, seed=8)
    text = longer[:10_000] + "/" + key + "+" + longer[10_000:]
    assert _judged(text, key, scanner) == chance.CHANCE_MATCH


def test_a_run_of_both_alphabets_is_not_base64_and_not_judged(scanner):
    run = _random_run(400_000, seed=10)
    key = _glued_key(11)
    text = run[:1000] + "-_" + run[1000:200_000] + "/" + key + "+" + run[200_000:]
    assert _judged(text, key, scanner) is None


def test_many_runs_are_each_measured_once():
    # An adversarial text: a glued candidate in each of many runs; each run is found and measured once.
    runs = [_random_run(chance.MIN_RUN + 400, seed=20 + i) for i in range(40)]
    text = " ".join(runs)
    judge = chance.ChanceJudge(text)
    offset = 0
    for run in runs:
        for at in range(100, len(run) - 200, 300):
            judge.reason(offset + at, offset + at + 35, (1e-3, 1e-3))
        offset += len(run) + 1
    assert len(judge._runs) == len(runs)
    assert all(r.random and r.alphabet is chance.STANDARD for r in judge._runs)
