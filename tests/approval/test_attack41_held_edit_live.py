"""attack41, live: mitmweb's user moves a request held for approval to another host and resumes it (Resume in
mitmweb approves). The value it was held for must not go to the host the console chose (before: it went, on the
wire copy made from the edited flow); the client gets 409 exitguard_edited_while_held; nothing shows the value."""

from __future__ import annotations

import re
import threading
import time

import httpx
import pytest
import yaml

from addons.core.policy import DEFAULT_POLICY_FILE
from tests import fakes
from tests.credentials.test_attack37_console_lever_live import Console, wait_until
from tests.live import harness

pytestmark = pytest.mark.live

AKID = fakes.aws_key_id(4102)


@pytest.fixture(scope="module")
def approving(tmp_path_factory, upstream_session):
    d = tmp_path_factory.mktemp("attack41-held")
    policy = yaml.safe_load(DEFAULT_POLICY_FILE.read_text())
    policy["actions"]["request"]["secret/precise"] = "approve"
    (d / "policy.yaml").write_text(yaml.safe_dump(policy))
    port = harness.free_port()
    proxy = harness.start_proxy(d, upstream_session, "--set", f"exitguard_policy={d / 'policy.yaml'}",
                                "--set", f"exitguard_record_dir={d / 'rec'}", "--set", f"web_port={port}",
                                "--set", "web_open_browser=false", tool="mitmweb")
    deadline = time.monotonic() + 30
    while not (found := re.search(r"Web server listening at http://\S+/\?token=([0-9a-f]+)", proxy.log)):
        assert time.monotonic() < deadline, proxy.log[-2000:]
        time.sleep(0.1)
    yield proxy, Console(port, found.group(1)), d / "rec"
    proxy.stop()


def test_a_held_request_moved_to_another_host_and_resumed_sends_nothing_there(approving, upstream):
    proxy, console, record = approving
    out: dict = {}

    def send() -> None:
        with httpx.Client(proxy=proxy.url, verify=str(proxy.ca), timeout=60) as client:
            out["response"] = client.post("https://api.openai.com/v1/attack41-held", json={"note": f"use {AKID}"})

    thread = threading.Thread(target=send, daemon=True)
    thread.start()
    flow = wait_until(lambda: ((f := console.flow_with("attack41-held")) and f["intercepted"] and f) or None,
                      "the flow is held for approval")
    edit = {"request": {"host": "unlisted.example"}}
    assert console.send("PUT", f"/flows/{flow['id']}", edit).status_code == 200
    assert console.send("POST", f"/flows/{flow['id']}/resume").status_code == 200
    thread.join(60)
    # before the fix: the upstream got the approved key with SNI unlisted.example (the client saw it masked: the
    # answer is masked on its way back)
    assert [(r.sni, AKID in r.body.decode()) for r in upstream.received if "attack41-held" in r.path] == []
    assert out["response"].status_code == 409, out["response"].text
    assert "exitguard_edited_while_held" in out["response"].text
    for text in console.seen:
        assert AKID not in text, text[:300]
    assert AKID not in proxy.log and AKID.encode() not in harness.written(record)


def test_a_held_request_resumed_unedited_sends_the_approved_value(approving, upstream):
    proxy, console, record = approving
    out: dict = {}

    def send() -> None:
        with httpx.Client(proxy=proxy.url, verify=str(proxy.ca), timeout=60) as client:
            out["response"] = client.post("https://api.openai.com/v1/attack41-resumed", json={"note": f"use {AKID}"})

    thread = threading.Thread(target=send, daemon=True)
    thread.start()
    flow = wait_until(lambda: ((f := console.flow_with("attack41-resumed")) and f["intercepted"] and f) or None,
                      "the flow is held for approval")
    assert console.send("POST", f"/flows/{flow['id']}/resume").status_code == 200
    thread.join(60)
    assert out["response"].status_code == 200, out["response"].text
    (got,) = [r for r in upstream.received if "attack41-resumed" in r.path]
    assert got.body == f'{{"note":"use {AKID}"}}'.encode()
    for text in console.seen:
        assert AKID not in text, text[:300]
    assert AKID not in proxy.log and AKID.encode() not in harness.written(record)
