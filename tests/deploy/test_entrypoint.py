"""scripts/entrypoint.sh outside a container, with a throwaway $HOME: it creates (or imports) the CA, starts the
proxy, answers requests and its health check, and refuses a non-loopback listener without authentication."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import stat
import subprocess
import time
from pathlib import Path

import pytest

from addons.cli import ca
from tests.deploy.helpers import RULES
from tests.live.harness import ROOT, upstream_ca_path

pytestmark = [pytest.mark.live, pytest.mark.root, pytest.mark.tool]

ENTRYPOINT = ROOT / "scripts" / "entrypoint.sh"
BASE_ENV = {k: v for k, v in os.environ.items() if not k.startswith("EXITGUARD_") and "proxy" not in k.lower()}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# The Hyperscan database and regex memo cache of the user running the tests, as every other live proxy uses: with
# only the throwaway $HOME, each proxy started here compiled the shipped rules from scratch (~20 s of CPU, 110 s of
# a loaded run, speed42). The cache is keyed by the rules' content; what is checked here is the entrypoint.
CACHE_HOME = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")


def entry_env(home, **extra: str) -> dict[str, str]:
    return {**BASE_ENV, "HOME": str(home), "XDG_CACHE_HOME": CACHE_HOME,
            "EXITGUARD_BIN": str(ROOT / ".venv" / "bin" / "exitguard"),
            "EXITGUARD_PYTHON": str(ROOT / ".venv" / "bin" / "python"), **extra}


def health(env) -> int:
    return subprocess.run([str(ENTRYPOINT), "health"], env=env, capture_output=True, timeout=30).returncode


@pytest.mark.parametrize("listen", ["0.0.0.0:18080", "[::]:18080", "10.1.2.3:8080"])
def test_refuses_non_loopback_listener_without_auth(tmp_path, listen):
    out = subprocess.run([str(ENTRYPOINT)], env=entry_env(tmp_path, EXITGUARD_LISTEN=listen),
                         capture_output=True, text=True, timeout=30)
    assert out.returncode == 64
    assert "refusing to listen" in out.stderr and "EXITGUARD_TOKENS_FILE" in out.stderr
    assert not (tmp_path / ".exitguard").exists()  # refused before creating or starting anything


def test_health_fails_when_nothing_listens(tmp_path):
    assert health(entry_env(tmp_path, EXITGUARD_LISTEN=f"127.0.0.1:{free_port()}")) == 1


def test_starts_proxy_with_imported_ca_and_answers(tmp_path, upstream):
    shared = tmp_path / "shared-ca"  # e.g. a Kubernetes Secret: every replica presents the same CA
    shared_files, _ = ca.init(shared)
    home = tmp_path / "home"
    home.mkdir()
    port = free_port()
    env = entry_env(home, EXITGUARD_LISTEN=f"127.0.0.1:{port}", EXITGUARD_CA_FROM=str(shared_files.key),
                    EXITGUARD_RECORD_DIR=str(tmp_path / "recordings"), EXITGUARD_PUBLIC_DIR=str(tmp_path / "public"),
                    EXITGUARD_RULES=str(RULES),
                    EXITGUARD_ARGS=f"--set exitguard_allow_upstreams={upstream.address} "
                                   f"--set ssl_verify_upstream_trusted_ca={upstream_ca_path(upstream)}")
    proc = subprocess.Popen([str(ENTRYPOINT)], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 40
        while health(env) != 0:
            assert proc.poll() is None, proc.stdout.read()
            assert time.monotonic() < deadline, "proxy did not become healthy"
            time.sleep(0.3)

        confdir = home / ".exitguard" / "certs"
        assert stat.S_IMODE((confdir / "mitmproxy-ca.pem").stat().st_mode) == 0o600
        assert (confdir / "mitmproxy-ca-cert.pem").read_bytes() == shared_files.cert.read_bytes()
        assert (tmp_path / "recordings").is_dir()
        # what job containers get: the public cert and bundle, never the key
        assert sorted(p.name for p in (tmp_path / "public").iterdir()) == ["exitguard-ca-bundle.pem",
                                                                           "mitmproxy-ca-cert.pem"]
        assert "PRIVATE KEY" not in "".join(p.read_text() for p in (tmp_path / "public").iterdir())

        # a real request through it, trusted with the *imported* CA's public cert
        out = subprocess.run(["curl", "-sS", "--fail", "--proxy", f"http://127.0.0.1:{port}",
                              "--cacert", str(shared_files.cert), f"https://{upstream.address}/entrypoint-check"],
                             capture_output=True, text=True, timeout=30, env=BASE_ENV)
        assert out.returncode == 0, out.stderr
        assert '"path": "/entrypoint-check"' in out.stdout
        assert [r.path for r in upstream.received] == ["/entrypoint-check"]
    finally:
        proc.send_signal(signal.SIGTERM)  # exec'd: the signal reaches mitmdump itself
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
    assert proc.returncode == 0, proc.stdout.read()  # SIGTERM is a clean shutdown


@pytest.fixture
def private_ns():
    """A network namespace with one non-loopback address (on its lo): a listener 'beyond loopback' that nothing
    outside the namespace can reach."""
    if os.geteuid() != 0 or not shutil.which("ip"):
        pytest.skip("needs root and iproute2")
    name, addr = f"egent-{os.getpid()}", f"10.234.{os.getpid() % 250}.1"
    subprocess.run(["ip", "netns", "add", name], check=True)
    try:
        subprocess.run(["ip", "-n", name, "link", "set", "lo", "up"], check=True)
        subprocess.run(["ip", "-n", name, "addr", "add", f"{addr}/32", "dev", "lo"], check=True)
        yield name, addr
    finally:
        subprocess.run(["ip", "netns", "del", name])


def start_in_ns(ns: str, env: dict) -> subprocess.Popen:
    proc = subprocess.Popen(["ip", "netns", "exec", ns, str(ENTRYPOINT)], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 120  # a liveness bound, not a timing test: a loaded CI machine took over 40 s
    while subprocess.run(["ip", "netns", "exec", ns, str(ENTRYPOINT), "health"], env=env,
                         capture_output=True).returncode != 0:
        assert proc.poll() is None, proc.stdout.read()
        assert time.monotonic() < deadline, "proxy did not become healthy"
        time.sleep(0.3)
    return proc


def proxy_status(ns: str, proxy_url: str) -> str:
    """HTTP status the proxy answers for a plain request to an address nobody listens on (auth comes first)."""
    out = subprocess.run(["ip", "netns", "exec", ns, "curl", "-s", "-o", "/dev/null", "-w", "%{http_code}",
                          "--max-time", "20", "--proxy", proxy_url, "http://10.234.255.254:9/"],
                         capture_output=True, text=True, timeout=40, env=BASE_ENV)
    return out.stdout


@pytest.mark.parametrize("auth", ["tokens", "allow-no-auth"])
def test_non_loopback_listener_with_tokens_or_explicit_opt_out(tmp_path, private_ns, auth):
    ns, addr = private_ns
    env = entry_env(tmp_path, EXITGUARD_LISTEN=f"{addr}:8080")
    if auth == "tokens":
        tokens = tmp_path / "tokens.json"
        token = subprocess.run([env["EXITGUARD_BIN"], "token", "--file", str(tokens), "add", "ci-job"],
                               capture_output=True, text=True, check=True).stdout.strip().split()[-1]
        env["EXITGUARD_TOKENS_FILE"] = str(tokens)
    else:
        env["EXITGUARD_ALLOW_NO_AUTH"] = "1"
    proc = start_in_ns(ns, env)
    try:
        if auth == "tokens":
            assert proxy_status(ns, f"http://{addr}:8080") == "407"
            assert proxy_status(ns, f"http://ci-job:{token}@{addr}:8080") == "502"  # authenticated, upstream down
        else:
            assert proxy_status(ns, f"http://{addr}:8080") == "502"
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
