"""attack46 (EVASION.md section 5): the record folder removed or renamed under a running mitmdump. Before the fix
every guarded answer after it was served 200 with its record written into files nobody could read (no log line)
until the next hourly rotation. Now the round that finds its files gone fails: that answer is a 503
(``exitguard_audit_unavailable``), the log says why, and recording starts again at the folder's name (made again)
with a ``recorder_resumed`` record; the new folder verifies."""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from tests.hostile.test_live_faults import post, wait_for_log
from tests.live import harness

pytestmark = pytest.mark.live

EXITGUARD = harness.ROOT / ".venv" / "bin" / "exitguard"
CHECKOUT_ENV = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(harness.ROOT)}


def audit(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(EXITGUARD), "audit", *args], capture_output=True, text=True, timeout=60,
                          cwd=harness.ROOT, env=CHECKOUT_ENV)


def remove(folder: Path) -> None:
    shutil.rmtree(folder)


def rename(folder: Path) -> None:
    folder.rename(folder.with_name("records.moved"))


@pytest.mark.parametrize("change", [remove, rename], ids=["removed", "renamed"])
def test_a_record_folder_that_leaves_its_name_fails_closed_then_records_again(tmp_path, proxy_factory, upstream,
                                                                               change):
    records = tmp_path / "records"
    proxy = proxy_factory("--set", f"exitguard_record_dir={records}", "--set", "exitguard_record_retry_ms=300")
    assert post(proxy, "first")[0] == 200
    change(records)
    status, answer = post(proxy, "after the change")
    assert status == 503 and b"exitguard_audit_unavailable" in answer, answer[:300]
    # The line is printed before the answer leaves, but the harness reads the proxy's output on a thread of its own.
    wait_for_log(proxy, "was removed or replaced in the record folder", 0)
    deadline = time.monotonic() + 20  # exitguard_record_retry_ms is 300
    while post(proxy, "recorded again")[0] != 200:
        assert time.monotonic() < deadline, proxy.log[-2000:]
        time.sleep(0.3)
    verified = audit("verify", "--dir", str(records))
    assert verified.returncode == 0, verified.stdout + verified.stderr
    listed = audit("list", "--json", "--dir", str(records))
    events = [json.loads(line) for line in listed.stdout.splitlines()]
    assert events[0]["event"] == "recorder_resumed" and events[0]["unrecorded_flows"] >= 1
    assert any(e.get("event") == "flow" and e.get("status") == 200 for e in events)
