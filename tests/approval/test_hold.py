"""The Approval addon in-process (mitmproxy.test.taddons): the hold, every way it ends, retries joining
one approval, approval windows, self-approval, mitmweb Resume / Abort, and what the audit index gets."""

from __future__ import annotations

import asyncio
import json
import time

import pytest
from mitmproxy.connection import ConnectionState
from mitmproxy.test import taddons

from addons.approval.approval import Approval, DecisionError, Registry
from addons.core import metakeys
from addons.guard.guard import Guard
from tests.approval.support import CODENAME, TOKEN, chat_flow, start_hold
from tests.flows import on_the_wire


def only_pending(approval) -> dict:
    (pending,) = approval.listing()
    return pending


async def test_approved_request_continues_with_the_decision_recorded(ctx_approval):
    _, guard, approval = ctx_approval
    f = chat_flow(identity="agent-7")
    task = await start_hold(guard, approval, f)
    assert f.intercepted and not task.done()
    assert f.metadata[metakeys.DECISION] == "held"
    pending = only_pending(approval)
    assert pending["requester"] == "agent-7" and pending["waiting"] == 1 and pending["flows"] == [f.id]
    assert CODENAME not in json.dumps(pending)  # reviewers see the masked preview only
    assert "[MASKED:project-codename:" in pending["preview"]["body"]
    assert CODENAME not in f.request.get_text()  # mitmweb and later addons see the held request masked
    assert "[MASKED:project-codename:" in f.request.get_text()
    approval.decide(pending["id"], "approve", "alice", "looks fine")
    await asyncio.wait_for(task, 2)
    assert not f.intercepted and f.response is None
    assert CODENAME in on_the_wire(f).get_text()  # approved: the value it was held for goes upstream
    assert CODENAME not in f.request.get_text()  # from the wire copy: the console keeps showing it masked
    md = f.metadata[metakeys.APPROVAL]
    assert md["state"] == "approved" and md["decider"] == "alice" and md["reason"] == "looks fine"
    assert md["id"] == pending["id"] and md["finding_rules"] == ["project-codename"]
    assert md["waited_ms"] > 0 and md["requested_at"].endswith("Z") and md["decided_at"].endswith("Z")
    assert f.metadata[metakeys.DECISION] == "approved" and "alice" in f.comment
    tflow_io_roundtrip(f)


def tflow_io_roundtrip(f):
    """Plain data only: the record writer must accept the metadata (reference fact 13)."""
    import io as stdio

    from mitmproxy import io
    buf = stdio.BytesIO()
    io.FlowWriter(buf).add(f)
    assert next(io.FlowReader(stdio.BytesIO(buf.getvalue())).stream()).metadata[metakeys.APPROVAL]


async def test_denied_request_gets_a_403_with_the_reason(ctx_approval):
    _, guard, approval = ctx_approval
    f = chat_flow()
    task = await start_hold(guard, approval, f)
    approval.decide(only_pending(approval)["id"], "deny", "bob", "no\x07customer data\nplease")
    await asyncio.wait_for(task, 2)
    assert f.response.status_code == 403 and not f.intercepted
    message = f.response.json()["error"]["message"]
    assert "denied by bob" in message and "no customer data please" in message  # control chars cleaned
    assert f.metadata[metakeys.DECISION] == "denied"
    assert f.metadata[metakeys.APPROVAL]["state"] == "denied"


@pytest.mark.slow  # waits out an approval's timeout
async def test_no_decision_in_time_means_deny(ctx_approval):
    tctx, guard, approval = ctx_approval
    tctx.configure(approval, exitguard_approval_timeout=1)
    f = chat_flow()
    started = time.monotonic()
    task = await start_hold(guard, approval, f)
    await asyncio.wait_for(task, 3)
    assert time.monotonic() - started >= 1.0  # never before the deadline (load can only make it later)
    assert f.response.status_code == 403
    assert "nobody approved it within 1 s" in f.response.json()["error"]["message"]
    assert f.metadata[metakeys.APPROVAL]["state"] == "expired"
    assert approval.listing() == []


async def test_identical_requests_join_one_approval_and_a_window_lets_repeats_pass(ctx_approval):
    _, guard, approval = ctx_approval
    first, retry = chat_flow(identity="agent-7"), chat_flow(identity="agent-7")
    other = chat_flow(f"another plan for {CODENAME}", identity="agent-7")
    tasks = [await start_hold(guard, approval, f) for f in (first, retry, other)]
    listing = approval.listing()
    assert len(listing) == 2
    joined = next(p for p in listing if first.id in p["flows"])
    assert joined["flows"] == [first.id, retry.id] and joined["requests"] == 2
    assert retry.metadata[metakeys.APPROVAL]["joined"] is True
    approval.decide(joined["id"], "approve", "alice", window=600)
    await asyncio.wait_for(asyncio.gather(tasks[0], tasks[1]), 2)
    assert first.response is None and retry.response is None
    assert not tasks[2].done()  # a different body is a different request
    again = chat_flow(identity="agent-7")
    await guard.request(again)
    await asyncio.wait_for(approval.request(again), 1)  # no hold at all
    md = again.metadata[metakeys.APPROVAL]
    assert md["state"] == "approved" and md["via"] == "window" and md["decider"] == "alice"
    someone_else = chat_flow(identity="agent-8")  # the window is per caller
    task = await start_hold(guard, approval, someone_else)
    assert someone_else.intercepted
    for p in approval.listing():
        approval.decide(p["id"], "deny", "alice")
    await asyncio.wait_for(asyncio.gather(tasks[2], task), 2)


async def test_window_longer_than_allowed_is_refused(ctx_approval):
    tctx, guard, approval = ctx_approval
    tctx.configure(approval, exitguard_approval_max_window=300)
    task = await start_hold(guard, approval, chat_flow())
    with pytest.raises(DecisionError) as e:
        approval.decide(only_pending(approval)["id"], "approve", "alice", window=600)
    assert e.value.status == 400
    approval.decide(only_pending(approval)["id"], "deny", "alice")
    await asyncio.wait_for(task, 2)


async def test_self_approval_is_refused(ctx_approval):
    _, guard, approval = ctx_approval
    f = chat_flow(identity="Alice")
    task = await start_hold(guard, approval, f)
    approval_id = only_pending(approval)["id"]
    with pytest.raises(DecisionError) as e:
        approval.decide(approval_id, "approve", " alice ")
    assert e.value.status == 403 and "self-approval" in str(e.value)
    assert f.intercepted
    approval.decide(approval_id, "approve", "bob")
    await asyncio.wait_for(task, 2)
    assert f.metadata[metakeys.APPROVAL]["decider"] == "bob"
    with pytest.raises(DecisionError) as e:
        approval.decide(approval_id, "deny", "carol")
    assert e.value.status == 409


async def test_mitmweb_abort_answers_403_instead_of_hanging(ctx_approval):
    _, guard, approval = ctx_approval
    f = chat_flow()
    task = await start_hold(guard, approval, f)
    f.kill()  # what mitmweb's Abort (POST /flows/<id>/kill) does
    await asyncio.wait_for(task, 1)
    assert f.response.status_code == 403 and "denied in mitmweb" in f.response.json()["error"]["message"]
    assert f.error is None and f.live and not f.intercepted
    md = f.metadata[metakeys.APPROVAL]
    assert md["state"] == "denied" and md["decider"] == "mitmweb" and md["reason"] == "aborted in mitmweb"


async def test_mitmweb_resume_approves(ctx_approval, caplog):
    _, guard, approval = ctx_approval
    f = chat_flow(identity="agent-7")
    task = await start_hold(guard, approval, f)
    approval_id = only_pending(approval)["id"]
    with caplog.at_level("WARNING", logger="addons.approval.approval"):
        f.resume()  # mitmweb's Resume
        await asyncio.wait_for(task, 1)
    assert f.response is None
    assert f.metadata[metakeys.APPROVAL]["decider"] == "mitmweb"
    assert f.metadata[metakeys.DECISION] == "approved"
    # The proxy's log said "approval ID approved by alice" for the CLI and nothing for mitmweb (newuser42).
    assert f"exitguard: approval {approval_id} approved by mitmweb" in caplog.messages


async def test_client_that_left_is_never_sent(ctx_approval):
    _, guard, approval = ctx_approval
    gone, retry = chat_flow(), chat_flow()
    tasks = [await start_hold(guard, approval, f) for f in (gone, retry)]
    gone.client_conn.state = ConnectionState.CAN_WRITE  # the client closed its side (SDK timeout)
    await asyncio.wait_for(tasks[0], 1)
    assert gone.error is not None and not gone.live  # killed: nothing goes upstream for it
    assert gone.metadata[metakeys.APPROVAL]["state"] == "abandoned"
    pending = only_pending(approval)
    assert pending["flows"] == [retry.id]  # the approval stays open for the retry
    approval.decide(pending["id"], "approve", "alice")
    await asyncio.wait_for(tasks[1], 1)
    assert retry.response is None and retry.metadata[metakeys.APPROVAL]["state"] == "approved"


@pytest.mark.slow  # waits out an approval's expiry, ~1 s
async def test_every_decision_and_expiry_is_an_audit_record_even_with_nobody_waiting(installed):
    """walk17: the requests of an approval can all leave (SDK timeouts); its later decision, or its expiry when
    nobody decides, is recorded on its own (before, only a waiting flow's record carried a decision)."""
    records: list[dict] = []

    async def record_event(rec: dict) -> None:
        records.append(rec)

    guard, approval = Guard(), Approval(record_event=record_event)
    with taddons.context(guard, approval) as tctx:
        tctx.configure(approval, exitguard_approval_timeout=1)
        decided, unattended = chat_flow(f"one {CODENAME}"), chat_flow(f"two {CODENAME}")
        tasks = [await start_hold(guard, approval, f) for f in (decided, unattended)]
        for f, task in zip((decided, unattended), tasks, strict=True):
            f.client_conn.state = ConnectionState.CAN_WRITE  # the client closed its side
            await asyncio.wait_for(task, 1)
            assert f.metadata[metakeys.APPROVAL]["state"] == "abandoned"
        first, second = (f.metadata[metakeys.APPROVAL]["id"] for f in (decided, unattended))
        assert {p["id"]: p["waiting"] for p in approval.listing()} == {first: 0, second: 0}
        approval.decide(first, "approve", "alice", window=60)
        for _ in range(300):  # nobody lists, nobody retries: the deadline alone ends the second one
            if len(records) == 2:
                break
            await asyncio.sleep(0.01)
    assert [(r["approval"]["id"], r["approval"]["state"], r["decision"]) for r in records] == [
        (first, "approved", "approved"), (second, "expired", "denied")]
    assert records[0]["approval"]["decider"] == "alice" and records[0]["approval"]["window_s"] == 60
    assert records[0]["approval"]["waiting"] == 0 and records[0]["host"] == "api.openai.com"
    assert CODENAME not in json.dumps(records)


async def test_the_shutdown_denial_is_recorded_at_once(installed):
    """The proxy stopping denies what is still held ("exitguard", shutting down): that decision is recorded too,
    written before done() returns (no task runs any more)."""
    now: list[dict] = []
    guard, approval = Guard(), Approval(record_event_now=now.append)
    with taddons.context(guard, approval) as tctx:
        tctx.configure(approval, exitguard_approval_timeout=5)
        f = chat_flow(identity="agent-7")
        task = await start_hold(guard, approval, f)
        approval.done()
        await asyncio.wait_for(task, 1)
    (rec,) = now
    assert rec["approval"]["state"] == "denied" and rec["approval"]["decider"] == "exitguard"
    assert rec["approval"]["reason"] == "the proxy is shutting down" and rec["identity"] == "agent-7"


async def test_a_held_value_never_sits_on_the_live_flow(ctx_approval):
    """Issue 18 item 2: while held (and after a deny) the flow mitmweb shows carries no raw value; the request
    kept in memory is what goes upstream when approved, masks applied, with a matching content-length."""
    _, guard, approval = ctx_approval
    f = chat_flow(f"plan for {CODENAME}, key {TOKEN}", identity="agent-7")
    f.request.headers["content-length"] = str(len(f.request.raw_content))
    f.request.query = [("ref", CODENAME)]
    task = await start_hold(guard, approval, f)
    shown = f.request.get_text() + f.request.path
    assert CODENAME not in shown and TOKEN not in shown and shown.count("[MASKED:") == 2
    assert "MASKED" in f.request.query["ref"]
    approval.decide(only_pending(approval)["id"], "approve", "alice")
    await asyncio.wait_for(task, 2)
    wire_request = on_the_wire(f)
    sent = wire_request.get_text()
    assert CODENAME in sent and wire_request.query["ref"] == CODENAME and TOKEN not in sent  # still masked
    assert wire_request.headers["content-length"] == str(len(wire_request.raw_content))
    shown = f.request.get_text() + f.request.path
    assert CODENAME not in shown and TOKEN not in shown  # approved, and still shown masked (wire40)
    denied = chat_flow(identity="agent-7")
    task = await start_hold(guard, approval, denied)
    approval.decide(only_pending(approval)["id"], "deny", "alice")
    await asyncio.wait_for(task, 2)
    assert denied.response.status_code == 403 and CODENAME not in denied.request.get_text()


async def test_an_identical_retry_joins_although_the_flows_show_masked_bodies(ctx_approval):
    _, guard, approval = ctx_approval
    first, retry = chat_flow(identity="agent-7"), chat_flow(identity="agent-7")
    tasks = [await start_hold(guard, approval, first), await start_hold(guard, approval, retry)]
    pending = only_pending(approval)
    assert pending["requests"] == 2
    approval.decide(pending["id"], "approve", "alice", window=None)
    await asyncio.wait_for(asyncio.gather(*tasks), 2)
    assert all(CODENAME in on_the_wire(f).get_text() for f in (first, retry))
    assert not any(CODENAME in f.request.get_text() for f in (first, retry))


@pytest.mark.parametrize("method, path, headers", [
    ("DELETE", "//repos/o/r", []), ("DELETE", "/repos/./o/r", []), ("DELETE", "/%72epos/o/r", []),
    ("DELETE", "/REPOS/o/r", []), ("POST", "/repos/o/r", [("X-HTTP-Method-Override", "DELETE")]),
    ("POST", "/repos/o/r?_method=DELETE", []), ("PATCH", "/repos/o/r", [("X-HTTP-Method", "DELETE")]),
])
async def test_spellings_that_dodged_a_rule_are_held(ctx_approval, method, path, headers):
    """Issue 18 item 4: before, only DELETE /repos/o/r itself was held."""
    _, guard, approval = ctx_approval
    f = chat_flow(method=method, host="api.github.com", path=path)
    for name, value in headers:
        f.request.headers[name] = value
    task = await start_hold(guard, approval, f)
    assert f.intercepted and "approval rule github-deletes" in only_pending(approval)["reasons"]
    approval.decide(only_pending(approval)["id"], "deny", "alice")
    await asyncio.wait_for(task, 1)


async def test_policy_rule_holds_without_findings(ctx_approval):
    _, guard, approval = ctx_approval
    f = chat_flow(method="DELETE", host="api.github.com", path="/repos/o/r")
    task = await start_hold(guard, approval, f)
    pending = only_pending(approval)
    assert pending["reasons"] == ["approval rule github-deletes"] and pending["findings"] == []
    approval.decide(pending["id"], "deny", "alice", "keep the repo")
    await asyncio.wait_for(task, 1)
    assert f.response.status_code == 403
    assert f.metadata[metakeys.APPROVAL]["rules"] == ["github-deletes"]


async def test_unmarked_and_unmatched_requests_pass_untouched(ctx_approval):
    _, guard, approval = ctx_approval
    f = chat_flow(f"rotate {TOKEN}")  # masked, not held
    await guard.request(f)
    await asyncio.wait_for(approval.request(f), 1)
    assert not f.intercepted and metakeys.APPROVAL not in f.metadata and TOKEN not in f.request.get_text()


async def test_report_mode_holds_nothing(installed, ctx_approval):
    installed("report")
    _, _guard, approval = ctx_approval
    f = chat_flow(method="DELETE", host="api.github.com", path="/repos/o/r")
    await asyncio.wait_for(approval.request(f), 1)
    assert not f.intercepted and f.metadata[metakeys.APPROVAL]["state"] == "would_hold"
    assert f.metadata[metakeys.DECISION] == "report"


async def test_shutdown_denies_waiting_requests(ctx_approval):
    _, guard, approval = ctx_approval
    f = chat_flow()
    task = await start_hold(guard, approval, f)
    approval.done()
    await asyncio.wait_for(task, 1)
    # attack46: 503, not 403: nobody denied it, the proxy stopped (sent again, it is held anew)
    assert f.response.status_code == 503 and "shutting down" in f.response.json()["error"]["message"]


def test_registry_expires_approvals_nobody_waits_for():
    now = [100.0]
    reg = Registry(clock=lambda: now[0])
    pending, joined = reg.hold("fp", None, {"reasons": []}, timeout_s=10)
    assert not joined and reg.listing()
    now[0] = 111
    assert reg.listing() == [] and pending.state == "expired"
    with pytest.raises(DecisionError) as e:
        reg.decide(pending.id, "approve", "alice")
    assert e.value.status == 409
    with pytest.raises(DecisionError) as e:
        reg.decide("0000ffff", "approve", "alice")
    assert e.value.status == 404
    again, joined = reg.hold("fp", None, {"reasons": []}, timeout_s=10)
    assert not joined and again.id != pending.id  # an expired approval is never re-used


async def test_an_error_while_held_answers_502_and_releases_the_flow(ctx_approval, monkeypatch):
    _, guard, approval = ctx_approval

    async def broken(flow, pending):
        raise RuntimeError("boom")

    monkeypatch.setattr(approval, "_wait", broken)
    f = chat_flow()
    await guard.request(f)
    await asyncio.wait_for(approval.request(f), 1)
    assert f.response.status_code == 502 and not f.intercepted  # an intercepted flow would never get the 502
    assert f.metadata[metakeys.DECISION] == "error"


async def test_requests_a_rule_may_hold_are_buffered_not_streamed(ctx_approval):
    _, _guard, approval = ctx_approval
    delete = chat_flow(method="DELETE", host="api.github.com", path="/repos/o/r")
    delete.request.stream = True  # e.g. a chunked upload another addon chose to stream
    await approval.requestheaders(delete)
    assert delete.request.stream is False
    other = chat_flow(method="GET", host="api.github.com", path="/repos/o/r")
    other.request.stream = True
    await approval.requestheaders(other)
    assert other.request.stream is True
    delete.request.stream = True  # streamed after all: too late to hold, so it is stopped
    await asyncio.wait_for(approval.request(delete), 1)
    assert delete.response.status_code == 403 and not delete.intercepted


async def test_what_reviewers_see_holds_no_raw_value_even_in_the_model_name(ctx_approval):
    """The model name is copied from the body; a secret put there must not reach `approvals list` or the
    control endpoint (the summary passes core/outside.py like every record)."""
    _, guard, approval = ctx_approval
    f = chat_flow(text=f"plan for {CODENAME}")
    f.request.content = f.request.content.replace(b'"model": "', f'"model": "{TOKEN} '.encode(), 1)
    task = await start_hold(guard, approval, f)
    pending = only_pending(approval)
    assert TOKEN not in json.dumps(pending) and CODENAME not in json.dumps(pending)
    assert "[MASKED:test-api-token:" in json.dumps(pending)
    approval.registry.decide(pending["id"], "deny", "bob", "no")
    await asyncio.wait_for(task, 5)


async def test_a_window_for_a_post_does_not_let_the_same_request_claiming_delete_pass(ctx_approval):
    """Attack: the reviewer approves POST /repos/o/r (held for its finding) for 10 minutes; the agent then sends
    the same path and body with X-HTTP-Method-Override: DELETE, which the github-deletes rule holds. Before, the
    retry fingerprint knew only the method on the wire, so the window let the DELETE through unreviewed."""
    _, guard, approval = ctx_approval
    post = chat_flow(identity="agent-7", host="api.github.com", path="/repos/o/r")
    task = await start_hold(guard, approval, post)
    approval.decide(only_pending(approval)["id"], "approve", "alice", window=600)
    await asyncio.wait_for(task, 2)
    assert post.response is None
    claims_delete = chat_flow(identity="agent-7", host="api.github.com", path="/repos/o/r")
    claims_delete.request.headers["X-HTTP-Method-Override"] = "DELETE"
    task = await start_hold(guard, approval, claims_delete)
    assert claims_delete.intercepted and not task.done()
    assert claims_delete.metadata[metakeys.APPROVAL].get("via") != "window"
    assert "approval rule github-deletes" in only_pending(approval)["reasons"]
    approval.decide(only_pending(approval)["id"], "deny", "alice")
    await asyncio.wait_for(task, 2)
    assert claims_delete.response.status_code == 403


async def test_a_window_granted_to_a_token_holder_does_not_pass_an_oidc_caller_of_the_same_name(ctx_approval):
    """Attack (ends14): the reviewer gives the exitguard token `alice` a 10-minute window for this request. A CI
    job whose OIDC identity claim is also `alice` (GitHub's `actor`, an e-mail claim) sends the same request.
    Before, windows were keyed by the bare name: it passed unreviewed, and a pending approval was joined alike."""
    _, guard, approval = ctx_approval
    token_alice = chat_flow(identity="alice")
    token_alice.metadata[metakeys.AUTH_METHOD] = "token"
    task = await start_hold(guard, approval, token_alice)
    approval.decide(only_pending(approval)["id"], "approve", "bob", window=600)
    await asyncio.wait_for(task, 2)
    assert token_alice.response is None
    oidc_alice = chat_flow(identity="alice")
    oidc_alice.metadata.update({metakeys.AUTH_METHOD: "oidc", metakeys.ISSUER: "https://token.actions.example"})
    task = await start_hold(guard, approval, oidc_alice)
    assert oidc_alice.intercepted and not task.done()
    assert oidc_alice.metadata[metakeys.APPROVAL].get("via") != "window"
    approval.decide(only_pending(approval)["id"], "deny", "bob")
    await asyncio.wait_for(task, 2)
    assert oidc_alice.response.status_code == 403
    again = chat_flow(identity="alice")  # the token holder's own retry still rides its window
    again.metadata[metakeys.AUTH_METHOD] = "token"
    task = await start_hold(guard, approval, again)
    await asyncio.wait_for(task, 2)
    assert again.response is None and again.metadata[metakeys.APPROVAL].get("via") == "window"


async def test_a_request_held_for_more_reasons_does_not_join_an_approval_shown_for_fewer(ctx_approval):
    """Attack: while a POST waits for review, the agent sends the same POST claiming DELETE. Before, it joined
    the pending approval, so a reviewer who approved the POST they were shown released the DELETE with it."""
    _, guard, approval = ctx_approval
    post = chat_flow(identity="agent-7", host="api.github.com", path="/repos/o/r")
    claims_delete = chat_flow(identity="agent-7", host="api.github.com", path="/repos/o/r")
    claims_delete.request.headers["X-HTTP-Method-Override"] = "DELETE"
    tasks = [await start_hold(guard, approval, f) for f in (post, claims_delete)]
    assert claims_delete.metadata[metakeys.APPROVAL]["joined"] is False
    shown = next(p for p in approval.listing() if post.id in p["flows"])
    assert shown["flows"] == [post.id]
    approval.decide(shown["id"], "approve", "alice")
    await asyncio.wait_for(tasks[0], 2)
    assert not tasks[1].done() and claims_delete.intercepted
    approval.decide(only_pending(approval)["id"], "deny", "alice")
    await asyncio.wait_for(tasks[1], 2)
    assert claims_delete.response.status_code == 403


async def test_a_window_for_one_port_does_not_cover_another_port_of_the_host(ctx_approval):
    """A window approves a request to one service: the same host name on another port (or scheme) is another
    service, and must be reviewed on its own."""
    _, guard, approval = ctx_approval
    first = chat_flow(identity="agent-7")
    task = await start_hold(guard, approval, first)
    approval.decide(only_pending(approval)["id"], "approve", "alice", window=600)
    await asyncio.wait_for(task, 2)
    other_port = chat_flow(identity="agent-7")
    other_port.request.port = 8443
    task = await start_hold(guard, approval, other_port)
    assert other_port.intercepted and not task.done()
    approval.decide(only_pending(approval)["id"], "deny", "alice")
    await asyncio.wait_for(task, 2)


async def test_a_request_with_thousands_of_findings_keeps_its_approval_small_and_every_rule_named(ctx_approval):
    """Attack (agent): 20,000 occurrences in a 660 KB body made a 2.8 MB reviewer summary, stored in Redis per
    approval, sent in every webhook and every `exitguard approvals list`. The summary keeps each distinct rule
    and a bounded sample, and says how many there were."""
    _, guard, approval = ctx_approval
    f = chat_flow(" ".join([CODENAME] * 20000) + f" and {TOKEN}")
    task = await start_hold(guard, approval, f)
    pending = only_pending(approval)
    assert pending["findings_total"] == 20001 and len(pending["findings"]) <= 100
    assert {x["rule"] for x in pending["findings"]} == {"project-codename", "test-api-token"}
    assert len(json.dumps(pending)) < 50_000
    approval.decide(pending["id"], "deny", "bob")
    await asyncio.wait_for(task, 2)


async def test_the_stop_answers_held_requests_before_config_retires_the_runtime(ctx_approval):
    """attack46: core/shutdown.py runs Approval's answer first in the stop (Config's done), and waits for it."""
    from addons.core import shutdown

    _, guard, approval = ctx_approval
    await approval.running()
    f = chat_flow()
    task = await start_hold(guard, approval, f)
    finishing = shutdown.pending()
    assert finishing is not None
    await asyncio.wait_for(task, 1)  # answered at once
    f.live = False  # what mitmproxy does once the answer is sent: the stop goes on then, not after its 3 s bound
    await asyncio.wait_for(finishing, 1)
    assert f.response.status_code == 503 and f.metadata[metakeys.APPROVAL]["state"] == "denied"
    approval.done()
    assert shutdown.pending() is None  # forgotten once done
