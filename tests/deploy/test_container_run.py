"""The Dockerfile built and run for real with podman (runc, slirp4netns), nothing pulled from an image registry.

The base image is made here from Debian packages (mmdebstrap of a suite with Python >= 3.12, imported into a
private podman storage), then `podman build --build-arg BASE_IMAGE=<it>`. Both are cached under
EXITGUARD_PODMAN_CACHE (default /var/tmp/exitguard-podman): the base by suite and package list, the dependency
layer by pyproject.toml, so a second run rebuilds only the layers of the changed source.

The container runs as a deployment would: read-only root, the certs and recordings volumes, a mounted tokens file
(it listens on 0.0.0.0, so proxy authentication is required), its port published on 127.0.0.1. A host client sends
a secret through it to api.openai.com, which the container resolves (--add-host) to the host's loopback as seen
through slirp4netns (10.0.2.2), where the test's HTTPS upstream listens.
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
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from addons.audit import index as auditlog
from addons.audit.recorder import read_flow_at
from tests import fakes
from tests.live.harness import CLIENT_PYTHON, ROOT, upstream_ca_path

# The first run makes the base image and installs the dependencies (minutes); cached runs take well under one.
pytestmark = [pytest.mark.live, pytest.mark.root, pytest.mark.tool, pytest.mark.timeout(1800)]

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


@pytest.fixture(scope="module")
def podman() -> Podman:
    return Podman.prepare()


@pytest.fixture(scope="module")
def image(podman, tmp_path_factory) -> str:
    with cache_lock():
        return build_image(podman, base_image(podman, tmp_path_factory.mktemp("base")))


# --------------------------------------------------------------------------- the running container


@dataclass
class Deployment:
    podman: Podman
    name: str
    port: int
    token: str
    certs: Path
    recordings: Path

    @property
    def proxy_url(self) -> str:
        return f"http://{TOKEN_NAME}:{self.token}@127.0.0.1:{self.port}"

    def exec(self, *command: str) -> subprocess.CompletedProcess:
        return self.podman.run("exec", self.name, *command, check=False, timeout=60)

    def logs(self) -> str:
        out = self.podman.run("logs", self.name, check=False)
        return (out.stdout + out.stderr)[-4000:]

    def state(self, field: str) -> str:
        return self.podman.run("inspect", "--format", f"{{{{.State.{field}}}}}", self.name).stdout.strip()


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


def wait_healthy(deployment: Deployment, timeout: float = 120) -> None:
    """The image's own HEALTHCHECK, run by podman: mitmproxy must answer on the listening port."""
    deadline = time.monotonic() + timeout
    while deployment.podman.run("healthcheck", "run", deployment.name, check=False).returncode != 0:
        if deployment.state("Running") != "true":
            pytest.fail(f"the container exited {deployment.state('ExitCode')}:\n{deployment.logs()}", pytrace=False)
        if time.monotonic() > deadline:
            pytest.fail(f"the container did not become healthy in {timeout:.0f} s:\n{deployment.logs()}",
                        pytrace=False)
        time.sleep(1)


@pytest.fixture(scope="module")
def deployment(podman, image, upstream_session, tmp_path_factory) -> Iterator[Deployment]:
    work = tmp_path_factory.mktemp("container")
    certs, recordings = (owned_by_container_user(volume_dir(work / name), 0o700) for name in ("certs", "recordings"))
    tokens = work / "tokens.json"
    token = add_token(tokens)
    owned_by_container_user(tokens, 0o600)
    upstream_ca = work / "upstream-ca.pem"
    shutil.copyfile(upstream_ca_path(upstream_session), upstream_ca)
    upstream_ca.chmod(0o644)

    d = Deployment(podman, f"exitguard-test-{os.getpid()}", free_port(), token, certs, recordings)
    podman.run("rm", "--force", "--ignore", d.name)
    try:
        podman.run(
            "run", "--detach", "--name", d.name, "--read-only",  # writable: the volumes and podman's tmpfs (/tmp, /run)
            "--network", "slirp4netns:allow_host_loopback=true", "--publish", f"127.0.0.1:{d.port}:{CONTAINER_PORT}",
            "--add-host", f"api.openai.com:{HOST_LOOPBACK}",
            "--health-interval", "disable",  # no systemd timers here: the test runs the check itself
            "--volume", f"{certs}:/data/certs", "--volume", f"{recordings}:/data/recordings",
            "--volume", f"{tokens}:/run/secrets/exitguard-tokens:ro",
            "--volume", f"{upstream_ca}:/etc/exitguard-test/upstream-ca.pem:ro",
            "--env", "EXITGUARD_TOKENS_FILE=/run/secrets/exitguard-tokens",
            # The test upstream is the host's loopback, a private address from inside the container: allowed by
            # name, as an operator allows a private-network service (private_upstreams refuses it otherwise).
            "--env", "EXITGUARD_ARGS=--set ssl_verify_upstream_trusted_ca=/etc/exitguard-test/upstream-ca.pem "
                     f"--set exitguard_allow_upstreams=api.openai.com:{upstream_session.port}",
            image)
        wait_healthy(d)
        yield d
    finally:
        podman.run("rm", "--force", "--time", "5", d.name, check=False, timeout=120)


# --------------------------------------------------------------------------- tests

OPENAI_CALL = """
import json, sys
from openai import OpenAI
reply = OpenAI(base_url=sys.argv[1], api_key="sk-test", max_retries=0).chat.completions.create(
    model="gpt-test", messages=[{"role": "user", "content": "deploy with key " + sys.argv[2]}])
print(json.dumps({"content": reply.choices[0].message.content}))
"""


def test_secret_is_masked_upstream_and_recorded_without_it(deployment, upstream):
    secret = fakes.aws_key_id(seed=os.getpid())
    env = {**CLEAN_ENV, "HTTPS_PROXY": deployment.proxy_url, "NO_PROXY": "",
           "SSL_CERT_FILE": str(deployment.certs / "mitmproxy-ca-cert.pem")}
    base_url = f"https://api.openai.com:{upstream.port}/v1"  # the name the guard knows; DNS in the container
    out = subprocess.run([str(CLIENT_PYTHON), "-c", OPENAI_CALL, base_url, secret], capture_output=True, text=True,
                         timeout=120, env=env)
    assert out.returncode == 0, out.stderr[-3000:] + deployment.logs()
    assert json.loads(out.stdout.splitlines()[-1]) == {"content": "ok"}

    (received,) = upstream.received
    assert received.host == f"api.openai.com:{upstream.port}"
    assert secret not in received.body.decode() and MASKED.search(received.body.decode()), received.body

    record = wait_for_flow_record(deployment.recordings, "/v1/chat/completions")
    assert record["identity"] == TOKEN_NAME and record["host"] == "api.openai.com"
    assert [f["rule"] for f in record["findings"]] == ["aws-access-key-id"]
    flow = read_flow_at(deployment.recordings / record["file"], record["offset"])
    assert MASKED.search(flow.request.get_text()) and secret not in flow.request.get_text()
    blob = b"".join(p.read_bytes() for p in deployment.recordings.iterdir() if p.is_file())
    for raw in (secret, deployment.token):  # nor the proxy password from Proxy-Authorization
        assert raw.encode() not in blob, f"a raw value the client sent ({raw[:4]}...) is in the recordings"


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


def test_proxy_authentication_is_required(deployment):
    """It listens on 0.0.0.0 inside the container: without the token the proxy answers 407, with it 502 (then the
    upstream is refused: the container's own loopback, so nothing leaves the container)."""
    def status(proxy: str) -> str:
        return subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "30",
                               "--proxy", proxy, "http://127.0.0.1:9/"],
                              capture_output=True, text=True, timeout=60, env=CLEAN_ENV).stdout

    assert status(f"http://127.0.0.1:{deployment.port}") == "407"
    assert status(f"http://{TOKEN_NAME}:wrong-{deployment.token}@127.0.0.1:{deployment.port}") == "407"
    assert status(deployment.proxy_url) == "502"


def test_every_process_runs_as_the_image_user(deployment):
    statuses = deployment.exec("sh", "-c", "cat /proc/[0-9]*/status")
    uids = {tuple(line.split()[1:]) for line in statuses.stdout.splitlines() if line.startswith("Uid:")}
    assert uids == {("10001", "10001", "10001", "10001")}, statuses.stdout
    cmdline = deployment.exec("cat", "/proc/1/cmdline").stdout.replace("\0", " ")
    assert "exitguard" in cmdline or "mitmdump" in cmdline, cmdline  # the entrypoint exec'd the proxy


def test_root_filesystem_is_read_only_and_volumes_hold_the_state(deployment):
    for target in ("/opt/venv/exitguard-write-test", "/home/exitguard/exitguard-write-test", "/etc/exitguard-x"):
        out = deployment.exec("touch", target)
        assert out.returncode != 0 and "Read-only file system" in out.stderr, (target, out.stderr)
    # the CA was made on the certs volume at first start, its key private to the container user
    key = deployment.certs / "mitmproxy-ca.pem"
    assert key.stat().st_uid == 10001 and key.stat().st_mode & 0o077 == 0
    assert deployment.exec("touch", "/data/recordings/.write-test").returncode == 0


def test_stops_cleanly_on_sigterm(deployment):
    deployment.podman.run("stop", "--time", "20", deployment.name, timeout=60)
    assert deployment.state("ExitCode") == "0", deployment.logs()
    assert auditlog.verify(auditlog.index_files(deployment.recordings)) == []
