"""prose54: the code of a lock in any language. A word for a code or combination gives a password where a lock,
safe, alarm, door, gate, locker or padlock is named in its own clause, before it or after it (the code of the
safe, the safe's code, a case ending on either), then a colon, a copula or nothing gives the value: the vocabulary
table's lock-code words (vocabulary.LOCK_CODE_VOCABULARY), read by generic-password-vocabulary through its gate
(word_table.table_word_before), so the stream hold-backs read it too. No sentence here is set 38's: other
languages, other locks. The positives fail before this change; the look-alikes (an error code, a price, a year, a
room, a version, talk of its digits) pass both ways."""

from __future__ import annotations

import pytest

from addons.detect import Scanner, prefilter, vocabulary
from addons.detect.word_table import table_word_before

from .shipped import covered, sensitive

SCANNER = Scanner.default()

POSITIVES = [
    ("Код від гаражу: 739184. Нікому не кажи.", "739184"),                          # Ukrainian, a garage
    ("Код от шкафчика в раздевалке: Kestrel!Moor42", "Kestrel!Moor42"),             # Russian, a locker
    ("Кодът за сейфа е 528137.", "528137"),                                         # Bulgarian, a copula
    ("लॉकर का कोड 481736 है। किसी को मत बताना।", "481736"),                           # Hindi, no colon, SOV
    ("तिजोरीचा कोड 274915 आहे.", "274915"),                                          # Marathi, the copula after
    ("Kod do kłódki na bramie: 739152, nie mów nikomu.", "739152"),                 # Polish, a padlock
    ("Kód od trezoru: Vltava!Brno73", "Vltava!Brno73"),                             # Czech
    ("Le code du cadenas du portail : 7391.", "7391"),                              # French, the lock after
    ("El código del candado de la taquilla: Nogal#Rio58.", "Nogal#Rio58"),           # Spanish
    ("Il codice del lucchetto del cancello è 582913.", "582913"),                   # Italian, a copula
    ("O código do cadeado do portão: 93127", "93127"),                              # Portuguese
    ("Der Code für den Tresor im Büro: Eiche!Moor51", "Eiche!Moor51"),              # German
    ("De code van de kluis: 48213917.", "48213917"),                                # Dutch
    ("Koden till kassaskåpet: 718293.", "718293"),                                  # Swedish
    ("Dolabın kodu: 739184.", "739184"),                                            # Turkish, a case ending
    ("A széf kódja: 582731.", "582731"),                                            # Hungarian, a possessive
    ("Kassakaapin koodi: 738192.", "738192"),                                       # Finnish, a genitive
    ("Kode brankas di gudang: 837261.", "837261"),                                  # Indonesian
    ("The code for the padlock on the shed: 739184.", "739184"),                    # English, the lock after
    ("Код ад шафкі ў раздзявальні: Kestrel!Moor42", "Kestrel!Moor42"),              # Belarusian, a locker
]


@pytest.mark.parametrize("text,value", POSITIVES)
def test_the_code_of_a_lock_gives_it(text, value):
    assert covered(SCANNER, text, value)


@pytest.mark.parametrize("text", [
    "Код ошибки сейфа: 4012.",                             # an error code
    "Сейф с кодовым замком: 4500 руб.",                      # a price
    "Код от сейфа: 2024.",                                  # a year
    "Код от сейфа в комнате 214 поменяли, спроси у охраны.",  # a room, no code given
    "Версия прошивки замка, код: v2.3.1",                   # a version
    "The code of the gate: 4500 visitors a day.",           # a count, the sentence goes on
    "Der Fehlercode des Tresors: 4012.",
    "Kod błędu sejfu: 4012.",
    "तिजोरी का त्रुटि कोड 4012 है।",                          # Hindi: an error code
    "The source code of the lock driver: v2.3.1",
    "Le code du portail a changé en 2024.",
    "Il codice del cancello costa 45 euro.",
    "Kod sejfu: 1234.",                                     # the PIN docs quote
    "The door code has 4 digits: 4821.",                    # talk of its digits
    "simplify the overall code complexity.",               # no lock (ove- is no stem of one)
    "the code listens on port: 8080",                       # port is no lock
    "Исходный код: https://example.org/repo2",             # source code, no lock
])
def test_look_alikes_of_a_lock_code_are_no_finding(text):
    assert sensitive(SCANNER, text) == []


def test_a_code_word_alone_opens_no_gate():
    # the stream hold-backs read the same gate: a code word with no lock holds nothing
    text = "Исходный код: X"
    assert not table_word_before(text, text.index("X"))
    text = "Код от сейфа: X"
    assert table_word_before(text, text.index("X"))


def test_a_lock_in_another_sentence_opens_nothing():
    assert vocabulary.lock_code_term("The safe is new. Code for the wifi: ") is None
    assert vocabulary.lock_code_term("The code of the safe: ") is not None


def test_code_words_of_other_scripts_reach_the_first_stage_marked():
    # कोड X हो has no colon: the first stage starts at the mark; a credential word's mark is never overwritten
    assert prefilter.ascii_bytes("अलार्मको कोड 9743 हो").count(prefilter.LOCK_CODE_MARK) == 1
    assert prefilter.LOCK_CODE_MARK not in prefilter.ascii_bytes("пароль 4821")
    assert prefilter.ascii_bytes("plain ascii") == b"plain ascii"
