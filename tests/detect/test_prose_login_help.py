"""Structures help-chat and tickets share rather than phrasings (session prose20, developed on set 15 and set 16's
even-numbered templates): words qualifying the credential word before its copula in any language, Bulgarian парола
and the Cyrillic copula, verbs of setting, reading and trying a value in talk of logging in, what the token did
before "as the password", the singular `credential`, and a user name right after the value. Values here are made
up for these tests, unlike the held-out sets'."""

import pytest

from addons.detect import Scanner
from tests.detect.shipped import covered, sensitive


@pytest.fixture(scope="module")
def scanner():
    return Scanner.default()


@pytest.mark.parametrize("text, password", [
    ("La contrasenya nova de l'impressora del pis és Merla#Pi47, no la comparteixis.", "Merla#Pi47"),
    ("Habari, nenosiri la seva ya ofisi ni Kobe^Mto58. Asante.", "Kobe^Mto58"),
    ("Здрасти, паролата за принтера е Смърч~Ела62, не я споделяй", "Смърч~Ела62"),
    ("the wifi pw for the upstairs meeting room is Tern!Moss27", "Tern!Moss27"),
    # (not "why does X not work as the password": words between the token and "as" made every streamed token
    # followed by two words wait for a third; EVASION "What stays open")
    ("the vault says Plover%Reed31 for ops-etl, but the login keeps failing", "Plover%Reed31"),
    ("my colleague set Wren+Sloe84 on the shared qa.bot account and now we cannot get in", "Wren+Sloe84"),
    ("tried Heron?Fen62 like you said, still 403", "Heron?Fen62"),
    ("02:55 rotated the replica user, new credential Sedge&Dune73", "Sedge&Dune73"),
    ("the vault says ķirsis4ābele for j.berzins, but the login still fails", "ķirsis4ābele"),
])
def test_a_password_in_these_structures_is_found(scanner, text, password):
    assert covered(scanner, text, password), scanner.explain(text)


@pytest.mark.parametrize("text", [
    # a verb's phrase with `to` or `as` is no noun phrase before a copula (a changelog)
    "Extend the maximum passphrase as conveyed to the loopback to MAX_PASSPHRASE_LEN2.",
    "the password policy for the staging boxes is NIST-800-63b",
    # programs, protocols and versions are set and tried in talk of logging in too
    "I set TLSv1.2 as the minimum and the login page works",
    "the log says HTTP/1.1 403 Forbidden for the login call",
    "tried node-18 and python3.12, the login script still fails",
    "set MAX_LOGIN_RETRIES=5 in the account settings",
    # a user name does not make a two-class token a password without talk of logging in
    "I set build4417 for svc_ci in the nightly job",
    # the verbs alone, with no talk of logging in
    "the README says Tern!Moss27 is a sample string for the parser",
    "the credential helper stores them in ~/.git-credentials",
    "$ git config --global credential.helper 'cache --timeout=3600'",
])
def test_their_look_alikes_are_not_passwords(scanner, text):
    assert sensitive(scanner, text) == [], scanner.explain(text)
