"""The one error every sub-command raises for a mistake of the person at the terminal (a missing file, a bad
value, input that is not what the command reads). `exitguard` prints it as one line and exits 2."""

from __future__ import annotations

USAGE_ERROR = 2


class UserError(Exception):
    """What went wrong, in words a user can act on; never a raw secret value."""
