"""The control endpoint and `exitguard approvals` in-process: real sockets, the real CLI, the real addon."""

from __future__ import annotations

import asyncio
import http.client
import json
import os
import stat

import pytest
from mitmproxy.test import taddons

from addons.approval.approval import Approval
from addons.cli import main as cli
from addons.core import metakeys
from addons.guard.guard import Guard
from tests.approval.support import CODENAME, chat_flow, start_hold


@pytest.fixture
async def served(installed, tmp_path):
    guard, approval = Guard(), Approval()
    control_file = tmp_path / "ctl" / "exitguard-control.json"
    with taddons.context(guard, approval) as tctx:
        tctx.configure(approval, exitguard_approval_timeout=5, exitguard_control_file=str(control_file))
        await approval.running()
        yield guard, approval, control_file
        approval.done()


async def exitguard(capsys, *argv: str) -> tuple[int, str, str]:
    code = await asyncio.to_thread(cli.main, list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


async def test_list_and_approve_through_the_cli(served, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")  # a wide terminal: rich folds cells on narrow ones
    guard, approval, control_file = served
    assert stat.S_IMODE(os.stat(control_file).st_mode) == 0o600
    f = chat_flow(identity="agent-7")
    task = await start_hold(guard, approval, f)
    code, out, _ = await exitguard(capsys, "approvals", "list", "--control", str(control_file))
    approval_id = approval.listing()[0]["id"]
    assert code == 0 and approval_id in out and "agent-7" in out and "[MASKED:project-codename:" in out
    assert CODENAME not in out
    code, out, _ = await exitguard(capsys, "approvals", "list", "--json", "--control", str(control_file))
    assert json.loads(out)[0]["id"] == approval_id
    code, out, err = await exitguard(capsys, "approvals", "approve", approval_id, "--for", "10m", "--as", "alice",
                                     "--control", str(control_file))
    assert code == 0, err
    assert f"approved {approval_id} as alice" in out and "1 waiting request(s) released" in out
    await asyncio.wait_for(task, 2)
    assert f.metadata[metakeys.APPROVAL]["decider"] == "alice" and f.metadata[metakeys.APPROVAL]["window_s"] == 600
    code, out, err = await exitguard(capsys, "approvals", "deny", approval_id, "--control", str(control_file))
    assert code == 1 and "already approved by alice" in err


async def test_deny_self_approval_and_bad_ids_through_the_cli(served, capsys):
    guard, approval, control_file = served
    f = chat_flow(identity="alice")
    task = await start_hold(guard, approval, f)
    approval_id = approval.listing()[0]["id"]
    code, _, err = await exitguard(capsys, "approvals", "approve", approval_id, "--as", "alice",
                                   "--control", str(control_file))
    assert code == 1 and "self-approval refused" in err
    code, _, err = await exitguard(capsys, "approvals", "approve", "deadbeef", "--control", str(control_file))
    assert code == 1 and "no approval 'deadbeef'" in err
    code, _, err = await exitguard(capsys, "approvals", "approve", approval_id, "--for", "soon",
                                   "--control", str(control_file))
    assert code == 2 and "--for" in err
    code, out, _ = await exitguard(capsys, "approvals", "deny", approval_id, "--reason", "not with customer names",
                                   "--as", "bob", "--control", str(control_file))
    assert code == 0 and "denied" in out
    await asyncio.wait_for(task, 2)
    assert "not with customer names" in f.response.json()["error"]["message"]
    assert f.metadata[metakeys.APPROVAL]["decider"] == "bob"


async def test_the_endpoint_wants_the_token(served):
    _, _, control_file = served
    url = json.loads(control_file.read_text())["url"]
    host, port = url.removeprefix("http://").rsplit(":", 1)
    assert host == "127.0.0.1"

    def call(headers):
        conn = http.client.HTTPConnection(host, int(port), timeout=5)
        conn.request("GET", "/v1/approvals", headers=headers)
        r = conn.getresponse()
        return r.status, r.read()

    status, body = await asyncio.to_thread(call, {})
    assert status == 401 and b"token" in body
    status, _ = await asyncio.to_thread(call, {"Authorization": "Bearer guessed"})
    assert status == 401
    token = json.loads(control_file.read_text())["token"]
    status, body = await asyncio.to_thread(call, {"Authorization": f"Bearer {token}"})
    assert status == 200 and json.loads(body) == {"approvals": []}


async def test_unix_socket(installed, tmp_path, capsys):
    approval = Approval()
    sock, control_file = tmp_path / "ctl.sock", tmp_path / "ctl.json"
    with taddons.context(approval) as tctx:
        tctx.configure(approval, exitguard_control_listen=f"unix:{sock}", exitguard_control_file=str(control_file))
        await approval.running()
        assert stat.S_IMODE(os.stat(sock).st_mode) == 0o600
        code, out, err = await exitguard(capsys, "approvals", "list", "--control", str(control_file))
        assert code == 0 and "no requests are waiting" in out, err
        approval.done()
    assert not control_file.exists() and not sock.exists()


async def test_clear_errors_when_the_proxy_is_not_running(served, tmp_path, capsys):
    _, approval, control_file = served
    code, _, err = await exitguard(capsys, "approvals", "list", "--control", str(tmp_path / "missing.json"))
    assert code == 2 and "is the proxy running" in err
    stale = tmp_path / "stale.json"
    stale.write_text(control_file.read_text())
    approval.done()  # the proxy stops: its control file goes, the copy is stale
    assert not control_file.exists()
    code, _, err = await exitguard(capsys, "approvals", "list", "--control", str(stale))
    assert code == 2 and "not running" in err


def test_control_must_stay_on_loopback(installed):
    from mitmproxy import exceptions
    approval = Approval()
    with taddons.context(approval) as tctx:
        for bad in ("0.0.0.0:9000", "10.0.0.1:9000", "example.com:9000", "127.0.0.1"):
            with pytest.raises(exceptions.OptionsError):
                tctx.configure(approval, exitguard_control_listen=bad)
        tctx.configure(approval, exitguard_control_listen="[::1]:0")
        tctx.configure(approval, exitguard_control_listen="off")


async def test_list_all_shows_recent_decisions(served, capsys):
    guard, approval, control_file = served
    task = await start_hold(guard, approval, chat_flow())
    approval_id = approval.listing()[0]["id"]
    approval.decide(approval_id, "deny", "carol", "later")
    await asyncio.wait_for(task, 2)
    code, out, _ = await exitguard(capsys, "approvals", "list", "--control", str(control_file))
    assert code == 0 and "no requests are waiting" in out
    code, out, _ = await exitguard(capsys, "approvals", "list", "--all", "--json", "--control", str(control_file))
    (decided,) = json.loads(out)
    assert decided["id"] == approval_id and decided["state"] == "denied" and decided["decider"] == "carol"
