"""attack49, live: a policy file another local user may write, under a running mitmdump. Before, their edit
(report mode) was reloaded within seconds and the next key went out in clear; now the reload keeps the last good
version and says why, and a start on such a file is refused."""

from __future__ import annotations

import shutil
import subprocess
import time

import pytest

from tests import fakes
from tests.hostile import live_support as L
from tests.live import harness
from tests.live.harness import ROOT

pytestmark = pytest.mark.live

AKID = fakes.aws_key_id(491)
RELOAD_WAIT = 90.0


def _wait_for_log(proxy, needle: str, after: int) -> None:
    deadline = time.monotonic() + RELOAD_WAIT
    while needle not in proxy.log[after:]:
        assert time.monotonic() < deadline, f"no {needle!r} in the log:\n{proxy.log[after:][-2000:]}"
        time.sleep(0.2)


def _sent(proxy, upstream) -> bytes:
    upstream.received.clear()
    sock = L.tunnel(proxy, "api.openai.com")
    try:
        sock.sendall(L.chat_request(f"the key is {AKID}"))
        answer = L.read_all(sock, wait=20)
    finally:
        sock.close()
    assert L.status_of(answer) == 200, answer[:300]
    (received,) = upstream.received
    return received.body


def test_a_policy_others_may_write_is_not_reloaded(tmp_path, proxy_factory, upstream):
    home = tmp_path / "policy-folder"
    home.mkdir(mode=0o755)
    policy = home / "policy.yaml"
    shutil.copy(ROOT / "addons" / "core" / "default_policy.yaml", policy)
    policy.chmod(0o644)
    proxy = proxy_factory("--set", f"exitguard_policy={policy}")
    assert AKID.encode() not in _sent(proxy, upstream)
    mark = len(proxy.log)
    policy.chmod(0o666)  # left writable by everyone: another user's edit follows
    policy.write_text(policy.read_text().replace("mode: enforce", "mode: report"))
    _wait_for_log(proxy, "INVALID, keeping the previous version in force", mark)
    assert "group/others may change it" in proxy.log[mark:]
    assert AKID.encode() not in _sent(proxy, upstream)


def test_a_start_on_a_policy_others_may_write_is_refused(tmp_path):
    policy = tmp_path / "policy.yaml"
    shutil.copy(ROOT / "addons" / "core" / "default_policy.yaml", policy)
    policy.chmod(0o666)
    run = subprocess.run([str(ROOT / ".venv" / "bin" / "mitmdump"), "--listen-host", "127.0.0.1", "--listen-port",
                          "0", "--set", f"confdir={tmp_path / 'conf'}", "-s", str(harness.BUNDLE),
                          "--set", f"exitguard_policy={policy}"], capture_output=True, text=True, timeout=120,
                         cwd=ROOT)
    out = run.stdout + run.stderr
    assert run.returncode != 0 and "group/others may change it" in out, out[-2000:]
