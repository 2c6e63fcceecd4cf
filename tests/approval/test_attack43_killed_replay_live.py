"""attack43, live: a request held for approval, killed in mitmweb and replayed at once (Replay is allowed: a killed flow
is neither live nor intercepted). The approval hold polls the flow every 0.1 s (mitmproxy#8045: a kill does not wake
it); mitmproxy's client replay clears the flow's error and ForgetOnReplay its metadata, on the same flow object.
Before: the hold took the cleared kill for mitmweb's Resume and recorded an approval, ForgetOnReplay took the
approval's metadata from under it (KeyError, 502 to the agent), and the replay went to the vendor while its record
said 502. Now the replay of a flow exitguard still handles is refused (core/replayed.py); the kill is a denial."""

from __future__ import annotations

import threading

import httpx
import pytest

from tests import fakes
from tests.approval.test_live_abandoned import wait_for_record
from tests.live import harness
from tests.live.console import policy_file, start_console, wait_until

pytestmark = pytest.mark.live

AKID = fakes.aws_key_id(4304)


def test_a_held_request_killed_and_replayed_at_once_is_not_approved(tmp_path, upstream_session, upstream):
    proxy, console, record = start_console(tmp_path, upstream_session,
                                           policy=policy_file(tmp_path, actions={"secret/precise": "approve"}))
    out: dict = {}
    try:
        def send() -> None:
            try:
                with httpx.Client(proxy=proxy.url, verify=str(proxy.ca), timeout=30) as client:
                    out["response"] = client.post("https://api.openai.com/v1/attack43-killed",
                                                  json={"note": f"use {AKID}"})
            except httpx.HTTPError as e:
                out["error"] = repr(e)

        thread = threading.Thread(target=send, daemon=True)
        thread.start()
        flow = wait_until(lambda: ((f := console.flow_with("attack43-killed")) and f["intercepted"] and f) or None,
                          "the flow is held for approval")
        assert console.send("POST", f"/flows/{flow['id']}/kill").status_code == 200
        console.send("POST", f"/flows/{flow['id']}/replay")  # at once: within the hold's 0.1 s poll
        thread.join(40)
        # before: the replay cleared the kill, the hold recorded "approved by mitmweb, resumed in mitmweb", and the
        # replay went to the vendor (masked) while its record and the client's said 502 (KeyError in Approval.request)
        decided = wait_for_record(record, lambda r: r.get("event") == "approval")
        assert decided["decision"] == "denied" and decided["reason"] == "aborted in mitmweb", decided
        assert out["response"].status_code == 403, out
        flow_record = wait_for_record(record, lambda r: "attack43-killed" in str(r.get("path") or ""))
        assert flow_record["decision"] == "denied" and flow_record["approval"]["state"] == "denied", flow_record
        assert [r for r in upstream.received if "attack43-killed" in r.path] == []
        assert "KeyError" not in proxy.log and "internal error" not in proxy.log
        assert "Can't replay a flow exitguard is still handling" in proxy.log
        for text in console.seen:
            assert AKID not in text, text[:300]
        assert AKID not in proxy.log and AKID.encode() not in harness.written(record)
    finally:
        proxy.stop()
