"""podman on a private store, the exitguard image built once per checkout, and the pieces the container, compose and
kube-play tests share (tests/deploy/test_container_run.py, test_compose_run.py, test_kube_play.py).

Nothing is pulled from an image registry: the base image is made from Debian packages (mmdebstrap) and cached under
EXITGUARD_PODMAN_CACHE with the dependency layer, so the three test files build the image once between them (the
session fixtures in tests/deploy/conftest.py; another worker finds every layer cached).
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
import resource
import shutil
import socket
import ssl
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from addons.audit import index as auditlog
from addons.audit.recorder import read_flow_at
from tests.live.harness import CLIENT_PYTHON, ROOT
from tests.live.relay import relay_to

TOOLS = {"podman": "podman", "runc": "runc", "slirp4netns": "slirp4netns", "mmdebstrap": "mmdebstrap"}
CACHE = Path(os.environ.get("EXITGUARD_PODMAN_CACHE", "/var/tmp/exitguard-podman"))
RUN_STATE = Path("/run/exitguard-podman")  # volatile podman state (mounts, locks): gone with a reboot, as it should

BASE_SUITE = "trixie"  # Python 3.13: the first Debian suite with Python >= 3.12
BASE_PACKAGES = ("python3", "python3-venv", "ca-certificates")  # venv brings ensurepip's pip and setuptools wheels
BASE_APT_OPTIONS = ('Acquire::Check-Valid-Until "false"',)  # a snapshot mirror's Release may be past Valid-Until
HOST_LOOPBACK = "10.0.2.2"  # the host's 127.0.0.1 from inside a slirp4netns network with allow_host_loopback
CONTAINER_PORT = 8080
TOKEN_NAME = "ci-job"
MASKED = re.compile(r"\[MASKED:aws-access-key-id:[0-9a-f]{6}\]")
# The host clients talk to the container's proxy only; podman and mmdebstrap keep the machine's environment (a proxy
# that apt or pip may need).
CLEAN_ENV = {k: v for k, v in os.environ.items() if "proxy" not in k.lower() and not k.startswith("EXITGUARD_")}


# --------------------------------------------------------------------------- podman with a private store


@dataclass(frozen=True)
class Podman:
    """podman on its own storage and configuration: the machine's podman set-up (if any) is left alone."""

    conf: Path

    @classmethod
    def prepare(cls) -> Podman:
        missing = [tool for tool in TOOLS if shutil.which(tool) is None]
        if missing:
            pytest.fail(f"{', '.join(missing)} not installed (Debian: apt-get install {' '.join(missing)}; "
                        "scripts/test installs them when run as root)", pytrace=False)
        CACHE.mkdir(parents=True, exist_ok=True)
        conf = CACHE / "containers.conf"
        conf.write_text(containers_conf())
        return cls(conf)

    def command(self, *args: str) -> list[str]:
        return ["podman", "--root", str(CACHE / "storage"), "--runroot", str(RUN_STATE / "storage"),
                "--tmpdir", str(RUN_STATE / "libpod"), "--storage-driver", "overlay", *args]

    def run(self, *args: str, timeout: float = 120, check: bool = True) -> subprocess.CompletedProcess:
        out = subprocess.run(self.command(*args), capture_output=True, text=True, timeout=timeout,
                             env={**os.environ, "CONTAINERS_CONF": str(self.conf)})
        if check and out.returncode != 0:
            raise AssertionError(f"podman {' '.join(args[:2])} exited {out.returncode}:\n{out.stderr[-3000:]}")
        return out

    def run_logged(self, log: Path, *args: str, timeout: float) -> None:
        """A long step (build, import) with its output in a file: the failure message shows its end."""
        with open(log, "w") as f:
            out = subprocess.run(self.command(*args), stdout=f, stderr=subprocess.STDOUT, timeout=timeout,
                                 env={**os.environ, "CONTAINERS_CONF": str(self.conf)})
        if out.returncode != 0:
            pytest.fail(f"podman {args[0]} exited {out.returncode} (log {log}):\n{log.read_text()[-4000:]}",
                        pytrace=False)

    def image_exists(self, ref: str) -> bool:
        return self.run("image", "exists", ref, check=False).returncode == 0


def containers_conf() -> str:
    """runc (crun fails on these machines) and ulimits within the hard limits this process has: podman's defaults
    ask for more than the machine allows and the container does not start."""
    nofile = capped(resource.RLIMIT_NOFILE, 1048576)
    nproc = capped(resource.RLIMIT_NPROC, 32768)
    return (f'[containers]\ndefault_ulimits = ["nofile={nofile}:{nofile}", "nproc={nproc}:{nproc}"]\n'
            '[engine]\nruntime = "runc"\ncgroup_manager = "cgroupfs"\nevents_logger = "file"\n')


def capped(limit: int, ceiling: int) -> int:
    hard = resource.getrlimit(limit)[1]
    return ceiling if hard == resource.RLIM_INFINITY else min(hard, ceiling)


@contextmanager
def cache_lock() -> Iterator[None]:
    """One build at a time per cache: several checkouts on a machine share the base image and layers."""
    with open(CACHE / "build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


# --------------------------------------------------------------------------- base image and build


def base_image(podman: Podman, workdir: Path) -> str:
    """A minimal Debian with Python >= 3.12 and venv, made from Debian packages; reused while the recipe is the same."""
    recipe = json.dumps([BASE_SUITE, "minbase", BASE_PACKAGES, BASE_APT_OPTIONS])
    ref = f"localhost/exitguard-base:{BASE_SUITE}-{hashlib.sha256(recipe.encode()).hexdigest()[:12]}"
    if podman.image_exists(ref):
        return ref
    tarball = workdir / "base.tar"
    log = CACHE / "mmdebstrap.log"
    with open(log, "w") as f:
        out = subprocess.run(["mmdebstrap", "--variant=minbase", f"--include={','.join(BASE_PACKAGES)}",
                              *(f"--aptopt={opt}" for opt in BASE_APT_OPTIONS), BASE_SUITE, str(tarball)],
                             stdout=f, stderr=subprocess.STDOUT, timeout=900)
    if out.returncode != 0:
        pytest.fail(f"mmdebstrap {BASE_SUITE} exited {out.returncode} (log {log}):\n{log.read_text()[-4000:]}",
                    pytrace=False)
    podman.run_logged(CACHE / "import.log", "import", str(tarball), ref, timeout=600)
    tarball.unlink()
    return ref


def host_ca_bundle() -> Path:
    """The CA bundle this machine's pip trusts: where PyPI is reached through a TLS-inspecting gateway or a mirror
    with its own CA, pip inside the build needs it too."""
    candidates = (os.environ.get("PIP_CERT"), os.environ.get("SSL_CERT_FILE"), ssl.get_default_verify_paths().cafile,
                  "/etc/ssl/certs/ca-certificates.crt")
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            return Path(candidate).resolve()
    pytest.fail(f"no CA bundle found for pip inside the build (looked at {candidates})", pytrace=False)


def build_image(podman: Podman, base: str) -> str:
    """podman build of the checkout's Dockerfile on ``base``; returns the image id. The host's CA bundle is a
    build-time mount over the base's bundle: used by pip, in no layer of the image."""
    iidfile = CACHE / f"iid-{os.getpid()}"
    tag = f"localhost/exitguard:test-{hashlib.sha256(str(ROOT).encode()).hexdigest()[:8]}"  # one per checkout
    podman.run_logged(CACHE / "build.log", "build", "--format", "docker",  # docker format keeps the HEALTHCHECK
                      "--network", "host", "--build-arg", f"BASE_IMAGE={base}",
                      "--volume", f"{host_ca_bundle()}:/etc/ssl/certs/ca-certificates.crt:ro",
                      "--iidfile", str(iidfile), "--tag", tag, str(ROOT), timeout=1200)
    image = iidfile.read_text().strip()
    iidfile.unlink()
    podman.run("image", "prune", "--force", timeout=300)  # this checkout's previous image; cached layers stay
    return image


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def volume_dir(path: Path) -> Path:
    path.mkdir()
    return path


def owned_by_container_user(path: Path, mode: int) -> Path:
    """Rootful podman without a user namespace: uid 10001 inside is uid 10001 on the host."""
    os.chown(path, 10001, 10001)
    path.chmod(mode)
    return path


def add_token(tokens: Path) -> str:
    out = subprocess.run([str(ROOT / ".venv" / "bin" / "exitguard"), "token", "--file", str(tokens), "add",
                          TOKEN_NAME], capture_output=True, text=True, check=True, timeout=60)
    return out.stdout.strip().split()[-1]  # printed once, last



OPENAI_CALL = """
import json, sys
from openai import OpenAI
reply = OpenAI(base_url=sys.argv[1], api_key="sk-test", max_retries=0).chat.completions.create(
    model="gpt-test", messages=[{"role": "user", "content": "deploy with key " + sys.argv[2]}])
print(json.dumps({"content": reply.choices[0].message.content}))
"""



def wait_for_flow_record(recordings: Path, path: str, timeout: float = 30) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        files = auditlog.index_files(recordings)
        found = [r for _, _, r in auditlog.read_records(files) if r.get("event") == "flow" and r.get("path") == path]
        if found:
            assert auditlog.verify(files) == []
            return found[-1]
        time.sleep(0.5)
    pytest.fail(f"no flow record for {path} in {recordings}: {sorted(p.name for p in recordings.iterdir())}")



# --------------------------------------------------------------------------- checks the compose and kube tests share


def send_secret(proxy_url: str, ca_file: Path, base_url: str, secret: str) -> subprocess.CompletedProcess:
    """The openai SDK on the host, through the deployed proxy, with ``secret`` in its prompt."""
    env = {**CLEAN_ENV, "HTTPS_PROXY": proxy_url, "NO_PROXY": "", "SSL_CERT_FILE": str(ca_file)}
    return subprocess.run([str(CLIENT_PYTHON), "-c", OPENAI_CALL, base_url, secret], capture_output=True, text=True,
                          timeout=120, env=env)


def assert_recorded_without(recordings: Path, path: str, raw_values: tuple[str, ...]) -> dict:
    """The flow's audit record (chain verified) and .mitm entry hold the masked value; no byte written under
    ``recordings`` holds any of ``raw_values`` (the secret, the proxy token)."""
    record = wait_for_flow_record(recordings, path)
    assert record["identity"] == TOKEN_NAME and record["host"] == "api.openai.com", record
    assert [f["rule"] for f in record["findings"]] == ["aws-access-key-id"], record["findings"]
    flow = read_flow_at(recordings / record["file"], record["offset"])
    assert MASKED.search(flow.request.get_text()), flow.request.get_text()[:300]
    blob = b"".join(p.read_bytes() for p in recordings.rglob("*") if p.is_file())
    for raw in raw_values:
        assert raw.encode() not in blob, f"a raw value the client sent ({raw[:4]}...) is in the recordings"
    return record


def process_uids(status_dump: str) -> set[tuple[str, ...]]:
    """The Uid: lines of `cat /proc/[0-9]*/status` run in the container (real, effective, saved, fs)."""
    return {tuple(line.split()[1:]) for line in status_dump.splitlines() if line.startswith("Uid:")}


def proc_status_field(status: str, field: str) -> str:
    return next(line.split(":", 1)[1].strip() for line in status.splitlines() if line.startswith(f"{field}:"))


class TcpRelay:
    """host:port -> 127.0.0.1:target, one thread per connection: the test upstream listens on loopback, which a
    container on a bridge network reaches only through an address of the host on that bridge. IP_FREEBIND lets it
    bind the bridge's gateway before the bridge exists (netavark makes it when the first container joins)."""

    def __init__(self, host: str, port: int, target: int) -> None:
        self.target = target
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.setsockopt(socket.IPPROTO_IP, 15, 1)  # IP_FREEBIND
        self.sock.bind((host, port))
        self.sock.listen(16)
        self.connections = 0
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                client, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=relay_to, args=(client, self.target), daemon=True).start()

    def close(self) -> None:
        self.sock.close()
