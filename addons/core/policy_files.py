"""The policy and rule files decide what may leave: they are read only when nobody but root or the proxy's user could
have chosen what is in them.

attack49: they were read as they were. A policy or rules folder another local user may write (a file left 0666, a
folder under /tmp, a rule file that is a link to a file of theirs, a checkout shared with a group) let them switch
the running proxy to report mode, drop or blunt rules, or unguard a host, and the reload watcher (core/config.py)
put it in force within seconds, the log saying only "reloaded policy". The key files, the token file and the
record folder were checked since attack7/8; these were not.

Each file read (the policy, every rule file) must be a regular file owned by root or the proxy's user that nobody
else may write, reached through folders nobody else may change (``secretfile.walk``: through each link as the
kernel walks it; sticky folders and read-only mounts pass). A rules folder is read whole, so every folder in it
must be writable by nobody else, sticky or not: in a sticky folder others may still add a file the next reload
would read. ``EXITGUARD_CONFDIR_UNSHARED=1`` (no other user on this machine: a container's own volume) leaves the
folder checks out, as for the confdir. A refusal names the file, its mode and owner, never its content. Pure: no
mitmproxy.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from pathlib import Path

from addons.core import secretfile

TRUSTED_OWNERS = (0,)  # and the proxy's user


def problems(policy: Path, rule_paths: Sequence[str], rule_files: Sequence[Path], euid: int) -> list[str]:
    """Why another local user could change what ``policy`` and the rules (``rule_paths`` as given, ``rule_files``
    found in them) say ([] when nobody can)."""
    found: list[str] = []
    folders = not secretfile.folders_unshared()
    if folders:
        for path in map(Path, rule_paths):
            if path.is_dir():
                found += _folder_tree_problems(path, euid)
    for path in (policy, *rule_files):
        if (why := _file_problem(path, euid, folders)) is not None:
            found.append(f"{path} {why}")
    return found


def _file_problem(path: Path, euid: int, folders: bool) -> str | None:
    try:
        st = os.stat(path)
        if folders:
            _, why = secretfile.walk(path, euid)
            if why is not None:
                return why
    except OSError:
        return None  # missing or unreadable: the load says so, naming the file
    if not stat.S_ISREG(st.st_mode):
        return None  # the load refuses it
    return _owner_problem(st, euid, secretfile._read_only(str(path.parent)))


def _owner_problem(st: os.stat_result, euid: int, read_only: bool) -> str | None:
    bits = stat.S_IMODE(st.st_mode)
    if st.st_uid not in (*TRUSTED_OWNERS, euid):
        return f"is owned by uid {st.st_uid}, not by the proxy's user (uid {euid}) or root (mode {bits:04o}): " \
               "its owner decides what the proxy lets out; chown it"
    if not read_only and (bits & stat.S_IWOTH or (bits & stat.S_IWGRP
                                                  and not secretfile.private_group(st.st_gid, euid))):
        return f"has mode {bits:04o}: group/others may change it; chmod go-w it"
    return None


def _folder_tree_problems(top: Path, euid: int) -> list[str]:
    """Every folder of a rules folder (and the way to it): writable by root or the proxy's user only."""
    try:
        _, why = secretfile.walk(top, euid)
    except OSError:
        return []  # the load says what is missing
    found = [f"{top} {why}"] if why is not None else []
    for folder, _, _ in os.walk(top):  # as runtime.rule_files reads it: links to folders are not entered
        try:
            st = os.stat(folder)
        except OSError:
            continue
        if (why := _owner_problem(st, euid, secretfile._read_only(folder))) is not None:
            found.append(f"the rules folder {folder} {why.replace('chmod go-w it', 'chmod go-w it (sticky or not: '
                                                                   'anyone may add a rule file)')}")
    return found
