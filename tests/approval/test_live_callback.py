"""Live: decisions from outside through the approval callback listener, across two real mitmdump replicas that
share a real redis-server. The real openai SDK is the agent; a local webhook receiver stands for the outside
edge (a chat tool, a ticket system) and calls back over plain HTTP, as it would through a load balancer.

- a: webhook in exitguard's JSON shape, with decision links whose base URL is b's listener (the balancer sent the
  click to b); b decides, the request held on a is released, a's audit index names "webhook-link".
- b: webhook in the Slack shape with Approve/Deny buttons; a Slack-signed block_actions call reaches a's
  listener and releases the request held on b, recorded with the Slack user; a then updates the Slack message
  through the call's response_url, on the local HTTPS upstream standing for hooks.slack.com (its test CA is the
  proxies' system trust store through SSL_CERT_FILE).
- the approve-for link: a request held on a is approved through b's listener with a window; the identical retry
  on b passes without being held (the window is in the shared store), recorded with the decider and the window.

Marked ``live`` and ``tool`` (redis-server). Nothing beyond 127.0.0.1 is contacted.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

import pytest

from addons.approval import capability
from addons.audit import index as auditlog
from tests.approval.support import CODENAME, write_config
from tests.approval.test_live import Background
from tests.approval.webhook import Receiver
from tests.live import harness
from tests.live.redis_server import RedisServer, free_port

pytestmark = [pytest.mark.live, pytest.mark.tool]

SLACK_SECRET = "live-test-signing-secret-not-real"


SLACK_RESPONSE_PATH = "/actions/T0LIVE/1234/not-a-real-response-secret"


class Pair:
    def __init__(self, root: Path, upstream: harness.Upstream) -> None:
        self.upstream = upstream
        self.redis = RedisServer(root / "redis", free_port()).start()
        self.receiver = Receiver()
        policy, rules = write_config(root)
        secret = root / "slack-secret"
        secret.write_text(SLACK_SECRET + "\n")
        secret.chmod(0o600)
        self.listen = {"a": free_port(), "b": free_port()}
        self.records = {name: root / f"records-{name}" for name in ("a", "b")}
        common = ("--set", f"exitguard_policy={policy}", "--set", f"exitguard_rules={rules}",
                  "--set", "exitguard_approval_timeout=30", "--set", f"exitguard_state={self.redis.url}",
                  "--set", f"exitguard_approval_webhook={self.receiver.url}",
                  "--set", f"exitguard_approval_slack_signing_secret_file={secret}",
                  "--set", f"exitguard_approval_slack_response_hosts=localhost:{upstream.port}")
        per_replica = {
            "a": ("--set", "exitguard_approval_webhook_format=json",
                  "--set", f"exitguard_approval_callback_url=http://127.0.0.1:{self.listen['b']}"),
            "b": ("--set", "exitguard_approval_webhook_format=slack"),
        }
        self.replicas = {}
        try:
            with pytest.MonkeyPatch.context() as env:  # the proxies trust the test CA for Slack's response_url
                env.setenv("SSL_CERT_FILE", str(harness.upstream_ca_path(upstream)))
                self._start(root, common, per_replica)
        except BaseException:
            self.close()
            raise

    def _start(self, root: Path, common: tuple[str, ...], per_replica: dict[str, tuple[str, ...]]) -> None:
        for name in ("a", "b"):
            self.replicas[name] = harness.start_proxy(
                root, self.upstream, *common, *per_replica[name], "--set", f"exitguard_replica={name}",
                "--set", f"exitguard_control_file={root / f'control-{name}.json'}",
                "--set", f"exitguard_record_dir={self.records[name]}",
                "--set", f"exitguard_approval_callback_listen=127.0.0.1:{self.listen[name]}")

    def close(self) -> None:
        for proxy in self.replicas.values():
            proxy.stop()
        self.receiver.close()
        self.redis.stop()

    def logs(self) -> str:
        return "".join(p.log for p in self.replicas.values())

    def notification(self, count: int, timeout: float = 15) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if len(self.receiver.received) >= count:
                return self.receiver.received[count - 1]
            time.sleep(0.1)
        raise AssertionError("no webhook notification arrived")


@pytest.fixture(scope="module")
def pair(tmp_path_factory, upstream_session):
    p = Pair(tmp_path_factory.mktemp("callback"), upstream_session)
    yield p
    p.close()


def post(url: str, body: bytes = b"", headers: dict | None = None) -> tuple[int, dict]:
    request = urllib.request.Request(url, data=body, headers=headers or {}, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def test_an_approve_link_posted_to_b_releases_the_request_held_on_a(pair):
    client = Background(pair.replicas["a"], f"link plan for {CODENAME}", timeout=40)
    doc = pair.notification(1)
    assert doc["event"] == "exitguard.approval.requested" and CODENAME not in json.dumps({**doc, "callbacks": 0})
    approve = doc["callbacks"]["approve"]
    assert approve.startswith(f"http://127.0.0.1:{pair.listen['b']}/v1/links/{doc['id']}/approve/")
    status, answer = post(approve)
    assert status == 200, answer
    # polish58: what a did with it, told to the link's caller on b (a sealed report in the store)
    assert answer["approval"] == {"id": doc["id"], "state": "approved", "decider": "webhook-link", "window_s": None,
                                  "outcomes": {"sent": 1}, "unreported": 0}
    assert client.result(timeout=20) == {"ok": True, "content": "ok"}
    record = _wait_for_record(pair.records["a"], doc["id"])
    assert record["status"] == 200 and record["approval"]["decider"] == "webhook-link"
    status, answer = post(approve)  # a replay, even on the other replica
    assert status == 403 and answer == {"error": "invalid, used or expired link"}
    assert post(approve.replace(str(pair.listen["b"]), str(pair.listen["a"])))[0] == 403
    token = approve.rsplit("/", 1)[1]
    assert token not in pair.logs() and token not in json.dumps(record)


def test_a_slack_signed_button_posted_to_a_releases_the_request_held_on_b(pair):
    client = Background(pair.replicas["b"], f"slack plan for {CODENAME}", timeout=40)
    doc = pair.notification(2)
    buttons = doc["blocks"][-1]
    approve = next(b for b in buttons["elements"] if b["action_id"] == "exitguard_approve")
    approval_id = approve["value"].split(":")[0]
    payload = {"type": "block_actions", "user": {"id": "U0LIVE01", "username": "rita"},
               "team": {"id": "T0LIVE"}, "actions": [{"action_id": approve["action_id"], "value": approve["value"],
                                                       "block_id": buttons["block_id"], "type": "button"}],
               "response_url": f"https://localhost:{pair.upstream.port}{SLACK_RESPONSE_PATH}"}
    body = urlencode({"payload": json.dumps(payload)}).encode()
    stamp = str(int(time.time()))
    headers = {"Content-Type": "application/x-www-form-urlencoded", "X-Slack-Request-Timestamp": stamp,
               "X-Slack-Signature": capability.slack_signature(SLACK_SECRET.encode(), stamp, body)}
    forged = {**headers, "X-Slack-Signature": capability.slack_signature(b"guessed", stamp, body)}
    assert post(f"http://127.0.0.1:{pair.listen['a']}/v1/slack/actions", body, forged)[0] == 401
    status, answer = post(f"http://127.0.0.1:{pair.listen['a']}/v1/slack/actions", body, headers)
    assert status == 200, answer
    assert client.result(timeout=20) == {"ok": True, "content": "ok"}
    record = _wait_for_record(pair.records["b"], approval_id)
    assert record["approval"]["decider"] == "slack:U0LIVE01 (rita)" and record["status"] == 200
    update = _wait_for_slack_update(pair.upstream)
    assert update["replace_original"] is True and all(b["type"] != "actions" for b in update["blocks"])
    assert "Approved by slack:U0LIVE01 (rita)" in update["blocks"][-1]["text"]["text"]
    assert approval_id in update["text"] and CODENAME not in json.dumps(update)
    assert SLACK_SECRET not in pair.logs() and SLACK_RESPONSE_PATH not in pair.logs()
    assert f"Slack message of approval {approval_id} updated" in pair.replicas["a"].log


def test_an_approve_for_link_lets_the_identical_retry_pass_on_the_other_replica(pair):
    before = len(pair.receiver.received)
    text = f"window plan for {CODENAME}"
    client = Background(pair.replicas["a"], text, timeout=40)
    doc = pair.notification(before + 1)
    links = doc["callbacks"]
    assert links["window_s"] == 900
    status, answer = post(links["approve_window"])
    assert status == 200, answer
    assert answer["approval"] == {"id": doc["id"], "state": "approved", "decider": "webhook-link", "window_s": 900,
                                  "outcomes": {"sent": 1}, "unreported": 0}
    assert client.result(timeout=20) == {"ok": True, "content": "ok"}
    held = _wait_for_record(pair.records["a"], doc["id"])
    assert held["approval"]["decider"] == "webhook-link" and held["approval"]["window_s"] == 900
    retry = Background(pair.replicas["b"], text, timeout=40)  # identical, on the other replica
    assert retry.result(timeout=20) == {"ok": True, "content": "ok"}
    passed = _wait_for_record(pair.records["b"], doc["id"])
    assert passed["approval"]["via"] == "window" and passed["approval"]["decider"] == "webhook-link"
    assert passed["approval"]["window_left_s"] > 0 and passed["status"] == 200
    assert len(pair.receiver.received) == before + 1  # nobody was asked again
    for kind in ("approve_window", "approve", "deny"):
        assert post(links[kind])[0] == 403  # used, and its siblings revoked


def _wait_for_slack_update(upstream: harness.Upstream, timeout: float = 10) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for received in list(upstream.received):
            if received.path == SLACK_RESPONSE_PATH:
                return received.json()
        time.sleep(0.1)
    raise AssertionError("the Slack message was not updated")


def _wait_for_record(folder: Path, approval_id: str, timeout: float = 10) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for _, _, r in auditlog.read_records(auditlog.index_files(folder)):
            if r.get("event") == "flow" and (r.get("approval") or {}).get("id") == approval_id:
                return r
        time.sleep(0.2)
    raise AssertionError(f"no record of approval {approval_id} in {folder}")


def test_the_callback_listener_is_never_reached_through_the_proxy(tmp_path):
    """Even with its address exempted from the loopback refusal, the proxy will not connect to the listener."""
    port = free_port()
    proxy = harness.start_proxy(tmp_path, None, "--set", f"exitguard_approval_callback_listen=127.0.0.1:{port}",
                                "--set", f"exitguard_allow_upstreams=127.0.0.1:{port}", route=False)
    try:
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({"http": proxy.url}))
        request = urllib.request.Request(f"http://127.0.0.1:{port}/v1/links/0badc0de/approve/{'z' * 43}",
                                         data=b"", method="POST")
        with pytest.raises(urllib.error.HTTPError) as refused:
            opener.open(request, timeout=10)
        assert refused.value.code == 502
        assert b"invalid, used or expired link" not in refused.value.read()
        deadline = time.monotonic() + 5
        while "refused a connection through the proxy" not in proxy.log and time.monotonic() < deadline:
            time.sleep(0.1)
        assert "refused a connection through the proxy to the approval callback listener" in proxy.log
        assert "approval callback from" not in proxy.log  # the listener saw no call
        assert post(f"http://127.0.0.1:{port}/v1/links/0badc0de/approve/{'z' * 43}")[0] == 403  # it is up
    finally:
        proxy.stop()
