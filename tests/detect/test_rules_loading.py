import shutil

import pytest

from addons.detect import RuleError, Scanner
from addons.detect.regex_shape import backtracking_risk, lookahead_width, max_match_length
from addons.detect.rules import load_paths
from addons.detect.scanner import default_rules_dir

VALID = """
rules:
  - id: demo-token
    description: Demo token
    category: secret
    classification: confidential
    tier: precise
    keywords: [demo_]
    regex: '\\b(demo_[a-z0-9]{12})\\b'
    examples: ['demo_abcdef123456']
"""


def test_valid_file_loads(rule_file):
    rules, version = load_paths([rule_file(VALID)])
    assert [r.id for r in rules] == ["demo-token"]
    assert rules[0].keywords == ("demo_",) and rules[0].value_group == 1
    assert len(version) == 12


@pytest.mark.parametrize("change, message", [
    (("tier: precise", "tier: precise\n    colour: blue"), "demo-token: unknown key(s): colour"),
    (("    tier: precise\n", ""), "demo-token: missing key(s): tier"),
    (("id: demo-token", "id: Demo_Token"), "id must be lower-kebab-case"),
    (("category: secret", "category: password"), "category must be one of secret, pii"),
    (("regex: '\\b(demo_[a-z0-9]{12})\\b'", "regex: '(demo_[a-z'"), "demo-token: regex does not compile"),
    (("regex: '\\b(demo_[a-z0-9]{12})\\b'", "regex: 'demo_[a-z0-9]{12}'"), "needs a capture group"),
    (("tier: precise", "tier: precise\n    validator: crc64"), "unknown validator 'crc64'"),
    (("tier: precise", "tier: precise\n    entropy: 12"), "entropy must be"),
    (("examples: ['demo_abcdef123456']", "examples: []"), "examples must list at least one example"),
])
def test_invalid_rules_name_file_rule_and_problem(rule_file, change, message):
    assert change[0] in VALID
    path = rule_file(VALID.replace(*change))
    with pytest.raises(RuleError) as error:
        load_paths([path])
    assert str(error.value).startswith(f"{path}: ")
    assert message in str(error.value)


def test_duplicate_ids_across_files_fail(rule_file):
    first, second = rule_file(VALID, "a.yaml"), rule_file(VALID, "b.yaml")
    with pytest.raises(RuleError, match="duplicate id"):
        load_paths([first, second])


def test_file_must_hold_a_rules_list(rule_file):
    with pytest.raises(RuleError, match="one key, `rules`"):
        load_paths([rule_file("rules: {}\n")])


def test_directory_loads_every_yaml_but_policy(tmp_path, rule_file):
    rule_file(VALID, "demo.yaml")
    (tmp_path / "policy.yaml").write_text("version: 1\n")
    scanner = Scanner.from_rules([tmp_path], engine="python")
    assert [r.id for r in scanner.rules] == ["demo-token"]


def test_version_follows_rule_file_contents(tmp_path):
    copy = tmp_path / "rules"
    shutil.copytree(default_rules_dir(), copy)
    before = Scanner.from_rules([copy], engine="python").version
    with (copy / "generic.yaml").open("a") as handle:
        handle.write("\n# a comment changes the version too\n")
    assert Scanner.from_rules([copy], engine="python").version != before


def test_missing_path_is_a_rule_error(tmp_path):
    with pytest.raises(RuleError, match="no such rule file"):
        load_paths([tmp_path / "nope.yaml"])


def test_regex_shape():
    assert max_match_length(r"\b(ghp_[A-Za-z0-9]{36})\b") == 40
    assert max_match_length(r"(a+)") == 16384  # unbounded: the cap
    assert backtracking_risk(r"(x+x+)+y") and backtracking_risk(r"(?:a|ab){0,50}c")
    assert backtracking_risk(r"a.{0,200}b.{0,200}c")
    assert not backtracking_risk(r"\b(ghp_[A-Za-z0-9]{36})\b")
    assert lookahead_width(r"(\d{3})(?![\w-]|\.\d)") == 2 and lookahead_width(r"(ab)\b") == 0
