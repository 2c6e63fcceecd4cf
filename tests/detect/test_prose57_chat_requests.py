"""prose57: a chat turn answering a request that ends in the password word, in any language of the table (Dan: the
till wants a password / Ann: X), as a question for it is answered (prose38); the answer may go on with `-- user U`
(context_score.answers_question; generic-password-prose's answer branch and its first stage). A line above that
is no speaker's, or talks about passwords (forgot, reset, manager), stays none."""

from __future__ import annotations

import pytest

from addons.detect import Scanner

from .shipped import covered, sensitive

SCANNER = Scanner.default()


@pytest.mark.parametrize("text,value", [
    ("Ola: kassa på lageret spør etter passord\nKari: Fjord#2291", "Fjord#2291"),
    ("Ana: o portão da garagem pede a senha\nRui: Fjord#2291", "Fjord#2291"),
    ("Dan: the wifi password\nTess: Tarn_Gannet7", "Tarn_Gannet7"),
    ("Marek: terminal w magazynie chce hasło\nOla: Sedge~Moor63", "Sedge~Moor63"),
    ("Jonas: die Kasse will ein Passwort\nLea: Heron#Quay62", "Heron#Quay62"),
    ("Mia: the router in the van needs a password!\nSam: Kx9!fen22q -- admin is the user", "Kx9!fen22q"),
])
def test_an_answer_to_a_request(text, value):
    assert covered(SCANNER, text, value)


@pytest.mark.parametrize("text", [
    "Dan: I forgot my password\nTess: Same2024!",
    "Intro about the password\nNote: Version2.1 is out",
    "Dan: reset the password\nTess: Done2024",
    "Dan: we need a new password manager\nTess: KeePassXC2",
])
def test_look_alikes(text):
    assert sensitive(SCANNER, text) == []
