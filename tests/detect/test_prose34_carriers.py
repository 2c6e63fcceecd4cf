"""prose34's generalised shapes (held-out set 27's weakest carriers, spent): Danish, Norwegian and Icelandic password
sentences (the copula `er` no longer erased as a filler, their prepositions, user words and verbs of setting), a PIN
right after a password word or after a lock's bare `code`, a SIP2 message's password fields, a console command's
`-N:U -P:X`, any tool's `-u U -p X`. None of the sentences below is one of the set's."""

import pytest

from addons.detect import Scanner, context_score, pin_codes

from .shipped import covered, sensitive

SCANNER = Scanner.default()


def found(text: str, rule_id: str) -> list[str]:
    return [text[f.start:f.end] for f in SCANNER.scan(text) if f.rule_id == rule_id]


# Danish / Norwegian / Icelandic: the copula er after a clause naming what the password is for, a user word before
# it, a verb of setting and its preposition (til, í).
@pytest.mark.parametrize("text,value", [
    ("Adgangskoden til kopimaskinen på kontoret er Ravn!Hede48, sig til hvis den driller", "Ravn!Hede48"),
    ("Passordet til ruteren i kjelleren er Fjord_Lyng72", "Fjord_Lyng72"),
    ("Lykilorðið fyrir prentarann er Hraun#Mosi31, ekki deila því", "Hraun#Mosi31"),
    ("Jeg har ændret adgangskoden til routeren til Tang~Klit604 i går", "Tang~Klit604"),
    ("Ég breytti lykilorðinu í Jökull!Sandur55 í morgun", "Jökull!Sandur55"),
    ("Brugernavn lagerchef2, adgangskode 48817305 - det er den nye", "48817305"),
])
def test_nordic_sentences_give_the_password(text, value):
    assert covered(SCANNER, text, value), SCANNER.explain(text)


@pytest.mark.parametrize("text", [
    "Adgangskoden til lønsystemet er udløbet, ring til IT på lokal 4417",
    "Lykilorðið er á miðanum, spurðu Jón ef þú finnur það ekki (v2.4)",
    "Jeg har ændret adgangskoden til routeren i går",
    "the password is, er, not something I can say here",
])
def test_nordic_talk_about_passwords_gives_none(text):
    assert sensitive(SCANNER, text) == [], SCANNER.explain(text)


def test_er_is_a_filler_only_between_commas():
    assert context_score.FILLER.sub(" ", " is, er, ").strip(" ,") == "is"
    assert context_score.FILLER.search(" til routeren er ") is None


# A PIN right after a password word, ending its clause; the bare code of a lock named earlier in the sentence.
@pytest.mark.parametrize("text,value", [
    ("Guest tablet in the lounge: password 40917, ask reception for the charger", "40917"),
    ("Conference phone admin password 7305 (change it after the install)", "7305"),
    ("Cabin keys are in the key safe by the shed, code 6617.", "6617"),
    ("padlock on the bike shelter, combination 2981", "2981"),
    ("Alarmkoden til sommerhuset er 57702, husk at slå den til", "57702"),
])
def test_a_pin_after_a_password_word_or_a_locks_code(text, value):
    assert covered(SCANNER, text, value), SCANNER.explain(text)


@pytest.mark.parametrize("text", [
    "the most common password 123456, then qwerty",
    "password 2024, see the policy page",
    "password 40917 characters long is silly",        # the digits do not end the clause
    "the door was open; error code 40312 on the panel",  # no lock before the bare code in its sentence
    "the gate opened; the code for the HTTP error is 40312.",
    "Door code: 0000 until the installer leaves",
])
def test_no_pin_where_the_digits_are_no_pin(text):
    assert found(text, "generic-pin-code") == [], SCANNER.explain(text)


def test_a_pin_after_a_password_word_wants_nothing_between():
    assert not pin_codes.score("", " is ", "40917", word="password").reported


# SIP2: the Login message's CO after CN, a patron's AD after AA (and the terminal password AC).
@pytest.mark.parametrize("text,value", [
    ("9301CNsc_branch4|COHeron!Tarn62|CPEAST|AY3AZEE81", "Heron!Tarn62"),
    ("9300CNcirc-kiosk|COmoorhenquill|CPWEST", "moorhenquill"),
    ("1100120261205    093000                  AOEAST|AA29000100482213|AC|AD8841|BON", "8841"),
])
def test_sip2_password_fields(text, value):
    assert found(text, "generic-password-sip2") == [value], SCANNER.explain(text)


@pytest.mark.parametrize("text", [
    "9300CN|CO|CPEAST|AY3AZEE81",
    "1100120261205    093000                  AOEAST|AA29000100482213|AC|AD|BON",
    "9300CNsc_branch4|COmissing|CPEAST",     # a word that describes, not a password
])
def test_empty_or_describing_sip2_fields_are_no_password(text):
    assert found(text, "generic-password-sip2") == []


# A console's colon-attached options: the user's, then the password's.
@pytest.mark.parametrize("text,value", [
    ("MC4> ADDUSER -N:facilities -P:Kestrel_Moor71", "Kestrel_Moor71"),
    ("PRO3> ADDUSER -U:techrig -P:shinglebracken", "shinglebracken"),
])
def test_console_user_then_password_option(text, value):
    assert found(text, "generic-password-console-option") == [value], SCANNER.explain(text)


@pytest.mark.parametrize("text", [
    "ADDUSER -N:facilities -P:%AV_PASS%",
    "xcopy C:\\a D:\\b /E /H /C /I",
    "ADDUSER -N:facilities -P:required",
])
def test_console_option_without_a_value(text):
    assert found(text, "generic-password-console-option") == []


# Any tool's -u USER -p X (the rule's tool list had no NTRIP or GNSS client).
@pytest.mark.parametrize("text,value", [
    ("rtk-rover -u base7 -p 'Tern#Quay58' -s caster.example", "Tern#Quay58"),
    ("survey-sync -u fieldteam -p marshglasswort --dry-run", "marshglasswort"),
])
def test_any_tools_user_then_password_flag(text, value):
    assert found(text, "generic-password-cli") == [value], SCANNER.explain(text)


@pytest.mark.parametrize("text", [
    "mysql -u report -p sales < q.sql",         # mysql's -p alone prompts; the next word is the database
    "podman run -u 1001 -p 8443:443 web",
    "sudo -u backup -p 'pw for %u: ' rsync",
    "iperf3 -c 10.0.0.2 -u ops -p 5201",
    "rtk-rover -u base7 -p ${CASTER_PASS}",
])
def test_user_then_p_flag_that_is_no_password(text):
    assert found(text, "generic-password-cli") == []


# Open shapes (EVASION.md, "Set 27's carriers (prose34 ...)"): measured on set 27 and left.
# prose38 closed a device's label (Payroll portal: U / X: context_score DEVICE_WORDS); a label naming no device stays
# open.
def test_a_pair_after_a_device_label():
    text = "Payroll portal: hr.ops / Quince!Fen27 (shared by the HR team)"
    assert covered(SCANNER, text, "Quince!Fen27"), SCANNER.explain(text)


@pytest.mark.xfail(strict=True, raises=AssertionError,
                   reason="open: prose34, a user / password pair after a label with no login word (EVASION.md)")
@pytest.mark.parametrize("text,value", [
    ("SCADA historian, administrator plant-eng / Gorse#Tarn58; read-only for the rest", "Gorse#Tarn58"),
])
def test_open_a_pair_after_a_label(text, value):
    assert covered(SCANNER, text, value), SCANNER.explain(text)


@pytest.mark.xfail(strict=True, raises=AssertionError,
                   reason="open: prose34, 'with X' after a user named without 'log in as' (EVASION.md)")
@pytest.mark.parametrize("text,value", [
    ("Use the shared tills.ops account with Heron!Moss52 for the weekend shift.", "Heron!Moss52"),
    ("The laptop joins the survey mast's Wi-Fi with Quill#Scree40, then sync.", "Quill#Scree40"),
])
def test_open_with_after_a_user(text, value):
    assert covered(SCANNER, text, value), SCANNER.explain(text)


@pytest.mark.xfail(strict=True, raises=AssertionError,
                   reason="open: prose34, letters only right after a bare password word mid-sentence (EVASION.md)")
def test_open_letters_right_after_a_bare_password_word():
    text = "Router in the barn: password marshwillow, ports 80 and 443 forwarded"
    assert covered(SCANNER, text, "marshwillow"), SCANNER.explain(text)


@pytest.mark.xfail(strict=True, raises=AssertionError,
                   reason="open: prose34, colon-separated account files and shell logins (EVASION.md)")
@pytest.mark.parametrize("text,value", [
    ("# proxy users\nlib.staff:Heron!Tarn62:admin", "Heron!Tarn62"),
    ("srfsh# login circ.lead Quill#Moss19\nReceived Data: \"abc\"", "Quill#Moss19"),
])
def test_open_account_files_and_shell_logins(text, value):
    assert covered(SCANNER, text, value), SCANNER.explain(text)
