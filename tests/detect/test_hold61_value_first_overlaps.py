"""hold61: the value before its word (scanner.LOSES_OVERLAPS) against precise findings, in the scanner's overlap
resolution (`_resolve_cluster`): a precise finding the policy acts on keeps its span and the value before its word
masks the rest of its token; one the policy allows (`yielding`: PII in an answer) loses the token to it. On main the
precise finding took the whole token either way and the rest (or all) of the password went out (attack58)."""

from __future__ import annotations

import pytest

from addons.detect import Scanner
from addons.detect.scanner import _outside
from tests import fakes

RULE = "generic-password-value-first-lite"
SCANNER = Scanner.default()
GITHUB = fakes.github_pat(61)


def _found(text: str, yielding: frozenset[str] = frozenset()) -> list[tuple[str, str]]:
    return [(f.rule_id, text[f.start:f.end]) for f in SCANNER.scan_report(text, yielding).findings]


def test_the_parts_outside_the_spans():
    assert _outside(0, 10, [2, 6], [4, 8]) == [(0, 2), (4, 6), (8, 10)]
    assert _outside(0, 10, [0], [10]) == []
    assert _outside(3, 10, [0], [5]) == [(5, 10)]
    assert _outside(0, 7, [5], [12]) == [(0, 5)]


@pytest.mark.parametrize("head, tail, rule", [
    ("Kx7q2mz9#", GITHUB, "github-pat-classic"),
    ("Tarla58!", "10.20.30.40", "ipv4-address"),
    ("Kx7q2mz9Tarla58=", "a@b.io", "email-address"),
])
def test_a_precise_finding_the_policy_acts_on_keeps_its_part_and_the_rule_takes_the_rest(head, tail, rule):
    """Fails on main: the precise finding took the token, `head` went out."""
    text = f"Sure: {head}{tail} ist das Passwort für den Router."
    assert _found(text) == [(RULE, head), (rule, tail)]


@pytest.mark.parametrize("head, tail, rule", [("Tarla58!", "10.20.30.40", "ipv4-address"),
                                              ("Kx7q2mz9Tarla58=", "a@b.io", "email-address")])
def test_a_part_the_policy_allows_is_the_password_s(head, tail, rule):
    text = f"Sure: {head}{tail} ist das Passwort für den Router."
    assert _found(text, frozenset({rule})) == [(RULE, head + tail)]


@pytest.mark.parametrize("token, rule", [("Kx7q2mz9@corp.io", "email-address"),
                                         ("fe80::1ff:fe23:4567:890a", "ipv6-address")])
def test_a_token_a_precise_finding_reads_whole_is_that_finding_s_where_the_policy_acts_on_it(token, rule):
    text = f"Sure: {token} ist das Passwort für den Router."
    assert _found(text) == [(rule, token)]
    assert _found(text, frozenset({rule})) == [(RULE, token)]  # fails on main: the allowed finding took it


def test_a_precise_finding_with_no_word_after_it_is_untouched():
    text = f"Sure: Kx7q2mz9#{GITHUB} and nothing more."
    assert _found(text) == [("github-pat-classic", GITHUB)]
