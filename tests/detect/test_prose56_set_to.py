"""prose56: a password set to the token with no credential word beside it, in talk of logging in: an account
notice's "Reset to X" after a sentence about a locked login, "we changed it to X", "the admin reset it to X"
(generic-password-entered's verbs of setting with `to`, context_score.SETTING_ENTRY). The token must end its clause
and what was set must be nothing else (context_score.SETTER_SUBJECT: a person, `it`, a login word, or nothing in its
clause); a talk-of-login word may be hyphenated (sign-in, log-in). English only: the rule's verbs are English.
Other devices and notices than set 40's; a setting's value (a theme, a region, a timeout, a version) stays none."""

from __future__ import annotations

import pytest

from addons.detect import Scanner

from .shipped import covered, sensitive

SCANNER = Scanner.default()


@pytest.mark.parametrize("text,value", [
    ("The kiosk login was locked after three tries. Reset to Quoll!Fen34; change it at your next sign-in.",
     "Quoll!Fen34"),
    ("Your account was locked. We changed it to Tarn_Gannet7; sign-in will ask for a new one.", "Tarn_Gannet7"),
    ("Locked out of the till login again, so the admin reset it to Heron#Quay62.", "Heron#Quay62"),
    ("TKT-88 | badge printer | the operator's login expired. Set to marram-tussock-knoll-sedge; to be changed at "
     "first log-in.", "marram-tussock-knoll-sedge"),
    ("The lab tablet account was disabled overnight. Reset to Kx9!fen22q - please change it after you log in.",
     "Kx9!fen22q"),
])
def test_a_login_set_to_the_token(text, value):
    assert covered(SCANNER, text, value)


@pytest.mark.parametrize("text", [
    "After the login upgrade the default theme was changed to dark-mode-v2.",
    "the account region was changed to eu-west-1.",
    "The wifi was reset to factory-default-2 and now the login fails",
    "The login timeout was set to 30min.",
    "Login broke, so I changed it to python3.11.",
    "The sign-in page language was set to en-GB.",
    "We changed it to port 8443 and the login loads now.",
])
def test_a_setting_set_to_a_value(text):
    assert sensitive(SCANNER, text) == []
