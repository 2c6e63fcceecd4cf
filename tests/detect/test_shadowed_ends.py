"""Generic ends under a precise finding are left unconfirmed (scanner._shadowed_end, issue 15 §4, dense traffic):
the scan must give what confirming each of them gives. Compared on seeded texts dense with provider keys behind
generic key names, values running into keys, trailing punctuation and quotes."""

from __future__ import annotations

import random

import pytest

from addons.detect import Scanner
from addons.detect import scanner as scanner_module
from addons.detect.regex_shape import value_bounds
from tests.detect.fakes import ALNUM, Fakes

KEY_NAMES = ["OPENAI_API_KEY=", "token=", "secret: ", "api_key: \"", "client_secret = '", "auth=", "SLACK_TOKEN=",
             "password=", "key=", "GITHUB_TOKEN=", "Authorization: Bearer ", "sessionid=", "credentials: ", ""]
DIGITS = "0123456789"
AFTER = ["\n", " ", "", ".", ",", ";", ":", "...", ".\n", "\"", "'", "`", ")", "&x=1", " sk-", "=", "\\n"]


def _key(fakes: Fakes, rng: random.Random) -> str:
    return rng.choice([
        lambda: "sk-proj-" + fakes.chars(ALNUM, rng.choice([20, 48, 74])),
        lambda: "sk-" + fakes.chars(ALNUM, 48),
        fakes.github_classic,
        lambda: "-".join(["xoxb", fakes.chars(DIGITS, 12), fakes.chars(DIGITS, 13), fakes.chars(ALNUM, 24)]),
        lambda: "AKIA" + fakes.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16),
        lambda: fakes.chars(ALNUM, rng.randint(6, 30)),  # a generic value, no provider format
    ])()


def _texts() -> list[str]:
    rng, fakes = random.Random(19), Fakes(seed=19)
    texts = []
    for _ in range(250):
        parts = []
        for _ in range(rng.randint(1, 14)):
            # Sometimes a generic value runs straight into a key (`token=abc123sk-proj-...`).
            lead = fakes.chars(ALNUM, rng.randint(1, 12)) if rng.random() < 0.25 else ""
            parts.append(rng.choice(KEY_NAMES) + lead + _key(fakes, rng) + rng.choice(AFTER))
        texts.append("".join(parts))
    return texts


@pytest.fixture(scope="module")
def scanner() -> Scanner:
    return Scanner.default()


def _reports(scanner: Scanner, texts: list[str]):
    unhurried = Scanner(scanner.rules, scanner.version, scanner.engine, time_budget=600.0)
    return [(report.findings, report.skipped) for report in map(unhurried.scan_report, texts)]


def test_leaving_shadowed_ends_unconfirmed_changes_no_finding(scanner, monkeypatch):
    texts = _texts()
    skipped, settled = [], []
    real_shadowed, real_settle = scanner_module._shadowed_end, scanner_module.Scanner._settle_pending

    def counting_shadowed(*args):
        verdict = real_shadowed(*args)
        skipped.append(verdict)
        return verdict

    def counting_settle(self, *args):
        settled.append(args[2])
        return real_settle(self, *args)

    monkeypatch.setattr(scanner_module, "_shadowed_end", counting_shadowed)
    monkeypatch.setattr(scanner_module.Scanner, "_settle_pending", counting_settle)
    fast = _reports(scanner, texts)
    assert sum(skipped) >= 200 and settled  # the texts take both paths: skipped ends, and some confirmed after all
    monkeypatch.setattr(scanner_module, "_shadowed_end", lambda *args: False)
    assert fast == _reports(scanner, texts)


def test_value_bounds():
    assert value_bounds(r"(?i)key=(?P<secret>[a-z]{4,9})(?:[;\s]|$)", 1) == (4, 1)
    assert value_bounds(r"key=(?P<secret>\w+)[\"']{0,2}(?=\s)", 1) == (1, 2)
    assert value_bounds(r"key=(?P<secret>x(?=y)\w{7})", 1) == (8, 0)
    assert value_bounds(r"(?:a=(?P<secret>\w+)|b=(\w+))x", 1) is None  # not at the top level
    assert value_bounds(r"key=(?P<secret>\w+)\s+end", 1) is None  # unbounded after the value
    assert value_bounds(r"key=(?P<secret>\p{L}+);", 1) is None  # regex-module syntax the stdlib cannot read


def test_an_end_inside_a_shadowed_value_is_skipped_as_if_that_value_had_been_confirmed(rule_file):
    """A generic value may hold ends of its own rule (here after each `.`): confirmed from the right, the longest
    value covers them and the shorter ones inside it are never tried. When the longest is left unconfirmed because
    a precise finding shadows it, it is confirmed after all once such an end comes (_settle_pending)."""
    path = rule_file("""
        rules:
          - id: dotted-token
            description: a token after token=, dots allowed inside
            category: secret
            classification: confidential
            tier: generic
            regex: 'token=(?P<secret>[A-Za-z0-9.]{8,80})(?:[.\\s]|$)'
            examples: ['token=abcdefgh ']
            references: ['https://example.org/dotted-token']
          - id: aws-like
            description: an AWS-like access key id
            category: secret
            classification: confidential
            tier: precise
            regex: '(?P<secret>AKIA[A-Z0-9]{16})'
            examples: ['AKIAQWERTYUIOPASDFGH']
            references: ['https://example.org/aws-like']
        """)
    scanner = Scanner.from_rules([path])
    text = "token=Qx7Lm2Vp9.ijklAKIAQWERTYUIOPASDFGH rest"
    key = text.index("AKIA")
    assert [(f.rule_id, f.start, f.end) for f in scanner.scan(text)] == [("aws-like", key, key + 20)]
    skipped = []
    real = scanner_module._shadowed_end

    def counting(*args):
        skipped.append(real(*args))
        return skipped[-1]

    scanner_module._shadowed_end = counting
    try:
        assert [(f.rule_id, f.start, f.end) for f in scanner.scan(text)] == [("aws-like", key, key + 20)]
    finally:
        scanner_module._shadowed_end = real
    assert skipped[0] is True  # the longest value's end was left pending
    assert scanner.candidates(text)  # sanity: the inner value exists as a candidate of its own


def test_shadowed_end_needs_a_span_over_the_value_whatever_its_length_and_trailing_punctuation(scanner):
    rule = scanner.rule("generic-secret")  # generic tier: trailing punctuation is cut from its values
    shadow = scanner_module._Shadow([(10, 30, rule)])
    view = "x" * 40
    assert scanner_module._shadowed_end(view, rule, shadow, (8, 1), 31)
    assert not scanner_module._shadowed_end(view[:29] + "." + view[30:], rule, shadow, (8, 1), 31)  # may be cut
    assert not scanner_module._shadowed_end(view, rule, shadow, (1, 1), 31)  # a 1-char value at 30 is outside
    assert not scanner_module._shadowed_end(view, rule, shadow, (8, 0), 31)  # its last char may be 30
    assert scanner_module._shadowed_end(view, scanner.rule("openai-project-key"), shadow, (8, 1), 31)
