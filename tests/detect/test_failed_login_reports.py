"""A password reported by the failed login it was tried in ("tried X three times and got locked out", rule
generic-password-attempt), and the programs people also try and report failing. Values are made up for these
tests."""

import pytest

from addons.detect import Scanner
from tests.detect.shipped import covered, sensitive


@pytest.fixture(scope="module")
def scanners():
    return {engine: Scanner.default(engine=engine) for engine in ("hyperscan", "python")}


@pytest.mark.parametrize("engine", ["hyperscan", "python"])
@pytest.mark.parametrize("text, password", [
    ("<rvo> anyone around? tried Sedge%Knoll38 twice and got locked out of jira", "Sedge%Knoll38"),
    ("tried \"Gorse!Vetch63\" again but it didn't work, can you look", "Gorse!Vetch63"),
    ('{"role": "user", "content": "I tried Tansy!Wicket5 but it was rejected"}', "Tansy!Wicket5"),
])
def test_the_password_tried_is_found(scanners, text, password, engine):
    scanner = scanners[engine]
    assert covered(scanner, text, password), scanner.explain(text)


@pytest.mark.parametrize("engine", ["hyperscan", "python"])
@pytest.mark.parametrize("text", [
    "tried python3.12 and it failed with the same traceback",
    "tried Node-18 but it doesn't work either",
    "tried openssl-3.0.2 and got an error",
    "tried it three times and got locked out",
    "tried ${ADMIN_PASS} but it was rejected",
    "tried the old one again and got locked out",
])
def test_what_else_is_tried_is_not_a_password(scanners, text, engine):
    scanner = scanners[engine]
    assert sensitive(scanner, text) == [], scanner.explain(text)
