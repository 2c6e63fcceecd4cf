"""A password under a key that names no password, beside the key naming its account (generic-password-paired-key,
addons/detect/paired_keys.py; issue 15 part 1, prose24). Each positive has a look-alike negative: the same stem and
value under a key for another field, a key with no shared stem, or a value that stands for none. Keys, stems and
values here are made up for these tests, unlike the held-out sets'."""

import random
import string

import pytest

from addons.detect import Scanner, paired_keys
from tests.detect.shipped import covered, sensitive

SEED = 2424


@pytest.fixture(scope="module")
def scanner():
    return Scanner.default()


# (account line, value line) in the formats people paste: YAML, HCL, JSON, Hiera, Pulumi, INI.
CARRIERS = [
    ("ldap:\n  relay_user: svc_ldap\n", "  relay_{key}: \"{value}\"\n  port: 636\n"),
    ("module \"vm\" {{\n  boot_user  = \"ops\"\n", "  boot_{key} = \"{value}\"\n}}\n"),
    ("{{\n  \"id\": \"mail\",\n  \"smtp_user\": \"mailer\",\n", "  \"smtp_{key}\": \"{value}\"\n}}\n"),
    ("profile::amqp::client_user: 'svc'\n", "profile::amqp::client_{key}: '{value}'\n"),
    ("config:\n  app:kioskAccount: front-desk\n", "  app:kiosk{Key}: {value}\n  app:region: west\n"),
    ("[vault]\nunseal_login = ops\n", "unseal_{key} = {value}\n"),
]
HELD_KEYS = ["word", "phrase", "value", "key_plain", "entry", "pin_code", "secret", "login_value"]
OTHER_KEYS = ["host", "email", "name", "port", "shell", "hint", "ref", "hash"]


def _password(rng: random.Random) -> str:
    symbols = "#!%^*+=~"
    body = [rng.choice(string.ascii_letters) for _ in range(rng.randint(7, 12))]
    body += [rng.choice(string.digits), rng.choice(symbols), rng.choice(string.ascii_uppercase)]
    rng.shuffle(body)
    return rng.choice(string.ascii_letters) + "".join(body)


def _text(carrier: tuple[str, str], key: str, value: str) -> str:
    account, line = carrier
    camel = "".join(word.capitalize() for word in key.split("_"))
    return account.format() + line.format(key=key, Key=camel, value=value)


def _cases(keys: list[str]) -> list[tuple[str, str]]:
    rng = random.Random(SEED)
    return [(_text(carrier, rng.choice(keys), value), value)
            for carrier in CARRIERS for value in (_password(rng), _password(rng))]


@pytest.mark.parametrize("text, password", _cases(HELD_KEYS))
def test_a_sibling_key_naming_what_is_held_gives_the_password(scanner, text, password):
    assert covered(scanner, text, password), scanner.explain(text)


@pytest.mark.parametrize("text, password", _cases(OTHER_KEYS))
def test_a_sibling_key_naming_another_field_gives_nothing(scanner, text, password):
    assert not sensitive(scanner, text), scanner.explain(text)


@pytest.mark.parametrize("text, password", [
    ("smb:\n  bind_user: ops\n  bind_word: \"quillmartenbirch\"", "quillmartenbirch"),   # letters only
    ("helm:\n  adminUser: admin\n  adminEntry: sorrel gannet quay marten", "sorrel gannet quay marten"),
    ("door_account = lobby\ndoor_pin = \"40417733Q\"", "40417733Q"),
])
def test_letters_and_spaced_values_under_a_sibling_key(scanner, text, password):
    assert covered(scanner, text, password), scanner.explain(text)


@pytest.mark.parametrize("text", [
    "user: ops\nphrase: \"Qx7!mTz2Lp9x\"",                  # no stem: the keys are not siblings
    "bind_user: ops\nother_word: \"Qx7!mTz2Lp9x\"",         # another stem
    "bind_user: ops\nbind_word: \"${BIND_WORD}\"",          # a variable
    "bind_user: ops\nbind_word: \"<the bind password>\"",   # a placeholder
    "bind_user: ops\nbind_word: redacted",                   # a word for no value
    "bind_user: ops\nbind_phrase: the one in the vault",     # a sentence
    "bind_user: ops\nbind_word: \"********\"",               # masked
    "ci_user: bot\nci_image: \"python:3.12-slim\"",          # an image, under a key for another thing
    "bind_user: ops\nbind_word: \"quill\"",                  # too short
    "db_user: app\ndb_name: orders_reporting",
])
def test_look_alike_pairs_that_hold_no_password(scanner, text):
    assert not sensitive(scanner, text), scanner.explain(text)


def test_explain_names_the_pair_signal():
    verdict = paired_keys.score("infra:adminUser", "infra:adminEntry", "Qx7!mTz2Lp9x")
    assert verdict.reported
    assert any("sibling of the account's key 'infra_admin'" in signal for signal in verdict.signals)
    refused = paired_keys.score("infra:adminUser", "infra:adminEmail", "Qx7!mTz2Lp9x")
    assert not refused.reported
    assert any("name nothing held" in signal for signal in refused.signals)
