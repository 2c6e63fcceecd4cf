"""A token read from a file the user names (``--token-file``), so it is never on a command line: a process's
arguments are readable by every user of the machine (``ps``, ``/proc/PID/cmdline``), its files and pipes are not."""

from __future__ import annotations

import functools
import os
import stat
from pathlib import Path

from addons.core import secretfile


class TokenFileError(Exception):
    """Why the file was not used: names the file, never what is in it."""


def read_token_file(path: Path, what: str) -> str:
    """The token in ``path`` (stripped; "" when empty or too long), refused when it is a file group or others may read,
    or another user's (they chose what is sent), as every secret file exitguard reads (core/secretfile.py); a pipe
    (``<(pass show ...)``, ``/dev/stdin``) is read as it comes, a named FIFO only when nobody else could have written
    it (``named_fifo_problem``). ``what`` says what the token does, for the refusal."""
    try:
        with open(path, "rb") as f:
            st = os.fstat(f.fileno())
            why = secretfile.problem(st.st_mode, st.st_uid, os.geteuid()) if stat.S_ISREG(st.st_mode) \
                else named_fifo_problem(st, os.geteuid())
            if why is not None:
                raise TokenFileError(f"--token-file {path} {why} ({what})")
            data = f.read(secretfile.MAX_BYTES + 1)
    except OSError as e:
        raise TokenFileError(f"cannot read --token-file {path}: {e.strerror or e}") from None
    try:
        token = data.decode("utf-8").strip() if len(data) <= secretfile.MAX_BYTES else ""
    except UnicodeDecodeError:
        raise TokenFileError(f"--token-file {path} is not UTF-8 text") from None
    if not one_line(token):
        # attack56: a note above the token, or a second line: the break stayed inside the token, and http.client's
        # refusal of the header value quoted it in a traceback (a recorded terminal, a kept CI log)
        raise TokenFileError(f"--token-file {path} is not one line: a token has no line break or control character "
                             f"inside ({what})")
    return token


def named_fifo_problem(st: os.stat_result, euid: int) -> str | None:
    """Why a FIFO in the file system may not give the token (None: it may, or ``st`` is no such FIFO). Whoever may
    open it for writing chooses what is read (attack56: a local user's ``mkfifo`` at the path named, or a 0666 one,
    sent the attacker's token as the user's): it must be the user's own or root's, and nobody else may write it.
    An anonymous pipe (process substitution, a piped stdin) is written only by the processes that hold it."""
    if not stat.S_ISFIFO(st.st_mode) or st.st_dev == _anonymous_pipe_device():
        return None
    bits = stat.S_IMODE(st.st_mode)
    if st.st_uid not in (euid, 0):
        return f"is a FIFO owned by uid {st.st_uid}, not by you (uid {euid}) or root: whoever owns it chooses the " \
               "token read from it"
    if bits & (stat.S_IWGRP | stat.S_IWOTH):
        return f"is a FIFO with mode {bits:04o}: group/others may write the token read from it; chmod 600 it"
    return None


@functools.cache
def _anonymous_pipe_device() -> int:
    """The device of the kernel's pipe file system (every anonymous pipe's ``st_dev``; a named FIFO has its file
    system's)."""
    read_end, write_end = os.pipe()
    try:
        return os.fstat(read_end).st_dev
    finally:
        os.close(read_end)
        os.close(write_end)


def one_line(token: str) -> bool:
    """No line break or other control character inside: what goes into a header (http.client refuses the rest with
    an error that quotes the value)."""
    return not any(c < " " or c == "\x7f" for c in token)
