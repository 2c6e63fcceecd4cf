"""attack31 (invariant 4): generic-password-directive (session 19) read a key ending in the password word alone on
its line with its value; a key that names a setting about passwords (`ResetPassword OnNextLogin`, `SyncPassword
LDAP`, `hashPassword bcrypt`) and a value read from the environment (`ClientPassword env:CLIENT_PW`) were masked as
passwords in an agent's config review. The setting's verb before the password word counts against it, and `env:`
names where a secret is kept. Directives giving passwords keep their findings."""

import pytest

from addons.detect import Scanner

SCANNER = Scanner.default()


def _values(text: str) -> list[str]:
    return [text[f.start:f.end] for f in SCANNER.scan(text)
            if f.classification not in ("public", "test-value") and f.rule_id.startswith("generic-")]


@pytest.mark.parametrize("text", [
    "MaxTries 3\n  ResetPassword OnNextLogin\n",
    "Realm CORP\nSyncPassword LDAP\n",
    "hashPassword bcrypt\n",
    "ExpirePassword NinetyDays\n",
    "ClientPassword env:CLIENT_PW\n",
    "rcon_password env:RCON_SECRET\n",
])
def test_a_setting_about_passwords_or_an_environment_reference_is_no_password(text):
    assert _values(text) == []


@pytest.mark.parametrize("text,value", [
    ("MqttHost 10.0.0.5\nMqttUser plug\nMqttPassword Kettle7-Heron\nRestart 1", "Kettle7-Heron"),
    ('hostname "Scrims"\nsv_password ""\nrcon_password "Tern!Basalt42"\nsv_cheats 0', "Tern!Basalt42"),
    ("Port 7777\n  ServerAdminPassword quillmartenbirch\n", "quillmartenbirch"),
    ("AutoAdminLogon 1\nDefaultUserName ops\nDefaultPassword Gannet~Moor48\n", "Gannet~Moor48"),
    ("MasterPassword Heron#Quay51\n", "Heron#Quay51"),
])
def test_directives_giving_a_password_are_still_found(text, value):
    assert value in _values(text)
