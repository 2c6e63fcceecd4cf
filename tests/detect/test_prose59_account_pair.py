"""prose59: an account's name and a conjunction right before the password word make a user / password pair in any
language, where the language's user word is not in the vocabulary table or a conjunction and its article stand
between (логином U и паролем X, usuario U y la contraseña X, k.olsen en wachtwoord X): a PIN or letters only right
after the word then count as the pair's password (context_score.ACCOUNT_BEFORE_WORD, read by the prose scorer's
user pair and word_table._after_word). A version, a ticket, a file before the conjunction is no account; a word
after the password word is not its value. Each positive was missed before."""

from __future__ import annotations

import pytest

from addons.detect import Scanner

from .shipped import covered, sensitive

SCANNER = Scanner.default()


@pytest.mark.parametrize("text,value", [
    ("Entra con el usuario k.olsen y la contraseña 582914 y cámbiala.", "582914"),
    ("Войдите под логином k.olsen и паролем heronmarsh, потом смените пароль.", "heronmarsh"),
    ("यूज़र k.olsen और पासवर्ड 582914 डालकर लॉग इन करें, फिर पासवर्ड बदलें।", "582914"),
    ("ইউজার k.olsen এবং পাসওয়ার্ড 582914 দিয়ে লগ ইন করুন।", "582914"),
    ("Увійдіть як k.olsen і паролем heronmarsh, потім змініть його.", "heronmarsh"),
    ("Log in op de kassa met k.olsen en wachtwoord 582914 en wijzig het daarna.", "582914"),
])
def test_an_account_and_a_conjunction_before_the_word(text, value):
    assert covered(SCANNER, text, value)


@pytest.mark.parametrize("text", [
    "ask k.olsen and password 2019 was the year we moved",
    "ticket ops-42 and password policy 2024 are linked",
    "upgrade to v2.3 and password 5821 stops working",
    "k.olsen and password manager 8 are on the list",
    "mail k.olsen, password reset 4471 is done",
    "see config.yaml and password rotation docs",
    "call k.olsen and password changes go through him",
])
def test_look_alikes(text):
    assert sensitive(SCANNER, text) == []
