"""newuser53: `exitguard approvals list` showed a held multipart upload as a byte dump, a `\\x0d` at the end of every
line and each part's raw header block. A reviewer reads its parts (name, file name, content type, size) and its
text with CRLF line ends as lines; a lone CR and every escape sequence are still written out, and no value the
engine finds is shown, in a part's text or in its file name."""

from __future__ import annotations

import asyncio
import json

from mitmproxy.test import taddons

from addons.approval.approval import Approval
from addons.cli.approvals import print_table
from addons.guard.guard import Guard
from tests.approval.support import CODENAME, TOKEN, chat_flow, start_hold
from tests.approval.test_control import exitguard

BOUNDARY = "eg-form-7f3a"
UPLOAD = (f"--{BOUNDARY}\r\n"
          'Content-Disposition: form-data; name="purpose"\r\n\r\n'
          "assistants\r\n"
          f"--{BOUNDARY}\r\n"
          f'Content-Disposition: form-data; name="file"; filename="plan-{CODENAME}.txt"\r\n'
          "Content-Type: text/plain\r\n\r\n"
          f"launch of {CODENAME}\r\nvendor key {TOKEN}\r\nthe third line\x1b[2K\rall is well\r\n"
          f"--{BOUNDARY}--\r\n").encode()


def upload_flow():
    f = chat_flow(path="/v1/files")
    f.request.headers["content-type"] = f"multipart/form-data; boundary={BOUNDARY}"
    f.request.content = UPLOAD
    return f


async def test_a_held_upload_is_previewed_part_by_part_as_lines(served, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "220")
    guard, approval, control_file = served
    flow = upload_flow()
    task = await start_hold(guard, approval, flow)
    listing = approval.listing()
    code, out, err = await exitguard(capsys, "approvals", "list", "--control", str(control_file))
    approval.decide(listing[0]["id"], "deny", "carol", "done")
    await asyncio.wait_for(task, 2)
    assert code == 0, err
    lines = [line.strip() for line in out.splitlines()]
    assert "2 part(s):" in lines
    assert 'part 1: name "purpose", no type, 10 bytes' in lines, out
    part2 = next(line for line in lines if line.startswith("part 2: "))
    # the size of the part as it would be sent: the guard masked the vendor key in it already
    sent = flow.request.content.split(b"text/plain\r\n\r\n")[1].split(f"\r\n--{BOUNDARY}--".encode())[0]
    assert part2.startswith('part 2: name "file", file "plan-[MASKED:project-codename:') and \
        part2.endswith(f'.txt", text/plain, {len(sent)} bytes'), part2
    assert "multipart.purpose: assistants" in lines
    assert any(line.startswith("multipart.file: launch of [MASKED:project-codename:") for line in lines), out
    assert any(line.startswith("vendor key [MASKED:test-api-token:") for line in lines), out
    # CRLF is a line end; the agent's lone CR and escape sequence are still written out, never sent to the terminal
    assert "the third line\\x1b[2K\\x0dall is well" in lines, out
    assert out.count("\\x0d") == 1 and "\r" not in out and "\x1b" not in out
    assert "Content-Disposition" not in out and "#headers" not in out  # the parts are told, not dumped
    for shown in (out, json.dumps(listing)):  # what the CLI and the control endpoint (and webhooks) carry
        assert CODENAME not in shown and TOKEN not in shown and TOKEN[6:] not in shown


def test_crlf_from_an_older_proxy_is_shown_as_lines_and_a_lone_cr_escaped(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    print_table([{"id": "a1", "state": "held", "method": "POST", "url": "https://x.example/v1/files", "reasons": [],
                  "waiting": 1, "requests": 1, "expires_in_s": 60,
                  "preview": {"headers": [], "body": "multipart.file: one\r\ntwo\rthree", "note": "1 field(s)"}}])
    lines = [line.strip() for line in capsys.readouterr().out.splitlines()]
    assert "multipart.file: one" in lines and "two\\x0dthree" in lines


async def test_a_part_whose_headers_hold_a_secret_is_named_masked(installed):
    """The name a part is sent under can carry a value too: the outline reads it from the masked header block."""
    guard, approval = Guard(), Approval()
    with taddons.context(guard, approval) as tctx:
        tctx.configure(approval, exitguard_approval_timeout=5)
        f = upload_flow()
        f.request.content = f.request.content.replace(b'name="purpose"', f'name="{TOKEN}"'.encode())
        task = await start_hold(guard, approval, f)
        (held,) = approval.listing()
        approval.decide(held["id"], "deny", "carol", "done")
        await asyncio.wait_for(task, 2)
    body = held["preview"]["body"]
    assert body.splitlines()[1].startswith('part 1: name "[MASKED:test-api-token:'), body
    assert TOKEN not in json.dumps(held) and TOKEN[6:] not in json.dumps(held)
