"""The public files in mitmproxy's confdir that others must not change: the CA certificate clients are told to trust
(``exitguard env`` points ``NODE_EXTRA_CA_CERTS`` at it), its other spellings, and the DH group mitmproxy offers
clients. mitmproxy writes them at start when they are missing, with the process's umask: a plain
``mitmdump -s addons/bundle.py`` under umask 000 left them 0666 in a confdir others may enter (attack36), where any
local user could put their own CA into what clients trust. ``exitguard up`` and ``ca init`` make them right first
(cli/ca.py); the bundle refuses to start on such a file instead of serving with it.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from addons.core import secretfile

NAMES = ("mitmproxy-ca-cert.pem", "mitmproxy-ca-cert.cer", "mitmproxy-ca-cert.p12", "mitmproxy-dhparam.pem")


def problems(confdir: Path, euid: int) -> list[str]:
    """Why each public file of ``confdir`` could be changed by another local user ([] when none can). A confdir
    others cannot enter (no group/other search bit) keeps what it holds to its owner whatever the files' modes;
    ``EXITGUARD_CONFDIR_UNSHARED=1`` (a container's own volume) says nobody else is there."""
    if secretfile.folders_unshared():
        return []
    try:
        folder = os.stat(confdir)
    except OSError:
        return []
    if not stat.S_IMODE(folder.st_mode) & (stat.S_IXGRP | stat.S_IXOTH):
        return []
    found = []
    for name in NAMES:
        try:
            st = os.lstat(confdir / name)
        except FileNotFoundError:
            continue
        bits = stat.S_IMODE(st.st_mode)
        if not stat.S_ISREG(st.st_mode):
            found.append(f"{confdir / name} is not a regular file")
        elif st.st_uid not in (0, euid):
            found.append(f"{confdir / name} is owned by uid {st.st_uid}, not by the proxy's user or root")
        elif bits & stat.S_IWOTH or (bits & stat.S_IWGRP and not secretfile.private_group(st.st_gid, euid)):
            found.append(f"{confdir / name} has mode {bits:04o}: group/others may change it")
    return found
