"""Conventions of the shipped rule packs (rules/): one pack per provider family with its defaults stated once,
documentation links on every rule, long or branching regexes in commented verbose form."""

import re
from urllib.parse import urlsplit

import pytest
import yaml

from addons.detect.rules import DEFAULT_KEYS, load_paths, rule_files
from addons.detect.scanner import default_rules_dir

ROOT = default_rules_dir()
# libyaml's loader where built (the pure-Python one took ~0.5 s of every worker's collection)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
PACKS = {path.relative_to(ROOT).as_posix(): yaml.load(path.read_text(), Loader=_LOADER)
         for path in rule_files([ROOT])}
RULES, _ = load_paths([ROOT])
# The token-boundary idioms (?:[^...]|$) and (?:^|[^...]) are alternations nobody needs explained.
BOUNDARY = re.compile(r"\(\?:\[\^[^\]]*\]\|\$\)|\(\?:\^\|\[\^[^\]]*\]\)")


def test_one_pack_per_provider_family():
    secret_packs = [name for name in PACKS if name.startswith("secrets/")]
    assert 10 <= len(secret_packs) <= 20, secret_packs
    # vfirst59: value-first.yaml, the value before its word where its word is rare in code
    assert set(PACKS) == {"generic.yaml", "pii.yaml", "value-first.yaml", *secret_packs}
    assert all("defaults" in pack for pack in PACKS.values())


@pytest.mark.parametrize("name", sorted(PACKS))
def test_rules_do_not_restate_their_pack_defaults(name):
    defaults = PACKS[name]["defaults"]
    for rule in PACKS[name]["rules"]:
        restated = [key for key in DEFAULT_KEYS if key != "allow" and key in rule and rule[key] == defaults.get(key)]
        restated += [f"allow {p!r}" for p in rule.get("allow", []) if p in defaults.get("allow", [])]
        assert not restated, f"{name}: {rule['id']} repeats the pack's {', '.join(restated)}"


def test_every_rule_links_real_documentation_over_https():
    for rule in RULES:
        for url in rule.references:
            parts = urlsplit(url)
            assert parts.scheme == "https", (rule.id, url)
            assert not re.search(r"(^|\.)example\.(org|com|net)$", parts.hostname), (rule.id, url)


def test_long_or_branching_regexes_are_verbose_and_commented():
    for rule in RULES:
        if len(rule.regex) > 80 or "|" in BOUNDARY.sub("", rule.regex):
            assert rule.verbose_regex is not None, f"{rule.id}: write the regex in (?x) verbose form"
        if rule.verbose_regex is not None:
            assert re.search(r"(?m)(^|\s)#\s", rule.verbose_regex), f"{rule.id}: a verbose regex explains itself"
