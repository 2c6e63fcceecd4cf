"""`exitguard up` driven the way a person drives it: the installed script as a subprocess. A bad policy, rule
pack or option is one line and status 2 before anything else is printed (no client set-up, no "listening", no
traceback); a good start says what is guarded, where flows go and how to stop. The tests that start mitmdump are
`live`; the ones refused before it starts are `slow` (each runs the installed script, which loads every rule pack)."""

from __future__ import annotations

import signal
import socket
import subprocess
from pathlib import Path

import pytest

from tests.cli.test_commands_as_a_user import EXITGUARD, ROOT, Ran, env, exitguard


def up(tmp_path: Path, *args: str) -> Ran:
    return exitguard("up", "--listen", "127.0.0.1:1", "--no-record", "--confdir", tmp_path / "certs", *args)


def refused_in_one_line(ran: Ran) -> str:
    assert ran.status == 2 and ran.out == "", ran
    [line] = ran.err.splitlines()  # no client set-up, no "listening", nothing from mitmproxy
    assert line.startswith("exitguard up: "), line
    return line.removeprefix("exitguard up: ")


@pytest.mark.slow
@pytest.mark.parametrize(("policy", "message"), [
    ("mode: enforcee\n", "{p}: mode: 'enforcee' is not one of enforce, report"),
    ("version: 1\nmdoe: report\n", "{p}: top level: unknown key(s) mdoe (did you mean mode?) (known: "),
    ("version: 1\nmode: report\n  actions: {}\n", "{p}: line 3, column 10: not valid YAML: mapping values are not "
                                                "allowed here"),
    ("rules: {private-kye: {request: block}}\n",
     "{p}: rules.private-kye: no rule with this id in the loaded rule packs (did you mean private-key?)"),
])
def test_a_bad_policy_stops_up_before_it_starts(tmp_path, policy, message):
    path = tmp_path / "policy.yaml"
    path.write_text(policy)
    assert refused_in_one_line(up(tmp_path, "--policy", path)).startswith(message.format(p=path))
    assert not (tmp_path / "certs").exists()  # nothing was set up for clients


@pytest.mark.slow
def test_a_bad_option_value_stops_up_before_it_starts(tmp_path):
    # mitmproxy itself would drop the whole exitguard bundle over it and run unguarded
    assert refused_in_one_line(up(tmp_path, "--set", "exitguard_retain_days=x")) == \
        "--set exitguard_retain_days: expected an integer"
    assert refused_in_one_line(up(tmp_path, "--set", "exitguard_recod_dir=x")).startswith(
        "--set exitguard_recod_dir: no such option (did you mean exitguard_record_dir?)")


@pytest.mark.slow
def test_replay_refuses_an_override_of_an_unknown_rule(tmp_path):
    policy = tmp_path / "policy.yaml"
    policy.write_text("rules: {private-kye: {request: block}}\n")
    ran = exitguard("replay", "--policy", policy, tmp_path)
    assert ran.status == 2 and ran.err == (f"exitguard replay: {policy}: rules.private-kye: no rule with this id in "
                                           "the loaded rule packs (did you mean private-key?)\n")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def up_until_listening(*args: str) -> tuple[int, str, str]:
    """``exitguard up ARGS`` until its proxy listens, then Ctrl-C (SIGINT): its status, stdout and stderr."""
    proc = subprocess.Popen([str(EXITGUARD), "up", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env(), cwd=ROOT)
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            if "proxy listening at" in line:
                break
        proc.send_signal(signal.SIGINT)  # what Ctrl-C sends
        out, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    return proc.returncode, out, err


@pytest.mark.live
def test_up_says_what_it_guards_and_how_to_stop(tmp_path):
    port = free_port()
    status, out, err = up_until_listening("--listen", f"127.0.0.1:{port}", "--record", str(tmp_path / "rec"),
                                          "--confdir", str(tmp_path / "certs"))
    assert status == 0 and "Traceback" not in out + err
    start = err.splitlines()[:4]
    assert start[0].startswith("exitguard: guarding ")
    assert start[0].endswith(" from the built-in policy; unlisted hosts: observe")
    assert start[1].startswith("exitguard: mode enforce; ") and start[1].endswith(" detection rules")
    rec = tmp_path / "rec"
    assert start[2] == f"exitguard: recording to {rec} (read it with: exitguard audit --dir {rec})"
    assert start[3] == f"exitguard: starting mitmdump on 127.0.0.1:{port}; Ctrl-C stops the proxy"
    assert f"export SSL_CERT_FILE='{tmp_path / 'certs' / 'exitguard-ca-bundle.pem'}'" in err.splitlines()


@pytest.mark.slow
def test_a_port_in_use_stops_up_before_it_starts(tmp_path):
    # mitmdump would log it after the client set-up was printed, and exit 1
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        ran = exitguard("up", "--listen", f"127.0.0.1:{port}", "--no-record", "--confdir", tmp_path / "certs")
    assert refused_in_one_line(ran) == (f"127.0.0.1:{port} is already in use: is exitguard running already? Stop it, "
                                        "or use --listen 127.0.0.1:PORT")


@pytest.mark.live
def test_a_second_proxy_on_the_same_record_folder_stops_before_it_starts(tmp_path):
    first = subprocess.Popen([str(EXITGUARD), "up", "--listen", f"127.0.0.1:{free_port()}", "--record",
                              str(tmp_path / "rec"), "--confdir", str(tmp_path / "certs")], stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, text=True, env=env(), cwd=ROOT)
    try:
        assert first.stdout is not None
        for line in first.stdout:
            if "proxy listening at" in line:
                break
        second = up(tmp_path, "--listen", f"127.0.0.1:{free_port()}", "--record", tmp_path / "rec")  # same folder
    finally:
        first.send_signal(signal.SIGINT)
        first.communicate(timeout=60)
    assert refused_in_one_line(second) == (
        f"another exitguard is recording to {tmp_path / 'rec'} (one running already? Stop it, or give this one "
        "its own folder: --record DIR, or --no-record)")


@pytest.mark.live
def test_an_error_mitmdump_logs_at_start_up_is_a_failed_start(tmp_path):
    # what up does not check first (here: a certificate file of mitmproxy's own) mitmdump says, and up fails
    done = subprocess.run([str(EXITGUARD), "up", "--listen", f"127.0.0.1:{free_port()}", "--no-record",
                           "--set", f"certs=*={tmp_path / 'missing.pem'}", "--confdir", str(tmp_path / "certs")],
                          capture_output=True, text=True, env=env(), timeout=120)
    assert done.returncode == 1 and "Traceback" not in done.stdout + done.stderr, done
    assert f"Certificate file does not exist: {tmp_path / 'missing.pem'}" in done.stderr, done


@pytest.mark.live
def test_plain_mitmdump_refuses_a_value_that_would_drop_the_bundle(tmp_path):
    # mitmproxy 12.3 on its own drops the whole bundle over it and runs as an unguarded proxy
    done = subprocess.run([str(EXITGUARD.with_name("mitmdump")), "--listen-host", "127.0.0.1", "--listen-port",
                           str(free_port()), "--set", f"confdir={tmp_path}", "-s", str(ROOT / "addons" / "bundle.py"),
                           "--set", "exitguard_retain_days=x"], capture_output=True, text=True, env=env(), timeout=120)
    assert done.returncode == 1 and "listening" not in done.stdout and "Traceback" not in done.stdout + done.stderr
    assert done.stderr.strip().splitlines()[-1] == \
        "exitguard: --set exitguard_retain_days: expected an integer. Refusing to start."


@pytest.mark.slow
def test_listening_beyond_loopback_without_tokens_stops_up_before_it_starts(tmp_path):
    # mitmdump would print "listening at *:PORT" and the identity addon's traceback after the client set-up, status 1
    ran = up(tmp_path, "--listen", f"0.0.0.0:{free_port()}")
    assert refused_in_one_line(ran).startswith("proxy authentication is required (listening on 0.0.0.0, "
                                               "exitguard_auth=auto) but no token file or OIDC issuer is configured.")


@pytest.mark.live
def test_a_loopback_reverse_listener_beside_a_listener_beyond_loopback_starts(tmp_path):
    """deploy/README.md: reverse listeners bind 127.0.0.1 whatever --listen says, since they cannot ask for proxy
    authentication. With --listen 0.0.0.0 the proxy refused to start over them (status 1, a traceback)."""
    made = exitguard("token", "--file", tmp_path / "certs" / "exitguard-tokens.json", "add", "ci", "--groups", "dev")
    assert made.status == 0, made
    main, reverse = free_port(), free_port()
    proc = subprocess.Popen([str(EXITGUARD), "up", "--listen", f"0.0.0.0:{main}", "--reverse", f"openai={reverse}",
                             "--no-record", "--confdir", str(tmp_path / "certs")], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env(), cwd=ROOT)
    try:
        assert proc.stdout is not None
        seen = []
        for line in proc.stdout:
            seen.append(line)
            if f"listening at 127.0.0.1:{reverse}" in line:
                break
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    text = "".join(seen) + out
    assert proc.returncode == 0 and "Traceback" not in text + err, text + err
    assert "proxy authentication required (not on loopback reverse listeners: they cannot ask) (tokens)" in text


@pytest.mark.live
def test_the_client_lines_of_a_proxy_that_requires_a_token_say_so(tmp_path):
    """Beyond loopback every client must send a token; `up` printed `export HTTPS_PROXY='http://127.0.0.1:PORT'`
    as for a loopback proxy, and a client set up with those lines got 407 with no hint in the set-up."""
    made = exitguard("token", "--file", tmp_path / "certs" / "exitguard-tokens.json", "add", "ci", "--groups", "dev")
    assert made.status == 0, made
    port = free_port()
    _, _, err = up_until_listening("--listen", f"0.0.0.0:{port}", "--no-record", "--confdir", str(tmp_path / "certs"))
    lines = err.splitlines()
    first_export = next(i for i, line in enumerate(lines) if line.startswith("export "))
    said = "\n".join(lines[:first_export])
    assert "requires proxy authentication" in said, err
    assert f"http://NAME:TOKEN@127.0.0.1:{port}" in said and "exitguard token add NAME" in said
    assert made.out.strip() not in err  # the token itself is never printed again


@pytest.mark.slow
def test_the_refusal_for_want_of_tokens_gives_the_command_that_makes_the_file_up_reads(tmp_path):
    """It said `exitguard token add NAME` "and set exitguard_tokens_file": the default file needs no option, and
    with --confdir the plain command writes to another folder than the one up reads."""
    port = free_port()
    ran = up(tmp_path, "--listen", f"0.0.0.0:{port}")
    line = refused_in_one_line(ran)
    tokens = tmp_path / "certs" / "exitguard-tokens.json"
    assert f"exitguard token --file {tokens} add NAME" in line, line
    assert "and set exitguard_tokens_file" not in line
    made = exitguard("token", "--file", tokens, "add", "ci", "--groups", "dev")  # doing what it says
    assert made.status == 0, made
    from addons.cli import preflight
    from addons.cli.main import parser
    from addons.cli.up import mitmproxy_argv
    argv = mitmproxy_argv(parser().parse_args(["up", "--listen", f"0.0.0.0:{port}", "--no-record",
                                               "--confdir", str(tmp_path / "certs")]))
    assert preflight.check(argv).clients_authenticate
