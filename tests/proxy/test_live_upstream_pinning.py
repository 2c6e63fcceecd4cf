"""Upstream addresses, live (issue 18 item 3): the proxy connects to the address it checked, keeps verifying the
certificate for the name and reusing the connection, and refuses this host's own interface addresses."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from addons.core import net
from tests.live import harness

pytestmark = pytest.mark.live


def test_a_pinned_connection_keeps_the_name_for_tls_and_is_reused(proxy_factory, upstream):
    """localhost resolves to 127.0.0.1 and is not in exitguard_allow_upstreams, so server_connect resolves, checks
    (loopback allowed here by exitguard_block_loopback=false) and pins; the upstream still sees SNI "localhost"
    and both requests share one upstream connection."""
    gw = proxy_factory("--set", "exitguard_block_loopback=false", route=False)
    url = f"https://localhost:{upstream.port}/v1/ping"
    out = harness.curl(gw, "-w", "%{http_code}\n", "-o", "/dev/null", url, "-o", "/dev/null", url)
    assert out.stdout.decode().split() == ["200", "200"], out.stderr
    assert [r.sni for r in upstream.received] == ["localhost", "localhost"]
    assert gw.log.count("server connect 127.0.0.1:") == 1, gw.log  # connected to the checked address, once


def test_a_name_resolving_to_loopback_is_refused_by_default(proxy_factory, upstream):
    gw = proxy_factory(route=False)
    out = harness.curl(gw, "-o", "/dev/null", "-w", "%{http_code}", f"https://localhost:{upstream.port}/v1/ping")
    assert out.stdout.decode() in ("502", "000") and upstream.received == []
    assert "is a local address" in gw.log


@pytest.fixture
def own_ipv4():
    """An IPv4 address of this host's own interfaces (not loopback); on a host with none, a TEST-NET address is
    added to `lo` for the test (root and iproute2; not every kernel has dummy links), so the check never goes
    untested."""
    own = sorted(str(a) for a in net.host_addresses() if a.version == 4 and not a.is_loopback)
    if own:
        yield own[0]
        return
    if os.geteuid() != 0 or not shutil.which("ip"):
        pytest.fail("needs a non-loopback IPv4 address on this host, or root and iproute2 to add one",
                    pytrace=False)
    address = "192.0.2.201/32"  # TEST-NET-1: never routed anywhere
    subprocess.run(["ip", "addr", "add", address, "dev", "lo"], check=True)
    try:
        yield address.split("/")[0]
    finally:
        subprocess.run(["ip", "addr", "del", address, "dev", "lo"], check=False)


def test_the_proxy_hosts_own_interface_address_is_refused(proxy_factory, upstream, own_ipv4):
    gw = proxy_factory(route=False)  # started after the address exists: its own-address list includes it
    out = harness.curl(gw, "-o", "/dev/null", "-w", "%{http_code}", f"http://{own_ipv4}:{upstream.port}/")
    assert out.stdout.decode() == "502" and upstream.received == []
    assert "is a local address" in gw.log
