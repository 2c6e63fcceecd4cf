"""attack46 (EVASION.md section 5, "rules folder emptied"): zero detection rules is never a runtime, at start-up or
at a reload (the live test shows the reload; this one the load every path shares)."""

from __future__ import annotations

import pytest

from addons.core import runtime


def test_an_empty_rules_folder_is_refused(tmp_path):
    empty = tmp_path / "rules"
    empty.mkdir()
    policy = tmp_path / "policy.yaml"
    policy.write_text("version: 1\nmode: enforce\n")  # names no rule id
    with pytest.raises(ValueError, match=r"no detection rules in .*an empty rules folder would guard nothing"):
        runtime.build(str(policy), [str(empty)], tmp_path / "fp.key")


def test_a_folder_with_a_rule_still_loads(tmp_path):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "one.yaml").write_text(
        "rules:\n  - id: egtest-one\n    description: test\n    references: ['https://example.org/one']\n"
        "    category: secret\n    classification: confidential\n    tier: precise\n    keywords: [egone]\n"
        "    regex: '\\b(EGONE-[0-9]{8})\\b'\n    examples: ['token EGONE-12345678']\n")
    rt = runtime.build(None, [str(rules)], tmp_path / "fp.key")
    assert [r.id for r in rt.scanner.rules] == ["egtest-one"]
