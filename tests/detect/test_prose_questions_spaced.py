"""A password before a question that names it, passphrases of blank-separated words, `als Passwort habe ich` /
`comme mot de passe` with letters-only values, passphrases under a `secret` key, kickstart `rootpw` and Windows
`net user`, `$` inside expect sends, and hash names after "password" (issue 15 part 1, held-out set 10's misses).
Values here are made up for these tests, unlike the held-out sets'."""

import pytest

from addons.detect import Scanner
from tests.detect.shipped import covered, sensitive


@pytest.fixture(scope="module")
def scanner():
    return Scanner.default()


@pytest.mark.parametrize("text, password", [
    ("I can't get in with Brisket#42, is that still the password?", "Brisket#42"),
    ("logged in fine with Harrow.Finch.Dune - is that the new pw?", "Harrow.Finch.Dune"),
    ("the router password is amber falcon river", "amber falcon river"),
    ("wifi pw: velvet harbor quill stone", "velvet harbor quill stone"),
    ("Als Passwort habe ich Drachenboot gesetzt", "Drachenboot"),
    ("j'ai mis tournesol comme mot de passe", "tournesol"),
    ("Ich habe kaminholz als Passwort genommen", "kaminholz"),
    ("jwt:\n  secret: Amber.Falcon.River", "Amber.Falcon.River"),
    ('oauth:\n  client_secret: "Brine-Harrow-Quill"', "Brine-Harrow-Quill"),
    ("lang en_US\nrootpw Velvet#Quill9\nreboot", "Velvet#Quill9"),
    ("rootpw --plaintext harborquill", "harborquill"),
    ("C:\\> net user svc_sql Harbor-Quill-77 /add", "Harbor-Quill-77"),
    ('expect "assword:"\nsend "Tern\\$Quay4\\r"', "Tern\\$Quay4"),
    ("child.expect('Password:')\nchild.sendline('Gull-9$')", "Gull-9$"),
])
def test_the_password_is_found(scanner, text, password):
    assert covered(scanner, text, password), scanner.explain(text)


@pytest.mark.parametrize("text", [
    "is that still the password you gave me?",
    "I can't log in with my password, is that still the password?",
    "the password is in the usual place",
    "the password is the same as last year",
    "the password is your first name backwards",
    "Password: minimum twelve characters",
    "password: sent via email",
    "Das Passwort habe ich leider vergessen",
    "Ich habe Bitwarden als Passwort-Manager",
    "j'utilise Bitwarden comme gestionnaire de mot de passe",
    "existingSecret: grafana-admin-creds",
    "secret: tls-cert-prod",
    "rootpw --iscrypted --lock",
    "net user jdoe * /domain",
    "the net user command lists accounts",
    'expect "Password:"\nsend "pre$suffix\\r"',
    "password store sha256 2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae",
    "pw hash algorithm: argon2id",
])
def test_talk_about_a_password_is_not_one(scanner, text):
    assert sensitive(scanner, text) == [], scanner.explain(text)


def test_every_rule_has_an_exact_hyperscan_first_stage():
    """A first stage Hyperscan rejects (a `$` before the block scalar's trailing newline) falls back to keyword
    windows, a regex search over the whole text: 12x the scan time of a 50 MB line before this was fixed."""
    scanner = Scanner.default(engine="hyperscan")
    assert {rule: mode for rule, mode in scanner._prefilter.modes.items() if mode == "keywords"} == {}
