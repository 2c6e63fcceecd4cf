"""newuser52 (newuser51's leftover): a proxy killed with SIGKILL leaves its control file behind. With a second proxy
running, `exitguard approvals list` offered both ("2 proxies have control files; choose one"), the dead one as if it
ran. Now every control file found in the confdir is asked to prove its listener (the hello proof, before any
credential is sent): a dead one (nothing listens, its pid gone) or a copy whose token the listener does not hold is
named on stderr as stale, never offered and never used; with no live proxy the error names each file and why."""

from __future__ import annotations

import json
import signal

import pytest

from tests.live import harness
from tests.live.console import wait_until

pytestmark = pytest.mark.live


def _start(tmp_path, folder, name: str) -> harness.Proxy:
    proxy = harness.start_proxy(tmp_path / name, None, "--set", f"exitguard_control_file={folder / name}",
                                "--set", f"exitguard_record_dir={tmp_path / name / 'rec'}")
    # the control file is written just after the proxy's "listening at" line that start_proxy waits for
    wait_until(lambda: "approval control endpoint at" in proxy.log or None, "the proxy wrote its control file")
    return proxy


def test_a_killed_proxys_control_file_is_named_stale_and_never_used(tmp_path):
    folder = tmp_path / "ctl"
    folder.mkdir(mode=0o700)
    dead_name, live_name = "exitguard-control-127.0.0.1_18181.json", "exitguard-control-127.0.0.1_18282.json"
    dead = _start(tmp_path, folder, dead_name)
    live = _start(tmp_path, folder, live_name)
    try:
        dead_pid = json.loads((folder / dead_name).read_text())["pid"]
        dead.stop(signal.SIGKILL)  # no shutdown hook runs: the file stays, as after a crash or an OOM kill
        assert (folder / dead_name).exists()
        # a copy of the live proxy's file with another token: its listener answers, but cannot prove the token
        impostor = {**json.loads((folder / live_name).read_text()), "token": "not-the-live-proxys-token"}
        (folder / "exitguard-control-127.0.0.1_18383.json").write_text(json.dumps(impostor))
        (folder / "exitguard-control-127.0.0.1_18383.json").chmod(0o600)

        ran = harness.exitguard("approvals", "list", "--confdir", str(folder))
        # before: status 2, "3 proxies have control files ...; choose one ...: --proxy 127.0.0.1:18181, ..."
        assert ran.returncode == 0 and "no requests are waiting" in ran.stdout, (ran.stdout, ran.stderr)
        lines = ran.stderr.splitlines()
        assert len(lines) == 2, lines
        [gone] = [line for line in lines if dead_name in line]
        assert gone.startswith(f"exitguard approvals: ignoring stale control file {folder / dead_name}: no proxy "
                               "listens at http://127.0.0.1:"), gone
        assert f"its proxy (pid {dead_pid}) is gone" in gone, gone
        [other] = [line for line in lines if "18383" in line]
        assert "is not the proxy that wrote it" in other and "nothing was sent to it" in other, other
        assert "not-the-live-proxys-token" not in ran.stderr + ran.stdout

        # named on purpose, the dead one is refused with the same reason, not used
        ran = harness.exitguard("approvals", "list", "--confdir", str(folder), "--proxy", "127.0.0.1:18181")
        assert ran.returncode == 2 and ran.stdout == "", ran
        assert f"stale control file {folder / dead_name}: no proxy listens at" in ran.stderr, ran.stderr

        live.stop(signal.SIGKILL)
        ran = harness.exitguard("approvals", "list", "--confdir", str(folder))
        assert ran.returncode == 2 and ran.stdout == "", ran
        [line] = ran.stderr.splitlines()
        assert line.startswith(f"exitguard approvals: no proxy is running for the control file(s) in {folder}"), line
        assert dead_name in line and live_name in line and "18383" in line, line
    finally:
        dead.stop(signal.SIGKILL)
        live.stop(signal.SIGKILL)
