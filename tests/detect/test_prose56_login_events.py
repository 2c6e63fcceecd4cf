"""prose56: a letters-only password right after the English word, where a login names its account just before it:
a log line's login event (`user a.nair authenticated, password X`, `clinician m.ueda entered password X`), a session
opened by an account with the password (`by s.perera with password X`), a chat answer that starts with the account
and a comma (`Gareth: ops.desk, password X`). The account's name has a dot, underscore or @ inside
(letters_password.LOGIN_EVENT_USER and generic-password-letters' lookbehind). Other devices, daemons and chats than
set 40's; the closed class still judges the word (manager, required, expired), and a file's name is no account."""

from __future__ import annotations

import pytest

from addons.detect import Scanner

from .shipped import covered, sensitive

SCANNER = Scanner.default()


@pytest.mark.parametrize("text,value", [
    ("kiosk-2 authd: user m.ueda authenticated, password heronmarshwillow", "heronmarshwillow"),
    ("Jan 12 03:11:09 till-04 posd[771]: operator j_okafor logged in, password kittiwakegannet", "kittiwakegannet"),
    ("2027-01-03 07:55 badge-reader WARN: visitor r.haas entered password skuaplovertern", "skuaplovertern"),
    ("vpn-gw: tunnel opened by svc_backup with password marramtussock", "marramtussock"),
    ("Ops chat\nLena: the label printer wants a login again\nTomas: print.desk, password gannetfulmar\n",
     "gannetfulmar"),
    ("scanner hub: session started for lab.tech2 using the password quillmarten", "quillmarten"),
])
def test_a_login_names_its_account(text, value):
    assert covered(SCANNER, text, value)


@pytest.mark.parametrize("text", [
    "opened by k.olsen with password manager",
    "Tomas: print.desk, password required",
    "Re: a.nair, password expired",
    "see config.yaml, password rotation is monthly",
    "the file notes.txt entered password protection mode",
    "user m.ueda authenticated, password hashing is bcrypt",
])
def test_look_alikes(text):
    assert sensitive(SCANNER, text) == []
