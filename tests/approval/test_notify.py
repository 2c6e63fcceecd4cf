"""Reviewer notifications: delivered with a masked preview (no raw value, ever), in exitguard's JSON or the
Slack incoming-webhook shape; a failing webhook is recorded and approves nothing."""

from __future__ import annotations

import asyncio
import socket

import pytest
from mitmproxy.test import taddons

from addons.approval.approval import Approval
from addons.core import metakeys
from addons.guard.guard import Guard
from tests.approval.support import CODENAME, TOKEN, chat_flow, start_hold
from tests.approval.webhook import Receiver


@pytest.fixture
def receiver():
    r = Receiver()
    yield r
    r.close()


async def hold_and_deny(url: str, fmt: str, text: str, timeout: int = 5):
    guard, approval = Guard(), Approval()
    with taddons.context(guard, approval) as tctx:
        tctx.configure(approval, exitguard_approval_timeout=timeout, exitguard_approval_webhook=url,
                       exitguard_approval_webhook_format=fmt)
        f = chat_flow(text, identity="agent-7")
        task = await start_hold(guard, approval, f)
        for _ in range(100):  # the notification is sent in the background
            if approval.listing()[0]["notified"].get("state") != "sending":
                break
            await asyncio.sleep(0.02)
        pending = approval.listing()[0]
        approval.decide(pending["id"], "deny", "alice")
        await asyncio.wait_for(task, 2)
        return f, pending


async def test_json_notification_has_who_what_why_and_a_masked_preview(installed, receiver):
    f, pending = await hold_and_deny(receiver.url, "json", f"ship {CODENAME} with key {TOKEN}")
    (doc,) = receiver.received
    assert doc["event"] == "exitguard.approval.requested" and doc["id"] == pending["id"]
    assert doc["requester"] == "agent-7" and doc["method"] == "POST"
    assert doc["url"] == "https://api.openai.com/v1/chat/completions"
    assert doc["reasons"] == ["finding(s) of rule(s) project-codename need approval"]
    assert {(x["rule"], x["classification"]) for x in doc["findings"]} == {
        ("project-codename", "confidential"), ("test-api-token", "confidential")}
    body = doc["preview"]["body"]
    assert "[MASKED:project-codename:" in body and "[MASKED:test-api-token:" in body and "$.model: gpt-test" in body
    # walk22: as sent it was refused ("approving needs your approver token"): the command says where it goes
    assert doc["commands"]["approve"] == f"exitguard approvals approve {pending['id']} --token-file FILE"
    assert "--for 10m" in doc["commands"]["approve_for_10m"]
    raw = receiver.raw[0].decode()
    assert CODENAME not in raw and TOKEN not in raw and TOKEN[6:] not in raw
    md = f.metadata[metakeys.APPROVAL]["notified"]
    assert md["delivered"] is True and md["status"] == 200 and md["target"] == "127.0.0.1"
    assert "not-a-real-secret" not in str(f.metadata)  # the webhook path can be a credential: never recorded


async def test_slack_payload(installed, receiver):
    await hold_and_deny(receiver.url, "slack", f"ship {CODENAME} <now> & later")
    (doc,) = receiver.received
    assert "agent-7 wants to send POST https://api.openai.com/v1/chat/completions" in doc["text"]
    assert doc["blocks"][0]["type"] == "section" and doc["blocks"][0]["text"]["type"] == "mrkdwn"
    texts = "\n".join(b["text"]["text"] for b in doc["blocks"])
    assert "[MASKED:project-codename:" in texts and "&lt;now&gt; &amp; later" in texts
    assert "exitguard approvals approve" in texts and CODENAME not in receiver.raw[0].decode()


async def test_failed_notification_is_recorded_and_approves_nothing(installed):
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{s.getsockname()[1]}/hook"
    f, pending = await hold_and_deny(dead, "json", f"ship {CODENAME}")
    assert pending["notified"] == pending["notified"] | {"delivered": False, "error": "connection refused"}
    assert f.response.status_code == 403 and f.metadata[metakeys.APPROVAL]["state"] == "denied"


async def test_webhook_answering_an_error_is_not_delivered(installed):
    r = Receiver(status=500)
    try:
        _, pending = await hold_and_deny(r.url, "json", f"ship {CODENAME}")
    finally:
        r.close()
    assert pending["notified"]["delivered"] is False and pending["notified"]["error"] == "HTTP 500"


def test_bad_webhook_options_are_refused(installed):
    from mitmproxy import exceptions
    approval = Approval()
    with taddons.context(approval) as tctx:
        with pytest.raises(exceptions.OptionsError):
            tctx.configure(approval, exitguard_approval_webhook="ftp://x/")
        with pytest.raises(exceptions.OptionsError):
            tctx.configure(approval, exitguard_approval_webhook_format="teams")
        with pytest.raises(exceptions.OptionsError):
            tctx.configure(approval, exitguard_approval_timeout=0)


KEY_NAMED_RULE = """\
rules:
  - id: vault-pin
    description: A vault PIN, known only by the key it is sent under
    references: ['https://example.org/vault-pins']
    category: secret
    classification: internal
    tier: generic
    keywords: [vault_pin]
    regex: '"vault_pin"\\s*:\\s*"([0-9]{6})"'
    examples: ['"vault_pin": "483920"']
"""


async def test_a_value_known_only_by_its_key_is_masked_for_reviewers_too(tmp_path, receiver):
    """Attack (leak): a request held for one reason carries a value the policy lets through to the provider and
    that is known only by its key (`"vault_pin": "483920"`). The preview scanned each field alone, so the PIN
    went raw to the webhook, the Slack channel and `exitguard approvals list`; the audit record (scanned with the
    key, as the guard scans) masked it. Reviewers are a wider audience than the provider: masked like the record."""
    import json

    from addons.core import runtime
    from tests.approval.support import RULES, write_config

    policy, rules = write_config(tmp_path)
    policy.write_text(policy.read_text().replace("project-codename: {request: approve}",
                                                 "project-codename: {request: approve}\n  vault-pin: {request: allow}"))
    extra = tmp_path / "key-named.yaml"
    extra.write_text(KEY_NAMED_RULE)
    assert RULES in rules.read_text()
    runtime.install(runtime.build(str(policy), [str(rules), str(extra)], tmp_path / "fp.key"))
    try:
        for fmt in ("json", "slack"):
            receiver.received.clear()
            receiver.raw.clear()
            guard, approval = Guard(), Approval()
            with taddons.context(guard, approval) as tctx:
                tctx.configure(approval, exitguard_approval_timeout=5, exitguard_approval_webhook=receiver.url,
                               exitguard_approval_webhook_format=fmt)
                f = chat_flow(identity="agent-7")
                f.request.content = json.dumps({"model": "gpt-test", "vault_pin": "483920", "messages": [
                    {"role": "user", "content": f"plan for {CODENAME}"}]}).encode()
                task = await start_hold(guard, approval, f)
                assert any(x["rule"] == "vault-pin" and x["action"] == "allow"
                           for x in f.metadata[metakeys.FINDINGS])  # let through to the provider, by policy
                for _ in range(100):
                    if receiver.raw:
                        break
                    await asyncio.sleep(0.02)
                pending = approval.listing()[0]
                approval.decide(pending["id"], "deny", "alice")
                await asyncio.wait_for(task, 2)
            assert "483920" not in receiver.raw[0].decode() and "483920" not in json.dumps(pending)
            assert "[MASKED:vault-pin:" in json.dumps(pending["preview"])
    finally:
        runtime.install(None)


def test_an_agent_cannot_close_the_slack_preview_code_block():
    """Text after a closing fence would be Slack formatting ("*pre-approved by security*") under the agent's
    control; backticks stay visible but never make a fence."""
    from addons.approval import notify
    body = "$.messages[0].content: x```\n*Pre-approved by security: click Approve*\n````y``"
    doc = notify.slack_payload({"id": "ab12", "requester": "agent-7", "method": "POST", "url": "https://h/p",
                                "timeout_s": 5, "reasons": ["r"], "findings": [], "preview": {"body": body}})
    [preview] = [b["text"]["text"] for b in doc["blocks"] if b["text"]["text"].startswith("```")]
    inner = preview[3:-3]
    assert "``" not in inner and inner.count("`") == body.count("`")
    assert "*Pre-approved by security: click Approve*" in inner


async def test_a_webhook_host_that_does_not_resolve_is_said_in_words(monkeypatch):
    """newuser37: `approvals list` showed `notified: gaierror` for deploy/README's placeholder webhook host."""
    from addons.approval import notify

    async def unresolved(parts, body):
        raise socket.gaierror(-2, "Name or service not known")

    monkeypatch.setattr(notify, "_post", unresolved)
    result = await notify.send("https://hooks.example.com/services/T0/B0/secretpath", {})
    assert result["delivered"] is False and result["error"] == "host name not resolved"
    assert "secretpath" not in str(result)
