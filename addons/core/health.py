"""Read-only health flags that one concern raises and others ask about (a concern may not import another).

`recorder_broken()`: the audit recorder cannot write (disk full, permissions). Buffered guarded answers
already get a 503 from the Audit addon; a stream in flight asks this on every chunk and ends with the API's
error event, since an answer that cannot be recorded must not be delivered.
"""

from __future__ import annotations

_recorder_broken = False


def set_recorder_broken(broken: bool) -> None:
    """Called by the Audit addon only."""
    global _recorder_broken
    _recorder_broken = broken


def recorder_broken() -> bool:
    return _recorder_broken
