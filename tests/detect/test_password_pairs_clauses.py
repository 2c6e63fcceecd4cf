"""Passwords in ticket shorthand, Markdown lists and INI files (issue 15 part 1, held-out set 6's weak carriers):
a creds arrow pair, `login <user> pwd <password>`, an arrow as separator, Markdown bold around the word, a short
clause naming what the password is for, a negative word in an earlier clause of the line, an unquoted INI value
under a comment naming a password, CamelCase passphrases and letters-only constructions.
Values here are made up for these tests, unlike scripts/eval_heldout6.py's and eval_heldout7.py's."""

import pytest

from addons.detect import Scanner
from addons.detect.context_score import is_passphrase, own_clause
from tests.detect.shipped import covered, sensitive


@pytest.fixture(scope="module")
def scanner():
    return Scanner.default()


@pytest.mark.parametrize("text, password", [
    ("creds -> deploy Saguaro#Mesa4", "Saguaro#Mesa4"),
    ("creds: builder 7741Cactus", "7741Cactus"),
    ("creds → ops Saguaro#Mesa4", "Saguaro#Mesa4"),
    ("login ci_bot pwd Yucca!Dune58", "Yucca!Dune58"),
    ("- **user:** jdoe\n- **pass:** Arroyo!pine42", "Arroyo!pine42"),
    ("a senha do roteador é jacaranda8812", "jacaranda8812"),
    ("[INC-2231] reset done, temp pw Ocotillo+sage904", "Ocotillo+sage904"),
    ("* wifi password → lanternfish", "lanternfish"),
    ("pw -> Moonbeam", "Moonbeam"),
])
def test_found(scanner, text, password):
    assert covered(scanner, text, password)


@pytest.mark.parametrize("text", [
    "creds -> deploy 2024-03-15",
    "creds: see the runbook v2.3.1",
    "user: admin 2024-01-01T10:00:00Z",
    "credentials: rotated weekly",
    "credentials = service_account.Credentials.from_service_account_file(path)",
    "CREDENTIALS_FILE=/etc/app/credentials.json",
    "password -> required",
    "reset password → confirm",
    "I forgot my password Falcon^Nine9 yesterday",       # the negative word is in the password's own clause
    "password reset for jdoe: token Falcon^Nine9",
])
def test_not_found(scanner, text):
    assert sensitive(scanner, text) == []


def test_own_clause_reads_after_the_last_break():
    assert own_clause("[INC-2231] reset done, temp ") == " temp "
    assert own_clause("I forgot my ") == "I forgot my "
    assert own_clause("v2.3.1 build ") == "v2.3.1 build "  # a dot inside a token is no sentence end


@pytest.mark.parametrize("text, password", [
    ("[smtp]\nhost = mail01\n# relay password\nauth = lanternfish", "lanternfish"),
    ("[ldap]\nbind_dn = cn=ro\n; bind password below\nbind_cred = Saguaro71x", "Saguaro71x"),
    ('{"content": "[mail]\\nlogin = ops\\n# pw\\ncode = ocotillo"}', "ocotillo"),
])
def test_ini_values_are_unquoted(scanner, text, password):
    assert covered(scanner, text, password)


@pytest.mark.parametrize("text", [
    "x = 1\n# password of the relay\nvalue = somename",     # code: an unquoted name after =
    "[app]\n; no password: peer auth\nauth = peer",
    "[app]\n# password policy\nmin_length = twelve",
])
def test_ini_keeps_its_other_checks(scanner, text):
    assert sensitive(scanner, text) == []


@pytest.mark.parametrize("text, password", [
    ("temp pw HeronMarshWillow, change it on login", "HeronMarshWillow"),
    ("login svc_ci pwd HeronMarshWillow", "HeronMarshWillow"),
    ('client.login("deploy", "HeronMarshWillow")', "HeronMarshWillow"),
    ("пароль HeronMarshWillow", "HeronMarshWillow"),
])
def test_camel_case_passphrase(scanner, text, password):
    assert covered(scanner, text, password)


@pytest.mark.parametrize("text", [
    "temp pw NotImplementedError, see the log",
    "the password reset page is PasswordResetView",
    'bind("click", "ClickEventHandler")',
    "login svc_ci pwd HelloWorld",                       # two words: a name, not a passphrase
])
def test_camel_case_names_are_not_passphrases(scanner, text):
    assert sensitive(scanner, text) == []


def test_is_passphrase_camel_case():
    assert is_passphrase("HeronMarshWillow") and is_passphrase("HeronMarshWillow42")
    assert not is_passphrase("NotImplementedError") and not is_passphrase("HelloWorld")


@pytest.mark.parametrize("text, password", [
    ("minha senha nova é cajueiro", "cajueiro"),                 # an adjective after the word, then the copula
    ("la contraseña nueva es tamarugo", "tamarugo"),
    ("Password dell'ufficio: girasole", "girasole"),              # Italian elision in the purpose clause
])
def test_letters_constructions(scanner, text, password):
    assert covered(scanner, text, password)


@pytest.mark.parametrize("text", [
    "--- PASS: TestLoginFlow (0.00s)",                            # a test runner's line, upper case
    "the value to pass: something",
    "arguments to pass to functions",
    "we pass on Windows",
    'if pass == "sunshine":',
    "a senha nova é obrigatoria",
])
def test_letters_constructions_negatives(scanner, text):
    assert sensitive(scanner, text) == []
