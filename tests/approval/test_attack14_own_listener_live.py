"""Attack14, live: every other name for mitmweb's own port through the proxy (approval.py ``_own_listener``).

mitmweb listens on all interfaces here, and loopback and private addresses are allowed (a local model server): the
names an agent can write for this machine must all be refused, and none may show mitmweb's page. All held."""

from __future__ import annotations

import socket

import pytest

from tests.live import harness

pytestmark = pytest.mark.live


def own_non_loopback_address(family: int) -> str | None:
    try:
        with socket.socket(family, socket.SOCK_DGRAM) as s:
            s.connect(("192.0.2.1" if family == socket.AF_INET else "2001:db8::1", 9))  # no packet: the route's source
            address = s.getsockname()[0]
    except OSError:
        return None
    if address.startswith("127.") or address == "::1":
        return None
    return address if family == socket.AF_INET else f"[{address}]"


@pytest.fixture(scope="module")
def web(tmp_path_factory):
    from tests.hostile.test_live_abuse import write_policy

    port = harness.free_port()
    tmp = tmp_path_factory.mktemp("own-listener")
    policy = write_policy(tmp, private_upstreams={"guarded": "allow", "observe": "allow", "pass": "allow"})
    proxy = harness.start_proxy(tmp, None, "--set", f"exitguard_policy={policy}", "--set", f"web_port={port}",
                                "--set", "web_host=0.0.0.0", "--set", "web_open_browser=false",
                                "--set", "exitguard_block_loopback=false", tool="mitmweb", route=False)
    token = proxy.web_token()
    yield proxy, port, token
    proxy.stop()


NAMES = ["127.0.0.1", "127.1", "127.0.0.2", "0.0.0.0", "0", "2130706433", "0x7f000001", "017700000001",
         "[::1]", "[::ffff:127.0.0.1]", "[::ffff:7f00:1]", "[::]", "localhost", "LOCALHOST", "localhost.",
         "LocalHost.", socket.gethostname(), socket.gethostname().upper() + "."]


# The machine's own routed addresses, those it has (a host without an IPv6 route has no such name to attack).
OWN = [address for family in (socket.AF_INET, socket.AF_INET6) if (address := own_non_loopback_address(family))]


@pytest.mark.parametrize("name", [*NAMES, *OWN])
@pytest.mark.parametrize("how", ["plain", "tunnel"])
def test_no_name_for_this_machine_reaches_mitmweb_through_the_proxy(web, name, how):
    proxy, port, token = web
    scheme = "http" if how == "plain" else "https"
    extra = ["-p"] if how == "tunnel" else []  # CONNECT then the request inside (mitmweb speaks plain http)
    url = f"{scheme}://{name}:{port}/?token={token}"
    if how == "tunnel":
        url = f"http://{name}:{port}/?token={token}"
    r = harness.curl(proxy, *extra, "-o", "-", "-w", "\n%{http_code}", "--max-time", "10", url)
    out = r.stdout.decode(errors="replace")
    body, _, status = out.rpartition("\n")
    # mitmweb's page loads its app from static/; the proxy's 502 page names the refusal
    assert status != "200" and "static/" not in body and "app.js" not in body, (name, how, out[:300])
