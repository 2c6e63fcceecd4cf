"""exitguard replay over recordings made by the Audit addon: decision deltas from masked recordings."""

from __future__ import annotations

import json

import pytest
from mitmproxy.test import taddons, tflow

from addons.audit import audit
from addons.cli import replay
from addons.core import metakeys
from tests.audit import fakes
from tests.audit.test_audit_addon import guarded_flow
from tests.flows import tunnel_flow

NEW_POLICY = """
version: 1
guarded_hosts: [api.openai.com, unlisted.example]
actions:
  request: {secret: mask, pii: mask}
  response: {secret: mask, pii: allow}
rules:
  email-address: {request: block}
"""


async def make_recording(directory) -> dict[str, str]:
    a = audit.Audit()
    ids = {}
    with taddons.context(a) as tctx:
        tctx.configure(a, exitguard_record_dir=str(directory))
        scanned = [{"direction": d, "status": "scanned", "reason": ""} for d in ("request", "response")]
        masked = guarded_flow({"messages": [{"role": "user", "content": "mail [MASKED:email-address:0a1b2c]"}]})
        masked.metadata.update({metakeys.DECISION: "mask", metakeys.COVERAGE: scanned, metakeys.FINDINGS: [
            {"rule": "email-address", "category": "pii", "classification": "confidential", "tier": "precise",
             "direction": "request", "location": "$.messages[0].content@5", "action": "mask"}]})
        passed = tflow.tflow(resp=True)
        passed.request.host = "unlisted.example"
        passed.request.headers["content-type"] = "text/plain"
        passed.request.content = f"token {fakes.github_token()}".encode()
        passed.metadata.update({metakeys.HOST_CLASS: "pass", metakeys.DECISION: "pass"})
        blocked_response = guarded_flow({"messages": []})
        blocked_response.metadata.update({metakeys.DECISION: "block", metakeys.SYNTHETIC: True,
                                          metakeys.COVERAGE: scanned, metakeys.FINDINGS: [
            {"rule": "github-pat-classic", "category": "secret", "classification": "confidential",
             "tier": "precise", "direction": "response", "location": "$.choices[0]@3", "action": "block"}]})
        clean = guarded_flow({"messages": [{"role": "user", "content": "hello"}]})
        clean.metadata.update({metakeys.DECISION: "allow", metakeys.COVERAGE: scanned})
        for name, f in (("masked", masked), ("passed", passed), ("blocked_response", blocked_response),
                        ("clean", clean)):
            await a.response(f)
            ids[f.id] = name
    a.done()
    return ids


async def test_replay_reports_decision_deltas(tmp_path, rt):
    ids = await make_recording(tmp_path / "rec")
    policy = tmp_path / "new.yaml"
    policy.write_text(NEW_POLICY)
    report = replay.replay([str(tmp_path / "rec")], str(policy), [], tmp_path / "key")
    got = {ids[r["flow_id"]]: (r["old"], r["new"], r["change"]) for r in report["rows"]}
    assert got == {"masked": ("mask", "block", "stricter"), "passed": ("pass", "mask", "stricter"),
                   "blocked_response": ("block", "mask", "looser"), "clean": ("allow", "allow", "same")}
    assert (report["flows"], report["stricter"], report["looser"]) == (4, 2, 1)
    row = next(r for r in report["rows"] if ids[r["flow_id"]] == "masked")
    assert row["rule_changes"] == ["request email-address: mask -> block"]


async def test_replay_survives_a_torn_recording(tmp_path, rt):
    await make_recording(tmp_path / "rec")
    [mitm] = (tmp_path / "rec").glob("*.mitm")
    mitm.write_bytes(mitm.read_bytes()[:-50])  # the last flow is cut short
    policy = tmp_path / "new.yaml"
    policy.write_text(NEW_POLICY)
    report = replay.replay([str(mitm)], str(policy), [], tmp_path / "key")
    assert report["flows"] == 3 and len(report["warnings"]) == 1


# ---- recorded through the real addons, replayed with the policy they ran under ----------------------------

RECORDED_POLICY = """
version: 1
guarded_hosts: [api.openai.com]
actions:
  request: {secret: mask, pii: mask}
  response: {secret: mask, pii: allow}
"""
STRICTER_POLICY = RECORDED_POLICY + """
rules:
  email-address: {request: block, response: mask}
"""
MAIL = "bob.smith@acmecorp.io"


def _chat(text: str, host: str = "api.openai.com"):
    f = tunnel_flow(host, "/v1/chat/completions", sni=None if host[0].isdigit() else host)  # the names agree
    f.request.method = "POST"
    f.request.headers["content-type"] = "application/json"
    f.request.content = json.dumps({"model": "gpt-test", "messages": [{"role": "user", "content": text}]}).encode()
    return f


async def _through_the_chain(addons, flow, answer: bytes, sse: bool) -> None:
    """The hooks mitmproxy calls for one flow, in chain order (HostPolicy, Guard, Streaming, Audit)."""
    from mitmproxy.test import tutils

    host_policy, guard, streaming, recorder = addons
    await host_policy.requestheaders(flow)
    await guard.requestheaders(flow)
    await streaming.requestheaders(flow)
    await guard.request(flow)
    media = b"text/event-stream" if sse else b"application/json"
    flow.response = tutils.tresp(headers=[(b"content-type", media)], content=None if sse else answer)
    await streaming.responseheaders(flow)
    if sse:
        flow.response.stream(answer[:40])
        for i in range(40, len(answer), 9):  # values arrive split across chunks and events
            flow.response.stream(answer[i:i + 9])
        flow.response.stream(b"")
    await guard.response(flow)
    await streaming.response(flow)
    await recorder.response(flow)


async def record_through_the_chain(directory, tmp_path) -> dict[str, str]:
    from addons.audit.audit import Audit
    from addons.core import runtime
    from addons.guard.guard import Guard
    from addons.guard.hostpolicy import HostPolicy
    from addons.stream.streaming import Streaming
    from tests.stream import streams

    policy = tmp_path / "recorded.yaml"
    policy.write_text(RECORDED_POLICY)
    runtime.install(runtime.build(str(policy), [], tmp_path / "fp.key"))
    addons = (HostPolicy(), Guard(), Streaming(), Audit())
    token = fakes.github_token()
    flows = {
        # the client sends back a placeholder from an earlier answer, and an email that gets masked
        "echo": (_chat(f"as before: [MASKED:github-pat-classic:3f9c1a], write to {MAIL}"),
                 json.dumps({"choices": [{"message": {"content": "done"}}]}).encode(), False),
        # a streamed answer: a token (masked) and an email (allowed) split across events
        "stream": (_chat("summarise"), streams.openai_chat(["Write to bob.sm", "ith@acmecorp", ".io now. Key ",
                                                             token[:10], token[10:], " end."]), True),
        "clean": (_chat("hello"), json.dumps({"choices": [{"message": {"content": "hi"}}]}).encode(), False),
        # to a bare IP address no TLS name binds: guarded as an unnamed host, not observed as an unlisted one
        "bare_ip": (_chat(f"write to {MAIL}", host="203.0.113.7"),
                    json.dumps({"choices": [{"message": {"content": "ok"}}]}).encode(), False),
    }
    try:
        with taddons.context(*addons) as tctx:
            tctx.configure(addons[3], exitguard_record_dir=str(directory))
            for flow, answer, sse in flows.values():
                await _through_the_chain(addons, flow, answer, sse)
            addons[3].done()
    finally:
        runtime.install(None)
    stream_flow = flows["stream"][0]
    seen = streams.client_text("openai_chat", stream_flow.response.content)["text"]
    assert stream_flow.metadata[metakeys.STREAMED] and MAIL in seen and token not in seen
    assert [f["action"] for f in stream_flow.metadata[metakeys.FINDINGS]] == ["allow", "mask"]
    return {flow.id: name for name, (flow, _, _) in flows.items()}


async def test_replay_with_the_recorded_policy_reports_no_change(tmp_path):
    ids = await record_through_the_chain(tmp_path / "rec", tmp_path)
    policy = tmp_path / "same.yaml"
    policy.write_text(RECORDED_POLICY)
    report = replay.replay([str(tmp_path / "rec")], str(policy), [], tmp_path / "key")
    got = {ids[r["flow_id"]]: (r["old"], r["new"], r["rule_changes"]) for r in report["rows"]}
    assert got == {"echo": ("mask", "mask", []), "stream": ("mask", "mask", []), "clean": ("allow", "allow", []),
                   "bare_ip": ("mask", "mask", [])}
    assert (report["stricter"], report["looser"], report["rule_changes"]) == (0, 0, 0)


async def test_replay_with_a_stricter_policy_reports_what_changes(tmp_path):
    ids = await record_through_the_chain(tmp_path / "rec", tmp_path)
    policy = tmp_path / "stricter.yaml"
    policy.write_text(STRICTER_POLICY)
    report = replay.replay([str(tmp_path / "rec")], str(policy), [], tmp_path / "key")
    got = {ids[r["flow_id"]]: (r["old"], r["new"], r["rule_changes"]) for r in report["rows"]}
    assert got == {"echo": ("mask", "block", ["request email-address: mask -> block"]),
                   "stream": ("mask", "mask", ["response email-address: allow -> mask"]),
                   "clean": ("allow", "allow", []),
                   "bare_ip": ("mask", "block", ["request email-address: mask -> block"])}
    assert (report["stricter"], report["looser"], report["rule_changes"]) == (2, 0, 3)


async def test_replay_holds_what_an_approvals_rule_of_the_new_policy_would_hold(tmp_path):
    ids = await record_through_the_chain(tmp_path / "rec", tmp_path)
    policy = tmp_path / "held.yaml"
    policy.write_text(RECORDED_POLICY + "approvals:\n  - name: mail-needs-review\n    rules: [email-address]\n")
    report = replay.replay([str(tmp_path / "rec")], str(policy), [], tmp_path / "key")
    got = {ids[r["flow_id"]]: (r["old"], r["new"]) for r in report["rows"]}
    # the rule looks at request findings: the streamed answer's email does not count
    assert got == {"echo": ("mask", "hold"), "stream": ("mask", "mask"), "clean": ("allow", "allow"),
                   "bare_ip": ("mask", "hold")}


def test_a_file_that_is_not_a_recording_is_an_input_error(tmp_path):
    from addons.cli.errors import UserError

    readme = tmp_path / "README.md"
    readme.write_text("# not a recording\n")
    policy = tmp_path / "p.yaml"
    policy.write_text(RECORDED_POLICY)
    with pytest.raises(UserError, match=r"README\.md: not a mitmproxy recording"):
        replay.replay([str(readme)], str(policy), [], tmp_path / "key")
    with pytest.raises(UserError, match="no recordings"):
        replay.replay([str(tmp_path)], str(policy), [], tmp_path / "key")


async def test_a_flow_an_approvals_rule_held_replays_as_held(tmp_path, rt):
    a = audit.Audit()
    with taddons.context(a) as tctx:
        tctx.configure(a, exitguard_record_dir=str(tmp_path / "rec"))
        f = guarded_flow({"messages": [{"role": "user", "content": "deploy"}]})
        f.metadata.update({metakeys.DECISION: "approved", metakeys.APPROVAL: {
            "rules": ["deploys"], "finding_rules": [], "reasons": ["approval rule deploys"], "state": "approved"}})
        await a.response(f)
    a.done()
    policy = tmp_path / "same.yaml"
    policy.write_text(RECORDED_POLICY + "approvals:\n  - name: deploys\n    hosts: [api.openai.com]\n")
    [row] = replay.replay([str(tmp_path / "rec")], str(policy), [], tmp_path / "key")["rows"]
    assert (row["old"], row["new"], row["change"]) == ("hold", "hold", "same")
    policy.write_text(RECORDED_POLICY)  # the rule taken out
    [row] = replay.replay([str(tmp_path / "rec")], str(policy), [], tmp_path / "key")["rows"]
    assert (row["old"], row["new"], row["change"]) == ("hold", "allow", "looser")
