"""`up --dry-run` says what the real start says of a fleet's Redis (newuser44).

The dry run ran state_check (a password Redis refuses is status 2 there too) but dropped its notices: a Redis that
cannot be reached now, or one that lets anyone in, passed the dry run without a word, and the real start then
printed the WARNING (deploy/README.md, "Several replicas": "one it cannot reach yet is said").
"""

from __future__ import annotations

from addons.cli import main as cli
from tests.live.redis_server import free_port


def test_a_dry_run_says_a_redis_it_cannot_reach(tmp_path, capsys):
    url = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    assert cli.main(["up", "--dry-run", "--listen", "127.0.0.1:1", "--no-record", "--confdir", str(tmp_path / "c"),
                     "--set", f"exitguard_state={url}"]) == 0
    err = capsys.readouterr().err
    assert f"exitguard up: cannot reach Redis at {url} now (ConnectionError:" in err, err
