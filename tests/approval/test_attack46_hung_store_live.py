"""attack46 (EVASION.md section 5, "the shared state store hangs"): a real mitmdump sharing approvals through a real
redis-server that is stopped with SIGSTOP (the kernel still accepts connections; nothing answers), then continued.

Held before the fix: requests that need no approval keep flowing, a new request that needs approval, the CLI's
listing and a decision each get a clear error naming the store within a few seconds, and everything works again
after SIGCONT without a restart. Fixed: a request already held waited for its full deadline (the subscription stayed
"linked"), and only then got its 503; now the silent subscription is dropped within about 10 s and the held request
gets its 503 then, recorded with approval state ``lost``."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time

import pytest

from addons.audit import index as auditlog
from addons.cli.approvals import ControlClient, ControlError
from tests.approval.support import CODENAME
from tests.approval.test_live import (  # noqa: F401  (approvers: a fixture)
    Background,
    approval_options,
    approvers,
    exitguard,
    wait_for_control,
    wait_for_pending,
)
from tests.hostile.test_live_faults import post
from tests.live import harness

pytestmark = [pytest.mark.live, pytest.mark.tool]

HOLD_S = 90  # the approval timeout: far beyond what the held request may wait once the store hangs


def test_a_hung_store_fails_every_approval_path_closed_and_recovers_after_sigcont(tmp_path, proxy_factory, upstream,
                                                                                   approvers, redis_server):  # noqa: F811
    control, records = tmp_path / "exitguard-control.json", tmp_path / "records"
    proxy = proxy_factory(*approval_options(tmp_path, approvers, HOLD_S), "--set",
                          f"exitguard_state={redis_server.url}", "--set", f"exitguard_record_dir={records}")
    wait_for_control(control)
    held = Background(proxy, f"plan for {CODENAME}, held", timeout=HOLD_S + 30)
    pending = wait_for_pending(control, timeout=30)
    os.kill(redis_server.proc.pid, signal.SIGSTOP)
    try:
        assert post(proxy, "needs no approval")[0] == 200  # the proxy keeps serving what needs no store
        listed = exitguard("list", "--json", "--control", str(control))
        assert listed.returncode != 0 and "shared state store (Redis at redis://127.0.0.1" in listed.stderr
        denied = exitguard("deny", pending["id"], "--as", "bob", "--control", str(control))
        assert denied.returncode != 0 and "shared state store" in denied.stderr, denied.stdout + denied.stderr
        fresh = Background(proxy, f"plan for {CODENAME}, new", timeout=60).result(timeout=60)
        assert fresh["status"] == 503 and "approvals are unavailable" in fresh["message"], fresh
        # Before the fix: still waiting here, until its 90 s deadline.
        failed = held.result(timeout=45)
        assert failed["status"] == 503 and f"held for approval {pending['id']}" in failed["message"], failed
        assert "decision cannot arrive" in failed["message"]
    finally:
        os.kill(redis_server.proc.pid, signal.SIGCONT)
    deadline = time.monotonic() + 60  # relinked without a restart (backoff at most 2 s)
    while True:
        again = Background(proxy, f"plan for {CODENAME}, after", timeout=60)
        if fresh_id := held_id(control, other_than=pending["id"], timeout=10):
            break
        assert again.result(timeout=30)["status"] == 503, "neither held nor failed closed"
        assert time.monotonic() < deadline, proxy.log[-3000:]
    decided = exitguard("deny", fresh_id, "--as", "bob", "--control", str(control))
    assert decided.returncode == 0, decided.stderr
    assert again.result(timeout=30)["status"] == 403
    proxy.stop()
    verify = subprocess.run([str(harness.ROOT / ".venv" / "bin" / "exitguard"), "audit", "verify", "--dir",
                             str(records)], capture_output=True, text=True, timeout=60, cwd=harness.ROOT,
                            env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(harness.ROOT)})
    assert verify.returncode == 0, verify.stdout + verify.stderr
    flows = [r for _, _, r in auditlog.read_records(auditlog.index_files(records)) if r.get("event") == "flow"]
    states = [(r.get("approval") or {}).get("state") for r in flows]
    assert "lost" in states and "unavailable" in states and "denied" in states, json.dumps(states)
    assert CODENAME not in proxy.log


def held_id(control, other_than: str, timeout: float) -> str | None:
    """The id of an approval held now other than ``other_than`` (the one the hang failed closed is listed as held
    until the replica, linked again, marks it lost), or None after ``timeout``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            listed = ControlClient.from_file(control).call("GET", "/v1/approvals")["approvals"]
        except ControlError:
            listed = []
        if ids := [p["id"] for p in listed if p["id"] != other_than]:
            return ids[0]
        time.sleep(0.1)
    return None
