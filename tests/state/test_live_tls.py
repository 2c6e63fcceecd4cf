"""Live: the shared state over TLS. A real redis-server listening only on a TLS port (``--port 0
--tls-port``), with a certificate made here by a throwaway CA and a password; two real mitmdump replicas reach
it with ``rediss://``, ``exitguard_state_ca_file`` and ``exitguard_state_password_file``; the real openai SDK is
the agent and the real `exitguard approvals` CLI decides on the other replica. A third replica trusting another
CA must fail closed and say why.

Marked ``live`` and ``tool``: it needs Debian's redis-server, which is built with TLS (``redis-server
--tls-port`` is refused by a build without it, and this test then fails at start, loudly).
"""

from __future__ import annotations

import datetime
import ipaddress
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tests.approval.support import CODENAME, write_config
from tests.approval.test_live import Background, add_token, exitguard, wait_for_pending
from tests.live import harness
from tests.live.redis_server import free_port

pytestmark = [pytest.mark.live, pytest.mark.tool]

PASSWORD = "tls-redis-pw-not-a-real-one"


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def make_ca(folder: Path, label: str) -> tuple[Path, ec.EllipticCurvePrivateKey, x509.Certificate]:
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(_name(f"exitguard test CA {label}"))
            .issuer_name(_name(f"exitguard test CA {label}")).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                         content_commitment=False, key_encipherment=False, data_encipherment=False,
                                         key_agreement=False, encipher_only=False, decipher_only=False), critical=True)
            .sign(key, hashes.SHA256()))
    path = folder / f"ca-{label}.pem"
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return path, key, cert


def make_server_cert(folder: Path, ca_key, ca_cert) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(_name("redis.test")).issuer_name(ca_cert.subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5)).not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost"),
                                                        x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False)
            .sign(ca_key, hashes.SHA256()))
    cert_path, key_path = folder / "redis-cert.pem", folder / "redis-key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    key_path.chmod(0o600)
    return cert_path, key_path


@dataclass
class TlsRedis:
    folder: Path
    port: int
    proc: subprocess.Popen | None = None

    def start(self, cert: Path, key: Path, ca: Path, client_certificates: bool = False) -> TlsRedis:
        """``client_certificates``: Redis's own default (``tls-auth-clients yes``), which exitguard cannot meet."""
        binary = shutil.which("redis-server")
        if binary is None:
            raise RuntimeError("redis-server is not installed (Debian package redis-server; scripts/test "
                               "installs it)")
        self.folder.mkdir(parents=True, exist_ok=True)
        cmd = [binary, "--port", "0", "--tls-port", str(self.port), "--bind", "127.0.0.1",
               "--tls-cert-file", str(cert), "--tls-key-file", str(key), "--tls-ca-cert-file", str(ca),
               "--tls-auth-clients", "yes" if client_certificates else "no",
               "--requirepass", PASSWORD, "--save", "", "--appendonly", "no",
               "--dir", str(self.folder), "--daemonize", "no", "--loglevel", "warning"]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return self
            except OSError:
                if self.proc.poll() is not None:  # e.g. a build without TLS refuses --tls-port
                    raise RuntimeError(f"redis-server with TLS exited with {self.proc.returncode}: "
                                       f"{self.proc.stdout.read() if self.proc.stdout else ''}") from None
                time.sleep(0.05)
        raise RuntimeError("redis-server with TLS did not start in time")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)


class TlsFleet:
    def __init__(self, root: Path, upstream: harness.Upstream) -> None:
        certs = root / "certs"
        certs.mkdir()
        ca, ca_key, ca_cert = make_ca(certs, "good")
        self.other_ca = make_ca(certs, "other")[0]
        cert, key = make_server_cert(certs, ca_key, ca_cert)
        self.redis = TlsRedis(root / "redis", free_port()).start(cert, key, ca)
        self.url = f"rediss://127.0.0.1:{self.redis.port}/0"
        password_file = root / "redis-password"
        password_file.write_text(PASSWORD + "\n")
        password_file.chmod(0o600)
        policy, rules = write_config(root)
        tokens = root / "tokens.json"
        self.alice = add_token(tokens, "alice", "security")
        self.control = {name: root / f"control-{name}.json" for name in ("a", "b", "wrong-ca")}
        self.proxies: dict[str, harness.Proxy] = {}
        for name, trusted in (("a", ca), ("b", ca), ("wrong-ca", self.other_ca)):
            self.proxies[name] = harness.start_proxy(
                root, upstream, "--set", f"exitguard_policy={policy}", "--set", f"exitguard_rules={rules}",
                "--set", "exitguard_approval_timeout=30", "--set", f"exitguard_tokens_file={tokens}",
                "--set", f"exitguard_control_file={self.control[name]}", "--set", f"exitguard_replica={name}",
                "--set", f"exitguard_record_dir={root / f'records-{name}'}", "--set", f"exitguard_state={self.url}",
                "--set", f"exitguard_state_ca_file={trusted}",
                "--set", f"exitguard_state_password_file={password_file}")

    def close(self) -> None:
        for proxy in self.proxies.values():
            proxy.stop()
        self.redis.stop()


@pytest.fixture(scope="module")
def tls_fleet(tmp_path_factory, upstream_session):
    fleet = TlsFleet(tmp_path_factory.mktemp("tls-fleet"), upstream_session)
    yield fleet
    fleet.close()
    assert all(PASSWORD not in p.log for p in fleet.proxies.values())


def test_a_rediss_fleet_decides_on_b_a_request_held_on_a(tls_fleet):
    client = Background(tls_fleet.proxies["a"], f"tls plan for {CODENAME}", timeout=40)
    pending = wait_for_pending(tls_fleet.control["b"])  # listed by b: the approval is in the TLS store
    assert pending["replica"] == "a"
    approved = exitguard("approve", pending["id"], "--control", str(tls_fleet.control["b"]), approver=tls_fleet.alice)
    assert approved.returncode == 0, approved.stderr
    assert client.result(timeout=20) == {"ok": True, "content": "ok"}
    fleet = exitguard("fleet", "--json", "--control", str(tls_fleet.control["a"]))
    assert '"a"' in fleet.stdout and '"b"' in fleet.stdout and '"wrong-ca"' not in fleet.stdout
    assert f"rediss://127.0.0.1:{tls_fleet.redis.port}" in fleet.stdout


def test_a_replica_trusting_another_ca_fails_closed_and_says_why(tls_fleet):
    proxy = tls_fleet.proxies["wrong-ca"]
    client = Background(proxy, f"tls plan two for {CODENAME}", timeout=40)
    refused = client.result(timeout=20)
    assert refused["status"] == 503, refused
    # the agent is told to retry; which store and why are for the operator (newuser51), in the log below
    assert "approvals are unavailable: the proxy cannot reach its shared state store" in refused["message"]
    assert str(tls_fleet.redis.port) not in refused["message"] and "CERTIFICATE" not in refused["message"]
    assert "cannot link to the shared state store" in proxy.log and "CERTIFICATE_VERIFY_FAILED" in proxy.log
    assert "check exitguard_state_ca_file" in proxy.log  # the setting to change
    listed = exitguard("list", "--json", "--control", str(tls_fleet.control["wrong-ca"]))
    assert listed.returncode != 0 and "CERTIFICATE_VERIFY_FAILED" in listed.stdout + listed.stderr
