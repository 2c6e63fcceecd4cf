import dataclasses
import shutil

import pytest
import yaml

from addons.detect import RuleError, Scanner
from addons.detect.regex_shape import backtracking_risk, lookahead_width, max_match_length
from addons.detect.rules import load_paths, parse_rule, rule_files
from addons.detect.scanner import default_rules_dir
from addons.detect.selftest import example_failures

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
    references: ['https://example.org/demo-token-format']
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
    (("    references: ['https://example.org/demo-token-format']\n", ""), "demo-token: missing key(s): references"),
    (("references: ['https://example.org/demo-token-format']", "references: []"), "references must list at least"),
    (("references: ['https://example.org/demo-token-format']", "references: https://example.org/x"),
     "references must be a list of strings"),
    (("'https://example.org/demo-token-format'", "'example.org/demo'"), "'example.org/demo' is not an http(s) URL"),
    (("regex: '\\b(demo_[a-z0-9]{12})\\b'", "regex: '(?i)\\b(demo_[a-z0-9]{12})(?x) # c'"),
     "only allowed as the regex's leading flag group"),
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
    with pytest.raises(RuleError, match="a `rules` list"):
        load_paths([rule_file("rules: {}\n")])
    with pytest.raises(RuleError, match="a `rules` list"):
        load_paths([rule_file("defaults: {tier: precise}\n")])
    with pytest.raises(RuleError, match=r"unknown top-level key.*: pack"):
        load_paths([rule_file("pack: demo\n" + VALID)])


def test_directory_loads_every_yaml_but_policy(tmp_path, rule_file):
    rule_file(VALID, "demo.yaml")
    (tmp_path / "policy.yaml").write_text("version: 1\n")
    scanner = Scanner.from_rules([tmp_path], engine="python")
    assert [r.id for r in scanner.rules] == ["demo-token"]


def test_version_follows_rule_file_contents(tmp_path):
    # One shipped pack, not all 22: building a scanner of every rule twice was ~1 s of CPU, and the version is the
    # hash of whatever files the folder holds.
    copy = tmp_path / "rules"
    copy.mkdir()
    shutil.copy(default_rules_dir() / "generic.yaml", copy)
    before = Scanner.from_rules([copy], engine="python").version
    with (copy / "generic.yaml").open("a") as handle:
        handle.write("\n# a comment changes the version too\n")
    assert Scanner.from_rules([copy], engine="python").version != before


def test_missing_path_is_a_rule_error(tmp_path):
    with pytest.raises(RuleError) as e:
        load_paths([tmp_path / "nope.yaml"])
    assert str(e.value) == f"{tmp_path / 'nope.yaml'}: no such rule file or folder"


def test_a_yaml_mistake_is_one_line_that_quotes_nothing(tmp_path):
    pack = tmp_path / "pack.yaml"
    pack.write_text("rules:\n  - id: mine\n    examples: ['key hunter2-Zx9 here'\n")
    with pytest.raises(RuleError) as e:
        load_paths([pack])
    # PyYAML's own text spans lines and may quote the line it stopped at (an example is a credential's shape)
    assert str(e.value) == (f"{pack}: line 4, column 1: not valid YAML: did not find expected ',' or ']' "
                            "(while parsing a flow sequence at line 3, column 15)")


def test_regex_shape():
    assert max_match_length(r"\b(ghp_[A-Za-z0-9]{36})\b") == 40
    assert max_match_length(r"(a+)") == 16384  # unbounded: the cap
    assert backtracking_risk(r"(x+x+)+y") and backtracking_risk(r"(?:a|ab){0,50}c")
    assert backtracking_risk(r"a.{0,200}b.{0,200}c")
    assert not backtracking_risk(r"\b(ghp_[A-Za-z0-9]{36})\b")
    assert lookahead_width(r"(\d{3})(?![\w-]|\.\d)") == 2 and lookahead_width(r"(ab)\b") == 0


PACK = """
defaults:
  category: pii
  classification: confidential
  tier: precise
  allow: ['_aaaa']
rules:
  - id: inherits
    description: takes everything from the pack
    regex: '\\b(demo_[a-z0-9]{12})\\b'
    examples: ['demo_abcdef123456']
    references: ['https://example.org/demo']
  - id: overrides
    description: sets its own classification and tier, adds an allow pattern
    classification: regulated
    tier: generic
    allow: ['_bbbb']
    regex: '\\b(other_[a-z0-9]{12})\\b'
    examples: ['other_abcdef123456']
    references: ['https://example.org/other']
"""


def test_pack_defaults_are_inherited_and_allow_is_extended(rule_file):
    inherits, overrides = load_paths([rule_file(PACK)])[0]
    assert (inherits.category, inherits.classification, inherits.tier) == ("pii", "confidential", "precise")
    assert (overrides.category, overrides.classification, overrides.tier) == ("pii", "regulated", "generic")
    assert inherits.allow == ("_aaaa",)
    assert overrides.allow == ("_aaaa", "_bbbb")  # the pack's first, then the rule's own
    # PII skips the global allowlist, so only the allow patterns decide here.
    scanner = Scanner(*load_paths([rule_file(PACK, "pack.yaml")]), engine="python")

    def found(text):
        return sorted(f.rule_id for f in scanner.scan(text))

    assert found("demo_x7k2m9q4p1z8 other_x7k2m9q4p1z8") == ["inherits", "overrides"]
    assert found("demo_aaaa12345678 other_aaaa12345678") == []          # the pack's pattern, in both rules
    assert found("demo_bbbb12345678 other_bbbb12345678") == ["inherits"]  # the rule's own, in that rule only


@pytest.mark.parametrize("defaults, message", [
    ("keywords: [demo]", "defaults: unknown key(s): keywords (allowed: category, classification, tier, allow)"),
    ("regex: 'x(y)'", "defaults: unknown key(s): regex"),
    ("tier: exact", "defaults: tier must be one of precise, generic, not 'exact'"),
    ("allow: ['(unclosed']", "defaults: allow pattern '(unclosed'"),
])
def test_bad_defaults_name_the_pack(rule_file, defaults, message):
    pack = PACK.replace("  tier: precise\n", "") if defaults.startswith("tier:") else PACK  # a key once only
    path = rule_file(pack.replace("  allow: ['_aaaa']", "  " + defaults))
    with pytest.raises(RuleError) as error:
        load_paths([path])
    assert str(error.value).startswith(f"{path}: defaults: ")
    assert message in str(error.value)


def test_a_required_key_may_come_from_the_pack_but_not_references(rule_file):
    path = rule_file(PACK.replace("    references: ['https://example.org/demo']\n", "", 1))
    with pytest.raises(RuleError, match=r"inherits: missing key.*: references"):
        load_paths([path])


VERBOSE = r"""
rules:
  - id: ticket-ref
    description: a ticket reference with a literal space and hash
    category: pii
    classification: internal
    tier: precise
    keywords: [ticket]
    regex: |
      (?xi)
      \b ticket \ \#            # the word, a space and a hash: both escaped
      ([0-9]{4} [ ] [A-Z]{2})      # the value: four digits, a space (in a class), two letters
      (?# a comment group)
      \b                          # a trailing comment: nothing may be appended to it
    examples: ['see Ticket #1234 AB today']
    negative_examples: ['ticket#1234 AB', 'ticket # 1234 AB']
    references: ['https://example.org/tickets']
"""


@pytest.mark.parametrize("engine", ["hyperscan", "python"])
def test_verbose_regex_with_comments_matches_like_its_one_line_form(rule_file, engine):
    path = rule_file(VERBOSE)
    [rule], version = load_paths([path])
    assert rule.regex == r"(?i)\bticket #([0-9]{4}[ ][A-Z]{2})\b"
    assert rule.verbose_regex.startswith("(?xi)\n")
    scanner = Scanner([rule], version, engine=engine)
    text = "see Ticket #1234 AB today"
    assert [text[f.start:f.end] for f in scanner.scan(text)] == ["1234 AB"]
    assert example_failures(scanner, rule) == []
    # Unescaped whitespace is layout, not text: this one-line pattern is the same rule.
    plain = parse_rule({**yaml.safe_load(VERBOSE)["rules"][0], "regex": rule.regex}, "plain")
    for sample in ["ticket #1234 AB", "TICKET #9999 zz", "ticket #1234AB", "ticket  #1234 AB"]:
        assert bool(rule.pattern.search(sample)) == bool(plain.pattern.search(sample)), sample


def test_selftest_reports_a_verbose_regex_that_parses_differently(rule_file):
    [rule], version = load_paths([rule_file(VERBOSE)])
    broken = dataclasses.replace(rule, verbose_regex=rule.verbose_regex.replace("[0-9]{4}", "[0-9]{3}"))
    failures = example_failures(Scanner([rule], version, engine="python"), broken)
    assert failures and "parses differently from its compacted one-line form" in failures[0]


def test_rule_files_are_found_recursively_in_sorted_order(tmp_path, rule_file):
    (tmp_path / "b" / "deep").mkdir(parents=True)
    (tmp_path / ".hidden").mkdir()
    rule_file(VALID, "z.yaml")
    rule_file(PACK, "b/deep/pack.yaml")
    rule_file(VALID.replace("demo-token", "hidden-token"), ".hidden/x.yaml")
    rule_file(VALID.replace("demo-token", "dotfile-token"), ".x.yaml")
    (tmp_path / "b" / "policy.yaml").write_text("version: 1\n")
    assert [p.relative_to(tmp_path).as_posix() for p in rule_files([tmp_path])] == ["b/deep/pack.yaml", "z.yaml"]
    rules, _ = load_paths([tmp_path])
    assert [r.id for r in rules] == ["inherits", "overrides", "demo-token"]


@pytest.mark.slow  # copies and loads the rule packs several times
def test_version_is_the_same_wherever_the_rules_live_and_changes_when_a_file_moves(tmp_path):
    first, second = tmp_path / "one" / "rules", tmp_path / "two"
    shutil.copytree(default_rules_dir(), first)
    shutil.copytree(default_rules_dir(), second)
    assert load_paths([first])[1] == load_paths([second])[1] == load_paths([default_rules_dir()])[1]
    (second / "secrets" / "ai.yaml").rename(second / "ai.yaml")
    assert load_paths([second])[1] != load_paths([first])[1]


def test_the_same_files_are_parsed_once_and_a_changed_file_anew(rule_file):
    path = rule_file(VALID)
    first, version = load_paths([path])
    again, same_version = load_paths([path])
    assert same_version == version and again[0] is first[0]  # one parse serves every scanner and the CLI
    again.append(first[0])
    assert len(load_paths([path])[0]) == 1  # each caller gets a list of its own
    path.write_text(VALID.replace("abcdef123456", "abcdef654321"))
    changed, new_version = load_paths([path])
    assert new_version != version and changed[0].examples == ("demo_abcdef654321",)


def test_a_file_that_fails_to_parse_is_not_remembered(rule_file):
    path = rule_file(VALID.replace("tier: precise", "tier: nonsense"))
    with pytest.raises(RuleError):
        load_paths([path])
    with pytest.raises(RuleError):
        load_paths([path])


def test_only_a_few_parsed_rule_sets_are_kept(rule_file):
    from addons.detect import rules as rules_module
    for n in range(rules_module._PARSED_KEPT + 3):
        load_paths([rule_file(VALID.replace("abcdef123456", f"abcdef12345{n}"), name=f"custom{n}.yaml")])
    assert len(rules_module._PARSED) == rules_module._PARSED_KEPT  # a proxy reloading changed rules stays bounded
