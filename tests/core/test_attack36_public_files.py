"""Attack36: which public confdir files another local user could change (core/public_files.py; live:
tests/audit/test_attack36_umask_live.py)."""

from __future__ import annotations

import os

import pytest

from addons.core import public_files

CERT = "mitmproxy-ca-cert.pem"


@pytest.fixture
def confdir(tmp_path, monkeypatch):
    monkeypatch.delenv("EXITGUARD_CONFDIR_UNSHARED", raising=False)
    folder = tmp_path / "conf"
    folder.mkdir()
    (folder / CERT).write_text("cert")
    return folder


@pytest.mark.parametrize(("folder_mode", "file_mode", "refused"), [
    (0o755, 0o666, True),  # umask 000, plain mitmdump: anyone rewrites what clients trust
    (0o711, 0o646, True),
    (0o755, 0o644, False),  # the usual
    (0o700, 0o666, False),  # nobody else enters the folder
])
def test_a_public_file_others_may_change_in_a_folder_they_may_enter_is_refused(confdir, folder_mode, file_mode,
                                                                              refused):
    (confdir / CERT).chmod(file_mode)
    confdir.chmod(folder_mode)
    found = public_files.problems(confdir, os.geteuid())
    assert bool(found) is refused, found
    if refused:
        assert CERT in found[0] and "group/others may change it" in found[0]


def test_a_link_in_place_of_a_public_file_is_refused(confdir, tmp_path):
    (confdir / CERT).unlink()
    (tmp_path / "elsewhere.pem").write_text("cert")
    (confdir / CERT).symlink_to(tmp_path / "elsewhere.pem")
    confdir.chmod(0o755)
    assert public_files.problems(confdir, os.geteuid()) == [f"{confdir / CERT} is not a regular file"]


def test_a_container_that_says_its_confdir_is_unshared_is_not_refused(confdir, monkeypatch):
    (confdir / CERT).chmod(0o666)
    confdir.chmod(0o777)
    monkeypatch.setenv("EXITGUARD_CONFDIR_UNSHARED", "1")
    assert public_files.problems(confdir, os.geteuid()) == []


def test_a_missing_confdir_or_file_is_no_problem(tmp_path, monkeypatch):
    monkeypatch.delenv("EXITGUARD_CONFDIR_UNSHARED", raising=False)
    assert public_files.problems(tmp_path / "none", os.geteuid()) == []
    assert public_files.problems(tmp_path, os.geteuid()) == []
