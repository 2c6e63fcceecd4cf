"""prose59: right after the password word, in any language of the table, two shapes code has are a person's or a
generator's password: a `name=value` whose parts change class as a generator's output does (no keyword argument or
setting is written so: password v8d=pV3z...), and a word of four letters or more with two digits (the password
kepler_47: code's index is one digit, its short words are units, its numbered parts are a form's: field_12)
(context_score.shape_signals: generated_part, PLACED_WORD_NUMBER). Each positive was missed before."""

from __future__ import annotations

import pytest

from addons.detect import Scanner

from .shipped import covered, sensitive

SCANNER = Scanner.default()


@pytest.mark.parametrize("text,value", [
    ("the kiosk password Qx7=mT4vR9zLp2Wd works again after the update", "Qx7=mT4vR9zLp2Wd"),
    ("Hasło zM4=pQ8rT2vX9kLw do drukarki w magazynie", "zM4=pQ8rT2vX9kLw"),
    ("Das neue Passwort nR5=kW2xZ8pL4mQv gilt ab Montag.", "nR5=kW2xZ8pL4mQv"),
    ("A senha tH6=wB3nK9pR2xZq é do caixa da loja", "tH6=wB3nK9pR2xZq"),
    ("Le mot de passe jL8=rN5vQ2wT7kXp est pour le portail des fournisseurs.", "jL8=rN5vQ2wT7kXp"),
    ("the lab tablet takes the password kepler_47 since Monday", "kepler_47"),
    ("Das Passwort galileo_88 gilt für die Kasse.", "galileo_88"),
    ("la contraseña newton_42 es la del almacén", "newton_42"),
    ("the hangar laptop password hypatia_12; change it after the audit", "hypatia_12"),
    ('{"message": "the dispatch PC password noether_31, user k.olsen"}', "noether_31"),
])
def test_a_password_right_after_the_word(text, value):
    assert covered(SCANNER, text, value)


@pytest.mark.parametrize("text", [
    "the password mode=Strict2 is set in the policy file",
    "set the password length=Strict12 in the config",
    "password retry_3 times before lockout",
    "the password max_len is 64",
    "call pass stdout=PIPE to the runner",
    "the password field_12 is hidden",
    "password utf_16 encoding",
])
def test_look_alikes(text):
    assert sensitive(SCANNER, text) == []
