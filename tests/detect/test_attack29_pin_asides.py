"""attack29: generic-pin-code dropped a PIN for a word around it that talks about PINs in general: "Your PIN is
4821" (a bank's or an IT desk's message: context_score.NEGATIVE lists "your", which the letters rules exempt for "Your
new password is ..."), or an aside in brackets between the word and the value, "Door code (don't share it): 4821"
(PIN_TALK's "don't", "never"). An agent wraps the PIN so and it goes out. "your" no longer counts against a PIN, and
an aside in brackets is not read for talk. Talk about PINs outside brackets still rejects (each case's look-alike)."""

import pytest

from addons.detect import Scanner

SCANNER = Scanner.default()

FOUND = [
    ("Your PIN is 4821", "4821"),
    ("Hi Dana, your new door code is 604418.", "604418"),
    ("Door code (don't share it): 4821", "4821"),
    ("the gate combo (never write it down) is 27-14-33", "27-14-33"),
    ("PIN (new one) is 5521 0917", "5521 0917"),
]
NOT_FOUND = [
    "your PIN must be 4 to 8 digits",
    "Your PIN never expires: 4821 days",
    "Door code: don't use 4821",
    "the default PIN (see the sheet) is 0000 until you change it",
    "your PIN length is 6",
]


@pytest.mark.parametrize("text,value", FOUND)
def test_a_pin_with_your_or_an_aside_is_read(text, value):
    assert value in [text[f.start:f.end] for f in SCANNER.scan(text)]


@pytest.mark.parametrize("text", NOT_FOUND)
def test_talk_about_pins_outside_brackets_still_rejects(text):
    assert [f.rule_id for f in SCANNER.scan(text) if f.rule_id == "generic-pin-code"] == []
