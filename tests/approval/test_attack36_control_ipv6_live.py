"""Attack36, live: the approval control endpoint bound to IPv6 loopback (``exitguard_control_listen=[::1]:PORT``) on a
proxy that lets agents reach a local model server (``exitguard_block_loopback=false``). An agent asks the proxy for
it by every name that reaches ``[::1]``, with the real control token (read from the control file, as an agent running
as the proxy's user could): refused at ``server_connect`` (the port on any local address), never the endpoint's answer.
Held. A real mitmdump with the bundle, curl through it; the endpoint answers directly (it is up)."""

from __future__ import annotations

import json
import time
import urllib.request

import pytest

from tests.live import harness

pytestmark = pytest.mark.live


@pytest.fixture(scope="module")
def ipv6_control(tmp_path_factory, upstream_session):
    tmp = tmp_path_factory.mktemp("control-ipv6")
    port = harness.free_port()
    proxy = harness.start_proxy(tmp, upstream_session, "--set", f"exitguard_control_listen=[::1]:{port}",
                                "--set", "exitguard_block_loopback=false", route=False)
    deadline = time.monotonic() + 30
    while not (files := list(proxy.confdir.glob("exitguard-control-*.json"))):
        assert time.monotonic() < deadline and proxy.proc.poll() is None, proxy.log[-2000:]
        time.sleep(0.1)
    time.sleep(0.2)  # written whole (os.replace), but read it once it is there
    yield proxy, port, json.loads(files[0].read_text())
    proxy.stop()


@pytest.mark.parametrize("name", ["[::1]", "localhost", "[0:0:0:0:0:0:0:1]", "[::]"])
@pytest.mark.parametrize("how", ["plain", "tunnel"])
def test_the_control_endpoint_on_ipv6_loopback_is_never_reached_through_the_proxy(ipv6_control, name, how):
    proxy, port, control = ipv6_control
    assert control["url"] == f"http://[::1]:{port}"
    direct = urllib.request.Request(f"{control['url']}/v1/approvals",
                                    headers={"Authorization": f"Bearer {control['token']}"})
    with urllib.request.urlopen(direct, timeout=10) as answer:  # the endpoint is up and the token is right
        assert json.loads(answer.read()) == {"approvals": []}
    extra = ["-p"] if how == "tunnel" else []  # CONNECT, then the request inside the tunnel
    r = harness.curl(proxy, *extra, "-o", "-", "-w", "\n%{http_code}",
                     "-H", f"Authorization: Bearer {control['token']}", f"http://{name}:{port}/v1/approvals")
    out = r.stdout.decode()
    assert "approvals" not in out.replace("exitguard_", "")  # never the endpoint's answer
    status = out.rsplit("\n", 1)[-1]
    if how == "plain":
        assert status == "502" and "approval control endpoint" in out, out
    else:  # the CONNECT itself is answered 502: curl never gets a tunnel
        assert status == "000" and "CONNECT tunnel failed, response 502" in r.stderr.decode(), (out, r.stderr)
    assert "refused a connection through the proxy to the approval control endpoint" in proxy.log
    assert proxy.proc.poll() is None
