"""The folder for what exitguard can rebuild: compiled Hyperscan databases and the regex memo.

`$XDG_CACHE_HOME/exitguard`, else `~/.cache/exitguard`, made 0700. What is read from it decides what the scanner
looks for (a database that matches nothing finds nothing), so it is used only when nobody else can write there,
as ssh treats `~/.ssh`: the folder is a real folder owned by this user with no group or other write bit, and its
parent is this user's or root's and, when any user may write to it, sticky (as /tmp is: nobody can rename the
folder away and put another in its place; a parent its group may write, as a umask of 002 makes them, is allowed).
Otherwise (`XDG_CACHE_HOME` on a shared folder, a folder someone else made) there is no cache: everything is built
in memory, which costs only start-up time.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

NAME = "exitguard"


def cache_dir() -> Path | None:
    """The cache folder, made if missing, or None when it cannot be made or another user could write to it."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = Path(base) / NAME
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        own, parent = folder.lstat(), folder.parent.stat()
    except OSError:
        return None
    return folder if _private(own) and _guarded_parent(parent) else None


def _private(info: os.stat_result) -> bool:
    return stat.S_ISDIR(info.st_mode) and info.st_uid == os.geteuid() and not info.st_mode & 0o022


def _guarded_parent(info: os.stat_result) -> bool:
    if info.st_uid not in (os.geteuid(), 0):
        return False
    return not info.st_mode & 0o002 or bool(info.st_mode & stat.S_ISVTX)
