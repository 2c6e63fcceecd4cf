"""attack20: the chance judgement of detect/chance.py read a run's random-ness from 16 evenly spaced slices only.

An agent writes random bytes' base64 at the sampled places and anything between: base64 of prose, `AAAA...`; a key
glued there was judged a chance match and sent. A match is now judged by chance only where the slices it lies in
decode to random bytes too; a key glued into random bytes stays open (EVASION.md, test_chance.py)."""

from __future__ import annotations

import base64
import random
import string

import pytest

from addons.detect import chance
from addons.detect.scanner import Scanner

ALNUM = string.ascii_letters + string.digits
RUN = 400_000


@pytest.fixture(scope="module")
def scanner() -> Scanner:
    return Scanner.default()


def _key(seed: int) -> str:
    rng = random.Random(seed)
    return "cio" + "".join(rng.choice(ALNUM) for _ in range(32))  # crates.io's shape, made up here


def _random_run(size: int, seed: int) -> str:
    return base64.b64encode(random.Random(seed).randbytes(size * 3 // 4)).decode()


def _random_at_the_samples(filler: str, seed: int) -> str:
    """``filler`` (RUN characters of base64's alphabet) with random bytes' base64 written where the run was sampled."""
    stride = (RUN - chance.SAMPLE_SLICE_CHARS) // (chance.SAMPLE_SLICES - 1) // 4 * 4
    body, rng_run = list(filler[:RUN]), _random_run(RUN, seed)
    for i in range(chance.SAMPLE_SLICES):
        at = i * stride
        body[at:at + chance.SAMPLE_SLICE_CHARS] = rng_run[at:at + chance.SAMPLE_SLICE_CHARS]
    return "".join(body)


FILLERS = {
    "base64_of_prose": base64.b64encode(b"the quarterly report shows that our numbers grew " * 9000).decode(),
    "one_letter": "A" * RUN,
    "letters_and_digits": "".join(random.Random(5).choices("abcdefgh0123", k=RUN)),
}


def _found(text: str, key: str, scanner: Scanner) -> bool:
    return key in {text[f.start:f.end] for f in scanner.scan(text)}


@pytest.mark.parametrize("filler", sorted(FILLERS))
@pytest.mark.parametrize("at", [4096 + 1000, RUN // 2])  # between the first two samples; the middle
def test_a_key_glued_between_the_sampled_slices_is_a_finding(scanner, filler, at):
    run = _random_at_the_samples(FILLERS[filler], seed=1)
    key = _key(2)
    text = run[:at] + "/" + key + "+" + run[at:]
    start = text.index(key)
    assert chance.ChanceJudge(text).reason(start, start + len(key), chance.rule_chances(
        scanner.rule("crates-io-token"))) is None
    assert _found(text, key, scanner)


def test_a_key_straddling_a_random_slice_and_text_is_a_finding(scanner):
    # The key's head in a random slice, its tail in the next, which is `AAAA...`: both slices are read.
    run = _random_run(RUN, seed=3)
    block = 20 * chance.SAMPLE_SLICE_CHARS
    run = run[:block] + "A" * chance.SAMPLE_SLICE_CHARS + run[block + chance.SAMPLE_SLICE_CHARS:]
    key = _key(4)
    text = run[:block - 10] + "/" + key + "+" + run[block - 10:]  # random before, then 10 random, `AAAA...`
    assert _found(text, key, scanner)


def test_a_key_glued_into_random_bytes_is_still_judged_by_chance(scanner):
    # The open case stays as it was (the control: the slices around it are random).
    run = _random_run(RUN, seed=1)
    key = _key(2)
    text = run[:RUN // 2] + "/" + key + "+" + run[RUN // 2:]
    assert not _found(text, key, scanner)


def test_a_match_in_every_slice_measures_each_slice_once():
    # The hot path on hostile input: a glued candidate every 300 characters of a 400 KB run.
    text = _random_run(RUN, seed=6)
    judge = chance.ChanceJudge(text)
    for at in range(100, RUN - 200, 300):
        judge.reason(at, at + 35, (1e-3, 1e-3))
    assert len(judge._runs) == 1
    assert len(judge._blocks) == RUN // chance.SAMPLE_SLICE_CHARS + 1
