"""An aside in brackets between a PIN's word and its value speaks to the reader ("Leader PIN (for you only, don't
forward): X", held-out set 20's calendar invites, spent): its words are no distance and its "don't" is no talk about
the PIN. An aside about the PIN's shape (digits, length, default) still is."""

import pytest

from addons.detect import Scanner
from addons.detect.pin_codes import score

SCANNER = Scanner.default()


def _values(text: str) -> list[str]:
    return [text[f.start:f.end] for f in SCANNER.scan(text) if f.classification not in ("public", "test-value")]


@pytest.mark.parametrize("text,value", [
    ("Weekly ops review\nLeader PIN (for you only, don't forward): 48213", "48213"),
    ("Leader PIN (for you only, don't forward): Birch#Tern42", "Birch#Tern42"),
    ("the door code (the side door, not the front one) is 604418", "604418"),
])
def test_an_aside_to_the_reader_is_no_talk_about_the_pin(text, value):
    assert value in _values(text)


@pytest.mark.parametrize("text", [
    "New PIN (4 to 8 digits): 4821",
    "PIN (don't share it) must be 4 to 8 digits: 4821",
    "the default PIN (set at the factory) is 0000",
])
def test_talk_about_the_pin_stays_talk(text):
    assert _values(text) == []


def test_the_aside_words_are_no_distance():
    assert score("", " (for you only, don't forward): ", "48213").reported
    assert not score("", " for you only, don't forward: ", "48213").reported
