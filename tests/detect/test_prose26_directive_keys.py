"""A directive whose key ends in the password word, alone on its line with its value (held-out set 20's home
automation and game servers, spent): Tasmota's console `MqttPassword X`, a Source server's `rcon_password "X"`, ARK's
`ServerAdminPassword X`. Each beside a look-alike: an empty value, a word that describes a password, a command."""

import pytest

from addons.detect import Scanner

SCANNER = Scanner.default()


def _values(text: str) -> list[str]:
    return [text[f.start:f.end] for f in SCANNER.scan(text) if f.classification not in ("public", "test-value")]


@pytest.mark.parametrize("text,value", [
    ("typed into the console:\nMqttHost 10.0.0.5\nMqttUser plug\nMqttPassword Kettle7-Heron\nRestart 1",
     "Kettle7-Heron"),
    ('hostname "Scrims"\nsv_password ""\nrcon_password "Tern!Basalt42"\nsv_cheats 0', "Tern!Basalt42"),
    ("Port 7777\n  ServerAdminPassword quillmartenbirch\n", "quillmartenbirch"),
    ("MqttUser ops\nMqttPassword sorrel.quay.gannet\n", "sorrel.quay.gannet"),
    ("relay.passphrase marram sedge knoll\n", "marram sedge knoll"),
])
def test_a_key_ending_in_the_password_word_gives_its_value(text, value):
    assert value in _values(text)


@pytest.mark.parametrize("text", [
    'hostname "Scrims"\nsv_password ""\nsv_cheats 0',
    "MqttUser ops\nMqttPassword required\n",
    "run this as root:\nchpasswd root\n",
    "docs:\n  reset_password token_url\n",
    "See ResetPassword docs\n",
    "MqttUser ops\nMqttPassword $MQTT_PASS\n",
    "MqttUser ops\nMqttPassword <your password>\n",
])
def test_look_alikes_give_none(text):
    assert _values(text) == []
