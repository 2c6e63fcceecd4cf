"""newuser51, live: mitmweb's flow list (`GET /flows`) showed a held request's `Authorization: Bearer <the
caller's own key>` raw while it waited for a reviewer. Now nothing the console serves holds it, and Resume sends
it: the upstream gets the header as the client wrote it."""

from __future__ import annotations

import threading

import httpx
import pytest

from tests import fakes
from tests.live import harness
from tests.live.console import policy_file, start_console, wait_until

pytestmark = pytest.mark.live

AKID = fakes.aws_key_id(5101)
OWN_KEY = "sk-proj-newuser51Live7Q8vT2mLx9RkWp4ZsNc7Yb3Hd6Jf1Ge5"


@pytest.fixture(scope="module")
def approving(tmp_path_factory, upstream_session):
    d = tmp_path_factory.mktemp("newuser51-held")
    proxy, console, record = start_console(d, upstream_session,
                                           policy=policy_file(d, actions={"secret/precise": "approve"}))
    yield proxy, console, record
    proxy.stop()


def test_the_console_never_shows_a_held_requests_credential_header_and_resume_sends_it(approving, upstream):
    proxy, console, record = approving
    out: dict = {}

    def send() -> None:
        with httpx.Client(proxy=proxy.url, verify=str(proxy.ca), timeout=60) as client:
            out["response"] = client.post("https://api.openai.com/v1/newuser51-held", json={"note": f"use {AKID}"},
                                          headers={"Authorization": f"Bearer {OWN_KEY}"})

    thread = threading.Thread(target=send, daemon=True)
    thread.start()
    flow = wait_until(lambda: ((f := console.flow_with("newuser51-held")) and f["intercepted"] and f) or None,
                      "the flow is held for approval")
    console.get(f"/flows/{flow['id']}/request/content.data")
    console.get("/flows/dump")
    assert console.send("POST", f"/flows/{flow['id']}/resume").status_code == 200
    thread.join(60)
    assert out["response"].status_code == 200, out["response"].text
    (got,) = [r for r in upstream.received if "newuser51-held" in r.path]
    assert got.headers["authorization"] == f"Bearer {OWN_KEY}" and AKID in got.body.decode()
    for text in console.seen:  # before: /flows held `Bearer sk-proj-...` while the flow was held
        assert OWN_KEY not in text and AKID not in text, text[:300]
    assert OWN_KEY not in proxy.log and OWN_KEY.encode() not in harness.written(record)
