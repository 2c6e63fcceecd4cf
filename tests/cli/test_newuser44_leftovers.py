"""Session 25's two open items (newuser43): `approvals list --all` showed an approved window nowhere, and
`exitguard token add NAME > FILE` left the token in a file as loose as the umask made it (0644 under umask 022)."""

from __future__ import annotations

import os
import stat
import time

from addons.approval.rules import utc_iso
from addons.cli import approvals, main


def _decided(state: str, window_s: int | None, decided_at: float) -> dict:
    return {"id": "5a1e0c2d", "state": state, "decider": "alice", "requester": "ci-build", "method": "POST",
            "url": "https://api.openai.com/v1/files", "reasons": ["approval rule uploads"], "findings": [],
            "waiting": 0, "requests": 1, "expires_in_s": 0, "notified": {}, "decided_at": utc_iso(decided_at),
            "window_s": window_s, "replica": "r0"}


def test_list_all_shows_an_approvals_window_and_how_long_it_still_runs(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    approvals.print_table([_decided("approved", 600, time.time() - 60)])
    row = next(line for line in capsys.readouterr().out.splitlines() if "5a1e0c2d" in line)
    assert "for 10m" in row, row  # the window it opened
    assert "window 540 s" in row or "window 539 s" in row, row  # what is left of it, in the "expires in" column


def test_a_window_that_ran_out_and_a_plain_approval_say_so(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    approvals.print_table([_decided("approved", 60, time.time() - 120), {**_decided("denied", None, time.time()),
                                                                         "id": "5a1e0c2e"}])
    rows = [line for line in capsys.readouterr().out.splitlines() if "5a1e0c2" in line]
    assert "for 1m" in rows[0] and "window over" in rows[0], rows
    assert "for " not in rows[1] and "window" not in rows[1], rows


def test_token_add_into_a_redirected_file_makes_it_private(tmp_path, monkeypatch, capsys):
    out = tmp_path / "alice.token"
    old = os.umask(0o022)  # a common umask: the shell's `> alice.token` makes the file 0644
    try:
        with open(out, "w") as f:
            monkeypatch.setattr("sys.stdout", f)
            assert main.main(["token", "--file", str(tmp_path / "tokens.json"), "add", "alice",
                              "--groups", "security"]) == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600  # as `approvals approve --token-file` wants it
    assert out.read_text().strip().startswith("eg")  # the token is there
    err = capsys.readouterr().err
    assert "made private (0600)" in err and "0644" in err


def test_token_add_refuses_to_print_into_another_users_readable_file(tmp_path, monkeypatch, capsys):
    from addons.cli import token

    out = tmp_path / "shared.token"
    out.write_text("")
    out.chmod(0o644)
    monkeypatch.setattr(token, "_my_uid", lambda: os.geteuid() + 1)  # the file is someone else's
    with open(out, "a") as f:
        monkeypatch.setattr("sys.stdout", f)
        assert main.main(["token", "--file", str(tmp_path / "tokens.json"), "add", "alice"]) == 2
    assert out.read_text() == ""
    assert not (tmp_path / "tokens.json").exists()  # nothing saved that was not shown
    assert "another user" in capsys.readouterr().err


def test_list_all_with_nothing_held_gives_no_decide_hint(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    approvals.print_table([_decided("approved", 600, time.time())])
    out = capsys.readouterr().out
    assert "5a1e0c2d" in out and "decide with" not in out, out  # nothing is waiting: nothing to decide
