"""The value hold-back asked with the other hold-backs' safe end as a bound (delta61: `ValueHoldback.hold(...,
below=cut)`, from `StreamMasker._safe_end`) sends what it sent without the bound: a rule whose first match begins at
or after the bound is not searched, and a match crossing the bound holds its value.

The reference is the same composition with the value hold-back asked as before (no bound; its own instance, so no
memo is shared). Compared: every byte each masker sends, event after event, and the masks and findings, on chat
answers (OpenAI and Anthropic shapes) of the shipped value rules' examples among prose, cut at random and in single
characters, and of README prose and this repository's code with keys split over deltas; and each call's answer on
its own (the context start the same, the safe end never past the reference's). A bound that skips a rule whose
first match begins before it (`first >= start` instead of `first >= below`) fails both."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from addons.stream.masker import StreamMasker
from addons.stream.streaming import Streaming
from tests import fakes
from tests.stream import streams as S
from tests.stream import support

rt, composed = support.shipped_answer_fixtures()
ROOT = Path(__file__).resolve().parents[2]
PROSE = ["the", "model", "writes", "an", "ordinary", "answer", "is", "my", "password", "token:", "key", "=", "user",
         "42", "--password", "mysql", "-p", "wifi:", "postgres://", "here", "\n", "it's", "done.", "PIN", "şifrem"]


@pytest.fixture(scope="module")
def reference(rt):
    """(safe_end, value_hold) as the Streaming addon built them before delta61: its value hold-back (its own
    instance) takes no bound, in the masker's calls and in the undisguised views' (`plain_and_values`)."""
    addon = Streaming()
    values = addon._holdback(rt, None, "response")[1]
    unbounded = values.hold
    values.hold = lambda text, start, since=None, below=None: unbounded(text, start, since)  # type: ignore[method-assign]
    return addon._safe_end(rt, None)


def examples(rt) -> list[str]:
    from addons.stream.streaming import _value_rules

    values = _value_rules(rt.scanner)
    return sorted(e for rule in rt.scanner.rules if rule.id in values for e in rule.examples)


def generated(rt, seed: int) -> list[str]:
    """A stream of the value rules' examples among prose, as deltas: cut at random, or in single characters."""
    rng = random.Random(seed)
    pool = examples(rt)
    words = [rng.choice(pool) if rng.random() < 0.4 else rng.choice(PROSE) for _ in range(rng.randint(2, 7))]
    text = rng.choice([" ", "\n", " ", "="]).join(words) + " end."
    if rng.random() < 0.2:
        return list(text)
    cuts = sorted(rng.sample(range(1, len(text)), min(len(text) - 1, rng.randint(2, 14))))
    return [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)])]


def with_keys(words: list[str]) -> list[str]:
    words = list(words)
    for k, value in enumerate([fakes.github_pat(31), fakes.aws_key_id(32), fakes.openai_key(33),
                               "postgres://admin:Tr0ub4dor&3x@db.internal:5432/app"]):
        at = (k + 1) * len(words) // 5
        words[at:at + 1] = [" key: " + value[:5], value[5:12], value[12:20], value[20:]]
    return words


def corpus_streams(words: int) -> list[list[str]]:
    """README prose, this repository's code, each with keys split over deltas; lookalikes and NBSP blanks (attack54's
    shapes, read through the undisguised view). `words`: how many of each text's words."""
    readme = (ROOT / "README.md").read_text()[3000:9000]
    code = (ROOT / "addons" / "stream" / "value_holdback.py").read_text()[:5000]
    prose, source = re.findall(r"\s*\S+", readme)[:words], re.findall(r"\s*\S+", code)[:words]
    lookalikes = [w.translate(str.maketrans("aeopcx", "\u0430\u0435\u043e\u0440\u0441\u0445")) for w in prose]
    return [prose, with_keys(prose), with_keys(source), with_keys(lookalikes),
            [w.replace(" ", "\u00a0") for w in with_keys(prose)]]


def run_both(rt, bounded, reference, deltas: list[str], surface: str) -> None:
    """Feed the same events to a masker with each composition; they must send the same bytes after every event."""
    body = (S.openai_chat if surface == "openai_chat" else S.anthropic)(deltas)
    maskers = [StreamMasker(surface, rt.inspector.inspect_text, safe_end=safe_end, value_hold=value_hold)
               for safe_end, value_hold in (bounded, reference)]
    for i, event in enumerate(e + b"\n\n" for e in body.split(b"\n\n") if e):
        got, want = (m.feed(event) for m in maskers)
        assert got == want, (i, deltas)
    got, want = (m.finish() for m in maskers)
    assert got == want, deltas
    assert maskers[0].masked_text == maskers[1].masked_text
    assert [(f.rule, f.location) for f in maskers[0].findings] == [(f.rule, f.location) for f in maskers[1].findings]
    assert maskers[0].stopped == maskers[1].stopped


@pytest.mark.parametrize("surface", ["openai_chat", "anthropic"])
@pytest.mark.parametrize("seeds", [range(0, 6), pytest.param(range(6, 200), marks=pytest.mark.slow)])  # loop: 6
def test_the_bounded_value_hold_sends_what_the_unbounded_one_sends(rt, composed, reference, surface, seeds):
    for seed in seeds:
        run_both(rt, composed, reference, generated(rt, seed), surface)


@pytest.mark.parametrize("which", [1, 3, *(pytest.param(w, marks=pytest.mark.slow) for w in (0, 2, 4))])
def test_prose_and_code_with_keys_send_the_same(rt, composed, reference, which, request):
    words = 1000 if "slow" in request.node.keywords else 120  # the unit loop: 120 words and the four keys
    run_both(rt, composed, reference, corpus_streams(words)[which], ["openai_chat", "anthropic"][which % 2])


@pytest.mark.parametrize("seeds", [range(0, 12), pytest.param(range(12, 400), marks=pytest.mark.slow)])
def test_each_call_keeps_the_context_start_and_releases_no_more(rt, seeds):
    """Call by call as the masker asks (the bound: the plain hold-back's safe end): the same context start, a safe
    end at or before min(bound, the reference's), and equal to it on these streams."""
    plain, values = Streaming()._holdback(rt, None, "response")
    _, reference_values = Streaming()._holdback(rt, None, "response")
    for seed in seeds:
        text, start, since = "", 0, 0
        for delta in generated(rt, seed):
            text += delta
            bound = plain.safe_end(text, start)
            if bound <= start:
                continue
            want = reference_values.hold(text, start, since)
            got = values.hold(text, start, since, below=bound)
            assert got[1] == want[1], (seed, text)
            assert min(got[0], bound) == min(want[0], bound), (seed, text, start, bound, got, want)
            start, since = min(bound, want[0]), want[1]


def example_cuts(rt, keep: slice) -> list[tuple[str, int]]:
    """Each value rule's example after released prose, cut at three places: (text, start). The value hold-back binds
    below the plain one where the value holds a symbol the key rules' words stop at (`-pTr0ub4dor&3x`)."""
    rng = random.Random(61)
    out = []
    for example in examples(rt)[keep]:
        for cut in sorted({len(example), *rng.sample(range(1, len(example) + 1), min(2, len(example)))}):
            out.append(("the model writes an answer: " + example[:cut], len("the model writes an answer: ")))
    return out


@pytest.mark.parametrize("keep", [slice(None, None, 8), pytest.param(slice(None), marks=pytest.mark.slow)])
def test_a_value_arriving_whole_in_one_delta_is_held_as_without_the_bound(rt, keep):
    plain, values = Streaming()._holdback(rt, None, "response")
    _, reference_values = Streaming()._holdback(rt, None, "response")
    binding = 0
    for text, start in example_cuts(rt, keep):
        bound = plain.safe_end(text, start)
        if bound <= start:
            continue
        want = reference_values.hold(text, start, start)
        got = values.hold(text, start, start, below=bound)
        assert (min(got[0], bound), got[1]) == (min(want[0], bound), want[1]), (text, start, bound, got, want)
        binding += want[0] < bound
    assert binding  # the value hold-back decides some of them: the comparison has power
