"""Attack36, live: a plain mitmdump with the bundle started under umask 000 (a service unit or a container whose
umask nobody set), recording into a folder it makes itself. What it writes must not be open to other local users:
the record folders and files, the index, the chain and fingerprint keys, the control file while it runs (held).
mitmproxy itself writes the public CA files clients trust, and the DH group it offers them, with that umask: 0666.
In a confdir others may enter (0755, as a checkout's `certs/`) any local user could put their own CA into what
clients trust: the bundle now refuses to start (core/public_files.py); in a confdir only its owner enters, they
are harmless and it starts."""

from __future__ import annotations

import os
import stat
import subprocess

import httpx
import pytest

from addons.core import public_files
from tests import fakes
from tests.live import harness

pytestmark = pytest.mark.live


def open_to_others(folder, but=()) -> list[str]:
    """Every path under ``folder`` (names in ``but`` aside) that group or others may write, or (a file) read."""
    found = []
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = os.path.join(root, name)
            mode = stat.S_IMODE(os.lstat(path).st_mode)
            if name not in but and (mode & 0o022 or (name in files and mode & 0o044)):
                found.append(f"{oct(mode)} {path}")
    return found


def start_under_umask_000(tmp_path, upstream, *extra: str) -> harness.Proxy:
    old = os.umask(0)
    try:
        return harness.start_proxy(tmp_path, upstream, *extra)
    finally:
        os.umask(old)


def test_under_umask_000_nothing_the_proxy_writes_is_open_to_others(tmp_path, upstream, monkeypatch):
    monkeypatch.delenv("EXITGUARD_CONFDIR_UNSHARED", raising=False)
    conf = tmp_path / "proxy-conf"
    conf.mkdir(mode=0o700)  # only its owner enters: what mitmproxy leaves 0666 there is nobody else's to change
    record = tmp_path / "rec" / "made" / "by-the-proxy"
    proxy = start_under_umask_000(tmp_path, upstream, "--set", f"exitguard_record_dir={record}")
    try:
        with httpx.Client(proxy=proxy.url, verify=str(proxy.ca), timeout=30) as client:
            reply = client.get(f"https://api.openai.com/v1/models?key={fakes.aws_key_id(3603)}")
        assert reply.status_code == 200, reply.text
        running = sorted(p.name for p in conf.iterdir())
        assert any(name.startswith("exitguard-control-") for name in running), running
        assert open_to_others(conf, but=public_files.NAMES) == []  # the control file, fingerprint key, CA key
    finally:
        proxy.stop()
    assert any(record.rglob("*.mitm")), sorted(record.rglob("*"))
    assert open_to_others(tmp_path / "rec") == []


def test_under_umask_000_in_a_confdir_others_may_enter_the_bundle_refuses_to_start(tmp_path, upstream, monkeypatch):
    monkeypatch.delenv("EXITGUARD_CONFDIR_UNSHARED", raising=False)
    conf = tmp_path / "proxy-conf"
    conf.mkdir()
    conf.chmod(0o755)  # a checkout's certs/
    proxy = start_under_umask_000(tmp_path, upstream)  # mitmproxy says it listens before the addons run
    try:
        status: int | None = proxy.proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        status = None  # before: it served, the CA clients trust 0666
    finally:
        proxy.stop()
    said = proxy.log
    assert status not in (0, None), said[-2000:]
    assert "mitmproxy-ca-cert.pem has mode 0666: group/others may change it" in said, said[-2000:]
    assert f"exitguard ca init --confdir {conf}" in said
