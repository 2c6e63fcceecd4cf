"""Rule regexes known to compile (detect/regex_memo.py) are compiled on first use, not at load; a bad rule still
fails its pack at load, and a memo that lies fails the rule's first use, never a scan silently."""

from __future__ import annotations

import json
import textwrap

import pytest

from addons.detect import Scanner, rules
from addons.detect.regex_memo import RegexMemo
from addons.detect.rules import RuleError, parse_rules

PACK = textwrap.dedent("""
    rules:
      - id: memo-token
        description: a test token
        category: secret
        classification: confidential
        tier: precise
        regex: '\\b(memo_[a-z0-9]{20})\\b'
        examples: ["memo_abcdefghij0123456789"]
        references: ["https://example.org/memo"]
      - id: memo-named
        description: a test token with a named value
        category: secret
        classification: confidential
        tier: precise
        regex: '(token)=(?P<secret>nmd_[a-z0-9]{16})'
        first_stage: 'token=nmd_[a-z0-9]{16}'
        examples: ["token=nmd_abcdefghij012345"]
        references: ["https://example.org/memo"]
""")
TEXT = "use memo_abcdefghij0123456789 and token=nmd_abcdefghij012345 now"


@pytest.fixture
def memo(tmp_path, monkeypatch) -> RegexMemo:
    fresh = RegexMemo(tmp_path / "exitguard" / "regex-memo.json")
    monkeypatch.setattr(rules, "_MEMO", fresh)
    return fresh


def values(parsed) -> list[str]:
    return [TEXT[f.start:f.end] for f in Scanner(parsed, "memo-test", "python").scan(TEXT)]


def test_a_remembered_regex_compiles_on_first_use_and_finds_the_same(memo):
    first = parse_rules(PACK, "memo.yaml")
    assert all(rule.compiled is not None for rule in first)  # compiled and checked at load
    assert memo.path.exists()
    again = parse_rules(PACK, "memo.yaml")
    assert all(rule.compiled is None for rule in again)  # known: left to the first use
    assert [rule.value_group for rule in again] == [rule.value_group for rule in first] == [1, 2]
    assert values(again) == values(first) == ["memo_abcdefghij0123456789", "nmd_abcdefghij012345"]
    assert again[1].pattern.pattern == first[1].pattern.pattern


def test_the_memo_holds_digests_only_and_its_folder_is_private(memo):
    parse_rules(PACK, "memo.yaml")
    written = memo.path.read_text()
    assert "memo_" not in written and "nmd_" not in written and "token" not in written
    assert all(len(key) == 32 and int(key, 16) >= 0 for key in json.loads(written))
    assert oct(memo.path.parent.stat().st_mode & 0o777) == oct(0o700)


@pytest.mark.parametrize("broken, message", [
    ("'\\b(memo_[a-z0-9]{20}\\b'", "does not compile"),
    ("'\\bmemo_[a-z0-9]{20}\\b'", "needs a capture group"),
])
def test_a_bad_regex_still_fails_its_pack_at_load(memo, broken, message):
    parse_rules(PACK, "memo.yaml")  # a warm memo
    bad = PACK.replace("'\\b(memo_[a-z0-9]{20})\\b'", broken, 1)
    with pytest.raises(RuleError, match=f"memo.yaml: memo-token: .*{message}"):
        parse_rules(bad, "memo.yaml")


def test_a_bad_first_stage_still_fails_at_load(memo):
    parse_rules(PACK, "memo.yaml")
    with pytest.raises(RuleError, match="memo-named: first_stage: regex does not compile"):
        parse_rules(PACK.replace("first_stage: 'token=nmd_[a-z0-9]{16}'", "first_stage: 'token=(nmd'"), "memo.yaml")


def test_a_memo_that_lies_fails_the_first_use_with_a_clear_error(memo):
    parse_rules(PACK, "memo.yaml")
    # Edit the file: each remembered regex now claims another value group. A process loading it trusts it.
    lying = {key: group + 5 for key, group in json.loads(memo.path.read_text()).items()}
    memo.path.write_text(json.dumps(lying))
    lied_to = RegexMemo(memo.path)
    rules._MEMO = lied_to
    parsed = parse_rules(PACK, "memo.yaml")
    assert [rule.value_group for rule in parsed] == [6, 7]
    with pytest.raises(RuleError, match=r"memo-(token|named): regex: its value group is not the one remembered"):
        values(parsed)


def test_a_memo_that_cannot_be_read_or_written_costs_only_time(tmp_path, monkeypatch):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the memo's folder would be")
    monkeypatch.setattr(rules, "_MEMO", RegexMemo(blocked / "regex-memo.json"))
    parsed = parse_rules(PACK, "memo.yaml")
    assert all(rule.compiled is not None for rule in parsed)
    assert values(parsed) == ["memo_abcdefghij0123456789", "nmd_abcdefghij012345"]


def test_garbage_in_the_memo_file_is_ignored(memo):
    memo.path.parent.mkdir(parents=True)
    for garbage in ("not json", "[1, 2]", '{"abc": "one", "def": -1, "ghi": true}'):
        memo.path.write_text(garbage)
        rules._MEMO = RegexMemo(memo.path)
        assert all(rule.compiled is not None for rule in parse_rules(PACK, "memo.yaml"))


def test_the_memo_keeps_its_newest_entries(tmp_path, monkeypatch):
    monkeypatch.setattr("addons.detect.regex_memo.MAX_ENTRIES", 3)
    memo = RegexMemo(tmp_path / "memo.json")
    for n in range(5):
        memo.remember(f"a{n}", 0, 1)
        memo.save()
    assert len(json.loads(memo.path.read_text())) == 3
    reread = RegexMemo(memo.path)
    assert reread.value_group("a4", 0) == 1 and reread.value_group("a0", 0) is None


@pytest.mark.parametrize("engine", ["python", "hyperscan"])
def test_a_memo_that_names_another_real_group_fails_too_never_masking_the_wrong_span(memo, engine):
    """memo-named's value is group 2 (`(token)=(?P<secret>...)`); a memo saying 1 names a group that exists, so a
    match would have marked `token` as the value and let the real one out. Each compiled form checks it."""
    if engine == "hyperscan":
        pytest.importorskip("hyperscan")
    parse_rules(PACK, "memo.yaml")
    lying = json.loads(memo.path.read_text())
    lying = {key: 1 if group == 2 else group for key, group in lying.items()}
    memo.path.write_text(json.dumps(lying))
    rules._MEMO = RegexMemo(memo.path)
    parsed = parse_rules(PACK, "memo.yaml")
    assert [rule.value_group for rule in parsed] == [1, 1]
    with pytest.raises(RuleError, match=r"memo-named: regex: its value group is not the one remembered"):
        Scanner(parsed, "memo-test", engine).scan(TEXT)
