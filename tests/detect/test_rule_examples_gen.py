"""scripts/gen_rule_examples.py: seeded and deterministic; every generated value passes its rule's validator and
is found by its rule at its own offsets; `exitguard rules test` proves a copy of the packs holding them."""

import argparse
import dataclasses
import importlib.util
import io
import sys
from pathlib import Path

import pytest
import yaml

from addons.cli import rules as rules_command
from addons.detect import Scanner
from addons.detect.rules import load_paths
from addons.detect.scanner import default_rules_dir
from addons.detect.selftest import example_failures
from addons.detect.validators import CONTEXT_VALIDATORS

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("gen_rule_examples", ROOT / "scripts" / "gen_rule_examples.py")
gen = importlib.util.module_from_spec(spec)
spec.loader.exec_module(gen)

RULES, _VERSION = load_paths([default_rules_dir()])
BY_ID = {rule.id: rule for rule in RULES}


@pytest.fixture(scope="module")
def scanner():
    return Scanner.default(engine="hyperscan")


def run_cli(argv):
    parser = argparse.ArgumentParser(prog="exitguard")
    rules_command.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    out, old = io.StringIO(), sys.stdout
    sys.stdout = out
    try:
        status = args.func(args)
    finally:
        sys.stdout = old
    return status, out.getvalue()


def test_every_rule_with_a_validator_has_a_generator():
    # Context-scored rules (validator: context_password) judge the words around a value, not a checksum.
    assert set(gen.generators(0)) == {rule.id for rule in RULES
                                      if rule.validator and rule.validator not in CONTEXT_VALIDATORS}


def test_output_depends_on_the_seed_only():
    assert gen.generate(5, count=2) == gen.generate(5, count=2)
    assert gen.generate(5) != gen.generate(6)
    # Choosing rules does not change their examples: every generator always runs, in a fixed order.
    assert gen.generate(5, ["iban", "jwt"]) == {key: gen.generate(5)[key] for key in ("iban", "jwt")}


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_generated_values_validate_and_are_found_at_their_offsets(scanner, seed):
    examples = gen.generate(seed, count=3)
    assert gen.check_values(examples, {rule_id: BY_ID[rule_id].validator for rule_id in examples}) == []
    for rule_id, pairs in examples.items():
        for text, value in pairs:
            found = [text[f.start:f.end] for f in scanner.candidates(text) if f.rule_id == rule_id]
            assert value in found, (rule_id, text, found)
        rule = dataclasses.replace(BY_ID[rule_id], examples=tuple(text for text, _ in pairs))
        assert example_failures(scanner, rule) == []  # also JSON-escaped in a chat body


def test_a_broken_checksum_is_reported():
    text, value = gen.generate(0, ["github-pat-classic"])["github-pat-classic"][0]
    broken = value[:-1] + ("A" if value[-1] != "A" else "B")
    problems = gen.check_values({"github-pat-classic": [(text.replace(value, broken), broken)]},
                                {"github-pat-classic": "github_crc32"})
    assert problems and "validator github_crc32 rejects" in problems[0]


def test_printed_examples_are_yaml_lists_per_rule(capsys):
    assert gen.main(["--seed", "4", "--rule", "private-key", "--rule", "iban"]) == 0
    printed = yaml.safe_load(capsys.readouterr().out)
    expected = gen.generate(4, ["private-key", "iban"])
    assert printed == {rule_id: [text for text, _ in pairs] for rule_id, pairs in expected.items()}


@pytest.mark.slow  # compiles a whole rule set for the copy
def test_exitguard_rules_test_proves_the_written_copy(tmp_path, capsys):
    target = tmp_path / "generated-rules"
    assert gen.main(["--seed", "11", "--count", "2", "--write", str(target)]) == 0
    copied, _ = load_paths([target])
    expected = gen.generate(11, count=2)
    assert {rule.id: list(rule.examples) for rule in copied if rule.id in expected} == \
        {rule_id: [text for text, _ in pairs] for rule_id, pairs in expected.items()}
    assert len(copied) == len(RULES)
    status, out = run_cli(["rules", "test", str(target)])
    assert status == 0, out
    assert out.rstrip().endswith("0 failure(s) (engine hyperscan)") and out.startswith(f"{len(RULES)} rules")
