"""`up --dry-run` refuses a confdir the start refuses (newuser43).

A confdir others may write (mode 0777) passed `--dry-run` (status 0, the command printed), and the real start then
refused it: "not using the confdir: the folder ... has mode 0777 ...". The dry run sets nothing up (no CA is made),
but a folder that is already there is checked the same way.
"""

from __future__ import annotations

import os

from addons.cli import main as cli

BASE = ("up", "--dry-run", "--listen", "127.0.0.1:1", "--no-record")


def test_a_dry_run_refuses_a_confdir_others_may_write(tmp_path, capsys):
    confdir = tmp_path / "certs"
    confdir.mkdir()
    os.chmod(confdir, 0o777)
    assert cli.main([*BASE, "--confdir", str(confdir)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("exitguard up: not using the confdir: the folder") and "mode 0777" in err, err
    assert err.count("\n") == 1, err


def test_a_dry_run_with_a_private_or_missing_confdir_still_passes_and_makes_nothing(tmp_path, capsys):
    private = tmp_path / "private"
    private.mkdir(mode=0o700)
    assert cli.main([*BASE, "--confdir", str(private)]) == 0
    assert list(private.iterdir()) == []
    assert cli.main([*BASE, "--confdir", str(tmp_path / "missing")]) == 0
    assert not (tmp_path / "missing").exists()
