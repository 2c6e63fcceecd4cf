"""newuser56: `exitguard replay --policy NEW.yaml recordings/` refused a policy that brokers a vendor key unless the
key itself was in the environment ("credential 'vendor' has no value (set EXITGUARD_CRED_VENDOR)"). A recording
never holds a brokered key (the recorder writes `[BROKERED:<name>]`), so an auditor's dry run needs none: asking
for it would put the vendor's key on every machine a policy is reviewed on. `up` still refuses a missing key."""

from __future__ import annotations

import pytest

from addons.cli import replay
from addons.core import runtime
from addons.core.validation import PolicyError
from tests.audit.test_replay import NEW_POLICY, make_recording

BROKERED = NEW_POLICY + """credentials:
  brokers:
    - {hosts: [api.openai.com], credential: newuser56-vendor, header: Authorization, format: "Bearer {value}"}
"""


@pytest.fixture
def no_vendor_key(monkeypatch):
    monkeypatch.delenv("EXITGUARD_CRED_NEWUSER56_VENDOR", raising=False)


async def test_replay_needs_no_brokered_key(tmp_path, rt, no_vendor_key):
    ids = await make_recording(tmp_path / "rec")
    policy = tmp_path / "new.yaml"
    policy.write_text(BROKERED)
    report = replay.replay([str(tmp_path / "rec")], str(policy), [], tmp_path / "key")
    got = {ids[r["flow_id"]]: r["new"] for r in report["rows"]}
    assert got["masked"] == "block" and report["flows"] == 4


def test_a_start_still_refuses_a_brokered_key_without_a_value(tmp_path, no_vendor_key):
    policy = tmp_path / "new.yaml"
    policy.write_text(BROKERED)
    with pytest.raises(PolicyError, match="credential 'newuser56-vendor' has no value"):
        runtime.load_checked(str(policy), [])
    with pytest.raises(PolicyError, match="credential 'newuser56-vendor' has no value"):
        runtime.build(str(policy), [], tmp_path / "key")


def test_a_policy_override_of_the_brokered_rule_is_known_without_the_key(tmp_path, no_vendor_key):
    policy = tmp_path / "new.yaml"
    text = BROKERED.replace("rules:\n  email-address: {request: block}\n",
                            "rules:\n  email-address: {request: block}\n  brokered-credential: {response: block}\n")
    policy.write_text(text)
    built = runtime.build(str(policy), [], tmp_path / "key", resolve_credentials=False)
    assert built.policy.action_for("response", "brokered-credential", "secret", "confidential", "precise") == "block"


TEST_VALUE_POLICY = """
version: 1
guarded_hosts: [api.openai.com]
actions:
  request: {test-value: allow, secret/precise: mask, pii: mask, public: allow}
  response: {test-value: allow, secret: mask, pii: allow}
"""


async def test_a_recorded_test_value_stays_one_in_the_replay(tmp_path, rt):
    """newuser56: the same policy over its own recordings reported `request payment-card: allow -> mask` for a
    published test card: replay re-decided the finding under the rule's classification (regulated), not the
    `test-value` the engine gave that value when it ran (a masked body cannot be reclassified again)."""
    from mitmproxy.test import taddons

    from addons.audit import audit
    from addons.core import metakeys
    from tests.audit.test_audit_addon import guarded_flow

    a = audit.Audit()
    with taddons.context(a) as tctx:
        tctx.configure(a, exitguard_record_dir=str(tmp_path / "rec"))
        scanned = [{"direction": d, "status": "scanned", "reason": ""} for d in ("request", "response")]
        card = guarded_flow({"messages": [{"role": "user", "content": "card [MASKED:payment-card:0a1b2c]"}]})
        card.metadata.update({metakeys.DECISION: "allow", metakeys.COVERAGE: scanned, metakeys.FINDINGS: [
            {"rule": "payment-card", "category": "pii", "classification": "test-value", "tier": "precise",
             "direction": "request", "location": "$.messages[0].content@5", "action": "allow"}]})
        await a.response(card)
    a.done()
    policy = tmp_path / "same.yaml"
    policy.write_text(TEST_VALUE_POLICY)
    report = replay.replay([str(tmp_path / "rec")], str(policy), [], tmp_path / "key")
    assert report["flows"] == 1 and not any(r["rule_changes"] for r in report["rows"]), report["rows"]
