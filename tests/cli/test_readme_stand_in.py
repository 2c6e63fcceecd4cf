"""The README's recipe for trying an SDK with nothing leaving the machine (a local HTTPS stand-in behind a reverse
listener) runs as written: its openssl line, its stand-in, the `up` options and the client. Only the ports are
changed (the machine is shared: 8080, 8081 and 9443 may be taken), and `up` records and keeps its CA in the
test's folder."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.cli.test_commands_as_a_user import EXITGUARD, env
from tests.cli.test_readme import README
from tests.cli.test_up_as_a_user import free_port

pytestmark = [pytest.mark.live, pytest.mark.tool,
              pytest.mark.skipif(shutil.which("openssl") is None, reason="needs openssl")]

KEY = "AKIAIOSFODNN7EXAMPLF"


def recipe() -> str:
    start = README.index("run a local HTTPS stand-in")
    block = README[README.index("```bash\n", start) + len("```bash\n"):]
    return block[:block.index("```\n")]


def joined(text: str) -> list[str]:
    """The block's shell lines, a trailing backslash joining a line to the next, comments cut."""
    return [re.sub(r"\s+#.*$", "", line) for line in text.replace("\\\n", " ").splitlines()]


def wait_for(path: Path, what: str, proc: subprocess.Popen, timeout: float = 90) -> str:
    deadline = time.monotonic() + timeout
    while what not in (text := path.read_text()):
        assert proc.poll() is None and time.monotonic() < deadline, text[-3000:]
        time.sleep(0.2)
    return text


def test_the_readme_stand_in_recipe_masks_a_key_an_sdk_sends(tmp_path):
    text = recipe()
    lines = joined(text)
    [openssl] = [line for line in lines if line.startswith("openssl ")]
    subprocess.run(openssl, shell=True, cwd=tmp_path, check=True, capture_output=True, timeout=60)
    upstream, reverse, proxy = free_port(), free_port(), free_port()
    stand_in = text.split("<<'PY'\n", 1)[1].split("\nPY\n", 1)[0].replace("9443", str(upstream))
    (tmp_path / "standin.py").write_text(stand_in + "\n")
    [up_line] = [line for line in lines if line.startswith("scripts/exitguard up ")]
    up_args = (up_line.removeprefix("scripts/exitguard up ").rstrip(" &").replace("$PWD", str(tmp_path))
               .replace("9443", str(upstream)).replace("=8081", f"={reverse}").split())
    # The client runs the checkout's Python, where the SDK is (newuser43: a system python3 has no openai)
    client = re.search(r"^OPENAI_BASE_URL=\S+ OPENAI_API_KEY=sk-local \.venv/bin/python -c '([^']*)'", text,
                       re.MULTILINE)
    assert client is not None, text
    code = client.group(1)  # its lines continue inside parentheses
    upstream_log, proxy_log = tmp_path / "standin.log", tmp_path / "up.log"
    with open(upstream_log, "w") as ulog, open(proxy_log, "w") as plog:
        stand = subprocess.Popen([sys.executable, "standin.py"], cwd=tmp_path, stdout=ulog, stderr=subprocess.STDOUT)
        guard = subprocess.Popen([str(EXITGUARD), "up", *up_args, "--listen", f"127.0.0.1:{proxy}",
                                  "--confdir", str(tmp_path / "certs"), "--record", str(tmp_path / "rec")],
                                 cwd=tmp_path, stdout=plog, stderr=subprocess.STDOUT, env=env())
        try:
            wait_for(proxy_log, f"listening at 127.0.0.1:{reverse}", guard)
            ran = subprocess.run([str(EXITGUARD.parent / "python"), "-c", code], capture_output=True, text=True,
                                 timeout=120, env={**os.environ, "OPENAI_API_KEY": "sk-local",
                                                   "OPENAI_BASE_URL": f"http://127.0.0.1:{reverse}/v1"})
            assert (ran.returncode, ran.stdout) == (0, "hello\n"), ran.stderr[-3000:]
            received = wait_for(upstream_log, "/v1/chat/completions", stand)
        finally:
            guard.send_signal(2)
            stand.terminate()
            guard.wait(30), stand.wait(30)
    assert '"content":"key [MASKED:aws-access-key-id:' in received and KEY not in received


def https_proxy_recipe() -> str:
    start = README.index("Agents usually reach a vendor through `HTTPS_PROXY`")
    block = README[README.index("```bash\n", start) + len("```bash\n"):]
    return block[:block.index("```\n")]


def test_the_readme_stand_in_through_https_proxy_masks_a_key_the_sdk_sends(tmp_path):
    """newuser52: the recipe went through a reverse listener only; through `HTTPS_PROXY` the client's NO_PROXY (from
    `exitguard env`) kept 127.0.0.1 off the proxy and the SDK failed with a bare "Connection error". The README's
    second block, as written but for the ports and the proxy's folders: `up` without --reverse, the eval'd `env`
    lines with NO_PROXY emptied, the openai SDK tunnelling through the proxy."""
    first = recipe()
    [openssl] = [line for line in joined(first) if line.startswith("openssl ")]
    subprocess.run(openssl, shell=True, cwd=tmp_path, check=True, capture_output=True, timeout=60)
    upstream, proxy = free_port(), free_port()
    stand_in = first.split("<<'PY'\n", 1)[1].split("\nPY\n", 1)[0].replace("9443", str(upstream))
    (tmp_path / "standin.py").write_text(stand_in + "\n")
    lines = joined(https_proxy_recipe())
    [up_line] = [line for line in lines if line.startswith("scripts/exitguard up ")]
    assert "--reverse" not in up_line
    up_args = (up_line.removeprefix("scripts/exitguard up ").rstrip(" &").replace("$PWD", str(tmp_path))
               .replace("9443", str(upstream)).split())
    [env_line] = [line for line in lines if line.startswith("eval ")]
    assert env_line == 'eval "$(scripts/exitguard env)"; export NO_PROXY= no_proxy=', env_line
    client = re.search(r"^OPENAI_BASE_URL=(\S+) OPENAI_API_KEY=sk-local \.venv/bin/python -c '([^']*)'",
                       https_proxy_recipe(), re.MULTILINE)
    assert client is not None and client.group(1) == "https://127.0.0.1:9443/v1", client
    (tmp_path / "client.py").write_text(client.group(2))
    confdir = tmp_path / "certs"
    shell = (f'eval "$({EXITGUARD} env --proxy http://127.0.0.1:{proxy} --confdir {confdir})"; '
             f"export NO_PROXY= no_proxy=; OPENAI_BASE_URL=https://127.0.0.1:{upstream}/v1 OPENAI_API_KEY=sk-local "
             f"{EXITGUARD.parent / 'python'} client.py")
    upstream_log, proxy_log = tmp_path / "standin.log", tmp_path / "up.log"
    with open(upstream_log, "w") as ulog, open(proxy_log, "w") as plog:
        stand = subprocess.Popen([sys.executable, "standin.py"], cwd=tmp_path, stdout=ulog, stderr=subprocess.STDOUT)
        guard = subprocess.Popen([str(EXITGUARD), "up", *up_args, "--listen", f"127.0.0.1:{proxy}",
                                  "--confdir", str(confdir), "--record", str(tmp_path / "rec")],
                                 cwd=tmp_path, stdout=plog, stderr=subprocess.STDOUT, env=env())
        try:
            wait_for(proxy_log, f"listening at 127.0.0.1:{proxy}", guard)
            ran = subprocess.run(["bash", "-c", shell], capture_output=True, text=True, timeout=120, cwd=tmp_path,
                                 env={k: v for k, v in os.environ.items() if "PROXY" not in k.upper()})
            assert (ran.returncode, ran.stdout) == (0, "hello\n"), ran.stderr[-3000:]
            received = wait_for(upstream_log, "/v1/chat/completions", stand)
        finally:
            guard.send_signal(2)
            stand.terminate()
            guard.wait(30), stand.wait(30)
    assert '"content":"key [MASKED:aws-access-key-id:' in received and KEY not in received
    log = proxy_log.read_text()
    assert f"POST https://127.0.0.1:{upstream} /v1/chat/completions -> 200" in log, log[-2000:]  # through the proxy
    assert KEY not in log and KEY.encode() not in b"".join(p.read_bytes() for p in (tmp_path / "rec").rglob("*")
                                                             if p.is_file())
