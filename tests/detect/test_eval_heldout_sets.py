"""Held-out sets 20 on (scripts/eval_heldoutNN.py) are the same on every run and mark each password where it is,
and their reports hold counts only: each set's shape, not the detector's recall (the scripts print that; a recall
bound here would invite tuning on them)."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import sys
from collections import Counter
from dataclasses import astuple, dataclass
from pathlib import Path
from types import ModuleType

import pytest

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"


@dataclass(frozen=True)
class HeldOutSet:
    number: int
    # The set as scored in its docstring: a different digest is a different set, whose figures would no longer
    # compare with the recorded ones.
    digest: str
    styles: dict[str, int]
    # How many templates hold the password once, twice: a Debian preseed (set 21) asks for it again to confirm; the
    # first place is the one scored.
    placeholders: dict[int, int]

    def __str__(self) -> str:
        return f"set{self.number}"


SIX_STYLES_OF_50 = {"human": 50, "leet": 50, "passphrase": 50, "generated": 50, "letters": 50, "pin": 50}
SETS = [
    HeldOutSet(20, "d4f36f289716e153078d8483d2af2df56cbc787da64a9c449e7f51c9055aeadf",
               {"human": 60, "leet": 60, "passphrase": 60, "generated": 60, "letters": 57, "pin": 3}, {1: 60}),
    HeldOutSet(21, "41894ca5e60f085b538a32d683e79453344b0c45da273c7a8a9cb9710c39b510", SIX_STYLES_OF_50,
               {1: 59, 2: 1}),
    HeldOutSet(22, "7ed39c60d7cebe7250eb326091f86310dcf7dea0ed4a1640ee361c708bed1992", SIX_STYLES_OF_50, {1: 60}),
    HeldOutSet(23, "f607a4de94e3506c6b12223a95d625fa20c0ae6f6d13598c516784a28a5e75da", SIX_STYLES_OF_50, {1: 60}),
    HeldOutSet(24, "6859e5ace66a77886ddaa14fe7c3e3a2547398b55e1468e6f05ab0f3ddf1a292", SIX_STYLES_OF_50, {1: 60}),
    HeldOutSet(25, "d92181a632d409385eff2fa97503ac4f38ca1e06420c9c4887f65e39f352f515", SIX_STYLES_OF_50, {1: 60}),
    HeldOutSet(26, "6b23e6d1cc579d1a3e35fb9fb45a322e780511d8089967bfc90ec6ee8cfa2e25", SIX_STYLES_OF_50, {1: 60}),
    HeldOutSet(27, "e2f24b0205eb0975492d311374cfabae047fea35314268e5e9326f8f36be025a", SIX_STYLES_OF_50, {1: 60}),
    HeldOutSet(28, "6ddbaf1dac9311dd43eaf0895d652a42de9b3968be23491687377c26bd0a4a42", SIX_STYLES_OF_50, {1: 60}),
    HeldOutSet(29, "521378edd5de71be86f89006bdc2e05449558e10e34cdd4fffe3e5d6931a9664", SIX_STYLES_OF_50, {1: 60}),
    HeldOutSet(30, "0f4eb490ba158baf5b0d46f142bd19de0a6fd65ed0ce75bc2dd6917fb94bb419", SIX_STYLES_OF_50, {1: 60}),
    HeldOutSet(31, "931838ed113d8fc28ae07dcc67ef1df202dd1a1cb3697ccccc65dc9f27e83200", SIX_STYLES_OF_50, {1: 60}),
    HeldOutSet(32, "ac001e82f7eea0aaf834526af5008ffb464cc62f8dc651e48f5d69be227c7736", SIX_STYLES_OF_50, {1: 60}),
    HeldOutSet(33, "6fca7a1bd13970fdc111ec7e68d7c3a733678cf21e0c7acd8aa1c3dbd1a81c3e", SIX_STYLES_OF_50, {1: 60}),
    HeldOutSet(34, "7aeb755b962a1d9fd63a25c3816cbb1d33109e36cf87138ba2eedcbe0121ccd3", SIX_STYLES_OF_50, {1: 60}),
    HeldOutSet(35, "2f6176b347e2b1a624fb9668e2016c01def29355d5936d6cadfe5f1d9b1099f6", SIX_STYLES_OF_50, {1: 60}),
    HeldOutSet(36, "c7172cbe15ff335b97f24dfe9818e7dba6eff6722aa8f8140461112027fbdf8c", SIX_STYLES_OF_50, {1: 60}),
    HeldOutSet(37, "19f6893085f49f926377b400402ee89141abebcb565a25c1cbaa6b6dbf19a2da", SIX_STYLES_OF_50, {1: 60}),
    HeldOutSet(38, "45bd040fd60a4b9d954491332a44c28e01125cac7808362203a1874d55a0cc62", SIX_STYLES_OF_50, {1: 60}),
    HeldOutSet(39, "c6a1e4e8928f414c2240abb20e82d597cfc23cc6b7fcd7a2a475b45becdcbec1", SIX_STYLES_OF_50, {1: 60}),
    HeldOutSet(40, "f9186c6d6b06193eb610dab9a040d0a3e1b25b436d02ae122a7a24b0e9d1e121", SIX_STYLES_OF_50, {1: 60}),
    HeldOutSet(41, "6f6a8792e2cae40e976b9ac48f93dd078475febf9b5118bcd4b4b1a2cea22211", SIX_STYLES_OF_50, {1: 60}),
    HeldOutSet(42, "db086fca418ce06c24336849264cdadaa507a142a5bbb7ebdf7d0ff0dc415104", SIX_STYLES_OF_50, {1: 60}),
    HeldOutSet(43, "da3d618a59a77f5dd9d71581ebf5a989a35a288418e89f8b3f08d38887cc14e8", SIX_STYLES_OF_50, {1: 60}),
    HeldOutSet(44, "4fe4651017837b4b79d90496e3139ef4bbc4046ec7dfd08dc4f6fe03e7fb08d5", SIX_STYLES_OF_50, {1: 60}),
    HeldOutSet(45, "74124dd186c5a992dec4556fda2573161ef6cb5f7fbd75a8050aa173d554d520", SIX_STYLES_OF_50, {1: 60}),
    HeldOutSet(46, "33880e28e891d0735d92b8eea895a8571956f26a095000246d22f7d44d7c5166", SIX_STYLES_OF_50, {1: 60}),
]


def _load(number: int) -> ModuleType:
    name = f"eval_heldout{number}"
    if name in sys.modules:
        return sys.modules[name]
    sys.path.insert(0, str(SCRIPTS))  # the script imports heldout_score from beside it
    try:
        spec = importlib.util.spec_from_file_location(name, SCRIPTS / f"{name}.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # its dataclass looks its module up while the class is made
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(SCRIPTS))


@pytest.fixture(params=SETS, ids=str)
def held(request) -> tuple[HeldOutSet, ModuleType]:
    return request.param, _load(request.param.number)


def _digest(items, negatives) -> str:
    blob = json.dumps([astuple(item) for item in items] + [negatives], ensure_ascii=False)
    return hashlib.sha256(blob.encode()).hexdigest()


def test_the_set_is_the_same_on_every_run_and_is_the_one_scored(held):
    spec, module = held
    first, second = module.items(), module.items()
    assert first == second
    assert _digest(first, module.NEGATIVES) == spec.digest


def test_another_seed_draws_other_passwords(held):
    _, module = held
    assert [i.password for i in module.items(module.SEED - 1)] != [i.password for i in module.items()]


def test_every_marked_span_is_the_password_inside_its_text(held):
    _, module = held
    for item in module.items():
        assert item.start is not None
        end = item.start + len(item.password)
        assert 0 <= item.start < end <= len(item.text)
        assert item.text[item.start:end] == item.password
        assert item.password == item.password.strip() and module.MARK not in item.text
        assert "{p}" not in item.text and "{u}" not in item.text


def test_every_template_holds_the_password(held):
    spec, module = held
    assert Counter(t.count("{p}") for ts in module.CARRIERS.values() for t in ts) == spec.placeholders


def test_composition_300_positives_in_10_carriers_of_30_and_60_hard_negatives(held):
    spec, module = held
    items = module.items()
    assert len(items) == 300
    assert len(module.CARRIERS) == 10
    assert set(Counter(i.carrier for i in items).values()) == {30}
    assert Counter(i.style for i in items) == spec.styles
    assert all(i.password.isdigit() for i in items if i.style == "pin")
    assert set(module.NEGATIVES) == set(module.CARRIERS)
    assert {len(texts) for texts in module.NEGATIVES.values()} == {6}


def test_no_hard_negative_holds_a_marked_span_or_a_password_of_the_set(held):
    _, module = held
    passwords = {i.password for i in module.items() if len(i.password) >= 6}
    for texts in module.NEGATIVES.values():
        for text in texts:
            assert isinstance(text, str) and module.MARK not in text and "{p}" not in text
            assert not any(p in text for p in passwords)


@dataclass
class _Finding:
    start: int
    end: int
    classification: str = "secret"


class _HalfScanner:
    """Covers the first password half of the time and the whole text the other half: both reports must count
    without naming any value."""

    def __init__(self):
        self.calls = 0

    def scan(self, text):
        self.calls += 1
        return [_Finding(0, len(text))] if self.calls % 2 else [_Finding(0, 1, "public")]


def test_the_report_and_the_json_hold_counts_and_never_a_value(held):
    _, module = held
    heldout_score = sys.modules["heldout_score"]  # the scoring every set shares, imported by the script
    items = module.items()
    result = heldout_score.tally(_HalfScanner(), items, module.NEGATIVES)
    assert result.total == 300 and 0 < result.found < 300
    text, blob = heldout_score.report(result, module.NAME), heldout_score.as_json(result, module.NAME)
    assert json.loads(blob)["total"] == 300
    assert text.endswith(f"hard negatives hit {result.negatives[0]}/60")
    for item in items:
        if len(item.password) >= 4:
            assert item.password not in text and item.password not in blob


PROBE_RULE = """\
rules:
  - id: heldout-extra-rules-probe
    description: a token only this test's rule file knows (loaded by --extra-rules beside the shipped rules)
    references: [https://example.com/heldout-extra-rules-probe]
    category: secret
    classification: confidential
    tier: precise
    regex: '\\b(qqprobe_[a-z]{8}[0-9]{4})\\b'
    examples: ['qqprobe_abcdefgh1234']
"""


def test_extra_rules_are_loaded_beside_the_shipped_rules_and_named_in_the_summary(tmp_path, capsys):
    _load(42)  # the scoring every set shares comes in with a set script
    heldout_score = sys.modules["heldout_score"]
    probe = tmp_path / "probe.yaml"
    probe.write_text(PROBE_RULE)
    shipped = {rule.id for rule in heldout_score.scanner_with().rules}
    both = {rule.id for rule in heldout_score.scanner_with([probe]).rules}
    assert both == shipped | {"heldout-extra-rules-probe"}
    value = "qqprobe_mkdtwzrs4821"
    items = [heldout_score.Item("probe", "generated", f"the relay took {value} at noon", value, 15)]
    negatives = {"probe": ["the relay took nothing at noon"]}
    for argv, found in ((["--json"], 0), (["--json", "--extra-rules", str(probe)], 1)):
        assert heldout_score.counts_main("", "probe set", lambda: items, negatives, argv) == 0
        blob = json.loads(capsys.readouterr().out)
        assert (blob["found"], blob["negatives_hit"]) == (found, 0)
    assert blob["set"] == "probe set (+ probe.yaml)"
    assert value not in blob["set"]
