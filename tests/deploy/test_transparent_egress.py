"""Transparent egress, live: a job namespace whose only way out is exitguard (scripts/transparent-egress.sh +
`exitguard up --mode transparent`), a client with NO proxy settings, an upstream in a third namespace.

Shows: the client is intercepted and its secret arrives masked; a direct connection to anything else is refused;
`down` removes the rules again.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from addons.cli import ca, up
from addons.cli import main as cli
from tests.deploy import nslab
from tests.deploy.helpers import RULES
from tests.live.harness import CLIENT_PYTHON, PROXY_PYTHON, ROOT

SCRIPT = ROOT / "scripts" / "transparent-egress.sh"
SECRET = "egdeploy_" + "T1r2a3n4s5p6a7r8e9n0t1x2"
PROXY_PORT = 8080

pytestmark = [pytest.mark.live, pytest.mark.root, pytest.mark.tool]


@pytest.fixture
def lab():
    nslab.ensure_nft()
    with nslab.running() as lab:
        yield lab


def start(lab, ns: str, argv: list[str], ready: str) -> list[str]:
    """``argv`` started in ``ns`` once a line of its output holds ``ready``: its output (read on)."""
    return nslab.start(lab, ns, argv, re.escape(ready), cwd=ROOT)[1]


JOB_UID = 65534  # nobody: the "job" user of the --uid variant
AS_JOB = ["setpriv", f"--reuid={JOB_UID}", f"--regid={JOB_UID}", "--clear-groups"]
SYSTEM_PYTHON = "/usr/bin/python3"  # the venvs' interpreter lives under /root, which the job user cannot read


def connect(lab, ns: str, host: str, port: int, as_job_user: bool = False) -> str:
    """Try a direct TCP connection from `ns`; returns 'ok: <first line>' or the error class name."""
    code = ("import socket,sys\n"
            "try:\n"
            f"    s=socket.create_connection(('{host}',{port}),timeout=5); print('ok:',s.recv(64).decode().strip())\n"
            "except OSError as e: print(type(e).__name__)")
    prefix = [*AS_JOB, SYSTEM_PYTHON] if as_job_user else [str(PROXY_PYTHON)]
    return subprocess.run(lab.cmd(ns, *prefix, "-c", code), capture_output=True, text=True,
                          timeout=30).stdout.strip()


def egress(lab, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(lab.cmd(lab.proxy, str(SCRIPT), *args), capture_output=True, text=True, timeout=30)


def test_job_without_proxy_settings_is_intercepted_masked_and_cannot_bypass(lab, tmp_path, upstream_certs):
    upstream_ca, upstream_pem = upstream_certs
    received = tmp_path / "received.jsonl"
    received.touch()
    start(lab, lab.upstream, [str(PROXY_PYTHON), str(Path(__file__).with_name("ns_upstream.py")),
                              "--addr", lab.upstream_ip, "--cert", str(upstream_pem), "--log", str(received)], "ready")

    # Before the rules: forwarding is on, so the job can reach the upstream's other port directly.
    assert connect(lab, lab.job, lab.upstream_ip, 8443) == "ok: direct-ok"

    confdir = tmp_path / "conf"
    files, _ = ca.init(confdir)
    args = cli.parser().parse_args([
        "up", "--mode", "transparent", "--listen", f"{lab.proxy_job_ip}:{PROXY_PORT}", "--confdir", str(confdir),
        "--rules", str(RULES), "--set", f"ssl_verify_upstream_trusted_ca={upstream_ca}",
        "--set", "termlog_verbosity=info",
        # the lab's upstream sits on a private address, which private_upstreams refuses for guarded hosts
        "--set", f"exitguard_allow_upstreams={lab.upstream_ip}:443",
        # transparent clients cannot send Proxy-Authorization: the job namespace itself is the identity
        "--set", "exitguard_auth=off"])
    argv = up.mitmproxy_argv(args)
    assert argv[1:3] == ["--mode", f"transparent@{lab.proxy_job_ip}:{PROXY_PORT}"]
    proxy_log = start(lab, lab.proxy, [str(ROOT / ".venv" / "bin" / "mitmdump"), *argv[1:]], "listening at")

    result = egress(lab, "up", "--iface", lab.job_if_on_proxy, "--proxy-port", str(PROXY_PORT))
    assert result.returncode == 0, result.stderr
    assert egress(lab, "up", "--iface", lab.job_if_on_proxy, "--proxy-port", str(PROXY_PORT)).returncode == 0

    # The job's environment has no proxy variable at all; it only trusts the exitguard CA.
    job_env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    job_env.update({"SSL_CERT_FILE": str(files.bundle), "PYTHONUNBUFFERED": "1"})
    job_env.pop("OPENAI_BASE_URL", None)

    # 1) curl, name resolved with --resolve (the job has no DNS)
    body = json.dumps({"model": "gpt-test", "messages": [{"role": "user", "content": f"key {SECRET} (curl)"}]})
    out = subprocess.run(lab.cmd(lab.job, "curl", "-sS", "--max-time", "20", "--cacert", str(files.cert),
                                 "--resolve", f"api.openai.com:443:{lab.upstream_ip}",
                                 "https://api.openai.com/v1/chat/completions",
                                 "-H", "content-type: application/json", "-d", body),
                         capture_output=True, text=True, timeout=60, env=job_env)
    assert out.returncode == 0, out.stderr + "".join(proxy_log)
    assert json.loads(out.stdout)["object"] == "chat.completion"

    # 2) the real openai SDK, name resolved in-process to the upstream namespace's address
    sdk = f"""
import json, socket
real = socket.getaddrinfo
def resolve(host, *a, **k):
    return real('{lab.upstream_ip}' if host == 'api.openai.com' else host, *a, **k)
socket.getaddrinfo = resolve
from openai import OpenAI
r = OpenAI(api_key='sk-test').chat.completions.create(
    model='gpt-test', messages=[{{'role': 'user', 'content': 'key {SECRET} (sdk)'}}])
print(json.dumps({{'content': r.choices[0].message.content}}))
"""
    out = subprocess.run(lab.cmd(lab.job, str(CLIENT_PYTHON), "-c", sdk), capture_output=True, text=True,
                         timeout=90, env=job_env)
    assert out.returncode == 0, out.stderr[-3000:] + "".join(proxy_log)
    assert json.loads(out.stdout.strip().splitlines()[-1]) == {"content": "ok"}

    seen = [json.loads(line) for line in received.read_text().splitlines()]
    assert [s["host"] for s in seen] == ["api.openai.com", "api.openai.com"]
    for s, client in zip(seen, ("curl", "sdk")):
        assert SECRET not in s["body"]
        assert re.search(r"\[MASKED:egtest-deploy-token:[0-9a-f]{6}\] \(" + client + r"\)", s["body"])

    # Direct connections to anything else are refused at once (not left hanging).
    assert connect(lab, lab.job, lab.upstream_ip, 8443) == "ConnectionRefusedError"
    assert connect(lab, lab.job, lab.proxy_up_ip, 22) == "ConnectionRefusedError"
    # The transparent listener is not an explicit proxy for the job either: only redirected flows reach it.
    assert connect(lab, lab.job, lab.proxy_job_ip, PROXY_PORT) == "ConnectionRefusedError"
    # ...while the proxy namespace itself still reaches that port: the refusal is the job's rule set.
    assert connect(lab, lab.proxy, lab.upstream_ip, 8443) == "ok: direct-ok"

    assert egress(lab, "down").returncode == 0
    assert connect(lab, lab.job, lab.upstream_ip, 8443) == "ok: direct-ok"
    assert "not installed" in egress(lab, "status").stdout


@pytest.mark.skipif(not shutil.which("setpriv") or not os.path.exists(SYSTEM_PYTHON), reason="needs setpriv, python3")
def test_uid_mode_redirects_only_the_job_user(lab, tmp_path, upstream_certs):
    """--uid: on one host, the job user's connections are redirected or refused; root (exitguard) is not affected."""
    upstream_ca, upstream_pem = upstream_certs
    received = tmp_path / "received.jsonl"
    received.touch()
    start(lab, lab.upstream, [str(PROXY_PYTHON), str(Path(__file__).with_name("ns_upstream.py")),
                              "--addr", lab.upstream_ip, "--cert", str(upstream_pem), "--log", str(received)], "ready")
    public = Path(tempfile.mkdtemp(prefix="eg-public-"))  # readable by the job user, unlike pytest's tmp_path
    try:
        public.chmod(0o755)
        files, _ = ca.init(tmp_path / "conf")
        shutil.copy(files.bundle, public / "bundle.pem")
        (public / "bundle.pem").chmod(0o644)
        argv = up.mitmproxy_argv(cli.parser().parse_args([
            "up", "--mode", "transparent", "--listen", f"127.0.0.1:{PROXY_PORT}", "--confdir", str(files.confdir),
            "--rules", str(RULES), "--set", f"ssl_verify_upstream_trusted_ca={upstream_ca}",
            "--set", f"exitguard_allow_upstreams={lab.upstream_ip}:443",  # a private address (see above)
            "--set", "termlog_verbosity=info"]))  # loopback listener: no authentication needed
        proxy_log = start(lab, lab.proxy, [str(ROOT / ".venv" / "bin" / "mitmdump"), *argv[1:]], "listening at")
        assert connect(lab, lab.proxy, lab.upstream_ip, 8443, as_job_user=True) == "ok: direct-ok"

        assert egress(lab, "up", "--uid", str(JOB_UID), "--proxy-port", str(PROXY_PORT)).returncode == 0
        body = json.dumps({"model": "gpt-test", "messages": [{"role": "user", "content": f"key {SECRET} (uid)"}]})
        job_env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
        out = subprocess.run(lab.cmd(lab.proxy, *AS_JOB, "curl", "-sS", "--max-time", "20",
                                     "--cacert", str(public / "bundle.pem"),
                                     "--resolve", f"api.openai.com:443:{lab.upstream_ip}",
                                     "https://api.openai.com/v1/chat/completions",
                                     "-H", "content-type: application/json", "-d", body),
                             capture_output=True, text=True, timeout=60, env=job_env)
        assert out.returncode == 0, out.stderr + "".join(proxy_log)
        seen = [json.loads(line) for line in received.read_text().splitlines()]
        assert len(seen) == 1 and SECRET not in seen[0]["body"]
        assert re.search(r"\[MASKED:egtest-deploy-token:[0-9a-f]{6}\] \(uid\)", seen[0]["body"])

        assert connect(lab, lab.proxy, lab.upstream_ip, 8443, as_job_user=True) == "ConnectionRefusedError"
        assert connect(lab, lab.proxy, "127.0.0.1", PROXY_PORT, as_job_user=True) == "ConnectionRefusedError"
        assert connect(lab, lab.proxy, lab.upstream_ip, 8443) == "ok: direct-ok"  # other users (exitguard) are free
    finally:
        egress(lab, "down")
        shutil.rmtree(public, ignore_errors=True)
