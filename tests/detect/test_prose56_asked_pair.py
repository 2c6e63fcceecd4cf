"""prose56: a device asks for an account and the token together ("the CNC asks for a.nair / X", "the plotter's PC
wants s.perera and X"), with no credential word: generic-password-entered's verbs of asking (asks for, wants, needs,
takes, prompts for) before an account-shaped name (a dot, underscore, digit or @ in it, or admin / root) and a joiner
(/, and, &). The pair is the talk of logging in and counts +1 (context_score.ASKED_PAIR_BEFORE); the token must still
have a password's shape (a digit or an inner symbol). Open since prose55 ("asks for U and X"). English only (the
rule's verbs are English). Other devices than set 40's; a list of things asked for stays none."""

from __future__ import annotations

import pytest

from addons.detect import Scanner

from .shipped import covered, sensitive

SCANNER = Scanner.default()


@pytest.mark.parametrize("text,value", [
    ("the laser cutter asks for admin / Kx9!fen22q after each reboot", "Kx9!fen22q"),
    ("Heads-up: the label printer's tablet wants m.ueda and Heron#Quay62 every shift.", "Heron#Quay62"),
    ("the sterilizer panel needs svc_steri & Tarn_Gannet7 after the firmware update", "Tarn_Gannet7"),
    ("Reminder: the kiln controller prompts for kiln.ops / marram-tussock-knoll-41 when it wakes.",
     "marram-tussock-knoll-41"),
    ("the loom's HMI takes operator2 and Skua~Plover58 since Tuesday", "Skua~Plover58"),
])
def test_a_device_asks_for_the_pair(text, value):
    assert covered(SCANNER, text, value)


@pytest.mark.parametrize("text", [
    "the kiosk wants coffee and Tea4two every morning",
    "the build needs python3.12 and node-18 to run",
    "the script wants v2.1 and v3.0-beta",
    "the form asks for j.doe / j.doe@corp.test",
    "the installer needs admin and 2GB free",
    "the plotter wants a.nair and the roll of A0 paper",
])
def test_look_alikes(text):
    assert sensitive(SCANNER, text) == []
