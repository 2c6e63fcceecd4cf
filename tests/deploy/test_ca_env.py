"""`exitguard ca` and `exitguard env` without a proxy: files, permissions, bundle, printed lines per shell."""

from __future__ import annotations

import os
import shlex
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import certifi
import pytest

from addons.cli import ca, env, up
from addons.cli import main as cli
from tests.live.harness import ROOT

pytestmark = [pytest.mark.live, pytest.mark.root, pytest.mark.tool]

EXITGUARD = str(ROOT / ".venv" / "bin" / "exitguard")


def test_init_creates_ca_key_0600_bundle_and_readme_and_is_idempotent(tmp_path):
    files, created = ca.init(tmp_path / "conf")
    assert created
    assert stat.S_IMODE(files.key.stat().st_mode) == 0o600
    assert b"PRIVATE KEY" in files.key.read_bytes() and b"PRIVATE KEY" not in files.cert.read_bytes()
    bundle = files.bundle.read_text()
    assert bundle.startswith(Path(certifi.where()).read_text().rstrip("\n")) and bundle.endswith(files.cert.read_text())
    assert "PRIVATE KEY" not in bundle
    assert (files.confdir / "README.md").read_text() == (ROOT / "certs" / "README.md").read_text()
    cert = files.cert.read_bytes()
    again, created_again = ca.init(tmp_path / "conf")
    assert not created_again and again.cert.read_bytes() == cert  # same CA: clients keep trusting it
    assert stat.S_IMODE(files.key.stat().st_mode) == 0o600  # a loose key is refused (test_attack_local_confdir)


def test_init_derives_public_files_from_an_imported_key(tmp_path):
    original, _ = ca.init(tmp_path / "a")
    (tmp_path / "b").mkdir()
    shutil.copyfile(original.key, tmp_path / "b" / ca.CA_KEY)
    os.chmod(tmp_path / "b" / ca.CA_KEY, 0o600)  # as the entrypoint installs it: a loose key is refused
    imported, created = ca.init(tmp_path / "b")
    assert not created and imported.cert.read_bytes() == original.cert.read_bytes()
    assert imported.bundle.read_text().endswith(original.cert.read_text())


def test_repo_certs_dir_keeps_only_the_readme_in_git():
    ignored = subprocess.run(["git", "check-ignore", "-q", "certs/mitmproxy-ca.pem"], cwd=ROOT).returncode
    kept = subprocess.run(["git", "check-ignore", "-q", "certs/README.md"], cwd=ROOT).returncode
    assert (ignored, kept) == (0, 1)


def test_trust_prints_every_ecosystem_and_filters(tmp_path):
    out = subprocess.run([EXITGUARD, "ca", "trust", "--confdir", str(tmp_path)], capture_output=True, text=True)
    assert out.returncode == 0
    for name in ("debian", "rhel", "macos", "windows", "python", "node", "java", "git", "curl", "aws", "pip",
                 "docker"):
        assert f"[{name}]" in out.stdout
    assert "update-ca-certificates" in out.stdout and "keytool -importcert" in out.stdout
    only = subprocess.run([EXITGUARD, "ca", "trust", "--confdir", str(tmp_path), "--only", "java"],
                          capture_output=True, text=True).stdout
    assert "[java]" in only and "[debian]" not in only
    bad = subprocess.run([EXITGUARD, "ca", "trust", "--confdir", str(tmp_path), "--only", "nope"],
                         capture_output=True, text=True)
    assert bad.returncode == 2


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("update-ca-certificates") or not shutil.which("unshare"),
                    reason="needs root, update-ca-certificates and unshare")
def test_trust_apply_installs_into_the_system_store(tmp_path):
    """--apply in a private mount namespace (tmpfs over the store folders): the host's store is never touched."""
    files, _ = ca.init(tmp_path / "conf")
    marker = files.cert.read_text().strip().splitlines()[1]  # a line of the CA's base64 body
    script = (
        "set -e; mount -t tmpfs none /usr/local/share/ca-certificates; mount -t tmpfs none /etc/ssl/certs; "
        f"{EXITGUARD} ca trust --apply --only debian --confdir {files.confdir}; "
        "ls /usr/local/share/ca-certificates; cat /etc/ssl/certs/ca-certificates.crt")
    out = subprocess.run(["unshare", "--mount", "--propagation", "private", "sh", "-c", script],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "exitguard.crt" in out.stdout and marker in out.stdout
    assert not os.path.exists("/usr/local/share/ca-certificates/exitguard.crt")


def test_env_renders_each_shell():
    files = ca.CaFiles(ROOT / "certs")
    pairs = env.variables("http://u:t@127.0.0.1:8080", files, {"openai": "http://127.0.0.1:8081"}, (20, 20))
    bash, zsh, fish, ps = (env.render(pairs, s) for s in ("bash", "zsh", "fish", "powershell"))
    assert set(env.SHELLS) == {"bash", "zsh", "fish", "powershell"}
    assert "export HTTPS_PROXY='http://u:t@127.0.0.1:8080'" in bash and zsh == bash
    assert "set -gx SSL_CERT_FILE '" + str(files.bundle) + "'" in fish
    assert "$env:NODE_EXTRA_CA_CERTS = '" + str(files.cert) + "'" in ps
    assert "export OPENAI_BASE_URL='http://127.0.0.1:8081/v1'" in bash
    assert "ignores NODE_USE_ENV_PROXY" in bash  # Node 20: fetch cannot use the proxy from the environment
    assert "ignores" not in env.render(env.variables("http://h:1", files, None, (24, 1)), "bash")
    assert env.render([("X", "it's")], "bash") == "export X='it'\\''s'\n"
    assert env.render([("X", "it's")], "powershell") == "$env:X = 'it''s'\n"


def test_env_rejects_a_proxy_without_port(tmp_path):
    out = subprocess.run([EXITGUARD, "env", "--proxy", "127.0.0.1", "--confdir", str(tmp_path)],
                         capture_output=True, text=True)
    assert out.returncode != 0 and "--proxy wants" in out.stderr


def test_up_dry_run_modes_and_printed_lines(tmp_path):
    args = cli.parser().parse_args(["up", "--listen", "0.0.0.0:8080", "--reverse", "anthropic=8082",
                                    "--reverse", "openai=10.0.0.5:8081", "--confdir", str(tmp_path)])
    lines = up.client_lines(args)
    assert "export HTTPS_PROXY='http://127.0.0.1:8080'" in lines
    assert "export ANTHROPIC_BASE_URL='http://127.0.0.1:8082'" in lines
    assert "export OPENAI_BASE_URL='http://10.0.0.5:8081/v1'" in lines
    argv = up.mitmproxy_argv(args)
    # reverse listeners stay on loopback unless a host is named: they cannot ask for proxy authentication
    assert "regular@0.0.0.0:8080" in argv and "reverse:https://api.anthropic.com@127.0.0.1:8082" in argv
    assert "reverse:https://api.openai.com@10.0.0.5:8081" in argv
    with pytest.raises(SystemExit):
        up.reverse_listeners(["nosuchprovider=8081"])
    with pytest.raises(SystemExit):
        up.reverse_listeners(["openai=notaport"])


def test_up_names_the_env_command_that_prints_its_own_lines(tmp_path, monkeypatch):
    monkeypatch.setattr(up.paths, "command", lambda: "exitguard")
    default = cli.parser().parse_args(["up"])
    assert up.env_command(default) == "exitguard env"
    args = cli.parser().parse_args(["up", "--listen", "0.0.0.0:9090", "--reverse", "openai=8081",
                                    "--confdir", str(tmp_path / "my certs")])
    # `exitguard env` alone would print port 8080 and certs/ of the checkout: not where this proxy is
    assert up.env_command(args) == (f"exitguard env --proxy http://127.0.0.1:9090 --confdir '{tmp_path / 'my certs'}'"
                                    " --reverse openai=http://127.0.0.1:8081")
    printed = subprocess.run([EXITGUARD, *shlex.split(up.env_command(args))[1:]], capture_output=True, text=True)
    assert printed.stdout == up.client_lines(args), printed.stderr


def test_the_command_to_type_is_the_checkouts_script_when_exitguard_is_not_on_path(monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    assert up.paths.command() == str(ROOT / "scripts" / "exitguard")
    monkeypatch.setenv("PATH", str(Path(sys.executable).parent))
    assert up.paths.command() == "exitguard"
