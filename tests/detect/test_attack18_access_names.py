"""attack18: generic-password-access (prose15) reads a password given by what it does, with no credential word
("use X to log in"). What one uses to log in is as often a tool, a protocol or a feature, and their names have a
password's classes (OAuth2: upper, lower, digit): an agent's prompt or the docs it quoted lost them to a mask, so the
model read "use [MASKED] to log in". One or two capitalised words or acronyms with at most one digit or a version
at an end are scored as a name."""

import pytest

from addons.detect import Scanner
from tests.detect.shipped import covered, sensitive


@pytest.fixture(scope="module")
def scanners():
    return {engine: Scanner.default(engine=engine) for engine in ("hyperscan", "python")}


@pytest.mark.parametrize("engine", ["hyperscan", "python"])
@pytest.mark.parametrize("text", [
    "Use OAuth2 to log in.",
    "Use SAML2.0 to sign in to the console.",
    "Use 1Password to log in, the vault is shared.",
    "Use Touch-ID to unlock the laptop.",
    "use Face-ID to unlock it",
    "Try WebAuthn2 to sign in.",
])
def test_a_tool_or_protocol_used_to_log_in_is_no_password(scanners, engine, text):
    scanner = scanners[engine]
    assert sensitive(scanner, text) == [], scanner.explain(text)


@pytest.mark.parametrize("engine", ["hyperscan", "python"])
@pytest.mark.parametrize("text, password", [
    ("just use Wicket#Anvil40 to log in, it works", "Wicket#Anvil40"),
    ("use Kestrel-Dune40 to log in", "Kestrel-Dune40"),
    ("try Marram-Sedge-Knoll to unlock the laptop", "Marram-Sedge-Knoll"),
    ("just type Quince!Heath27 and it lets you in", "Quince!Heath27"),
])
def test_a_password_used_to_log_in_is_still_found(scanners, engine, text, password):
    scanner = scanners[engine]
    assert covered(scanner, text, password), scanner.explain(text)


# prose15's Korean and Hindi credential words: a token with a particle of place names where the password is kept.
@pytest.mark.parametrize("engine", ["hyperscan", "python"])
@pytest.mark.parametrize("text", [
    "비밀번호는 1Password에 저장되어 있습니다.",
    "관리자 비밀번호는 Bitwarden2에서 찾을 수 있어요.",
    "पासवर्ड 1Password में है।",
    "पासवर्ड Vault2 पर रखा है।",
])
def test_where_a_password_is_kept_is_no_password(scanners, engine, text):
    scanner = scanners[engine]
    assert sensitive(scanner, text) == [], scanner.explain(text)


@pytest.mark.parametrize("engine", ["hyperscan", "python"])
@pytest.mark.parametrize("text, password", [
    ("관리자 비밀번호는 Gorse-Quay71 입니다", "Gorse-Quay71"),
    ("비밀번호는 Gorse-Quay71에요", "Gorse-Quay71"),
    ("비밀번호는 Gorse-Quay71로 바꿨어요", "Gorse-Quay71"),
    ("पासवर्ड Gorse-Quay71 है", "Gorse-Quay71"),
])
def test_a_korean_or_hindi_password_is_still_found(scanners, engine, text, password):
    scanner = scanners[engine]
    assert covered(scanner, text, password), scanner.explain(text)
