"""prose57: `your` is talk about passwords ("change your password") only when it owns the credential word. A notice
that addresses its reader about something else (Your account ... with the password X, Your tablet ... opens with
the password X) hands the password over: the credential word has a determiner of its own right before it
(context_score.OTHER_NOUNS_YOUR). Other trades than set 41's; `your` owning the word stays negative."""

from __future__ import annotations

import pytest

from addons.detect import Scanner

from .shipped import covered, sensitive

SCANNER = Scanner.default()


@pytest.mark.parametrize("text,value", [
    ("Your account at the pottery supplier is live with the password Kiln!Glaze48; orders ship Fridays.",
     "Kiln!Glaze48"),
    ("Your apprentice login is m.kowal with the password Sedge~Moor63 until Friday.", "Sedge~Moor63"),
    ("Your locker booking at the climbing gym uses the password Crag_Ledge71 from today.", "Crag_Ledge71"),
    ("Your tablet at the bakery counter opens with the password Rye!Loaf2291 now.", "Rye!Loaf2291"),
    ("Your new desk in the print room has the password Kern#Lead44 on its terminal.", "Kern#Lead44"),
    ("Your loan of the survey drone starts Monday with the passphrase Rotor#Gimbal58 for its app.",
     "Rotor#Gimbal58"),
])
def test_your_owns_another_noun(text, value):
    assert covered(SCANNER, text, value)


@pytest.mark.parametrize("text", [
    "Please change your password Quartz7!x",
    "Forgot your password? Reset it at https://corp.test/reset2024",
    "Enter your password (at least 12 characters, e.g. Abc!2345xyz) twice.",
])
def test_your_owning_the_word_stays_talk(text):
    assert sensitive(SCANNER, text) == []
