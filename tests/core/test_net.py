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


FIB_TRIE = """Main:
  +-- 0.0.0.0/0 3 0 5
     |-- 0.0.0.0
        /0 universe UNICAST
     |-- 10.20.30.40
        /32 host LOCAL
     |-- 10.20.30.41
        /32 host LOCAL
Local:
  +-- 127.0.0.0/8 2 0 2
     |-- 127.0.0.1
        /32 host LOCAL
     |-- 127.255.255.255
        /32 link BROADCAST
"""
IF_INET6 = ("fd000000000000000000000000000002 04 40 00 82     eth0\n"
            "00000000000000000000000000000001 01 80 10 80       lo\n")


def test_own_addresses_are_read_with_secondary_ones():
    assert net._fib_trie_local(FIB_TRIE) == {"10.20.30.40", "10.20.30.41", "127.0.0.1"}
    assert net._if_inet6(IF_INET6) == {"fd00::2", "::1"}
    assert net._ip_json('[{"addr_info": [{"family": "inet", "local": "10.0.0.2"}, {"family": "inet6"}]}]') == \
        {"10.0.0.2"}
    assert net.ip_address("127.0.0.1") in net.host_addresses()  # this machine, for real


def test_own_addresses_are_enumerated_again_when_old():
    import ipaddress
    now, answers = [0.0], [["10.0.0.2"], ["10.0.0.3"]]

    def enumerate_addresses():
        return [ipaddress.ip_address(a) for a in answers.pop(0)]
    own = net.OwnAddresses(max_age=30, enumerate_addresses=enumerate_addresses, clock=lambda: now[0])
    assert own.contains("10.0.0.2") and own.contains("::ffff:10.0.0.2")
    now[0] = 31.0
    assert own.contains("10.0.0.3") and not own.contains("10.0.0.2")


@pytest.mark.parametrize(("ip", "private"), [("10.1.2.3", True), ("172.16.0.1", True), ("192.168.1.1", True),
                                              ("100.64.0.1", True), ("fd12::1", True), ("::ffff:10.0.0.1", True),
                                              ("8.8.8.8", False), ("172.32.0.1", False), ("2606:4700::1", False)])
def test_private_addresses(ip, private):
    assert net.is_private_address(ip) is private
