"""rules/opt-in/: rule packs that loading their parent folder skips, loaded only where a deployment names them
(detect/rules.OPT_IN; generic-password-value-first waits there: DESIGN.md "Value before its word")."""

from __future__ import annotations

from pathlib import Path

from addons.detect import rules
from addons.detect.scanner import default_rules_dir

PACK = """\
rules:
  - id: {id}
    description: a test rule
    category: secret
    classification: confidential
    tier: precise
    regex: '(?P<secret>egoptin_[A-Z]{{8}})'
    examples: ['egoptin_ABCDEFGH']
    references: ['https://example.invalid/egoptin']
"""


def test_a_folder_s_opt_in_packs_are_skipped_and_load_where_named(tmp_path: Path):
    (tmp_path / "opt-in").mkdir()
    (tmp_path / "nested").mkdir()
    (tmp_path / "base.yaml").write_text(PACK.format(id="test-base"))
    (tmp_path / "nested" / "more.yaml").write_text(PACK.format(id="test-nested"))  # other folders still load
    (tmp_path / "opt-in" / "extra.yaml").write_text(PACK.format(id="test-opt-in"))
    loaded, _ = rules.load_paths([tmp_path])
    assert sorted(r.id for r in loaded) == ["test-base", "test-nested"]
    loaded, _ = rules.load_paths([tmp_path, tmp_path / "opt-in" / "extra.yaml"])
    assert sorted(r.id for r in loaded) == ["test-base", "test-nested", "test-opt-in"]


def test_the_shipped_folder_leaves_value_first_out():
    shipped = {r.id for r in rules.load_paths([default_rules_dir()])[0]}
    assert "generic-password-value-first" not in shipped
    opt_in = default_rules_dir() / rules.OPT_IN / "value-first.yaml"
    assert "generic-password-value-first" in {r.id for r in rules.load_paths([default_rules_dir(), opt_in])[0]}
