"""The README says what the commands really do: its command table and `up` synopsis match what argparse knows
(both ways), and the quick start's client lines name the files `exitguard up` / `exitguard env` print."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from addons.cli import env, preflight, up
from addons.cli.main import parser

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text()
README_HOME = "/home/you/exitguard"  # where the README's examples pretend the checkout is


def subcommands(p: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    return next((dict(a.choices) for a in p._actions if isinstance(a, argparse._SubParsersAction)), {})


def flags(p: argparse.ArgumentParser) -> set[str]:
    """Every option of a command and of its sub-commands."""
    own = {o for a in p._actions for o in a.option_strings if o.startswith("--")}
    return own.union(*(flags(sub) for sub in subcommands(p).values()))


def command_rows() -> list[str]:
    """The rows of the README's `| command | does |` table."""
    return README.split("| command | does |\n|---|---|\n", 1)[1].split("\n\n", 1)[0].splitlines()


def command_table() -> list[str]:
    """The first cells of the command table."""
    return [row.split(" | ", 1)[0].removeprefix("| ") for row in command_rows()]


def documented(cells: list[str]) -> dict[str, set[str]]:
    """command -> the sub-commands a cell names: ``exitguard audit [list] [filters] \\| show ID``, and
    ``exitguard rules list``, ``rules test [PATH...]`` (one code span per command)."""
    out: dict[str, set[str]] = {}
    for cell in cells:
        for span in re.findall(r"`([^`]+)`", cell):
            command = None
            for alternative in span.removeprefix("exitguard ").split(r" \| "):
                words = alternative.split()
                if command is None:
                    command, words = words[0], words[1:]
                    out.setdefault(command, set())
                first = words[0].strip("[]") if words else ""
                if first.isalpha() and first.islower():
                    out[command].add(first)
    return out


def test_the_command_table_lists_every_command_and_sub_command_and_no_other():
    known = {name: set(subcommands(sub)) for name, sub in subcommands(parser()).items()}
    assert documented(command_table()) == known


def test_the_options_the_command_table_names_exist():
    commands = subcommands(parser())
    for cell, row in zip(command_table(), command_rows(), strict=True):
        name = cell.strip("`").removeprefix("exitguard ").split()[0]
        named = set(re.findall(r"(--[a-z][a-z-]+)", row))
        assert named <= flags(commands[name]), (name, named - flags(commands[name]))


def test_the_up_synopsis_names_every_option_of_up_and_no_other():
    synopsis = README.split("```\nexitguard up ", 1)[1].split("```", 1)[0]
    up_parser = subcommands(parser())["up"]
    assert set(re.findall(r"(--[a-z][a-z-]+)", synopsis)) == flags(up_parser) - {"--help"}


def quick_start() -> list[str]:
    return README.split("## Quick start", 1)[1].split("To run the whole test suite", 1)[0].splitlines()


def test_the_quick_start_names_the_files_up_and_env_print(tmp_path):
    printed = env.env_lines_for("127.0.0.1:8080", str(tmp_path)).replace(str(tmp_path), f"{README_HOME}/certs")
    exports = [line for line in quick_start() if line.startswith("export ")]
    assert {line.split("=")[0] for line in exports} >= {"export SSL_CERT_FILE", "export NODE_EXTRA_CA_CERTS"}
    assert set(exports) <= set(printed.splitlines())
    assert "`exitguard-ca-bundle.pem`" in "\n".join(quick_start())


def counts_as_n(line: str) -> str:
    """The words of a line, its counts left out: a rule added to a pack does not make the example wrong."""
    return re.sub(r"\d+", "N", line)


def test_the_quick_start_shows_what_up_says_at_start(tmp_path):
    argv = up.mitmproxy_argv(parser().parse_args(["up", "--confdir", str(tmp_path)]))
    said = preflight.summary(preflight.check(argv)).replace(str(up.DEFAULT_RECORD_DIR), f"{README_HOME}/recordings")
    shown = [line for line in quick_start() if line.startswith("exitguard: ")]
    assert [counts_as_n(line) for line in shown[:3]] == [counts_as_n(line) for line in said.splitlines()]
    assert shown[3] == "exitguard: starting mitmdump on 127.0.0.1:8080; Ctrl-C stops the proxy"
