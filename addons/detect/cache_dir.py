"""The folder for what exitguard can rebuild: compiled Hyperscan databases and the regex memo.

`$XDG_CACHE_HOME/exitguard`, else `~/.cache/exitguard`, made 0700. What is read from it decides what the scanner
looks for (a database that matches nothing finds nothing), so it is used only when nobody else can write there,
as ssh treats `~/.ssh`: the folder is a real folder owned by this user with no group or other write bit, and
every folder on the way to it, each link followed, is one nobody else may replace an entry in (as
`core/secretfile.py` walks a secret file's folders; detect stays pure, so its own walk): this user's or root's,
writable by nobody else unless sticky (as /tmp is), or group-writable when the group is this user's private group
(`user_groups.private_group`, as a umask of 002 makes them). Every folder, not only the parent: the files are
opened by path after the check, and whoever may rename any folder on that path could swap in their own tree in
between.
Otherwise (`XDG_CACHE_HOME` on a shared folder, a folder someone else made) there is no cache: everything is built
in memory, which costs only start-up time.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections import deque
from pathlib import Path, PurePath

from addons.detect.user_groups import private_group

NAME = "exitguard"
SYMLINKS_FOLLOWED = 40  # as the kernel's limit: a loop is no cache, not a hang


def cache_dir() -> Path | None:
    """The cache folder, made if missing, or None when it cannot be made or another user could write to it."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = Path(base) / NAME
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        own = folder.lstat()
        guarded = _guarded_way(folder.parent)
    except OSError:
        return None
    return folder if _private(own) and guarded else None


def _private(info: os.stat_result) -> bool:
    return stat.S_ISDIR(info.st_mode) and info.st_uid == os.geteuid() and not info.st_mode & 0o022


def _guarded_way(path: Path) -> bool:
    """Every folder the path goes through (each symlink's target too) is one nobody else can rename entries in."""
    pending = deque(PurePath(os.path.abspath(path) if not path.is_absolute() else path).parts[1:])
    current = "/"
    if not _guarded(os.lstat(current)):
        return False
    followed = 0
    while pending:
        name = pending.popleft()
        if name in ("", "."):
            continue
        if name == "..":
            current = os.path.dirname(current)  # `current` has no symlink in it: its parent is the real one
            continue
        candidate = os.path.join(current, name)
        info = os.lstat(candidate)
        if stat.S_ISLNK(info.st_mode):  # its folder (`current`) was checked: follow it, checking the target's way
            followed += 1
            if followed > SYMLINKS_FOLLOWED:
                return False
            target = PurePath(os.readlink(candidate))
            if target.is_absolute():
                current = "/"
                pending.extendleft(reversed(target.parts[1:]))
            else:
                pending.extendleft(reversed(target.parts))
            continue
        if not stat.S_ISDIR(info.st_mode) or not _guarded(info):
            return False
        current = candidate
    return True


def _guarded(info: os.stat_result) -> bool:
    if info.st_uid not in (os.geteuid(), 0):
        return False
    if info.st_mode & 0o002 and not info.st_mode & stat.S_ISVTX:
        return False
    return not info.st_mode & 0o020 or bool(info.st_mode & stat.S_ISVTX) or private_group(info.st_gid, os.geteuid())


def read_bounded(path: Path, limit: int) -> bytes | None:
    """The file's bytes, or None when it is larger than `limit` (nothing of it read) or is a symlink."""
    descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    with os.fdopen(descriptor, "rb") as file:
        if os.fstat(descriptor).st_size > limit:
            return None
        data = file.read(limit + 1)
    return data if len(data) <= limit else None  # grown since the stat


def write_replacing(path: Path, data: bytes) -> None:
    """Replace the file with `data` at once: written under a new name no other writer shares (two processes or
    threads saving together each replace it whole; a name nobody can guess is no file already there to follow)."""
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
