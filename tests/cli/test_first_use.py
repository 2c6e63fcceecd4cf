"""What a first-time user ran into following the README (newuser37, session 23): a dry run that said yes to a
policy that cannot start, a start-up line that said `exitguard audit` reads a folder it does not, `audit open`
ending in mitmweb's traceback beside `up --web`, an `approvals --proxy` error that sent the user after the wrong
flag, a blank status for a flow that got no answer, and a reverse listener to a URL that printed no client set-up.
"""

from __future__ import annotations

import subprocess

import pytest

from tests.cli.test_commands_as_a_user import EXITGUARD, ROOT, env

# ---- approvals --proxy ---------------------------------------------------------------------------------------

@pytest.mark.slow  # a CLI process
def test_approvals_for_a_proxy_with_no_control_file_names_the_proxies_that_have_one(tmp_path):
    """Two replicas on 8180 and 8181 and `--proxy 127.0.0.1:8080` (deploy/README's port): the error asked to add
    `--confdir`, which was given, and did not say which proxies there are."""
    for name in ("exitguard-control-127.0.0.1_8180.json", "exitguard-control-127.0.0.1_8181.json"):
        (tmp_path / name).write_text("{}")
    done = subprocess.run([str(EXITGUARD), "approvals", "list", "--confdir", str(tmp_path), "--proxy",
                           "127.0.0.1:8080"], capture_output=True, text=True, env=env(), cwd=ROOT, timeout=120)
    assert done.returncode == 2 and done.stdout == "", done
    [line] = done.stderr.splitlines()
    assert line == (f"exitguard approvals: no control file at {tmp_path / 'exitguard-control-127.0.0.1_8080.json'}:"
                    f" the proxies with control files in {tmp_path} are --proxy 127.0.0.1:8180, "
                    "--proxy 127.0.0.1:8181"), line

