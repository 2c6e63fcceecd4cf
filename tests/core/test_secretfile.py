"""core/secretfile.py: a file holding a secret is read only when nobody but the proxy's user (or root, who
installed it) could read or change it; a refusal names the file, its mode and owner, never what it holds."""

from __future__ import annotations

import grp
import os
import pwd
import stat
import subprocess
from pathlib import Path

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


# ----------------------------------------------------------------------------- the folders on the way


def folder(path, mode: int):
    path.mkdir(exist_ok=True)
    path.chmod(mode)
    return path


@pytest.mark.parametrize("mode", [0o777, 0o775, 0o770, 0o757, 0o733])
def test_a_folder_others_may_write_refuses_the_file_in_it(tmp_path, mode, monkeypatch):
    # The folder's group is the test user's; as a shared group (not its private one, see below) group write counts.
    monkeypatch.setattr(secretfile, "private_group", lambda gid, euid: False)
    shared = folder(tmp_path / "shared", mode)
    path = write(shared / "pw", 0o600)
    with pytest.raises(SecretFileError) as e:
        read_secret_file(path)
    message = str(e.value)
    assert f"folder {shared} (mode {mode:04o})" in message and "'pw'" in message and SECRET not in message


def test_a_link_in_a_folder_others_may_write_is_refused_though_its_target_is_private(tmp_path):
    """The attack: a user who may write the folder points the link at another file the proxy may read."""
    private = write(folder(tmp_path / "private", 0o700) / "pw", 0o600)
    shared = folder(tmp_path / "shared", 0o777)
    (shared / "pw").symlink_to(private)
    with pytest.raises(SecretFileError, match=f"folder {shared} "):
        read_secret_file(shared / "pw")


def test_a_private_file_behind_a_link_in_a_private_folder_is_read_through_a_shared_folders_sticky_entry(tmp_path):
    """A Kubernetes Secret volume: a sticky, world-writable mount whose root-owned entries (`..data`, the file's
    link) nobody else may rename."""
    mount = folder(tmp_path / "mount", 0o1777)
    version = folder(mount / "..2026_12_03", 0o755)
    write(version / "pw", 0o600)
    (mount / "..data").symlink_to("..2026_12_03")
    (mount / "pw").symlink_to("..data/pw")
    if os.geteuid() != 0:  # links are ours: in a sticky folder that is what counts
        assert (mount / "pw").lstat().st_uid == os.geteuid()
    assert read_secret_file(mount / "pw") == SECRET


@pytest.mark.root  # gives a link to another user
def test_a_sticky_folder_does_not_protect_an_entry_another_user_owns(tmp_path):
    mount = folder(tmp_path / "mount", 0o1777)
    private = write(folder(tmp_path / "private", 0o700) / "pw", 0o600)
    (mount / "pw").symlink_to(private)
    os.lchown(mount / "pw", 12345, -1)
    with pytest.raises(SecretFileError, match=f"folder {mount} \\(mode 1777\\) where group/others may replace 'pw'"):
        read_secret_file(mount / "pw")


@pytest.mark.root  # gives a folder to another user
def test_a_folder_another_user_owns_is_refused(tmp_path):
    theirs = folder(tmp_path / "theirs", 0o755)
    path = write(theirs / "pw", 0o600)
    os.chown(theirs, 12345, -1)
    with pytest.raises(SecretFileError, match=f"folder {theirs}, owned by uid 12345"):
        read_secret_file(path)


def test_dot_dot_is_walked_through_the_link_as_the_kernel_walks_it(tmp_path, monkeypatch):
    """`link/..` is the parent of the link's target, not the folder holding the link."""
    private = folder(tmp_path / "private", 0o700)
    write(private / "pw", 0o600)
    inner = folder(private / "inner", 0o700)
    shared = folder(tmp_path / "shared", 0o777)
    (tmp_path / "to-inner").symlink_to(inner)
    write(shared / "pw", 0o600, "not this one\n")
    assert read_secret_file(tmp_path / "to-inner" / ".." / "pw") == SECRET
    monkeypatch.chdir(tmp_path)
    assert read_secret_file(Path("to-inner/../pw")) == SECRET


def test_a_link_loop_is_an_error_not_a_hang(tmp_path):
    (tmp_path / "a").symlink_to("b")
    (tmp_path / "b").symlink_to("a")
    with pytest.raises(SecretFileError):
        read_secret_file(tmp_path / "a")


@pytest.mark.root  # mounts a tmpfs
def test_a_folder_others_may_write_passes_on_a_read_only_mount(tmp_path):
    """A Kubernetes Secret volume (with fsGroup its folders are group-writable) and a container's read-only root
    are mounted read-only: nobody can replace what they hold, whatever the mode bits say."""
    mount = tmp_path / "mount"
    mount.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m,mode=0755", "tmpfs", str(mount)], check=True)
    try:
        path = write(folder(mount / "shared", 0o777) / "pw", 0o600)
        with pytest.raises(SecretFileError, match="where group/others may replace"):
            read_secret_file(path)  # writable: refused
        subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
        assert read_secret_file(path) == SECRET
    finally:
        subprocess.run(["umount", str(mount)], check=True)


# ------------------------------------------------------------------ user-private groups (umask 002 checkouts)


class _Users:
    """The OS user database as ``pwd`` / ``grp`` answer (the true outside edge of these tests: adding real users
    would change the machine)."""

    def __init__(self, users: list[tuple[str, int, int]], groups: list[tuple[str, int, list[str]]]) -> None:
        self.users = [pwd.struct_passwd((name, "x", uid, gid, "", "/", "/bin/sh")) for name, uid, gid in users]
        self.groups = [grp.struct_group((name, "x", gid, members)) for name, gid, members in groups]

    def install(self, monkeypatch) -> None:
        def by(items, field, value):
            for item in items:
                if getattr(item, field) == value:
                    return item
            raise KeyError(value)
        monkeypatch.setattr(pwd, "getpwuid", lambda uid: by(self.users, "pw_uid", uid))
        monkeypatch.setattr(pwd, "getpwall", lambda: list(self.users))
        monkeypatch.setattr(grp, "getgrgid", lambda gid: by(self.groups, "gr_gid", gid))
        secretfile.private_group.cache_clear()


@pytest.fixture
def users(monkeypatch):
    def install(users, groups):
        _Users(users, groups).install(monkeypatch)
    yield install
    secretfile.private_group.cache_clear()


@pytest.mark.parametrize(("users_", "groups", "private"), [
    ([("dana", 1000, 1000)], [("dana", 1000, [])], True),  # Debian / Ubuntu: one group per user, named after it
    ([("dana", 1000, 1000)], [("dana", 1000, ["dana"])], True),
    ([("dana", 1000, 1000)], [("dana", 1000, ["eve"])], False),  # someone else is in it
    ([("dana", 1000, 1000), ("eve", 1001, 1000)], [("dana", 1000, [])], False),  # someone else's primary group
    ([("dana", 1000, 100)], [("users", 100, [])], False),  # a shared primary group
    ([("dana", 1000, 1000)], [("staff", 1000, [])], False),  # not named after the user
    ([], [], False),  # a container's bare uid: no entries
])
def test_only_a_users_own_private_group_counts_as_private(users, users_, groups, private):
    users(users_, groups)
    assert secretfile.private_group(1000 if users_ and users_[0][2] == 1000 else 100, 1000) is private


def test_group_write_by_the_users_private_group_passes_and_any_other_does_not(users, tmp_path):
    users([("dana", 1000, 1000)], [("dana", 1000, []), ("users", 100, ["dana", "eve"])])
    folder, entry = os.stat(tmp_path), os.stat(tmp_path)

    def judged(mode: int, gid: int) -> str | None:
        fake = os.stat_result((stat.S_IFDIR | mode, *folder[1:4], 1000, gid, *folder[6:]))
        return secretfile.folder_problem("/home/dana/exitguard", fake, "certs", entry, 1000)

    assert judged(0o775, 1000) is None  # a checkout cloned under umask 002
    assert "group/others may replace" in (judged(0o775, 100) or "")
    assert "group/others may replace" in (judged(0o777, 1000) or "")  # others: never


def test_a_file_the_proxy_may_not_open_says_whose_it_is_and_what_to_do(tmp_path, monkeypatch):
    """A token file made by root and mounted into a container whose proxy runs as uid 10001 (deploy/README.md's
    recipe before its chown step): "Permission denied" alone left the operator guessing (newuser42)."""
    path = write(tmp_path / "tokens.json", 0o600)
    real_open = os.open

    def closed(name, flags, *args):
        if str(name) == str(path):
            raise PermissionError(13, "Permission denied", str(name))
        return real_open(name, flags, *args)

    monkeypatch.setattr(secretfile.os, "open", closed)
    monkeypatch.setattr(secretfile.os, "geteuid", lambda: 10001)
    with pytest.raises(SecretFileError) as e:
        read_secret_file(path)
    message = str(e.value)
    assert message.startswith(f"{path}: Permission denied (owned by uid {os.getuid()}, mode 0600; ")
    assert "the proxy runs as uid 10001: chown 10001 the file and chmod 600 it" in message
    assert SECRET not in message
