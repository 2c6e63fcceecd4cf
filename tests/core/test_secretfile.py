"""core/secretfile.py: a file holding a secret is read only when nobody but the proxy's user (or root, who
installed it) could read or change it; a refusal names the file, its mode and owner, never what it holds."""

from __future__ import annotations

import os
import stat

import pytest

from addons.core import secretfile
from addons.core.secretfile import SecretFileError, read_secret_file
from tests.owners import give_to_another_user

SECRET = "pw-9f3c1e7a-never-shown"


def write(path, mode: int, text: str = SECRET + "\n"):
    path.write_text(text)
    path.chmod(mode)
    return path


def test_a_private_file_is_read_stripped(tmp_path):
    assert read_secret_file(write(tmp_path / "pw", 0o600)) == SECRET
    assert read_secret_file(write(tmp_path / "ro", 0o400)) == SECRET


@pytest.mark.parametrize("mode", [0o640, 0o604, 0o644, 0o660, 0o620, 0o602, 0o666])
def test_group_or_others_bits_refuse_and_name_the_mode_never_the_content(tmp_path, mode):
    path = write(tmp_path / "pw", mode)
    with pytest.raises(SecretFileError) as e:
        read_secret_file(path)
    message = str(e.value)
    assert str(path) in message and f"mode {mode:04o}" in message and "chmod 600" in message
    assert SECRET not in message


def test_a_symlink_is_judged_by_the_file_it_names(tmp_path):
    private = write(tmp_path / "private", 0o600)
    loose = write(tmp_path / "loose", 0o644)
    (tmp_path / "to-private").symlink_to(private)
    (tmp_path / "to-loose").symlink_to(loose)
    assert read_secret_file(tmp_path / "to-private") == SECRET  # Kubernetes Secret volumes are links (..data/)
    with pytest.raises(SecretFileError, match="mode 0644"):
        read_secret_file(tmp_path / "to-loose")


def test_a_file_of_another_user_is_refused(tmp_path, monkeypatch):
    path = write(tmp_path / "pw", 0o600)
    owner = give_to_another_user(path, monkeypatch)
    with pytest.raises(SecretFileError) as e:
        read_secret_file(path)
    assert f"owned by uid {owner}" in str(e.value) and SECRET not in str(e.value)


@pytest.mark.parametrize("mode, uid, euid, allowed", [
    (0o600, 1000, 1000, True),
    (0o400, 1000, 1000, True),
    (0o640, 1000, 1000, False),  # the proxy's own file: nobody else may read it
    (0o440, 0, 1000, True),  # root's, readable by the proxy's group: a Kubernetes Secret with fsGroup
    (0o640, 0, 1000, True),
    (0o460, 0, 1000, False),  # the group may change it
    (0o444, 0, 1000, False),  # anybody may read it
    (0o600, 1001, 1000, False),  # another user's: they chose its content and may read it
    (0o640, 0, 0, False),  # the proxy runs as root: root's file is its own
])
def test_who_may_own_a_secret_file(mode, uid, euid, allowed):
    problem = secretfile.problem(stat.S_IFREG | mode, uid, euid)
    assert (problem is None) == allowed, problem


def test_not_a_regular_file_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo, 0o600)  # opening a FIFO for reading would wait for a writer forever: start-up would hang
    with pytest.raises(SecretFileError, match="not a regular file"):
        read_secret_file(fifo)
    with pytest.raises(SecretFileError, match="not a regular file"):
        read_secret_file(tmp_path)


def test_a_device_or_fifo_named_by_a_link_is_never_opened(tmp_path, monkeypatch):
    # attack3: a local user who may write the folder links the secret's name to a device; opening one acts (a
    # tape rewinds, a watchdog starts, a terminal opened without O_NOCTTY can become the proxy's).
    opened = []
    real_open = os.open

    def recording_open(path, flags, *rest):
        opened.append((str(path), flags))
        return real_open(path, flags, *rest)

    monkeypatch.setattr(os, "open", recording_open)
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo, 0o600)
    for target in ("/dev/null", "/dev/zero", str(fifo)):
        link = tmp_path / "secret"
        link.unlink(missing_ok=True)
        link.symlink_to(target)
        with pytest.raises(SecretFileError, match="not a regular file"):
            read_secret_file(link)
    assert opened == []
    write(tmp_path / "real", 0o600)
    assert read_secret_file(tmp_path / "real") == SECRET
    assert opened and all(flags & os.O_NOCTTY and flags & os.O_NONBLOCK for _, flags in opened)


def test_missing_empty_and_oversized_files_say_so(tmp_path):
    with pytest.raises(SecretFileError, match="No such file"):
        read_secret_file(tmp_path / "absent")
    with pytest.raises(SecretFileError, match="is empty"):
        read_secret_file(write(tmp_path / "empty", 0o600, "\n"))
    with pytest.raises(SecretFileError, match="larger than"):
        read_secret_file(write(tmp_path / "big", 0o600, "x" * (secretfile.MAX_BYTES + 1)))
