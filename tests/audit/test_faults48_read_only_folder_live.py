"""faults48 (EVASION.md section 5, "the record folder made read-only while recording"): the suite runs as root, which
ignores a folder's mode, and the project's Python lives under /root (no other user can run the proxy), so the
``chmod 500`` of a non-root deployment is played two ways that bind root too: ``chattr +i`` on the folder (as
``chmod 500``: the open files still take writes, no file can be made, renamed or removed in it) and a read-only bind
mount over it (the open files still take writes, nothing can be opened for writing through the path). Held either
way: the open files keep taking records; the next rotation cannot open its files, so guarded traffic gets 503
``exitguard_audit_unavailable`` and the log says why; once writable again it is served and recorded, no restart;
every answered flow is on record and the folder verifies. Marked ``root`` and ``tool`` (chattr, mount)."""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from addons.audit import index as auditlog
from tests.hostile import live_support as L
from tests.live import harness

pytestmark = [pytest.mark.live, pytest.mark.root, pytest.mark.tool]


def immutable(folder: Path) -> Callable[[], None]:
    subprocess.run(["chattr", "+i", str(folder)], check=True, capture_output=True)
    return lambda: subprocess.run(["chattr", "-i", str(folder)], check=True)


def read_only_mount(folder: Path) -> Callable[[], None]:
    subprocess.run(["mount", "--bind", str(folder), str(folder)], check=True, capture_output=True)
    try:
        subprocess.run(["mount", "-o", "remount,bind,ro", str(folder)], check=True, capture_output=True)
    except subprocess.CalledProcessError:
        subprocess.run(["umount", str(folder)], check=True)
        raise
    return lambda: subprocess.run(["umount", str(folder)], check=True)


def post(proxy: harness.Proxy, text: str) -> tuple[int | None, bytes]:
    t = L.tunnel(proxy, timeout=30)
    t.sendall(L.chat_request(text))
    answer = L.read_all(t, wait=30)
    t.close()
    return L.status_of(answer), answer


@pytest.mark.parametrize("make_read_only", [immutable, read_only_mount], ids=["chattr", "ro-bind-mount"])
def test_a_read_only_record_folder_keeps_its_open_files_then_refuses_at_rotation_and_recovers(
        tmp_path, proxy_factory, upstream, make_read_only):
    if shutil.which("chattr") is None or shutil.which("mount") is None:
        pytest.skip("needs chattr and mount")
    records = tmp_path / "records"
    proxy = proxy_factory("--set", f"exitguard_record_dir={records}", "--set", "exitguard_record_rotate=size:1m",
                          "--set", "exitguard_record_retry_ms=300")
    assert post(proxy, "before")[0] == 200
    try:
        undo = make_read_only(records)
    except subprocess.CalledProcessError as e:
        pytest.skip(f"cannot make the folder read-only here: {e.stderr!r}")
    answered: list[str] = ["before"]
    try:
        # The open pair is still at its names and still writable: served and recorded.
        for n in range(3):
            status, _ = post(proxy, f"while read-only {n}")
            assert status == 200, proxy.log[-2000:]
            answered.append(f"while read-only {n}")
        # Past the rotation size: the next record needs a new pair, which cannot be made.
        big = "lorem ipsum " * (1100 * 1024 // 12)
        sent = len(upstream.received)
        statuses = []
        for n in range(4):
            status, answer = post(proxy, f"{big} {n}")
            statuses.append(status)
            if status == 200:
                answered.append(f"big {n}")
            else:
                assert status == 503 and b"exitguard_audit_unavailable" in answer, answer[:300]
        assert 503 in statuses, statuses
        assert "CANNOT WRITE the audit record" in proxy.log, proxy.log[-3000:]
        status, answer = post(proxy, "refused before it leaves")
        assert status == 503 and len(upstream.received) <= sent + len(statuses)
    finally:
        undo()
    deadline = time.monotonic() + 30
    while (status := post(proxy, "after")[0]) != 200:
        assert time.monotonic() < deadline, proxy.log[-3000:]
        time.sleep(0.3)
    answered.append("after")
    proxy.stop()
    verify = subprocess.run([str(harness.ROOT / ".venv" / "bin" / "exitguard"), "audit", "verify", "--dir",
                             str(records)], capture_output=True, text=True, timeout=120, cwd=harness.ROOT,
                            env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(harness.ROOT)})
    assert verify.returncode == 0, verify.stdout + verify.stderr
    ok = [r for _, _, r in auditlog.read_records(auditlog.index_files(records))
          if r.get("event") == "flow" and r.get("status") == 200]
    assert len(ok) >= len(answered), (json.dumps(ok)[:2000], answered)  # every answered flow is on record
