"""compose.yaml run for real with podman-compose (podman, runc), on the image tests/deploy/conftest.py builds.

The project folder is a copy of the checkout's compose.yaml with the files deploy/README.md tells a user to create
next to it (.exitguard-tokens, .exitguard-job-token), plus one override file (compose.test.yaml) for what only the
test needs: the image (no registry: the job runs on the exitguard image, which has Python, instead of
python:3.12-slim), the proxy's port published on 127.0.0.1 for a host client, api.openai.com resolved to the host's
address on the egress bridge, where a relay forwards to the test's HTTPS upstream on loopback, and that upstream's CA.

podman-compose 1.0.3 (Debian 12) ignores `depends_on: condition: service_healthy`, so the test starts exitguard,
waits for its health check, then the job: the order `docker compose up job` keeps by itself.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from tests import fakes
from tests.deploy.podman_lab import (
    CLEAN_ENV,
    MASKED,
    TOKEN_NAME,
    Podman,
    TcpRelay,
    assert_recorded_without,
    free_port,
    proc_status_field,
    process_uids,
    send_secret,
)
from tests.live.harness import ROOT, upstream_ca_path

pytestmark = [pytest.mark.live, pytest.mark.root, pytest.mark.tool, pytest.mark.timeout(900)]

# tests/conftest.py heaviest_files_first: 193-202 s wall at load ~14 with the image cached (setup to healthy 155-171
# s; scripts/MEASUREMENTS.md, container50), halved to the load-7 scale of the other declarations.
COST_S = 95.0

COMPOSE = ROOT / "compose.yaml"
PROVIDER_PORT = 443  # the job's URL is https://api.openai.com/v1/models, as written


@dataclass
class Stack:
    podman: Podman
    project: str
    folder: Path
    port: int
    token: str
    relay: TcpRelay

    def compose(self, *args: str, timeout: float = 300, check: bool = True) -> subprocess.CompletedProcess:
        out = subprocess.run(["podman-compose", "--podman-path", str(self.folder.parent / "podman"), "--no-ansi",
                              "-p", self.project, "-f", "compose.yaml", "-f", "compose.test.yaml", *args],
                             cwd=self.folder, capture_output=True, text=True, timeout=timeout, env=CLEAN_ENV)
        if check and out.returncode != 0:
            raise AssertionError(f"podman-compose {' '.join(args)} exited {out.returncode}:\n"
                                 f"{out.stdout[-2000:]}\n{out.stderr[-2000:]}")
        return out

    def container(self, service: str) -> str:
        return f"{self.project}_{service}_1"

    def volume(self, name: str) -> Path:
        out = self.podman.run("volume", "inspect", "--format", "{{.Mountpoint}}", f"{self.project}_{name}")
        return Path(out.stdout.strip())

    def exec(self, service: str, *command: str) -> subprocess.CompletedProcess:
        return self.podman.run("exec", self.container(service), *command, check=False, timeout=60)

    def logs(self, service: str = "exitguard") -> str:
        out = self.podman.run("logs", self.container(service), check=False)
        return (out.stdout + out.stderr)[-4000:]

    @property
    def proxy_url(self) -> str:
        return f"http://{TOKEN_NAME}:{self.token}@127.0.0.1:{self.port}"


def podman_wrapper(podman: Podman, path: Path) -> Path:
    """podman-compose runs `podman`: this one uses the tests' private store and configuration."""
    path.write_text("#!/bin/sh\n"
                    f"CONTAINERS_CONF={podman.conf} exec {' '.join(podman.command())} \"$@\"\n")
    path.chmod(0o755)
    return path


def egress_gateway(podman: Podman, network: str) -> str:
    """Create the egress network (podman-compose then uses it as is) and return its gateway: the host's address on
    that bridge, which api.openai.com resolves to in the test."""
    podman.run("network", "create", "--label", f"io.podman.compose.project={network.split('_')[0]}", network)
    (info,) = json.loads(podman.run("network", "inspect", network).stdout)
    return info["subnets"][0]["gateway"]


def test_override(image: str, port: int, gateway: str) -> dict:
    args = ("--set ssl_verify_upstream_trusted_ca=/etc/exitguard-test/upstream-ca.pem "
            f"--set exitguard_allow_upstreams=api.openai.com:{PROVIDER_PORT}")  # a private address, allowed by name
    return {"services": {
        "exitguard": {"image": image, "ports": [f"127.0.0.1:{port}:8080"],
                      "extra_hosts": [f"api.openai.com:{gateway}"],
                      "environment": {"EXITGUARD_ARGS": args},
                      "volumes": ["./upstream-ca.pem:/etc/exitguard-test/upstream-ca.pem:ro"]},
        # the exitguard image has Python; its entrypoint (the proxy's) is not python:3.12-slim's (none)
        "job": {"image": image, "entrypoint": ["env"]}}}


test_override.__test__ = False  # type: ignore[attr-defined]  # a helper, not a test


def wait_healthy(stack: Stack, timeout: float = 180) -> None:
    """podman has no systemd here to time the HEALTHCHECK: run it until it passes, as deploy/README.md says."""
    name = stack.container("exitguard")
    deadline = time.monotonic() + timeout
    while stack.podman.run("healthcheck", "run", name, check=False).returncode != 0:
        running = stack.podman.run("inspect", "--format", "{{.State.Running}}", name, check=False).stdout.strip()
        if running != "true":
            pytest.fail(f"exitguard exited:\n{stack.logs()}", pytrace=False)
        if time.monotonic() > deadline:
            pytest.fail(f"exitguard not healthy in {timeout:.0f} s:\n{stack.logs()}", pytrace=False)
        time.sleep(2)  # each check is a Python start in the container


def remove_project(podman: Podman, project: str) -> None:
    """Whatever `down` left (or everything, after a failure): containers, the pod, volumes and networks."""
    label = f"label=io.podman.compose.project={project}"
    ids = podman.run("ps", "-aq", "--filter", label, check=False).stdout.split()
    if ids:  # --volumes: the job's anonymous volumes (the exitguard image declares two)
        podman.run("rm", "--force", "--volumes", "--time", "5", *ids, check=False, timeout=120)
    podman.run("pod", "rm", "--force", "--ignore", f"pod_{project}", check=False)
    for volume in podman.run("volume", "ls", "-q", "--filter", label, check=False).stdout.split():
        podman.run("volume", "rm", "--force", volume, check=False)
    for network in ("egress", "ci-internal"):
        podman.run("network", "rm", "--force", f"{project}_{network}", check=False)


@pytest.fixture(scope="module")
def stack(podman, image, upstream_session, tmp_path_factory) -> Iterator[Stack]:
    if shutil.which("podman-compose") is None:
        pytest.fail("podman-compose not installed (Debian: apt-get install podman-compose; scripts/test installs it "
                    "when run as root)", pytrace=False)
    work = tmp_path_factory.mktemp("compose")
    folder = work / "project"
    folder.mkdir()
    shutil.copyfile(COMPOSE, folder / "compose.yaml")
    # deploy/README.md: `(umask 077; exitguard token --file .exitguard-tokens add ci-job --groups ci >
    # .exitguard-job-token)`, then the proxy's uid must read the tokens file (here the job runs as that uid too).
    tokens, job_token = folder / ".exitguard-tokens", folder / ".exitguard-job-token"
    out = subprocess.run([str(ROOT / ".venv" / "bin" / "exitguard"), "token", "--file", str(tokens), "add",
                          TOKEN_NAME, "--groups", "ci"], capture_output=True, text=True, check=True, timeout=60)
    token = out.stdout.strip().split()[-1]
    job_token.write_text(token + "\n")
    for f in (tokens, job_token):
        os.chown(f, 10001, 10001)
        f.chmod(0o600)
    shutil.copyfile(upstream_ca_path(upstream_session), folder / "upstream-ca.pem")
    (folder / "upstream-ca.pem").chmod(0o644)

    project = f"egcompose{os.getpid()}"
    podman_wrapper(podman, work / "podman")
    relay = None
    remove_project(podman, project)
    try:
        gateway = egress_gateway(podman, f"{project}_egress")
        relay = TcpRelay(gateway, PROVIDER_PORT, upstream_session.port)
        port = free_port()
        (folder / "compose.test.yaml").write_text(yaml.safe_dump(test_override(image, port, gateway)))
        s = Stack(podman, project, folder, port, token, relay)
        s.compose("up", "-d", "--no-build", "exitguard")
        wait_healthy(s)
        yield s
    finally:
        if relay is not None:
            relay.close()
        remove_project(podman, project)


# --------------------------------------------------------------------------- tests


def test_host_client_secret_is_masked_upstream_and_recorded_without_it(stack, upstream):
    """Through the published port, trusting the CA that EXITGUARD_PUBLIC_DIR put on the ca-public volume."""
    secret = fakes.aws_key_id(seed=os.getpid() + 1)
    ca = stack.volume("ca-public") / "mitmproxy-ca-cert.pem"
    out = send_secret(stack.proxy_url, ca, "https://api.openai.com/v1", secret)
    assert out.returncode == 0, out.stderr[-3000:] + stack.logs()
    assert json.loads(out.stdout.splitlines()[-1]) == {"content": "ok"}

    (received,) = upstream.received
    assert received.host == "api.openai.com"
    assert secret not in received.body.decode() and MASKED.search(received.body.decode()), received.body
    assert_recorded_without(stack.volume("recordings"), "/v1/chat/completions", (secret, stack.token))


def test_job_reaches_the_provider_only_through_the_proxy(stack, upstream):
    """The job service as written: its token from the file secret, the CA bundle from the ca-public volume, its
    only network the internal one."""
    stack.compose("up", "-d", "--no-build", "job")
    job = stack.container("job")
    exit_code = stack.podman.run("wait", job, timeout=180).stdout.strip()
    logs = stack.logs("job")
    assert exit_code == "0" and logs.strip().splitlines()[-1] == "200", logs + stack.logs()
    assert [(r.method, r.path) for r in upstream.received] == [("GET", "/v1/models")]
    assert "proxy-authorization" not in upstream.received[0].headers
    # The same image, command replaced: the egress bridge's host address (the relay, reachable from exitguard)
    # is not reachable from the job's internal network, nor is any other address.
    probe = ("import socket, sys\ntry:\n    socket.create_connection((sys.argv[1], 443), timeout=5)\n"
             "    print('direct: connected')\nexcept OSError as e:\n    print('direct: refused', e)\n")
    direct = stack.compose("run", "--rm", "--no-deps", "job", "python", "-c", probe,
                           stack.relay.sock.getsockname()[0], timeout=120)  # podman-compose 1.0.3 exits 0 anyway
    assert "direct: refused" in direct.stdout and "Network is unreachable" in direct.stdout, direct.stdout


def test_every_volume_mount_point_is_the_proxy_users_in_the_image(stack, image):
    """Docker gives a new named volume the owner of the image's folder, root's when the image has none (podman
    gives it the container's user, so the stack above runs either way): the proxy could not write ca-public."""
    mounts = [v.split(":")[1] for v in yaml.safe_load(COMPOSE.read_text())["services"]["exitguard"]["volumes"]]
    out = stack.podman.run("run", "--rm", "--network", "none", "--entrypoint", "stat", image, "-c", "%n %u %a",
                           *mounts)
    assert out.stdout.split("\n")[:-1] == [f"{m} 10001 755" for m in mounts], out.stdout + out.stderr


def test_the_job_sees_the_public_ca_only(stack):
    public = sorted(p.name for p in stack.volume("ca-public").iterdir())
    assert public == ["exitguard-ca-bundle.pem", "mitmproxy-ca-cert.pem"], public
    key = stack.volume("certs") / "mitmproxy-ca.pem"
    assert key.stat().st_uid == 10001 and stat.S_IMODE(key.stat().st_mode) & 0o077 == 0


def test_every_process_is_non_root_without_capabilities(stack):
    statuses = stack.exec("exitguard", "sh", "-c", "cat /proc/[0-9]*/status").stdout
    assert process_uids(statuses) == {("10001", "10001", "10001", "10001")}, statuses
    own = stack.exec("exitguard", "cat", "/proc/1/status").stdout
    assert proc_status_field(own, "CapEff") == "0000000000000000"  # cap_drop: [ALL]
    assert proc_status_field(own, "NoNewPrivs") == "1"  # security_opt: no-new-privileges


def test_root_filesystem_is_read_only(stack):
    for target in ("/opt/venv/x", "/home/exitguard/x", "/etc/x", "/data/x"):
        out = stack.exec("exitguard", "touch", target)
        assert out.returncode != 0 and "Read-only file system" in out.stderr, (target, out.stderr)
    for writable in ("/data/recordings/.w", "/data/certs/.w", "/data/ca-public/.w", "/tmp/.w"):
        assert stack.exec("exitguard", "touch", writable).returncode == 0, writable


def test_health_check_state(stack):
    name = stack.container("exitguard")
    assert stack.podman.run("healthcheck", "run", name).returncode == 0
    health = stack.podman.run("inspect", "--format", "{{json .State.Health}}", name).stdout
    assert json.loads(health)["Status"] == "healthy", health
    # compose.yaml's own healthcheck: kept where an image is built without it (podman's default OCI format)
    configured = stack.podman.run("inspect", "--format", "{{json .Config.Healthcheck.Test}}", name).stdout
    assert "exitguard-entrypoint" in configured and "health" in configured, configured
    # the checks run so far started no second proxy (podman-compose rewrites a CMD check into a shell command)
    pids = stack.exec("exitguard", "sh", "-c", "grep -l 'mitm[d]ump' /proc/[0-9]*/cmdline").stdout.split()
    assert pids == ["/proc/1/cmdline"], pids


def anonymous_volumes(podman: Podman, containers: list[str]) -> list[str]:
    """Volumes without a name of their own (64 hex digits) mounted by ``containers``."""
    names = []
    for container in containers:
        mounts = json.loads(podman.run("inspect", "--format", "{{json .Mounts}}", container).stdout)
        names += [m["Name"] for m in mounts if m.get("Type") == "volume" and re.fullmatch(r"[0-9a-f]{64}", m["Name"])]
    return names


def test_down_stops_and_removes_the_stack(stack):
    """Last in the file: `down -v` stops both containers and removes them, the pod and the named volumes. It leaves
    the networks (podman-compose 1.0.3 never removes them) and the job's anonymous volumes (the exitguard image's
    VOLUMEs, which the test's job image has and python:3.12-slim has not): the fixture removes those."""
    label = f"label=io.podman.compose.project={stack.project}"
    containers = stack.podman.run("ps", "-aq", "--filter", label).stdout.split()
    assert len(containers) == 2
    anonymous = anonymous_volumes(stack.podman, containers)
    stack.compose("down", "-v", timeout=300)
    assert stack.podman.run("ps", "-aq", "--filter", label).stdout.split() == []
    assert stack.podman.run("volume", "ls", "-q", "--filter", label).stdout.split() == []
    assert stack.podman.run("pod", "exists", f"pod_{stack.project}", check=False).returncode != 0
    for volume in anonymous:
        stack.podman.run("volume", "rm", "--force", volume, check=False)
