"""Read-only health flags that one concern raises and others ask about (a concern may not import another).

`recorder_broken()`: the audit recorder cannot write (disk full, permissions). Buffered guarded answers
already get a 503 from the Audit addon; a stream in flight asks this on every chunk and ends with the API's
error event, since an answer that cannot be recorded must not be delivered.

`recorder_has_room(n)`: whether the record folder's file system has `n` bytes free. A stream's own record is
written after its last byte, so a disk that fills during a long stream would only be found afterwards: the
stream asks before every chunk for room for what it has carried so far plus a reserve.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

# Room a stream needs besides its own bytes: the index line, the flow's headers and other flows' records.
RECORD_RESERVE_BYTES = 16 * 1024 * 1024

_recorder_broken = False


class FolderRoom:
    """Free bytes in a folder's file system for an unprivileged writer, read at most every `interval` seconds
    (one statvfs; streams ask on every chunk)."""

    def __init__(self, folder: Path, interval: float = 0.25, clock: Callable[[], float] = time.monotonic,
                 statvfs: Callable[[Path], os.statvfs_result] = os.statvfs) -> None:
        self.folder, self.interval, self.clock, self.statvfs = folder, interval, clock, statvfs
        self._free, self._read_at = 0, float("-inf")

    def free(self) -> int:
        now = self.clock()
        if now - self._read_at >= self.interval:
            try:
                st = self.statvfs(self.folder)
                self._free = st.f_bavail * st.f_frsize
            except OSError:
                self._free = 0  # the folder is gone or unreadable: nothing can be recorded there
            self._read_at = now
        return self._free


_room: FolderRoom | None = None


def set_record_room(room: FolderRoom | None) -> None:
    """Called by the Audit addon only: where records go (None: nothing is recorded)."""
    global _room
    _room = room


def recording() -> bool:
    """Whether this proxy records flows at all (an `exitguard_record_dir` is set): an error page may only point to
    `exitguard audit show` for a record that will exist."""
    return _room is not None


def recorder_has_room(needed: int) -> bool:
    return _room is None or _room.free() >= needed + RECORD_RESERVE_BYTES


def set_recorder_broken(broken: bool) -> None:
    """Called by the Audit addon only."""
    global _recorder_broken
    _recorder_broken = broken


def recorder_broken() -> bool:
    return _recorder_broken
