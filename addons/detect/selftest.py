"""Run a rule's own examples: each positive example must be found by the rule (also JSON-escaped inside an
OpenAI chat request body, at the offsets of the escaped value) and no negative example may be. A verbose
regex must parse exactly like the one-line form the engine runs.
Used by `exitguard rules test` and by tests/detect/test_rule_examples.py.
"""

from __future__ import annotations

import contextlib
import io
import json

import regex

from . import case_fold
from .rules import REGEX_FLAGS, Rule
from .scanner import Scanner
from .verbose import compact


def chat_body(content: str) -> str:
    return json.dumps({"model": "gpt-4o", "messages": [{"role": "user", "content": content}]})


def _values(scanner: Scanner, text: str, rule_id: str) -> list[str]:
    return [text[f.start:f.end] for f in scanner.candidates(text) if f.rule_id == rule_id]


def example_failures(scanner: Scanner, rule: Rule) -> list[str]:
    """`file: rule id: what is wrong` for every example the rule gets wrong (empty when all pass)."""
    where = f"{rule.source}: {rule.id}"
    failures = []
    # (the loaded regex is the compact form with its non-ASCII letters in both cases: case_fold, lang63)
    if rule.verbose_regex is not None and not (
            _same_parse(rule.verbose_regex, compact(rule.verbose_regex))
            and case_fold.fold_cased(compact(rule.verbose_regex)) == rule.regex):
        failures.append(f"{where}: the verbose regex parses differently from its compacted one-line form: keep"
                        " whitespace and # out of tokens such as (?P<name>, (?#...) and \\p{...}")
    for number, example in enumerate(rule.examples):
        found = _values(scanner, example, rule.id)
        if not found:
            failures.append(f"{where}: example #{number} is not found")
            failures.extend(f"    {line}" for line in scanner.explain(example, rule.id))
            continue
        escaped = set(_values(scanner, chat_body(example), rule.id))
        if not escaped:
            failures.append(f"{where}: example #{number} is not found inside a JSON chat body")
        elif not {json.dumps(value)[1:-1] for value in found} <= escaped:
            failures.append(f"{where}: example #{number} inside a JSON chat body is found at other offsets")
    for number, example in enumerate(rule.negative_examples):
        if _values(scanner, example, rule.id):
            failures.append(f"{where}: negative example #{number} is found")
    return failures


def _same_parse(verbose: str, compacted: str) -> bool:
    try:
        return parse_tree(verbose) == parse_tree(compacted)
    except regex.error:
        return False


def parse_tree(source: str) -> str:
    """The `regex` module's parse tree of a pattern (its DEBUG dump): equal trees match alike."""
    dump = io.StringIO()
    with contextlib.redirect_stdout(dump):
        regex.compile(source, REGEX_FLAGS | regex.DEBUG)
    return dump.getvalue()
