"""attack41, live: mitmweb's user moves a request held for approval to another host and resumes it (Resume in
mitmweb approves). The value it was held for must not go to the host the console chose (before: it went, on the
wire copy made from the edited flow); the client gets 409 exitguard_edited_while_held; nothing shows the value."""

from __future__ import annotations

import threading

import httpx
import pytest

from tests import fakes
from tests.approval.test_live_abandoned import wait_for_record
from tests.live import harness
from tests.live.console import policy_file, start_console, wait_until

pytestmark = pytest.mark.live

AKID = fakes.aws_key_id(4102)


@pytest.fixture(scope="module")
def approving(tmp_path_factory, upstream_session):
    d = tmp_path_factory.mktemp("attack41-held")
    proxy, console, record = start_console(d, upstream_session,
                                           policy=policy_file(d, actions={"secret/precise": "approve"}))
    yield proxy, console, record
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
    # attack42: the index tells the truth: the flow was not sent (before: its approval said "approved"), and the
    # console's Resume of a flow it moved is recorded as mitmweb's denial, not an approval
    flow_record = wait_for_record(record, lambda r: "attack41-held" in str(r.get("url") or r.get("path") or ""))
    assert flow_record["approval"]["state"] == "edited" and flow_record["decision"] == "denied"
    decided = wait_for_record(record, lambda r: r.get("event") == "approval")
    assert decided["decision"] == "denied" and decided["approval"]["decider"] == "mitmweb"


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
