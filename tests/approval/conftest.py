"""Fixtures for the approval tests."""

import pytest
from mitmproxy.test import taddons

from addons.approval.approval import Approval
from addons.core import runtime
from addons.guard.guard import Guard
from tests.approval.support import check_credential, write_config
from tests.live.redis_server import RedisServer, free_port


@pytest.fixture
def installed(tmp_path):
    def install(mode="enforce"):
        policy, rules = write_config(tmp_path, mode)
        runtime.install(runtime.build(str(policy), [str(rules)], tmp_path / "fp.key"))
    install()
    yield install
    runtime.install(None)


@pytest.fixture
def ctx_approval(installed):
    """Guard and Approval in a mitmproxy test context (holds time out after 5 s): ``(tctx, guard, approval)``."""
    guard, approval = Guard(), Approval()
    with taddons.context(guard, approval) as tctx:
        tctx.configure(approval, exitguard_approval_timeout=5)
        yield tctx, guard, approval


@pytest.fixture
async def served(installed, tmp_path, monkeypatch):
    """Guard and Approval with the control endpoint running: ``(guard, approval, control_file)``."""
    monkeypatch.delenv("EXITGUARD_APPROVER_TOKEN", raising=False)
    monkeypatch.delenv("EXITGUARD_CONTROL", raising=False)
    guard, approval = Guard(), Approval(check_credential=check_credential)
    control_file = tmp_path / "ctl" / "exitguard-control.json"
    with taddons.context(guard, approval) as tctx:
        tctx.configure(approval, exitguard_approval_timeout=5, exitguard_control_file=str(control_file))
        await approval.running()
        yield guard, approval, control_file
        approval.done()


@pytest.fixture
def redis_server(tmp_path):
    """A real redis-server on loopback for one test (the shared-approval tests are marked ``tool``)."""
    server = RedisServer(tmp_path / "redis", free_port()).start()
    yield server
    server.stop()
