"""The compiled Hyperscan database is cached on disk; a cache that is not what was written is never used."""

from __future__ import annotations

import pytest

from addons.detect import Scanner
from addons.detect.rules import load_paths
from addons.detect.scanner import default_rules_dir
from tests import fakes

pytest.importorskip("hyperscan")

TEXT = f"deploy with {fakes.github_pat(31)} please"


def fresh_scanner() -> Scanner:
    """Not Scanner.default(): that one is memoised per process and would never touch the disk cache again.
    Two packs (one secret family, the personal-data kinds) are enough to exercise every database of the cache,
    and compile in a fraction of the time of all of them."""
    rules, version = load_paths([default_rules_dir() / "secrets" / "vcs.yaml", default_rules_dir() / "pii.yaml"])
    return Scanner(rules, version, "hyperscan")


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
