"""Attack (attack9, time of check / time of use): a request is inspected and held under the policy and the
identity in force when it arrived; a person approves it later, maybe minutes later, from a webhook link or Slack.
Meanwhile the operator made the policy stricter (the value it was held for is now `block`), or revoked the agent's
token. The approval released it as it was checked: the value went upstream under a policy that blocks it, or for a
caller who no longer exists. Now an approved request leaves only if the policy and rules it was checked under are
still in force (else 409 `exitguard_policy_changed`: the SDKs retry, and the retry is checked under the new
policy) and its caller's credential is still valid (else 407)."""

from __future__ import annotations

import asyncio

import pytest
from mitmproxy.test import taddons

from addons.approval.approval import Approval
from addons.core import metakeys, runtime
from addons.guard.guard import Guard
from tests.approval.support import CODENAME, POLICY, RULES, chat_flow, start_hold
from tests.flows import on_the_wire


@pytest.fixture
def held(installed):
    refused: list = []

    def recheck(flow) -> bool:  # stands in for Identity.refuse_stale_caller (tests/identity covers the real one)
        if flow.metadata.get(metakeys.IDENTITY) in refused:
            flow.response = None
            from addons.core import responses
            responses.refuse(flow, 407, "exitguard_proxy_auth", "proxy authentication failed: revoked", "deny")
            return True
        return False

    guard, approval = Guard(), Approval(recheck_caller=recheck)
    with taddons.context(guard, approval) as tctx:
        tctx.configure(approval, exitguard_approval_timeout=5)
        yield guard, approval, refused


def stricter_runtime(tmp_path, codename_action: str = "block") -> runtime.Runtime:
    (tmp_path / "stricter.yaml").write_text(POLICY.format(mode="enforce").replace(
        "project-codename: {request: approve}", f"project-codename: {{request: {codename_action}}}"))
    (tmp_path / "rules.yaml").write_text(RULES)
    return runtime.build(str(tmp_path / "stricter.yaml"), [str(tmp_path / "rules.yaml")], tmp_path / "fp.key")


async def test_a_request_approved_after_the_policy_changed_is_not_sent(held, tmp_path):
    guard, approval, _ = held
    f = chat_flow(identity="agent-7")
    task = await start_hold(guard, approval, f)
    assert f.intercepted
    runtime.install(stricter_runtime(tmp_path))  # the watcher reloaded a policy that blocks the code name
    (pending,) = approval.listing()
    approval.decide(pending["id"], "approve", "alice")
    await asyncio.wait_for(task, 2)
    assert f.response is not None and f.response.status_code == 409
    assert f.response.json()["error"]["code"] == "exitguard_policy_changed"
    assert CODENAME not in f.request.get_text()  # the held original was not put back
    assert f.metadata[metakeys.APPROVAL]["state"] == "policy_changed"
    assert f.metadata[metakeys.DECISION] == "denied"


async def test_a_request_approved_after_its_token_was_revoked_is_not_sent(held):
    guard, approval, refused = held
    f = chat_flow(identity="agent-7")
    task = await start_hold(guard, approval, f)
    refused.append("agent-7")  # exitguard token revoke agent-7, while the request waits
    (pending,) = approval.listing()
    approval.decide(pending["id"], "approve", "alice")
    await asyncio.wait_for(task, 2)
    assert f.response is not None and f.response.status_code == 407
    assert CODENAME not in f.request.get_text()
    assert f.metadata[metakeys.APPROVAL]["state"] == "caller_refused"


async def test_an_approval_under_the_same_policy_and_a_valid_caller_is_sent(held, installed):
    guard, approval, _ = held
    f = chat_flow(identity="agent-7")
    task = await start_hold(guard, approval, f)
    installed()  # the same files loaded again (an editor saved them unchanged): nothing changed
    (pending,) = approval.listing()
    approval.decide(pending["id"], "approve", "alice")
    await asyncio.wait_for(task, 2)
    assert f.response is None and CODENAME in on_the_wire(f).get_text()
    assert CODENAME not in f.request.get_text()  # the console shows it masked (wire40)
    assert f.metadata[metakeys.APPROVAL]["state"] == "approved"
