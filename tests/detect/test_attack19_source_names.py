"""attack19: generic-password-prose pairs a credential word with the first token after it that has a digit or an inner
symbol. "Enter the password from 1Password" names where the password is kept, and 1Password has a password's three
classes: the prompt an agent sent (or the docs it quoted) reached the model as "enter the password from [MASKED]". A
preposition of source or place right before a token shaped like a product's name (`from`, `in`, `inside`, `via`)
now makes it where the password is, not the password; an old password after "change it from X to Y" is not."""

import pytest

from addons.detect import Scanner
from tests.detect.shipped import covered, sensitive


@pytest.fixture(scope="module")
def scanners():
    return {engine: Scanner.default(engine=engine) for engine in ("hyperscan", "python")}


@pytest.mark.parametrize("engine", ["hyperscan", "python"])
@pytest.mark.parametrize("text", [
    "Enter the password from 1Password.",
    "enter the password from 1Password and paste it into the form",
    "the admin password is in 1Password, ask Dana for access",
    "Copy the password from Bitwarden2 before the call.",
    "The wifi password is stored inside KeePassXC.",
    "get the staging password via 1Password CLI",
])
def test_where_a_password_comes_from_is_no_password(scanners, engine, text):
    scanner = scanners[engine]
    assert sensitive(scanner, text) == [], scanner.explain(text)


@pytest.mark.parametrize("engine", ["hyperscan", "python"])
@pytest.mark.parametrize("text, password", [
    ("I changed the password from Hunter22! to something else", "Hunter22!"),
    ("the password from Dana: Kestrel-Dune40", "Kestrel-Dune40"),
    ("password in prod is Wicket#Anvil40", "Wicket#Anvil40"),
    ("the password is Bitwarden2", "Bitwarden2"),
    ("password from Kestrel-Dune40", "Kestrel-Dune40"),
    ("I changed the password from Hunter2 to Kestrel-Dune40", "Hunter2"),
])
def test_a_password_near_a_preposition_is_still_found(scanners, engine, text, password):
    scanner = scanners[engine]
    assert covered(scanner, text, password), scanner.explain(text)
