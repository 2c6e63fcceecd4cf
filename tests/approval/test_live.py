"""Live: a real mitmdump / mitmweb with the bundle, the real openai SDK in a background client process, and the
real `exitguard approvals` CLI deciding. Nothing beyond 127.0.0.1 is contacted."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from mitmproxy import io

from addons.cli.approvals import ControlClient, ControlError
from addons.core import metakeys
from tests.approval.support import CODENAME, TOKEN, write_config
from tests.approval.webhook import Receiver
from tests.live import harness

pytestmark = pytest.mark.live

EXITGUARD = harness.ROOT / ".venv" / "bin" / "exitguard"

# The SDK call, printed as one JSON line whatever happens. TEXT/TIMEOUT/RETRIES are filled in per test.
OPENAI_CALL = """
import json, openai

client = openai.OpenAI(api_key="sk-exitguard-test-not-a-key", timeout={timeout}, max_retries={retries})
try:
    r = client.chat.completions.create(model="gpt-test", messages=[{{"role": "user", "content": {text!r}}}])
    print(json.dumps({{"ok": True, "content": r.choices[0].message.content}}))
except openai.APIStatusError as e:
    print(json.dumps({{"error": type(e).__name__, "status": e.status_code, "message": str(e)}}))
except openai.APIConnectionError as e:
    print(json.dumps({{"error": type(e).__name__, "message": str(e)}}))
"""


class Background:
    """A client process running while the test decides; result() waits for its JSON line."""

    def __init__(self, proxy: harness.Proxy, text: str, timeout: float = 20, retries: int = 0, **env: str) -> None:
        self.started = time.monotonic()
        self.proc = harness.start_client(OPENAI_CALL.format(text=text, timeout=timeout, retries=retries), proxy,
                                         **env)  # forked with the SDK imported (tests/live/forkserver.py)

    def running(self) -> bool:
        return self.proc.poll() is None

    def result(self, timeout: float = 15) -> dict:
        try:
            out, err = self.proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            raise AssertionError("the client is still hanging") from None
        self.elapsed = time.monotonic() - self.started
        assert out.strip(), err[-3000:]
        return json.loads(out.strip().splitlines()[-1])


def exitguard(*args: str, approver: str | None = None) -> subprocess.CompletedProcess:
    env = {"PATH": "/usr/bin:/bin", "COLUMNS": "200", "PYTHONPATH": str(harness.ROOT)}  # this checkout's CLI
    if approver:
        env["EXITGUARD_APPROVER_TOKEN"] = approver
    return harness.exitguard("approvals", *args, timeout=20, cwd=harness.ROOT, env=env)  # forked, a process


def add_token(tokens: Path, name: str, groups: str = "") -> str:
    added = harness.exitguard("token", "--file", str(tokens), "add", name, "--groups", groups, timeout=20,
                              cwd=harness.ROOT, env={**os.environ, "PYTHONPATH": str(harness.ROOT)})
    return next(line for line in added.stdout.splitlines() if line.startswith("egt_"))


@pytest.fixture(scope="module")
def approvers(tmp_path_factory) -> dict[str, str]:
    """Proxy tokens: alice and bob approve (group security, named by the test policy); agent-7 does not. One file for
    the module's proxies (they only read it): three `exitguard token add` runs per test were ~4 s of each test."""
    tokens = tmp_path_factory.mktemp("approvers") / "tokens.json"
    return {"file": str(tokens), "alice": add_token(tokens, "alice", "security"),
            "bob": add_token(tokens, "bob", "security"), "agent-7": add_token(tokens, "agent-7", "agents")}


def wait_for_pending(control: Path, requests: int = 1, timeout: float = 15) -> dict:
    """The first pending approval once it holds ``requests`` requests. Asked in this process with the CLI's own
    client (what `exitguard approvals list --json` prints), not a CLI process per poll: each was ~0.2 s of CPU, and
    a wait polled several times while the client process started."""
    deadline = time.monotonic() + timeout
    seen: object = None
    while time.monotonic() < deadline:
        try:
            pending = ControlClient.from_file(control).call("GET", "/v1/approvals")["approvals"]
        except ControlError as e:  # no control file yet, or the listener not up
            seen = e
        else:
            if pending and pending[0]["requests"] >= requests:
                return pending[0]
            seen = pending
        time.sleep(0.05)
    raise AssertionError(f"no pending approval with {requests} request(s): {seen}")


def statuses_with_the_first_hold_approved(proxy: harness.Proxy, control: Path, approver: str, agent: str) -> list:
    """``agent`` (a client script that prints the statuses its calls got as a JSON list) run through ``proxy``, the
    first call held approved ``--for 10m`` with the real CLI by ``approver``: the statuses."""
    client = harness.start_client(agent, proxy)
    pending = wait_for_pending(control)
    r = exitguard("approve", pending["id"], "--for", "10m", "--control", str(control), approver=approver)
    assert r.returncode == 0, r.stderr
    out, err = client.communicate(timeout=60)
    assert out.strip(), err[-2000:]
    return json.loads(out.strip().splitlines()[-1])


def approval_options(folder: Path, approvers: dict[str, str], timeout: int) -> list[str]:
    """The test config's policy and rules, written to ``folder``, holds that expire after ``timeout`` s, the
    approvers' token file and the control file in ``folder``."""
    policy, rules = write_config(folder)
    return ["--set", f"exitguard_policy={policy}", "--set", f"exitguard_rules={rules}",
            "--set", f"exitguard_approval_timeout={timeout}", "--set", f"exitguard_tokens_file={approvers['file']}",
            "--set", f"exitguard_control_file={folder / 'exitguard-control.json'}"]


def wait_for_control(control: Path) -> None:
    deadline = time.monotonic() + 10
    while not control.exists() and time.monotonic() < deadline:
        time.sleep(0.05)


@pytest.fixture
def start(proxy_factory, upstream, tmp_path, approvers):
    def start_proxy(*extra: str, timeout: int = 20, **kw) -> tuple[harness.Proxy, Path]:
        control = tmp_path / "exitguard-control.json"
        proxy = proxy_factory(*approval_options(tmp_path, approvers, timeout), *extra, **kw)
        wait_for_control(control)
        return proxy, control

    return start_proxy


def test_held_call_completes_after_approval_via_the_cli(start, upstream, tmp_path, approvers):
    record = tmp_path / "flows.mitm"
    proxy, control = start("--set", f"save_stream_file={record}")
    client = Background(proxy, f"launch plan for {CODENAME}")
    pending = wait_for_pending(control)
    time.sleep(0.5)
    assert client.running() and upstream.received == []  # blocked, and nothing went out
    listed = exitguard("list", "--control", str(control))
    assert pending["id"] in listed.stdout and "[MASKED:project-codename:" in listed.stdout
    assert CODENAME not in listed.stdout
    r = exitguard("approve", pending["id"], "--control", str(control), approver=approvers["alice"])
    assert r.returncode == 0, r.stderr
    assert client.result() == {"ok": True, "content": "ok"}
    (sent,) = upstream.received
    assert CODENAME in sent.json()["messages"][0]["content"]  # approved: sent as written
    proxy.stop()
    with open(record, "rb") as f:
        (flow,) = [f for f in io.FlowReader(f).stream() if f.request.path.startswith("/v1/chat")]
    md = flow.metadata[metakeys.APPROVAL]
    assert md["state"] == "approved" and md["decider"] == "alice" and md["id"] == pending["id"]
    assert md["waited_ms"] >= 500 and flow.metadata[metakeys.DECISION] == "approved"


def test_denied_call_raises_permission_denied_and_reviewers_were_notified(start, upstream):
    receiver = Receiver()
    try:
        proxy, control = start("--set", f"exitguard_approval_webhook={receiver.url}")
        client = Background(proxy, f"send {CODENAME} specs, key {TOKEN}")
        pending = wait_for_pending(control)
        assert receiver.arrived.wait(5)
        r = exitguard("deny", pending["id"], "--reason", "no code names to external models", "--as", "bob",
                      "--control", str(control))
        assert r.returncode == 0, r.stderr
        result = client.result()
    finally:
        receiver.close()
    assert result["error"] == "PermissionDeniedError" and result["status"] == 403
    assert "denied by bob (unverified)" in result["message"] and "no code names to external models" in result["message"]
    assert upstream.received == []
    (doc,) = receiver.received
    assert doc["id"] == pending["id"] and doc["host"] == "api.openai.com"
    assert "[MASKED:project-codename:" in doc["preview"]["body"] and "[MASKED:test-api-token:" in doc["preview"]["body"]
    raw = receiver.raw[0].decode()
    assert CODENAME not in raw and TOKEN not in raw
    assert CODENAME not in proxy.log and TOKEN not in proxy.log and "not-a-real-secret" not in proxy.log


def test_no_decision_means_403_after_the_timeout(start, upstream):
    proxy, _control = start(timeout=2)
    client = Background(proxy, f"launch plan for {CODENAME}")
    result = client.result()
    assert result["error"] == "PermissionDeniedError" and "nobody approved it within 2 s" in result["message"]
    assert client.elapsed >= 2 and upstream.received == []  # not before the timeout


def test_sdk_retry_joins_the_pending_approval_and_is_sent_once(start, upstream, approvers):
    proxy, control = start()
    # The SDK gives up after 10 s and retries the identical request: it must join, not open a second approval.
    # (10 s: the retry must outlive listing and approving through the CLI, each a fresh process that first checks
    # the control endpoint's proof; 6 s failed once at load average 4.)
    client = Background(proxy, f"launch plan for {CODENAME}", timeout=10, retries=1)
    pending = wait_for_pending(control, requests=2, timeout=30)
    for _ in range(30):  # the first attempt's client left: its flow stops waiting and will never be sent
        listed = json.loads(exitguard("list", "--json", "--control", str(control)).stdout)
        if listed[0]["waiting"] == 1:
            break
        time.sleep(0.1)
    assert len(listed) == 1 and listed[0]["id"] == pending["id"] and listed[0]["waiting"] == 1
    r = exitguard("approve", pending["id"], "--control", str(control), approver=approvers["alice"])
    assert r.returncode == 0, r.stderr
    assert client.result() == {"ok": True, "content": "ok"}
    assert len(upstream.received) == 1


def test_control_endpoint_is_not_reachable_through_the_proxy(start, upstream):
    # route=False: with the test router, every connection went to the test upstream (its 502 said nothing).
    proxy, control = start(route=False)
    port = json.loads(control.read_text())["url"].rsplit(":", 1)[1]
    token = json.loads(control.read_text())["token"]
    for host in ("127.0.0.1", "localhost"):
        r = harness.curl(proxy, "-o", "-", "-w", "\n%{http_code}", "-H", f"Authorization: Bearer {token}",
                         f"http://{host}:{port}/v1/approvals")
        assert r.stdout.decode().rsplit("\n", 1)[1] == "502", r.stdout
        assert b"approvals" not in r.stdout
    assert exitguard("list", "--json", "--control", str(control)).stdout.strip() == "[]"  # direct: fine


@pytest.mark.parametrize("exemption", ["exitguard_block_loopback=false", "exitguard_allow_upstreams=127.0.0.1:{port}"])
def test_control_endpoint_is_not_reachable_through_the_proxy_with_loopback_allowed(start, upstream, exemption):
    """Attack (agent): a proxy that lets agents reach a local model server (`exitguard_block_loopback=false`, or
    an allow-list entry) let them reach the control endpoint through it too (the endpoint answered its 401 and
    took every token guess). The proxy now refuses its own listeners whatever those options say."""
    port = free_port()
    proxy, control = start("--set", f"exitguard_control_listen=127.0.0.1:{port}",
                           "--set", exemption.format(port=port), route=False)
    token = json.loads(control.read_text())["token"]
    for guess in ("a-guessed-token", token):
        r = harness.curl(proxy, "-o", "-", "-w", "\n%{http_code}", "-H", f"Authorization: Bearer {guess}",
                         f"http://127.0.0.1:{port}/v1/approvals")
        body, status = r.stdout.decode().rsplit("\n", 1)
        assert status == "502", r.stdout
        assert "wrong token" not in body and "approvals" not in body
    assert "refused a connection through the proxy to the approval control endpoint" in proxy.log
    assert exitguard("list", "--json", "--control", str(control)).stdout.strip() == "[]"  # direct: fine


@pytest.mark.parametrize("exemption", ["exitguard_block_loopback=false", "exitguard_allow_upstreams=127.0.0.1:{port}",
                                       "exitguard_block_loopback=true"])
def test_mitmweb_is_not_reachable_through_the_proxy_with_loopback_allowed(start, upstream, exemption):
    """Session 11: the same for mitmweb's port. Its token guarded its API, but an agent could reach its login
    page and try tokens through the proxy; a login there resumes held requests. Walk19: with loopback refused (the
    default) the log named exitguard_allow_upstreams as the way in, which it is not for this port."""
    web_port = free_port()
    proxy, _ = start("--set", f"web_port={web_port}", "--set", "web_host=127.0.0.1", "--set", "web_open_browser=false",
                     "--set", exemption.format(port=web_port), tool="mitmweb", route=False)
    token = proxy.web_token()
    for path in ("/", f"/flows?token={token}"):
        r = harness.curl(proxy, "-o", "-", "-w", "\n%{http_code}", f"http://127.0.0.1:{web_port}{path}")
        body, status = r.stdout.decode().rsplit("\n", 1)
        assert status == "502", r.stdout
        assert "mitmproxy" not in body.lower()
    assert "refused a connection through the proxy to the mitmweb interface" in proxy.log or (
        "it is this proxy's own mitmweb interface, refused whatever exitguard_allow_upstreams says" in proxy.log)
    assert "allow it with" not in proxy.log
    direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # straight to mitmweb: it answers
    with direct.open(f"http://127.0.0.1:{web_port}/?token={token}", timeout=5) as answer:
        assert answer.status == 200


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_mitmweb_shows_the_hold_and_its_resume_and_abort_decide(start, upstream):
    web_port = free_port()
    proxy, control = start("--set", f"web_port={web_port}", "--set", "web_host=127.0.0.1",
                           "--set", "web_open_browser=false", tool="mitmweb")
    web = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # straight to mitmweb, not via the proxy
    # mitmweb >= 11.1.2 requires its login token (CVE-2025-23217); it prints the URL with the token at start-up.
    token = proxy.web_token()
    auth = {"Authorization": f"Bearer {token}"}

    def web_get(path: str, headers: dict[str, str]):
        return web.open(urllib.request.Request(f"http://127.0.0.1:{web_port}{path}", headers=headers), timeout=5)

    def web_post(path: str) -> int:  # what the Resume / Abort buttons send: the token and an XSRF cookie/header pair
        req = urllib.request.Request(f"http://127.0.0.1:{web_port}{path}", method="POST", data=b"",
                                     headers={**auth, "X-XSRFToken": "x", "Cookie": "_mitmproxy_xsrf=x"})
        return web.open(req, timeout=5).status

    with pytest.raises(urllib.error.HTTPError) as refused:  # no token: no flows
        web_get("/flows", {})
    assert refused.value.code == 403

    resumed = Background(proxy, f"launch plan for {CODENAME}")
    (flow_id,) = wait_for_pending(control)["flows"]
    shown = {f["id"]: f for f in json.load(web_get("/flows", auth))}
    assert shown[flow_id]["intercepted"] is True and "held for approval" in shown[flow_id]["comment"]
    body = web_get(f"/flows/{flow_id}/request/content.data", auth).read()  # issue 18: what mitmweb shows
    assert CODENAME.encode() not in body and b"[MASKED:project-codename:" in body
    assert web_post(f"/flows/{flow_id}/resume") == 200
    assert resumed.result(timeout=5) == {"ok": True, "content": "ok"}
    assert len(upstream.received) == 1 and CODENAME in upstream.received[0].json()["messages"][0]["content"]

    aborted = Background(proxy, f"another plan for {CODENAME}")
    (flow_id,) = wait_for_pending(control)["flows"]
    assert web_post(f"/flows/{flow_id}/kill") == 200
    result = aborted.result(timeout=5)  # the client must not hang until its own timeout
    assert result["error"] == "PermissionDeniedError" and "denied in mitmweb" in result["message"]
    assert len(upstream.received) == 1


def test_self_approval_is_refused_and_the_audit_index_records_the_decision(start, upstream, tmp_path, approvers):
    token = approvers["alice"]
    record_dir = tmp_path / "record"
    proxy, control = start("--set", f"exitguard_record_dir={record_dir}")
    client = Background(proxy, f"launch plan for {CODENAME}",
                        HTTPS_PROXY=f"http://alice:{token}@127.0.0.1:{proxy.port}")
    pending = wait_for_pending(control)
    assert pending["requester"] == "alice"
    r = exitguard("approve", pending["id"], "--control", str(control), approver=token)
    assert r.returncode == 1 and "self-approval refused" in r.stderr and client.running()
    r = exitguard("approve", pending["id"], "--control", str(control), approver=approvers["bob"])
    assert r.returncode == 0, r.stderr
    assert client.result() == {"ok": True, "content": "ok"}
    proxy.stop()
    lines = [json.loads(line) for f in sorted(record_dir.glob("audit-*.jsonl")) for line in f.read_text().splitlines()]
    (rec,) = [x for x in lines if x.get("event") == "flow" and (x.get("approval") or {}).get("id") == pending["id"]]
    approval = rec["approval"]
    assert approval["state"] == "approved" and approval["decider"] == "bob" and approval["waited_ms"] > 0
    assert approval["reasons"] == ["finding(s) of rule(s) project-codename need approval"]
    assert rec["decision"] == "approved"
    assert CODENAME not in json.dumps(lines) and token not in json.dumps(lines)


def test_an_agent_with_the_control_file_cannot_approve_its_own_request(start, upstream, approvers):
    """Issue 18 item 4: an agent running as the proxy's user read the 0600 control file and approved its own
    request under another name, with a 60-minute window. The control file alone is not enough any more."""
    agent = approvers["agent-7"]
    proxy, control = start()
    client = Background(proxy, f"launch plan for {CODENAME}",
                        HTTPS_PROXY=f"http://agent-7:{agent}@127.0.0.1:{proxy.port}")
    pending = wait_for_pending(control)
    for attempt, why in ((exitguard("approve", pending["id"], "--for", "60m", "--control", str(control)),
                          "approver token"),
                         (exitguard("approve", pending["id"], "--for", "60m", "--control", str(control),
                                    approver=agent), "agent-7 is not an approver"),
                         (exitguard("approve", pending["id"], "--control", str(control),
                                    approver=json.loads(control.read_text())["token"]), "approver token refused")):
        assert attempt.returncode != 0 and why in attempt.stderr, attempt.stderr
    assert client.running() and upstream.received == []
    r = exitguard("deny", pending["id"], "--reason", "not this one", "--control", str(control),
                  approver=approvers["bob"])
    assert r.returncode == 0 and "denied" in r.stdout and "as bob" in r.stdout, r.stderr
    assert client.result()["status"] == 403 and upstream.received == []


@pytest.fixture(scope="module")
def expiring(tmp_path_factory, upstream_session, approvers):
    """One proxy with the test config, holds expiring after 2 s, for every spelling below (each test waits for its
    hold to expire, which ends it, before the next one sends; a start per spelling was ~1.1 s of CPU each)."""
    folder = tmp_path_factory.mktemp("expiring")
    proxy = harness.start_proxy(folder, upstream_session, *approval_options(folder, approvers, 2))
    wait_for_control(folder / "exitguard-control.json")
    yield proxy
    proxy.stop()


RAW_GITHUB = """
import json, sys, httpx
with httpx.Client(proxy="http://127.0.0.1:{port}", verify={ca!r}, timeout=15) as c:
    r = c.request({method!r}, "https://api.github.com" + {path!r}, headers={headers!r})
print(json.dumps({{"status": r.status_code, "body": r.text}}))
"""


@pytest.mark.parametrize("method, path, headers", [
    ("DELETE", "//repos/o/r", {}), ("DELETE", "/repos/./o/r", {}), ("DELETE", "/%72epos/o/r", {}),
    ("DELETE", "/REPOS/o/r", {}), ("POST", "/repos/o/r", {"X-HTTP-Method-Override": "DELETE"}),
    ("POST", "/repos/o/r?_method=DELETE", {}),
])
def test_spellings_of_a_held_request_are_held_through_the_proxy(expiring, upstream, method, path, headers):
    """Issue 18 item 4 through the real proxy: each of these reached the upstream without a hold before."""
    proxy = expiring
    assert proxy.proc.poll() is None, proxy.log
    script = RAW_GITHUB.format(port=proxy.port, ca=str(proxy.ca), method=method, path=path, headers=headers)
    done = subprocess.run([str(harness.CLIENT_PYTHON), "-c", script], capture_output=True, text=True, timeout=30,
                          env=harness.client_env(proxy), cwd=harness.ROOT)
    answer = json.loads(done.stdout.strip().splitlines()[-1]) if done.stdout.strip() else done.stderr[-2000:]
    assert answer["status"] == 403 and "exitguard_approval_expired" in answer["body"], answer
    assert upstream.received == []
