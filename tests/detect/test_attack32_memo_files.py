"""attack32: the regex memo's and the Hyperscan cache's files. The memo was read whole whatever its size (a start
parsed any file there), and both were written through a fixed temporary name (`<name>.<pid>.tmp`) opened by path: a
symlink left at that name was followed and the file it points at overwritten (and two threads of one process
shared it)."""

from __future__ import annotations

import json
import os

import pytest

from addons.detect import rules
from addons.detect.regex_memo import RegexMemo

from .test_cache_dir import fresh_scanner

SOURCE, FLAGS = r"\b(memo32_[a-z]{8})\b", rules.REGEX_FLAGS


def test_a_memo_larger_than_its_entries_can_make_is_not_read(tmp_path):
    path = tmp_path / "memo.json"
    writer = RegexMemo(path)
    writer.remember(SOURCE, FLAGS, 1)
    writer.save()
    entries = json.loads(path.read_text())
    padding = {f"{i:032x}": 1 for i in range(130_000)}  # ~5 MB: more than MAX_ENTRIES could ever write
    path.write_text(json.dumps({**padding, **entries}))
    assert path.stat().st_size > 4 * 1024 * 1024
    assert RegexMemo(path).value_group(SOURCE, FLAGS) is None  # not read: every regex is compiled at load


def test_a_symlink_at_the_memos_old_temporary_name_is_not_followed(tmp_path):
    path = tmp_path / "regex-memo-x.json"
    victim = tmp_path / "victim.txt"
    victim.write_text("kept")
    path.with_suffix(f".{os.getpid()}.tmp").symlink_to(victim)
    memo = RegexMemo(path)
    memo.remember(SOURCE, FLAGS, 1)
    memo.save()
    assert victim.read_text() == "kept"
    assert RegexMemo(path).value_group(SOURCE, FLAGS) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["regex-memo-x.json", "victim.txt", f"regex-memo-x.{os.getpid()}.tmp"])  # no temporary file left


def test_a_symlink_at_the_hyperscan_caches_old_temporary_name_is_not_followed(tmp_path, monkeypatch):
    pytest.importorskip("hyperscan")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = tmp_path / "cache" / "exitguard"
    fresh_scanner()
    databases = sorted(folder.glob("hs-*.db"))
    assert databases
    victim = tmp_path / "victim.txt"
    victim.write_text("kept")
    for db in databases:
        db.unlink()  # rebuilt and saved again at the next build
        for suffix in (".db", ".json"):
            db.with_suffix(f"{suffix}.{os.getpid()}.tmp").symlink_to(victim)
    fresh_scanner()
    assert victim.read_text() == "kept"
    assert all(db.exists() and not db.is_symlink() for db in databases)



@pytest.mark.parametrize("parse_cache_cleared", [False, True])
def test_a_pack_reloaded_with_a_changed_regex_uses_the_new_one(tmp_path, monkeypatch, parse_cache_cleared):
    """A policy reload re-reads the pack: the memo is keyed by the regex itself and the parse cache by the files'
    content, so neither hands back the old regex or its value group."""
    monkeypatch.setattr(rules, "_MEMO", RegexMemo(tmp_path / "memo.json"))
    monkeypatch.setattr(rules, "_PARSED", {})
    pack = tmp_path / "pack.yaml"
    old = (r"\b(memo32_[a-z]{8})\b", "memo32_abcdefgh")
    new = (r"(code)=(?P<secret>memo32_[0-9]{8})", "code=memo32_12345678")
    for round_, (regex_source, example) in enumerate((old, new, old, new)):  # remembered from the third round
        if parse_cache_cleared:  # else the third round is the first's parse again (same content)
            monkeypatch.setattr(rules, "_PARSED", {})
        pack.write_text(json.dumps({"rules": [{
            "id": "memo32", "description": "a test token", "category": "secret", "classification": "confidential",
            "tier": "precise", "regex": regex_source, "examples": [example],
            "references": ["https://example.org/memo"]}]}))
        (rule,), _ = rules.load_paths([pack])
        assert (rule.compiled is None) == (round_ >= 2 and parse_cache_cleared)
        assert rule.regex == regex_source and rule.pattern.pattern == regex_source
        assert rule.value_group == (1 if regex_source == old[0] else 2)
        assert rule.pattern.search(f"x {example} y") is not None
