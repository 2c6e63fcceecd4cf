"""The compiled Hyperscan database is cached on disk; a cache that is not what was written is never used."""

from __future__ import annotations

import pytest

from .test_cache_dir import TEXT, fresh_scanner  # a few rules that fill every kind of database of the cache

pytest.importorskip("hyperscan")


def cached_databases(cache_home):
    return sorted((cache_home / "exitguard").glob("hs-*.db"))


def test_a_corrupted_cache_is_rebuilt_not_trusted(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert [f.rule_id for f in fresh_scanner().scan(TEXT)] == ["github-pat-classic"]
    databases = cached_databases(tmp_path)
    assert len(databases) >= 2  # the secret rules, and a few databases of personal data
    assert oct((tmp_path / "exitguard").stat().st_mode & 0o777) == oct(0o700)

    # Swap in a valid database that matches nothing useful: same file name, different bytes.
    import hyperscan

    decoy = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    decoy.compile(expressions=[b"no-such-token-anywhere"], ids=[0], elements=1, flags=[0])
    decoy_bytes = hyperscan.dumpb(decoy)
    for db in databases:
        db.write_bytes(decoy_bytes)

    assert [f.rule_id for f in fresh_scanner().scan(TEXT)] == ["github-pat-classic"]
    assert all(db.read_bytes() != decoy_bytes for db in databases)  # rebuilt and rewritten
