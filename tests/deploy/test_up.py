"""`exitguard up --web` (mitmweb with its own login token) and `exitguard up -s PATH` (extra scripts after the
bundle): the command line it builds, and the real command end to end on loopback."""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import socket
import ssl
import subprocess
import time
from pathlib import Path

import pytest
import yaml

from addons.cli import main as cli
from addons.cli import up
from addons.core.policy import DEFAULT_POLICY_FILE
from tests import fakes
from tests.live import forkserver, harness

EXITGUARD = str(harness.ROOT / ".venv" / "bin" / "exitguard")
EXTRA_SCRIPT = '''
from mitmproxy import http


class Extra:
    def response(self, flow: http.HTTPFlow) -> None:
        flow.response.headers["x-extra-script"] = "loaded"
        # loaded after the bundle: it sees the request as exitguard sent it upstream
        flow.response.headers["x-extra-saw-masked"] = str("[MASKED:" in flow.request.get_text())


addons = [Extra()]
'''


def argv_for(*up_args: str) -> list[str]:
    return up.mitmproxy_argv(cli.parser().parse_args(["up", *up_args]))


def scripts_in(argv: list[str]) -> list[str]:
    return [argv[i + 1] for i, a in enumerate(argv) if a == "-s"]


def sets_in(argv: list[str]) -> list[str]:
    return [argv[i + 1] for i, a in enumerate(argv) if a == "--set"]


@pytest.fixture
def extra_script(tmp_path) -> Path:
    path = tmp_path / "extra.py"
    path.write_text(EXTRA_SCRIPT)
    return path


# --------------------------------------------------------------------------- the command line


def test_extra_scripts_load_after_the_bundle(extra_script, tmp_path):
    other = tmp_path / "other.py"
    other.write_text("addons = []\n")
    argv = argv_for("-s", str(extra_script), "--script", str(other), "--dry-run")
    assert scripts_in(argv) == [str(up.BUNDLE), str(extra_script), str(other)]


def test_set_scripts_adds_a_script_instead_of_being_dropped(extra_script):
    # mitmproxy applies -s after --set, so `--set scripts=X` next to `-s bundle.py` silently unloads X.
    argv = argv_for("--set", f"scripts={extra_script}")
    assert scripts_in(argv) == [str(up.BUNDLE), str(extra_script)]
    assert not [s for s in sets_in(argv) if s.startswith("scripts")]


@pytest.mark.parametrize(("args", "message"), [
    (["--set", "scripts="], "the exitguard bundle is always loaded and cannot be unset"),
    (["-s", "no-such-script.py"], "script 'no-such-script.py' not found"),
    (["-s", str(up.BUNDLE)], "is given twice (the bundle is always loaded first)"),
])
def test_scripts_that_cannot_work_are_refused(args, message):
    with pytest.raises(SystemExit) as refused:
        argv_for(*args)
    assert message in str(refused.value)


def test_web_keeps_the_ui_on_loopback_and_opens_no_browser_without_a_display(monkeypatch):
    monkeypatch.setattr(up.sys, "platform", "linux")
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    argv = argv_for("--web")
    assert argv[0] == "mitmweb"
    assert "web_host=127.0.0.1" in sets_in(argv) and "web_open_browser=false" in sets_in(argv)
    monkeypatch.setenv("DISPLAY", ":0")
    assert "web_open_browser=false" not in sets_in(argv_for("--web"))


def test_web_options_given_by_the_user_are_not_doubled():
    # mitmproxy refuses two values for one option ("Received multiple values").
    argv = argv_for("--web", "--set", "web_host=::1", "--set", "web_open_browser=true")
    assert [s for s in sets_in(argv) if s.startswith(("web_host", "web_open_browser"))] == [
        "web_host=::1", "web_open_browser=true"]


def test_web_refuses_a_log_level_that_would_hide_the_token():
    with pytest.raises(SystemExit, match="termlog_verbosity=warn would hide it"):
        argv_for("--web", "--set", "termlog_verbosity=warn")
    argv_for("--web", "--set", "termlog_verbosity=warn", "--set", "web_password=$argon2id$x")  # no token needed


def test_web_notice_points_at_the_token_line_or_the_user_s_password():
    assert up.web_notice({"web_port": ["9000"]}) == (
        "exitguard: web UI at http://127.0.0.1:9000/: open the 'Web server listening at "
        "http://127.0.0.1:9000/?token=...' URL that mitmweb prints below (a new token every start; or set "
        "web_password)\n")
    notice = up.web_notice({"web_password": ["s3cret-pass"], "web_host": ["::1"]})
    assert notice.startswith("exitguard: web UI at http://[::1]:8081/: log in with the web_password you set")
    assert "s3cret-pass" not in notice


# --------------------------------------------------------------------------- the real command


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_up(tmp_path: Path, *up_args: str, until: str,
             timeout: float = 120) -> tuple[subprocess.Popen | forkserver.Child, re.Match]:
    """Run `exitguard up` (which execs mitmdump/mitmweb; forked from the cli fork server) until a line matches
    ``until``."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    proc = harness.popen_exitguard("up", "--listen", "127.0.0.1:0", "--no-record", "--confdir",
                                   str(tmp_path / "conf"), *up_args, env={**env, "PYTHONUNBUFFERED": "1"},
                                   cwd=harness.ROOT)
    assert proc.stdout is not None
    lines, deadline = [], time.monotonic() + timeout
    while time.monotonic() < deadline and (line := proc.stdout.readline()):
        lines.append(line)
        if m := re.search(until, line):
            return proc, m
    proc.kill()
    raise AssertionError("exitguard up did not start:\n" + "".join(lines) + (proc.stdout.read() or ""))


def stop(proc: subprocess.Popen | forkserver.Child) -> None:
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def get(port: int, path: str, **headers: str) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path, headers=headers)
        return conn.getresponse().status
    finally:
        conn.close()


@pytest.mark.live
def test_up_web_prints_the_token_url_and_the_api_needs_the_token(tmp_path):
    port = free_port()
    proc, m = start_up(tmp_path, "--web", "--set", f"web_port={port}",
                       until=r"Web server listening at (http://127\.0\.0\.1:(\d+)/\?token=(\w+))")
    try:
        assert int(m.group(2)) == port
        token = m.group(3)
        assert get(port, "/flows") == 403
        assert get(port, "/flows", Authorization="Bearer not-the-token") == 403
        assert get(port, "/flows", Authorization=f"Bearer {token}") == 200
    finally:
        stop(proc)


@pytest.mark.live
def test_an_extra_script_runs_after_the_bundle_and_the_bundle_still_guards(tmp_path, extra_script, upstream):
    policy = yaml.safe_load(DEFAULT_POLICY_FILE.read_text())
    policy["guarded_hosts"] = ["localhost"]  # the local upstream under its real name: no routing addon needed
    (tmp_path / "policy.yaml").write_text(yaml.safe_dump(policy))
    proc, m = start_up(tmp_path, "--policy", str(tmp_path / "policy.yaml"), "-s", str(extra_script),
                       "--set", f"exitguard_allow_upstreams=localhost:{upstream.port}",
                       "--set", f"ssl_verify_upstream_trusted_ca={harness.upstream_ca_path(upstream)}",
                       until=r"HTTP\(S\) proxy listening at 127\.0\.0\.1:(\d+)")
    try:
        secret = fakes.github_pat(17)
        tls = ssl.create_default_context(cafile=str(tmp_path / "conf" / "mitmproxy-ca-cert.pem"))
        conn = http.client.HTTPSConnection("127.0.0.1", int(m.group(1)), context=tls, timeout=30)
        conn.set_tunnel("localhost", upstream.port)
        body = json.dumps({"model": "gpt-4o", "messages": [{"role": "user", "content": f"deploy with {secret}"}]})
        conn.request("POST", "/v1/chat/completions", body=body, headers={"content-type": "application/json"})
        response = conn.getresponse()
        response.read()
        conn.close()
    finally:
        stop(proc)
    assert response.status == 200
    assert response.headers["x-extra-script"] == "loaded"
    assert response.headers["x-extra-saw-masked"] == "True"
    (received,) = upstream.received
    assert secret not in received.body.decode()
    assert received.json()["messages"][0]["content"].startswith("deploy with [MASKED:github-pat")


def test_web_notice_warns_when_the_ui_listens_beyond_loopback():
    """mitmweb speaks plain HTTP: beyond loopback its login token (or password) crosses the network in clear, and
    whoever holds it can load scripts into the proxy. `up` said nothing about it."""
    notice = up.web_notice({"web_host": ["0.0.0.0"]})
    assert notice.splitlines()[-1] == (
        "exitguard: warning: the web UI listens beyond loopback over plain HTTP: its login crosses the network "
        "readable on the way, and whoever holds it controls the proxy (it can load scripts); keep web_host=127.0.0.1 "
        "and reach it through ssh -L, or put TLS in front")
    for host in ("127.0.0.1", "::1", "localhost"):
        assert "warning" not in up.web_notice({"web_host": [host]})
