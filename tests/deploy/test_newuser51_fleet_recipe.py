"""deploy/README.md's fleet on one host, as newuser51 ran it (Debian's redis-server, TLS, three replicas).

- The TLS recipe is run as written (paths and port moved to a scratch folder): openssl makes the CA and Redis's
  certificate, Redis starts from the configuration the recipe writes, and ``exitguard up``'s check of the
  ``rediss://`` state the recipe names passes with nothing to say (a certificate that verifies, a password Redis
  takes, no client certificate asked for).
- The plain recipe made its tokens after starting the replicas; with ``exitguard_auth=required`` (which the guide
  recommends where the jobs share the host) ``up`` refuses to start without a token file, so they come first.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from addons.cli import preflight
from tests.cli.test_preflight import up_argv
from tests.live.redis_server import free_port

ROOT = Path(__file__).resolve().parents[2]
GUIDE = (ROOT / "deploy" / "README.md").read_text()


def block_after(marker: str) -> str:
    start = GUIDE.index(marker)
    found = re.search(r"```bash\n(.*?)```", GUIDE[start:], re.S)
    assert found, f"no bash block after {marker!r}"
    return found.group(1)


@pytest.mark.tool
def test_the_tls_recipe_runs_as_written_and_up_has_nothing_to_say(tmp_path):
    if shutil.which("openssl") is None or shutil.which("redis-server") is None:
        pytest.fail("openssl and redis-server are needed (Debian packages openssl, redis-server; scripts/test "
                    "installs them)")
    folder = tmp_path / "srv"
    folder.mkdir(mode=0o700)
    (folder / "redis-password").write_text("recipe-pw-not-real\n")
    (folder / "redis-password").chmod(0o600)
    port = free_port()
    script = block_after("Over TLS instead").replace("6380", str(port))
    lines = script.splitlines()
    server_lines = [line for line in lines if line.startswith("redis-server ")]
    assert server_lines == ["redis-server $EG/redis.conf &"], server_lines
    # $EG: the folder the plain recipe before it made (newuser52: no longer /srv, which needed root)
    prepare = f"EG={folder}\n" + "\n".join(line for line in lines if not line.startswith("redis-server "))
    subprocess.run(["bash", "-euo", "pipefail", "-c", prepare], check=True, cwd=tmp_path, capture_output=True)
    assert (folder / "redis.conf").stat().st_mode & 0o077 == 0  # it holds the password
    redis = subprocess.Popen(["redis-server", str(folder / "redis.conf")], stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    try:
        state = re.search(r"--set exitguard_state=(\S+) --set exitguard_state_ca_file=(\S+)", script)
        assert state, "the recipe names the replicas' rediss:// settings"
        argv = up_argv(tmp_path, "--no-record", "--set", f"exitguard_state={state.group(1)}",
                       "--set", f"exitguard_state_ca_file={state.group(2).replace('$EG', str(folder))}",
                       "--set", f"exitguard_state_password_file={folder / 'redis-password'}")
        for _ in range(50):  # Redis takes a moment to listen
            startup = preflight.check(argv)
            if not any("cannot reach" in n for n in startup.notices):
                break
            subprocess.run(["sleep", "0.1"], check=True)
        assert startup.notices == (), startup.notices
    finally:
        redis.kill()
        redis.wait(timeout=10)


def test_the_plain_recipe_makes_its_tokens_before_it_starts_the_replicas():
    script = block_after("#### Several replicas on one host")
    assert script.index("exitguard token --file") < script.index("exitguard up "), \
        "with exitguard_auth=required, up refuses to start before the token file exists"
