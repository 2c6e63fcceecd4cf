"""Documented test values are `test-value`, published addresses `public`; real ones keep their class."""

import pytest

from addons.core.vocabulary import SELECTORS
from addons.detect import Scanner
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
