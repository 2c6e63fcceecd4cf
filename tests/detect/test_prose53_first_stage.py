"""prose53: two reasons the scan missed what `Scanner.explain` (which runs every rule on the whole text) called found.

1. The vocabulary table's Latin-script words with no run of four ASCII letters that begins them (Azerbaijani şifrə,
   Turkmen açarsöz, Upper Sorbian hesło, Polish hasłem) had no literal in rule generic-password-vocabulary's first
   stage, and the shape for other scripts' words (`???:`) wants three non-ASCII letters in a row: the rule never ran.
2. When a rule's first-stage ends are dense (every word of Cyrillic text is a run of `?`, so a prose rule's ends
   came one per char of a token), the scanner confirmed it in windows with finditer, whose matches never overlap: a
   context score that rejected an earlier token after the word (`е-пошта`) hid the real one after it.
Positives below fail before this change; the look-alikes (talk about passwords, forms, invoices) pass both ways.
"""

from __future__ import annotations

import re

import pytest

from addons.detect import Scanner
from addons.detect.word_table import first_stage_marked_words

from .shipped import covered, sensitive

SCANNER = Scanner.default()


@pytest.mark.parametrize("text,value", [
    ("Salam Elnur, ofisin poçtu üçün yeni şifrə budur: Kapaz!Lenk58 - heç kimə demə.", "Kapaz!Lenk58"),
    ("Yeni şifrə: Xəzər-Quba93", "Xəzər-Quba93"),
    ("Şifrə: Goygol_2207", "Goygol_2207"),
    ("Salam, kassanın şifrəsi: Naftalan#41", "Naftalan#41"),
    ("Salam Aynur, anbar şifrəsi budur: Gabala.Sheki.Lankaran - yaddaşda saxla.", "Gabala.Sheki.Lankaran"),
    ("Salam, açarsöz: Mary!Dasoguz61", "Mary!Dasoguz61"),
    ("Zaloguj się tym hasłem: Wisla#Krakow77", "Wisla#Krakow77"),
    ("Tu je hesło za kompjuter: Budysin!Spree44", "Budysin!Spree44"),
])
def test_a_table_word_with_no_four_ascii_letters_starts_the_rule(text, value):
    assert covered(SCANNER, text, value)


@pytest.mark.parametrize("text", [
    "Şifrəmi unutmuşam - onu necə dəyişə bilərəm?",
    "Şifrə ən azı 12 simvoldan ibarət olmalıdır.",
    "Qaimə 2026-0917 | müştəri 44120 | cəmi 318,40 manat",
    "Yeni şifrə: aşağıdakı sahəyə yazın və təsdiqləyin.",
    "Şifrəni dəyişmək üçün: Parametrlər > Təhlükəsizlik",
    "Açarsöz: iň azyndan 12 harp bolmaly.",
])
def test_talk_about_passwords_in_those_words_is_no_finding(text):
    assert sensitive(SCANNER, text) == []


def test_the_rules_first_stage_spells_the_marked_words():
    rule = next(r for r in SCANNER.rules if r.id == "generic-password-vocabulary")
    spelled = re.search(r"\|\s*\(\?:(\\\?\\\?fre.*?)\)\[\^\\n\]", rule.first_stage or "", re.S)
    assert spelled is not None
    assert re.sub(r"\s+", "", spelled.group(1)) == first_stage_marked_words()
    assert "\\?ifr\\?" in first_stage_marked_words().split("|")  # Azerbaijani şifrə as Hyperscan reads it


@pytest.mark.parametrize("text,value", [
    ("Здраво Тони, новата лозинка за канцелариската е-пошта е aw55Xj*zj3=S - не ја кажувај никому.", "aw55Xj*zj3=S"),
    ("Здраво kartdesk2, новата лозинка за канцелариската е-пошта е Vardar!Ohrid58 - не ја кажувај.",
     "Vardar!Ohrid58"),
    ("Здраво Марко, новата лозинка за серверот во е-пошта е Skopje#2291Bitola - не ја кажувај никому.",
     "Skopje#2291Bitola"),
    ("Привет Олег, новый пароль для рабочей е-почты: Volga_Kazan#77 - никому не говори.", "Volga_Kazan#77"),
])
def test_a_rejected_token_after_the_word_does_not_hide_the_real_one_in_dense_text(text, value):
    assert covered(SCANNER, text, value)


@pytest.mark.parametrize("text", [
    "Здраво Тони, новата лозинка за канцелариската е-пошта е испратена по SMS - провери ја пораката.",
    "Ја заборавив лозинката за канцелариската е-пошта - како да ја сменам?",
    "Внеси ја лозинката за канцелариската е-пошта во полето „Лозинка“ и притисни „Најава“.",
    "Фактура 2026-0733 | купувач 61904 | вкупно 12.480 денари | е-пошта info@example.mk",
])
def test_dense_text_with_no_password_given_is_no_finding(text):
    assert sensitive(SCANNER, text) == []
