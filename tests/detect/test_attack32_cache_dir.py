"""attack32: the cache folder's check covered the folder and its parent only. Files are opened by path after the
check, so whoever may rename any folder further up (a grandparent writable by all, a symlink in a shared folder, a
group-writable parent shared with another user) swaps in their own tree between the check and the reads, and a
decoy database that matches nothing is loaded."""

from __future__ import annotations

import grp
import os
import pwd
import shutil

import pytest

from addons.detect import cache_dir as cache_dir_module
from addons.detect import prefilter
from addons.detect.cache_dir import cache_dir

from .test_cache_dir import TEXT, fresh_scanner, plant_decoys

pytest.importorskip("hyperscan")


def swapped_after_the_check(monkeypatch, renameable, decoy_tree):
    """The attacker wins the race: right after cache_dir() checks, the folder they may rename is replaced by a
    symlink to their own tree (a copy of the real cache, decoys planted)."""
    real = cache_dir_module.cache_dir

    def racing():
        found = real()
        if found is not None and not renameable.is_symlink():
            renameable.rename(renameable.with_name(renameable.name + ".victim"))
            renameable.symlink_to(decoy_tree)
        return found

    monkeypatch.setattr(prefilter, "cache_dir", racing)


def attacker_tree(tmp_path, monkeypatch):
    """A real cache (built in a private folder) copied where the attacker writes, every database a decoy."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "built"))
    fresh_scanner()
    tree = tmp_path / "attacker"
    shutil.copytree(tmp_path / "built" / "exitguard", tree / "exitguard")
    assert plant_decoys(tree / "exitguard") >= 2
    return tree


def test_a_grandparent_writable_by_all_is_not_trusted(tmp_path, monkeypatch):
    decoys = attacker_tree(tmp_path, monkeypatch)
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)  # not sticky: anyone may rename `cache` in it
    base = shared / "cache"
    base.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_CACHE_HOME", str(base))
    swapped_after_the_check(monkeypatch, base, decoys)
    assert [f.rule_id for f in fresh_scanner().scan(TEXT)] == ["github-pat-classic"]  # the decoys found nothing
    assert cache_dir() is None


def test_a_symlink_in_a_shared_folder_is_not_trusted(tmp_path, monkeypatch):
    private = tmp_path / "private"
    private.mkdir(mode=0o700)
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    (shared / "link").symlink_to(private)  # anyone may replace the link
    monkeypatch.setenv("XDG_CACHE_HOME", str(shared / "link"))
    assert cache_dir() is None


def test_a_symlink_through_private_folders_is_followed_and_trusted(tmp_path, monkeypatch):
    """The control: ~/.cache a symlink to a folder of one's own on another disk keeps its cache."""
    private = tmp_path / "private"
    private.mkdir(mode=0o700)
    (tmp_path / "home").mkdir(mode=0o700)
    (tmp_path / "home" / ".cache").symlink_to("../private")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home" / ".cache"))
    assert cache_dir() == tmp_path / "home" / ".cache" / "exitguard"


def test_a_symlink_loop_is_no_cache_not_a_hang(tmp_path, monkeypatch):
    (tmp_path / "a").symlink_to("b")
    (tmp_path / "b").symlink_to("a")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "a"))
    assert cache_dir() is None


def test_a_group_writable_parent_shared_with_another_user_is_not_trusted(tmp_path, monkeypatch):
    base = tmp_path / "cache"
    base.mkdir()
    base.chmod(0o770)
    monkeypatch.setenv("XDG_CACHE_HOME", str(base))
    group = grp.getgrgid(base.stat().st_gid)
    shared = grp.struct_group((group.gr_name, group.gr_passwd, group.gr_gid, [*group.gr_mem, "mallory"]))
    real = grp.getgrgid
    monkeypatch.setattr(grp, "getgrgid", lambda gid: shared if gid == group.gr_gid else real(gid))
    assert cache_dir() is None


def test_a_group_writable_parent_whose_group_is_not_the_users_own_is_not_trusted(tmp_path, monkeypatch):
    """Where users come from a directory that does not enumerate (LDAP, sssd), `getpwall` lists only local users:
    a group no listed user is in looked private. Only the user's own primary group, named after it, counts."""
    base = tmp_path / "cache"
    base.mkdir()
    os.chown(base, -1, grp.getgrnam("staff").gr_gid)  # a shared group with no members listed
    base.chmod(0o770)
    monkeypatch.setenv("XDG_CACHE_HOME", str(base))
    me = pwd.getpwuid(os.geteuid())
    monkeypatch.setattr(pwd, "getpwall", lambda: [me])  # the directory's users are not enumerated
    assert cache_dir() is None
