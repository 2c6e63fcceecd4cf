"""The value hold-back's remembered answers (hold62: `ValueHoldback._head_matches` by rule, lo, start and cut, and a
long text's bound decided before the search) send what the hold-back without them sends: the oracle is the same
composition with `memo` off (every search redone), its own instance.

Compared: every byte each masker sends, event after event, and the masks, findings and stops, on chat answers of every
shipped rule's example (cut at random, and in single characters), and on hostile streams: lookalike letters, NBSP
blanks, a CSV heading holding the rows after it, a private key held until its END line, keys among README prose; and
each call's answer on its own (exactly equal, the safe end and the context start). The memo must answer some calls
(`reused`): a comparison where it never does has no power. A key without `start` or `cut` fails it (checked by hand)."""

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
SEPARATOR = "\nAnything else?\n\n"
PROSE = ["the", "model", "writes", "an", "ordinary", "answer", "is", "my", "password", "token:", "key", "=", "user",
         "42", "--password", "mysql", "-p", "wifi:", "postgres://", "here", "\n", "it's", "done.", "PIN", "şifrem"]
LOOKALIKES = str.maketrans("aeopcx", "\u0430\u0435\u043e\u0440\u0441\u0445")


@pytest.fixture(scope="module")
def composition(rt):
    """(safe_end, value_hold, the value hold-back) as the Streaming addon builds them, its own instance."""
    addon = Streaming()
    values = addon._holdback(rt, None, "response")[1]
    return (*addon._safe_end(rt, None), values)


@pytest.fixture(scope="module")
def oracle(rt):
    """The same with the value hold-back's memo off: every search redone each call."""
    addon = Streaming()
    values = addon._holdback(rt, None, "response")[1]
    values.memo = False
    return (*addon._safe_end(rt, None), values)


def every_example(rt) -> list[str]:
    return [f"Sure, here it is: {max(rule.examples, key=len)}" for rule in sorted(rt.scanner.rules, key=lambda r: r.id)
            if rule.examples]


def cut(text: str, rng: random.Random, sizes: tuple[int, ...] = (1, 2, 3, 5, 8, 13, 21)) -> list[str]:
    out, at = [], 0
    while at < len(text):
        size = rng.choice(sizes)
        out.append(text[at:at + size])
        at += size
    return out


def private_key_held() -> str:
    body = "\n".join("MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7" for _ in range(24))
    return f"Here is the key:\n-----BEGIN PRIVATE KEY-----\n{body}\n-----END PRIVATE KEY-----\nUse it with care."


def csv_heading_held() -> str:
    rows = "\n".join(f"host{i}.internal,admin{i},Tr0ub4dor&{i}x,{i * 7}" for i in range(30))
    return f"The inventory:\nhost,user,password,port\n{rows}\nThat is all of it."


def hostile_streams(rt) -> dict[str, list[str]]:
    rng = random.Random(62)
    readme = re.findall(r"\s*\S+", (ROOT / "README.md").read_text()[3000:9000])[:120]
    keys = [fakes.github_pat(31), fakes.aws_key_id(32), fakes.openai_key(33),
            "postgres://admin:Tr0ub4dor&3x@db.internal:5432/app", "mysql -u root -pS3cr3t!pass app"]
    words = list(readme)
    for k, value in enumerate(keys):
        at = (k + 1) * len(words) // (len(keys) + 1)
        words[at:at + 1] = [" key: " + value[:5], value[5:12], value[12:20], value[20:]]
    prose = "".join(words)
    return {
        "lookalikes": cut(prose.translate(LOOKALIKES), rng),
        "nbsp": cut(prose.replace(" ", "\u00a0"), rng),
        "csv heading": cut(csv_heading_held(), rng),
        "csv heading, 1-char": list(csv_heading_held()),
        "private key": cut(private_key_held() + " " + keys[3], rng),
        "private key, 1-char": list(private_key_held()),
        "value rules among prose, 1-char": list(" ".join(rng.choice(PROSE) if rng.random() < 0.6 else
                                                         rng.choice(keys) for _ in range(60))),
    }


def run_both(rt, memoised, oracle, deltas: list[str]) -> None:
    """The same events to a masker of each composition: the same bytes after every event, the same masks and stops."""
    body = S.openai_chat(deltas)
    maskers = [StreamMasker("openai_chat", rt.inspector.inspect_text, safe_end=safe_end, value_hold=value_hold)
               for safe_end, value_hold, _ in (memoised, oracle)]
    for i, event in enumerate(e + b"\n\n" for e in body.split(b"\n\n") if e):
        got, want = (m.feed(event) for m in maskers)
        assert got == want, (i, "".join(deltas)[:200])
    got, want = (m.finish() for m in maskers)
    assert got == want
    assert maskers[0].masked_text == maskers[1].masked_text
    assert [(f.rule, f.location) for f in maskers[0].findings] == [(f.rule, f.location) for f in maskers[1].findings]
    assert maskers[0].stopped == maskers[1].stopped


# The unit loop: 2 of 7. Its test_every_remembered_head_is_the_one_a_search_finds[names0] sends "csv heading" and
# "private key" through both compositions with these same comparisons (run_both), and checks each remembered head
# besides: run here too, they were ~4 s of the loop's CPU for nothing it lacks (suite63).
@pytest.mark.parametrize("name", ["lookalikes", "nbsp", *(
    pytest.param(name, marks=pytest.mark.slow)
    for name in ("csv heading", "private key", "csv heading, 1-char", "private key, 1-char",
                 "value rules among prose, 1-char"))])
def test_hostile_streams_send_what_the_oracle_sends(rt, composition, oracle, name):
    before = composition[2].reused
    run_both(rt, composition, oracle, hostile_streams(rt)[name])
    if name.startswith("csv"):  # the rows held for a thousand characters: the windowed rules' memo answers
        assert composition[2].reused > before


@pytest.mark.parametrize("part", [0, *(pytest.param(p, marks=pytest.mark.slow) for p in range(1, 8))])  # loop: 1/8
def test_every_rule_example_in_random_cuts_sends_what_the_oracle_sends(rt, composition, oracle, part):
    examples = every_example(rt)[part::8]
    run_both(rt, composition, oracle, cut(SEPARATOR.join(examples), random.Random(part)))


@pytest.mark.slow  # ~50 examples a character at a time
def test_every_eighth_rule_example_in_single_characters_sends_what_the_oracle_sends(rt, composition, oracle):
    run_both(rt, composition, oracle, list(SEPARATOR.join(every_example(rt)[::8])))


@pytest.mark.parametrize("name", ["csv heading", pytest.param("lookalikes", marks=pytest.mark.slow)])
def test_each_call_is_answered_exactly_as_the_oracle_answers(rt, composition, oracle, name):
    """Call by call as the masker asks (bounded by the plain hold's safe end, then again for the context start with
    the final cut): the same (safe end, context start), exactly."""
    plain = Streaming()._holdback(rt, None, "response")[0]
    values, reference = composition[2], oracle[2]
    text, start, since, calls = "", 0, 0, 0
    for delta in hostile_streams(rt)[name]:
        text += delta
        bound = plain.safe_end(text, start)
        if bound <= start:
            continue
        for asked in (text, text[:bound]):  # the masker also asks with the text cut where a finding crosses
            got = values.hold(asked, start, since, below=min(bound, len(asked)))
            want = reference.hold(asked, start, since, below=min(bound, len(asked)))
            assert got == want, (name, len(asked), start, since, bound)
            calls += 1
        safe, since = values.hold(text, start, since, below=bound)
        start = max(start, min(bound, safe))
    assert calls > 20


@pytest.mark.parametrize("names", [("csv heading", "private key"), pytest.param(
    ("csv heading, 1-char", "lookalikes", "nbsp"), marks=pytest.mark.slow)])
def test_every_remembered_head_is_the_one_a_search_finds(rt, composition, oracle, names, monkeypatch):
    """Each `_head_matches` answer the memo'd hold-back gives, through streams one after another on one instance (as
    a proxy's channels share it), is what the oracle's search finds for the same text, rule, lo and start."""
    values, reference = composition[2], oracle[2]
    answered = values._head_matches
    seen: list[tuple] = []

    def recorded(index, view, lo, start, n):
        spans = answered(index, view, lo, start, n)
        seen.append((index, view, lo, start, n, list(spans)))
        return spans

    monkeypatch.setattr(values, "_head_matches", recorded)
    before = values.reused
    for name in names:
        run_both(rt, composition, oracle, hostile_streams(rt)[name])
    assert values.reused > before
    assert [args[5] for args in seen] == [reference._head_matches(*args[:5]) for args in seen]


def test_a_remembered_head_is_given_only_for_the_same_text_rule_lo_start_and_cut(rt):
    """Direct: each value rule example (its match reaching `start`) in a long text, asked at several starts, then the
    same text with the example blanked out (same length: the same lo, start and cut), then the first again; the
    memo'd answers are the oracle's. A memo keyed without the start, or trusting its key without the text, fails."""
    from addons.detect.holdback import Holdback
    from addons.stream.value_holdback import ValueHoldback

    prefixes = support.value_rules(rt.scanner)
    holdback = Holdback.for_scanner(rt.scanner)
    values, reference = ValueHoldback(holdback, prefixes), ValueHoldback(holdback, prefixes, memo=False)
    ids = {rule_id: i for i, rule_id in enumerate(holdback.rule_ids)}
    found = 0
    for rule in rt.scanner.rules:
        if rule.id not in prefixes:
            continue
        index = ids[rule.id]
        for example in rule.examples:
            head = "the answer: "
            text = head + example + " and then" + " the rows" * 300
            blank = head + "x" * len(example) + " and then" + " the rows" * 300
            searched: dict[tuple[bool, int], list] = {}  # the oracle's answer, a search, once per view and start
            for view in (text, text, blank, blank, text):  # each asked twice: the second from the memo
                for start in (len(head) + 1, len(head) + len(example) // 2, len(head) + len(example)):
                    got = values._head_matches(index, view, 0, start, len(view))
                    if (view is blank, start) not in searched:
                        searched[view is blank, start] = reference._head_matches(index, view, 0, start, len(view))
                    assert got == searched[view is blank, start], (rule.id, example)
                    found += bool(got)
    assert values.reused > 100 and found > 20, (values.reused, found)


def test_a_first_start_cleared_from_a_tail_is_used_only_from_there(rt):
    """hold62 records a long text's windowed rule's first start as (its tail, first): no match of the rule's superset
    begins in between. A later search that begins before that tail (the text no longer windowed: the release came
    near its end, `lo` still back at an open match) must read from its own start: on each value rule example before
    a long filler, no superset match begins before the first start given, from any start asked."""
    from addons.detect.holdback import Holdback
    from addons.stream.value_holdback import ValueHoldback

    prefixes = support.value_rules(rt.scanner)
    holdback = Holdback.for_scanner(rt.scanner)
    values = ValueHoldback(holdback, prefixes)
    ids = {rule_id: i for i, rule_id in enumerate(holdback.rule_ids)}
    checked = 0
    for rule in rt.scanner.rules:
        index = ids.get(rule.id)
        if rule.id not in prefixes or index is None or (gate := values.base.end_gate(index)) is None:
            continue
        for example in rule.examples[:2]:
            text = "the answer: " + example + " and then" + " the rows" * 40
            middle = len(text) // 2
            for recorded_from in (0, middle):
                firsts: dict[int, tuple[int, int]] = {}
                values._first_start(index, text, recorded_from, len(text), {}, firsts)
                longer = text + " more"
                for at in (0, 12, middle):
                    first = values._first_start(index, longer, at, len(longer), firsts, {})
                    early = [p for p in range(at, first) if gate.match(longer, p, partial=True) is not None]
                    assert early == [], (rule.id, example, recorded_from, at, first)
                    checked += 1
    assert checked > 100
