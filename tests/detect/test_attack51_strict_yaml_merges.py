"""attack51: strict_yaml refused a key given twice in a mapping it constructed, but a mapping that is only merged
(`<<: {...}`) is flattened into its parent, never constructed: a key given twice inside it was kept last in silence,
and so was a second `<<` in one mapping (YAML 1.1: a key like any other). A policy reading `mode: enforce` then
`mode: report` inside one merge ran in report mode. A key that two mappings of one merged list both give is refused
as well: YAML says the first wins, the PyYAML installed here (6.0.4) keeps the last. Merges that YAML defines
without doubt (an explicit key over a merged one) still load, and so does a mapping used again after its own merge
(main refused it: its flattened pairs hold the merged key beside its own)."""

from __future__ import annotations

import pytest
import yaml

from addons.core.policy import Policy, PolicyError
from addons.detect import strict_yaml
from addons.detect.rules import RuleError, load_paths
from addons.detect.strict_yaml import StrictLoader

REPEATED = {
    "inside an inline merge": "<<: {mode: enforce, mode: report}\nx: 1\n",
    "inside a merged block": "<<:\n  mode: enforce\n  mode: report\nx: 1\n",
    "two merge keys": "a: &a {mode: enforce}\nb: &b {x: 1}\nc:\n  <<: *a\n  <<: {mode: report}\n",
    "inside a merge of a merge": "c:\n  <<: {<<: {mode: enforce, mode: report}}\n",
    "inside a merged list": "c:\n  <<: [{x: 1}, {mode: enforce, mode: report}]\n",
    # YAML: the first wins; PyYAML 6.0.4 keeps the last (6.0.3 the first): which the policy gets is the library's
    "in two mappings of a merged list": "a: &a {mode: enforce}\nb: &b {mode: report}\nc:\n  <<: [*a, *b]\n",
    "in two mappings of a merged list, one by its own merge":
        "a: &a {mode: report}\nc:\n  <<: [{mode: enforce}, {<<: *a}]\n",
}


@pytest.mark.parametrize("text", REPEATED.values(), ids=REPEATED.keys())
@pytest.mark.parametrize("loader", ["policy", "packs"])
def test_a_key_given_twice_inside_a_merge_is_refused(text, loader):
    with pytest.raises(yaml.YAMLError, match="given twice"):
        strict_yaml.load(text) if loader == "policy" else yaml.load(text, Loader=StrictLoader)


DEFINED = {
    "an explicit key over a merged one": ("a: &a {mode: enforce}\nc:\n  <<: *a\n  mode: report\n", "report"),
    "a merged list giving each key once": ("a: &a {mode: enforce}\nb: &b {x: 1}\nc:\n  <<: [*a, *b]\n", "enforce"),
    # b is flattened as a's merge first, then constructed as a value: its flattened pairs hold `mode` twice
    "a merged mapping used again after its own merge": (
        "a: &a {mode: report}\nc:\n  <<: &b {<<: *a, mode: enforce}\nd: *b\n", "enforce"),
}


@pytest.mark.parametrize("text, mode", DEFINED.values(), ids=DEFINED.keys())
def test_merges_yaml_defines_still_load(text, mode):
    assert strict_yaml.load(text)["c"]["mode"] == mode
    assert yaml.load(text, Loader=StrictLoader)["c"]["mode"] == mode


def test_a_policy_mode_given_twice_in_a_merge_is_refused(tmp_path):
    path = tmp_path / "policy.yaml"
    path.write_text("version: 1\n<<: {mode: enforce, mode: report}\n")
    with pytest.raises(PolicyError, match=r"given twice") as caught:
        Policy.load(path)
    assert "report" not in str(caught.value)  # the file's text is never quoted


def test_a_rule_regex_given_twice_in_a_merge_is_refused(tmp_path):
    pack = tmp_path / "acme.yaml"
    pack.write_text("rules:\n  - id: acme-live-key\n    <<: {regex: '(acme_live_[0-9a-f]{32})', "
                    "regex: '(acme_live_[0-9a-f]{8})'}\n")
    with pytest.raises(RuleError, match="given twice"):
        load_paths([pack])
