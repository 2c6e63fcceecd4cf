"""attack29: generic-password-json-named read the object's first name-like member only (`name`, `key`, `label`,
`field`, `ParameterKey`), where its match starts. A member of that kind before the one naming the password (a form
field's `"label": "Site"` before `"name": "Secret"`, `"key": "db"` before `"ParameterKey": "DBPassword"`) made the
match start there, the scorer rejected that name, and the real one inside the match was never read: with either
first stage (the leftmost start in the pure-Python one, the longest match ending at the value with Hyperscan). Every
name-like member of the match is read now, and the best verdict counts. Values are seeded and made up for these
tests; each decoy has a look-alike whose names all name something else."""

import json
import random
import string

import pytest

from addons.detect import Scanner

SEED = 2929

# Members before the value, as an agent's browser tool or a template writes them: a decoy name first.
DECOYED = [
    {"label": "Site", "name": "Secret"},
    {"name": "Login", "type": "textbox", "label": "Passphrase"},
    {"name": "Account", "ref": "e1", "key": "admin_password"},
    {"key": "db", "ParameterKey": "DBPassword"},
    {"field": "f2", "name": "SMTP_PASS"},
]
# The same objects whose every name names another field.
NO_PASSWORD = [
    {"label": "Site", "name": "Account"},
    {"name": "Login", "type": "textbox", "label": "Passphrase hint"},
    {"name": "Account", "ref": "e1", "key": "password_min_length"},
    {"key": "db", "ParameterKey": "DBPasswordSecretArn"},
    {"field": "f2", "name": "SMTP_HOST"},
]


def _password(rng: random.Random) -> str:
    body = [rng.choice(string.ascii_letters) for _ in range(rng.randint(8, 12))]
    body += [rng.choice(string.digits), rng.choice("#!%^*+=~"), rng.choice(string.ascii_uppercase)]
    rng.shuffle(body)
    return rng.choice(string.ascii_letters) + "".join(body)


def _value_key(members: dict) -> str:
    return "ParameterValue" if "ParameterKey" in members else "value"


@pytest.fixture(scope="module", params=["hyperscan", pytest.param("python", marks=pytest.mark.slow)])
def scanner(request):
    return Scanner.default(engine=request.param)


@pytest.mark.parametrize("index", range(len(DECOYED)))
def test_a_decoy_name_before_the_password_name_does_not_hide_the_value(scanner, index):
    value = _password(random.Random(SEED + index))
    members = DECOYED[index]
    for text in (json.dumps({"fields": [{**members, _value_key(members): value}]}),
                 json.dumps([{**members, _value_key(members): value}], indent=2)):
        assert value in [text[f.start:f.end] for f in scanner.scan(text)], text


@pytest.mark.parametrize("index", range(len(NO_PASSWORD)))
def test_names_that_all_name_another_field_still_hide_nothing(scanner, index):
    value = _password(random.Random(SEED + index))
    members = NO_PASSWORD[index]
    text = json.dumps({"fields": [{**members, _value_key(members): value}]})
    assert [f.rule_id for f in scanner.scan(text) if f.rule_id == "generic-password-json-named"] == []
