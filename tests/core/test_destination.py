"""core/destination.py: every name a flow carries, per proxy mode, and where mitmproxy really connects."""

from __future__ import annotations

import ipaddress

import pytest

from addons.core import destination
from addons.core.destination import flow_names, is_ip, normalize
from tests.flows import plain_http_flow, reverse_flow, transparent_flow, tunnel_flow


@pytest.mark.parametrize("raw, expected", [
    ("API.OpenAI.com", "api.openai.com"), ("api.openai.com.:443", "api.openai.com"), ("[::1]:8080", "::1"),
    ("::1", "::1"), ("10.0.0.1:80", "10.0.0.1"),
])
def test_normalize(raw, expected):
    assert normalize(raw) == expected


def test_a_tunnel_connects_to_the_connect_target_whatever_the_host_header_says():
    names = flow_names(tunnel_flow(connect="evil.example", sni="evil.example", host_header="api.openai.com"))
    assert names.target == names.destination == "evil.example" and names.port == 443
    assert {(n.source, n.host) for n in names.names} == {
        ("target", "evil.example"), ("connect", "evil.example"), ("sni", "evil.example"),
        ("host", "api.openai.com")}
    assert not names.agree and names.claimed() == ["api.openai.com"]
    assert names.describe_mismatch() == ("request target (where the proxy connects) evil.example, CONNECT target "
                                         "evil.example, TLS server name (SNI) evil.example, Host header "
                                         "api.openai.com")
    assert names.as_metadata()["claimed"] == ["api.openai.com"]


def test_every_host_header_and_the_authority_count():
    f = tunnel_flow()
    f.request.headers.add("host", "evil.example")  # a second Host header
    assert flow_names(f).claimed() == ["evil.example"]
    g = tunnel_flow()
    g.request.authority = "evil.example:443"  # HTTP/2 :authority
    assert "evil.example" in flow_names(g).hostnames()


def test_plain_http_absolute_form_goes_to_the_url_host():
    names = flow_names(plain_http_flow("evil.example", host_header="api.openai.com"))
    assert names.destination == "evil.example" and names.scheme == "http" and not names.agree


def test_reverse_mode_ignores_the_sni_that_names_the_proxy():
    names = flow_names(reverse_flow("api.openai.com", client_sni="proxy.internal"))
    assert names.agree and names.destination == "api.openai.com" and "proxy.internal" not in names.hostnames()


def test_transparent_mode_names_an_ip_by_the_checked_server_name_only():
    assert flow_names(transparent_flow("203.0.113.7", "api.openai.com")).destination == "api.openai.com"
    no_sni = flow_names(transparent_flow("203.0.113.7", None, host_header="api.openai.com"))
    assert no_sni.destination == "203.0.113.7" and no_sni.agree and no_sni.claimed() == ["api.openai.com"]
    unverified = flow_names(transparent_flow("203.0.113.7", "api.openai.com"), verify_upstream=False)
    assert unverified.destination == "203.0.113.7"
    plain = flow_names(transparent_flow("203.0.113.7", None, host_header="api.openai.com", scheme="http"))
    assert plain.destination == "203.0.113.7"
    assert plain.policy_hosts() == {"api.openai.com"}  # a name classifies the flow; the IP says nothing


@pytest.mark.parametrize("host", ["api.openai.com", "1.2.3.4", "::1", "fe80::1%eth0", "::ffff:1.2.3.4", "", "1.2.3",
                                  "10.0.0.256", "1.2.3.4 ", "\u0661.\u0662.\u0663.\u0664", "\uff11.2.3.4", "a",
                                  "2001:db8::g"])
def test_is_ip_says_what_ipaddress_says(host):
    try:
        ipaddress.ip_address(host)
        expected = True
    except ValueError:
        expected = False
    assert is_ip(host) is expected


# is_ip remembers its answers for short texts only (a client chooses the Host header).


def test_is_ip_answers_as_ipaddress_does():
    for host, expected in [("127.0.0.1", True), ("::1", True), ("fe80::1%eth0", True), ("api.openai.com", False),
                           ("1.2.3", False), ("1.2.3.4.5", False), ("", False), (":", False)]:
        assert destination.is_ip(host) is expected, host


def test_a_long_host_is_answered_but_not_remembered():
    destination._remembered_parse.cache_clear()
    long_host = "1:" * 50_000
    assert destination.is_ip(long_host) is False
    assert destination.is_ip("10.0.0.1") is True
    assert destination._remembered_parse.cache_info().currsize == 1  # only the short one is kept


@pytest.mark.parametrize("flagged", ["api.openai.com", "spoofed.example"])
def test_masked_names_change_wherever_the_mask_finds_something_and_stay_the_same_object_otherwise(flagged):
    names = flow_names(tunnel_flow("api.openai.com", host_header="spoofed.example"))
    assert names.masked(lambda host: host) is names  # nothing masked: the same names
    masked = names.masked(lambda host: "[MASKED:x:y]" if host == flagged else host)
    assert flagged not in [n.host for n in masked.names] and flagged not in masked.claimed()
    assert "[MASKED:x:y]" in [n.host for n in masked.names]


def test_remembered_names_follow_every_change_of_what_they_are_made_of():
    # rec22: a flow's names are kept per input. The same flow object changed in place (a Host header added, the
    # SNI or the CONNECT target changed, a reverse-mode client) must never get the names of what it was before.
    f = tunnel_flow(connect="api.openai.com", sni="api.openai.com", host_header="api.openai.com")
    assert flow_names(f).agree
    f.request.headers.add("host", "evil.example")
    assert flow_names(f).claimed() == ["evil.example"]
    g = tunnel_flow(connect="api.openai.com", sni="api.openai.com", host_header="api.openai.com")
    assert flow_names(g).agree
    g.client_conn.sni = "evil.example"
    assert flow_names(g).claimed() == ["evil.example"]
    g.server_conn.sni = "other.example"
    assert "other.example" in flow_names(g).hostnames()
    h = transparent_flow("203.0.113.7", "api.openai.com")
    assert flow_names(h).destination == "api.openai.com"
    assert flow_names(h, verify_upstream=False).destination == "203.0.113.7"


def test_long_names_are_answered_but_not_remembered():
    destination._remembered_names.cache_clear()
    f = tunnel_flow(connect="api.openai.com", sni="api.openai.com", host_header="a" * 2000 + ".example")
    assert flow_names(f).claimed() == ["a" * 2000 + ".example"]
    assert destination._remembered_names.cache_info().currsize == 0
    assert flow_names(tunnel_flow()).target
    assert destination._remembered_names.cache_info().currsize == 1
