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

import os
import re
import subprocess
import threading
import time
from pathlib import Path

import pytest

from tests.approval.test_attack24_private_store_live import ATTACK
from tests.deploy import nslab
from tests.live.harness import BUNDLE, PROXY_PYTHON, ROOT

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
    lab = nslab.Lab().build()
    etc = Path("/etc/netns") / lab.proxy
    made_netns_dir = not etc.parent.exists()
    procs: list[subprocess.Popen] = []
    lab.procs = procs
    try:
        etc.mkdir(parents=True)
        (etc / "hosts").write_text("127.0.0.1 localhost\n")
        (etc / "resolv.conf").write_text("nameserver 127.0.0.53\noptions timeout:10 attempts:1\n")
        procs.append(subprocess.Popen(lab.cmd(lab.proxy, str(PROXY_PYTHON), "-c", SILENT_DNS)))
        procs.append(subprocess.Popen(lab.cmd(lab.proxy, "redis-server", "--port", "6379", "--bind", "127.0.0.1",
                                              "--save", "", "--appendonly", "no", "--dir", str(tmp_path)),
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        yield lab
    finally:
        for p in reversed(procs):
            if p.poll() is None:
                p.terminate()
                try:
                    p.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait(timeout=5)
        lab.close()
        for name in ("hosts", "resolv.conf"):
            (etc / name).unlink(missing_ok=True)
        if etc.exists():
            etc.rmdir()
        if made_netns_dir and etc.parent.exists() and not any(etc.parent.iterdir()):
            etc.parent.rmdir()


def start_proxy(lab, tmp_path: Path) -> tuple[int, list[str]]:
    cmd = lab.cmd(lab.proxy, str(ROOT / ".venv" / "bin" / "mitmdump"), "--listen-host", "127.0.0.1",
                  "--listen-port", "0", "--set", f"confdir={tmp_path / 'conf'}",
                  "--set", "exitguard_state=redis://localhost:6379/0", "--set", "exitguard_block_loopback=false",
                  "-s", str(BUNDLE))
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    lab.procs.append(proc)
    lines: list[str] = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and (line := proc.stdout.readline()):
        lines.append(line)
        if m := re.search(r"listening at .*:(\d+)", line):
            threading.Thread(target=lambda: lines.extend(proc.stdout), daemon=True).start()
            return int(m.group(1)), lines
    raise AssertionError("mitmdump did not start:\n" + "".join(lines))


def test_starved_lookups_do_not_let_an_agent_reach_the_store_by_its_address(lab, tmp_path):
    port, log = start_proxy(lab, tmp_path)
    deadline = time.monotonic() + 30
    while "linked to the shared state store" not in "".join(log):
        assert time.monotonic() < deadline, "".join(log)[-2000:]
        time.sleep(0.2)
    lab.procs.append(subprocess.Popen(lab.cmd(lab.proxy, str(PROXY_PYTHON), "-c", STARVE, str(port))))
    time.sleep(1)  # the eight CONNECTs are in (no assertion depends on it: the fixed proxy refuses regardless)
    answer = subprocess.run(lab.cmd(lab.proxy, str(PROXY_PYTHON), "-c", ATTACK, str(port), "127.0.0.1:6379"),
                            capture_output=True, text=True, timeout=60).stdout
    written = subprocess.run(lab.cmd(lab.proxy, "redis-cli", "--raw", "GET", "attacker:was:here"),
                             capture_output=True, text=True, timeout=10).stdout.strip()
    assert written == "", (answer, "".join(log)[-3000:])
    assert " 502 " in answer, (answer, "".join(log)[-3000:])
