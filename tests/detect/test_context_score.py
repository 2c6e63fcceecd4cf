"""Passwords in prose: the context scorer's decisions and the signals Scanner.explain(text) lists."""

import pytest

from addons.detect import Scanner
from addons.detect.context_score import SCORE_THRESHOLD, score


@pytest.fixture(scope="module")
def scanner():
    return Scanner.default()


def test_signals_add_up_and_are_deterministic():
    first = score("", " is ", "Falcon^Nine9")
    assert first == score("", " is ", "Falcon^Nine9")
    assert first.reported and first.total >= SCORE_THRESHOLD
    assert any("character classes" in signal for signal in first.signals)


@pytest.mark.parametrize("between, value, reported", [
    (": ", "Harbor#Maple42", True),
    (" ist ", "Quartz!Tiger7", True),
    (" is ", "correct", False),                      # a word, not a password
    (" for the staging box: ", "Cobalt%Raven31", True),
    (" field is required and must have 12 ", "characters1", False),
    (': "{{ ', ".Values.postgresql.auth.password", False),
])
def test_score(between, value, reported):
    assert score("", between, value).reported is reported


def test_negative_context_on_the_line_counts(scanner):
    findings = scanner.scan("I forgot my password Falcon^Nine9")
    assert not [f for f in findings if f.rule_id.startswith("generic-password")]


def test_explain_lists_signals_without_the_value(scanner):
    lines = scanner.explain("pw for the staging box: Harbor#Maple42")
    assert any("generic-password-prose" in line and "reported:" in line and "separator" in line for line in lines)
    assert not any("Harbor#Maple42" in line for line in lines)
