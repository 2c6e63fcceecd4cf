"""attack46 (EVASION.md section 5, "SIGTERM / SIGINT while a request is held or an answer streams"): a real mitmdump
with the bundle and a record folder, stopped by a signal.

Fixed: a request held for approval had its connection cut when the loop ended (the openai SDK: "Connection error.",
and nothing said why). Answered in Approval's done it got a 502 instead (the response hooks of addons already done
failed). Now the stop first answers it, while every addon works (core/shutdown.py, run by Config's done): a 503
``exitguard_shutting_down`` naming the approval, its decision and its flow recorded, and the folder verifies.
Held: a streamed answer cut by the stop is an error for the SDK (never a clean end), and its flow is recorded as
still open when the proxy stopped."""

from __future__ import annotations

import json
import signal
import time

import pytest

from addons.audit import index as auditlog
from tests.approval.support import CODENAME
from tests.approval.test_live import (  # noqa: F401  (approvers: a fixture)
    Background,
    approval_options,
    approvers,
    wait_for_control,
    wait_for_pending,
)
from tests.hostile.test_live_faults import OPENAI_STREAM
from tests.live import harness
from tests.stream import streams as S

pytestmark = pytest.mark.live


def verified_records(records) -> list[dict]:
    # Forked from the `cli` fork server where it is on (suite49): what is tested is the folder, not the command.
    verify = harness.exitguard("audit", "verify", "--dir", str(records), timeout=60, cwd=harness.ROOT,
                               env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(harness.ROOT)})
    assert verify.returncode == 0, verify.stdout + verify.stderr
    return [r for _, _, r in auditlog.read_records(auditlog.index_files(records))]


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_stop_answers_the_held_request_503_and_records_its_decision(tmp_path, proxy_factory, upstream, approvers,  # noqa: F811
                                                                      sig):
    control, records = tmp_path / "exitguard-control.json", tmp_path / "records"
    proxy = proxy_factory(*approval_options(tmp_path, approvers, 60), "--set", f"exitguard_record_dir={records}")
    wait_for_control(control)
    held = Background(proxy, f"plan for {CODENAME}, held", timeout=60)
    pending = wait_for_pending(control)
    assert proxy.stop(sig=sig) == 0
    answer = held.result(timeout=30)  # before the fix: {"error": "APIConnectionError", "message": "Connection error."}
    assert answer.get("status") == 503 and f"held for approval {pending['id']}" in answer["message"], answer
    assert "the proxy is shutting down" in answer["message"]
    assert upstream.received == []  # never sent
    written = verified_records(records)
    (decision,) = [r for r in written if r.get("event") == "approval"]
    assert decision["approval"]["id"] == pending["id"] and decision["decision"] == "denied"
    assert decision["reason"] == "the proxy is shutting down"
    (flow,) = [r for r in written if r.get("event") == "flow"]
    assert flow["status"] == 503 and flow["approval"]["state"] == "denied" and flow["approval"]["id"] == pending["id"]
    assert CODENAME not in json.dumps(written) and CODENAME not in proxy.log


def test_a_stop_during_a_streamed_answer_is_an_error_for_the_client_and_its_flow_is_recorded(tmp_path, proxy_factory,
                                                                                            upstream):
    records = tmp_path / "records"
    events = S.openai_chat(["Streaming. ", "more ", "and more"]).split(b"\n\n")
    upstream.route("POST", "/v1/chat/completions", lambda req: harness.Reply(
        200, {"content-type": "text/event-stream"},
        chunks=[(e + b"\n\n", 0.0 if i < 2 else 5.0) for i, e in enumerate(events) if e]))
    proxy = proxy_factory("--set", f"exitguard_record_dir={records}")
    client = harness.start_client(OPENAI_STREAM, proxy)  # forked where the fork server is on (suite49)
    deadline = time.monotonic() + 30
    while not upstream.received:
        assert time.monotonic() < deadline and client.poll() is None, client.communicate()
        time.sleep(0.05)
    time.sleep(0.5)  # the first events are through; the next one comes 5 s later
    assert proxy.stop(sig=signal.SIGTERM) == 0
    out, _ = client.communicate(timeout=30)
    result = json.loads(out.strip().splitlines()[-1])
    assert result["error"] is not None and result["text"].startswith("Streaming"), result  # never a clean end
    flows = [r for r in verified_records(records) if r.get("event") == "flow"]
    assert len(flows) == 1 and flows[0]["streamed"]
