"""A password in a JSON object whose name member names its value member, with other members between them (a
browser tool's form fields, CloudFormation parameters, key/value lists, pretty-printed env entries):
generic-password-json-named, key_names.score_named (issue 15 part 1, prose24). Each positive has a look-alike: the
same object whose name names another field. Values are seeded and made up for these tests."""

import json
import random
import string

import pytest

from addons.detect import Scanner, key_names
from tests.detect.shipped import covered, sensitive

SEED = 2427

# (name member, value member, other members between, the name) for objects that hold a password ...
PASSWORD_OBJECTS = [
    ("name", "value", {"type": "textbox", "ref": "e41"}, "Secret"),
    ("ParameterKey", "ParameterValue", {}, "DBPassword"),
    ("key", "value", {"sensitive": True}, "admin_password"),
    ("name", "value", {}, "SMTP_PASS"),
    ("label", "text", {"kind": "input"}, "Passphrase"),
]
# ... and the same objects naming something else.
OTHER_NAMES = ["Account", "DBPasswordSecretArn", "password_min_length", "SMTP_HOST", "Passphrase hint"]


def _password(rng: random.Random) -> str:
    body = [rng.choice(string.ascii_letters) for _ in range(rng.randint(8, 12))]
    body += [rng.choice(string.digits), rng.choice("#!%^*+=~"), rng.choice(string.ascii_uppercase)]
    rng.shuffle(body)
    return rng.choice(string.ascii_letters) + "".join(body)


def _object(name_key: str, value_key: str, between: dict, name: str, value: str) -> dict:
    return {name_key: name, **between, value_key: value}


def _cases(names):
    rng = random.Random(SEED)
    cases = []
    for (name_key, value_key, between, _), name in zip(PASSWORD_OBJECTS, names, strict=True):
        value = _password(rng)
        obj = _object(name_key, value_key, between, name, value)
        cases.append((json.dumps({"fields": [obj]}), value))
        cases.append((json.dumps([obj], indent=2), value))  # pretty-printed: one member per line
    return cases


@pytest.fixture(scope="module")
def scanner():
    return Scanner.default()


@pytest.mark.parametrize("text, password", _cases([name for *_, name in PASSWORD_OBJECTS]))
def test_a_password_named_by_its_objects_name_member_is_found(scanner, text, password):
    assert covered(scanner, text, password), scanner.explain(text)


@pytest.mark.parametrize("text, value", _cases(OTHER_NAMES))
def test_the_same_object_naming_another_field_gives_nothing(scanner, text, value):
    assert not sensitive(scanner, text), scanner.explain(text)


def test_a_tool_calls_arguments_string_is_read_too(scanner):
    arguments = json.dumps({"fields": [{"name": "Secret", "type": "textbox", "value": "Quince7#Heath"}]})
    text = json.dumps({"name": "browser_fill_form", "arguments": arguments})
    assert covered(scanner, text, "Quince7#Heath"), scanner.explain(text)


def test_explain_names_the_key_signal():
    assert key_names.score_named("Secret", "Quince7#Heath").reported
    refused = key_names.score_named("PasswordMinLength", "Quince7#Heath")
    assert not refused.reported
    assert any("names something else" in signal for signal in refused.signals)
