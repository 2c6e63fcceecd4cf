"""Every rule in rules/ (all packs below it but policy.yaml) finds its examples, also JSON-escaped inside an OpenAI
chat request body, and none of its negative examples, with both first stages (Hyperscan and the
pure-Python keyword prefilter)."""

from pathlib import Path

import pytest

from addons.detect import Scanner
from addons.detect.rules import load_paths
from addons.detect.scanner import default_rules_dir
from addons.detect.selftest import example_failures

RULES, _VERSION = load_paths([default_rules_dir()])


@pytest.fixture(scope="module", params=["hyperscan", pytest.param("python", marks=pytest.mark.slow)])  # the fallback
def scanner(request):
    return Scanner.default(engine=request.param)


def test_rule_files_are_loaded():
    files = {Path(rule.source).relative_to(default_rules_dir()).as_posix() for rule in RULES}
    assert {"generic.yaml", "pii.yaml", "secrets/ai.yaml", "secrets/vcs.yaml"} <= files
    assert not any(name.endswith("policy.yaml") for name in files)


@pytest.mark.parametrize("rule_id", [rule.id for rule in RULES])
def test_rule_examples(scanner, rule_id):
    failures = example_failures(scanner, scanner.rule(rule_id))
    assert not failures, "\n".join(failures)
