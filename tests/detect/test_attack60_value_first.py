"""attack60: attacks on vfirst59's shipped value-first rule (rules/value-first.yaml, generic-password-value-first-lite).

Evasions of the shapes it claims: the rule's regex runs with regex.ASCII (rules.REGEX_FLAGS), so its `(?i)` folds
ASCII letters only; Turkish UI text writes the word capitalised (`Şifre`, `ŞİFRE`) and the Latin words with a
letter beyond ASCII in capitals (`CONTRASEÑA`, `HASŁO`, `LÖSENORD`) were not read (all failed on main d7d4e25).
False positives: prose about a password scheme with a version-like token before the word (`OAuth2 as the PIN
replacement`, `md5crypt was the passwd default`) were masked (failed on main d7d4e25: the modifier nouns after the
word were a short list). The shapes written with other words or blanks (two possessives, a no-break space,
`serves as`, Vietnamese in capitals) were a strict xfail until prose61 read them."""

from __future__ import annotations

import pytest

from addons.detect import Scanner

from .shipped import covered, sensitive

SCANNER = Scanner.default()
RULE = "generic-password-value-first-lite"

# a value before its word, the word written in capitals as Turkish UI and headings write it
CAPITALISED = [
    ("Heron#4471 benim Şifrem, kimseye söyleme", "Heron#4471"),
    ("Lütfen Marmara_77'yi Şifre olarak kullan", "Marmara_77"),
    ("KAMERA: Efes!3318 BENİM ŞİFREM", "Efes!3318"),
    ("Ebro#5530 ES LA CONTRASEÑA DEL PORTAL", "Ebro#5530"),
    ("Wawel!993 TO MOJE HASŁO DO KAMERY", "Wawel!993"),
    ("Vasa#2210 ÄR MITT LÖSENORD", "Vasa#2210"),
]


@pytest.mark.parametrize("text,value", CAPITALISED)
def test_a_capitalised_word_beyond_ascii_is_read(text, value):
    assert covered(SCANNER, text, value), SCANNER.explain(text, RULE)


# prose about passwords: a version, algorithm or product token before the word, the word a modifier of the noun
# after it (a default, a mode, a replacement, a channel; German capitalises the noun)
ABOUT_PASSWORDS = [
    "OAuth2 as the PIN replacement for kiosks",
    "yescrypt1 is the passwd default on Debian 11",
    "md5crypt was the passwd default before 2010",
    "chmod600 is the passwd mode we expect",
    "TLS1.3 as the PIN channel",
    "Windows11 ist das Kennwort Problem",
    "Office365 ist das Kennwort Portal",
    "Azure-AD2 ist das Passwort Backend",
]


@pytest.mark.parametrize("text", ABOUT_PASSWORDS)
def test_prose_about_a_password_scheme_is_not_masked(text):
    assert not [f for f in SCANNER.scan(text) if f.rule_id == RULE], SCANNER.explain(text, RULE)
    assert sensitive(SCANNER, text) == []


# the shapes the rule claims, written with what it did not read (EVASION.md, attack60 rows; closed by prose61: up to
# two possessives or determiners, a no-break space as a blank, a verb of serving before `as`, Vietnamese in capitals)
CLOSED_BY_PROSE61 = [
    ("Heron#4471 is your new password", "two possessive/determiner words"),
    ("Heron#4471 is the\u00a0password", "a no-break space between the words"),
    ("Heron#4471 benim\u00a0şifrem", "a no-break space before şifre"),
    ("Heron#4471 serves as the password", "a verb other than the copula before `as the password`"),
    ("Heron#4471 LÀ MẬT KHẨU CỦA TÔI", "Vietnamese in capitals"),
]


@pytest.mark.parametrize("text,why", CLOSED_BY_PROSE61)
def test_a_shape_said_with_other_words_or_blanks_is_read(text, why):
    assert covered(SCANNER, text, "Heron#4471"), why
