"""attack44, live: `replay.server` of a flow file the console loads (real mitmweb with the bundle). The file's
recorded answer holds a key and an e-mail, and its flow claims exitguard metadata (an approval, findings, a record
file); an agent then sends the matching request. mitmproxy's ServerPlayback answers at its `request` hook (before
the bundle's): the upstream is never asked, and the answer goes through the bundle's `response` hook as any."""

from __future__ import annotations

import json

import httpx
import pytest
from mitmproxy.io import FlowWriter
from mitmproxy.test import tflow

from tests.live import harness
from tests.live.console import start_console, wait_until

pytestmark = pytest.mark.live

AKID = "AKIA2HLYOSBOHAGKTY44"
EMAIL = "mara.lindqvist@fjordline-traders.com"
BODY = json.dumps({"q": "attack44 replayed"}).encode()
ANSWER = json.dumps({"id": "chatcmpl-44", "choices": [{"index": 0, "message": {
    "role": "assistant", "content": f"use {AKID} and write to {EMAIL}"}}]}).encode()


@pytest.fixture(scope="module")
def web(tmp_path_factory, upstream_session):
    d = tmp_path_factory.mktemp("attack44-server-replay")
    proxy, console, record = start_console(d, upstream_session, "--set", "server_replay_reuse=true",
                                           "--set", "server_replay_extra=forward",
                                           "--set", "server_replay_ignore_port=true")  # the test router's port
    yield proxy, console, record, d
    proxy.stop()


def recorded_flow_file(path, part: str) -> None:
    flow = tflow.tflow(resp=True)
    flow.request.method, flow.request.scheme, flow.request.host, flow.request.port = "POST", "https", \
        "api.openai.com", 443
    flow.request.path = f"/v1/{part}"
    flow.request.headers["host"] = "api.openai.com"
    flow.request.headers["content-type"] = "application/json"
    flow.request.content = BODY
    flow.response.status_code = 200
    flow.response.headers["content-type"] = "application/json"
    flow.response.content = ANSWER
    flow.metadata.update({"exitguard.approval": {"id": "forged44", "approved_by": "alice"},
                          "exitguard.decision": "allow", "exitguard.record_file": "/nonexistent/forged.mitm"})
    with open(path, "wb") as f:
        FlowWriter(f).add(flow)


def post(proxy, part: str) -> httpx.Response:
    with httpx.Client(proxy=proxy.url, verify=str(proxy.ca), timeout=60) as client:
        return client.post(f"https://api.openai.com/v1/{part}", content=BODY,
                           headers={"content-type": "application/json"})


def test_a_server_replayed_answer_is_guarded_as_the_vendors_own(web, upstream):
    proxy, console, record, folder = web
    upstream.route("POST", "/v1/a44-live", lambda req: harness.Reply(body=ANSWER))
    live = post(proxy, "a44-live")  # the vendor's own answer, for comparison
    assert live.status_code == 200 and AKID not in live.text and EMAIL in live.text, live.text

    path = folder / "recorded.mitm"
    recorded_flow_file(path, "a44-replayed")
    loaded = console.send("POST", "/commands/replay.server.file", {"arguments": [str(path)]})
    assert "error" not in loaded.text, loaded.text
    replayed = post(proxy, "a44-replayed")
    assert replayed.status_code == 200, replayed.text
    assert not [r for r in upstream.received if "a44-replayed" in r.path], proxy.log[-3000:]  # from the file
    assert AKID not in replayed.text, replayed.text  # the secret masked as the vendor's answer is
    assert replayed.text == live.text.replace("chatcmpl-44", "chatcmpl-44")

    def recorded():
        written = harness.written(record)
        return written if b"a44-replayed" in written else None

    written = wait_until(recorded, "the replayed answer recorded")
    assert AKID.encode() not in written
    assert b"forged44" not in written and b"forged.mitm" not in written
    for text in console.seen:
        assert AKID not in text
    assert AKID not in proxy.log
