"""The cache folder (compiled Hyperscan databases, the regex memo) is read only when no other user can write to it:
a database planted there that matches nothing would make the scanner find nothing."""

from __future__ import annotations

import hashlib
import json
import os

import pytest

from addons.detect import Scanner, rules
from addons.detect import cache_dir as cache_dir_module
from addons.detect.cache_dir import cache_dir
from addons.detect.regex_memo import RegexMemo
from addons.detect.rules import load_paths
from addons.detect.scanner import default_rules_dir
from tests import fakes

hyperscan = pytest.importorskip("hyperscan")

TEXT = f"deploy with {fakes.github_pat(31)} please"


# A secret rule, a personal-data kind compiled beside the secret rules and one of a database of its own
# (prefilter.PII_DATABASES): every kind of database the cache holds. Three rules, not their two packs: each test
# builds with an empty cache, and the 41 rules of vcs.yaml and pii.yaml took ~0.45 s of CPU a build (~16 builds).
CACHED_RULES = {"github-pat-classic", "email-address", "ipv4-address"}


def fresh_scanner() -> Scanner:
    """Not Scanner.default() (memoised per process): a scanner of CACHED_RULES, each build reading the cache."""
    parsed, version = load_paths([default_rules_dir() / "secrets" / "vcs.yaml", default_rules_dir() / "pii.yaml"])
    return Scanner([rule for rule in parsed if rule.id in CACHED_RULES], version, "hyperscan")


def plant_decoys(folder) -> int:
    """What an attacker who can write the folder leaves: each database swapped for one that matches nothing, its
    digest written beside it, so the cache's own integrity check passes."""
    decoy = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    decoy.compile(expressions=[b"no-such-token-anywhere"], ids=[0], elements=1, flags=[0])
    blob = hyperscan.dumpb(decoy)
    databases = sorted(folder.glob("hs-*.db"))
    for db in databases:
        db.write_bytes(blob)
        meta = db.with_suffix(".json")
        meta.write_text(json.dumps({**json.loads(meta.read_text()), "sha256": hashlib.sha256(blob).hexdigest()}))
    return len(databases)


@pytest.fixture
def home(tmp_path, monkeypatch):
    base = tmp_path / "cache"
    base.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_CACHE_HOME", str(base))
    return base


def test_the_folder_is_made_private(home):
    folder = cache_dir()
    assert folder == home / "exitguard"
    assert oct(folder.stat().st_mode & 0o777) == oct(0o700)


def test_a_planted_database_is_trusted_in_a_private_folder(home):
    """The control: the integrity check alone does not stop a decoy whose digest was written beside it."""
    assert [f.rule_id for f in fresh_scanner().scan(TEXT)] == ["github-pat-classic"]
    assert plant_decoys(home / "exitguard") >= 2
    assert fresh_scanner().scan(TEXT) == []


@pytest.mark.parametrize("make_unsafe", ["folder writable by others", "folder writable by its group",
                                         "parent writable by all, not sticky", "folder of another user",
                                         "folder is a symlink"])
def test_a_folder_another_user_could_write_is_not_read(home, monkeypatch, tmp_path, make_unsafe):
    assert [f.rule_id for f in fresh_scanner().scan(TEXT)] == ["github-pat-classic"]  # the cache is written
    folder = home / "exitguard"
    assert plant_decoys(folder) >= 2
    if make_unsafe == "folder writable by others":
        folder.chmod(0o777)
    elif make_unsafe == "folder writable by its group":
        folder.chmod(0o770)
    elif make_unsafe == "parent writable by all, not sticky":
        home.chmod(0o777)
    elif make_unsafe == "folder of another user":
        real = os.geteuid()
        monkeypatch.setattr(cache_dir_module.os, "geteuid", lambda: real + 1)
    else:
        moved = tmp_path / "elsewhere"
        folder.rename(moved)
        folder.symlink_to(moved)
    assert cache_dir() is None
    assert [f.rule_id for f in fresh_scanner().scan(TEXT)] == ["github-pat-classic"]  # built in memory


def test_a_shared_sticky_parent_like_tmp_is_fine(home):
    home.chmod(0o1777)
    assert cache_dir() == home / "exitguard"


def test_a_group_writable_parent_is_fine(home):
    """A umask of 002 makes ~/.cache group-writable (user-private groups): the cache still works there."""
    home.chmod(0o770)
    assert cache_dir() == home / "exitguard"


def test_no_folder_the_memo_serves_the_process_and_writes_nothing(home, monkeypatch):
    (home / "exitguard").mkdir(mode=0o777)
    (home / "exitguard").chmod(0o777)
    memo = RegexMemo()
    assert memo.path is None
    monkeypatch.setattr(rules, "_MEMO", memo)
    first = rules.parse_rules((default_rules_dir() / "secrets" / "vcs.yaml").read_text(), "vcs.yaml")
    assert all(rule.compiled is not None for rule in first)
    assert list((home / "exitguard").iterdir()) == []
    again = rules.parse_rules((default_rules_dir() / "secrets" / "vcs.yaml").read_text(), "vcs.yaml")
    assert all(rule.compiled is None for rule in again)  # remembered in this process only
