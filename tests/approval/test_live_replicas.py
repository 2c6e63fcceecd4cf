"""Live: three real mitmdump replicas sharing their state in a real redis-server, behind a TCP round-robin
balancer, with the real openai SDK as the agent and the real `exitguard` CLI deciding (issue 16).

Marked ``live`` and ``tool`` (needs the redis-server package; scripts/test installs it). Nothing beyond
127.0.0.1 is contacted. The replicas share a confdir (one mitmproxy CA, one fingerprint key: an identical
request has the same fingerprint on every replica) and a token file; each has its own control file, record
folder and name.
"""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

import pytest

from addons.audit import index as auditlog
from tests.approval.support import CODENAME, write_config
from tests.approval.test_live import EXITGUARD, Background, add_token, exitguard, wait_for_pending
from tests.live import harness
from tests.live.balancer import Balancer
from tests.live.redis_server import RedisServer, free_port

pytestmark = [pytest.mark.live, pytest.mark.tool]

REDIS_PASSWORD = "fleet-redis-pw-not-a-real-one"
NAMES = ("a", "b", "c")


class Fleet:
    def __init__(self, root: Path, upstream: harness.Upstream) -> None:
        self.root = root
        self.redis = RedisServer(root / "redis", free_port(), password=REDIS_PASSWORD).start()
        policy, rules = write_config(root)
        tokens = root / "tokens.json"
        self.alice = add_token(tokens, "alice", "security")
        self.replicas: dict[str, harness.Proxy] = {}
        self.control = {name: root / f"control-{name}.json" for name in NAMES}
        self.records = {name: root / f"records-{name}" for name in NAMES}
        for name in NAMES:  # one after the other: the first creates the shared CA and fingerprint key
            self.replicas[name] = harness.start_proxy(
                root, upstream, "--set", f"exitguard_policy={policy}", "--set", f"exitguard_rules={rules}",
                "--set", "exitguard_approval_timeout=30", "--set", f"exitguard_tokens_file={tokens}",
                "--set", f"exitguard_control_file={self.control[name]}",
                "--set", f"exitguard_record_dir={self.records[name]}",
                "--set", f"exitguard_state={self.redis.url}", "--set", f"exitguard_replica={name}")
        self.balancer = Balancer([p.port for p in self.replicas.values()])
        confdir = self.replicas["a"].confdir
        self.front = harness.Proxy(self.replicas["a"].proc, self.balancer.port, confdir, [])  # what agents use

    def close(self) -> None:
        self.balancer.close()
        for proxy in self.replicas.values():
            proxy.stop()
        self.redis.stop()

    def logs(self) -> str:
        return "".join(p.log for p in self.replicas.values())


@pytest.fixture(scope="module")
def fleet(tmp_path_factory, upstream_session):
    f = Fleet(tmp_path_factory.mktemp("fleet"), upstream_session)
    yield f
    f.close()
    assert REDIS_PASSWORD not in f.logs()  # the URL is masked in every log line


def hold(front: harness.Proxy, text: str, control: Path, attempts: int = 20) -> tuple[Background, dict]:
    """Send through the balancer until a replica holds it (just after a Redis restart a replica still
    reconnecting answers 503 at once: that is the fail-closed path, so try again)."""
    for _ in range(attempts):
        client = Background(front, text, timeout=40)
        deadline = time.monotonic() + 15  # each listing is a CLI process (and its proof): slow under load
        while client.running() and time.monotonic() < deadline:
            listed = exitguard("list", "--json", "--control", str(control))
            pending = json.loads(listed.stdout) if listed.returncode == 0 else []
            if pending:
                return client, pending[0]
            time.sleep(0.2)
        if client.running():
            raise AssertionError("held, but not listed")
        assert client.result()["status"] == 503
        time.sleep(0.5)
    raise AssertionError("no replica held the request")


def test_a_decision_on_b_releases_a_request_held_on_a_and_a_retry_on_b_joins_it(fleet, upstream_session):
    upstream_session.reset()
    text = f"plan one for {CODENAME}"
    first = Background(fleet.replicas["a"], text, timeout=40)
    pending = wait_for_pending(fleet.control["c"])  # listed by any replica
    assert pending["replica"] == "a" and CODENAME not in json.dumps(pending)
    retry = Background(fleet.replicas["b"], text, timeout=40)  # an SDK retry that landed elsewhere
    joined = wait_for_pending(fleet.control["c"], requests=2)
    assert joined["id"] == pending["id"]
    r = exitguard("approve", pending["id"], "--control", str(fleet.control["b"]), approver=fleet.alice)
    assert r.returncode == 0, r.stderr
    assert first.result() == retry.result() == {"ok": True, "content": "ok"}
    assert len([x for x in upstream_session.received if x.path.endswith("/chat/completions")]) == 2


def test_every_replica_sees_the_fleet_and_its_policy_versions(fleet):
    shown = exitguard("fleet", "--json", "--control", str(fleet.control["b"]))
    assert shown.returncode == 0, shown.stdout + shown.stderr  # 1 would mean: the policies differ
    doc = json.loads(shown.stdout)
    assert doc["replica"] == "b" and {r["replica"] for r in doc["replicas"]} == set(NAMES)
    assert len({r["policy"] for r in doc["replicas"]}) == 1 and not doc["policy_diverges"]
    assert REDIS_PASSWORD not in shown.stdout and "redis://***@127.0.0.1" in doc["state"]


def test_a_window_granted_through_c_covers_a_retry_on_a(fleet):
    text = f"plan two for {CODENAME}"
    client, pending = hold(fleet.front, text, fleet.control["a"])
    r = exitguard("approve", pending["id"], "--for", "5m", "--control", str(fleet.control["c"]),
                  approver=fleet.alice)
    assert r.returncode == 0, r.stderr
    assert client.result() == {"ok": True, "content": "ok"}
    # Never held: no one approves it, so a held retry would still wait at the client's 25 s (the hold lasts 30 s) and
    # fail. A bound of 8 s on its time failed under load (a client start and TLS took longer, not a hold).
    again = Background(fleet.replicas["a"], text, timeout=25)
    assert again.result(timeout=30) == {"ok": True, "content": "ok"} and again.elapsed < 25
    assert json.loads(exitguard("list", "--json", "--control", str(fleet.control["a"])).stdout) == []


def test_a_redis_restart_fails_pending_approvals_closed_and_new_ones_work_again(fleet):
    client, pending = hold(fleet.front, f"plan three for {CODENAME}", fleet.control["b"])
    fleet.redis.restart()  # SIGKILL and start: without persistence every key is gone
    failed = client.result(timeout=10)
    # the agent is told to retry, not which store (newuser51); the holder's record says which and why
    assert failed["status"] == 503 and "cannot reach its shared state store" in failed["message"]
    assert "127.0.0.1" not in failed["message"] and REDIS_PASSWORD not in failed["message"]
    holder = fleet.records[pending["replica"]]
    record = _wait_for_record(holder, lambda r: (r.get("approval") or {}).get("id") == pending["id"])
    assert record["status"] == 503 and record["approval"]["state"] == "lost" and record["replica"] == pending["replica"]
    assert "Redis at redis://***@127.0.0.1" in record["approval"]["reason"]
    client, fresh = hold(fleet.front, f"plan four for {CODENAME}", fleet.control["c"])
    assert fresh["id"] != pending["id"]
    r = exitguard("approve", fresh["id"], "--control", str(fleet.control["a"]), approver=fleet.alice)
    assert r.returncode == 0, r.stderr
    assert client.result() == {"ok": True, "content": "ok"}


LOAD = """
import json, sys, httpx
for i in range({n}):
    try:
        with httpx.Client(proxy="{proxy}", verify="{ca}", timeout=10) as c:  # a new connection each time
            r = c.post("https://api.openai.com/v1/chat/completions", json={{"model": "m", "messages": []}})
        print(json.dumps({{"i": i, "status": r.status_code}}), flush=True)
    except httpx.HTTPError as e:
        print(json.dumps({{"i": i, "error": type(e).__name__}}), flush=True)
"""


def test_killing_a_replica_under_load_keeps_the_others_serving_and_their_folders_verify(fleet):
    n, kill_after = 45, 15
    load = subprocess.Popen([str(harness.CLIENT_PYTHON), "-c", LOAD.format(n=n, proxy=fleet.front.url,
                                                                             ca=fleet.front.ca)],
                            stdout=subprocess.PIPE, text=True, env=harness.client_env(fleet.front))
    results = []
    for line in load.stdout:
        results.append(json.loads(line))
        if len(results) == kill_after:
            fleet.replicas["b"].stop(sig=9)
    assert load.wait(30) == 0 and len(results) == n
    failed = [r for r in results if r.get("status") != 200]
    assert len(failed) <= 2, failed  # at most what was in flight on b when it died
    assert all(r.get("status") == 200 for r in results[kill_after + 2:])  # then a and c take everything
    served = {name: _replicas_in(fleet.records[name]) for name in ("a", "c")}
    assert served == {"a": {"a"}, "c": {"c"}}
    survivors = ["--dir", str(fleet.records["a"]), "--dir", str(fleet.records["c"])]
    this_checkout = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(harness.ROOT)}
    verify = subprocess.run([str(EXITGUARD), "audit", "verify", *survivors], capture_output=True, text=True,
                            timeout=60, cwd=harness.ROOT, env=this_checkout)
    assert verify.returncode == 0, verify.stdout + verify.stderr
    assert verify.stdout.count("OK") == 3  # each chain on its own, then the folders together
    everything = [arg for name in NAMES for arg in ("--dir", str(fleet.records[name]))]
    listing = subprocess.run([str(EXITGUARD), "audit", "list", "--json", *everything],
                             capture_output=True, text=True, timeout=60, cwd=harness.ROOT, env=this_checkout)
    records = [json.loads(line) for line in listing.stdout.splitlines()]
    assert {r.get("replica") for r in records if r.get("event") == "flow"} == set(NAMES)
    times = [r["time"] for r in records]
    assert times == sorted(times)  # one listing of the fleet, merged by time


def _replicas_in(folder: Path) -> set[str]:
    files = auditlog.index_files(folder)
    return {r.get("replica") for _, _, r in auditlog.read_records(files) if r.get("event") == "flow"}


def _wait_for_record(folder: Path, wanted, timeout: float = 10) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for _, _, r in auditlog.read_records(auditlog.index_files(folder)):
            if r.get("event") == "flow" and wanted(r):
                return r
        time.sleep(0.2)
    raise AssertionError(f"no such record in {folder}")
