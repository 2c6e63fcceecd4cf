"""Precision on real code and text (issue 15): the named false positives stay quiet under every rule at once,
the special-purpose IP ranges are nobody's address, and real values next to them are still found."""

import pytest

from addons.detect import Scanner


@pytest.fixture(scope="module")
def scanner():
    return Scanner.default()


@pytest.mark.parametrize("text", [
    "see Section 4.10.22.7 of the spec",
    "extension 2.5.29.28 (issuingDistributionPoint)",
    "OID 1.3.6.1.4.1.311.60.2.1.3",
    "Python version 3.12.1.2, build 10.0.19045.3930",
    "Free Software Foundation, 51 Franklin St, Boston, MA 02111-1307 USA",
    "Decimal('0.4539148803436467') + Decimal('-4539148803436467') == 4539148803436467.25",
    "c = +2147483647  # INT_MAX",
    "AUTH=CRAM-MD5",
    "250-AUTH=PLAIN LOGIN CRAM-MD5",
    "IPv4Network('192.0.0.170/31'), IPv4Network('198.18.0.0/15'), IPv4Network('192.0.0.8/32')",
    "IPv6Network('2001:2::/48'), IPv6Network('2001:10::/28'), IPv6Network('2001:20::/28'), IPv6Network('100::/64')",
])
def test_named_false_positives_are_not_reported(scanner, text):
    assert scanner.scan(text) == []


@pytest.mark.parametrize("text, rule_id", [
    ("peer 2a00:1450:4001:81c::200e connected", "ipv6-address"),
    ("client connected from 81.169.145.45:51234", "ipv4-address"),
    ("gateway 192.0.3.17 and 198.20.1.5", "ipv4-address"),  # next to the special ranges, real addresses
    ("route via 2001:30::1:2", "ipv6-address"),
    ("Visa 4539148803436467", "payment-card"),
    ("+49 30 901820", "phone-international"),
])
def test_real_values_beside_them_are_still_found(scanner, text, rule_id):
    assert rule_id in {f.rule_id for f in scanner.scan(text)}


@pytest.mark.parametrize("text, classification", [
    ("inet_aton() -- convert IP addr string (123.45.67.89) to 32-bit packed format", "test-value"),
    ("('http://12.34.56.78:5432/foo/', '12.34.56.78', 5432)", "test-value"),
    ("client connected from 81.169.145.45:51234", "internal"),
])
def test_counting_sequence_addresses_are_test_values(scanner, text, classification):
    findings = [f for f in scanner.scan(text) if f.rule_id == "ipv4-address"]
    assert findings and {f.classification for f in findings} == {classification}
