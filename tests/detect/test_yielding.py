"""`Scanner.scan_report(text, yielding)`: rules whose findings the policy allows where it acts on others' lose every
overlap, so a value two rules read is decided by the rule the policy acts on (attack5: in an answer
`client_secret: "<value>" is my password` was the allowed prose rule's, and went to the agent unmasked)."""

from __future__ import annotations

import pytest

from addons.detect import Scanner

PROSE = 'client_secret: "Harbor#Raven28x" is my password'


@pytest.fixture(scope="module")
def scanner() -> Scanner:
    return Scanner.default()


def rules_found(scanner: Scanner, text: str, yielding: frozenset[str] = frozenset()) -> list[str]:
    return [f.rule_id for f in scanner.scan_report(text, yielding).findings]


def test_a_yielding_rule_loses_the_overlap_it_would_win(scanner):
    # sov57: the value before its word reads the token too (`... is my password`) and loses to both (LOSES_OVERLAPS)
    assert {c.rule_id for c in scanner.candidates(PROSE)} == {"generic-password-before-word", "generic-secret",
                                                              "generic-password-value-first-lite"}
    assert rules_found(scanner, PROSE) == ["generic-password-before-word"]  # same span: the id decides
    assert rules_found(scanner, PROSE, frozenset({"generic-password-before-word"})) == ["generic-secret"]


def test_a_yielding_precise_rule_keeps_no_generic_value_out_before_post_validation(scanner):
    """Pruning drops a generic candidate under a precise finding before its post-validation (`_Shadow`); a precise
    rule that yields must not shadow, or the generic value is gone before overlap resolution could prefer it."""
    key = "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"
    text = f'api_secret = "{key}"'
    assert rules_found(scanner, text) == ["github-pat-classic"]
    assert rules_found(scanner, text, frozenset({"github-pat-classic"})) == ["generic-secret"]


def test_a_span_taken_by_a_yielding_rule_does_not_keep_another_rule_out(scanner):
    """Generic values of the same span are post-validated once (`taken`, in rule id order): the prose rule's id
    sorts first, so when it yields, its span must not stop generic-secret from being confirmed."""
    yielding = frozenset({"generic-password-before-word"})
    report = scanner.scan_report(PROSE, yielding)
    (finding,) = report.findings
    assert PROSE[finding.start:finding.end] == "Harbor#Raven28x" and finding.rule_id == "generic-secret"


def test_when_every_overlapping_rule_yields_the_order_is_the_usual_one(scanner):
    every = frozenset({"generic-password-before-word", "generic-secret", "generic-password-value-first-lite"})
    assert rules_found(scanner, PROSE, every) == rules_found(scanner, PROSE)


def test_the_value_before_its_word_decides_only_where_the_others_yield(scanner):
    """sov57: it loses to generic-secret (masked in answers too), and wins over the prose rule the policy allows
    in answers: the value is masked either way."""
    assert rules_found(scanner, PROSE, frozenset({"generic-password-before-word", "generic-secret"})) == [
        "generic-password-value-first-lite"]
