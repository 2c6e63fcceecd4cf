"""prose61: a chat turn answering a request for the password that ends in an adverb after the word (`the tablet
wants a password again`, `die Kasse will das Passwort schon wieder`, `o portão pede a senha de novo`): the request
still asks for the word (context_score.REQUEST_TAIL, read by answers_question). Other trades and languages than
held-out set 43's; each positive was missed on main ce29d5c."""

from __future__ import annotations

import pytest

from addons.detect import Scanner

from .shipped import covered, sensitive

SCANNER = Scanner.default()

ANSWERS = [
    ("Kim: the ferry kiosk wants a password again\nLou: Quay#2290x", "Quay#2290x"),
    ("Pia: die Kasse will das Passwort schon wieder\nTom: Kasse#4471", "Kasse#4471"),
    ("Ana: o portão pede a senha de novo\nRui: Portao!5580", "Portao!5580"),
    ("Eva: el lector pide la contraseña otra vez\nLuis: Lector#7781", "Lector#7781"),
    ("Zoé: la caisse demande le mot de passe encore\nMax: Caisse_2290!", "Caisse_2290!"),
    ("Lena: de kassa vraagt het wachtwoord opnieuw\nBram: Tulp!2291", "Tulp!2291"),
]


@pytest.mark.parametrize("text,value", ANSWERS)
def test_an_answer_to_a_request_ending_in_an_adverb(text, value):
    assert covered(SCANNER, text, value), SCANNER.explain(text)


LOOK_ALIKES = [
    "Jo: I forgot the password again\nSam: v2.3.1",
    "Jo: reset the password again\nSam: Done_2291",
    "Jo: the policy changed the password length again\nSam: 12_chars",
    "Pia: das Passwort ist schon wieder abgelaufen\nTom: Ticket#4471",
]


@pytest.mark.parametrize("text", LOOK_ALIKES)
def test_look_alikes(text):
    assert sensitive(SCANNER, text) == [], SCANNER.explain(text)
