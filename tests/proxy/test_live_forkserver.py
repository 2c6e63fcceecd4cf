"""The live tests' processes are forked from a server that imported mitmproxy, the addons and the SDKs first
(tests/live/forkserver.py). A forked child must be what a fresh interpreter running the same command would be: the
same output, exit status, arguments, environment, folder, umask, limits and open files, a process of its own; and a
forked mitmdump must start, refuse, stop and report as the fresh one does. Each case runs both ways and compares."""

from __future__ import annotations

import os
import re
import resource
import signal
import subprocess
from pathlib import Path

import pytest

from tests.live import forkserver, harness

pytestmark = pytest.mark.live

PROBE = """
import json, os, resource, sys
print(json.dumps({"argv": sys.argv, "cwd": os.getcwd(), "env": os.environ.get("EGTEST_PROBE"),
                  "home": os.environ.get("HOME"), "umask": os.umask(0),
                  "nofile": resource.getrlimit(resource.RLIMIT_NOFILE)[0],
                  "fds": sorted(int(f) for f in os.listdir("/proc/self/fd"))[:3], "name": __name__,
                  "path0": sys.path[0], "stdout_tty": sys.stdout.isatty()}))
print("to stderr", file=sys.stderr)
"""
FAILING = "import sys\nprint('some output')\ndef f():\n    raise ValueError('boom')\nf()\n"
EXITING = "import sys\nsys.stdout.write('partial')\nsys.exit(7)\n"
EXIT_TEXT = "import sys\nsys.exit('a message')\n"


def both(code: str, tmp_path, env: dict[str, str]) -> tuple[tuple[int, str, str], tuple[int, str, str]]:
    fresh = subprocess.run([str(harness.CLIENT_PYTHON), "-c", code], capture_output=True, text=True, timeout=60,
                           env=env, cwd=tmp_path)
    forked = forkserver.run_code(code, [], env, tmp_path, 60)
    return (fresh.returncode, fresh.stdout, fresh.stderr), forked


@pytest.mark.parametrize("code", [PROBE, FAILING, EXITING, EXIT_TEXT], ids=["probe", "raises", "exit-7", "exit-text"])
def test_a_forked_client_is_what_a_fresh_python_c_is(tmp_path, code):
    env = {**os.environ, "EGTEST_PROBE": "from the test", "HOME": str(tmp_path)}
    old_mask = os.umask(0o027)
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(soft, 777), hard))
    try:
        fresh, forked = both(code, tmp_path, env)
    finally:
        os.umask(old_mask)
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    assert forked == fresh
    if code is PROBE:
        assert '"umask": 23' in forked[1] and '"nofile": 777' in forked[1] and '"env": "from the test"' in forked[1]


def test_a_forked_client_past_its_timeout_is_killed(tmp_path):
    with pytest.raises(subprocess.TimeoutExpired):
        forkserver.run_code("import time\ntime.sleep(60)\n", [], dict(os.environ), tmp_path, 1)


def start(tmp_path, upstream, fork: bool, *extra: str) -> harness.Proxy:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("EXITGUARD_TEST_FORKSERVER", "1" if fork else "0")
        return harness.start_proxy(tmp_path, upstream, *extra)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT, signal.SIGKILL], ids=lambda s: s.name)
def test_a_forked_mitmdump_serves_and_stops_as_a_fresh_one(tmp_path, upstream, sig):
    codes, answers = [], []
    for fork in (False, True):
        proxy = start(tmp_path / str(fork), upstream, fork)
        assert isinstance(proxy.proc, forkserver.Child) == fork
        assert Path(f"/proc/{proxy.proc.pid}/status").read_text().count("State:") == 1  # a process of its own
        done = harness.curl(proxy, "-s", "-o", "/dev/null", "-w", "%{http_code}", "https://api.openai.com/v1/models")
        answers.append(done.stdout)
        assert proxy.proc.poll() is None
        codes.append(proxy.stop(sig))
        with pytest.raises(ProcessLookupError):
            os.kill(proxy.proc.pid, 0)  # gone, and waited for
    assert answers[0] == answers[1] == b"200"
    assert codes[0] == codes[1], codes


@pytest.mark.parametrize("bad", ["exitguard_retain_days=many", "exitguard_record_rotate=hourly-ish"])
def test_a_forked_mitmdump_refuses_a_bad_option_as_a_fresh_one(tmp_path, upstream, bad):
    outcomes = []
    for fork in (False, True):
        try:
            proxy = start(tmp_path / str(fork), upstream, fork, "--set", bad)
        except RuntimeError as refused:  # it never said "listening"
            lines = str(refused).splitlines()
            outcomes.append(("refused", [line.split("] ", 1)[-1] for line in lines if bad.split("=")[0] in line]))
            continue
        code = proxy.proc.wait(timeout=60)  # it listened, then stopped
        outcomes.append((code, [line.split("] ", 1)[-1] for line in proxy.log_lines if bad.split("=")[0] in line]))
    assert outcomes[0][1] and outcomes[0] == outcomes[1], outcomes


CLI_CASES = {
    "help": ["--help"],
    "usage-error": ["scan"],
    "scan-found": ["scan", "secret.env"],
    "scan-stdin": ["scan", "-"],
    "missing-file": ["scan", "nope.txt"],
    "bad-proxy": ["env", "--proxy", "127.0.0.1", "--confdir", "."],
    "ca-trust": ["ca", "trust", "--confdir", ".", "--only", "java"],
    "audit-list-env-dir": ["audit", "list", "--json"],  # its folder from EXITGUARD_RECORD_DIR, read at import
    "up-bad-policy": ["up", "--dry-run", "--policy", "nope.yaml"],
}


@pytest.mark.parametrize("args", CLI_CASES.values(), ids=CLI_CASES.keys())
def test_a_forked_exitguard_command_is_what_the_installed_script_is(tmp_path, args):
    from tests.fakes import github_pat

    token = github_pat(seed=48)
    (tmp_path / "secret.env").write_text(f"GITHUB_TOKEN={token}\n")
    (tmp_path / "records").mkdir()
    env = {**os.environ, "COLUMNS": "80", "PYTHONWARNINGS": "ignore", "EXITGUARD_RECORD_DIR": str(tmp_path / "records")}
    given = f"export GITHUB_TOKEN={token}\n" if args == ["scan", "-"] else None
    runs = []
    for fork in ("0", "1"):
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("EXITGUARD_TEST_FORKSERVER", fork)
            done = harness.exitguard(*args, env=env, cwd=tmp_path, timeout=300, input=given)
        runs.append((done.returncode, done.stdout, done.stderr))
    assert runs[1] == runs[0]
    assert "Traceback" not in runs[0][2] and runs[0][0] in (0, 1, 2), runs[0]
    if args[:2] == ["scan", "secret.env"]:
        assert runs[0][0] == 1 and token not in runs[0][1]


def test_a_forked_exitguard_up_starts_and_stops_as_the_installed_script(tmp_path):
    outputs = []
    for fork in ("0", "1"):
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("EXITGUARD_TEST_FORKSERVER", fork)
            proc = harness.popen_exitguard("up", "--listen", "127.0.0.1:0", "--no-record", "--confdir",
                                           str(tmp_path / f"certs{fork}"), cwd=tmp_path)
        assert isinstance(proc, forkserver.Child) == (fork == "1")
        assert proc.stdout is not None
        lines = []
        for line in proc.stdout:
            lines.append(line)
            if "listening at" in line:
                break
        proc.send_signal(signal.SIGINT)  # how a person stops it: exits 0
        assert proc.wait(timeout=60) == 0, "".join(lines)
        lines += proc.stdout.read().splitlines(keepends=True)
        kept = [line for line in lines if "listening at" not in line and "127.0.0.1:" not in line]
        outputs.append([re.sub(r"vm-\d+", "vm-PID", line.replace(str(tmp_path / f"certs{fork}"), "CONFDIR"))
                        .split("] ", 1)[-1] for line in kept])  # the replica's name holds its pid
    assert outputs[1] == outputs[0]
