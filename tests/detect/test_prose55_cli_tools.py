"""prose55: two tools whose password flag generic-password-cli did not know: ssh-keygen's -P (the old passphrase
of `ssh-keygen -p`) and MuPDF's mutool -p (an encrypted PDF's password, for clean, draw, convert ...), added to the
rule's tool list and password_carriers.CLI_TOOL alike (the scorer wants the tool the flag belongs to). Other
subcommands and values than set 39's; a variable, a prompt and commands without the flag stay no finding."""

from __future__ import annotations

import pytest

from addons.detect import Scanner

from .shipped import covered, sensitive

SCANNER = Scanner.default()


@pytest.mark.parametrize("text,value", [
    ("ssh-keygen -p -f ~/.ssh/id_build -P 'Wy7#kelpie' -N ''", "Wy7#kelpie"),
    ("ssh-keygen -p -f ~/.ssh/id_deploy -P HeronMarshFen -N ''", "HeronMarshFen"),
    ("mutool draw -p Tarn_Gannet7 -o page.png statement.pdf 1", "Tarn_Gannet7"),
    ("mutool convert -p 582913 -o out.cbz locked.pdf", "582913"),
])
def test_the_tools_password_flag(text, value):
    assert covered(SCANNER, text, value)


@pytest.mark.parametrize("text", [
    "ssh-keygen -t ed25519 -f ~/.ssh/id_lehr -C lehr-controller",
    'ssh-keygen -p -f ~/.ssh/id_build -P "$OLD_PASS" -N "$NEW_PASS"',
    "ssh-keygen -p -f ~/.ssh/id_build   # asks for the old and the new passphrase",
    "mutool clean in.pdf out.pdf",
    "mutool draw -o page.png -r 150 statement.pdf 1",
    "mutool show -p 2 in.pdf",
])
def test_look_alikes(text):
    assert sensitive(SCANNER, text) == []
