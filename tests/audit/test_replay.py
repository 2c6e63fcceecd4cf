"""exitguard replay over recordings made by the Audit addon: decision deltas from masked recordings."""

from __future__ import annotations

from mitmproxy.test import taddons, tflow

from addons.audit import audit
from addons.cli import replay
from addons.core import metakeys
from tests.audit import fakes
from tests.audit.test_audit_addon import guarded_flow

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
