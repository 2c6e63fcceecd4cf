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
from tests.cli.test_commands_as_a_user import EXITGUARD, ROOT, env
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


# attack22 -------------------------------------------------------------------------------------------------------

PASSPHRASE = "quartz-meadow-falcon-2290"  # decrypts the private key of the certificates mitmproxy presents


def test_the_certificates_passphrase_leaves_the_command_line_too():
    public, private = private_sets.split_argv(["mitmdump", "--set", "certs=*=/srv/tls/site.pem",
                                               "--set", f"cert_passphrase={PASSPHRASE}"])
    assert public == ["mitmdump", "--set", "certs=*=/srv/tls/site.pem"]
    assert private == [f"cert_passphrase={PASSPHRASE}"]


@pytest.mark.slow  # a whole CLI process, ~1 s
def test_a_dry_run_prints_no_value_it_would_keep_off_the_command_line(tmp_path):
    """`up --dry-run` printed the command line with the values the real run keeps off it (a CI log, a terminal
    shared on screen), and a command that, run as printed, puts them back where every local user reads them."""
    out = subprocess.run([str(EXITGUARD), "up", "--dry-run", "--web", "--confdir", str(tmp_path / "certs"),
                          "--set", f"web_password={WEB_PASSWORD}", "--set", f"cert_passphrase={PASSPHRASE}",
                          "--set", f"exitguard_approval_webhook={WEBHOOK}"],
                         capture_output=True, text=True, env=env(), cwd=ROOT, timeout=120)
    assert out.returncode == 0, out.stderr
    said = out.stdout + out.stderr
    for value in (WEB_PASSWORD, PASSPHRASE, "hookPathIsTheSecret4471"):
        assert value not in said, said
    assert "mitmweb" in out.stdout
    assert "web_password" in out.stderr and "cert_passphrase" in out.stderr  # named, so nobody thinks them dropped


@pytest.mark.parametrize(("given", "planted"), [
    ("proxyauth=alice:orchid-7731", "proxyauth=mallory:their-own-8812"),  # mitmproxy's own option, set
    ("exitguard_state=redis://:pw@redis.internal:6379/0", "exitguard_state=redis://theirs.example:6379/0"),  # deferred
])
def test_a_planted_variable_does_not_silently_change_an_option_set_otherwise(given, planted):
    """$EXITGUARD_PRIVATE_SETS in a plain mitmdump's environment (a shell profile, an env file) overrode what the
    operator set on the command line or in config.yaml, unseen: the state store, the proxy's login."""
    opts = _mitmdump_options()
    opts.set(given, defer=True)  # as mitmproxy applies the command line before the scripts load
    environ = {private_sets.ENV: private_sets.encode([planted])}
    with pytest.raises(ValueError) as e:
        private_sets.apply(opts, environ)
    name = given.partition("=")[0]
    assert name in str(e.value) and "their" not in str(e.value) and "orchid" not in str(e.value)
    kept = getattr(opts, name) if name in opts else opts.deferred[name].val[0]
    assert kept == given.partition("=")[2]


def _mitmdump_options():
    """mitmproxy's options as a script of mitmdump's sees them: proxyauth registered (its addon), exitguard's not."""
    from mitmproxy import options as mitm_options

    opts = mitm_options.Options()
    opts.add_option("proxyauth", str | None, None, "user:password")  # type: ignore[arg-type]
    return opts


def test_the_handed_over_options_are_applied_when_nothing_else_set_them():
    opts = _mitmdump_options()
    private_sets.apply(opts, {private_sets.ENV: private_sets.encode(["proxyauth=alice:orchid-7731",
                                                                     "exitguard_state=redis://r:6379/0"])})
    assert opts.proxyauth == "alice:orchid-7731" and opts.deferred["exitguard_state"].val == ["redis://r:6379/0"]


@pytest.mark.live
def test_a_plain_mitmdump_with_a_planted_variable_refuses_to_start_naming_the_option_only(tmp_path):
    cmd = [str(ROOT / ".venv" / "bin" / "mitmdump"), "--set", f"confdir={tmp_path / 'conf'}",
           "--listen-host", "127.0.0.1", "--listen-port", str(free_port()),
           "--set", "exitguard_state=redis://:operator-pw-5521@127.0.0.1:1/0", "-s", str(ROOT / "addons" / "bundle.py")]
    planted = private_sets.encode(["exitguard_state=redis://theirs-4410.example:6379/0"])
    out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=120,
                         env={**env(), private_sets.ENV: planted})
    said = out.stdout + out.stderr
    assert out.returncode != 0 and "exitguard_state set both" in said, said[-2000:]
    assert "theirs-4410" not in said and "operator-pw-5521" not in said


def test_any_other_failure_applying_the_variable_refuses_the_start_without_quoting_it(monkeypatch):
    """An exception other than the checked ValueError must not escape the bundle's import (mitmproxy would run
    without the bundle: unguarded), nor show what it quotes."""
    from addons import chain

    def broken(options, environ=None):
        raise RuntimeError(f"cannot use {WEB_PASSWORD}")

    monkeypatch.setattr(private_sets, "apply", broken)
    with pytest.raises(SystemExit) as e:
        chain.apply_private_sets(_mitmdump_options())
    assert "RuntimeError" in str(e.value.code) and WEB_PASSWORD not in str(e.value.code)
