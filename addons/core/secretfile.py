"""Files that hold a secret exitguard reads (the Redis password, the Slack signing secret, the token file, the
credentials ``secrets_file``), or whose content decides who passes (the OIDC key cache): read only when nobody but
the proxy's user could have read or chosen what is in them.

Allowed: a regular file owned by the proxy's user with no group or other permission bits (0600, 0400), or one
owned by root that only its group may also read (0640, 0440: what a Kubernetes Secret volume with ``fsGroup``
gives, and what an administrator installs for a service's group). A link is judged by the file it names
(Kubernetes Secret files are links through ``..data/``); the checks run on the descriptor that is then read, so
the file cannot be swapped between the check and the read. A refusal names the file, its mode and owner, never
its content. Pure: no mitmproxy.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

MAX_BYTES = 64 * 1024  # far beyond any password or signing secret; a bound on what start-up reads


class SecretFileError(ValueError):
    """The file cannot be used as a secret (the message names the file and why, never the content)."""


def problem(mode: int, uid: int, euid: int) -> str | None:
    """Why a file of this ``st_mode`` and owner may not hold a secret for a process running as ``euid``; None
    when it may."""
    if not stat.S_ISREG(mode):
        return "is not a regular file"
    bits = stat.S_IMODE(mode)
    if uid == euid:
        if bits & (stat.S_IRWXG | stat.S_IRWXO):
            return f"has mode {bits:04o}: group/others may read or change it; chmod 600 it"
        return None
    if uid == 0:  # root installed it for this service: its group may read it, nobody may change it
        if bits & (stat.S_IWGRP | stat.S_IXGRP | stat.S_IRWXO):
            return f"has mode {bits:04o} (owner root): only root may change it and only its group read it; " \
                   "chmod 640 or 600 it"
        return None
    return f"is owned by uid {uid}, not by the proxy's user (uid {euid}) or root (mode {bits:04o}): whoever owns " \
           "it chose its content and may read it; chown it to the proxy's user and chmod 600 it"


def read_secret_file(path: Path, max_bytes: int = MAX_BYTES) -> str:
    """The file's text, stripped of surrounding white space. Raises SecretFileError naming the file when it is
    missing, not private (``problem``), empty, larger than ``max_bytes`` or not UTF-8."""
    try:
        # Not opened unless it is a regular file: opening a device acts (a tape rewinds, a watchdog starts, a
        # terminal can become the proxy's). The checks below run again on the descriptor: a swap in between is
        # caught there, and O_NONBLOCK / O_NOCTTY keep a FIFO or a terminal swapped in from acting.
        if not stat.S_ISREG(os.stat(path).st_mode):
            raise SecretFileError(f"{path} is not a regular file")
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    except OSError as e:
        raise SecretFileError(f"{path}: {e.strerror or type(e).__name__}") from None
    try:
        st = os.fstat(fd)
        why = problem(st.st_mode, st.st_uid, os.geteuid())
        if why is not None:
            raise SecretFileError(f"{path} {why}")
        data = b""
        while len(data) <= max_bytes and (chunk := os.read(fd, max_bytes + 1 - len(data))):
            data += chunk
    except OSError as e:
        raise SecretFileError(f"{path}: {e.strerror or type(e).__name__}") from None
    finally:
        os.close(fd)
    if len(data) > max_bytes:
        raise SecretFileError(f"{path} is larger than {max_bytes} bytes")
    try:
        text = data.decode("utf-8").strip()
    except UnicodeDecodeError:
        raise SecretFileError(f"{path} is not UTF-8 text") from None
    if not text:
        raise SecretFileError(f"{path} is empty")
    return text
