"""The ``exitguard`` command. Each sub-command lives in addons/cli/<name>.py and registers itself."""

from __future__ import annotations

import argparse
import importlib
import sys

import addons.chain  # noqa: F401  (registers the policy sections the commands load)

COMMANDS = ("up", "scan", "rules", "audit", "replay", "approvals", "token", "ca", "env")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="exitguard",
                                description="Guard what AI agents send to and receive from the outside world.")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f"addons.cli.{name}").register(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args) or 0
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
