"""The one error every sub-command raises for a mistake of the person at the terminal (a missing file, a bad
value, input that is not what the command reads). `exitguard` prints it as one line and exits 2."""

from __future__ import annotations

USAGE_ERROR = 2


class UserError(Exception):
    """What went wrong, in words a user can act on; never a raw secret value."""


PIPED_WIDTH = 200  # rich folds output that is not a terminal at 80 columns: a table piped to less or a file


def console(**options):
    """A rich Console for command output. rich answers a closed pipe with its own `SystemExit(1)`, which would
    read as "found something"; this one raises BrokenPipeError, so `exitguard` ends it like any other closed pipe.
    Output to a pipe or file is PIPED_WIDTH wide, or $COLUMNS if that is wider, unless `width` is given."""
    import os
    import sys

    from rich.console import Console

    if "width" not in options and not sys.stdout.isatty():
        columns = os.environ.get("COLUMNS", "")
        options["width"] = max(PIPED_WIDTH, int(columns) if columns.isdigit() else 0)

    class _Console(Console):
        def on_broken_pipe(self) -> None:
            self.quiet = True  # nothing more is written to a pipe nobody reads
            raise BrokenPipeError

    return _Console(**options)
