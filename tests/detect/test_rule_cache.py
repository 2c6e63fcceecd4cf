"""Parsed rule packs cached on disk (detect/rule_cache.py): a hit gives exactly the rules a parse gives, and an entry
that is stale, truncated, corrupt, of another shape, writable by others or behind a symlink is ignored and rebuilt;
a shared cache folder is never used."""

from __future__ import annotations

import dataclasses
import json
import os
import textwrap

import pytest

from addons.detect import Scanner, rule_cache, rules
from addons.detect.regex_memo import RegexMemo
from addons.detect.rules import parse_rule_files, read_rule_files
from addons.detect.scanner import default_rules_dir

PACK = textwrap.dedent("""
    defaults:
      allow: ['(?i)example']
    rules:
      - id: cache-token
        description: a test token
        category: secret
        classification: confidential
        tier: precise
        regex: '\\b(cache_[a-z0-9]{20})\\b'
        keywords: [cache]
        entropy: 2.5
        examples: ["cache cache_abcdefghij0123456789"]
        negative_examples: ["cache_short"]
        references: ["https://example.org/cache"]
      - id: cache-named
        description: a test token with a named value
        category: secret
        classification: confidential
        tier: precise
        regex: |
          (?x) (token) = (?P<secret> cnm_ [a-z0-9]{16} )   # verbose, compacted on load
        first_stage: 'token=cnm_[a-z0-9]{16}'
        entropy: auto
        examples: ["token=cnm_abcdefghij012345"]
        references: ["https://example.org/cache"]
""")
TEXT = "cache cache_abcdefghij0123456789 and token=cnm_abcdefghij012345 now"


@pytest.fixture
def folder(tmp_path, monkeypatch):
    """A private cache folder of the test's own, and no parse remembered in the process."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(rules, "_PARSED", {})
    return tmp_path / "cache" / "exitguard"


@pytest.fixture
def pack(tmp_path):
    path = tmp_path / "pack.yaml"
    path.write_text(PACK)
    return path


def load(path):
    """A fresh process's load: nothing remembered in memory, so the disk cache (or the parse) answers."""
    rules._PARSED.clear()
    return parse_rule_files(read_rule_files([path]))


def fields(rule, compiled: bool = True) -> dict:
    out = {f.name: getattr(rule, f.name) for f in dataclasses.fields(rule) if f.name not in ("compiled",
                                                                                             "allow_patterns")}
    out["allow_patterns"] = [(p.pattern, p.flags) for p in rule.allow_patterns]
    if compiled:
        out["pattern"] = (rule.pattern.pattern, rule.pattern.flags, rule.pattern.groupindex)
    return out


def no_parse(monkeypatch):
    def refused(files):
        raise AssertionError("parsed although cached")
    monkeypatch.setattr(rules, "_parse_rule_files", refused)


def entry(folder):
    [found] = folder.glob("rules-*.json")
    return found


def test_a_hit_gives_the_same_rules_as_a_parse_without_parsing(folder, pack, monkeypatch):
    parsed = load(pack)
    assert entry(folder).exists()
    no_parse(monkeypatch)
    cached = load(pack)
    assert [fields(rule) for rule in cached] == [fields(rule) for rule in parsed]
    found = [TEXT[f.start:f.end] for f in Scanner(cached, "c", "python").scan(TEXT)]
    assert found == [TEXT[f.start:f.end] for f in Scanner(parsed, "c", "python").scan(TEXT)]
    assert found == ["cache_abcdefghij0123456789", "cnm_abcdefghij012345"]


@pytest.mark.slow  # the shipped packs parsed twice and each regex compiled once (~1.5 s of CPU)
def test_the_shipped_rules_from_the_cache_equal_their_parse(folder, monkeypatch):
    files = read_rule_files([default_rules_dir()])
    parsed = rules._parse_rule_files(files)
    rules._PARSED.clear()
    parse_rule_files(files)  # parses (the folder is empty) and stores
    no_parse(monkeypatch)
    cached = load(default_rules_dir())
    assert [fields(rule, compiled=False) for rule in cached] == [fields(rule, compiled=False) for rule in parsed]


def test_an_edited_pack_is_parsed_again_never_the_stale_entry(folder, pack):
    load(pack)
    pack.write_text(PACK.replace("[a-z0-9]{20}", "[a-z0-9]{21}"))
    assert "{21}" in load(pack)[0].regex
    moved = pack.with_name("moved.yaml")  # the same bytes elsewhere: a Rule keeps its file's path
    moved.write_text(pack.read_text())
    assert load(moved)[0].source == str(moved)


def test_a_changed_parser_is_another_key(folder, pack, monkeypatch):
    load(pack)
    monkeypatch.setattr(rule_cache, "_CODE_DIGEST", "another parser")
    no_parse(monkeypatch)
    with pytest.raises(AssertionError, match="parsed although cached"):
        load(pack)


@pytest.mark.parametrize("spoil", [
    lambda data: data[: len(data) // 2],                                                   # truncated
    lambda data: b"\x00garbage" + data,                                                     # corrupt
    lambda data: data.replace(b'"max_length":', b'"max_length":"x","was":'),              # a field of another type
    lambda data: data.replace(b'"tier":"precise"', b'"tier":"unknown"', 1),                # a value no parse gives
    lambda data: data.replace(b'"allow":["(?i)example"]', b'"allow":["(?i)exa(mple"]', 1),  # an allow that fails
    lambda data: json.dumps({**json.loads(data), "key": "0" * 64}).encode(),                # another key's entry
    lambda data: json.dumps({**json.loads(data), "rules": json.loads(data)["rules"] * 2}).encode(),  # duplicate ids
])
def test_a_spoilt_entry_is_ignored_and_rebuilt(folder, pack, spoil):
    parsed = load(pack)
    path = entry(folder)
    path.write_bytes(spoil(path.read_bytes()))
    assert [fields(rule) for rule in load(pack)] == [fields(rule) for rule in parsed]
    assert json.loads(path.read_bytes())["rules"][0]["tier"] == "precise"  # written again, whole


def test_an_entry_others_may_write_or_a_symlink_is_not_read(folder, pack, tmp_path, monkeypatch):
    load(pack)
    path = entry(folder)
    path.chmod(0o666)
    no_parse(monkeypatch)
    with pytest.raises(AssertionError, match="parsed although cached"):
        load(pack)
    path.chmod(0o600)
    elsewhere = tmp_path / "planted.json"
    os.replace(path, elsewhere)
    path.symlink_to(elsewhere)
    with pytest.raises(AssertionError, match="parsed although cached"):
        load(pack)
    path.unlink()
    os.replace(elsewhere, path)
    assert load(pack)  # the same entry, private and in place: read


def test_a_shared_cache_folder_is_never_used(tmp_path, pack, monkeypatch):
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o777)
    shared.chmod(0o777)
    monkeypatch.setenv("XDG_CACHE_HOME", str(shared))
    monkeypatch.setattr(rules, "_PARSED", {})
    assert [rule.id for rule in load(pack)] == ["cache-token", "cache-named"]
    assert not list(shared.rglob("rules-*.json"))


def test_the_least_recently_used_entries_go_first(folder, tmp_path, monkeypatch):
    monkeypatch.setattr(rule_cache, "KEPT", 2)
    packs = []
    for i in range(3):
        path = tmp_path / f"pack{i}.yaml"
        path.write_text(PACK)
        packs.append(path)
    load(packs[0])
    load(packs[1])
    os.utime(entry_of(folder, packs[0]), (1, 1))
    os.utime(entry_of(folder, packs[1]), (2, 2))
    load(packs[0])  # a hit: now the newest
    load(packs[2])
    names = {p.name for p in folder.glob("rules-*.json")}
    assert names == {entry_of(folder, packs[0]).name, entry_of(folder, packs[2]).name}


def entry_of(folder, path):
    data = path.read_bytes()
    return folder / f"rules-{rule_cache.key([(str(path), data)])[:32]}.json"


def test_a_value_group_the_memo_lies_about_is_never_stored(folder, pack, tmp_path, monkeypatch):
    """A memo entry that lies (another value group) is confirmed before anything is stored: nothing is, so the lie
    ends when the memo is mended; the rule itself still fails its first use (test_regex_memo.py)."""
    liar = RegexMemo(tmp_path / "liar.json")
    liar.remember(r"\b(cache_[a-z0-9]{20})\b", rules.REGEX_FLAGS, 2)
    monkeypatch.setattr(rules, "_MEMO", liar)
    lying = load(pack)
    assert lying[0].compiled is None and lying[0].value_group == 2
    assert not list(folder.glob("rules-*.json"))
    with pytest.raises(rules.RuleError, match="value group"):
        _ = lying[0].pattern
    monkeypatch.setattr(rules, "_MEMO", RegexMemo(tmp_path / "mended.json"))
    assert load(pack)[0].value_group == 1
    assert entry(folder).exists()


def test_without_the_parsers_source_files_there_is_no_cache(folder, pack, monkeypatch):
    """A bytecode-only install has nothing to key the parser's version by: an entry could outlive a changed parser."""
    monkeypatch.setattr(rule_cache, "_CODE_DIGEST", "")
    load(pack)
    assert not folder.exists() or not list(folder.glob("rules-*.json"))
