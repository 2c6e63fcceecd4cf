"""Documented test values are `test-value`, published addresses `public`; real ones keep their class."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from addons.core.vocabulary import SELECTORS
from addons.detect import Scanner, known_values
from addons.detect.vocabulary import Classification


@pytest.fixture(scope="module")
def scanner():
    return Scanner.default()


@pytest.mark.parametrize("text, rule_id, classification", [
    ("test card 4111 1111 1111 1111 exp 12/30", "payment-card", "test-value"),
    ("use 4242424242424242 in test mode", "payment-card", "test-value"),
    ("Visa 4539148803436467", "payment-card", "regulated"),
    ("SSN: 123-45-6789", "us-ssn", "test-value"),
    ("applicant ssn 536-22-8817 on file", "us-ssn", "regulated"),
    ("# Author: Jane Doe <jane.doe@gmail.com>\nimport os", "email-address", "public"),
    (" * @author Max Mustermann <max.mustermann@web.de>", "email-address", "public"),
    ("mailto:alice@example.org", "email-address", "public"),
    ("From: noreply@github.com", "email-address", "public"),
    ("Please email maria.gonzalez@gmail.com about the refund", "email-address", "confidential"),
])
def test_reclassified(scanner, text, rule_id, classification):
    (finding,) = [f for f in scanner.scan(text) if f.rule_id == rule_id]
    assert finding.classification == classification


def test_test_value_is_the_least_strict_class_and_a_policy_selector():
    assert next(iter(Classification)) == Classification.TEST_VALUE
    assert Classification.PUBLIC.is_stricter_than("test-value")
    assert "test-value" in SELECTORS


def _public_address_by_regex(text: str, start: int, end: int) -> bool:
    """The plain definition `_public_address` speeds up with necessary-condition checks."""
    value = text[start:end].replace("%40", "@")
    if known_values.EXAMPLE_DOMAIN.search(value) or known_values.NO_REPLY.match(value):
        return True
    line_start = text.rfind("\n", max(0, start - known_values.LINE_LOOKBACK), start) + 1
    return known_values.AUTHOR_HEADER.search(text, max(line_start, start - known_values.LINE_LOOKBACK), start) \
        is not None


_LOCAL = st.sampled_from(["jane", "No-Reply", "DO_NOT_REPLY+x", "noreply", "mailer-daemon", "Dona", "ſam", "n"])
_DOMAIN = st.sampled_from(["mailbox.org", "EXAMPLE.com", "a.example.NET", "x.Test", "q.invalid", "h.localhost",
                           "sub.example", "teſt", "examplexcom", "b.test\n", "c.local"])
_BEFORE = st.sampled_from(["", "id,name,", "# Author: ", "Copyright (c) 2024 ", "author\n", "© ", "x" * 130,
                           "Signed-off-by: Ann ", "AUTHOR=", "ĸ "])


@given(before=_BEFORE, local=_LOCAL, at=st.sampled_from(["@", "%40"]), domain=_DOMAIN)
def test_public_address_fast_checks_agree_with_the_plain_regexes(before, local, at, domain):
    text = f"{before}{local}{at}{domain} rest"
    start, end = len(before), len(before) + len(local) + len(at) + len(domain)
    assert known_values._public_address(text, start, end) == _public_address_by_regex(text, start, end)
