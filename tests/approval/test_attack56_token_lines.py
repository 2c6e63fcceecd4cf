"""attack56: an approver token file of two lines (a note above the token, a second token pasted below). The CLI read
the file whole and stripped its ends only, so the line break stayed inside the token, and http.client refused the
header value with a ValueError that quoted it: a traceback on stderr (a recorded terminal, a kept CI log) held the
approver token. The token file is one line: more is refused naming the file, never what it holds, nothing sent."""

from __future__ import annotations

import os

import pytest

from tests.approval.support import chat_flow, start_hold
from tests.approval.test_control import exitguard

TOKEN = "tok-bob"


@pytest.mark.parametrize("content", [f"# bob's approver token\n{TOKEN}\n", f"{TOKEN}\nsecond-line\n",
                                     f"{TOKEN}\r\nsecond-line", f"{TOKEN}\tx"])
async def test_an_approver_token_file_of_more_than_one_line_is_refused_without_its_content(served, capsys, tmp_path,
                                                                                         content):
    """Fails before: a traceback quoting the token (exit 1), the approval still held."""
    guard, approval, control_file = served
    task = await start_hold(guard, approval, chat_flow(identity="agent-7"))
    approval_id = approval.listing()[0]["id"]
    path = tmp_path / "approver.token"
    path.write_text(content)
    os.chmod(path, 0o600)
    try:
        code, out, err = await exitguard(capsys, "approvals", "approve", approval_id, "--token-file", str(path),
                                         "--control", str(control_file))
    except ValueError as e:  # before: the CLI's own traceback, whose last line is this
        code, out, err = 1, "", f"Traceback ... ValueError: {e}"
    assert TOKEN not in out + err and "second-line" not in err and "bob's" not in err
    assert code == 2 and f"--token-file {path}" in err and "one line" in err, err
    assert approval.listing()[0]["state"] == "held" and not task.done()
    path.write_text(f"{TOKEN}\n")  # the token alone, as `exitguard token add NAME > FILE` writes it
    code, out, err = await exitguard(capsys, "approvals", "approve", approval_id, "--token-file", str(path),
                                     "--control", str(control_file))
    assert code == 0 and f"approved {approval_id} as bob" in out, err


async def test_an_approver_token_in_the_environment_of_two_lines_is_refused_without_it(served, capsys, monkeypatch):
    guard, approval, control_file = served
    task = await start_hold(guard, approval, chat_flow(identity="agent-7"))
    approval_id = approval.listing()[0]["id"]
    monkeypatch.setenv("EXITGUARD_APPROVER_TOKEN", f"{TOKEN}\nsecond-line")
    try:
        code, out, err = await exitguard(capsys, "approvals", "approve", approval_id, "--control", str(control_file))
    except ValueError as e:  # before: the traceback's last line
        code, out, err = 1, "", f"Traceback ... ValueError: {e}"
    assert TOKEN not in out + err and code == 2 and "EXITGUARD_APPROVER_TOKEN is not one line" in err, err
    assert approval.listing()[0]["state"] == "held" and not task.done()
