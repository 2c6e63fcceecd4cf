"""Files of another user, for the tests of exitguard's secret-file checks (core/secretfile.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

OTHER_UID = 12345


def give_to_another_user(path: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    """Make ``path`` another user's as the proxy sees it, and return that user's uid. As root (CI runs the suite so)
    the file is given away for real; otherwise it stays ours and the proxy is made to run as someone else."""
    from addons.core import secretfile

    owner = path.stat().st_uid
    if owner == 0:
        os.chown(path, OTHER_UID, -1)
        return OTHER_UID
    monkeypatch.setattr(secretfile.os, "geteuid", lambda: owner + 1)
    return owner
