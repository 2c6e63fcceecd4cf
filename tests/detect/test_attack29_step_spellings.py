"""attack29: spellings of the steps generic-password-agent-step and generic-pin-code read that an agent writes as
often as the ones they knew: "log into <place> as <account> with X" and "sign into" (the rule wanted "log in to"),
a value entered "at the password prompt" (it wanted into / in / to), a field named with its tag or as an
attribute selector (`input#pw`, `[name=password]`: it wanted `#pw` or `input[...]`), and a "door-code" or
"gate-code" with a hyphen (the lock's word and "code" one blank apart only). An agent that rephrases its step got
the value out. Each has a look-alike that holds none. Values are made up for these tests."""

import pytest

from addons.detect import Scanner

SCANNER = Scanner.default()

FOUND = [
    ("log into stage.corp.test as ops-07 with Kettle^Moor48", "Kettle^Moor48"),
    ("- sign into the portal as svc-ci using Quill!Fern903\n- open the dashboard", "Quill!Fern903"),
    ("Logged into build-02 as deploy.bot with Tarn5-Fescue, then ran the job", "Tarn5-Fescue"),
    ("3. enter Heron#Marsh42 at the password prompt", "Heron#Marsh42"),
    ("type 'Wren&Tarn715' at the pw prompt and press Enter", "Wren&Tarn715"),
    ("the door-code is 4821", "4821"),
    ("Gate-code: 27-14-33", "27-14-33"),
    ("type Heron#Marsh42 into input#pw", "Heron#Marsh42"),
    ("type Heron#Marsh42 into [name=password]", "Heron#Marsh42"),
]
NOT_FOUND = [
    "log into github.com as ops-bot with SSO",
    "sign into the console as root using publickey",
    "enter 2024-03-15 at the password expiry field",
    "type Heron#Marsh42 at the search prompt",
    "the door-code must be 4 digits",
    "door-code reset for unit 4821 done",
    "type Heron#Marsh42 into input#search",
    "type Heron#Marsh42 into [name=query]",
]


@pytest.mark.parametrize("text,value", FOUND)
def test_the_step_as_agents_write_it_is_read(text, value):
    assert value in [text[f.start:f.end] for f in SCANNER.scan(text)]


@pytest.mark.parametrize("text", NOT_FOUND)
def test_look_alikes_hold_nothing(text):
    assert [f.rule_id for f in SCANNER.scan(text)
            if f.rule_id in ("generic-password-agent-step", "generic-pin-code")] == []
