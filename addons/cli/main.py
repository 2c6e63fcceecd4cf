"""The ``exitguard`` command. Each sub-command lives in addons/cli/<name>.py and registers itself.

Errors are handled here, once, so every command behaves alike at a terminal and in a pipe: a user error is one
line ``exitguard <command>: <what>`` on stderr with status 2, never a traceback, and a reader that goes away
(``exitguard audit export | head``) ends the command quietly.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import textwrap
from typing import Any

from addons.cli.errors import USAGE_ERROR, UserError
from addons.core.heap import freeze_start_up_objects

COMMANDS = ("up", "scan", "rules", "audit", "replay", "approvals", "token", "ca", "env")
DESCRIPTION = """\
Guard what AI agents send to and receive from the outside world.

Start the proxy with `exitguard up`, then point clients at it with the lines it prints (again: `exitguard env`).
`exitguard COMMAND --help` tells more about each command.
"""
EXIT_CODES = """\
exit status:
  0    success; for scan: nothing found
  1    something was found or a check failed: scan findings (or a scan that could not finish),
       audit verify problems, a recorded flow that does not read back, failing rule examples,
       a decision the proxy refused (approvals: already decided, self-approval, unknown id)
  2    usage or input error: a bad option, a missing or unreadable file, input that is not what
       the command reads
  3    approvals approve: approved, but what it held was not (all) sent: the policy changed while
       it was held (409), the client left, ...; the line says why
  4    approvals approve: approved in the fleet's store, and the replica holding the request has
       not said yet whether it sent it (approvals list --all shows it once it has)
  130  interrupted (Ctrl-C); not up: Ctrl-C is how the proxy is stopped, and it exits 0
  141  the reader of the output went away (a closed pipe, e.g. `| head`), as for SIGPIPE
"""
INTERRUPTED = 130
CLOSED_PIPE = 141


def parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The command line's parser. Given the arguments, only the command they name is loaded (each imports what it
    needs: the proxy's addon chain for `up`, the approval client for `approvals`), so a command starts in a
    fraction of a second; without one, or for an unknown one, every command (the full help and usage)."""
    p = argparse.ArgumentParser(prog="exitguard", epilog=EXIT_CODES,
                                formatter_class=argparse.RawDescriptionHelpFormatter,
                                description=DESCRIPTION)
    p.add_argument("--version", action="version", version=version())
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    named = argv[0] if argv else None
    for name in (named,) if named in COMMANDS else COMMANDS:
        importlib.import_module(f"addons.cli.{name}").register(sub)
    _as_help(p)
    return p


def _as_help(p: argparse.ArgumentParser) -> None:
    """A command's description is its module's docstring: in help, a ``name`` is quoted like `name`. Option help
    never breaks a line at a hyphen: a default path such as /home/me/my-checkout/recordings stays whole."""
    p.formatter_class = _unbroken(p.formatter_class)
    for action in p._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                child.description = (child.description or "").replace("``", "`") or None
                _as_help(child)


def _unbroken(formatter: Any) -> Any:
    class Unbroken(formatter):
        def _split_lines(self, text: str, width: int) -> list[str]:
            return textwrap.wrap(self._whitespace_matcher.sub(" ", text).strip(), width, break_on_hyphens=False,
                                 break_long_words=False)

    return Unbroken


def version() -> str:
    """exitguard's version and the mitmproxy it runs on (what a bug report needs)."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    from mitmproxy.version import VERSION
    try:
        own = installed("exitguard")
    except PackageNotFoundError:  # run from a checkout that was never installed
        own = "(not installed)"
    return f"exitguard {own} (mitmproxy {VERSION}, Python {sys.version.split()[0]})"


def main(argv: list[str] | None = None) -> int:
    program = argv is None  # run as the `exitguard` program, not called by other code
    argv = sys.argv[1:] if argv is None else argv
    if not argv:  # a bare `exitguard`: what it can do, not only "the following arguments are required"
        parser().print_help(sys.stderr)
        return USAGE_ERROR
    args = parser(argv).parse_args(argv)  # imports the command's module
    if program:
        freeze_start_up_objects()  # a rule build's full GC pass no longer walks the imports: `scan` ~0.14 -> 0.07 s
    try:
        status = args.func(args) or 0
        sys.stdout.flush()  # a closed pipe shows here, while it can still be handled, not at interpreter exit
        return status
    except KeyboardInterrupt:
        return INTERRUPTED
    except BrokenPipeError:
        return _quiet_after_closed_pipe()
    except UserError as e:
        return _user_error(args.command, str(e))
    except (FileNotFoundError, PermissionError, IsADirectoryError, NotADirectoryError) as e:
        return _user_error(args.command, describe_os_error(e))
    except SystemExit as e:
        if isinstance(e.code, str):  # raise SystemExit("exitguard x: ...") in older command code: a user error
            print(e.code, file=sys.stderr)
            return USAGE_ERROR
        raise


def describe_os_error(e: OSError) -> str:
    what = (e.strerror or type(e).__name__).lower()
    return f"{e.filename}: {what}" if e.filename else what


def _user_error(command: str, message: str) -> int:
    from addons.cli.terminal import shown  # here: every command imports this module, few end in an error

    # One line, its controls written out: it may quote a file's name or a rule pack's text (review62).
    print(f"exitguard {command}: {shown(message)}", file=sys.stderr)
    return USAGE_ERROR


def _quiet_after_closed_pipe() -> int:
    """The reader went away: nothing more can be said. Point stdout at /dev/null so the interpreter's final
    flush does not print a second BrokenPipeError (the idiom of the Python docs, "Note on SIGPIPE")."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout is not a file (captured in tests): nothing will flush to a pipe
        pass
    return CLOSED_PIPE


if __name__ == "__main__":
    sys.exit(main())
