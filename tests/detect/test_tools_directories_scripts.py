"""Passwords in the carriers of session 15 (issue 15 part 1): SQL roles and logins, CI masks, XML name/value
attributes, long options, directive lines, spaced call arguments, other scripts' credential words, and a password
given by what it does. Values here are made up for these tests, unlike held-out set 14's."""

import pytest

from addons.detect import Scanner
from tests.detect.shipped import covered, sensitive


@pytest.fixture(scope="module")
def scanner():
    return Scanner.default()


@pytest.fixture(scope="module")
def scanners():
    return {engine: Scanner.default(engine=engine) for engine in ("hyperscan", "python")}


@pytest.mark.parametrize("engine", ["hyperscan", "python"])
@pytest.mark.parametrize("text, password", [
    ("ALTER ROLE billing WITH LOGIN PASSWORD 'spruce wicket anvil' NOSUPERUSER;", "spruce wicket anvil"),
    ("CREATE LOGIN [etl] WITH PASSWORD = N'Смола-Ель63', DEFAULT_DATABASE = dw;", "Смола-Ель63"),
    ("ALTER USER 'bi'@'%' IDENTIFIED WITH caching_sha2_password BY 'Gorse!Quay19';", "Gorse!Quay19"),
    ("- run: echo \"::add-mask::Hopper_Tansy84\"", "Hopper_Tansy84"),
    ('<add key="LdapBindPassword" value="tansy hopper wicket" />', "tansy hopper wicket"),
    ("backup-tool --target s3://b --repo-password 'Wicket#Anvil40' run", "Wicket#Anvil40"),
    ("host mail.corp.test\nuser relay\npassword Anvilspruce\n", "Anvilspruce"),
    ('client.Authenticate("relay", "spruce wicket anvil gorse")', "spruce wicket anvil gorse"),
    ("관리자 비밀번호는 Gorse-Quay71 입니다", "Gorse-Quay71"),
    ("Держи пароль от сервера — Смола-Ель63, не теряй", "Смола-Ель63"),
    ("just use Wicket#Anvil40 to log in, it works", "Wicket#Anvil40"),
    ("- credentials the user sent for the NAS: ops / Heath#Quince40", "Heath#Quince40"),
])
def test_the_password_in_its_place_is_found(scanners, text, password, engine):
    scanner = scanners[engine]
    assert covered(scanner, text, password), scanner.explain(text)


@pytest.mark.parametrize("text", [
    "ALTER ROLE app WITH LOGIN PASSWORD NULL;",
    "echo \"::add-mask::${{ steps.token.outputs.value }}\"",
    '<add key="PasswordExpiryDays" value="90" />',
    "backup-tool --repo-password \"$RESTIC_PASSWORD\" run",
    "  * gpg: Allow --dry-run for --passwd so that checking the\n    passphrase workflow.\n",
    "# Example for your .netrc\nmachine example.org\nlogin apt\npassword debian\n",
    'client.Authenticate("relay", "the same as before")',
    # 는 on another noun only marks a topic: the token after 필드는 is not the password's value.
    "패스워드 파일에서 GCOS 필드는 Ab$IDENTcard7 정보를 숨긴다",
    "use ssh-agent to log in", "use ed25519 to sign in",
    "secret: Opaque",
])
def test_the_same_places_without_a_password_are_not_one(scanner, text):
    assert sensitive(scanner, text) == [], scanner.explain(text)
