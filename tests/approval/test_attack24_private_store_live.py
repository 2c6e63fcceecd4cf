"""Attack24, live, default settings: the fleet's Redis on a private address, named as deploy/README.md names it.

Network namespaces made by the test (tests/deploy/nslab.py): the proxy's (mitmdump with the bundle, the agent's
client) and the store's (a real redis-server on 10.232.N.2). In the proxy's namespace ``redis.fleet.test`` and
``cache.fleet.test`` resolve to the store (``/etc/netns/<ns>/hosts``, which ``ip netns exec`` mounts over
/etc/hosts). Every option is the default: an unlisted name may reach a private address (``private_upstreams:
{observe: allow}``), so before attack24 an agent's ``CONNECT redis.fleet.test:6379`` carried RESP commands to it.
"""

from __future__ import annotations

import subprocess

import pytest

from tests.approval.ns_replica import start_linked_replica
from tests.deploy import nslab
from tests.live.harness import PROXY_PYTHON

pytestmark = [pytest.mark.live, pytest.mark.root, pytest.mark.tool]

ATTACK = r'''
import socket, sys
def resp(*args):
    out = b"*%d\r\n" % len(args)
    for a in args:
        out += b"$%d\r\n%s\r\n" % (len(a.encode()), a.encode())
    return out
port, target = int(sys.argv[1]), sys.argv[2]
body = resp("SET", "attacker:was:here", target)
s = socket.create_connection(("127.0.0.1", port), timeout=10)
s.sendall(f"CONNECT {target} HTTP/1.1\r\nHost: {target}\r\n\r\n".encode())
head = s.recv(4096)
print(head.split(b"\r\n", 1)[0].decode(errors="replace"))
if b" 200 " in head:
    s.sendall(b"PUT / HTTP/1.1\r\nContent-Length: %d\r\n\r\n" % len(body) + body)
    s.settimeout(3)
    try:
        s.recv(4096)
    except OSError:
        pass
'''


@pytest.fixture
def lab(tmp_path):
    lab = nslab.Lab()
    with nslab.running(etc={"hosts": f"127.0.0.1 localhost\n{lab.upstream_ip} redis.fleet.test cache.fleet.test\n"},
                       lab=lab):
        lab.procs.append(subprocess.Popen(lab.cmd(lab.upstream, "redis-server", "--port", "6379",
                                                  "--bind", lab.upstream_ip, "--protected-mode", "no", "--save", "",
                                                  "--appendonly", "no", "--dir", str(tmp_path)),
                                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        yield lab


def redis_get(lab, key: str) -> str:
    return subprocess.run(lab.cmd(lab.upstream, "redis-cli", "-h", lab.upstream_ip, "--raw", "GET", key),
                          capture_output=True, text=True, timeout=10).stdout.strip()


def test_an_agent_never_reaches_the_fleets_redis_on_a_private_address_with_default_settings(lab, tmp_path):
    port, log = start_linked_replica(lab, tmp_path, "--set", "exitguard_state=redis://redis.fleet.test:6379/0")
    for target in ("redis.fleet.test:6379", "cache.fleet.test:6379", "REDIS.fleet.test.:6379",
                   "cache.fleet.test:6380"):
        answer = subprocess.run(lab.cmd(lab.proxy, str(PROXY_PYTHON), "-c", ATTACK, str(port), target),
                                capture_output=True, text=True, timeout=60).stdout
        assert redis_get(lab, "attacker:was:here") == "", (target, answer)
        if target.endswith(":6379"):  # nothing listens on 6380: refused either way, but never "established"
            assert " 502 " in answer, (target, answer)
    assert "refused a connection through the proxy to the shared state store" in "".join(log)
