"""prose61: the words and blanks between a value written first and its word (generic-password-value-first-lite,
detect/value_before_word.py), said the ways people type them: two hyphens for a dash (`X -- that's the password`,
any language's `X -- мой пароль`), two possessives or determiners (`X is your new PIN`), a no-break space, a verb of
serving before `as`, Vietnamese in capitals, and Tatar's `with` postposition (белән) and words for my / our.
A possessive between the value and the word is the link, not the negative word it is in "enter your password".
The positives are of other trades and languages than held-out set 43's; each was missed on main ce29d5c."""

from __future__ import annotations

import pytest

from addons.detect import Scanner

from .shipped import covered, sensitive

SCANNER = Scanner.default()

POSITIVES = [
    ("Boathouse: Fjord!2291 -- that's the password for the router, don't hand it out.", "Fjord!2291"),
    ("Tulipan#77x -- to moje hasło do skrzynki w warsztacie", "Tulipan#77x"),
    ("Garage : Kestrel_4410 -- c'est le mot de passe du portail", "Kestrel_4410"),
    ("Volga!5521 -- мой новый пароль от роутера на складе", "Volga!5521"),
    ("Bike locker: Orchard#818 is your new PIN, keep it to yourself.", "Orchard#818"),
    ("Delta#6620 serves as the passphrase for the backup disk at the surgery.", "Delta#6620"),
    ("Ramen!2290 acts as the password of the kitchen tablet", "Ramen!2290"),
    ("QUÁN PHỞ: Ngoc#4471 LÀ MẬT KHẨU WIFI CỦA QUÁN", "Ngoc#4471"),
    ("Marina gate: Harbour#5580 is our\u00a0password this month", "Harbour#5580"),
    ("Kazan!7781 — безнең яңа серсүзебез, беркемгә дә әйтмәгез", "Kazan!7781"),
    ("Теплица контроллерына Sabantuy#58 серсүзе белән керегез", "Sabantuy#58"),
]


@pytest.mark.parametrize("text,value", POSITIVES)
def test_the_value_before_its_word_said_another_way(text, value):
    assert covered(SCANNER, text, value), SCANNER.explain(text)


LOOK_ALIKES = [
    "python3.12 -- the password manager runtime we ship",
    "x86_64 -- that's the password policy's build target",
    "SELECT pw_hash2 -- the password column, hashed",
    "v2.3.1 is your new password policy version",
    "OAuth2 serves as the password replacement here",
    "Windows11 LÀ HỆ ĐIỀU HÀNH, KHÔNG PHẢI MẬT KHẨU",
    "Enter your password and press OK",
    "Python3 яңа серсүз кагыйдәсе",
]


@pytest.mark.parametrize("text", LOOK_ALIKES)
def test_look_alikes(text):
    assert sensitive(SCANNER, text) == [], SCANNER.explain(text)
