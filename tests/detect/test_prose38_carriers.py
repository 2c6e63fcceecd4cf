"""prose38's generalised shapes (held-out set 31's weakest carriers, spent): Faroese and Romansh credential words and
grammar, kept in one table (addons/detect/vocabulary.py: loyniorð and its definite loyniorðið, pled-clav, the user words
brúkaranavn and num d'utilisader; the prepositions til, per and dal; the giving clauses ussa è el, tað er), a question's
answer line (Tom: what's the pw?\\nAnn: X), a device's login form (the operator panel: U / X), a panel user's code
(user U code X), a login reset to X (the login for U was reset to X; U locked out; reset to X), a Windows program's
/password X, letters in a URL's user-info, "now uses X as the password", local admin U pw X, and letters run together
past a participle's length (hazelsmoked is one, juniperoakfrosted two words).
None of the sentences below is one of the set's."""

import pytest

from addons.detect import Scanner, vocabulary

from .shipped import covered, sensitive

SCANNER = Scanner.default()


# Faroese and Romansh: the password word, a user word before it, what it is for, a copula, a clause giving it.
@pytest.mark.parametrize("text,value", [
    ("Hey Bárður, loyniorðið til wifi-netið í hallini er Tindur#Vag52, takk.", "Tindur#Vag52"),
    ("Hey Bárður, loyniorðið til wifi-netið í hallini: 73105529 - takk.", "73105529"),
    ("Hey Bárður, loyniorðið til wifi-netið í hallini: tindurvagssandur - takk.", "tindurvagssandur"),
    ("Tín konta í bókhaldinum: brúkaranavn h.joensen, loyniorð Skarv!Fles81. Góða dag.", "Skarv!Fles81"),
    ("Tín konta í bókhaldinum: brúkaranavn h.joensen, loyniorð 58210. Góða dag.", "58210"),
    ("Tín konta í bókhaldinum: brúkaranavn h.joensen, loyniorð skarvflesgjogv. Góða dag.", "skarvflesgjogv"),
    ("Bun di! Il pled-clav per la stampanta dal secretariat: Rein_Flem47 - grazia.", "Rein_Flem47"),
    ("Bun di! Il pled-clav per la stampanta dal secretariat: reinflemsurselva - grazia.", "reinflemsurselva"),
    ("Num d'utilisader c.cadruvi, pled-clav Piz=Beverin29. Grazia fitg!", "Piz=Beverin29"),
    ("Num d'utilisader c.cadruvi, pled-clav 660194. Grazia fitg!", "660194"),
    ("Jau hai midà il pled-clav dal wlan da scola, ussa è el Alv!Rhein38. Engraziel.", "Alv!Rhein38"),
    ("Jau hai midà il pled-clav dal wlan da scola, ussa è el 4481937. Engraziel.", "4481937"),
])
def test_faroese_and_romansh_sentences_give_the_password(text, value):
    assert covered(SCANNER, text, value), SCANNER.explain(text)


@pytest.mark.parametrize("text", [
    "Eg havi gloymt loyniorðið til kontuna - kanst tú hjálpa mær?",
    "Loyniorðið má hava í minsta lagi 10 tekn og eitt tal.",
    "Tú fært eitt nýtt loyniorð við SMS í morgin.",
    "Il pled-clav sto vegnir midà mintga 90 dis.",
    "Jau hai emblidà mes pled-clav, pos ti gidar?",
    "Num d'utilisader c.cadruvi, pled-clav vegn tramess per SMS.",
])
def test_faroese_and_romansh_talk_gives_none(text):
    assert sensitive(SCANNER, text) == [], SCANNER.explain(text)


def test_the_languages_words_live_in_one_table():
    assert {"faroese", "romansh"} <= set(vocabulary.PASSWORD_WORDS_BY_LANGUAGE)
    assert {"faroese", "romansh"} <= set(vocabulary.USER_WORDS_BY_LANGUAGE)


# A question for the password on one line, a speaker's answer on the next (closes prose37's strict xfail).
@pytest.mark.parametrize("text,value", [
    ("Tom: what's the password for the shed laptop?\nAnn: Quoll!Fen34 - I'll change it Monday.", "Quoll!Fen34"),
    ("Mika: mikä on salasana kokoushuoneen näyttöön?\nSanna: Lohi#Kuusi52, vaihdan sen huomenna.", "Lohi#Kuusi52"),
    ("Ravi: does anyone know the wifi pw?\r\nLena: Kestrel2041!", "Kestrel2041!"),
])
def test_an_answer_line_after_a_question(text, value):
    assert covered(SCANNER, text, value), SCANNER.explain(text)


@pytest.mark.parametrize("text", [
    "Tom: do you know the wifi password?\nAnn: No-idea, ask IT",
    "Tom: what's the password policy?\nAnn: 12 chars, one digit",
    "Tom: what's your username?\nAnn: k.olsen3 - the usual one",
    "Tom: did you reset the password?\nAnn: Yes, ticket HD-20931 is closed.",
])
def test_an_answer_that_gives_no_password(text):
    assert sensitive(SCANNER, text) == [], SCANNER.explain(text)


# A device's login form: a terminal, panel, portal, tablet or controller, a clause, a colon, the user and a slash.
@pytest.mark.parametrize("text,value", [
    ("Sauna booking kiosk by the pool: svc-kiosk / Birch!Loft62 - for the evening staff.", "Birch!Loft62"),
    ("Boiler controller, engineer level: h.vane / 80471266. Not for the tenants.", "80471266"),
    ("Nurse-call console at ward 4: ward4.night / lanternfjordmoss - change it in May.", "lanternfjordmoss"),
    ("Irrigation controller: agro-2 / Drip=Field71", "Drip=Field71"),
])
def test_device_login_forms(text, value):
    assert covered(SCANNER, text, value), SCANNER.explain(text)


@pytest.mark.parametrize("text", [
    "Fire panel: zone-1 / zone-2 both in fault since Monday",
    "Fire panel: zone-1 / zone-2.",
    "App: v2.3.1 / build-4471 released to the store",
    "The HMI panel, screen 4: loop-2 / device-041 shows a fault",
    "Portal: north-zone / south-zone meters",
    "Control panel: Settings / Network / Wi-Fi",
])
def test_device_pairs_of_names_are_no_login(text):
    assert sensitive(SCANNER, text) == [], SCANNER.explain(text)


# A panel user's code, a login reset to a value, an account locked out then reset.
@pytest.mark.parametrize("text,value", [
    ("Intruder panel by the loading bay: operator j.marsh code 558102 (arm and disarm only).", "558102"),
    ("Intruder panel by the loading bay: operator j.marsh code Heron7!bay (arm and disarm only).", "Heron7!bay"),
    ("The booking login for t.varga was reset to Quill+Moss29 this morning.", "Quill+Moss29"),
    ("The booking account of t.varga has been reset to tarn.heron.quill.fen today.", "tarn.heron.quill.fen"),
    ("Depot clerk h.ngata locked out, reset to Fern=Kiwi84, please change it.", "Fern=Kiwi84"),
])
def test_codes_and_resets_of_an_account(text, value):
    assert covered(SCANNER, text, value), SCANNER.explain(text)


@pytest.mark.parametrize("text", [
    "each user gets a code 4411 by text message",
    "the user admin code review found 2 issues",
    "I was locked out, reset to factory-defaults and it works",
    "the login page for staff was reset to the default theme",
])
def test_talk_about_codes_and_resets_gives_none(text):
    assert sensitive(SCANNER, text) == [], SCANNER.explain(text)


# A Windows program's /password X, after its .exe or a /user option on the line.
@pytest.mark.parametrize("text,value", [
    ('tillsync.exe /server POS-02 /user till.admin /password "Quoll!Fen34" /full', "Quoll!Fen34"),
    ("backupctl.exe /u svc-bak /pw 48213 /job nightly", "48213"),
    ('report.exe /site North /pass "heronquillmarsh" /out C:\\reports', "heronquillmarsh"),
])
def test_windows_password_options(text, value):
    assert covered(SCANNER, text, value), SCANNER.explain(text)


@pytest.mark.parametrize("text", [
    'tillsync.exe /server POS-02 /user till.admin /password "%TILL_PASSWORD%" /full',
    "robocopy.exe C:\\src D:\\dst /pass /e",
    "xcopy /s /e /pass",
])
def test_windows_options_without_a_password(text):
    assert sensitive(SCANNER, text) == [], SCANNER.explain(text)


# Letters alone: a URL's user-info (closes prose36's strict xfail), "now uses X as the password", local admin U pw X,
# two words run together ending in -ed.
@pytest.mark.parametrize("text,value", [
    ("http://ops-2:quillheronmarsh@files.example.test/", "quillheronmarsh"),
    ("rtsp://cam-yard:lanternfjordmoss@10.9.8.7:554/main", "lanternfjordmoss"),
    ("the shared laptop in the lab now uses HeronQuillfen as the login password.", "HeronQuillfen"),
    ("switch in rack B: local admin net-ops2 pw lanternfjordmoss - no changes before Friday", "lanternfjordmoss"),
    ('{"user": "k.olsen", "password": "juniperoakfrosted"}', "juniperoakfrosted"),
    ("backup_job:\n  user: bak-svc\n  password: Gravelbirchmantled\n", "Gravelbirchmantled"),
])
def test_letters_in_new_places(text, value):
    assert covered(SCANNER, text, value), SCANNER.explain(text)


@pytest.mark.parametrize("text", [
    "postgres://user:password@localhost:5432/db",
    "https://username:yourpassword@example.com/",
    "ftp://anonymous:anonymous@ftp.example.test/",
    "https://user:changeme@example.com/",
    "the app uses bcrypt as the password hash",
    "it used sessions as the password store",
    "log in as v2 password hashing is used",
    '{"password": "encrypted"}',
    "password: deactivated",
])
def test_letters_that_are_no_password(text):
    assert sensitive(SCANNER, text) == [], SCANNER.explain(text)


def test_digits_before_as_the_password():
    """prose38's strict xfail, closed by prose63 (digits the password word after them names, no noun after it)."""
    text = "The kiosk in the lobby now uses 5820117 as the shared password."
    assert covered(SCANNER, text, "5820117"), SCANNER.explain(text)
