"""Attack24, live, default settings: the fleet's Redis on a private address, named as deploy/README.md names it.

Network namespaces made by the test (tests/deploy/nslab.py): the proxy's (mitmdump with the bundle, the agent's
client) and the store's (a real redis-server on 10.232.N.2). In the proxy's namespace ``redis.fleet.test`` and
``cache.fleet.test`` resolve to the store (``/etc/netns/<ns>/hosts``, which ``ip netns exec`` mounts over
/etc/hosts). Every option is the default: an unlisted name may reach a private address (``private_upstreams:
{observe: allow}``), so before attack24 an agent's ``CONNECT redis.fleet.test:6379`` carried RESP commands to it.
"""

from __future__ import annotations

import os
import re
import subprocess
import threading
import time
from pathlib import Path

import pytest

from tests.deploy import nslab
from tests.live.harness import BUNDLE, PROXY_PYTHON, ROOT

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
    lab = nslab.Lab().build()
    hosts_dir = Path("/etc/netns") / lab.proxy
    made_netns_dir = not hosts_dir.parent.exists()
    procs: list[subprocess.Popen] = []
    try:
        hosts_dir.mkdir(parents=True)
        (hosts_dir / "hosts").write_text(f"127.0.0.1 localhost\n{lab.upstream_ip} redis.fleet.test cache.fleet.test\n")
        procs.append(subprocess.Popen(lab.cmd(lab.upstream, "redis-server", "--port", "6379", "--bind", lab.upstream_ip,
                                              "--protected-mode", "no", "--save", "", "--appendonly", "no",
                                              "--dir", str(tmp_path)),
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        lab.procs = procs
        yield lab
    finally:
        for p in procs:
            if p.poll() is None:
                p.terminate()
                try:
                    p.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    p.kill()
        lab.close()
        if hosts_dir.exists():
            (hosts_dir / "hosts").unlink(missing_ok=True)
            hosts_dir.rmdir()
        if made_netns_dir and hosts_dir.parent.exists() and not any(hosts_dir.parent.iterdir()):
            hosts_dir.parent.rmdir()


def redis_get(lab, key: str) -> str:
    return subprocess.run(lab.cmd(lab.upstream, "redis-cli", "-h", lab.upstream_ip, "--raw", "GET", key),
                          capture_output=True, text=True, timeout=10).stdout.strip()


def start_proxy(lab, tmp_path: Path) -> tuple[int, list[str]]:
    cmd = lab.cmd(lab.proxy, str(ROOT / ".venv" / "bin" / "mitmdump"), "--listen-host", "127.0.0.1",
                  "--listen-port", "0", "--set", f"confdir={tmp_path / 'conf'}",
                  "--set", "exitguard_state=redis://redis.fleet.test:6379/0", "-s", str(BUNDLE))
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


def test_an_agent_never_reaches_the_fleets_redis_on_a_private_address_with_default_settings(lab, tmp_path):
    port, log = start_proxy(lab, tmp_path)
    deadline = time.monotonic() + 30  # the replica links to the store and announces itself: it can reach it
    while "linked to the shared state store" not in "".join(log):
        assert time.monotonic() < deadline, "".join(log)[-2000:]
        time.sleep(0.2)
    for target in ("redis.fleet.test:6379", "cache.fleet.test:6379", "REDIS.fleet.test.:6379",
                   "cache.fleet.test:6380"):
        answer = subprocess.run(lab.cmd(lab.proxy, str(PROXY_PYTHON), "-c", ATTACK, str(port), target),
                                capture_output=True, text=True, timeout=60).stdout
        assert redis_get(lab, "attacker:was:here") == "", (target, answer)
        if target.endswith(":6379"):  # nothing listens on 6380: refused either way, but never "established"
            assert " 502 " in answer, (target, answer)
    assert "refused a connection through the proxy to the shared state store" in "".join(log)
