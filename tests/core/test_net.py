"""The one loopback / local-address check, in every spelling an address arrives in."""

import pytest

from addons.core import net


@pytest.mark.parametrize("host", ["127.0.0.1", "127.1.2.3", "::1", "[::1]", "::ffff:127.0.0.1",
                                  "[::ffff:127.0.0.1]", "localhost", "LOCALHOST", "localhost."])
def test_loopback(host):
    assert net.is_loopback(host)


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "", "169.254.169.254", "10.0.0.1", "example.com",
                                  "localhost.example.com", "::ffff:10.0.0.1", "128.0.0.1"])
def test_not_loopback(host):
    assert not net.is_loopback(host)


@pytest.mark.parametrize("ip", ["127.0.0.1", "127.1.2.3", "::1", "[::1]", "::ffff:127.0.0.1", "0.0.0.0", "::",
                                "169.254.169.254", "::ffff:169.254.169.254", "fe80::1", "fe80::1%eth0", "224.0.0.1"])
def test_local_addresses_are_refused_upstreams(ip):
    assert net.is_local_address(ip)


@pytest.mark.parametrize("ip", ["8.8.8.8", "10.0.0.5", "2606:4700::1111", "::ffff:8.8.8.8"])
def test_remote_addresses(ip):
    assert not net.is_local_address(ip)


def test_names_must_be_resolved_before_the_address_check():
    with pytest.raises(ValueError):
        net.is_local_address("localhost")


def test_ip_address_unwraps_mapped_ipv6():
    assert str(net.ip_address("::ffff:127.0.0.1")) == "127.0.0.1"
    assert net.ip_address("api.openai.com") is None
    assert net.is_ip("[2001:db8::1]") and not net.is_ip("api.openai.com")


@pytest.mark.parametrize(("host", "expected"), [("0.0.0.0", True), ("::", True), ("[::]", True), ("", True),
                                                 ("127.0.0.1", False), ("10.0.0.5", False)])
def test_all_interfaces(host, expected):
    assert net.is_all_interfaces(host) is expected
