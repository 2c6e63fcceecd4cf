"""generic-password-directive reads a key ending in the password word (MqttPassword X, rcon_password "X"); the key's
start is looked behind, so a stream holds from the password word, never from every word that starts a line."""

import pytest

from addons.detect import Scanner
from addons.detect.holdback import Holdback

HOLDBACK = Holdback.for_scanner(Scanner.default()).only({"generic-password-directive"})


@pytest.mark.parametrize("text", ["Here is the answer", "line one\nmodel", "x\n  ServerAdmin", "x\nserver_",
                                  "the answer is\nyes", "x\nMqttUser"])
def test_a_line_start_is_not_held(text):
    assert HOLDBACK.safe_end(text, 0) == len(text)


@pytest.mark.parametrize("text,held_from", [
    ("line one\nMqttUser x\nMqttPass", "Pass"),
    ("line one\nMqttPassword Ket", "Password"),
    ('x\nrcon_password "Tern', "password"),
])
def test_a_key_is_held_from_its_password_word(text, held_from):
    assert HOLDBACK.safe_end(text, 0) == text.rindex(held_from)
