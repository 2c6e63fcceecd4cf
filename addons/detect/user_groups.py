"""Whether a group-writable folder lets anyone but this user in: shared by the cache folder's check and the
secret files' (core/secretfile.py)."""

from __future__ import annotations

import grp
import pwd


def private_group(gid: int, euid: int) -> bool:
    """Whether ``gid`` is the user-private group of the user ``euid`` (Debian and Ubuntu make one per user, named
    after it, and give users umask 002, so a fresh checkout's folders are group-writable): its only possible
    member is that user, so group write lets nobody else in. Any other user in it, or with it as primary group,
    or no such entries at all (a container's bare uid): not private.

    The group must be the user's own primary group and bear its name before the user list is read at all: where
    users come from a directory that does not enumerate (LDAP, sssd), `getpwall` lists only local users and cannot
    prove a shared group private."""
    try:
        user, group = pwd.getpwuid(euid), grp.getgrgid(gid)
    except KeyError:
        return False
    if user.pw_gid != gid or group.gr_name != user.pw_name or set(group.gr_mem) - {user.pw_name}:
        return False
    return all(other.pw_uid == euid for other in pwd.getpwall() if other.pw_gid == gid)
