"""Standard output redirected into a file that will receive a secret (a token, mitmweb's login URL) is made
private first: the shell made the file as the umask said (often 0644), so every local user could read it."""

from __future__ import annotations

import os
import stat
import sys


class StdoutNotPrivate(Exception):
    """Standard output is a file others may read that this process may not make private: ``owner`` is set when it
    belongs to another user, ``error`` when fchmod failed."""

    def __init__(self, mode: str, owner: int | None = None, error: str = "") -> None:
        super().__init__(mode)
        self.mode, self.owner, self.error = mode, owner, error


def make_stdout_private(my_uid: int) -> str | None:
    """The mode a regular file behind standard output had when group or others could read it, after making it 0600;
    None for a terminal, a pipe or a file already private. Another user's file is refused (``StdoutNotPrivate``),
    never changed: whoever owns it can read it whatever its mode."""
    try:
        fd = sys.stdout.fileno()
        found = os.fstat(fd)
    except (AttributeError, ValueError, OSError):  # no real file behind stdout (captured, closed)
        return None
    if not stat.S_ISREG(found.st_mode) or not found.st_mode & 0o077:
        return None
    mode = f"{stat.S_IMODE(found.st_mode):04o}"
    if found.st_uid != my_uid:
        raise StdoutNotPrivate(mode, owner=found.st_uid)
    try:
        os.fchmod(fd, 0o600)
    except OSError as e:
        raise StdoutNotPrivate(mode, error=str(e.strerror or e)) from None
    return mode
