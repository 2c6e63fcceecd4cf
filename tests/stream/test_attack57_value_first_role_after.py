"""attack57: sov56's value before its word (generic-password-value-first) in a stream, where what makes it a password
comes after the credential word.

The scorer takes a token whose words before the credential word are all weak (a determiner, "new", "now": no copula,
role marker or possessive) when the word's role shows after it: a role word or copula (`şifre olarak`, `PIN is`,
`password banao`, `पासवर्ड है`). The stream held the token while the regex could still grow (at most three words
between), and a complete match only while the text ended inside a word (holdback.verdict_open). With three weak
words between, the regex is complete at the credential word; at the blank after it the verdict was closed, the
scorer (no role word yet) said no, and the token went out; the role word then made it a finding, too late. A
Devanagari word ends on a virama or vowel sign (`पासवर्`, `बना`), no `\\w` in `re`: the verdict was closed inside the
credential word itself. The hold now stays open for this rule until the word after the credential word has ended
(holdback.verdict_open, `reads_role_after`). The oracle of test_holdback_attack.py: each text the client has after an
event is a prefix of the whole text masked."""

from __future__ import annotations

import json

import pytest

from tests.detect.test_sov56_value_first import OPTIONAL
from tests.stream import support
from tests.stream.test_holdback_attack import leak
from tests.sweeps import sampled

# The shipped policy and rules with the opt-in rules/opt-in/value-first.yaml beside them (as a deployment adds it
# through exitguard_rules), installed.
rt, composed = support.shipped_answer_fixtures(OPTIONAL)

RULE = "generic-password-value-first"
# Three weak words between the token and the credential word, the role word after it (each failed before the fix:
# the first delta ending at the blank after the credential word, or inside a Devanagari word, sent the token).
# (the sentence up to its role word, the role word and what follows)
PARTS = [
    ("Kx7q2mz9 now the new şifre ", "olarak kullan"),
    ("Tarla#58 bu yeni yeni şifre ", "olsun"),
    ("Kx7q2mz9 now the new şifre\t", "olarak kullan"),
    ("Falcon9!x the new current PIN ", "is"),
    ("Nadi@4417 the new current पासवर्ड ", "है"),
    ("Nadi@4417 the new current पासवर्ड ", "बनाओ"),
]
SHAPES = [before + role for before, role in PARTS]


def _answer(shape: str) -> str:
    return f"Sure:\n{shape}\nAnything else?"


@pytest.mark.parametrize("before, role", PARTS)
def test_the_whole_scan_takes_the_token_by_the_role_word_after_the_credential_word(rt, before, role):
    text, token = _answer(before + role), before.split()[0]
    assert [text[f.start:f.end] for f in rt.scanner.scan(text) if f.rule_id == RULE] == [token]
    # without its role word the same sentence is no finding: the word after the credential word decides
    assert [f for f in rt.scanner.scan(_answer(before)) if f.rule_id == RULE] == [], before


# Every split of each shape in the full suite; the unit loop splits a seeded half of them (each shape still goes one
# character per event below): ~0.4 s of the loop's CPU less.
@pytest.mark.sweep_sample(lambda shape: sampled(shape))
@pytest.mark.parametrize("shape", SHAPES)
def test_a_first_delta_ending_anywhere_reaches_the_client_masked(rt, composed, shape):
    text = _answer(shape)
    for cut in range(1, len(text)):
        assert leak(rt, composed, [text[:cut], text[cut:]]) is None, repr(text[:cut])


@pytest.mark.parametrize("shape", SHAPES)
def test_one_character_per_event_reaches_the_client_masked(rt, composed, shape):
    assert leak(rt, composed, list(_answer(shape))) is None


@pytest.mark.parametrize("shape", SHAPES[::2])
def test_in_a_tool_call_s_arguments_with_u_escapes_too(rt, composed, shape):
    body = json.dumps({"note": shape}, ensure_ascii=True)
    for cut in range(1, len(body)):
        assert leak(rt, composed, [body[:cut], body[cut:]], tool_call=True) is None, repr(body[:cut])
