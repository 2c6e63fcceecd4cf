"""Attack25, live: mitmproxy's upstream mode (``--mode upstream:``), which attack24 left open for the store check.

In upstream mode every server connection goes to the next proxy: ``server_connect`` sees that proxy's address,
never the agent's target, so the fleet's Redis was refused nowhere and the next proxy (here a plain real mitmdump,
as a corporate egress proxy would) carried the agent's RESP to it. Approval now refuses a flow that goes via a next
proxy by the name it names and the addresses this host resolves it to (``http_connect`` and ``requestheaders``).
Left open: a name the next proxy resolves otherwise than this host (its own DNS, rebinding)."""

from __future__ import annotations

import os
import socket
import subprocess
import threading
import time
from http.server import ThreadingHTTPServer

import pytest

from tests.approval.test_attack24_control_plane_live import MARK, ModelServer, attack, store_behind_a_proxy
from tests.live import harness

pytestmark = [pytest.mark.live, pytest.mark.tool]


@pytest.fixture(scope="module")
def chained(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("attack25-upstream")
    next_port = harness.free_port()
    next_proxy = subprocess.Popen([str(harness.ROOT / ".venv" / "bin" / "mitmdump"), "--listen-host", "127.0.0.1",
                                   "--listen-port", str(next_port), "--set", f"confdir={tmp / 'next-conf'}"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=dict(os.environ))
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", next_port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "the next proxy did not start"
                time.sleep(0.2)
        with store_behind_a_proxy(tmp, lambda server: [
                "--mode", f"upstream:http://127.0.0.1:{next_port}",
                "--set", f"exitguard_allow_upstreams=127.0.0.1:{next_port}",  # the next proxy
                "--set", f"exitguard_state={server.url}"]) as trio:
            yield trio
    finally:
        next_proxy.terminate()
        next_proxy.wait(timeout=10)


@pytest.mark.parametrize("how", ["tunnel", "absolute"])
@pytest.mark.parametrize("spelling", ["127.0.0.1:{port}", "localhost:{port}", "[::ffff:127.0.0.1]:{port}"])
def test_the_fleets_redis_is_not_reached_through_the_next_proxy(chained, how, spelling):
    proxy, server, client = chained
    client.delete(MARK)
    answer = attack(proxy.port, spelling.format(port=server.port), how)
    assert client.get(MARK) is None, (spelling, how, answer[:300], proxy.log[-2000:])
    assert b" 502 " in answer.split(b"\r\n", 1)[0] and b"exitguard_control_plane" in answer, (spelling, how, answer)


def test_the_replicas_own_link_to_the_store_still_works(chained):
    _, _, client = chained
    assert client.hgetall("exitguard:fleet:replicas")


def test_other_destinations_still_go_through_the_next_proxy(chained):
    proxy, _, _ = chained
    model = ThreadingHTTPServer(("127.0.0.1", 0), ModelServer)
    threading.Thread(target=model.serve_forever, daemon=True).start()
    try:
        r = harness.curl(proxy, "-o", "-", "-w", "\n%{http_code}", "--max-time", "10",
                         f"http://127.0.0.1:{model.server_address[1]}/v1/models")
        assert r.stdout.decode().rstrip().endswith("200"), r.stdout[-300:] + r.stderr[-300:]
    finally:
        model.shutdown()
