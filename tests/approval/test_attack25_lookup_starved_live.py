"""Attack25, live, as root: an agent starves the proxy's lookups, then reaches the fleet's Redis by its address.

A proxy that lets agents reach a local model server (``exitguard_block_loopback=false``) shares its approvals through
Redis on this host, named as most configurations name it: ``redis://localhost:6379/0``. The proxy runs in a namespace
of the test's whose DNS server never answers (a UDP socket that reads and says nothing); ``localhost`` is in its hosts
file. ``ControlPlane`` looked the store's name up at the first connection it checked, bounded by 3 s, and a failed
lookup left no address known for 30 s. The agent opens CONNECTs to eight names only DNS could answer: HostPolicy's
lookups of them fill the lookup thread pool (6 threads on 2 cores) and hang. Its next CONNECT names ``127.0.0.1:6379``,
which needs no lookup: the check of the store's name waited behind them, timed out, and the connection passed; RESP
wrote the attacker's key (before attack25). Now the store's name is looked up at start, and an endpoint not looked up
yet refuses every connection it may be."""

from __future__ import annotations

import subprocess
import time

import pytest

from tests.approval.ns_replica import start_linked_replica
from tests.approval.test_attack24_private_store_live import ATTACK
from tests.deploy import nslab
from tests.live.harness import PROXY_PYTHON

pytestmark = [pytest.mark.live, pytest.mark.root, pytest.mark.tool]

SILENT_DNS = """
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.53", 53))
while True:
    s.recv(4096)
"""

STARVE = """
import socket, sys, time
port = int(sys.argv[1])
held = []
for i in range(8):
    s = socket.create_connection(("127.0.0.1", port), timeout=30)
    s.sendall(f"CONNECT hang-{i}.example:443 HTTP/1.1\\r\\nHost: hang-{i}.example:443\\r\\n\\r\\n".encode())
    held.append(s)
time.sleep(60)
"""


@pytest.fixture
def lab(tmp_path):
    with nslab.running(etc={"hosts": "127.0.0.1 localhost\n",
                            "resolv.conf": "nameserver 127.0.0.53\noptions timeout:10 attempts:1\n"}) as lab:
        lab.procs.append(subprocess.Popen(lab.cmd(lab.proxy, str(PROXY_PYTHON), "-c", SILENT_DNS)))
        lab.procs.append(subprocess.Popen(lab.cmd(lab.proxy, "redis-server", "--port", "6379", "--bind", "127.0.0.1",
                                                  "--save", "", "--appendonly", "no", "--dir", str(tmp_path)),
                                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        yield lab


def test_starved_lookups_do_not_let_an_agent_reach_the_store_by_its_address(lab, tmp_path):
    port, log = start_linked_replica(lab, tmp_path, "--set", "exitguard_state=redis://localhost:6379/0",
                                     "--set", "exitguard_block_loopback=false")
    lab.procs.append(subprocess.Popen(lab.cmd(lab.proxy, str(PROXY_PYTHON), "-c", STARVE, str(port))))
    time.sleep(1)  # the eight CONNECTs are in (no assertion depends on it: the fixed proxy refuses regardless)
    answer = subprocess.run(lab.cmd(lab.proxy, str(PROXY_PYTHON), "-c", ATTACK, str(port), "127.0.0.1:6379"),
                            capture_output=True, text=True, timeout=60).stdout
    written = subprocess.run(lab.cmd(lab.proxy, "redis-cli", "--raw", "GET", "attacker:was:here"),
                             capture_output=True, text=True, timeout=10).stdout.strip()
    assert written == "", (answer, "".join(log)[-3000:])
    assert " 502 " in answer, (answer, "".join(log)[-3000:])
