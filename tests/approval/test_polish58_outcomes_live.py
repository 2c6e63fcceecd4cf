"""polish58, live: what `exitguard approvals approve` tells a reviewer is what happened to the request. A real
mitmdump (and a real two-replica fleet on a real redis-server), the real openai SDK as the agent, the real CLI.
Before: "approved ... (1 waiting request(s) released)" and exit 0 for a request the proxy then answered 409 (the
policy changed while it was held; newuser56), and on the fleet the replica a decision was taken on said
"released" of a request held by a stalled replica that had done nothing yet. Each test here failed before."""

from __future__ import annotations

import json
import signal
import time
from pathlib import Path

import pytest

from addons.approval.control import READ_TIMEOUT
from tests.approval.support import CODENAME, POLICY, write_config
from tests.approval.test_live import (  # noqa: F401  (fixtures)
    Background,
    add_token,
    approvers,
    exitguard,
    start,
    wait_for_pending,
)
from tests.live import harness
from tests.live.redis_server import RedisServer, free_port

pytestmark = pytest.mark.live

RELOAD_WAIT = 60.0  # the policy watcher looks every ~2 s; a rebuild at load ~20 takes seconds more
STRICTER = POLICY.format(mode="enforce").replace("project-codename: {request: approve}",
                                                 "project-codename: {request: block}")


def wait_reloaded(proxy: harness.Proxy, after: int) -> None:
    """Until the proxy says it reloaded the policy (suite61: a fixed 4 s sleep was waited in full each time)."""
    deadline = time.monotonic() + RELOAD_WAIT
    while "reloaded policy" not in proxy.log[after:]:
        assert time.monotonic() < deadline, f"the policy was not reloaded: {proxy.log[after:][-2000:]}"
        time.sleep(0.1)


def test_approving_for_a_window_after_the_policy_changed_is_not_sent_and_exits_3(start, upstream,  # noqa: F811
                                                                                 approvers, tmp_path):  # noqa: F811
    proxy, control = start()
    client = Background(proxy, f"launch plan for {CODENAME}")
    pending = wait_for_pending(control)
    mark = len(proxy.log)
    (tmp_path / "approval-policy.yaml").write_text(STRICTER)
    wait_reloaded(proxy, mark)
    r = exitguard("approve", pending["id"], "--for", "10m", "--control", str(control), approver=approvers["alice"])
    assert r.returncode == 3, r.stdout + r.stderr
    assert "released" not in r.stdout and "sent on" not in r.stdout
    assert "1 not sent: the policy or rules changed while it was held" in r.stdout
    assert "409 exitguard_policy_changed" in r.stdout and CODENAME not in r.stdout + r.stderr
    assert client.result().get("status") == 409
    assert upstream.received == []


class Pair:
    """Replicas a and b on one redis-server, sharing a confdir (one fingerprint key: one seal), each with a policy
    file of its own (a's is made stricter while a request waits there)."""

    def __init__(self, root: Path, upstream: harness.Upstream) -> None:
        self.redis = RedisServer(root / "redis", free_port()).start()
        tokens = root / "tokens.json"
        self.alice = add_token(tokens, "alice", "security")
        self.policy: dict[str, Path] = {}
        self.control: dict[str, Path] = {}
        self.replicas: dict[str, harness.Proxy] = {}
        for name in ("a", "b"):
            (root / name).mkdir()
            self.policy[name], rules = write_config(root / name)
            self.control[name] = root / f"control-{name}.json"
            self.replicas[name] = harness.start_proxy(
                root, upstream, "--set", f"exitguard_policy={self.policy[name]}", "--set", f"exitguard_rules={rules}",
                "--set", "exitguard_approval_timeout=40", "--set", f"exitguard_tokens_file={tokens}",
                "--set", f"exitguard_control_file={self.control[name]}",
                "--set", f"exitguard_record_dir={root / f'records-{name}'}",
                "--set", f"exitguard_state={self.redis.url}", "--set", f"exitguard_replica={name}")

    def close(self) -> None:
        for proxy in self.replicas.values():
            proxy.proc.send_signal(signal.SIGCONT)  # never leave a stopped process behind
            proxy.stop()
        self.redis.stop()


@pytest.fixture(scope="module")
def pair(tmp_path_factory, upstream_session):
    p = Pair(tmp_path_factory.mktemp("pair"), upstream_session)
    yield p
    p.close()


def listed_all(control: Path) -> list[dict]:
    r = exitguard("list", "--all", "--json", "--control", str(control))
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


@pytest.mark.tool
def test_a_decision_on_b_for_a_stalled_holder_says_not_known_yet_and_list_shows_the_outcome(pair, upstream_session):
    upstream_session.reset()
    client = Background(pair.replicas["a"], f"plan one for {CODENAME}", timeout=60)
    pending = wait_for_pending(pair.control["b"])
    assert pending["replica"] == "a"
    pair.replicas["a"].proc.send_signal(signal.SIGSTOP)  # a holds the request and, for now, does nothing
    try:
        r = exitguard("approve", pending["id"], "--control", str(pair.control["b"]), approver=pair.alice)
    finally:
        pair.replicas["a"].proc.send_signal(signal.SIGCONT)
    assert r.returncode == 4, r.stdout + r.stderr
    assert "released" not in r.stdout and "sent on" not in r.stdout
    assert "1 not known yet: the proxy holding it (opened on replica a) has not said whether it sent it" in r.stdout
    assert f"exitguard approvals list --all --control {pair.control['b']}" in r.stdout
    assert client.result(timeout=30) == {"ok": True, "content": "ok"}
    deadline = time.monotonic() + READ_TIMEOUT
    while (seen := [a for a in listed_all(pair.control["b"]) if a["id"] == pending["id"]]) and \
            seen[0]["outcomes"] != {"sent": 1} and time.monotonic() < deadline:
        time.sleep(0.2)
    assert seen and seen[0]["outcomes"] == {"sent": 1}, seen  # what a did, as b lists it
    assert CODENAME not in json.dumps(seen)


@pytest.mark.tool
def test_a_decision_on_b_for_a_request_a_answers_409_says_so(pair, upstream_session):
    upstream_session.reset()
    client = Background(pair.replicas["a"], f"plan two for {CODENAME}", timeout=60)
    pending = wait_for_pending(pair.control["b"])
    kept, mark = pair.policy["a"].read_text(), len(pair.replicas["a"].log)
    pair.policy["a"].write_text(STRICTER)  # a's policy changes while the request waits there
    try:
        wait_reloaded(pair.replicas["a"], mark)
        r = exitguard("approve", pending["id"], "--control", str(pair.control["b"]), approver=pair.alice)
    finally:
        pair.policy["a"].write_text(kept)
    assert r.returncode == 3, r.stdout + r.stderr
    assert "released" not in r.stdout and "sent on" not in r.stdout
    assert "1 not sent: the policy or rules changed while it was held" in r.stdout and CODENAME not in r.stdout
    assert client.result(timeout=30).get("status") == 409
    assert not [x for x in upstream_session.received if x.path.endswith("/chat/completions")]
