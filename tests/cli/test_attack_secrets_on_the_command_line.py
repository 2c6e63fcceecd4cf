"""A local user (any account on the machine) reads the running proxy's command line: ``/proc/PID/cmdline`` (and
``ps``) is world-readable. ``exitguard up`` put every ``--set`` there, credentials included: mitmweb's
``web_password`` (its login resumes held requests: an agent approves its own), the approval webhook (a Slack
incoming webhook URL posts to the reviewers' channel), a Redis URL's password, ``proxyauth``. These tests start
the real ``exitguard up`` and read the exec'd proxy's command line as any local process can."""

from __future__ import annotations

import json
import signal
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from addons.core import private_sets
from tests.cli.test_commands_as_a_user import EXITGUARD, ROOT, env, exitguard
from tests.cli.test_up_as_a_user import free_port

WEB_PASSWORD = "copper-lantern-orchid-8841"  # a passphrase the operator chose
WEBHOOK = "https://hooks.slack.com/services/T0EXAMPLE/B0EXAMPLE/hookPathIsTheSecret4471"


def _command_line(pid: int) -> str:
    return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()


def _web(port: int, path: str, password: str) -> tuple[int, bytes]:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Authorization": f"Bearer {password}"})
    try:
        with urllib.request.urlopen(request, timeout=5) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as e:
        return e.code, b""


def _wait_for_web(proc: subprocess.Popen, port: int) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.communicate()
        try:
            _web(port, "/", "")
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("mitmweb did not start")


@pytest.mark.live
def test_mitmweb_login_and_webhook_url_are_not_on_the_proxys_command_line(tmp_path):
    web_port = free_port()
    proc = subprocess.Popen([str(EXITGUARD), "up", "--web", "--listen", f"127.0.0.1:{free_port()}", "--no-record",
                             "--confdir", str(tmp_path / "certs"), "--set", f"web_port={web_port}",
                             "--set", f"web_password={WEB_PASSWORD}",
                             "--set", f"exitguard_approval_webhook={WEBHOOK}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env(), cwd=ROOT)
    try:
        _wait_for_web(proc, web_port)
        seen = _command_line(proc.pid)  # up exec'd mitmweb: the same process, what `ps` shows every user
        assert "mitmweb" in seen
        assert WEB_PASSWORD not in seen and "hookPathIsTheSecret4471" not in seen, seen
        # ...and both still took effect: the login is the operator's password, the webhook the one given
        assert _web(web_port, "/flows", "wrong-guess")[0] == 403
        status, body = _web(web_port, "/options", WEB_PASSWORD)
        assert status == 200
        assert json.loads(body)["exitguard_approval_webhook"]["value"] == WEBHOOK
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            _, err = proc.communicate(timeout=60)
        finally:
            proc.kill()
    assert WEB_PASSWORD not in err and "hookPathIsTheSecret4471" not in err


def test_only_credential_options_leave_the_command_line():
    argv = ["mitmdump", "--mode", "regular@127.0.0.1:8080", "--set", "confdir=/c",
            "--set", f"web_password={WEB_PASSWORD}", "--set", "exitguard_state=redis://:pw@redis:6379/0",
            "--set", "exitguard_approval_webhook_format=slack", "--set", "proxyauth=alice:pw",
            "--set", "upstream_auth=u:p", "--set", f"exitguard_approval_webhook={WEBHOOK}"]
    public, private = private_sets.split_argv(argv)
    assert public == ["mitmdump", "--mode", "regular@127.0.0.1:8080", "--set", "confdir=/c",
                      "--set", "exitguard_approval_webhook_format=slack"]
    assert private == [f"web_password={WEB_PASSWORD}", "exitguard_state=redis://:pw@redis:6379/0", "proxyauth=alice:pw",
                       "upstream_auth=u:p", f"exitguard_approval_webhook={WEBHOOK}"]


def test_the_handed_over_options_are_taken_out_of_the_environment_and_checked():
    environ = {private_sets.ENV: private_sets.encode(["web_password=x"]), "OTHER": "1"}
    assert private_sets.take(environ) == ["web_password=x"]
    assert environ == {"OTHER": "1"}  # programs the proxy starts do not inherit it
    assert private_sets.take(environ) == []
    for bad in ("not json", json.dumps(["scripts=/tmp/theirs.py"]), json.dumps({"web_password": "x"})):
        with pytest.raises(ValueError) as e:
            private_sets.take({private_sets.ENV: bad})
        assert "theirs" not in str(e.value)


def test_dry_run_prints_the_command_line_up_runs_without_the_credentials(tmp_path):
    # `up --dry-run` printed every --set, web_password and the webhook URL included, onto the terminal (and into
    # whatever log captures it), and showed a command line that is not the one `up` runs.
    ran = exitguard("up", "--web", "--no-record", "--confdir", str(tmp_path / "certs"), "--dry-run",
                    "--set", f"web_password={WEB_PASSWORD}", "--set", f"exitguard_approval_webhook={WEBHOOK}")
    assert ran.status == 0, ran.err
    printed = ran.out + ran.err
    assert WEB_PASSWORD not in printed and "hookPathIsTheSecret4471" not in printed, printed
    command = ran.out.splitlines()[0]
    assert "mitmweb" in command and "web_password" not in command
    # ...and it says where they go instead, by name
    assert "web_password" in printed and "exitguard_approval_webhook" in printed and private_sets.ENV in printed
