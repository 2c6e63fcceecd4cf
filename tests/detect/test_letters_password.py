"""Passwords of letters only (rules generic-password-letters, -before; detect/letters_password.py): a strong
construction, then any word outside the closed class of words that describe a password."""

import pytest

from addons.detect import Scanner
from addons.detect.letters_password import CLOSED_CLASS, describing


@pytest.fixture(scope="module")
def scanner():
    return Scanner.default()


def letters_findings(scanner, text: str) -> list[str]:
    return [text[f.start:f.end] for f in scanner.scan(text) if f.rule_id.startswith("generic-password-letters")]


@pytest.mark.parametrize("text, password", [
    ("my password is sunshine", "sunshine"),
    ("the vpn password is Moonlight until Friday", "Moonlight"),
    ("pw for the build box: quentolbra", "quentolbra"),
    ("Das Passwort für den Drucker lautet Regenbogen.", "Regenbogen"),
    ("Kennwort: Gartenzwerg", "Gartenzwerg"),
    ("le mot de passe du routeur est grenouille", "grenouille"),
    ("la contraseña es tortuga, no la compartas", "tortuga"),
    ("SMTP_PASS=purplerain", "purplerain"),
    ('{"password": "IronHorse"}', "IronHorse"),
    ("login failed with password 'tavorenim'", "tavorenim"),
    ("try silverwolf as the admin password", "silverwolf"),
])
def test_a_letters_only_password_after_a_strong_construction_is_found(scanner, text, password):
    assert letters_findings(scanner, text) == [password]


@pytest.mark.parametrize("text", [
    "the password is incorrect", "your password has expired", "the password is below", "password: required",
    "the password is too short", "the password is stored in 1Password", "Das Passwort ist abgelaufen",
    "le mot de passe est obligatoire", "la contraseña es incorrecta", "la contraseña fue cambiada",
    "passwords are hashed", "the password manager", "password reset link", "the first pass is complete",
    "the password for the account is required because sessions expire",  # no verb inside the purpose clause
    "password isolation is enforced", "if password is None:", "password = getpass",
    "username, password = split", ":param password: encrypt the key", "pwd: ModuleType | None = None",
    "the password is twelve characters long", "use Bitwarden as the password manager",
    "connect(user=user, password=mydata)", "password sunshine",  # no construction: the word alone is too weak
])
def test_a_word_that_describes_the_password_or_code_is_not_found(scanner, text):
    assert letters_findings(scanner, text) == []


def test_the_closed_class_explains_itself():
    assert describing("Expired") == "reads as a participle (-ed, -ado, -ida)"
    assert describing("requerida") == "reads as a participle (-ed, -ado, -ida)"
    assert describing("Manager") == "closed class, noun that makes the credential word a modifier: 'manager'"
    assert describing("getpass") == "names a credential itself (getpass, credentials): a name in code"
    assert describing("butterfly") is None and describing("speed") is None  # no -ly rule; -eed is no participle
    # The rules capture five letters or more: a shorter word in the class would never be a candidate.
    assert all(len(word) >= 5 for words in CLOSED_CLASS.values() for word in words)


def test_explain_names_the_signals_and_never_the_value(scanner):
    lines = [line for line in scanner.explain("the password is sunshine. The password is missing.")
             if line.startswith("generic-password-letters ")]
    assert len(lines) == 2
    assert "reported" in lines[0] and "copula right after the word" in lines[0]
    assert "not reported" in lines[1] and "closed class, state, quality or requirement: 'missing'" in lines[1]
    assert not any("sunshine" in line for line in lines)
