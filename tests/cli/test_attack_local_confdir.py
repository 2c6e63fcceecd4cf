"""A local user (another account on the machine) against the confdir `exitguard ca init`, `up` and `env` use: the
CA key, the public certificate and bundle clients trust, and mitmproxy's config.yaml (which names scripts mitmproxy
runs as the proxy's user). Real files, a real umask; the other account is real when the suite runs as root
(tests/owners.py)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from addons.cli import ca, up
from addons.cli import main as cli
from addons.cli.errors import UserError
from addons.core import secretfile
from tests.owners import give_to_another_user

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def loose_umask():
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


def modes(folder: Path) -> dict[str, int]:
    return {p.name: stat.S_IMODE(p.lstat().st_mode) for p in [folder, *folder.iterdir()]}


def test_under_umask_000_nothing_ca_init_makes_is_writable_or_readable_by_others(tmp_path, loose_umask):
    files, created = ca.init(tmp_path / "deep" / "conf")
    assert created
    seen = modes(files.confdir)
    assert seen["conf"] == 0o700 and stat.S_IMODE((tmp_path / "deep").stat().st_mode) == 0o700
    assert seen[ca.CA_KEY] == 0o600 and seen["mitmproxy-ca.p12"] == 0o600
    assert all(mode & 0o022 == 0 for mode in seen.values()), seen  # before: the bundle, cert and folder were 0666/0777
    assert {ca.CA_CERT, ca.BUNDLE, "mitmproxy-ca-cert.cer", "mitmproxy-ca-cert.p12"} <= set(seen)


@pytest.mark.parametrize("mode", [0o777, 0o1777, 0o775])
def test_a_confdir_others_may_write_is_refused_before_anything_is_made_or_read(tmp_path, mode, monkeypatch):
    """Whoever may write the confdir puts a config.yaml there (`scripts: [their.py]`: mitmproxy runs it as the
    proxy's user), or their own CA key or certificate. (0775: the folder's group taken as a shared one, not the
    user's private group, which core/test_secretfile.py covers.)"""
    monkeypatch.setattr(secretfile, "private_group", lambda gid, euid: False)
    confdir = tmp_path / "conf"
    confdir.mkdir()
    confdir.chmod(mode)
    (confdir / "config.yaml").write_text("scripts: [/tmp/theirs.py]\n")
    with pytest.raises(UserError) as e:
        ca.init(confdir)
    assert f"{confdir} has mode {mode:04o}" in str(e.value) and "chmod 700" in str(e.value)
    assert not (confdir / ca.CA_KEY).exists()


def test_a_confdir_another_user_made_is_refused(tmp_path, monkeypatch):
    """`--confdir /tmp/exitguard-ca` (or HOME pointing elsewhere): another user made that folder first."""
    confdir = tmp_path / "conf"
    confdir.mkdir(mode=0o755)
    owner = give_to_another_user(confdir, monkeypatch)
    with pytest.raises(UserError, match=f"owned by uid {owner}"):
        ca.init(confdir)


def test_up_refuses_such_a_confdir_before_it_starts_mitmproxy(tmp_path, monkeypatch):
    confdir = tmp_path / "conf"
    confdir.mkdir()
    confdir.chmod(0o777)
    started = []
    monkeypatch.setattr(up.os, "execv", lambda *a: started.append(a))
    args = cli.parser().parse_args(["up", "--confdir", str(confdir), "--no-record"])
    with pytest.raises(UserError, match="not using the confdir"):
        up.run(args)
    assert started == []


@pytest.mark.live  # runs the command
def test_env_refuses_to_point_clients_at_a_bundle_others_may_replace(tmp_path):
    files, _ = ca.init(tmp_path / "conf")
    files.confdir.chmod(0o777)
    done = subprocess.run([sys.executable, "-m", "addons.cli.main", "env", "--confdir", str(files.confdir)],
                          capture_output=True, text=True, cwd=ROOT, env=os.environ | {"PYTHONPATH": str(ROOT)})
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith("exitguard env: not using the confdir:") and "Traceback" not in done.stderr


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604])
def test_a_ca_key_others_could_read_is_refused_not_repaired(tmp_path, mode):
    """chmod 600 afterwards does not take the key back from whoever read it: say so, use nothing."""
    files, _ = ca.init(tmp_path / "conf")
    files.key.chmod(mode)
    with pytest.raises(UserError) as e:
        ca.init(files.confdir)
    message = str(e.value)
    assert f"mode {mode:04o}" in message and "make a new CA" in message and "PRIVATE" not in message
    assert stat.S_IMODE(files.key.stat().st_mode) == mode


def test_a_ca_key_another_user_put_there_is_refused(tmp_path, monkeypatch):
    """Their key: they could sign for any host every client of this proxy trusts."""
    files, _ = ca.init(tmp_path / "conf")
    owner = give_to_another_user(files.key, monkeypatch)
    with pytest.raises(UserError, match=f"owned by uid {owner}"):
        ca.init(files.confdir)


def test_links_planted_at_the_key_names_are_never_written_through(tmp_path):
    """mitmproxy's create_store wrote the key (PEM and PKCS#12) through whatever link was at its names: a link at
    mitmproxy-ca.p12 to a world-readable file of the planter's got the CA key."""
    confdir, loot = tmp_path / "conf", tmp_path / "loot"
    confdir.mkdir(mode=0o700)
    loot.write_bytes(b"")
    loot.chmod(0o666)
    (confdir / "mitmproxy-ca.p12").symlink_to(loot)
    _, created = ca.init(confdir)
    assert created and loot.read_bytes() == b""
    dangling = tmp_path / "conf2"
    dangling.mkdir(mode=0o700)
    (dangling / ca.CA_KEY).symlink_to(tmp_path / "not-yet")
    with pytest.raises(UserError, match="No such file"):
        ca.init(dangling)
    assert not (tmp_path / "not-yet").exists()


def test_a_fifo_at_the_key_name_is_refused_without_waiting_for_a_writer(tmp_path):
    confdir = tmp_path / "conf"
    confdir.mkdir(mode=0o700)
    os.mkfifo(confdir / ca.CA_KEY, 0o600)
    with pytest.raises(UserError, match="not a regular file"):
        ca.init(confdir)


def test_a_certificate_that_is_not_the_keys_is_replaced_by_the_keys(tmp_path):
    """The public certificate and the bundle are what clients trust: they are derived from the key, never taken
    from whatever file sits at their names."""
    ours, _ = ca.init(tmp_path / "ours")
    theirs, _ = ca.init(tmp_path / "theirs")
    own_cert = ours.cert.read_bytes()
    ours.cert.write_bytes(theirs.cert.read_bytes())
    ours.bundle.unlink()
    (ours.confdir / "mitmproxy-ca-cert.p12").write_bytes((theirs.confdir / "mitmproxy-ca-cert.p12").read_bytes())
    own_p12 = ca._p12_cert(ours.confdir / "mitmproxy-ca-cert.p12")
    (ours.confdir / "mitmproxy-ca-cert.cer").unlink()
    (ours.confdir / "mitmproxy-ca-cert.cer").symlink_to(theirs.cert)
    files, created = ca.init(ours.confdir)
    assert not created and files.cert.read_bytes() == own_cert
    assert (files.confdir / "mitmproxy-ca-cert.cer").read_bytes() == own_cert
    assert not (files.confdir / "mitmproxy-ca-cert.cer").is_symlink()
    assert own_p12 == theirs.cert.read_bytes() and ca._p12_cert(files.confdir / "mitmproxy-ca-cert.p12") == own_cert
    assert theirs.cert.read_text() not in files.bundle.read_text() and files.bundle.read_text().endswith(
        own_cert.decode())


@pytest.mark.parametrize("content, why", [
    (b"", "is empty"),
    (b"not a key\n", "does not hold an unencrypted PEM private key"),
])
def test_a_key_file_without_a_usable_key_is_refused_naming_the_file(tmp_path, content, why):
    confdir = tmp_path / "conf"
    confdir.mkdir(mode=0o700)
    fd = os.open(confdir / ca.CA_KEY, os.O_WRONLY | os.O_CREAT, 0o600)
    os.write(fd, content)
    os.close(fd)
    with pytest.raises(UserError, match=why) as e:
        ca.init(confdir)
    assert str(confdir / ca.CA_KEY) in str(e.value)


def test_a_key_whose_certificate_belongs_to_another_key_is_refused(tmp_path):
    a, _ = ca.init(tmp_path / "a")
    b, _ = ca.init(tmp_path / "b")
    key_a = a.key.read_text().split("-----BEGIN CERTIFICATE-----")[0]
    cert_b = b.cert.read_text()
    b.key.write_text(key_a + cert_b)
    with pytest.raises(UserError, match="not the key's"):
        ca.init(b.confdir)


@pytest.mark.live  # runs the command four times at once
def test_two_inits_at_once_end_with_one_whole_key(tmp_path):
    """Replicas sharing a confdir start together: the key appears whole or not at all."""
    confdir = tmp_path / "conf"
    procs = [subprocess.Popen([sys.executable, "-m", "addons.cli.main", "ca", "init", "--confdir", str(confdir)],
                              cwd=ROOT, env=os.environ | {"PYTHONPATH": str(ROOT)}, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(4)]
    results = [(p.wait(timeout=120), p.stdout.read(), p.stderr.read()) for p in procs]
    for p in procs:
        p.stdout.close()
        p.stderr.close()
    assert all(status == 0 for status, _, _ in results), results
    assert sum("CA created" in out for _, out, _ in results) == 1
    _, created = ca.init(confdir)
    assert not created and not [n for n in os.listdir(confdir) if n.startswith(".new-")]


def test_a_pod_confdir_others_could_write_is_used_only_when_said_unshared(tmp_path, monkeypatch):
    """A Kubernetes emptyDir is 0777 and root's; only the containers that mount it reach it. The opt-out lifts
    the folder check alone: the key is still judged."""
    confdir = tmp_path / "emptydir"
    confdir.mkdir()
    confdir.chmod(0o777)
    with pytest.raises(UserError, match="EXITGUARD_CONFDIR_UNSHARED=1"):
        ca.init(confdir)
    monkeypatch.setenv("EXITGUARD_CONFDIR_UNSHARED", "1")
    files, created = ca.init(confdir)
    assert created
    files.key.chmod(0o644)
    with pytest.raises(UserError, match="mode 0644"):
        ca.init(confdir)


def test_what_mitmproxy_adds_at_start_under_umask_000_is_not_writable_by_others(tmp_path, loose_umask):
    """A checkout's certs/ is 0755 from git: a file mitmproxy makes there 0666 is writable by everyone who can
    enter it. mitmproxy writes mitmproxy-dhparam.pem at start when it is missing (the DH group of every DHE
    handshake with a client): ca init makes it, 0644, so mitmproxy only reads it."""
    from mitmproxy import certs

    confdir = tmp_path / "certs"
    confdir.mkdir()
    confdir.chmod(0o755)
    files, _ = ca.init(confdir)
    certs.CertStore.from_store(files.confdir, "mitmproxy", 2048)  # what mitmdump's TLS addon does at start
    seen = modes(files.confdir)
    assert seen["mitmproxy-dhparam.pem"] == 0o644
    assert all(mode & 0o022 == 0 for mode in seen.values()), seen


def test_public_files_left_writable_by_others_are_made_again(tmp_path):
    """Made 0666 under umask 000 by an earlier version (or by mitmproxy): anyone who may enter the folder could
    change the certificate or bundle clients trust."""
    files, _ = ca.init(tmp_path / "certs")
    files.confdir.chmod(0o755)
    for path in (files.cert, files.bundle, files.confdir / "mitmproxy-dhparam.pem"):
        path.chmod(0o666)
    ca.init(files.confdir)
    assert all(mode & 0o022 == 0 for mode in modes(files.confdir).values())


def test_a_lost_key_beside_its_certificate_is_refused_not_replaced_by_a_new_ca(tmp_path):
    """Clients (and `ca trust --apply`) trust the certificate at its name. With the key gone, init made a new CA in
    silence: every client then failed TLS with no word from `up`, and mitmproxy-ca.p12 kept the old CA's key."""
    files, _ = ca.init(tmp_path / "certs")
    trusted = files.cert.read_bytes()
    files.key.unlink()
    with pytest.raises(UserError) as e:
        ca.init(files.confdir)
    assert str(e.value) == (f"CA key {files.key} is missing, but its certificate {files.cert} is there (clients may "
                            "trust that CA): put the key back, or move the folder's mitmproxy-ca* files away and run "
                            f"`exitguard ca init --confdir {files.confdir}` for a new CA (then trust that one: "
                            "exitguard ca trust)")
    assert files.cert.read_bytes() == trusted and not files.key.exists()
    for name in ("mitmproxy-ca-cert.pem", "mitmproxy-ca-cert.cer", "mitmproxy-ca-cert.p12", "mitmproxy-ca.p12"):
        (files.confdir / name).unlink()
    _, created = ca.init(files.confdir)  # what the message says: a new CA
    assert created and files.cert.read_bytes() != trusted
