"""attack46 (EVASION.md section 5, "the proxy at its fd limit"): a real mitmdump lowered to 64 open files
(``prlimit``) and filled with idle client connections. Held: a guarded request then gets no answer at all (the
kernel queues its connection, the proxy cannot accept it: the client's own timeout ends it), never one that was not
recorded; once the idle connections close the proxy serves and records again without a restart, and the record
folder verifies. The log says ``Too many open files`` (asyncio's accept loop, about once per attempt)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time

import pytest

from addons.audit import index as auditlog
from tests.hostile.test_live_faults import post
from tests.live import harness

pytestmark = pytest.mark.live


@pytest.mark.skipif(shutil.which("prlimit") is None, reason="needs prlimit (util-linux)")
def test_a_proxy_out_of_file_descriptors_answers_nothing_unrecorded_and_recovers(tmp_path, proxy_factory, upstream):
    records = tmp_path / "records"
    proxy = proxy_factory("--set", f"exitguard_record_dir={records}", "--set", "exitguard_record_retry_ms=300")
    assert post(proxy, "before")[0] == 200
    subprocess.run(["prlimit", "--pid", str(proxy.proc.pid), "--nofile=64:64"], check=True)
    idle = [socket.create_connection(("127.0.0.1", proxy.port), timeout=5) for _ in range(80)]
    try:
        sent = len(upstream.received)
        try:
            status, _ = post(proxy, "at the limit")
        except OSError:  # the CONNECT itself was never answered (the tunnel helper's 10 s)
            status = None
        assert status != 200 and len(upstream.received) == sent  # nothing went out, nothing unrecorded came back
        assert "Too many open files" in proxy.log
    finally:
        for conn in idle:
            conn.close()
    deadline = time.monotonic() + 30
    while post(proxy, "after")[0] != 200:
        assert time.monotonic() < deadline, proxy.log[-2000:]
        time.sleep(0.3)
    proxy.stop()
    verify = subprocess.run([str(harness.ROOT / ".venv" / "bin" / "exitguard"), "audit", "verify", "--dir",
                             str(records)], capture_output=True, text=True, timeout=60, cwd=harness.ROOT,
                            env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(harness.ROOT)})
    assert verify.returncode == 0, verify.stdout + verify.stderr
    statuses = [r.get("status") for _, _, r in auditlog.read_records(auditlog.index_files(records))
                if r.get("event") == "flow"]
    assert statuses.count(200) >= 2  # before and after, each on record
