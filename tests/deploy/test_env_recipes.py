"""Each recipe printed by `exitguard env` works with the real client here, through a real mitmdump with the bundle:
the lines are eval'd in bash exactly as a user would, then the client runs with no other set-up."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess

import pytest

from tests.deploy.helpers import RULES
from tests.live import harness
from tests.live.harness import CLIENT_PYTHON, ROOT, Reply

pytestmark = [pytest.mark.live, pytest.mark.tool]

EXITGUARD = ROOT / ".venv" / "bin" / "exitguard"
SECRET = "egdeploy_" + "R3c1p3T3s7s0nEnvL1n3sXyZ"
MASKED = re.compile(r"\[MASKED:egtest-deploy-token:[0-9a-f]{6}\]")
CLEAN_ENV = {k: v for k, v in os.environ.items()
             if "proxy" not in k.lower() and k not in ("SSL_CERT_FILE", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE",
                                                         "NODE_EXTRA_CA_CERTS", "GIT_SSL_CAINFO", "OPENAI_BASE_URL")}


@pytest.fixture(scope="module")
def guarded_proxy(tmp_path_factory, upstream_session):
    """One proxy for the module (speed42: nine starts were ~1.6 s of CPU each): every test only reads what a fixed
    rules file and the default policy do, its requests carry their own marker, and the upstream log is reset."""
    proxy = harness.start_proxy(tmp_path_factory.mktemp("env-recipes"), upstream_session,
                                "--set", f"exitguard_rules={RULES}")
    yield proxy
    proxy.stop()


@pytest.fixture
def guarded(guarded_proxy, upstream):
    assert guarded_proxy.proc.poll() is None, guarded_proxy.log
    return guarded_proxy


def in_shell(proxy, *command: str, drop: tuple[str, ...] = (), timeout: float = 90) -> subprocess.CompletedProcess:
    """bash -c 'eval "$(exitguard env ...)"; command' in an environment without any proxy or CA variable."""
    script = f'eval "$("{EXITGUARD}" env --proxy {proxy.url} --confdir {proxy.confdir})"; '
    script += "".join(f"unset {name}; " for name in drop)  # to show a variable is what makes it work
    script += 'exec "$@"'
    return subprocess.run(["bash", "-c", script, "recipe", *command], capture_output=True, text=True,
                          timeout=timeout, env={**CLEAN_ENV, "OPENAI_API_KEY": "sk-test", "GIT_TERMINAL_PROMPT": "0"})


def python_client(proxy, code: str, **kw) -> subprocess.CompletedProcess:
    return in_shell(proxy, str(CLIENT_PYTHON), "-c", code, **kw)


def assert_masked_at_upstream(upstream, marker: str) -> None:
    bodies = [r.body.decode() for r in upstream.received if marker in r.body.decode()]
    assert bodies, f"nothing with {marker!r} reached the upstream"
    assert all(SECRET not in b and MASKED.search(b) for b in bodies), bodies


CHAT = {"model": "gpt-test", "messages": [{"role": "user", "content": ""}]}


def chat_body(marker: str) -> str:
    return json.dumps({**CHAT, "messages": [{"role": "user", "content": f"{marker}: my key is {SECRET}"}]})


def test_recipe_defines_every_documented_variable(guarded):
    out = in_shell(guarded, "env").stdout
    got = dict(line.split("=", 1) for line in out.splitlines() if "=" in line)
    for name in ("HTTPS_PROXY", "HTTP_PROXY", "https_proxy", "http_proxy", "NO_PROXY", "no_proxy"):
        assert got[name] in (guarded.url, "localhost,127.0.0.1,::1")
    bundle = str(guarded.confdir / "exitguard-ca-bundle.pem")
    for name in ("SSL_CERT_FILE", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "GIT_SSL_CAINFO", "AWS_CA_BUNDLE",
                 "PIP_CERT"):
        assert got[name] == bundle
    assert got["NODE_EXTRA_CA_CERTS"] == str(guarded.ca)


@pytest.mark.parametrize("client", ["requests", "httpx", "openai"])
def test_python_clients(guarded, upstream, client):
    calls = {
        "requests": "import requests; r = requests.post(URL, data=BODY, headers=H, timeout=30); r.raise_for_status()",
        "httpx": "import httpx; r = httpx.post(URL, content=BODY, headers=H, timeout=30); r.raise_for_status()",
        "openai": "from openai import OpenAI; OpenAI().chat.completions.create(**json.loads(BODY))",
    }
    code = (f"import json\nURL = 'https://api.openai.com/v1/chat/completions'\nBODY = {chat_body(client)!r}\n"
            f"H = {{'content-type': 'application/json'}}\n{calls[client]}\nprint('done')")
    out = python_client(guarded, code)
    assert out.returncode == 0, out.stderr[-3000:] + guarded.log[-3000:]
    assert_masked_at_upstream(upstream, f"{client}:")


def test_python_needs_the_bundle_variable(guarded, upstream):
    """SSL_CERT_FILE is what makes httpx/openai trust exitguard: without it, TLS verification fails."""
    code = "import httpx; httpx.get('https://api.openai.com/v1/models', timeout=30)"
    out = python_client(guarded, code, drop=("SSL_CERT_FILE",))
    assert out.returncode != 0 and "CERTIFICATE_VERIFY_FAILED" in out.stderr


def test_curl(guarded, upstream):
    out = in_shell(guarded, "curl", "-sS", "--fail", "https://api.openai.com/v1/chat/completions",
                   "-H", "content-type: application/json", "-d", chat_body("curl"))
    assert out.returncode == 0, out.stderr
    assert_masked_at_upstream(upstream, "curl:")
    unverified = in_shell(guarded, "curl", "-sS", "https://api.openai.com/v1/models", drop=("CURL_CA_BUNDLE",))
    assert unverified.returncode == 60  # curl's "peer certificate cannot be authenticated"


NODE_CONNECT = r"""
// Node < 24 ignores HTTPS_PROXY in fetch and https: open the CONNECT tunnel to the proxy from the environment and
// run https over it. NODE_EXTRA_CA_CERTS (read at start-up) makes the default TLS roots trust exitguard.
const http = require('http'), https = require('https'), tls = require('tls');
const proxy = new URL(process.env.HTTPS_PROXY);
const body = process.argv[1];
http.request({host: proxy.hostname, port: proxy.port, method: 'CONNECT', path: 'api.openai.com:443'})
  .on('connect', (res, socket) => {
    if (res.statusCode !== 200) { console.error('CONNECT answered', res.statusCode); process.exit(1); }
    const req = https.request({host: 'api.openai.com', path: '/v1/chat/completions', method: 'POST',
      headers: {'content-type': 'application/json', 'content-length': Buffer.byteLength(body)},
      createConnection: () => tls.connect({socket, servername: 'api.openai.com'})}, (resp) => {
        let data = ''; resp.on('data', (c) => data += c);
        resp.on('end', () => { console.log(resp.statusCode, data); process.exit(resp.statusCode === 200 ? 0 : 1); });
      });
    req.on('error', (e) => { console.error(e.message); process.exit(1); });
    req.end(body);
  })
  .on('error', (e) => { console.error(e.message); process.exit(1); })
  .end();
"""


@pytest.mark.skipif(not shutil.which("node"), reason="node is not installed")
def test_node_https_over_connect(guarded, upstream):
    out = in_shell(guarded, "node", "-e", NODE_CONNECT, chat_body("node"))
    assert out.returncode == 0, out.stderr + out.stdout
    assert_masked_at_upstream(upstream, "node:")
    untrusted = in_shell(guarded, "node", "-e", NODE_CONNECT, chat_body("node-untrusted"),
                         drop=("NODE_EXTRA_CA_CERTS",))
    assert untrusted.returncode != 0 and "certificate" in untrusted.stderr


@pytest.mark.skipif(not shutil.which("node"), reason="node is not installed")
def test_env_says_whether_this_node_fetch_honours_the_proxy(guarded):
    major, minor = map(int, subprocess.run(["node", "--version"], capture_output=True, text=True)
                       .stdout.strip().lstrip("v").split(".")[:2])
    out = in_shell(guarded, "true")
    recipe = subprocess.run([str(EXITGUARD), "env", "--proxy", guarded.url, "--confdir", str(guarded.confdir)],
                            capture_output=True, text=True).stdout
    assert out.returncode == 0 and "export NODE_USE_ENV_PROXY='1'" in recipe
    supported = (major, minor) >= (24, 0) or (22, 21) <= (major, minor) < (23, 0)
    assert ("ignores NODE_USE_ENV_PROXY" in recipe) == (not supported)


def pkt(line: bytes) -> bytes:
    return b"%04x" % (len(line) + 4) + line


def test_git_ls_remote(guarded, upstream):
    """git (libcurl) through exitguard with GIT_SSL_CAINFO: a smart-HTTP ref advertisement served by the upstream."""
    sha = b"0123456789abcdef0123456789abcdef01234567"
    adv = (pkt(b"# service=git-upload-pack\n") + b"0000" + pkt(sha + b" HEAD\0symref=HEAD:refs/heads/main\n")
           + pkt(sha + b" refs/heads/main\n") + b"0000")
    upstream.route("GET", "/egtest/repo.git/info/refs",
                   lambda req: Reply(200, {"content-type": "application/x-git-upload-pack-advertisement",
                                           "cache-control": "no-cache"}, adv))
    out = in_shell(guarded, "git", "ls-remote", "https://api.github.com/egtest/repo.git")
    assert out.returncode == 0, out.stderr + guarded.log[-2000:]
    assert f"{sha.decode()}\trefs/heads/main" in out.stdout
    assert any(r.path.startswith("/egtest/repo.git/info/refs") and r.host == "api.github.com"
               for r in upstream.received)
    untrusted = in_shell(guarded, "git", "ls-remote", "https://api.github.com/egtest/repo.git",
                         drop=("GIT_SSL_CAINFO",))
    assert untrusted.returncode != 0 and "certificate" in untrusted.stderr.lower()
