"""Attack (attack9), live: a request held for approval is approved after the agent's token was revoked or after the
policy was made stricter; through a real mitmdump, the openai SDK and the real `exitguard` CLI (token revoke,
approvals approve). Before the fix both went upstream as they had been checked when they arrived (in-process:
tests/approval/test_attack_held_after_check.py)."""

from __future__ import annotations

import subprocess
import time

import pytest

from tests.approval.support import CODENAME, POLICY
from tests.approval.test_live import (  # noqa: F401  (fixtures)
    EXITGUARD,
    Background,
    approvers,
    exitguard,
    start,
    wait_for_pending,
)
from tests.live import harness

pytestmark = pytest.mark.live

RELOAD_WAIT = 4.0  # the policy watcher looks every ~2 s; the token file every second


def test_an_approval_after_the_agents_token_was_revoked_sends_nothing(start, upstream, approvers):  # noqa: F811
    proxy, control = start("--set", "exitguard_auth=required")
    client = Background(proxy, f"launch plan for {CODENAME}",
                        HTTPS_PROXY=f"http://agent-7:{approvers['agent-7']}@127.0.0.1:{proxy.port}")
    pending = wait_for_pending(control)
    revoked = subprocess.run([str(EXITGUARD), "token", "--file", approvers["file"], "revoke", "agent-7"],
                             capture_output=True, text=True, timeout=20, cwd=harness.ROOT)
    assert revoked.returncode == 0, revoked.stderr
    time.sleep(2.5)
    r = exitguard("approve", pending["id"], "--control", str(control), approver=approvers["alice"])
    # polish58: the approver is told it was not sent, and why (before: "1 waiting request(s) released", exit 0)
    assert r.returncode == 3 and "1 not sent: its caller's proxy credential is no longer valid" in r.stdout, r.stdout
    result = client.result()
    assert result.get("status") == 407 and "revoked" in result["message"], result
    assert upstream.received == []


def test_an_approval_after_the_policy_blocks_the_value_sends_nothing(start, upstream, approvers, tmp_path):  # noqa: F811
    proxy, control = start()
    client = Background(proxy, f"launch plan for {CODENAME}")
    pending = wait_for_pending(control)
    (tmp_path / "approval-policy.yaml").write_text(POLICY.format(mode="enforce").replace(
        "project-codename: {request: approve}", "project-codename: {request: block}"))
    time.sleep(RELOAD_WAIT)
    r = exitguard("approve", pending["id"], "--control", str(control), approver=approvers["alice"])
    # polish58 (newuser56): "1 waiting request(s) released" and exit 0 were printed of this 409
    assert r.returncode == 3 and "released" not in r.stdout, r.stdout + r.stderr
    assert "1 not sent: the policy or rules changed while it was held: its client got 409" in r.stdout, r.stdout
    result = client.result()
    assert result.get("status") == 409 and "policy" in result["message"], result
    assert upstream.received == []
