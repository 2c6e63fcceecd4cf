"""Rules whose masked value follows a prefix (URL credentials, .pgpass lines, positional passwords, key = value)
hold back only from where the value can begin (stream/value_holdback.py). The attacker's view: whatever the
split, the client never receives a character of a value the scan of the whole text masks; and prose is no
longer held for these rules."""

from __future__ import annotations

import zlib
from itertools import pairwise

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from addons.core.fingerprint import Fingerprinter
from addons.core.inspection import Inspector
from addons.core.policy import Policy
from addons.detect import Scanner
from addons.detect.holdback import Holdback
from addons.stream import value_holdback
from addons.stream.masker import StreamMasker
from tests.stream import streams as S
from tests.stream import support
from tests.sweeps import by_length, cut_positions

SCANNER = Scanner.default()
INSPECTOR = Inspector(SCANNER, Policy.parse({"version": 1, "actions": {"response": {"secret": "mask", "pii": "mask"}}}),
                      Fingerprinter(b"k" * 32))
PREFIXES = support.value_rules(SCANNER)
ALL = {rule.id for rule in SCANNER.rules}
PLAIN, VALUES = value_holdback.split(Holdback.for_scanner(SCANNER), ALL, PREFIXES)
EXAMPLES = sorted((rule.id, example) for rule in SCANNER.rules if rule.id in PREFIXES for example in rule.examples)
# Split at every position: one example per rule, the longest (the random splits below sample all of them).
LONGEST = sorted((rule.id, max(rule.examples, key=len)) for rule in SCANNER.rules if rule.id in PREFIXES)
PROSE = ["the", "model", "writes", "perfectly", "ordinary", "answer", "proxies,", "time.", "Hello", "user", "42",
         "code:", "engineering,", "about"]


def masker() -> StreamMasker:
    """As stream/streaming.py composes it (without the loose views and brokered credentials)."""
    return StreamMasker("openai_chat", INSPECTOR.inspect_text, safe_end=PLAIN.safe_end, value_hold=VALUES.hold)


def stream(fragments: list[str]) -> tuple[StreamMasker, str]:
    m = masker()
    out = S.run(m, S.openai_chat(fragments), size=97)
    return m, S.client_text("openai_chat", out)["text"]


def test_the_value_rules_are_those_with_a_prefix_before_the_value():
    assert {"generic-url-credentials", "generic-pgpass-password", "generic-password-positional",
            "generic-secret", "telegram-bot-token", "azure-ad-client-secret"} <= set(PREFIXES)
    # Their whole match is the value, or the prefix is only an assertion: held from the match's start.
    assert not {"email-address", "terraform-cloud-token", "azure-identifiable-key", "maxmind-license-key",
                "aws-access-key-id", "github-pat-classic"} & set(PREFIXES)


def test_a_one_character_prefix_is_not_held():
    """Telegram's `(?:^|[^0-9])` before the bot id: the plain hold-back kept the last character of every delta."""
    _, only_values = value_holdback.split(Holdback.for_scanner(SCANNER), {"telegram-bot-token"}, PREFIXES)
    for text in ("the model", "Hello, world", "x"):
        assert Holdback.for_scanner(SCANNER).only(["telegram-bot-token"]).safe_end(text, 0) == len(text) - 1
        assert only_values.safe_end(text, 0) == len(text)
    assert only_values.safe_end("bot 3590714646", 0) == 4  # the bot id may be the value's start: held


@pytest.mark.parametrize("word", PROSE)
@pytest.mark.parametrize("rule_id", ["generic-url-credentials", "generic-pgpass-password",
                                     "generic-password-positional"])
def test_a_plain_word_tail_is_not_held_for_a_value_rule(rule_id, word):
    _, only_values = value_holdback.split(Holdback.for_scanner(SCANNER), {rule_id}, PREFIXES)
    for text in (word, "Here is the answer " + word, "line one\n" + word):
        assert only_values.safe_end(text, 0) == len(text)
        if word.isalpha():  # the plain hold-back (from the match's start) holds it
            assert Holdback.for_scanner(SCANNER).only([rule_id]).safe_end(text, 0) < len(text)


@pytest.mark.parametrize("text, held", [
    ("x postgres://orders", ""),                       # user name: not masked, nothing of the value yet
    ("x postgres://orders:Zx8K", "Zx8K"),              # the password may go on
    ("pg-main.internal:5432:billing:billing_rw:Cob", "Cob"),
    ('connect("db.internal", "Fal', "Fal"),
    ("API_KEY=q9X2mV7k", "q9X2mV7k"),
])
def test_held_from_where_the_value_begins(text, held):
    assert text[VALUES.safe_end(text, 0):] == held


# The unit loop sweeps one rule of each way a value follows its prefix; the full suite every rule.
SWEPT_IN_THE_UNIT_LOOP = {"generic-url-credentials", "generic-pgpass-password", "generic-password-positional",
                          "generic-secret", "telegram-bot-token", "azure-ad-client-secret"}


LEAD, TAIL = "Sure, here it is: ", "\nAnything else?"


# Around each value's start and end (the prefix's last characters, where the hold-back decides where the value
# begins; the value's last, where it settles) the sweep cuts at every position; see `cuts`.
EDGE = 4


def cuts(rule_id: str, text: str, values: list[tuple[int, int]]) -> list[int]:
    """Where the split sweep cuts `text` (LEAD, the example, TAIL): the unit loop's rules (one per way a value follows
    its prefix) everywhere; every other rule from the lead's last word ("is: ", where a prefix's look-behind reads)
    to the tail's first word ("\nAnything", which a value's end may run into), at every position within EDGE of a
    value's start or end (`values`: the whole text's findings) and at every other position elsewhere, the odd or
    the even ones by the rule's name (seeded: the same cuts every run). A cut earlier in the lead sends the same
    first event for every rule (a prefix of LEAD) and the rest of the text in one; a cut in " else?" the example
    and the line after it whole: the same streams for every rule of a shape. Every other cut inside a key name or a
    value's middle halves the ~18,000 streams (~60 s of the full suite's CPU), and the single-character test below
    puts an event boundary at every position of every rule."""
    every = cut_positions(text)
    if rule_id in SWEPT_IN_THE_UNIT_LOOP:
        return list(every)
    first, last = LEAD.rindex("is"), len(text) - len(TAIL) + len("\nAnything")
    parity = zlib.crc32(rule_id.encode()) % 2
    edges = {at + d for start, end in values for at in (start, end) for d in range(-EDGE, EDGE + 1)}
    return [cut for cut in every if first <= cut <= last and (cut in edges or cut % 2 == parity)]


@pytest.mark.parametrize("rule_id, example", by_length(LONGEST, keep=SWEPT_IN_THE_UNIT_LOOP))
def test_a_value_rule_example_split_anywhere_is_masked(rule_id, example):
    """Split in two at every position (inside a long example's middle, every third: tests/sweeps.py; in the lead
    and tail, and every other position away from a value's ends for the full suite's rules, as `cuts` says)."""
    text = f"{LEAD}{example}{TAIL}"
    want = INSPECTOR.inspect_text(text, "response", "t").text
    found = [(f.start, f.end) for f in SCANNER.scan(text)]  # the text is the same for every cut: scanned once
    values = [text[start:end] for start, end in found]
    for cut in cuts(rule_id, text, found):
        m, got = stream([text[:cut], text[cut:]])
        assert not m.stopped, (cut, m.stop_reason)
        assert got == want, cut
        assert [value for value in values if value in got] == [], cut


@pytest.mark.parametrize("rule_id, example", by_length(LONGEST, keep=SWEPT_IN_THE_UNIT_LOOP))
def test_a_value_rule_example_in_single_characters_is_masked(rule_id, example):
    """One character per event, but in a long text's middle three (cut_positions: the event boundaries the split
    sweep cuts at). Only the service-account key's PEM body is that long: 1,300 events of one base64 run, each
    re-reading a held text of up to 1,700 characters, were 167 s of this file's 1,146 (load ~15)."""
    text = f"{LEAD}{example}{TAIL}"
    bounds = [0, *cut_positions(text), len(text)]
    m, got = stream([text[a:b] for a, b in pairwise(bounds)])
    assert not m.stopped, m.stop_reason
    assert got == INSPECTOR.inspect_text(text, "response", "t").text


@pytest.mark.parametrize("filler", ["x" * 300 + "=", "word " * 80])
def test_a_released_prefix_far_back_is_still_read_with_its_value(filler):
    """The prefix went out long before the value: the re-scan reaches back to the open match's start, or the
    prefix is held once it is LOOKBACK characters old."""
    password = "Zx8Kq2Lm9V"
    for prefix in ("postgres://orders:", "postgres://" + "u" * 60 + ":"):
        text = f"{filler}{prefix}{password}@db.internal:5432/orders done"
        cut = text.index(password) + 3
        for fragments in ([text[:cut], text[cut:]], [text[:len(filler) + 5], text[len(filler) + 5:cut], text[cut:]],
                          list(text)):
            m, got = stream(fragments)
            assert not m.stopped, m.stop_reason
            assert password[:3] not in got.replace(filler, "", 1) and "[MASKED:" in got


def test_prose_flows_with_nothing_held_for_the_value_rules():
    r"""Except Azure AD client secrets: their value (`[A-Za-z0-9_~.-]{3}\dQ~...`) may begin with a short word."""
    _, values = value_holdback.split(Holdback.for_scanner(SCANNER), set(PREFIXES) - {"azure-ad-client-secret"},
                                     PREFIXES)
    text = ""
    # Not a number (it may begin a Telegram bot id) nor "code:" (a key name: what follows may be its value).
    for word in [w for w in PROSE if not w.isdigit() and w != "code:"] * 3:
        text += (" " if text else "") + word
        assert values.safe_end(text, 0) == len(text), text
    assert VALUES.safe_end("Some text the", 0) == len("Some text ")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from([e for _, e in EXAMPLES]), st.sampled_from(PROSE)), min_size=1, max_size=5),
       st.sets(st.integers(1, 300), max_size=25), st.sampled_from([" ", "\n", "", "="]))
@pytest.mark.slow  # 150 generated splits
def test_value_rule_examples_among_prose_any_split(words, cuts, joiner):
    text = joiner.join(words) + " end"
    inside = sorted(c for c in cuts if c < len(text))
    m, got = stream([text[a:b] for a, b in zip([0, *inside], [*inside, len(text)]) if b > a])
    want = INSPECTOR.inspect_text(text, "response", "t").text
    if m.stopped:  # fail closed is allowed only where the plain hold-back stops too
        plain = StreamMasker("openai_chat", INSPECTOR.inspect_text, safe_end=Holdback.for_scanner(SCANNER).safe_end)
        S.run(plain, S.openai_chat([text[a:b] for a, b in zip([0, *inside], [*inside, len(text)]) if b > a]),
              size=97)
        assert plain.stopped, m.stop_reason
        return
    if got != want:  # the scanner is not prefix-stable: the stream may mask more than the whole scan, never less
        assert got.count("[MASKED:") > want.count("[MASKED:"), (got, want)
    for f in SCANNER.scan(text):
        value = text[f.start:f.end]
        if value not in want:
            assert value not in got
