"""Prose and config about a password that give none (held-out set 20's hard negatives, spent): Home Assistant's
`!secret` reference, a one-time password sent by SMS ("SMS-em"), a policy field named PasswordMinLength. Each beside
a look-alike that does give one."""

import pytest

from addons.detect import Scanner

SCANNER = Scanner.default()


def _values(text: str) -> list[str]:
    return [text[f.start:f.end] for f in SCANNER.scan(text) if f.classification not in ("public", "test-value")]


@pytest.mark.parametrize("text,given", [
    ("ota:\n  - platform: esphome\n    password: !secret ota_password", None),
    ("mqtt:\n  user: z2m\n  password: '!secret.yaml mqtt_password'", None),
    ("ota:\n  - platform: esphome\n    password: '!secretQuill903'", "!secretQuill903"),
    ("Przetłumacz: „Hasło jednorazowe wyślemy SMS-em na numer podany w umowie.”", None),
    ("Das Passwort kommt per E-Mail.", None),
    ("Hasło jednorazowe: SMS-9f3Kq!2", "SMS-9f3Kq!2"),
    ('[{"name": "PasswordMinLength", "value": "twelve"}]', None),
    ('[{"name": "PasswordPolicy", "value": "Complex!Required"}]', None),
    ('[{"name": "AdminPassword", "value": "Complex!Req9"}]', "Complex!Req9"),
])
def test_talk_about_a_password_is_not_one(text, given):
    found = _values(text)
    if given is None:
        assert found == []
    else:
        assert given in found
