"""The folder for what exitguard can rebuild: compiled Hyperscan databases and the regex memo.

`$XDG_CACHE_HOME/exitguard`, else `~/.cache/exitguard`, made 0700. What is read from it decides what the scanner
looks for (a database that matches nothing finds nothing), so it is used only when nobody else can write there,
as ssh treats `~/.ssh`: the folder is a real folder owned by this user with no group or other write bit, and
every folder on the way to it, each link followed, is one nobody else may replace an entry in (`core/secretfile.py`'s
walk: this user's or root's, writable by nobody else unless sticky over our entry, as /tmp is, or group-writable
for a user-private group, as a umask of 002 makes them). Every folder, not only the parent: the files are opened by
path after the check, and whoever may rename any folder on that path could swap in their own tree in between.
Otherwise (`XDG_CACHE_HOME` on a shared folder, a folder someone else made) there is no cache: everything is built
in memory, which costs only start-up time.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from addons.core import secretfile

NAME = "exitguard"


def cache_dir() -> Path | None:
    """The cache folder, made if missing, or None when it cannot be made or another user could write to it."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = Path(base) / NAME
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        own = folder.lstat()
        _, way = secretfile.walk(folder, os.geteuid())  # each folder on the way, through each link
    except OSError:
        return None
    return folder if _private(own) and way is None else None


def _private(info: os.stat_result) -> bool:
    return stat.S_ISDIR(info.st_mode) and info.st_uid == os.geteuid() and not info.st_mode & 0o022


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
