"""prose51's causes (held-out set 35, spent), each a signal of the context model or a tool's syntax, not a phrasing:

- language: Somali gives a value with `waa` (the focus marker a statement's predicate takes), as Zulu's `ithi`:
  after a table word and one noun phrase, a PIN counts as after a colon (word_table, context_score.COPULA);
- what the token does: a cabinet, cupboard or lockbox opens with it as a tablet does; digits a device opens with,
  ending the clause, are its PIN (4 to 12: the rule reads 4 or 5 digits after a device's `with` too); two
  capitalised words run together with digits are a person's password, not a product's name and version (Android13,
  Chrome-120);
- shape: a word, `=` and a number (`oriole=52`) is how a person makes a password where its place gives it (a CLI
  password option, an answer line under a question for it, right after the word); a setting's name and its number
  stay a keyword argument (`retry=3`, `minlen=12`);
- syntax: rdesktop's `-p X`, unixODBC's `isql [-v] DSN USER X`, `net use [D:] \\\\host\\share X /user:U` (Windows'
  own order; the `/option` after `/user:U` is no password).

None of the sentences below is one of the set's."""

import pytest

from addons.detect import Scanner

from .shipped import covered, sensitive

SCANNER = Scanner.default()


@pytest.mark.parametrize("text,value", [
    ("Salaan Faadumo, erayga sirta ee kombiyuutarka dukaanka waa Xamar#Badda71 - cidna ha u sheegin.",
     "Xamar#Badda71"),
    ("Erayga sirta ee kombiyuutarka waa 60418275 - ha ku qorin warqad.", "60418275"),
    ("Erayga sirta ee iimaylka waa Gx7pLq2mVt9sRw - ha ku dirin.", "Gx7pLq2mVt9sRw"),
])
def test_somali_waa_gives_the_password(text, value):
    assert covered(SCANNER, text, value), SCANNER.explain(text)


@pytest.mark.parametrize("text", [
    "Erayga sirta waa inuu ahaadaa ugu yaraan 12 xaraf.",  # the password must be at least 12 letters
    "Erayga sirta ee akoonka waa 12 xaraf ugu yaraan.",
    "Erayga sirta waa mid adag.",  # the password is a strong one
])
def test_somali_talk_about_passwords_gives_none(text):
    assert sensitive(SCANNER, text) == [], SCANNER.explain(text)


@pytest.mark.parametrize("text,value", [
    ("Porters: the key cabinet now opens with plover.71. Keep it off the rota.", "plover.71"),
    ("Porters: the key cabinet now opens with 4819273. Keep it off the rota.", "4819273"),
    ("Night staff: the drugs cupboard opens with Tq8!vRm2Lx. Never tell visitors.", "Tq8!vRm2Lx"),
    ("Front desk: the spare-key lockbox now opens with 905317.", "905317"),
    ("Stewards: the changing-room lockers now open with 7318. Don't post it.", "7318"),
    ("the van tablets unlock with 40927, not the old code.", "40927"),
    ("Reception: the sign-in tablet now unlocks with MarigoldHeron42. Don't write it down.", "MarigoldHeron42"),
])
def test_what_a_device_opens_with_is_its_password(text, value):
    assert covered(SCANNER, text, value), SCANNER.explain(text)


@pytest.mark.parametrize("text", [
    "The key cabinet opens with 2024.",  # a year
    "The cabinets open with 123456.",  # a run docs quote
    "The cabinet opens with config.yaml.",
    "The lockbox opens with Bluetooth-5 only.",  # the clause goes on
    "The tablets unlock with Android13.",
    "The kiosks unlock with iPhone15 and a badge.",
    "The cabinet opens with 4 digits.",
    "The gates open with 0800 daily.",  # the clause goes on
    "The lockers open with 1234.",  # a run docs quote
    "use 4821 to unlock the door",  # a verb of use: digits need a device opening with them
])
def test_what_opens_a_device_that_is_no_password(text):
    assert sensitive(SCANNER, text) == [], SCANNER.explain(text)


@pytest.mark.parametrize("text,value", [
    ("Temporary password oriole=52; please change it on first login.", "oriole=52"),
    ("the front-desk PC runs as desk2; password falcon=907 if it locks.", "falcon=907"),
    ("sqlcmd -S db01 -U etl -P kestrel=44 -Q \"select 1\"", "kestrel=44"),
    ("Mara: What is the password for the shop laptop?\nIdris: Heron=3391 - change it Monday.", "Heron=3391"),
])
def test_a_word_equals_a_number_in_a_password_s_place_is_one(text, value):
    assert covered(SCANNER, text, value), SCANNER.explain(text)


@pytest.mark.parametrize("text", [
    "password retry=3 minlen=12",
    "password rounds=600000",
    "pass timeout=30 to the call",
    "password level=10",
    "connect(host, timeout=30)",
    "login(user, retries=3)",
])
def test_a_setting_s_name_and_number_stays_a_keyword_argument(text):
    assert sensitive(SCANNER, text) == [], SCANNER.explain(text)


@pytest.mark.parametrize("text,value", [
    ("rdesktop -u ops -p 70318 -d CORP ts01.corp.test", "70318"),
    ("rdesktop -g 1280x800 -u ops -p 'Qm4#tVx9Lp' ts01", "Qm4#tVx9Lp"),
    ("isql -v WAREHOUSE_DSN etl.loader Pw7~kRt2Xm", "Pw7~kRt2Xm"),
    ("isql CLINIC_DSN reception 83015", "83015"),
    ("isql -b -v CLINIC_DSN reception ThistleMarten", "ThistleMarten"),
    ("net use M: \\\\files01\\media Vt8-Rq2mLx /user:STUDIO\\a.okafor /persistent:yes", "Vt8-Rq2mLx"),
    ("net use \\\\files01\\media quill!Fen88 /user:STUDIO\\a.okafor", "quill!Fen88"),
])
def test_a_tool_s_password_argument(text, value):
    assert covered(SCANNER, text, value), SCANNER.explain(text)


@pytest.mark.parametrize("text", [
    "rdesktop -u ops -p - ts01",  # reads the password from stdin
    "rdesktop -u ops -p $RDP_PASS ts01",
    "isql -v WAREHOUSE_DSN",
    "isql -v WAREHOUSE_DSN $DB_USER $DB_PASS",
    "isql -U sa -P $SA_PW -S srv01",
    "isql -b -v WAREHOUSE_DSN < report.sql",
    "net use M: \\\\files01\\media * /user:STUDIO\\a.okafor",
    "net use M: \\\\files01\\media %MEDIA_PW% /user:STUDIO\\a.okafor",
    "net use M: \\\\files01\\media /persistent:yes /user:STUDIO\\a.okafor",
    "net use M: \\\\files01\\media /user:STUDIO\\a.okafor /persistent:no",
])
def test_a_tool_s_line_with_no_password(text):
    assert sensitive(SCANNER, text) == [], SCANNER.explain(text)
