"""prose48: passwords in languages the regexes were never taught, read from one typed vocabulary table
(addons/detect/vocabulary.py: CREDENTIAL_VOCABULARY, looked up word by word), and a login form's shape that needs no
word (addons/detect/word_table.py, rule generic-password-vocabulary). Per family of languages, a password given in a
chat line (a colon, the word right before it, a user / password pair, a question's answer) and the word in talk about
passwords or before a placeholder. None of the sentences is one of held-out set 32's."""

import re

import pytest

from addons.detect import Scanner, vocabulary
from addons.detect.word_table import first_stage_words

from .shipped import covered, sensitive

SCANNER = Scanner.default()


@pytest.mark.parametrize("family,text,value", [
    # Germanic: West Frisian, Afrikaans plural, Danish kodeord, Norwegian plural
    ("germanic", "Moarn! It wachtwurd fan de printer yn de skuorre: Reid#Mar58, tank.", "Reid#Mar58"),
    ("germanic", "Hej, kodeordet til kassen: Mole!Fjord73 - tak.", "Mole!Fjord73"),
    # Celtic: Scottish Gaelic, Breton, Welsh mutation
    ("celtic", "Halò a Sheumais, am facal-faire airson a' choimpiutair: Loch~Beinn73. Tapadh leat.", "Loch~Beinn73"),
    ("celtic", "Demat! Ar ger-tremen evit an urzhiataer: Morlenn#22Aod", "Morlenn#22Aod"),
    # Basque (a stem with its case endings)
    ("basque", "Kaixo Miren, bulegoko ordenagailuaren pasahitza: Itsaso!Mendi42 - ez eman inori.", "Itsaso!Mendi42"),
    ("basque", "Erabiltzailea a.etxeberria, pasahitza 58213. Eskerrik asko.", "58213"),
    # Uralic: Northern Sami, a Finnish inflected stem
    ("uralic", "Bures! Beassansátni dihtorii: Guovdageaidnu#41", "Guovdageaidnu#41"),
    ("uralic", "Moi, tulostimen salasanasi: Lohi!Kuusi93 - vaihda se.", "Lohi!Kuusi93"),
    # Bantu: Zulu, Xhosa, Kinyarwanda, Swahili phrase
    ("bantu", "Sawubona, iphasiwedi yekhompyutha: Ingwe!Dolo58. Ungayitsheli muntu.", "Ingwe!Dolo58"),
    ("bantu", "Molo, igama lomsebenzisi n.dlamini, iphaswedi Umlambo=74.", "Umlambo=74"),
    ("bantu", "Muraho, ijambo ry'ibanga rya mudasobwa: Ingagi#Kivu61", "Ingagi#Kivu61"),
    # West African: Hausa, Yoruba, Igbo
    ("west-african", "Ina kwana, kalmar sirri ta kwamfuta: Kogi_Rafi36", "Kogi_Rafi36"),
    ("west-african", "E kaaro, ọrọ igbaniwọle kọ̀ǹpútà: Osun!Odo27 - ma fi han ẹnikẹni.", "Osun!Odo27"),
    ("west-african", "Ndewo, okwuntughe kọmputa: Enyi#Mmiri40", "Enyi#Mmiri40"),
    # Austronesian and Pacific: Hawaiian, Samoan, Malagasy, Javanese, Māori pair
    ("pacific", "Aloha e Keoni, ʻōlelo huna no ka lolouila: Honu#Nalu85", "Honu#Nalu85"),
    ("pacific", "Talofa, upu faʻalilolilo mo le komepiuta: Niu!Matagi19", "Niu!Matagi19"),
    ("pacific", "Manao ahoana, teny miafina ho an'ny solosaina: Vorona#Rano37", "Vorona#Rano37"),
    ("pacific", "Sugeng enjing, tembung sandhi komputer kantor: Merapi!Kali58", "Merapi!Kali58"),
    ("pacific", "Kua hangaia: ingoa kaiwhakamahi h.parata, kupuhipa 71820.", "71820"),
    # Indic scripts: Gujarati, Punjabi, Kannada (a zero-width non-joiner in the word), Telugu, Malayalam
    ("indic", "ઓફિસ કમ્પ્યુટરનો પાસવર્ડ: Sabar#Nadi42", "Sabar#Nadi42"),
    ("indic", "ਦਫ਼ਤਰ ਦਾ ਪਾਸਵਰਡ: Ravi!Darya53", "Ravi!Darya53"),
    ("indic", "ಕಚೇರಿ ಕಂಪ್ಯೂಟರ್ ಪಾಸ್‌ವರ್ಡ್: Kaveri#Male64", "Kaveri#Male64"),
    ("indic", "ఆఫీస్ కంప్యూటర్ పాస్‌వర్డ్: Godavari!17x", "Godavari!17x"),
    ("indic", "ഓഫീസ് കമ്പ്യൂട്ടർ പാസ്‌വേഡ്: Periyar#Mala29", "Periyar#Mala29"),
    # Greek, Sorani Kurdish, Pashto, Kyrgyz, Tatar
    ("other-scripts", "Γεια, το συνθηματικό του υπολογιστή: Ελιά_Kyma47", "Ελιά_Kyma47"),
    ("other-scripts", "وشەی نهێنی کۆمپیوتەر: Zagros!Ava38", "Zagros!Ava38"),
    ("other-scripts", "د دفتر پټنوم: Spin!Ghar52", "Spin!Ghar52"),
    ("other-scripts", "Саламатсызбы, компьютердин сырсөзү: Ala-Too#31", "Ala-Too#31"),
    ("other-scripts", "Исәнмесез, серсүз: Idel!Su48", "Idel!Su48"),
    # Constructed and creole: Esperanto, Haitian Creole, Occitan
    ("other-latin", "Saluton, la pasvorto de la komputilo: Rivero!Monto24", "Rivero!Monto24"),
    ("other-latin", "Bonjou, modpas òdinatè biwo a: Lanmè#Mòn66", "Lanmè#Mòn66"),
    ("other-latin", "Adieu, lo senhal de l'ordenador: Garona!Pic35", "Garona!Pic35"),
])
def test_a_new_languages_word_gives_the_password(family, text, value):
    assert covered(SCANNER, text, value), SCANNER.explain(text)


@pytest.mark.parametrize("family,text", [
    ("germanic", "Ik bin it wachtwurd fan de printer fergetten, kinst my helpe?"),
    ("germanic", "kodeordet: ********"),
    ("celtic", "Chaill mi am facal-faire agam - ciamar a gheibh mi fear ùr?"),
    ("basque", "Pasahitza gutxienez 12 karaktere izan behar ditu."),
    ("basque", "pasahitza: <password>"),
    ("uralic", "Beassansátni ferte leat unnimusat 12 mearkka."),
    ("bantu", "Ngikhohlwe iphasiwedi yami, ngicela ungisize."),
    ("bantu", "iphasiwedi: ${OFFICE_PW}"),
    ("west-african", "Mo gbagbe ọ̀rọ̀ aṣínà mi, jọwọ ran mi lọwọ."),
    ("pacific", "Ua galo laʻu upu faʻalilolilo, fesoasoani mai."),
    ("pacific", "kupuhipa: [redacted]"),
    ("indic", "ਪਾਸਵਰਡ ਘੱਟੋ-ਘੱਟ 12 ਅੱਖਰਾਂ ਦਾ ਹੋਣਾ ਚਾਹੀਦਾ ਹੈ।"),
    ("other-scripts", "Забыл сырсөз, жардам бергиле."),
    ("other-latin", "Mi forgesis mian pasvorton, ĉu vi povas helpi?"),
    ("other-latin", "modpas: ******"),
])
def test_talk_about_the_password_or_a_placeholder_gives_none(family, text):
    assert sensitive(SCANNER, text) == [], SCANNER.explain(text)


# With no word at all: a login form's shape (a clause opening the line, a colon, an account's name, a slash).
@pytest.mark.parametrize("text,value", [
    ("Harbour office booking screen: k.mensah / Tern!Quay2290 - weekdays only.", "Tern!Quay2290"),
    ("Sauna controller at the lido (pool side): lido-ops / 84173", "84173"),
    ("Scheduling board in the bakery: b.okoro / ryebreadstarter", "ryebreadstarter"),
    ("Darkroom booking sheet (upstairs): photo.lab / Silver.Halide.Fixer", "Silver.Halide.Fixer"),
])
def test_a_login_forms_shape_needs_no_word(text, value):
    assert covered(SCANNER, text, value), SCANNER.explain(text)


@pytest.mark.parametrize("text", [
    "Fire panel: zone-1 / zone-2 both in fault",
    "Build: v2.3.1 / build-4471 released today",
    "Default: x86_64 / aarch64",
    "See also: git-log / git-show",
    "Ratio: 3.2 / 4.5",
    "Route: A-12 / B-7 via the ring road",
    "Moved: docs/api.md / docs/guide.md",
])
def test_pairs_of_names_are_no_login_form(text):
    assert sensitive(SCANNER, text) == [], SCANNER.explain(text)


# A question for the password in a new language, a speaker's answer: letters only and a PIN too.
@pytest.mark.parametrize("text,value", [
    ("Iñaki: zein da bulegoko pasahitza?\nAmaia: Itsaso!Mendi42 - bihar aldatuko dut.", "Itsaso!Mendi42"),
    ("Sipho: iyini iphasiwedi ye-wifi?\nThandi: 638104", "638104"),
    ("Keala: he aha ka ʻōlelo huna?\nMakana: honuwaamaunaloa", "honuwaamaunaloa"),
])
def test_an_answer_to_a_question_in_a_new_language(text, value):
    assert covered(SCANNER, text, value), SCANNER.explain(text)


def test_the_table_names_each_language_and_looks_words_up():
    languages = vocabulary.covered_languages()
    assert len(languages) >= 100 and len(set(languages)) == len(languages)
    assert all(entry.password for entry in vocabulary.CREDENTIAL_VOCABULARY)
    found = vocabulary.find_terms("Brûkersnamme j.visser, wachtwurd X; ijambo ry’ibanga: Y; HASLO: Z")
    assert [term.language for term in found] == ["West Frisian", "Kinyarwanda, Kirundi", "Polish"]
    assert vocabulary.last_term("ingoa kaiwhakamahi h.parata,", "user").language == "Māori"


def test_the_rules_first_stage_spells_the_tables_words():
    rule = next(r for r in SCANNER.rules if r.id == "generic-password-vocabulary")
    spelled = re.search(r"\\b\(\?:\s*(.*?)\s*\)\\w\*", rule.first_stage or "", re.S)
    assert spelled is not None
    assert re.sub(r"\s+", "", spelled.group(1)) == first_stage_words()
