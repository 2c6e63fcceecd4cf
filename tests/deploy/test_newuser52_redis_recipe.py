"""newuser52 (newuser51's leftovers): deploy/README.md's Redis for a fleet on one host started with `sudo install ...
/srv/exitguard` and ran Redis without persistence (`save ""`, `appendonly no`), so a Redis restart emptied the
revocation set. The recipe now needs no root (a folder of the user's, Redis as the user from its own config file)
and keeps Redis's data (`appendonly yes`). Run here as written up to Redis, as an unprivileged user (``nobody``
through setpriv when the tests run as root), with the port moved to a free one: Redis starts from the config the
recipe writes, takes the recipe's password, and a key written before a restart is there after it."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from tests.live.redis_server import free_port

ROOT = Path(__file__).resolve().parents[2]
GUIDE = (ROOT / "deploy" / "README.md").read_text()
NOBODY = 65534

pytestmark = pytest.mark.tool


def plain_recipe() -> str:
    start = GUIDE.index("#### Several replicas on one host")
    found = re.search(r"```bash\n(.*?)```", GUIDE[start:], re.S)
    assert found
    return found.group(1)


def as_a_user(argv: list[str]) -> list[str]:
    """``argv`` as an unprivileged user: this one, or nobody when the tests run as root."""
    if os.geteuid() != 0:
        return argv
    return ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", "--", *argv]


def redis_cli(port: int, password: str, *command: str) -> str:
    done = subprocess.run(["redis-cli", "-p", str(port), "--no-auth-warning", "-a", password, *command],
                          capture_output=True, text=True, timeout=10)
    return done.stdout.strip()


def wait_listening(port: int, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        assert proc.poll() is None, f"redis-server exited with {proc.returncode}"
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise AssertionError("redis-server did not listen")


def test_the_plain_recipe_needs_no_root_and_its_redis_keeps_its_data():
    if shutil.which("redis-server") is None or shutil.which("openssl") is None or shutil.which("redis-cli") is None:
        pytest.fail("redis-server, redis-cli and openssl are needed (Debian packages redis-server, openssl)")
    script = plain_recipe()
    assert "sudo" not in script, "the recipe runs as the proxy's user"
    lines = script.splitlines()
    server_at = next(i for i, line in enumerate(lines) if line.startswith("redis-server "))
    assert lines[server_at] == "redis-server $EG/redis.conf &", lines[server_at]
    # up to Redis, without the exitguard commands (they run as the user in every other test)
    prepare = "\n".join(line for line in lines[:server_at] if not line.startswith("exitguard "))
    port = free_port()
    assert "port 6379" in prepare
    prepare = prepare.replace("port 6379", f"port {port}")
    home = Path(tempfile.mkdtemp(prefix="newuser52-home-"))
    redis = None
    try:
        if os.geteuid() == 0:
            os.chown(home, NOBODY, NOBODY)
        env = {"PATH": os.environ["PATH"], "HOME": str(home), "USER": "nobody"}
        subprocess.run(as_a_user(["bash", "-euo", "pipefail", "-c", prepare]), check=True, env=env, cwd=home,
                       capture_output=True, timeout=60)
        folder = home / "exitguard"
        assert folder.stat().st_mode & 0o777 == 0o700
        conf = folder / "redis.conf"
        assert conf.stat().st_mode & 0o077 == 0  # it holds the password
        if os.geteuid() == 0:
            assert conf.stat().st_uid == NOBODY
        password = (folder / "redis-password").read_text().strip()

        def start() -> subprocess.Popen:
            proc = subprocess.Popen(as_a_user(["redis-server", str(conf)]), cwd=home, env=env,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            wait_listening(port, proc)
            return proc

        redis = start()
        assert redis_cli(port, password, "SADD", "identity:revoked", "0123456789ab") == "1"
        redis.send_signal(signal.SIGTERM)  # a restart: Redis writes its append-only file out as it stops
        redis.wait(timeout=20)
        redis = start()
        assert redis_cli(port, password, "SMEMBERS", "identity:revoked") == "0123456789ab"
        assert "NOAUTH" in redis_cli(port, "", "SMEMBERS", "identity:revoked") or \
            "Authentication required" in redis_cli(port, "", "SMEMBERS", "identity:revoked")
    finally:
        if redis is not None and redis.poll() is None:
            redis.kill()
            redis.wait(timeout=10)
        shutil.rmtree(home, ignore_errors=True)
