"""attack29: a carrier rule's value (a CLI password argument, keytool's -storepass, a Wi-Fi passphrase) lost -3 for a
negative word anywhere on its line before it, the place's own words or not: "In your shell run keytool ...
-storepass quillmartenbirch", "Required: sshpass -p ...", or a JSON body on one line whose earlier message says
"your". A letters-only value or a passphrase scores 0 by itself, so the -3 dropped it: an agent put "your" before
the command and the password went out. Only the match's own words (the place, from where the rule starts to the
value) are read for negative words now; the line before it is another clause's."""

import json

import pytest

from addons.detect import Scanner

SCANNER = Scanner.default()

# (command, its password): values that are letters only or words, which the place alone vouches for.
COMMANDS = [
    ("keytool -list -keystore a.jks -storepass quillmartenbirch", "quillmartenbirch"),
    ("sshpass -p marramtussock ssh ops@web02", "marramtussock"),
    ("wpa_passphrase Annex shearwatercove | sudo tee -a /etc/wpa_supplicant.conf", "shearwatercove"),
    ("nmcli dev wifi connect Lobby password cuttlefishreef", "cuttlefishreef"),
    ("WIFI:S:Annex;T:WPA;P:krillledge;;", "krillledge"),
    ("podman login -u ops --password 'dingo scree wattle' quay.corp.test", "dingo scree wattle"),
]
# Words before the command on its line, each holding a word context_score.NEGATIVE lists.
BEFORE = ["In your shell run ", "Required: ", "For example, ", "Hint: the field below, then ",
          "If you forgot it, reset with "]


def found(text: str) -> list[str]:
    return [text[f.start:f.end] for f in SCANNER.scan(text)]


@pytest.mark.parametrize("command,password", COMMANDS)
def test_the_command_alone_is_found(command, password):
    assert password in found(command)


@pytest.mark.parametrize("before", BEFORE)
@pytest.mark.parametrize("command,password", COMMANDS)
def test_a_negative_word_before_the_place_does_not_drop_its_password(before, command, password):
    assert password in found(before + command)


@pytest.mark.parametrize("command,password", COMMANDS)
def test_an_earlier_message_of_a_one_line_json_body_does_not_drop_it(command, password):
    body = json.dumps({"messages": [{"role": "user", "content": "what is your password policy? an example helps"},
                                    {"role": "assistant", "content": f"Run {command}"}]})
    assert password in found(body)
