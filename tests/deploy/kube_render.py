"""deploy/k8s/statefulset.yaml rendered into what `podman kube play` (podman 4.3) runs: the pod the StatefulSet
controller would make (ordinal N) and its PersistentVolumeClaim. Everything else in the pod template goes in as
written; each change is listed in Rendered.changes with the reason, so the test can say what ran and what did not.
"""

from __future__ import annotations

import copy
import os
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Rendered:
    pod: dict
    claims: list[dict]
    changes: list[str] = field(default_factory=list)

    @property
    def docs(self) -> list[dict]:
        return [*self.claims, self.pod]

    def container(self, name: str) -> dict:
        return next(c for c in self.pod["spec"]["containers"] if c["name"] == name)


@dataclass(frozen=True)
class DeploySite:
    """What the test adds around the pod: the image, where its upstream is, how the host client reaches it."""

    image: str
    host_port: int
    host_aliases: dict[str, str]  # name -> address, e.g. api.openai.com -> 10.0.2.2 (slirp4netns)
    extra_env: dict[str, str]
    extra_files: dict[str, Path]  # mount path -> host file (read-only)


def render_statefulset_pod(sts: dict, ordinal: int, secrets: dict[str, Path], site: DeploySite,
                           runnable: set[str]) -> Rendered:
    """``secrets``: Secret name -> a folder holding its keys as files (laid out by ``secret_folder``);
    ``runnable``: the containers whose images exist here (the others are left out, and said so)."""
    name = f"{sts['metadata']['name']}-{ordinal}"
    template = copy.deepcopy(sts["spec"]["template"])
    spec = template["spec"]
    changes = [f"kind StatefulSet -> its pod {name} (podman kube play runs Pod, Deployment, PVC, ConfigMap)"]

    claims = []
    for claim_template in sts["spec"].get("volumeClaimTemplates", []):
        claim = copy.deepcopy(claim_template)
        claim_name = f"{claim['metadata']['name']}-{name}"  # the controller's naming: recordings-exitguard-0
        spec["volumes"].append({"name": claim["metadata"]["name"], "persistentVolumeClaim": {"claimName": claim_name}})
        claim.update(apiVersion="v1", kind="PersistentVolumeClaim")
        claim["metadata"] = {"name": claim_name}
        claims.append(claim)

    for container in [c for c in spec["containers"] if c["name"] not in runnable]:
        spec["containers"].remove(container)
        changes.append(f"container {container['name']} left out: its image {container['image']} is not here "
                       "(no registry)")
    used = {m["name"] for c in spec["containers"] for m in c.get("volumeMounts", [])}
    for volume in [v for v in spec["volumes"] if v["name"] not in used]:
        spec["volumes"].remove(volume)
        changes.append(f"volume {volume['name']} left out: only the containers left out mount it")

    for volume in spec["volumes"]:
        if "secret" in volume:
            secret = volume.pop("secret")
            volume["hostPath"] = {"path": str(secrets[secret["secretName"]]), "type": "Directory"}
            changes.append(f"secret volume {volume['name']} -> hostPath of the kubelet's layout (podman 4.3.1 "
                           "crashes on secret volumes: nil dereference in VolumeFromSecret)")

    proxy = spec["containers"][0]
    proxy["image"] = site.image
    for port in proxy.get("ports", []):
        port.update(hostPort=site.host_port, hostIP="127.0.0.1")
    spec["hostAliases"] = [{"ip": ip, "hostnames": [host]} for host, ip in site.host_aliases.items()]
    proxy["env"] = [*proxy.get("env", []), *({"name": k, "value": v} for k, v in site.extra_env.items())]
    for i, (target, source) in enumerate(site.extra_files.items()):
        spec["volumes"].append({"name": f"test-file-{i}", "hostPath": {"path": str(source), "type": "File"}})
        proxy["volumeMounts"].append({"name": f"test-file-{i}", "mountPath": target, "readOnly": True})
    changes.append(f"test site: image {site.image}, hostPort 127.0.0.1:{site.host_port} (a Service's job), "
                   f"hostAliases {site.host_aliases}, env {sorted(site.extra_env)}, files {sorted(site.extra_files)}")

    template["metadata"]["name"] = name
    pod = {"apiVersion": "v1", "kind": "Pod", "metadata": template["metadata"], "spec": spec}
    return Rendered(pod, claims, changes)


def secret_folder(folder: Path, data: dict[str, bytes], default_mode: int, fs_group: int | None) -> Path:
    """A Secret's keys as the kubelet lays them out: one file per key, ``defaultMode``; with the pod's fsGroup the
    files are group-owned by it and group-readable (0400 -> 0440), owned by root."""
    folder.mkdir(mode=0o755)
    mode = default_mode | (0o040 if fs_group is not None and default_mode & 0o400 else 0)
    for key, value in data.items():
        path = folder / key
        path.write_bytes(value)
        os.chown(path, 0, fs_group if fs_group is not None else 0)
        path.chmod(mode)
    return folder
