"""A local user reads a reviewer's approver token from a file the reviewer left readable (saved from
`exitguard token add` under umask 022: 0644) or planted it there themselves (theirs: the reviewer then approves as
them). `exitguard approvals approve --token-file` read any file; the control file and every key file are refused
when loose (attack7/8), so the credential that approves is held to the same rule, while a pipe (`<(pass show x)`)
still works."""

from __future__ import annotations

import asyncio
import os

import pytest

from tests.approval.support import chat_flow, start_hold
from tests.approval.test_control import exitguard


async def held_with_token_file(serving, tmp_path, mode: int):
    """A request held for agent-7, and bob's approver token saved at `mode`: (the hold's task, its id, the file)."""
    guard, approval, _ = serving
    task = await start_hold(guard, approval, chat_flow(identity="agent-7"))
    path = tmp_path / "approver.token"
    path.write_text("tok-bob\n")
    os.chmod(path, mode)
    return task, approval.listing()[0]["id"], path


async def test_an_approver_token_file_others_may_read_is_refused_and_nothing_is_decided(served, capsys,
                                                                                        tmp_path):
    _, approval, control_file = served
    task, approval_id, path = await held_with_token_file(served, tmp_path, 0o644)
    code, out, err = await exitguard(capsys, "approvals", "approve", approval_id, "--token-file", str(path),
                                     "--control", str(control_file))
    assert code == 2 and out == ""
    assert f"{path} has mode 0644" in err and "tok-bob" not in err
    assert approval.listing()[0]["state"] == "held" and not task.done()
    os.chmod(path, 0o600)
    code, out, err = await exitguard(capsys, "approvals", "approve", approval_id, "--token-file", str(path),
                                     "--control", str(control_file))
    assert code == 0 and f"approved {approval_id} as bob" in out, err
    await asyncio.wait_for(task, 2)


@pytest.mark.root
async def test_an_approver_token_file_another_user_owns_is_refused(served, capsys, tmp_path):
    _, approval, control_file = served
    task, approval_id, path = await held_with_token_file(served, tmp_path, 0o600)
    os.chown(path, 65534, 65534)  # nobody's: whoever owns it chose what the reviewer sends
    code, _, err = await exitguard(capsys, "approvals", "approve", approval_id, "--token-file", str(path),
                                   "--control", str(control_file))
    assert code == 2 and f"{path} is owned by" in err and "tok-bob" not in err
    assert approval.listing()[0]["state"] == "held" and not task.done()


async def test_an_approver_token_from_a_pipe_still_approves(served, capsys):
    guard, approval, control_file = served
    task = await start_hold(guard, approval, chat_flow(identity="agent-7"))
    approval_id = approval.listing()[0]["id"]
    read_end, write_end = os.pipe()  # what `--token-file <(pass show exitguard)` passes
    os.write(write_end, b"tok-bob\n")
    os.close(write_end)
    try:
        code, out, err = await exitguard(capsys, "approvals", "approve", approval_id, "--token-file",
                                         f"/dev/fd/{read_end}", "--control", str(control_file))
    finally:
        os.close(read_end)
    assert code == 0 and f"approved {approval_id} as bob" in out, err
    await asyncio.wait_for(task, 2)
