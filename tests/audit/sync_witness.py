"""Test-only mitmproxy script: says what each fdatasync made durable, so a test can play a power loss.

Loaded after the bundle (``-s``), it wraps ``os.fdatasync``: before each call it reads the file's size (what the
call will make durable: every byte written before it started), and after the call returns it appends
``<path>\\t<size>\\n`` to ``synced.log`` beside the record folder (``O_APPEND``, one ``write``: a SIGKILL keeps
every line written). After a SIGKILL a test cuts each recording and index to the largest size synced for it, which
is what a power loss at that moment could leave, and checks that every answered flow is still there.
"""

from __future__ import annotations

import os
import threading

_real_fdatasync = os.fdatasync
_logs: dict[str, int] = {}
_lock = threading.Lock()


def _log_fd(folder: str) -> int:
    with _lock:
        if folder not in _logs:
            _logs[folder] = os.open(os.path.join(os.path.dirname(folder), "synced.log"),
                                    os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        return _logs[folder]


def fdatasync(fd: int) -> None:
    path = os.readlink(f"/proc/self/fd/{fd}")
    size = os.fstat(fd).st_size
    _real_fdatasync(fd)
    if path.endswith((".mitm", ".jsonl")):
        os.write(_log_fd(os.path.dirname(path)), f"{path}\t{size}\n".encode())


os.fdatasync = fdatasync
