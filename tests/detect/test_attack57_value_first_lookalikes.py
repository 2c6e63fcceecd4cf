"""attack57: prose where sov56's value-before-word signal (generic-password-value-first) fired on a name that is no
password: a version or product name before a credential word that begins a compound (`Office365 ist das
Passwort-Problem`, `password-protected`) or before a noun it modifies written in Devanagari (`पासवर्ड मैनेजर`,
password manager), each a finding before value_before_word.py read them. Two more are open (strict xfail,
EVASION.md)."""

from __future__ import annotations

import pytest

from tests.detect.test_sov56_value_first import RULE, SCANNER  # the shipped rules and the opt-in one


def _found(text: str) -> list[str]:
    return [text[f.start:f.end] for f in SCANNER.scan(text) if f.rule_id == RULE]


@pytest.mark.parametrize("text", [
    "Office365 ist das Passwort-Problem, nicht das Netz.",  # the word begins a compound: a hyphen and a letter
    "Kx7q2mz9 ist das Passwort-Feld im Formular",
    "Falcon9x ko password-protected banao",
    "node18 है पासवर्ड मैनेजर",  # password manager, the noun in Devanagari
])
def test_a_name_before_a_credential_word_that_modifies_a_noun_is_no_finding(text):
    assert _found(text) == []


@pytest.mark.parametrize("text, value", [
    ("Kx7q2mz9 ist das Passwort - merk es dir", "Kx7q2mz9"),  # a dash between blanks is no compound
    ("Kx7q2mz9 ist das Passwort", "Kx7q2mz9"),
    ("Nadi@4417 मेरा पासवर्ड है", "Nadi@4417"),
])
def test_the_value_before_its_word_is_still_found(text, value):
    assert _found(text) == [value]


@pytest.mark.xfail(strict=True, reason="open (EVASION.md, attack57): Hindi-Latin `mein` (in) is German `mein` (my), a "
                   "possessive of the marker table; `に関する` (about) begins with the role particle `に`")
@pytest.mark.parametrize("text", ["MySQL8 mein password set karo", "Ubuntu22 パスワードに関する設定"])
def test_a_function_word_of_another_language_or_a_particle_s_longer_word_open(text):
    assert _found(text) == []
