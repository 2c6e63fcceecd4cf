"""prose35's generalised shapes (held-out set 28's weakest carriers, spent): Romanian and Latvian password sentences
(Romanian copula `e`, user word `utilizator`, `am schimbat parola ... în X`; Latvian `parole ir X`, `parole <words>: X`,
`lietotājvārdu U un paroli X`), a login pair given by a copula (`login is U / X`, `login for P is U / X`) or by
`and` / `with` after an account's name, a PIN after such a pair, a capitalised run of letters after a slash pair, the
field after a user named mid-sentence (`portal login U, password X`), a password's own last period (`X.,`, `X. for`,
`<pass>X.</pass>`), a qualified password's XML tag (`<relay-password>`), Keycloak's credential in YAML, a PIN as an env
entry's value or after `pw` / before a dash. None of the sentences below is one of the set's."""

import pytest

from addons.detect import Scanner

from .shipped import covered, sensitive

SCANNER = Scanner.default()


# Romanian: the copula e after a clause naming what the password is for, the user word before the password word, a
# verb of setting and its preposition în. Latvian: parole before its copula ir or a colon, paroli after the user's.
@pytest.mark.parametrize("text,value", [
    ("Salut, parola de la laptopul din birou e Vultur!38, mersi.", "Vultur!38"),
    ("Bună ziua. Utilizator k.popescu, parola 7719352. Mulțumesc", "7719352"),
    ("Am schimbat parola la router în Brad#Munte51, vezi tu.", "Brad#Munte51"),
    ("Am schimbat parola la router în 88214973 ieri.", "88214973"),
    ("Labdien! Mājas rūtera parole ir Egle!Kalns27, paldies.", "Egle!Kalns27"),
    ("Mājas rūtera parole ir 6650213, paldies.", "6650213"),
    ("Jaunā parole koplietotajai mapei: Ozols~Jura44 (lietotājs k.ozola)", "Ozols~Jura44"),
    ("Birojā izmanto lietotājvārdu k.ozola un paroli 30618842.", "30618842"),
])
def test_romanian_and_latvian_sentences_give_the_password(text, value):
    assert covered(SCANNER, text, value), SCANNER.explain(text)


@pytest.mark.parametrize("text", [
    "le parole di oggi: buongiorno e grazie 2024",
    "Parole chiave: covid19, dati, test",
    "Am uitat parola de la router, cine o poate reseta?",
    "Parole ir uz līmlapiņas pie monitora.",
    "The parole board meets on 12 March 2026.",
])
def test_romanian_latvian_and_italian_talk_gives_none(text):
    assert sensitive(SCANNER, text) == [], SCANNER.explain(text)


# A login pair: a copula before the user and the slash, and / with after an account's name, a PIN or a capitalised run
# of letters after it.
@pytest.mark.parametrize("text,value", [
    ("Hi, the NAS login is j.berg / HeronQuill, thanks.", "HeronQuill"),
    ("the NAS login for night shifts is j.berg / Tq8.vbPwzM~4kR, thanks", "Tq8.vbPwzM~4kR"),
    ("kiosk login k.olsen / 55821 for the weekend", "55821"),
    ("the shared scanner login is ops-3 / 4821, thanks", "4821"),
    ("shared login ops-2 / Heronquillette for the weekend", "Heronquillette"),
    ("the kiosk login is k.olsen and Tq8.vbPwzM~4kR; thanks", "Tq8.vbPwzM~4kR"),
    ("the kiosk login is k.olsen and HeronQuill; thanks", "HeronQuill"),
    ("the kiosk login is k.olsen and 55821; thanks", "55821"),
    ("sign in with k.olsen and Heron!Quill7 before the audit", "Heron!Quill7"),
    ("shared login k.olsen with heronquillet until Friday", "heronquillet"),
    ("shared login k.olsen with 73921845 until Friday", "73921845"),
    ("shared login k.olsen with tarn heron quill until Friday", "tarn heron quill"),
])
def test_a_login_pair_given_by_a_copula_or_and(text, value):
    assert covered(SCANNER, text, value), SCANNER.explain(text)


@pytest.mark.parametrize("text", [
    "login failures 40 / 1000 per hour",
    "login attempts: 12 / 5000",
    "sign in: Google / Administration",
    "login k.olsen / Microsoft",
    "sign in with Google and Microsoft365 first",
    "log in with ssh-key and passphrase",
    "the login is k.olsen and everything works",
    "login is k.olsen and password reset is enabled",
    "the login is admin / Administrator",
])
def test_no_pair_without_an_account_and_its_password(text):
    assert sensitive(SCANNER, text) == [], SCANNER.explain(text)


# The field after a user named mid-sentence by an account's name, letters or words one blank apart.
@pytest.mark.parametrize("text,value", [
    ("Kiosk note: portal login k.olsen, password heronquill; coffee is free.", "heronquill"),
    ("the account is k.olsen, password quillheron; thanks", "quillheron"),
    ("Back office: employee k.olsen, password Heronquill, orders only.", "Heronquill"),
    ("the gate login k.olsen, password tarn heron quill. Reboot after", "tarn heron quill"),
])
def test_the_password_field_after_a_user_named_mid_sentence(text, value):
    assert covered(SCANNER, text, value), SCANNER.explain(text)


@pytest.mark.parametrize("text", [
    "see the user guide, password settings are on page 4",
    "the login page, password field is empty",
    "the user guide, password protection chapter",
])
def test_no_field_after_a_user_word_with_no_account(text):
    assert sensitive(SCANNER, text) == [], SCANNER.explain(text)


# A password's own last period: another mark follows it, a lower-case word does, or an XML closing tag.
@pytest.mark.parametrize("text,value", [
    ("the modem password is Fjord7419., SSID upstairs", "Fjord7419."),
    ("login ops / Fjord7419. for the weekend", "Fjord7419."),
    ("the pw is Fjord7419.. ok", "Fjord7419."),
    ("<relay-password>Quill7Heron.</relay-password>", "Quill7Heron."),
])
def test_a_passwords_own_last_period_is_masked(text, value):
    assert covered(SCANNER, text, value), SCANNER.explain(text)


@pytest.mark.parametrize("text,value", [
    ("the pw is Fjord7419. Then log in", "Fjord7419"),
    ("the pw is Fjord7419... ok", "Fjord7419"),
])
def test_a_sentences_period_stays_outside(text, value):
    spans = [text[f.start:f.end] for f in SCANNER.scan(text) if f.classification not in {"public", "test-value"}]
    assert spans == [value]


# Places: a qualified password's XML tag, Keycloak's credential in YAML, a PIN as an env entry's value, after pw or
# before a dash.
@pytest.mark.parametrize("text,value", [
    ("<relay>\n  <relay-password>Tq8vbPwzM4kR</relay-password>\n</relay>", "Tq8vbPwzM4kR"),
    ("<relay>\n  <relay_password>heronquill</relay_password>\n</relay>", "heronquill"),
    ("<relay>\n  <relay-password>48213</relay-password>\n</relay>", "48213"),
    ("users:\n  - username: ops\n    credentials:\n      - type: password\n        value: 'Tq8vbPwzM4kR'",
     "Tq8vbPwzM4kR"),
    ("    - name: db.password\n      value: '48213'", "48213"),
    ("the gate login is k.olsen pw 5821, ok?", "5821"),
    ("kiosk: user k.olsen, password 5821 - reboot after", "5821"),
])
def test_password_places(text, value):
    assert covered(SCANNER, text, value), SCANNER.explain(text)


@pytest.mark.parametrize("text", [
    "<auth>\n  <hashed-password>required</hashed-password>\n  <reset-password>true</reset-password>\n</auth>",
    "users:\n  - credentials:\n      - type: password\n        value: '${KC_ADMIN_PASSWORD}'",
    "    - name: db.password\n      value: '2024'",
])
def test_places_without_a_password(text):
    assert sensitive(SCANNER, text) == [], SCANNER.explain(text)


# Open: letters only right after a password word and a noun with no copula, a user pair or a quote ("controller
# password X,"); a password's own period at the end of a line or text; a dotted generated value after a pair (read as
# a code reference); a value after "uploads as U with" (no login word).
@pytest.mark.xfail(strict=True, raises=AssertionError,
                   reason="open: prose35, letters right after a qualified password word (EVASION.md)")
def test_open_letters_after_a_qualified_password_word():
    text = "Pump house controller password quillheron, the app is on the yard phone"
    assert covered(SCANNER, text, "quillheron"), SCANNER.explain(text)


@pytest.mark.xfail(strict=True, raises=AssertionError,
                   reason="open: prose35, a password's own period at the end of the text (EVASION.md)")
def test_open_own_period_at_the_end():
    text = "the charger admin password is Quill7Heron."
    assert covered(SCANNER, text, "Quill7Heron."), SCANNER.explain(text)


@pytest.mark.xfail(strict=True, raises=AssertionError,
                   reason="open: prose35, a user and 'with X' after a verb that is no login word (EVASION.md)")
def test_open_with_after_an_upload_verb():
    text = "the weather station uploads as k.olsen with Heron!Quill7, fine"
    assert covered(SCANNER, text, "Heron!Quill7"), SCANNER.explain(text)
