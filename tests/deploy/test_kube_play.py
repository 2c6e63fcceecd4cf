"""deploy/k8s/statefulset.yaml's pod run for real with `podman kube play` (no cluster here: no kind, k3s or minikube).

podman 4.3 runs Pod, Deployment, PersistentVolumeClaim and ConfigMap, not StatefulSet: tests/deploy/kube_render.py
turns the StatefulSet into the pod its controller would make (ordinal 0) and that pod's PersistentVolumeClaim, and
lists every change it made (printed by the first test). The pod template's securityContext (pod and container),
readOnlyRootFilesystem, capabilities, emptyDir volumes, env (fieldRef too) and ports go in as written (the
probes' commands are run by the test: podman 4.3.1 mangles exec probes);
the two Secrets become folders laid out as the kubelet would (podman 4.3.1 crashes on secret volumes); the Vector
sidecar is left out (its image cannot be pulled here). Services, NetworkPolicies and the PodDisruptionBudget need a
cluster: tests/deploy/test_container_files.py lints them (and `kubectl kustomize`).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import stat
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from addons.audit import index as auditlog
from tests import fakes
from tests.deploy.kube_render import DeploySite, Rendered, render_statefulset_pod, secret_folder
from tests.deploy.podman_lab import (
    CLEAN_ENV,
    HOST_LOOPBACK,
    MASKED,
    TOKEN_NAME,
    Podman,
    assert_recorded_without,
    free_port,
    proc_status_field,
    process_uids,
    send_secret,
)
from tests.live.harness import ROOT, upstream_ca_path

pytestmark = [pytest.mark.live, pytest.mark.root, pytest.mark.tool, pytest.mark.timeout(900)]

# tests/conftest.py heaviest_files_first: 119 s wall at load ~14 with the image cached (setup 96 s;
# scripts/MEASUREMENTS.md, container50), halved to the load-7 scale of the other declarations.
COST_S = 60.0

K8S = ROOT / "deploy" / "k8s"


@dataclass
class KubePod:
    podman: Podman
    rendered: Rendered
    manifest: Path
    port: int
    token: str
    ca_cert: Path  # the public half of the CA in the exitguard-ca Secret

    @property
    def name(self) -> str:
        return self.rendered.pod["metadata"]["name"]

    @property
    def container(self) -> str:
        return f"{self.name}-exitguard"  # kube play names containers POD-CONTAINER

    @property
    def proxy_url(self) -> str:
        return f"http://{TOKEN_NAME}:{self.token}@127.0.0.1:{self.port}"

    def exec(self, *command: str) -> subprocess.CompletedProcess:
        return self.podman.run("exec", self.container, *command, check=False, timeout=60)

    def logs(self) -> str:
        out = self.podman.run("logs", self.container, check=False)
        return (out.stdout + out.stderr)[-4000:]

    def claim_dir(self, template: str) -> Path:
        claim = f"{template}-{self.name}"
        return Path(self.podman.run("volume", "inspect", "--format", "{{.Mountpoint}}", claim).stdout.strip())

    def inspect(self, template: str) -> str:
        return self.podman.run("inspect", "--format", template, self.container).stdout.strip()


def make_secrets(work: Path) -> tuple[dict[str, Path], str, Path]:
    """The two Secrets deploy/README.md section 5 creates, as folders: exitguard-ca (the CA key+cert and the
    fingerprint key) and exitguard-tokens. Returns them, the ci-job token and the CA's public certificate."""
    exitguard = str(ROOT / ".venv" / "bin" / "exitguard")
    ca = work / "ca"
    subprocess.run([exitguard, "ca", "init", "--confdir", str(ca)], capture_output=True, check=True, timeout=120)
    tokens = work / "tokens.json"
    out = subprocess.run([exitguard, "token", "--file", str(tokens), "add", TOKEN_NAME, "--groups", "ci"],
                         capture_output=True, text=True, check=True, timeout=60)
    sts = yaml.safe_load((K8S / "statefulset.yaml").read_text())
    pod_spec = sts["spec"]["template"]["spec"]
    fs_group = pod_spec["securityContext"].get("fsGroup")
    modes = {v["secret"]["secretName"]: v["secret"].get("defaultMode", 0o644) for v in pod_spec["volumes"]
             if "secret" in v}
    folders = {
        "exitguard-ca": secret_folder(work / "secret-ca", {
            "mitmproxy-ca.pem": (ca / "mitmproxy-ca.pem").read_bytes(),
            "exitguard-fingerprint.key": secrets.token_hex(32).encode() + b"\n"}, modes["exitguard-ca"], fs_group),
        "exitguard-tokens": secret_folder(work / "secret-tokens", {"tokens": tokens.read_bytes()},
                                          modes["exitguard-tokens"], fs_group),
    }
    return folders, out.stdout.strip().split()[-1], ca / "mitmproxy-ca-cert.pem"


def probe(pod: KubePod, kind: str) -> subprocess.CompletedProcess:
    """A probe's exec command, run as the kubelet runs it. Not `podman healthcheck run`: podman 4.3.1 turns an exec
    probe into ["CMD-SHELL", "exitguard-entrypoint", "health", "||", "exit", "1"], which runs `sh -c
    exitguard-entrypoint` with the rest as positional parameters: the entrypoint without `health`, a second proxy."""
    return pod.exec(*pod.rendered.container("exitguard")[kind]["exec"]["command"])


def wait_ready(pod: KubePod, timeout: float = 240) -> None:
    deadline = time.monotonic() + timeout
    while probe(pod, "readinessProbe").returncode != 0:
        if pod.inspect("{{.State.Running}}") != "true":
            pytest.fail(f"the pod's exitguard container exited:\n{pod.logs()}", pytrace=False)
        if time.monotonic() > deadline:
            pytest.fail(f"not ready in {timeout:.0f} s:\n{pod.logs()}", pytrace=False)
        time.sleep(2)  # each probe is a Python start in the container


def remove_pod(podman: Podman, name: str, claims: list[str]) -> None:
    """The pod with its containers, the emptyDir volumes (anonymous: removed with the pod) and the claims' volumes."""
    podman.run("pod", "rm", "--force", "--ignore", "--time", "5", name, check=False, timeout=120)
    for claim in claims:
        podman.run("volume", "rm", "--force", claim, check=False)


@pytest.fixture(scope="module")
def kube_pod(podman, image, upstream_session, tmp_path_factory) -> Iterator[KubePod]:
    work = tmp_path_factory.mktemp("kube")
    secret_dirs, token, ca_cert = make_secrets(work)
    upstream_ca = work / "upstream-ca.pem"
    shutil.copyfile(upstream_ca_path(upstream_session), upstream_ca)
    upstream_ca.chmod(0o644)

    sts = yaml.safe_load((K8S / "statefulset.yaml").read_text())
    sts["metadata"]["name"] += f"-t{os.getpid()}"  # several checkouts on one machine: pods of their own
    port = free_port()
    site = DeploySite(
        image=image, host_port=port, host_aliases={"api.openai.com": HOST_LOOPBACK},
        # The test upstream is the host's loopback, a private address: allowed by name, with its CA.
        extra_env={"EXITGUARD_ARGS": "--set ssl_verify_upstream_trusted_ca=/etc/exitguard-test/upstream-ca.pem "
                                     f"--set exitguard_allow_upstreams=api.openai.com:{upstream_session.port}"},
        extra_files={"/etc/exitguard-test/upstream-ca.pem": upstream_ca})
    rendered = render_statefulset_pod(sts, 0, secret_dirs, site, runnable={"exitguard"})
    rendered.changes.insert(0, f"StatefulSet renamed {sts['metadata']['name']} (one per test process)")
    manifest = work / "pod.yaml"
    manifest.write_text(yaml.safe_dump_all(rendered.docs, sort_keys=False))
    claims = [c["metadata"]["name"] for c in rendered.claims]

    pod = KubePod(podman, rendered, manifest, port, token, ca_cert)
    remove_pod(podman, pod.name, claims)
    try:
        podman.run("kube", "play", "--network", "slirp4netns:allow_host_loopback=true", str(manifest), timeout=300)
        wait_ready(pod)
        yield pod
    finally:
        remove_pod(podman, pod.name, claims)


# --------------------------------------------------------------------------- tests


def test_secret_is_masked_upstream_and_recorded_on_the_claim(kube_pod, upstream):
    print("rendered for podman kube play:\n  " + "\n  ".join(kube_pod.rendered.changes))
    secret = fakes.aws_key_id(seed=os.getpid() + 2)
    # the client trusts the CA of the exitguard-ca Secret: the pod imported it (EXITGUARD_CA_FROM), made none
    out = send_secret(kube_pod.proxy_url, kube_pod.ca_cert, f"https://api.openai.com:{upstream.port}/v1", secret)
    assert out.returncode == 0, out.stderr[-3000:] + kube_pod.logs()
    assert json.loads(out.stdout.splitlines()[-1]) == {"content": "ok"}

    (received,) = upstream.received
    assert secret not in received.body.decode() and MASKED.search(received.body.decode()), received.body
    assert_recorded_without(kube_pod.claim_dir("recordings"), "/v1/chat/completions", (secret, kube_pod.token))


def test_the_tokens_secret_as_the_kubelet_lays_it_out_is_accepted(kube_pod):
    """root-owned, group fsGroup, 0440: the proxy reads it (407 without the token, 502 with it to a closed port)."""
    def status(proxy: str) -> str:
        return subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "30",
                               "--proxy", proxy, "http://127.0.0.1:9/"],
                              capture_output=True, text=True, timeout=60, env=CLEAN_ENV).stdout

    assert status(f"http://127.0.0.1:{kube_pod.port}") == "407"
    assert status(kube_pod.proxy_url) == "502"
    listing = kube_pod.exec("stat", "-c", "%u %g %a", "/etc/exitguard-tokens/tokens").stdout.split()
    assert listing == ["0", "10001", "440"], listing


def test_pod_and_container_security_context_hold(kube_pod):
    statuses = kube_pod.exec("sh", "-c", "cat /proc/[0-9]*/status").stdout
    assert process_uids(statuses) == {("10001", "10001", "10001", "10001")}, statuses  # runAsUser
    own = kube_pod.exec("cat", "/proc/1/status").stdout
    assert proc_status_field(own, "Gid").split()[0] == "10001"  # runAsGroup
    assert proc_status_field(own, "CapEff") == "0000000000000000"  # capabilities: drop ALL
    assert proc_status_field(own, "NoNewPrivs") == "1"  # allowPrivilegeEscalation: false
    assert proc_status_field(own, "Seccomp") == "2"  # a seccomp filter (RuntimeDefault)
    cmdline = kube_pod.exec("cat", "/proc/1/cmdline").stdout.replace("\0", " ")
    assert "exitguard_key_file=/etc/exitguard-ca/exitguard-fingerprint.key" in cmdline, cmdline


def test_root_filesystem_is_read_only_and_the_volumes_are_writable(kube_pod):
    for target in ("/opt/venv/x", "/etc/x", "/data/x", "/usr/local/bin/x"):
        out = kube_pod.exec("touch", target)
        assert out.returncode != 0 and "Read-only file system" in out.stderr, (target, out.stderr)
    for writable in ("/data/certs", "/data/recordings", "/tmp", "/home/exitguard"):  # emptyDirs and the claim
        assert kube_pod.exec("touch", f"{writable}/.w").returncode == 0, writable
    for read_only in ("/etc/exitguard-ca/x", "/etc/exitguard-tokens/x"):
        assert kube_pod.exec("touch", read_only).returncode != 0, read_only
    # EXITGUARD_CA_FROM: the Secret's CA copied onto the certs emptyDir, private to the proxy's user
    key = kube_pod.exec("stat", "-c", "%u %a", "/data/certs/mitmproxy-ca.pem").stdout.split()
    assert key[0] == "10001" and int(key[1], 8) & 0o077 == 0, key
    served = kube_pod.exec("cat", "/data/certs/mitmproxy-ca-cert.pem").stdout
    assert served == kube_pod.ca_cert.read_text()


def test_env_and_probes(kube_pod):
    assert kube_pod.exec("printenv", "POD_NAME").stdout.strip() == kube_pod.name  # fieldRef metadata.name
    # podman keeps only the livenessProbe (as the container's health check, mangled: see probe()); the commands of
    # the three probes are run here as the kubelet would
    assert "exitguard-entrypoint" in kube_pod.inspect("{{json .Config.Healthcheck.Test}}")
    for kind in ("startupProbe", "readinessProbe", "livenessProbe"):
        assert probe(kube_pod, kind).returncode == 0, kind
    # every probe started no second proxy: one mitmdump, pid 1
    pids = kube_pod.exec("sh", "-c", "grep -l 'mitm[d]ump' /proc/[0-9]*/cmdline").stdout.split()
    assert pids == ["/proc/1/cmdline"], pids


def test_stops_cleanly(kube_pod):
    """Last: `podman kube down` sends SIGTERM (terminationGracePeriodSeconds: 30 is the kubelet's; podman waits
    its own 10 s); the proxy exits 0 and its audit chain on the claim verifies."""
    recordings = kube_pod.claim_dir("recordings")
    kube_pod.podman.run("pod", "stop", "--time", "20", kube_pod.name, timeout=120)
    assert kube_pod.inspect("{{.State.ExitCode}}") == "0", kube_pod.logs()
    assert auditlog.verify(auditlog.index_files(recordings)) == []
    assert stat.S_IMODE(recordings.stat().st_mode) & 0o002 == 0
