"""A local user against the fingerprint key (`exitguard_key_file`): whoever knows it tests guesses against the
audit index's fingerprints and seals shared approval records (approval/seal.py). Real files, a real umask; the other
account is real when the suite runs as root (tests/owners.py)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from addons.core import config
from addons.core.fingerprint import Fingerprinter, KeyFileError
from tests.owners import give_to_another_user

ROOT = Path(__file__).resolve().parents[2]
KNOWN = "ab" * 32  # a key the attacker chose


def private(path: Path, text: str) -> Path:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.write(fd, text.encode())
    os.close(fd)
    return path


def test_under_umask_000_the_key_and_its_folders_are_private(tmp_path):
    old = os.umask(0)
    try:
        Fingerprinter.load_or_create(tmp_path / "made" / "here" / "key")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "made").stat().st_mode) == 0o700  # before: 0777, the key replaceable
    assert stat.S_IMODE((tmp_path / "made" / "here").stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "made" / "here" / "key").stat().st_mode) == 0o600


def test_a_key_another_user_put_there_is_refused(tmp_path, monkeypatch):
    key = private(tmp_path / "key", KNOWN)
    owner = give_to_another_user(key, monkeypatch)
    with pytest.raises(KeyFileError, match=f"owned by uid {owner}") as e:
        Fingerprinter.load_or_create(key)
    assert KNOWN not in str(e.value)


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o660])
def test_a_key_others_could_read_is_refused(tmp_path, mode):
    key = private(tmp_path / "key", KNOWN)
    key.chmod(mode)
    with pytest.raises(KeyFileError, match=f"mode {mode:04o}"):
        Fingerprinter.load_or_create(key)


def test_a_key_in_a_folder_others_may_write_is_refused(tmp_path):
    folder = tmp_path / "shared"
    folder.mkdir()
    folder.chmod(0o777)
    key = private(folder / "key", KNOWN)
    with pytest.raises(KeyFileError, match="where group/others may replace"):
        Fingerprinter.load_or_create(key)


@pytest.mark.parametrize("content, why", [
    ("", "is empty"),
    ("zz" * 32, "does not hold a hex key"),
    ("ab" * 8 + "a", "does not hold a hex key"),
    ("ab" * 15, "holds 15 bytes: at least 16"),
])
def test_a_short_empty_or_garbage_key_is_refused_naming_the_file(tmp_path, content, why):
    """Never a weak key, and never a message without the file it is about (or with the content)."""
    key = private(tmp_path / "key", content)
    with pytest.raises(KeyFileError, match=why) as e:
        Fingerprinter.load_or_create(key)
    assert str(key) in str(e.value) and (not content or content not in str(e.value))


def test_a_fifo_or_a_dangling_link_at_the_name_is_refused_without_hanging_or_writing_through(tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo, 0o600)
    with pytest.raises(KeyFileError, match="not a regular file"):
        Fingerprinter.load_or_create(fifo)
    link = tmp_path / "link"
    link.symlink_to(tmp_path / "planted-target")
    with pytest.raises(KeyFileError):
        Fingerprinter.load_or_create(link)
    assert not (tmp_path / "planted-target").exists()


def test_the_proxy_refuses_to_start_on_such_a_key_with_one_clear_message(tmp_path):
    """Through the Config addon, as mitmproxy loads it: an OptionsError naming the file, not a hex parse error."""
    from mitmproxy import exceptions
    from mitmproxy.test import taddons

    key = private(tmp_path / "key", "ab" * 4)
    addon = config.Config()
    try:
        with taddons.context(addon) as tctx, pytest.raises(exceptions.OptionsError, match=f"fingerprint key {key}"):
            tctx.configure(addon, exitguard_key_file=str(key), confdir=str(tmp_path))
    finally:
        addon.done()


@pytest.mark.live  # starts processes
def test_proxies_starting_together_share_one_whole_key(tmp_path):
    """Replicas sharing a confdir start together: none reads a part-written (empty) key and fails."""
    code = ("import sys; from addons.core.fingerprint import Fingerprinter as F; "
            "print(F.load_or_create(sys.argv[1]).digest('x'))")
    procs = [subprocess.Popen([sys.executable, "-c", code, str(tmp_path / "conf" / "key")], cwd=ROOT,
                              env=os.environ | {"PYTHONPATH": str(ROOT)}, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(6)]
    outs = [p.communicate(timeout=60) for p in procs]
    assert all(p.returncode == 0 for p in procs), outs
    assert len({out for out, _ in outs}) == 1
