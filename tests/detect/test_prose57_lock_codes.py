"""prose57: the code of a lock in the Indic and Perso-Arabic scripts the lock table lacked: Marathi's lock (कुलूप,
कुलुपाचा: the lock's; टाळे) and a shop's shutter (शटर), Urdu (لاکر، تجوری، تالا with کوڈ, marked for the first
stage), Odia (ତାଲା with କୋଡ୍, marked too), Bengali's shutter (শাটার). A colour's or a model's code near a lock, and a
postal PIN code, stay none (vocabulary.CODE_TALK_STEMS)."""

from __future__ import annotations

import pytest

from addons.detect import Scanner

from .shipped import covered, sensitive

SCANNER = Scanner.default()


@pytest.mark.parametrize("text,value", [
    ("गॅरेजच्या कुलुपाचा कोड 4817 आहे.", "4817"),
    ("कपाटाच्या कुलूपाचा कोड 582914 आहे", "582914"),
    ("दुकानाच्या शटरचा कोड 7391 आहे", "7391"),
    ("دکان کے لاکر کا کوڈ 58213 ہے", "58213"),
    ("تجوری کا کوڈ 748291 ہے", "748291"),
    ("ଗୋଦାମର ତାଲାର କୋଡ୍ 48213", "48213"),
    ("দোকানের শাটারের কোড 58213", "58213"),
])
def test_a_locks_code(text, value):
    assert covered(SCANNER, text, value)


@pytest.mark.parametrize("text", [
    "शटरचा रंग कोड 4821 आहे",
    "دروازے کا رنگ کوڈ 4821 ہے",
    "पिन कोड 411001",
    "कुलुपाचा मॉडेल कोड 2024 आहे",
    "ତାଲାର ମଡେଲ କୋଡ୍ 4821",
])
def test_look_alikes(text):
    assert sensitive(SCANNER, text) == []
