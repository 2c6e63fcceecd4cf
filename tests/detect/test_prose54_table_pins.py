"""prose54: a PIN or letters only right after a credential word of the regexes that is also the vocabulary
table's (पासवर्ड, пароль, парола: the prose rule's regex wants a digit and a letter or symbol there), judged as after
the table's own words: digits that end their clause or that a copula after them gives (SOV: पासवर्ड X हो, Nepali
and Marathi copulas after the token, a danda ending it), letters only where a copula after them gives them. No
sentence here is set 38's. The positives fail before this change; the look-alikes pass both ways."""

from __future__ import annotations

import pytest

from addons.detect import Scanner
from addons.detect.context_score import COPULA_AFTER

from .shipped import covered, sensitive

SCANNER = Scanner.default()


@pytest.mark.parametrize("text,value", [
    ("राउटर का नया पासवर्ड kingfisherganga है।", "kingfisherganga"),                 # Hindi, letters, है then a danda
    ("राउटरचा नवीन पासवर्ड 583920 आहे.", "583920"),                                 # Marathi
    ("Зайди в почту с логином k.ivanova и паролем 583920, потом смени его.", "583920"),  # Russian, instrumental
    ("Увійди в касову програму з паролем 739184, а потім зміни його.", "739184"),     # Ukrainian
    ("Новата парола за рутера: MagpieDanube. Не я казвай на никого.", "MagpieDanube"),  # Bulgarian, a colon
    ("Пароль от роутера: heronvolgaperch. Никому не говори.", "heronvolgaperch"),
    ("Wi-Fi नेटवर्कको पासवर्ड 739184 हो।", "739184"),                                 # Nepali
])
def test_a_pin_or_letters_after_another_scripts_word(text, value):
    assert covered(SCANNER, text, value)


@pytest.mark.parametrize("text", [
    "Новый пароль 2024, ничего не поменялось.",          # a year
    "Пароль должен быть 8 символов, например 12345678.",  # policy, an example run
    "пароль 4500 руб. стоит курс",                        # a price: the sentence goes on
    "पासवर्ड 2024 में बदला गया था।",                        # a year
    "पासवर्ड 12345678 है।",                                # the run docs quote
    "पासवर्ड रीसेट करने के लिए 3 दिन हैं।",
    "Номер комнаты 214, пароль спроси у охраны.",
    "Пароль версии 2.3.1 устарел.",
    "ha két bevitt jelszó megegyezik.",                   # letters at a clause's end: the verb of an SOV language
    "Make GTlsInteraction ask_password cancellable",
])
def test_look_alikes_after_the_word_are_no_finding(text):
    assert sensitive(SCANNER, text) == []


def test_a_danda_ends_the_copula():
    # है। and हो। : the danda (U+0964) is in the Devanagari block but ends the word, as a full stop does
    assert COPULA_AFTER.match(" है।")
    assert COPULA_AFTER.match(" हो।")
    assert not COPULA_AFTER.match(" होटल")
