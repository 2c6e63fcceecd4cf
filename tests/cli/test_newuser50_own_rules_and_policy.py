"""A security engineer's first week (newuser50): their own policy and rule packs, and the audit CLI's errors.

A key written twice in one YAML mapping was taken silently, the last one winning: a policy whose second `mode:`
line said `report` ran the whole proxy in report mode, a rule with two `regex:` lines ran the second. Both files
are now refused naming the lines. The same pack given twice said "duplicate id (also in <the same file>)".
`audit verify --key-file` of a missing file said only "No such file or directory".
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from addons.core.policy import Policy, PolicyError
from addons.detect.rules import RuleError, load_paths

ROOT = Path(__file__).resolve().parents[2]

RULE = """\
rules:
  - id: acme-live-key
    description: ACME live API key
    references: [https://wiki.acme.example/security/token-format]
    category: secret
    classification: confidential
    tier: precise
    keywords: [acme_live_]
    regex: '\\b(acme_live_[0-9a-f]{32})(?:[^0-9a-f]|$)'
    examples: ['ACME_KEY=acme_live_3f9a0c7d2b8e4f61a5c9d0e7b2f4a8c1']
"""


def test_a_policy_key_given_twice_is_refused_naming_both_lines(tmp_path):
    path = tmp_path / "policy.yaml"
    path.write_text("version: 1\nmode: enforce\nunlisted_hosts: observe\nmode: report\n")
    with pytest.raises(PolicyError) as caught:
        Policy.load(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: line 4, column 1: ")
    assert "given twice" in message and "line 2" in message


def test_a_nested_policy_key_given_twice_is_refused(tmp_path):
    path = tmp_path / "policy.yaml"
    path.write_text("version: 1\nactions:\n  request: {secret: mask, pii: mask, pii: allow}\n")
    with pytest.raises(PolicyError, match=r"line 3, column 38: .*given twice"):
        Policy.load(path)


def test_a_policy_without_repeated_keys_still_loads(tmp_path):
    path = tmp_path / "policy.yaml"
    path.write_text("version: 1\nmode: report\nbase: &b {secret: mask}\nactions:\n  request:\n    <<: *b\n"
                    "    pii: allow\n")
    with pytest.raises(PolicyError, match=r"unknown key.*base"):  # anchors and merges still parse
        Policy.load(path)


def test_a_rule_key_given_twice_is_refused(tmp_path):
    pack = tmp_path / "acme.yaml"
    pack.write_text(RULE + "    regex: '\\b(acme_live_[0-9a-f]{8})'\n")
    with pytest.raises(RuleError) as caught:
        load_paths([pack])
    message = str(caught.value)
    assert message.startswith(f"{pack}: line 11, column 5: ") and "line 9" in message


def test_the_same_pack_given_twice_says_so(tmp_path):
    pack = tmp_path / "acme.yaml"
    pack.write_text(RULE)
    assert [r.id for r in load_paths([pack])[0]] == ["acme-live-key"]
    with pytest.raises(RuleError, match="read twice"):
        load_paths([tmp_path, pack])


def test_audit_verify_names_a_missing_key_file(tmp_path):
    (tmp_path / "rec").mkdir(mode=0o700)
    missing = tmp_path / "no-such.key"
    done = subprocess.run([sys.executable, "-m", "addons.cli.main", "audit", "verify", "--dir", str(tmp_path / "rec"),
                           "--key-file", str(missing)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert str(missing) in done.stderr, done.stderr
