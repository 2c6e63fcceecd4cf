"""`exitguard rules list|test`: show the loaded rules, or run every rule's examples and negative examples.

`rules test [PATH...]` loads the given rule files or directories (default: the built-in rules/), fails
with `file: rule id: what is wrong` on an invalid rule, then checks each rule's examples (also JSON-escaped
inside a chat request body) and negative examples. Exit status 1 on any failure.
"""

from __future__ import annotations

import re
import sys

from addons.cli.errors import console
from addons.cli.terminal import shown
from addons.detect import RuleError, Scanner, validators
from addons.detect.selftest import example_failures


def register(sub) -> None:
    parser = sub.add_parser("rules", help="list detection rules or test their examples",
                            description=__doc__.split("\n\n")[0])
    actions = parser.add_subparsers(dest="rules_action", required=True, metavar="SUBCOMMAND")
    listing = actions.add_parser("list", help="list the loaded rules")
    listing.add_argument("--rules", action="append", metavar="DIR_OR_FILE",
                         help="rule file or directory (repeatable); default: the built-in rules/")
    testing = actions.add_parser("test", help="run every rule's examples and negative examples")
    testing.add_argument("paths", nargs="*", metavar="PATH",
                         help="rule files or directories (default: the built-in rules/)")
    testing.add_argument("--engine", choices=["auto", "hyperscan", "python"], default="auto",
                         help="the first stage that finds candidate spots: Hyperscan (what the proxy runs), the "
                              "pure-Python keyword prefilter, or auto: Hyperscan where it is installed")
    parser.set_defaults(func=run)


def run(args) -> int:
    paths = args.rules if args.rules_action == "list" else args.paths
    try:
        scanner = Scanner.from_rules(paths, getattr(args, "engine", "auto")) if paths else Scanner.default(
            getattr(args, "engine", "auto"))
    except RuleError as exc:
        print(f"exitguard rules: {shown(exc)}", file=sys.stderr)  # quotes the pack's text (review62)
        return 2
    return _list(scanner) if args.rules_action == "list" else _test(scanner)


def _list(scanner: Scanner) -> int:
    from rich.table import Table
    from rich.text import Text

    table = Table(title=f"{len(scanner.rules)} rules (version {scanner.version}, engine {scanner.engine})")
    for column in ("id", "category", "classification", "tier", "description"):
        table.add_column(column)
    for rule in scanner.rules:
        # A pack may be someone else's (review62): its text as written, never markup or terminal controls.
        table.add_row(*(Text(shown(cell)) for cell in (rule.id, rule.category, rule.classification, rule.tier,
                                                        rule.description)))
    console().print(table)
    return 0


def _test(scanner: Scanner) -> int:
    failures = [line for rule in scanner.rules for line in example_failures(scanner, rule)]
    examples = sum(len(rule.examples) + len(rule.negative_examples) for rule in scanner.rules)
    for line in failures:
        print(line)
        if hint := _validator_hint(line):
            print(hint)
    failed = sum(1 for line in failures if not line.startswith(" "))
    print(f"{len(scanner.rules)} rules, {examples} examples: {failed} failure(s) (engine {scanner.engine})")
    return 1 if failures else 0


def _validator_hint(line: str) -> str | None:
    """What a validator that refused an example accepts (newuser56: `github_crc32` on an in-house token of another
    length failed with no word of the layout it wants); None where the validator says nothing of itself."""
    refused = re.search(r"validator (\w+) failed$", line)
    check = validators.VALIDATORS.get(refused[1]) if refused else None
    if refused is None or check is None or not check.__doc__:
        return None
    accepts = " ".join(check.__doc__.split("\n\n")[0].split())
    return (f"      {refused[1]} accepts: {accepts} A pack cannot bring its own checksum: for a format no validator"
            f" fits, leave `validator` out (`entropy: auto` judges the value)")
