"""rules/opt-in/: rule packs that loading their parent folder skips, loaded only where a deployment names them
(detect/rules.OPT_IN; generic-password-value-first waited there until hold58 shipped it)."""

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


def test_the_shipped_folder_holds_value_first_and_no_opt_in_pack():
    """hold58 shipped generic-password-value-first in rules/generic.yaml (sov57's first try was taken back to
    rules/opt-in/ by session 34): the shipped folder loads it, and no pack waits in an opt-in folder."""
    shipped = {r.id: r for r in rules.load_paths([default_rules_dir()])[0]}
    assert "generic-password-value-first" in shipped
    assert not (default_rules_dir() / rules.OPT_IN).exists()
