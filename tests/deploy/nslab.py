"""A three-namespace lab for the transparent-egress test (Linux, root):

    job (10.231.N.2) --veth-- proxy (10.231.N.1 | 10.232.N.1, forwarding on) --veth-- upstream (10.232.N.2)

Addresses exist only inside namespaces this lab creates; `close()` deletes them (and with them the veths).
`running()` is the lab for one test: it also stops the processes the test started in it and removes the /etc files
it gave the proxy's namespace; `start()` starts one process in a namespace and waits for the line that says it is up.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path


def sh(*argv: str, check: bool = True, timeout: float = 30) -> subprocess.CompletedProcess:
    return subprocess.run(argv, capture_output=True, text=True, check=check, timeout=timeout)


def ensure_nft() -> None:
    """CI runs on a machine like this one, where nftables is not preinstalled."""
    if shutil.which("nft"):
        return
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "install", "-y", "-q", "nftables"], capture_output=True, env=env, timeout=300)
    if not shutil.which("nft"):
        subprocess.run(["apt-get", "update", "-q"], capture_output=True, env=env, timeout=300)
        subprocess.run(["apt-get", "install", "-y", "-q", "nftables"], capture_output=True, env=env, timeout=300,
                       check=True)


@dataclass
class Lab:
    tag: str = field(default_factory=lambda: f"{os.getpid() % 10000}{random.randint(0, 99)}")
    net: int = field(default_factory=lambda: random.randint(1, 250))
    procs: list[subprocess.Popen] = field(default_factory=list)  # stopped by running() on the way out

    def __post_init__(self) -> None:
        self.job, self.proxy, self.upstream = (f"eg{r}-{self.tag}" for r in ("job", "prx", "up"))
        self.job_ip, self.proxy_job_ip = f"10.231.{self.net}.2", f"10.231.{self.net}.1"
        self.proxy_up_ip, self.upstream_ip = f"10.232.{self.net}.1", f"10.232.{self.net}.2"
        self.job_if_on_proxy = f"ejp{self.tag}"[:15]  # the interface the proxy sees the job's traffic on
        self.created: list[str] = []

    def build(self) -> Lab:
        for ns in (self.job, self.proxy, self.upstream):
            sh("ip", "netns", "add", ns)
            self.created.append(ns)
        jj, uu, up = f"ejj{self.tag}"[:15], f"euu{self.tag}"[:15], f"eup{self.tag}"[:15]
        # veths are created directly inside the lab namespaces, never in the host's
        sh("ip", "-n", self.job, "link", "add", jj, "type", "veth", "peer", "name", self.job_if_on_proxy,
           "netns", self.proxy)
        sh("ip", "-n", self.upstream, "link", "add", uu, "type", "veth", "peer", "name", up, "netns", self.proxy)
        for ns, dev, addr in ((self.job, jj, self.job_ip), (self.proxy, self.job_if_on_proxy, self.proxy_job_ip),
                              (self.upstream, uu, self.upstream_ip), (self.proxy, up, self.proxy_up_ip)):
            sh("ip", "-n", ns, "addr", "add", f"{addr}/24", "dev", dev)
            sh("ip", "-n", ns, "link", "set", dev, "up")
            sh("ip", "-n", ns, "link", "set", "lo", "up")
        sh("ip", "-n", self.job, "route", "add", "default", "via", self.proxy_job_ip)
        sh("ip", "-n", self.upstream, "route", "add", "default", "via", self.proxy_up_ip)
        # forwarding on: without the egress rules the job *could* reach the upstream directly
        sh("ip", "netns", "exec", self.proxy, "sysctl", "-qw", "net.ipv4.ip_forward=1")
        return self

    def cmd(self, ns: str, *argv: str) -> list[str]:
        return ["ip", "netns", "exec", ns, *argv]

    def close(self) -> None:
        for ns in reversed(self.created):
            sh("ip", "netns", "del", ns, check=False)
        self.created.clear()


def stop(procs: list[subprocess.Popen]) -> None:
    """Each process still running terminated, the newest first; one that does not end in 15 s killed."""
    for p in reversed(procs):
        if p.poll() is None:
            p.terminate()
            try:
                p.wait(timeout=15)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait(timeout=5)


@contextmanager
def running(etc: dict[str, str] | None = None, lab: Lab | None = None) -> Iterator[Lab]:
    """``lab`` (a new one unless given: its names and addresses are known before it is built) built; on the way
    out its processes (``lab.procs``) stopped and its namespaces deleted. ``etc``: files (name -> text) for the proxy
    namespace's /etc, which ``ip netns exec`` mounts from /etc/netns/<ns>/ over the host's (``hosts``,
    ``resolv.conf``), removed again with the folders this made."""
    lab = (lab or Lab()).build()
    etc_dir = Path("/etc/netns") / lab.proxy
    made_netns_dir = not etc_dir.parent.exists()
    try:
        if etc:
            etc_dir.mkdir(parents=True)
            for name, text in etc.items():
                (etc_dir / name).write_text(text)
        yield lab
    finally:
        stop(lab.procs)
        lab.close()
        for name in etc or {}:
            (etc_dir / name).unlink(missing_ok=True)
        if etc_dir.exists():
            etc_dir.rmdir()
        if made_netns_dir and etc_dir.parent.exists() and not any(etc_dir.parent.iterdir()):
            etc_dir.parent.rmdir()


def start(lab: Lab, ns: str, argv: list[str], ready: str, timeout: float = 40,
          cwd: Path | None = None) -> tuple[subprocess.Popen, list[str], re.Match[str]]:
    """``argv`` started in namespace ``ns`` (one of ``lab.procs``), once a line of its output matches the pattern
    ``ready``: the process, its output (read on in the background) and the match."""
    proc = subprocess.Popen(lab.cmd(ns, *argv), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            cwd=cwd, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    lab.procs.append(proc)
    assert proc.stdout is not None
    out = proc.stdout
    lines: list[str] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and (line := out.readline()):
        lines.append(line)
        if m := re.search(ready, line):
            threading.Thread(target=lambda: lines.extend(out), daemon=True).start()
            return proc, lines, m
    raise AssertionError(f"{argv[0]} did not start in {ns}:\n" + "".join(lines))
