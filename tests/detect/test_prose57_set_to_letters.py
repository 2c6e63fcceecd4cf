"""prose57: letters a password was set or reset to after its word (password reset to X., reset to X for U): a run of
eight or more letters that ends its clause, which no infinitive does (letters_password.SET_RUN; prose37 read two or
three humps only). What a reset returns to (defaults), a describing word or a role, and an infinitive stay none."""

from __future__ import annotations

import pytest

from addons.detect import Scanner

from .shipped import covered, sensitive

SCANNER = Scanner.default()


@pytest.mark.parametrize("text,value", [
    ("ops note: the kiosk password reset to marshwillow.", "marshwillow"),
    ("your vpn password has been reset to heronbrackenfield for k.olsen.", "heronbrackenfield"),
    ("the till password was changed to Sedgemarram; please log in again.", "Sedgemarram"),
    ("the alarm panel password was set to quillmartenfen, per the installer", "quillmartenfen"),
    ("password reset to tussockglade, call me if it fails", "tussockglade"),
])
def test_letters_a_password_was_set_to(text, value):
    assert covered(SCANNER, text, value)


@pytest.mark.parametrize("text", [
    "the password was reset to defaults.",
    "password reset to something.",
    "the password was reset to lowercase.",
    "password has been reset to expire tomorrow",
    "the password was reset to administrator.",
    "the password policy was changed to quarterly.",
])
def test_look_alikes(text):
    assert sensitive(SCANNER, text) == []
