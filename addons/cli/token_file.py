"""A token read from a file the user names (``--token-file``), so it is never on a command line: a process's
arguments are readable by every user of the machine (``ps``, ``/proc/PID/cmdline``), its files and pipes are not."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from addons.core import secretfile


class TokenFileError(Exception):
    """Why the file was not used: names the file, never what is in it."""


def read_token_file(path: Path, what: str) -> str:
    """The token in ``path`` (stripped; "" when empty or too long), refused when it is a file group or others may read,
    or another user's (they chose what is sent), as every secret file exitguard reads (core/secretfile.py); a pipe
    (``<(pass show ...)``, ``/dev/stdin``) is read as it comes. ``what`` says what the token does, for the refusal."""
    try:
        with open(path, "rb") as f:
            st = os.fstat(f.fileno())
            why = secretfile.problem(st.st_mode, st.st_uid, os.geteuid()) if stat.S_ISREG(st.st_mode) else None
            if why is not None:
                raise TokenFileError(f"--token-file {path} {why} ({what})")
            data = f.read(secretfile.MAX_BYTES + 1)
    except OSError as e:
        raise TokenFileError(f"cannot read --token-file {path}: {e.strerror or e}") from None
    try:
        return data.decode("utf-8").strip() if len(data) <= secretfile.MAX_BYTES else ""
    except UnicodeDecodeError:
        raise TokenFileError(f"--token-file {path} is not UTF-8 text") from None
