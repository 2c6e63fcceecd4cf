"""review62: `exitguard audit export -o PATH` and `audit open FLOW -o PATH` in a folder others may write (a shared
`/tmp/...` job folder): another local user plants the name first.

Before review62 the output was opened ``O_WRONLY | O_CREAT | O_TRUNC`` through whatever was there: a link another
user planted was followed (the reviewer's own file at its far end truncated and overwritten: data lost), and a
file another user made first (0666) received the records or the flow, for that user to read. Where the kernel's
``fs.protected_symlinks`` / ``fs.protected_regular`` are off (here: both 0) nothing else stops it. A new path is still
made 0600, the user's own file and a link of root's (``/dev/stdout``) are still written.
"""

from __future__ import annotations

import json
import os
import stat

import pytest

from addons.audit.recorder import Recorder, Rotation
from addons.cli import main as cli
from tests.audit.test_auditlog import write_chain
from tests.audit.test_recorder import record

NOBODY = 65534


def _shared(tmp_path):
    folder = tmp_path / "shared"
    folder.mkdir()
    folder.chmod(0o1777)  # as /tmp: anyone may add a name
    return folder


@pytest.fixture
def rec(tmp_path):
    folder = tmp_path / "rec"
    folder.mkdir(mode=0o700)
    write_chain(folder, [2])
    return folder


@pytest.mark.root
def test_a_link_another_user_planted_is_not_written_through(tmp_path, rec, capsys):
    victim = tmp_path / "notes.txt"  # the reviewer's own file
    victim.write_text("keep me\n")
    out = _shared(tmp_path) / "export.jsonl"
    out.symlink_to(victim)
    os.lchown(out, NOBODY, NOBODY)
    assert cli.main(["audit", "--dir", str(rec), "export", "-o", str(out)]) == 2
    assert victim.read_text() == "keep me\n"
    [line] = capsys.readouterr().err.splitlines()
    assert str(out) in line and "link" in line and f"uid {NOBODY}" in line


@pytest.mark.root
@pytest.mark.parametrize("command", ["export", "open"])
def test_a_file_another_user_made_first_does_not_receive_the_output(tmp_path, rec, capsys, command):
    out = _shared(tmp_path) / "planted"
    out.write_text("")
    out.chmod(0o666)
    os.chown(out, NOBODY, NOBODY)
    if command == "open":
        folder = tmp_path / "flows"
        folder.mkdir(mode=0o700)
        recorder = Recorder(folder, Rotation())
        recorder.open()
        flow, _ = record(recorder)
        recorder.release()
        argv = ["audit", "--dir", str(folder), "open", flow.id[:8], "--print", "-o", str(out)]
    else:
        argv = ["audit", "--dir", str(rec), "export", "-o", str(out)]
    assert cli.main(argv) == 2
    assert out.read_bytes() == b""  # nothing for its owner to read
    err = capsys.readouterr().err
    assert str(out) in err and f"uid {NOBODY}" in err


def test_a_new_path_is_private_and_the_users_own_file_and_link_are_written(tmp_path, rec, capsys):
    out = tmp_path / "export.jsonl"
    assert cli.main(["audit", "--dir", str(rec), "export", "-o", str(out)]) == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600 and len(out.read_text().splitlines()) == 3  # 2 + the head
    out.write_text("x" * 100_000)  # the user's own file, longer than the export: replaced whole
    assert cli.main(["audit", "--dir", str(rec), "export", "-o", str(out)]) == 0
    assert [json.loads(line)["event"] for line in out.read_text().splitlines()] == ["flow", "flow", "chain_head"]
    mine = tmp_path / "mine.jsonl"
    mine.symlink_to(out)  # a link of the user's own
    assert cli.main(["audit", "--dir", str(rec), "export", "-o", str(mine)]) == 0
    assert len(out.read_text().splitlines()) == 3


def test_dev_stdout_is_still_an_output(rec, capfd):
    assert cli.main(["audit", "--dir", str(rec), "export", "-o", "/dev/stdout"]) == 0
    assert len(capfd.readouterr().out.splitlines()) == 3
