"""Dockerfile, compose.yaml and deploy/k8s without a container engine: linters where a registry package ships one
(hadolint, kubernetes-validate --strict, check-jsonschema with the compose spec; looked up in .venv-clients and
PATH), plus structural checks of what the deployment relies on."""

from __future__ import annotations

import fnmatch
import re
import shutil
import subprocess

import pytest
import yaml

from addons.audit import index as auditlog
from tests.live.harness import ROOT

pytestmark = pytest.mark.tool

DOCKERFILE = ROOT / "Dockerfile"
COMPOSE = ROOT / "compose.yaml"
K8S = ROOT / "deploy" / "k8s"
ENTRYPOINT = ROOT / "scripts" / "entrypoint.sh"


def tool(name: str) -> str:
    found = ROOT / ".venv" / "bin" / name
    path = str(found) if found.exists() else shutil.which(name)
    if path is None:
        pytest.fail(f"{name} not installed: run scripts/bootstrap.sh --dev")
    return path


def instructions() -> list[tuple[str, str]]:
    text = re.sub(r"\\\n", " ", DOCKERFILE.read_text())
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1] if " " in line else "")
            for line in (raw.strip() for raw in text.splitlines()) if line and not line.startswith("#")]


def k8s_docs() -> list[dict]:
    return [d for f in sorted(K8S.glob("*.yaml")) if f.name != "kustomization.yaml"
            for d in yaml.safe_load_all(f.read_text()) if d]


def documented_env() -> set[str]:
    return set(re.findall(r"^#\s+(EXITGUARD_[A-Z_]+)", ENTRYPOINT.read_text(), re.M))


# --------------------------------------------------------------------------- Dockerfile


def test_hadolint():
    out = subprocess.run([tool("hadolint"), str(DOCKERFILE)], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


def test_dockerfile_slim_nonroot_volumes_healthcheck():
    ins = instructions()
    assert ins[0] == ("ARG", "BASE_IMAGE=python:3.12-slim") and ins[1] == ("FROM", "${BASE_IMAGE}")
    user = [arg for op, arg in ins if op == "USER"][-1]
    assert user.split(":")[0] not in ("0", "root") and user.split(":")[0].isdigit()
    volumes = " ".join(arg for op, arg in ins if op == "VOLUME")
    assert "/data/certs" in volumes and "/data/recordings" in volumes
    assert any(op == "HEALTHCHECK" and "health" in arg for op, arg in ins)
    assert [arg for op, arg in ins if op == "ENTRYPOINT"] == ['["exitguard-entrypoint"]']


def test_dockerfile_installs_into_a_venv():
    """Debian's own python3 (a base made from Debian packages) is externally managed (PEP 668): pip may install
    only into a venv, which works the same on python:*-slim."""
    ins = instructions()
    runs = [arg for op, arg in ins if op == "RUN"]
    venv_at = next(i for i, arg in enumerate(runs) if "python3 -m venv /opt/venv" in arg)
    assert all(i > venv_at for i, arg in enumerate(runs) if "pip install" in arg)
    assert "PATH=/opt/venv/bin:$PATH" in " ".join(arg for op, arg in ins if op == "ENV")


def test_dockerfile_bakes_in_no_secret():
    ins = instructions()
    copied = " ".join(arg for op, arg in ins if op in ("COPY", "ADD"))
    assert not re.search(r"\bcerts\b|\.pem\b|\.key\b|\.p12\b|tokens|\.env\b|recordings", copied), copied
    assert not [op for op, _ in ins if op == "ADD"]  # COPY only: no remote downloads or auto-extraction
    for op, arg in ins:
        if op in ("ENV", "ARG"):
            assert not re.search(r"(?i)(token|secret|password|api_key)\w*=\S", arg), arg
    ignored = set((ROOT / ".dockerignore").read_text().split())
    assert {"certs", "recordings", ".exitguard-*", ".venv*"} <= ignored  # not even in the build context
    env_names = set(re.findall(r"\b(EXITGUARD_[A-Z_]+)=", " ".join(a for o, a in ins if o == "ENV")))
    assert env_names <= documented_env()


# --------------------------------------------------------------------------- compose


def test_compose_schema():
    out = subprocess.run([tool("check-jsonschema"), "--builtin-schema", "vendor.compose-spec", str(COMPOSE)],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


def test_compose_job_only_route_is_the_proxy():
    spec = yaml.safe_load(COMPOSE.read_text())
    services, networks = spec["services"], spec["networks"]
    job, proxy = services["job"], services["exitguard"]
    assert job["networks"] == ["ci-internal"] and networks["ci-internal"]["internal"] is True
    assert set(proxy["networks"]) == {"ci-internal", "egress"} and not networks["egress"].get("internal")
    assert job["depends_on"]["exitguard"]["condition"] == "service_healthy"
    assert "ports" not in job and all(p.startswith("127.0.0.1:") for p in proxy.get("ports", []))
    # the job sees the public CA only, never the volume holding the key
    job_volumes = [v.split(":")[0] for v in job["volumes"]]
    assert "certs" not in job_volumes and "ca-public" in job_volumes
    assert proxy["environment"]["EXITGUARD_PUBLIC_DIR"] == "/data/ca-public"
    assert set(proxy["environment"]) <= documented_env()
    # a non-loopback listener: authentication configured (the entrypoint refuses otherwise)
    assert proxy["environment"]["EXITGUARD_TOKENS_FILE"].startswith("/run/secrets/")


# --------------------------------------------------------------------------- Kubernetes


def test_kubernetes_schemas_strict():
    files = [str(f) for f in sorted(K8S.glob("*.yaml")) if f.name != "kustomization.yaml"]
    out = subprocess.run([tool("kubernetes-validate"), "--strict", "--quiet", *files], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


def test_kustomization_lists_every_manifest_but_the_per_namespace_policy():
    kust = yaml.safe_load((K8S / "kustomization.yaml").read_text())
    listed = set(kust["resources"])
    present = {f.name for f in K8S.glob("*.yaml")} - {"kustomization.yaml", "ci-client-networkpolicy.yaml"}
    assert listed == present


def test_statefulset_replicas_volumes_probes_and_services_match():
    docs = k8s_docs()
    by_kind = {}
    for d in docs:
        assert d["apiVersion"] and d["metadata"]["name"]
        by_kind.setdefault(d["kind"], []).append(d)
    sts = by_kind["StatefulSet"][0]
    spec, pod = sts["spec"], sts["spec"]["template"]["spec"]
    labels = sts["spec"]["template"]["metadata"]["labels"]
    assert spec["replicas"] >= 2 and spec["selector"]["matchLabels"].items() <= labels.items()
    assert [t["metadata"]["name"] for t in spec["volumeClaimTemplates"]] == ["recordings"]
    assert pod["securityContext"]["runAsNonRoot"] is True and pod["securityContext"]["runAsUser"] != 0
    proxy = next(c for c in pod["containers"] if c["name"] == "exitguard")
    for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
        assert proxy[probe]["exec"]["command"] == ["exitguard-entrypoint", "health"]
    env = {e["name"]: e for e in proxy["env"]}
    assert {n for n in env if n.startswith("EXITGUARD_")} <= documented_env()
    assert env["EXITGUARD_TOKENS_FILE"]["value"]  # listens on 0.0.0.0: authentication configured
    assert env["EXITGUARD_CA_FROM"]["value"].startswith("/etc/exitguard-ca/")  # one CA for all replicas
    assert {"recordings", "certs"} <= {m["name"] for m in proxy["volumeMounts"]}

    services = {s["metadata"]["name"]: s for s in by_kind["Service"]}
    assert services[spec["serviceName"]]["spec"]["clusterIP"] == "None"  # per-pod DNS for approvals
    for s in services.values():
        assert s["spec"]["selector"].items() <= labels.items()
        assert {p["targetPort"] for p in s["spec"]["ports"]} <= {p["name"] for p in proxy["ports"]}
    policies = {p["metadata"]["name"]: p["spec"] for p in by_kind["NetworkPolicy"]}
    assert policies["exitguard"]["podSelector"]["matchLabels"].items() <= labels.items()
    client_egress = policies["exitguard-clients-egress-only-via-proxy"]["egress"]
    assert client_egress[0]["to"][0]["podSelector"]["matchLabels"].items() <= labels.items()


def test_vector_ships_the_audit_index_files():
    cm = next(d for d in k8s_docs() if d["kind"] == "ConfigMap")
    vector = yaml.safe_load(cm["data"]["vector.yaml"])
    include = vector["sources"]["exitguard_index"]["include"]
    sample = f"/data/recordings/{auditlog.INDEX_GLOB.replace('*', '000001-20260101T000000Z')}"
    assert any(fnmatch.fnmatch(sample, pattern.replace("**/", "")) for pattern in include)
    for sink in vector["sinks"].values():
        assert sink["inputs"] == ["exitguard_parsed"]
    sts = next(d for d in k8s_docs() if d["kind"] == "StatefulSet")
    sidecar = next(c for c in sts["spec"]["template"]["spec"]["containers"] if c["name"] == "vector")
    mounts = {m["name"]: m for m in sidecar["volumeMounts"]}
    assert mounts["recordings"]["readOnly"] is True and mounts["recordings"]["mountPath"] == "/data/recordings"


def test_shell_scripts_pass_shellcheck():
    scripts = [str(ROOT / "scripts" / n) for n in ("entrypoint.sh", "transparent-egress.sh")]
    out = subprocess.run([tool("shellcheck"), *scripts], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout


def test_kustomize_build_offline(tmp_path):
    """`kubectl kustomize` renders the kustomization with no cluster (`kubectl apply --dry-run=client -k` does not:
    it asks an API server for the resource types); the result passes the strict schemas, every object in the
    exitguard namespace."""
    kubectl = shutil.which("kubectl")
    if kubectl is None:
        pytest.fail("kubectl not installed (apt-get install kubectl where the machine's sources carry it; scripts/test "
                    "installs it when run as root)", pytrace=False)
    out = subprocess.run([kubectl, "kustomize", str(K8S)], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    docs = [d for d in yaml.safe_load_all(out.stdout) if d]
    assert sorted(d["kind"] for d in docs) == ["ConfigMap", "Namespace", "NetworkPolicy", "PodDisruptionBudget",
                                               "Service", "Service", "StatefulSet"]
    assert all(d["metadata"].get("namespace") == "exitguard" for d in docs if d["kind"] != "Namespace")
    built = tmp_path / "built.yaml"
    built.write_text(out.stdout)
    check = subprocess.run([tool("kubernetes-validate"), "--strict", "--quiet", str(built)], capture_output=True,
                           text=True)
    assert check.returncode == 0, check.stdout + check.stderr
