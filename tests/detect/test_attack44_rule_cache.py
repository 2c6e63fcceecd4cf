"""attack44: the local user plants or swaps a rules cache entry (detect/rule_cache.py). Whatever is planted, the
start parses the files (fail towards parsing), never loads rules that differ from them, and never crashes."""

from __future__ import annotations

import json
import os
import pwd

import pytest

from addons.detect import rule_cache, rules
from tests.races import swap_after_open

from .test_rule_cache import entry, fields, folder, load, pack  # noqa: F401 (fixtures)

OTHER_UID = pwd.getpwnam("nobody").pw_uid


def parsed_again(folder, pack):  # noqa: F811
    """The pack loads as its parse, and the entry is written again whole."""
    rules._PARSED.clear()
    expected = [fields(rule) for rule in rules._parse_rule_files(rules.read_rule_files([pack]))]
    assert [fields(rule) for rule in load(pack)] == expected
    assert json.loads(entry(folder).read_bytes())["rules"][0]["id"] == "cache-token"


@pytest.mark.parametrize("depth", [100_000])
def test_a_deeply_nested_entry_is_parsed_again_not_a_crash(folder, pack, depth):  # noqa: F811
    """json.loads raises RecursionError (not a ValueError) on deep nesting: the load crashed the start."""
    load(pack)
    path = entry(folder)
    key = json.loads(path.read_bytes())["key"]
    path.write_bytes(b'{"key":"' + key.encode() + b'","rules":[' + b"[" * depth + b"]" * depth + b"]}")
    parsed_again(folder, pack)


@pytest.mark.root  # chown to another user (conftest fails it without root, as the project's root tests do)
def test_an_entry_of_another_owner_is_not_read(folder, pack, monkeypatch):  # noqa: F811
    load(pack)
    path = entry(folder)
    data = json.loads(path.read_bytes())
    data["rules"] = data["rules"][1:]  # planted: the first rule dropped
    path.write_text(json.dumps(data))
    os.chown(path, OTHER_UID, -1)
    parsed_again(folder, pack)


@pytest.mark.root  # chown to another user
def test_a_cache_folder_that_is_a_symlink_to_another_users_folder_is_not_used(tmp_path, pack, monkeypatch):  # noqa: F811
    theirs = tmp_path / "theirs"
    theirs.mkdir(mode=0o700)
    os.chown(theirs, OTHER_UID, -1)
    base = tmp_path / "cache"
    base.mkdir(mode=0o700)
    (base / "exitguard").symlink_to(theirs)
    monkeypatch.setenv("XDG_CACHE_HOME", str(base))
    monkeypatch.setattr(rules, "_PARSED", {})
    assert rule_cache.cache_dir() is None
    assert [rule.id for rule in load(pack)] == ["cache-token", "cache-named"]
    assert not list(theirs.iterdir())


def test_an_entry_swapped_after_the_open_is_not_what_is_read(folder, pack, monkeypatch):  # noqa: F811
    """A rename between the check and the read: the checks and the read are on one descriptor."""
    original = [fields(rule) for rule in load(pack)]
    path = entry(folder)
    edited = json.loads(path.read_bytes())
    edited["rules"] = edited["rules"][1:]
    planted = folder / "planted.json"
    planted.write_text(json.dumps(edited))
    swap_after_open(monkeypatch, rule_cache.os, planted)
    assert [fields(rule) for rule in load(pack)] == original


def test_an_entry_larger_than_the_bound_is_not_read(folder, pack, monkeypatch):  # noqa: F811
    load(pack)
    monkeypatch.setattr(rule_cache, "MAX_BYTES", 64)
    rules._PARSED.clear()
    calls = []
    real = rules._parse_rule_files
    monkeypatch.setattr(rules, "_parse_rule_files", lambda files: calls.append(1) or real(files))
    assert [rule.id for rule in load(pack)] == ["cache-token", "cache-named"]
    assert calls == [1]
