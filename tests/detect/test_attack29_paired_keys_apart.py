"""attack29: generic-password-paired-key read the account's key and its sibling only on two adjacent lines, so a
sibling key of another field between them (`bind_user`, `bind_host`, then `bind_word`), as hand-written config often
orders them, let the password out: an agent puts a line between. Up to three key or comment lines may stand between
now (the nearest account line above wins); the scorer still judges the first and the last key
(paired_keys.score_match). Values are seeded and made up for these
tests; each positive has a look-alike whose last key names another field."""

import random
import string

import pytest

from addons.detect import Scanner

SEED = 2931

# (account line, lines between, value line template): YAML, HCL, JSON, INI, Hiera.
CARRIERS = [
    ("ldap:\n  bind_user: svc_ldap\n", "  bind_host: ldap.corp.test\n", "  bind_{key}: \"{value}\"\n"),
    ("module \"vm\" {{\n  boot_user = \"ops\"\n", "  boot_host = \"10.0.0.5\"\n  boot_port = 22\n",
     "  boot_{key} = \"{value}\"\n}}\n"),
    ("{{\n  \"smtp_user\": \"mailer\",\n", "  \"smtp_host\": \"mail.corp.test\",\n  \"smtp_port\": 587,\n",
     "  \"smtp_{key}\": \"{value}\"\n}}\n"),
    ("[vault]\nunseal_login = ops\n", "unseal_url = https://vault.corp.test\n", "unseal_{key} = {value}\n"),
    ("profile::amqp::client_user: 'svc'\n", "profile::amqp::client_vhost: '/'\n# rotated monthly\n",
     "profile::amqp::client_{key}: '{value}'\n"),
]


def _password(rng: random.Random) -> str:
    body = [rng.choice(string.ascii_letters) for _ in range(rng.randint(7, 12))]
    body += [rng.choice(string.digits), rng.choice("#!%^*+=~"), rng.choice(string.ascii_uppercase)]
    rng.shuffle(body)
    return rng.choice(string.ascii_letters) + "".join(body)


@pytest.fixture(scope="module")
def scanner():
    # Hyperscan's: the pure-Python first stage reads the leftmost match only, which ends at the line between when it
    # holds a value (`bind_host: ldap.corp.test`), is rejected and hides the sibling after it (EVASION.md: open).
    return Scanner.default(engine="hyperscan")


def _text(index: int, key: str, value: str) -> str:
    account, between, line = CARRIERS[index]
    return account.format() + between + line.format(key=key, value=value)


@pytest.mark.parametrize("index", range(len(CARRIERS)))
def test_a_sibling_line_between_the_account_and_its_password_does_not_hide_it(scanner, index):
    value = _password(random.Random(SEED + index))
    text = _text(index, "word", value)
    assert value in [text[f.start:f.end] for f in scanner.scan(text)], text


@pytest.mark.parametrize("index", range(len(CARRIERS)))
def test_a_sibling_naming_another_field_after_lines_between_is_no_password(scanner, index):
    value = _password(random.Random(SEED + index))
    text = _text(index, "email", value)
    assert [f.rule_id for f in scanner.scan(text) if f.rule_id == "generic-password-paired-key"] == []


def test_a_paragraph_between_is_no_pair(scanner):
    text = ("db_user: app\nThe reporting job reads this file at start and keeps it for the day.\n"
            "db_word: " + _password(random.Random(SEED)) + "\n")
    assert [f.rule_id for f in scanner.scan(text) if f.rule_id == "generic-password-paired-key"] == []
