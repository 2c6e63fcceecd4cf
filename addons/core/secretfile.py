"""Files that hold a secret exitguard reads (the Redis password, the Slack signing secret, the token file, the
credentials ``secrets_file``), or whose content decides who passes (the OIDC key cache): read only when nobody but
the proxy's user could have read or chosen what is in them.

Allowed: a regular file owned by the proxy's user with no group or other permission bits (0600, 0400), or one
owned by root that only its group may also read (0640, 0440: what a Kubernetes Secret volume with ``fsGroup``
gives, and what an administrator installs for a service's group). A link is judged by the file it names
(Kubernetes Secret files are links through ``..data/``); the checks run on the descriptor that is then read, so
the file cannot be swapped between the check and the read. A refusal names the file, its mode and owner, never
its content. Pure: no mitmproxy.

The folders on the way count too (``folder_problem``): whoever may write a folder can put their own file, or a link
to another file the proxy may read, in place of the one named. Every folder walked to reach the file (through each
link, as the kernel walks it) must be owned by root or the proxy's user and writable by nobody else, or be sticky
(like /tmp, or the mount of a Kubernetes Secret volume) over an entry owned by root or the proxy's user, which
others then cannot rename or remove; a folder on a read-only mount passes (nobody changes it there), and so does
group write when the group is the proxy user's own private group (``private_group``: a checkout made under
Debian's and Ubuntu's per-user umask 002 is group-writable, by nobody but that user). The walk ends
at the file it names; that file must be the one opened.

A folder exitguard keeps such files in (the confdir: the CA key, mitmproxy's ``config.yaml``, which names scripts
mitmproxy runs) must itself be writable by nobody else (``private_folder_problem``), and exitguard creates the
folders it needs 0700 whatever the umask (``make_private_folder``): under umask 000 ``mkdir -p`` makes them 0777.
"""

from __future__ import annotations

import errno
import functools
import os
import stat
import tempfile
from pathlib import Path

from addons.detect import user_groups

MAX_BYTES = 64 * 1024  # far beyond any password or signing secret; a bound on what start-up reads
MAX_LINKS = 40  # as the kernel's own bound on links followed in one path (ELOOP)
# The operator's word that no other user can reach the confdir although its mode would let them (a Kubernetes
# emptyDir is 0777): the folder checks are left out for the confdir and the key files exitguard makes.
UNSHARED_VARIABLE = "EXITGUARD_CONFDIR_UNSHARED"


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


def unreadable_hint(path: Path) -> str:
    """What to do when the proxy's user may not open the file: most often it was made by another user (root,
    for a container whose proxy runs as uid 10001), and the fix is to give it to the proxy's user."""
    euid = os.geteuid()
    try:
        st = os.stat(path)
    except OSError:
        return f" (a folder on the way is closed to the proxy's user, uid {euid})"
    return f" (owned by uid {st.st_uid}, mode {stat.S_IMODE(st.st_mode):04o}; the proxy runs as uid {euid}: " \
           f"chown {euid} the file and chmod 600 it)"


def folder_problem(folder: str, folder_st: os.stat_result, entry: str, entry_st: os.stat_result,
                   euid: int) -> str | None:
    """Why ``entry`` in ``folder`` could be replaced by someone other than root or the proxy's user; None when it
    cannot."""
    trusted = (0, euid)
    bits = stat.S_IMODE(folder_st.st_mode)
    if folder_st.st_uid not in trusted:
        return f"is in the folder {folder}, owned by uid {folder_st.st_uid}, not by the proxy's user (uid {euid}) " \
               "or root: its owner can replace it"
    if bits & stat.S_IWOTH or (bits & stat.S_IWGRP and not private_group(folder_st.st_gid, euid)):
        if bits & stat.S_ISVTX and entry_st.st_uid in trusted:
            return None  # sticky: only the entry's owner (or the folder's) may rename or remove it
        return f"is in the folder {folder} (mode {bits:04o}) where group/others may replace {entry!r}; " \
               "chmod go-w the folder, or keep the file in a folder only root or the proxy's user may write"
    return None


# asked for every folder on the way to every secret file read (the token file's reload: every second)
private_group = functools.cache(user_groups.private_group)


def walk(path: Path, euid: int) -> tuple[os.stat_result, str | None]:
    """The file ``path`` names, reached as the kernel reaches it (each link followed), and the first reason a
    folder on the way lets someone else replace what it holds (``folder_problem``), or None."""
    absolute = path if path.is_absolute() else Path(os.getcwd()) / path  # ".." is walked, not cut lexically
    pending = list(absolute.parts[1:])
    pending.reverse()  # a stack: the next name last
    current, current_st, links = "/", os.stat("/"), 0
    while pending:
        name = pending.pop()
        if name in ("", "."):
            continue
        if name == "..":
            current = os.path.dirname(current)
            current_st = os.stat(current)
            continue
        entry = os.path.join(current, name)
        entry_st = os.lstat(entry)
        why = folder_problem(current, current_st, name, entry_st, euid)
        if why is not None and not _read_only(current):  # a read-only mount: nobody replaces anything there
            return entry_st, why
        if stat.S_ISLNK(entry_st.st_mode):
            links += 1
            if links > MAX_LINKS:
                raise OSError(errno.ELOOP, os.strerror(errno.ELOOP))
            target = os.readlink(entry)
            if target.startswith("/"):
                current, current_st = "/", os.stat("/")
            pending.extend(reversed(Path(target).parts[1:] if target.startswith("/") else Path(target).parts))
            continue
        current, current_st = entry, entry_st
    return current_st, None


def _read_only(folder: str) -> bool:
    """The folder is on a read-only mount (a Kubernetes Secret volume, a container's read-only root)."""
    return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)


def read_secret_file(path: Path, max_bytes: int = MAX_BYTES, folders: bool = True) -> str:
    """The file's text, stripped of surrounding white space. Raises SecretFileError naming the file when it is
    missing, not private (``problem``), empty, larger than ``max_bytes`` or not UTF-8. ``folders=False`` leaves
    out the folders on the way (``walk``), for a folder the operator said no other user can reach."""
    try:
        # Not opened unless it is a regular file: opening a device acts (a tape rewinds, a watchdog starts, a
        # terminal can become the proxy's). The checks below run again on the descriptor: a swap in between is
        # caught there, and O_NONBLOCK / O_NOCTTY keep a FIFO or a terminal swapped in from acting.
        if not stat.S_ISREG(os.stat(path).st_mode):
            raise SecretFileError(f"{path} is not a regular file")
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    except PermissionError as e:
        raise SecretFileError(f"{path}: {e.strerror or type(e).__name__}{unreadable_hint(path)}") from None
    except OSError as e:
        raise SecretFileError(f"{path}: {e.strerror or type(e).__name__}") from None
    try:
        st = os.fstat(fd)
        euid = os.geteuid()
        why = problem(st.st_mode, st.st_uid, euid)
        if why is not None:
            raise SecretFileError(f"{path} {why}")
        if folders:
            reached, why = walk(path, euid)
            if why is not None:
                raise SecretFileError(f"{path} {why}")
            if (reached.st_dev, reached.st_ino) != (st.st_dev, st.st_ino):
                raise SecretFileError(f"{path} changed while it was read (a folder on the way was changed); "
                                      "not used")
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


def folders_unshared() -> bool:
    """``EXITGUARD_CONFDIR_UNSHARED=1``: see UNSHARED_VARIABLE."""
    return os.environ.get(UNSHARED_VARIABLE) == "1"


def create_private_file(path: Path, data: bytes) -> bool:
    """A new 0600 file at ``path`` holding ``data``, made in its folder as a 0600 ``mkstemp`` file, written whole
    and hard-linked to ``path``: a reader never sees it part-written, and the link fails on any name already there
    (a link planted there included: nothing is written through it). False when the name is taken (another process
    made the file first: use theirs)."""
    make_private_folder(path.parent)
    fd, tmp = tempfile.mkstemp(prefix=".new-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.link(tmp, path)
        return True
    except FileExistsError:
        return False
    finally:
        os.unlink(tmp)


def make_private_folder(path: Path) -> None:
    """Create ``path`` and its missing parents 0700 (never wider, whatever the umask). Folders that exist are
    left as they are: ``private_folder_problem`` judges them."""
    missing = []
    folder = Path(path)
    while not os.path.lexists(folder):
        missing.append(folder)
        folder = folder.parent
    for folder in reversed(missing):
        try:
            os.mkdir(folder, 0o700)
        except FileExistsError:  # made meanwhile by another process: judged like any folder that exists
            pass


def private_folder_problem(path: Path) -> str | None:
    """Why someone other than root or the proxy's user could put a file in the folder ``path`` or replace one in
    it (the folder itself, or one on the way to it); None when nobody can."""
    euid = os.geteuid()
    st, why = walk(Path(path), euid)
    if why is not None:
        return f"{path} {why}"
    if not stat.S_ISDIR(st.st_mode):
        return f"{path} is not a folder"
    bits = stat.S_IMODE(st.st_mode)
    if st.st_uid not in (0, euid):
        return f"the folder {path} is owned by uid {st.st_uid}, not by the proxy's user (uid {euid}) or root: " \
               f"its owner chooses what is in it; use a folder of your own, or chown it to uid {euid}"
    if (bits & stat.S_IWOTH or (bits & stat.S_IWGRP and not private_group(st.st_gid, euid))) \
            and not _read_only(str(path)):
        return f"the folder {path} has mode {bits:04o}: group/others may put files in it or replace them; " \
               "chmod 700 it"
    return None
