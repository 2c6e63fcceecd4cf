"""lang54: a password word of the vocabulary table read in its language's grammar (grammar.py, the table's forms, the
rule's first stage and quotes). Per cause, what is now found and what stays no finding. The development set is
scripts/eval_languages.py (tests/data/languages/sentences.txt); these are written apart from it."""

from __future__ import annotations

import pytest

from addons.detect import Scanner, grammar, vocabulary

from .shipped import covered, sensitive

SCANNER = Scanner.default()
RULE = "generic-password-vocabulary"


def _found(text: str, value: str) -> bool:
    return covered(SCANNER, text, value)


# Each language's copula, or a possessive after the noun, between the word and the value (grammar.copula_ends)
@pytest.mark.parametrize("text, value", [
    ("Mia nova pasvorto estas Ruĝa#Kato48", "Ruĝa#Kato48"),  # Esperanto estas
    ("Ar ger-tremen nevez eo Morlenn#22Aod", "Morlenn#22Aod"),  # Breton eo
    ("Ny teny miafina vaovao dia Vazaha!Tany73", "Vazaha!Tany73"),  # Malagasy dia
    ("Mawu achinsinsi a kompyuta ndi Nyanja_Mbalame52", "Nyanja_Mbalame52"),  # Chichewa ndi
    ("Modpas wifi a se Lakay#Bel2026", "Lakay#Bel2026"),  # Haitian Creole se
    ("Is e am facal-faire ùr agam Loch~Beinn73", "Loch~Beinn73"),  # Scottish Gaelic: the possessive agam
    ("Kecap sandi abdi Gunung!Salak81", "Gunung!Salak81"),  # Sundanese: the possessive abdi after the noun
    ("Ko te kupuhipa hou ko Tui_Kahu84", "Tui_Kahu84"),  # Māori ko
])
def test_a_copula_of_the_language_gives_the_token(text, value):
    assert _found(text, value)


@pytest.mark.parametrize("text", [
    "Mia pasvorto estas tro mallonga, mi ŝanĝos ĝin morgaŭ",  # talk about it: letters after the copula
    "Ar ger-tremen eo re verr, cheñch anezhañ",
    "Ny teny miafina dia tokony ho 12 farafahakeliny",  # a length
    "Mawu achinsinsi anga ndi akale, ndiwasintha mawa",
    "Is e am facal-faire agam an-seo",
    "Modpas mwen se menm bagay la",
])
def test_the_copula_before_words_of_the_sentence_is_no_finding(text):
    assert sensitive(SCANNER, text) == []


def test_copula_ends_reads_the_languages_own_words_only():
    assert grammar.copula_ends(" nova estas ", "Esperanto")
    assert grammar.copula_ends(" ha'e ", "Guarani")
    assert not grammar.copula_ends(" estas ", "Breton")  # another language's copula
    assert not grammar.copula_ends(" estas tro ", "Esperanto")  # the copula must end the text before the token


# The word with its possessive or case suffix, or a prefix glued on (the table's forms and stems)
@pytest.mark.parametrize("text, value", [
    ("Mənim şifrəm Xəzər#Dəniz44", "Xəzər#Dəniz44"),  # Azerbaijani: my password
    ("Менің құпия сөзім Tau_Kus2026!", "Tau_Kus2026!"),  # Kazakh: my password
    ("Kalmar sirrina ita ce Kano#Dala37", "Kano#Dala37"),  # Hausa: my password is
    ("Ngena ngomsebenzisi t.dlamini nephasiwedi Ingwe!Dolo58", "Ingwe!Dolo58"),  # Zulu: and-the-password
    ("Tembung sandhiku Merapi#Kidul19", "Merapi#Kidul19"),  # Javanese: my password
])
def test_an_inflected_word_of_the_table_gives_the_token(text, value):
    assert _found(text, value)


def test_the_new_forms_are_in_the_table():
    assert vocabulary.last_term("Mənim şifrəm").language == "Azerbaijani"
    assert vocabulary.last_term("nephasiwedi").language == "Zulu"
    assert vocabulary.last_term("Isissutissara").language == "Greenlandic"  # a stem


# A word of another script, a blank, then the token (the rule's first stage saw only a colon after such a word)
@pytest.mark.parametrize("text, value", [
    ("Менин жаңы сырсөзүм Ala-Too#93", "Ala-Too#93"),  # Kyrgyz
    ("ನನ್ನ ಹೊಸ ಪಾಸ್‌ವರ್ಡ್ Kaveri!River27", "Kaveri!River27"),  # Kannada
    ("Ο νέος κωδικός πρόσβασης είναι Olympos#2917", "Olympos#2917"),  # Greek
])
def test_a_word_of_another_script_then_a_blank_gives_the_token(text, value):
    assert _found(text, value)


# Each script's quotes around the value
@pytest.mark.parametrize("text, value", [
    ("Μαρία: ο κωδικός πρόσβασης είναι «Olympos#2917», μην τον δώσεις", "Olympos#2917"),  # Greek guillemets
    ("Joan: lo senhal es « Pic!Migdia42 », lo partejetz pas", "Pic!Migdia42"),  # Occitan, blanks inside
    ("ሰላም: የይለፍ ቃሉ \"Abay#Nile55\" ነው", "Abay#Nile55"),  # Amharic: a two-letter word before the quote
])
def test_a_value_in_its_scripts_quotes_is_found(text, value):
    assert _found(text, value)


# A number with its case ending glued on is the number (grammar.judged_value): a year, a room
@pytest.mark.parametrize("text", [
    "ನನ್ನ ಪಾಸ್‌ವರ್ಡ್ 2025ರಲ್ಲಿ ಅವಧಿ ಮುಗಿಯಿತು",  # Kannada: in 2025
    "నా పాస్‌వర్డ్ 2025లో గడువు ముగిసింది",  # Telugu
    "എന്റെ പാസ്‌വേഡ് 2025-ൽ കാലഹരണപ്പെട്ടു",  # Malayalam
    "Isissutissara 2025-mi atorunnaarpoq",  # Greenlandic
])
def test_a_year_with_its_case_ending_is_no_finding(text):
    assert sensitive(SCANNER, text) == []


def test_judged_value_drops_a_numbers_case_ending_and_reads_native_digits():
    assert grammar.judged_value("2025ರಲ್ಲಿ") == "2025"
    assert grammar.judged_value("4127-es") == "4127"
    assert grammar.judged_value("४८२९") == "4829"
    assert grammar.judged_value("٤١٢٧") == "4127"
    assert grammar.judged_value("1987dragon") == "1987dragon"  # a Latin ending glued on stays the token's
    assert grammar.judged_value("Kx7#-ra") == "Kx7#-ra"


def test_every_table_entry_has_sentences_in_the_development_set():
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
    import eval_languages

    assert {language.name for language in eval_languages.languages()} == set(vocabulary.covered_languages())
    assert set(grammar.COPULAS_BY_LANGUAGE) <= set(vocabulary.covered_languages())
    assert set(grammar.POSSESSIVES_AFTER_BY_LANGUAGE) <= set(vocabulary.covered_languages())
