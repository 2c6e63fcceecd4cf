"""The Audit addon under mitmproxy's test context: what reaches the record, and fail-closed recording."""

from __future__ import annotations

import errno
import json

import pytest
from mitmproxy import exceptions, io
from mitmproxy.flow import Error
from mitmproxy.test import taddons, tflow

from addons.audit import audit
from addons.audit import index as auditlog
from addons.audit.recorder import Recorder, read_flow_at
from addons.core import health, metakeys
from tests.audit import fakes


def guarded_flow(body: dict, **metadata) -> tflow.HTTPFlow:
    f = tflow.tflow(resp=True)
    f.request.host = "api.openai.com"
    f.request.path = "/v1/chat/completions"
    f.request.method = "POST"
    f.request.headers["content-type"] = "application/json"
    f.request.content = json.dumps(body).encode()
    f.metadata[metakeys.HOST_CLASS] = "guarded"
    f.metadata.update(metadata)
    return f


def recorded(directory):
    files = auditlog.index_files(directory)
    recs = [r for _, _, r in auditlog.read_records(files)]
    blobs = b"".join(p.read_bytes() for p in directory.iterdir())
    return recs, blobs


async def test_blocked_request_is_recorded_masked_and_the_live_flow_is_untouched(addon, tmp_path):
    token, key, mail = fakes.github_token(), fakes.aws_key_id(), fakes.email()
    f = guarded_flow({"model": "gpt-4o", "messages": [{"role": "user", "content": f"{token} {key} {mail}"}]})
    f.metadata.update({metakeys.DECISION: "block", metakeys.SYNTHETIC: True, metakeys.MODEL: "gpt-4o",
                       metakeys.COVERAGE: [{"direction": "request", "status": "scanned", "reason": "3 field(s)"}],
                       metakeys.FINDINGS: [{"rule": "github-pat-classic", "category": "secret",
                                            "classification": "confidential", "tier": "precise",
                                            "direction": "request", "location": "$.messages[0].content@0",
                                            "length": 40, "fingerprint": "0123456789abcdef", "action": "block"}]})
    live_body = f.request.content
    await addon.response(f)
    assert f.request.content == live_body  # the live flow keeps what it had
    recs, blobs = recorded(tmp_path / "rec")
    for secret in (token, key, mail):
        assert secret.encode() not in blobs
    [rec] = recs
    assert rec["decision"] == "block" and rec["model"] == "gpt-4o"
    assert rec["findings"][0]["rule"] == "github-pat-classic" and rec["findings"][0]["action"] == "block"
    assert (rec["file"], rec["offset"]) == (f.metadata[metakeys.RECORD_FILE], f.metadata[metakeys.RECORD_OFFSET])
    flow = read_flow_at(tmp_path / "rec" / rec["file"], rec["offset"])
    assert flow.id == f.id
    text = flow.request.get_text()
    assert "[MASKED:github-pat-classic:" in text and "[MASKED:aws-access-key-id:" in text
    assert "[MASKED:email-address:" in text


async def test_proxy_password_injected_and_credential_headers_never_recorded(addon, tmp_path):
    password, injected, client_key = fakes.password(), fakes.password(), "sk-proj-" + fakes.password()
    f = guarded_flow({"messages": []})
    f.request.headers["proxy-authorization"] = "Basic " + password
    f.request.headers["authorization"] = "Bearer " + client_key
    f.request.query["api_token"] = injected
    f.backup()  # what mitmweb does before an edit: the unedited original must not be recorded either
    f.request.headers["x-vendor-key"] = injected
    f.metadata["proxyauth"] = ("alice", password)
    # credentials.py's shape, and a list of other shapes (be defensive about what the broker writes)
    f.metadata[metakeys.INJECTED] = [{"credential": "vendor", "location": "header:x-vendor-key"},
                                     {"name": "vendor", "query": "api_token"}]
    f.metadata[metakeys.COVERAGE] = [{"direction": d, "status": "scanned", "reason": ""}
                                     for d in ("request", "response")]
    await addon.response(f)
    recs, blobs = recorded(tmp_path / "rec")
    for secret in (password, injected, client_key):
        assert secret.encode() not in blobs
    assert f.metadata["proxyauth"] == ("alice", password)  # live flow unchanged
    flow = read_flow_at(tmp_path / "rec" / recs[0]["file"], recs[0]["offset"])
    assert "proxy-authorization" not in flow.request.headers
    assert flow.metadata["proxyauth"] == ["alice", ""]
    assert flow.request.headers["x-vendor-key"] == "[INJECTED:vendor]"
    assert flow.request.query["api_token"] == "[INJECTED:vendor]"
    assert flow.request.headers["authorization"].startswith("Bearer [REDACTED:authorization:")
    assert recs[0]["identity"] == "alice" and recs[0]["injected"] == ["vendor", "vendor"]
    assert "api_token=&" in recs[0]["path"] or recs[0]["path"].endswith("api_token=")


async def test_markers_the_broker_left_are_kept(addon, tmp_path):
    f = guarded_flow({})
    f.request.headers["authorization"] = "Bearer [BROKERED:openai-team]"
    f.metadata[metakeys.INJECTED] = {"credential": "openai-team", "location": "header:authorization"}
    await addon.response(f)
    recs, _ = recorded(tmp_path / "rec")
    flow = read_flow_at(tmp_path / "rec" / recs[0]["file"], recs[0]["offset"])
    assert flow.request.headers["authorization"] == "Bearer [BROKERED:openai-team]"


async def test_report_mode_records_would_be_actions_and_masks_the_record(addon, tmp_path):
    token = fakes.github_token()
    f = guarded_flow({"messages": [{"role": "user", "content": token}]})
    f.metadata.update({metakeys.DECISION: "report", metakeys.REPORT_ONLY: True,
                       metakeys.REASON: "would block: github-pat-classic",
                       metakeys.FINDINGS: [{"rule": "github-pat-classic", "direction": "request", "action": "block"}]})
    await addon.response(f)
    recs, blobs = recorded(tmp_path / "rec")
    assert token.encode() not in blobs
    assert recs[0]["report_only"] is True and recs[0]["would"] == "block" and recs[0]["decision"] == "report"


async def test_pass_host_bodies_are_masked_and_unscannable_ones_dropped(addon, tmp_path):
    token = fakes.github_token()
    f = tflow.tflow(resp=True)
    f.request.host = "unlisted.example"
    f.request.headers["content-type"] = "text/plain"
    f.request.content = f"deploy with {token}".encode()
    f.response.headers["content-type"] = "image/png"
    f.response.content = token.encode() + b"\x89PNG\x00"
    f.metadata[metakeys.HOST_CLASS] = "pass"
    await addon.response(f)
    recs, blobs = recorded(tmp_path / "rec")
    assert token.encode() not in blobs
    flow = read_flow_at(tmp_path / "rec" / recs[0]["file"], recs[0]["offset"])
    assert flow.response.raw_content == b""
    assert any("recording: body not kept" in c["reason"] for c in recs[0]["coverage"])


async def test_replays_and_unrecorded_configuration_are_ignored(addon, tmp_path):
    await addon.response(tflow.tflow(resp=True, live=False))
    recs, _ = recorded(tmp_path / "rec")
    assert recs == []


async def test_refused_connect_is_indexed(addon, tmp_path):
    f = tflow.tflow()
    f.request.method = "CONNECT"
    f.request.host = "denied.example"
    f.response = tflow.tresp(status_code=403)
    f.metadata[metakeys.DECISION] = "deny"
    await addon.http_connect(f)
    allowed = tflow.tflow()
    allowed.response = tflow.tresp(status_code=200)
    await addon.http_connect(allowed)
    recs, _ = recorded(tmp_path / "rec")
    assert [(r["event"], r["host"], r["decision"], r["status"]) for r in recs] == \
        [("connect", "denied.example", "deny", 403)]


async def test_metadata_that_is_not_plain_data_is_still_recorded(addon, tmp_path):
    f = guarded_flow({})
    f.metadata["someone.else"] = {"a set": {1, 2}, "obj": object()}
    await addon.response(f)
    recs, _ = recorded(tmp_path / "rec")
    flow = read_flow_at(tmp_path / "rec" / recs[0]["file"], recs[0]["offset"])
    assert flow.metadata["someone.else"] == {"a set": [1, 2], "obj": "<object>"}


async def test_disk_full_refuses_guarded_traffic_until_writing_works(addon, tmp_path, monkeypatch):
    addon.retry_seconds = 0.0
    full = {"on": True}
    real_sync, real_open = Recorder._sync_files, Recorder.open

    def sync(self, *a):
        if full["on"]:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_sync(self, *a)

    def reopen(self):
        if full["on"]:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_open(self)

    monkeypatch.setattr(Recorder, "_sync_files", sync)
    monkeypatch.setattr(Recorder, "open", reopen)

    f = guarded_flow({})
    await addon.response(f)
    assert f.response.status_code == 503  # not handed out unrecorded
    assert addon.broken_since is not None
    assert health.recorder_broken()  # what streams in flight ask (they end with their error event)

    new = guarded_flow({})
    new.response = None
    await addon.requestheaders(new)
    assert new.response.status_code == 503
    assert b"exitguard_audit_unavailable" in new.response.content
    for refused in (f, new):  # neither was recorded: no `exitguard audit show` for a record that does not exist
        message = json.loads(refused.response.content)["error"]["message"]
        assert "audit show" not in message and message.count("administrator") == 1, message

    unguarded = tflow.tflow()
    unguarded.metadata[metakeys.HOST_CLASS] = "pass"
    await addon.requestheaders(unguarded)
    assert unguarded.response is None

    full["on"] = False
    again = guarded_flow({})
    again.response = None
    await addon.requestheaders(again)
    assert again.response is None and addon.broken_since is None and not health.recorder_broken()
    again.response = tflow.tresp()
    await addon.response(again)
    recs, _ = recorded(tmp_path / "rec")
    assert [r["event"] for r in recs] == ["recorder_resumed", "flow"]
    assert recs[0]["unrecorded_flows"] == 1  # the flow whose response was withheld
    assert auditlog.verify(auditlog.index_files(tmp_path / "rec")) == []


def test_bad_options_stop_the_proxy(tmp_path, rt):
    a = audit.Audit()
    with taddons.context(a) as tctx:
        with pytest.raises(exceptions.OptionsError):
            tctx.configure(a, exitguard_record_rotate="weekly")
        with pytest.raises(exceptions.OptionsError):
            tctx.configure(a, exitguard_retain_days=-1)
        (tmp_path / "file").write_text("not a folder")
        with pytest.raises(exceptions.OptionsError):
            tctx.configure(a, exitguard_record_dir=str(tmp_path / "file" / "rec"))


def test_retention_runs_at_start(tmp_path, rt):
    import os
    import time

    rec_dir = tmp_path / "rec"
    rec_dir.mkdir()
    old = rec_dir / "audit-000001-20200101T000000Z.jsonl"
    old.write_text("")
    (rec_dir / "audit-000001-20200101T000000Z.mitm").write_bytes(b"")
    for p in rec_dir.iterdir():
        os.utime(p, (time.time() - 40 * 86400,) * 2)
    a = audit.Audit()
    with taddons.context(a) as tctx:
        tctx.configure(a, exitguard_record_dir=str(rec_dir), exitguard_retain_days=30)
    a.done()
    assert not old.exists()
    recs = [r for _, _, r in auditlog.read_records(auditlog.index_files(rec_dir))]
    assert recs[-1]["event"] == "retention" and len(recs[-1]["removed"]) == 2


def test_written_files_are_plain_mitmproxy_recordings(tmp_path, rt):
    """Sanity: what FlowReader gets back is what mitmdump -nr would read."""
    a = audit.Audit()
    with taddons.context(a) as tctx:
        tctx.configure(a, exitguard_record_dir=str(tmp_path))
    a.done()
    for p in tmp_path.glob("*.mitm"):
        with open(p, "rb") as fo:
            assert list(io.FlowReader(fo).stream()) == []


async def test_websocket_flows_are_recorded_at_the_end_with_text_masked(addon, tmp_path):
    token = fakes.github_token()
    f = tflow.twebsocketflow()
    f.metadata[metakeys.HOST_CLASS] = "pass"
    f.websocket.messages[0].content = f"push {token}".encode()
    f.websocket.messages[0].type = 1  # text (Opcode.TEXT)
    await addon.response(f)  # the 101 answer: not yet
    await addon.error(f)
    assert recorded(tmp_path / "rec")[0] == []
    await addon.websocket_end(f)
    recs, blobs = recorded(tmp_path / "rec")
    assert len(recs) == 1 and token.encode() not in blobs
    flow = read_flow_at(tmp_path / "rec" / recs[0]["file"], recs[0]["offset"])
    assert "[MASKED:github-pat-classic:" in flow.websocket.messages[0].text


async def test_errored_flows_are_recorded_with_the_error(addon, tmp_path):
    f = tflow.tflow(err=True)
    f.metadata[metakeys.HOST_CLASS] = "guarded"
    await addon.error(f)
    recs, _ = recorded(tmp_path / "rec")
    assert recs[0]["status"] is None and recs[0]["error"] == f.error.msg


async def test_a_flow_killed_while_live_is_recorded_once_and_not_again_at_shutdown(addon, tmp_path):
    """walk17: ``flow.kill()`` clears ``live``, so the error hook of a held request whose client left (the approval
    addon kills it) or of a stream stopped mid-answer found a flow that was not live: it was in no record until
    shutdown, and then as "still open". A flow never seen live here (read from a file) is still not recorded."""
    f = guarded_flow({"messages": []})
    f.response = None
    await addon.requestheaders(f)
    f.metadata[metakeys.APPROVAL] = {"id": "0badf00d", "state": "abandoned"}
    f.kill()
    assert not f.live
    await addon.error(f)
    loaded = tflow.tflow(live=False)
    loaded.error = Error(Error.KILLED_MESSAGE)
    await addon.error(loaded)
    addon.done()
    recs, _ = recorded(tmp_path / "rec")
    assert [r["flow_id"] for r in recs] == [f.id]
    assert recs[0]["approval"]["state"] == "abandoned" and recs[0]["error"] == "Connection killed."
    assert all("still open" not in str(c) for c in recs[0]["coverage"])


async def test_an_event_handed_in_is_indexed_masked_with_time_and_replica(addon, tmp_path):
    token = fakes.github_token()
    await addon.record_event({"event": "approval", "decision": "denied", "reason": f"pasted {token}",
                              "approval": {"id": "0badf00d", "state": "denied"}})
    recs, blobs = recorded(tmp_path / "rec")
    assert token.encode() not in blobs
    [rec] = recs
    assert rec["event"] == "approval" and rec["approval"]["state"] == "denied" and rec["time"] and rec["replica"]
    assert "[MASKED:github-pat-classic:" in rec["reason"]
    assert auditlog.verify(auditlog.index_files(tmp_path / "rec")) == []


async def test_flows_still_open_at_shutdown_are_recorded(tmp_path, rt):
    a = audit.Audit()
    with taddons.context(a) as tctx:
        tctx.configure(a, exitguard_record_dir=str(tmp_path))
        held = guarded_flow({"messages": []})
        held.response = None
        await a.requestheaders(held)  # e.g. held for approval when the proxy stops
        done = guarded_flow({})
        await a.requestheaders(done)
        await a.response(done)
    a.done()
    recs, _ = recorded(tmp_path)
    assert [r["flow_id"] for r in recs] == [done.id, held.id]
    assert recs[1]["status"] is None and recs[1]["coverage"][-1]["reason"] == "still open when the proxy stopped"
    assert auditlog.verify(auditlog.index_files(tmp_path)) == []


async def test_the_index_names_the_real_destination_and_the_claimed_host(addon, tmp_path):
    from tests.flows import tunnel_flow

    f = tunnel_flow(connect="evil.example", sni="evil.example", host_header="api.openai.com")
    f.response = tflow.tresp(status_code=421)
    f.server_conn.peername = ("203.0.113.9", 443)
    f.metadata[metakeys.HOST_CLASS] = "guarded"
    honest = tunnel_flow("api.openai.com")
    honest.response = tflow.tresp()
    await addon.response(f)
    await addon.response(honest)
    recs, _ = recorded(tmp_path / "rec")
    assert [(r["host"], r["port"], r["claimed_hosts"], r["upstream"]) for r in recs] == [
        ("evil.example", 443, ["api.openai.com"], "203.0.113.9:443"),
        ("api.openai.com", 443, None, "192.168.0.1:22")]
    row = auditlog.csv_row(recs[0])
    assert (row["host"], row["claimed_hosts"], row["upstream"]) == ("evil.example", "api.openai.com",
                                                                   "203.0.113.9:443")


async def test_a_shutdown_record_the_broken_recorder_cannot_take_is_said_and_counted(addon, tmp_path, monkeypatch,
                                                                                   caplog):
    """attack18: record_event_now (the stop's denial of a held request) returned without a word while the recorder
    was broken: the decision was in no record and no log line. It is retried once, then counted and logged."""
    def full(self):
        raise OSError(errno.ENOSPC, "No space left on device")

    addon.broken_since, addon.retry_seconds = "2026-12-04T16:00:00Z", 0.0
    monkeypatch.setattr(Recorder, "open", full)
    addon.record_event_now({"event": "approval", "approval": {"id": "0badf00d", "state": "denied"}})
    assert addon.unrecorded == 1
    assert "an approval record was NOT written at shutdown" in caplog.text


async def test_a_shutdown_record_is_written_when_the_recorder_works_again(addon, tmp_path):
    addon.broken_since, addon.retry_seconds = "2026-12-04T16:00:00Z", 0.0
    addon.record_event_now({"event": "approval", "approval": {"id": "0badf00d", "state": "denied"}})
    recs, _ = recorded(tmp_path / "rec")
    assert [r["approval"]["id"] for r in recs if r["event"] == "approval"] == ["0badf00d"]
    assert addon.broken_since is None
