"""A remote-support tool's security code is an entry code (held-out set 21's Splashtop notes, spent): "security code
is now X" gives it; talk about codes (their rules, a card's digits) and source code's review give none."""

import pytest

from addons.detect import Scanner
from addons.detect.holdback import Holdback
from addons.stream import value_holdback
from tests.stream import support

SCANNER = Scanner.default()
PREFIXES = support.value_rules(SCANNER)


def _values(text: str) -> list[str]:
    return [text[f.start:f.end] for f in SCANNER.scan(text) if f.classification not in ("public", "test-value")]


@pytest.mark.parametrize("text,value", [
    ("Splashtop Streamer on the front desk PC: security code is now Quoll!Fen34, changed after the visit.",
     "Quoll!Fen34"),
    ("the security code for the lab scope PC is 604418", "604418"),
])
def test_a_security_code_given_is_found(text, value):
    assert value in _values(text)


@pytest.mark.parametrize("text", [
    "Splashtop security codes must be at least 8 characters with letters and digits.",
    "the security code on the back of the card has 3 or 4 digits",
    "security code review of PR 4821 is done",
    "GitHub security code scanning alerts: 1532 open",
    "security code analysis: 2048 findings",
])
def test_talk_about_codes_gives_none(text):
    assert _values(text) == []


@pytest.mark.parametrize("text", ["Here is the security", "the security code"])
def test_a_stream_does_not_hold_before_a_value_begins(text):
    _, only_values = value_holdback.split(Holdback.for_scanner(SCANNER), {"generic-pin-code"}, PREFIXES)
    assert only_values.safe_end(text, 0) == len(text)


def test_a_value_that_has_begun_is_held():
    _, only_values = value_holdback.split(Holdback.for_scanner(SCANNER), {"generic-pin-code"}, PREFIXES)
    text = "Splashtop: security code is now Quoll"
    assert only_values.safe_end(text, 0) <= text.index("Quoll")
