"""prose59: a password stored after a cleartext scheme's prefix, whatever the store (generic-password-plain-scheme):
Dovecot's passwd-file and SQL password column, an LDIF userPassword, slapd's rootpw, 389-DS's nsslapd-rootpw. A hash
scheme stores no password; a lower-case {plain} is a format string's field. Each positive was missed before."""

from __future__ import annotations

import pytest

from addons.detect import Scanner

from .shipped import covered, sensitive

SCANNER = Scanner.default()


@pytest.mark.parametrize("text,value", [
    ("# /etc/dovecot/passwd\nk.olsen:{PLAIN}Quoll!Fen34:1001:1001::/home/k.olsen::", "Quoll!Fen34"),
    ("dn: uid=k.olsen,ou=people,dc=corp,dc=test\nuserPassword: {CLEARTEXT}heronmarshwillow", "heronmarshwillow"),
    ("rootpw   {CLEARTEXT}Gannet~Moor48", "Gannet~Moor48"),
    ("INSERT INTO mailbox (username, password) VALUES ('k.olsen@corp.test', '{PLAIN}marram tussock knoll');",
     "marram tussock knoll"),
    ("nsslapd-rootpw: {CLEAR}58213907", "58213907"),
    ('{"user": "k.olsen", "password": "{PLAINTEXT}Sedge~Moor63"}', "Sedge~Moor63"),
])
def test_a_cleartext_scheme_prefix(text, value):
    assert covered(SCANNER, text, value)


@pytest.mark.parametrize("text", [
    "k.olsen:{SHA512-CRYPT}$6$rounds=5000$abcdefgh$ijklmnop:1001:1001::",
    "userPassword: {SSHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=",
    "default_pass_scheme = PLAIN",
    'print(f"{plain}abcdef")',
    "k.olsen:{PLAIN}password:1001:1001::",
    "x = '{PLAIN}' + pw",
])
def test_look_alikes(text):
    assert sensitive(SCANNER, text) == []
