"""After a Slack click the callback listener updates the message through the click's response_url. A local fake
Slack (HTTPS on loopback, certificate of a test CA trusted through SSL_CERT_FILE) is the outside edge: it records
what it was sent. The update names the outcome, has no buttons and no raw value; forged calls and response_urls
on other hosts get nothing."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from urllib.parse import urlencode

import pytest
from mitmproxy import exceptions
from mitmproxy.test import taddons

from addons.approval import capability, notify
from addons.approval.approval import Approval
from addons.core import metakeys
from addons.guard.guard import Guard
from tests.approval.support import CODENAME, TOKEN, chat_flow, start_hold
from tests.approval.test_callback import SLACK_SECRET, apost
from tests.approval.webhook import Receiver
from tests.live import harness

RESPONSE_PATH = "/actions/T0TEST/1234567890/not-a-real-response-secret"


@pytest.fixture(scope="module")
def fake_slack(tmp_path_factory):
    ca, pem = harness.make_upstream_certs(tmp_path_factory.mktemp("fake-slack"))
    server = harness.Upstream(pem)
    server.ca = ca  # type: ignore[attr-defined]
    yield server
    server.close()


@pytest.fixture
def slack(fake_slack, monkeypatch):
    fake_slack.reset()
    fake_slack.route("POST", "/actions/", lambda req: harness.Reply(200, {"content-type": "text/plain"}, b"ok"))
    monkeypatch.setenv("SSL_CERT_FILE", str(fake_slack.ca))  # the system trust store, replaced for this test
    yield fake_slack
    fake_slack.reset()


@pytest.fixture
async def served(installed, slack, tmp_path):
    receiver = Receiver()
    secret = tmp_path / "slack-secret"
    secret.write_bytes(SLACK_SECRET)
    secret.chmod(0o600)
    guard, approval = Guard(), Approval()
    with taddons.context(guard, approval) as tctx:
        tctx.configure(approval, exitguard_approval_timeout=10, exitguard_control_listen="off",
                       exitguard_approval_webhook=receiver.url, exitguard_approval_webhook_format="slack",
                       exitguard_approval_callback_listen="127.0.0.1:0",
                       exitguard_approval_slack_signing_secret_file=str(secret),
                       exitguard_approval_slack_approvers="U0REVIEW1,U0BOSS",
                       exitguard_approval_slack_response_hosts=f"localhost:{slack.port}")
        await approval.running()
        yield guard, approval
        approval.done()
    receiver.close()


def response_url(slack, host: str = "localhost", scheme: str = "https") -> str:
    return f"{scheme}://{host}:{slack.port}{RESPONSE_PATH}"


def click(approval_id: str, kind: str, url: str | None, user: str = "U0REVIEW1", name: str = "rita",
          secret: bytes = SLACK_SECRET) -> tuple[bytes, dict]:
    action_id = {"approve": "exitguard_approve", "approve-window": "exitguard_approve_window",
                 "deny": "exitguard_deny"}[kind]
    payload = {"type": "block_actions", "user": {"id": user, "username": name},
               "actions": [{"action_id": action_id, "value": f"{approval_id}:{kind}"}],
               **({"response_url": url} if url else {})}
    body = urlencode({"payload": json.dumps(payload)}).encode()
    stamp = str(int(time.time()))
    return body, {"Content-Type": "application/x-www-form-urlencoded", "X-Slack-Request-Timestamp": stamp,
                  "X-Slack-Signature": capability.slack_signature(secret, stamp, body)}


async def hold(guard, approval, text: str = f"ship {CODENAME} with key {TOKEN}"):
    f = chat_flow(text, identity="agent-7")
    task = await start_hold(guard, approval, f)
    return f, task, approval.listing()[0]["id"]


async def updates(slack, count: int = 1) -> list[dict]:
    for _ in range(500):
        if len(slack.received) >= count:
            break
        await asyncio.sleep(0.01)
    return [r.json() for r in slack.received]


async def settled(approval: Approval) -> None:
    """Every Slack update the listener started has ended."""
    assert approval.callback is not None
    for _ in range(1000):
        if not approval.callback._updates:
            return
        await asyncio.sleep(0.01)
    raise AssertionError("a Slack update is still running")


async def test_an_accepted_click_replaces_the_message_with_the_outcome_and_no_buttons(served, slack):
    guard, approval = served
    f, task, approval_id = await hold(guard, approval)
    status, answer = await apost(approval, "/v1/slack/actions", *click(approval_id, "approve", response_url(slack),
                                                                       name=TOKEN))
    assert status == 200, answer
    await asyncio.wait_for(task, 2)
    (update,) = await updates(slack)
    (received,) = slack.received
    assert received.path == RESPONSE_PATH and received.headers["content-type"] == "application/json"
    assert received.sni == "localhost"  # the name it was told, checked against the certificate
    assert update["replace_original"] is True
    assert all(block["type"] != "actions" for block in update["blocks"])
    text = json.dumps(update)
    assert "Approved by slack:U0REVIEW1 ([MASKED:test-api-token:" in text and approval_id in text
    assert "agent-7 wanted to send POST https://api.openai.com/v1/chat/completions" in text
    assert CODENAME not in text and TOKEN not in text
    assert f.metadata[metakeys.APPROVAL]["state"] == "approved"


async def test_approving_after_the_client_left_says_nothing_was_sent(served, slack):
    """walk17: the approval of a request whose client timed out stays open for its retry; a click on it then
    released nothing, and the message said only "Approved by ..."."""
    from mitmproxy.connection import ConnectionState

    guard, approval = served
    f, task, approval_id = await hold(guard, approval)
    f.client_conn.state = ConnectionState.CAN_WRITE  # the client closed its side
    await asyncio.wait_for(task, 2)
    status, answer = await apost(approval, "/v1/slack/actions", *click(approval_id, "approve", response_url(slack)))
    assert status == 200, answer
    (update,) = await updates(slack)
    assert "Approved by slack:U0REVIEW1 (rita). Nothing was sent: its client had left." in \
        update["blocks"][-1]["text"]["text"]


async def test_the_approve_for_button_opens_the_window_and_says_how_long(served, slack):
    guard, approval = served
    f, task, approval_id = await hold(guard, approval)
    status, answer = await apost(approval, "/v1/slack/actions",
                                 *click(approval_id, "approve-window", response_url(slack)))
    assert status == 200 and answer["approval"]["window_s"] == 900
    await asyncio.wait_for(task, 2)
    assert f.metadata[metakeys.APPROVAL]["window_s"] == 900
    (update,) = await updates(slack)
    assert "Approved by slack:U0REVIEW1 (rita) for 15m: identical requests pass without asking until" in \
        update["blocks"][-1]["text"]["text"]
    retry = chat_flow(f"ship {CODENAME} with key {TOKEN}", identity="agent-7")  # identical: passes unheld
    await guard.request(retry)
    await approval.request(retry)
    md = retry.metadata[metakeys.APPROVAL]
    assert md["via"] == "window" and md["id"] == approval_id and md["decider"] == "slack:U0REVIEW1 (rita)"
    assert not retry.intercepted and retry.response is None


@pytest.mark.parametrize("settled_by", ["cli", "expiry"])
async def test_a_click_on_a_settled_approval_says_so_and_removes_the_buttons(served, slack, settled_by):
    guard, approval = served
    _, task, approval_id = await hold(guard, approval)
    if settled_by == "cli":
        await approval.decide_anywhere(approval_id, "approve", "alice", window=600)
    else:
        approval.registry.approvals[approval_id].deadline = approval.registry.clock()
    await asyncio.wait_for(task, 2)
    status, answer = await apost(approval, "/v1/slack/actions", *click(approval_id, "deny", response_url(slack)))
    assert status == 409, answer
    (update,) = await updates(slack)
    assert update["replace_original"] is True and all(b["type"] != "actions" for b in update["blocks"])
    outcome = update["blocks"][-1]["text"]["text"]
    expected = "Approved by alice for 10m" if settled_by == "cli" else "Not approved: expired"
    assert outcome.startswith(expected) and "The click by slack:U0REVIEW1 (rita) decided nothing" in outcome


@pytest.mark.parametrize("kind", ["approve", "approve-window"])
async def test_a_click_that_decides_nothing_while_held_is_told_only_to_the_clicker(served, slack, kind):
    guard, approval = served
    _, task, approval_id = await hold(guard, approval)
    status, _ = await apost(approval, "/v1/slack/actions",
                            *click(approval_id, kind, response_url(slack), user="U0INTERN"))
    assert status == 403
    (update,) = await updates(slack)
    assert update["response_type"] == "ephemeral" and update["replace_original"] is False
    assert "Not decided: Slack user U0INTERN may not approve" in update["text"]
    assert approval.listing()[0]["state"] == "held"  # the buttons stay for the others
    approval.decide(approval_id, "deny", "alice")
    await asyncio.wait_for(task, 2)


async def test_a_forged_call_updates_nothing(served, slack):
    guard, approval = served
    _, task, approval_id = await hold(guard, approval)
    forged = click(approval_id, "deny", response_url(slack), secret=b"guessed")
    assert (await apost(approval, "/v1/slack/actions", *forged))[0] == 401
    assert (await apost(approval, "/v1/slack/actions", *click(approval_id, "deny", response_url(slack))))[0] == 200
    await asyncio.wait_for(task, 2)
    await updates(slack)
    await settled(approval)
    (only,) = [r.json() for r in slack.received]  # the signed call's update, nothing for the forged one
    assert "Denied by slack:U0REVIEW1 (rita)" in only["text"]


@pytest.mark.parametrize("where", ["other host", "plain http", "user info", "other port"])
async def test_a_response_url_off_the_allowed_hosts_is_never_called(served, slack, caplog, where):
    guard, approval = served
    _, task, approval_id = await hold(guard, approval)
    url = {"other host": response_url(slack, host="127.0.0.1"),
           "plain http": response_url(slack, scheme="http"),
           "user info": f"https://localhost:{slack.port}@127.0.0.1:{slack.port}{RESPONSE_PATH}",
           "other port": f"https://localhost:{slack.port + 1 if slack.port < 65535 else 1}{RESPONSE_PATH}"}[where]
    with caplog.at_level(logging.WARNING):
        status, _ = await apost(approval, "/v1/slack/actions", *click(approval_id, "deny", url))
        assert status == 200  # the decision stands; only the message is not updated
        for _ in range(500):
            if "not an allowed https host" in caplog.text:
                break
            await asyncio.sleep(0.01)
        assert "not an allowed https host" in caplog.text
    await asyncio.wait_for(task, 2)
    await settled(approval)
    assert slack.received == []
    assert RESPONSE_PATH not in caplog.text  # the URL (its path is a credential) is never logged


async def test_a_failed_update_is_logged_without_content_and_changes_nothing(served, slack, caplog):
    guard, approval = served
    slack.route("POST", "/actions/", lambda req: harness.Reply(404, {"content-type": "text/plain"}, b"expired_url"))
    f, task, approval_id = await hold(guard, approval)
    with caplog.at_level(logging.WARNING):
        status, _ = await apost(approval, "/v1/slack/actions", *click(approval_id, "approve", response_url(slack)))
        assert status == 200
        await asyncio.wait_for(task, 2)
        await updates(slack)
        await settled(approval)
    assert "Slack message update to localhost failed: HTTP 404" in caplog.text
    assert RESPONSE_PATH not in caplog.text and CODENAME not in caplog.text and TOKEN not in caplog.text
    assert f.metadata[metakeys.APPROVAL]["state"] == "approved"


# ---------------------------------------------------------------------------------------- pure checks


@pytest.mark.parametrize(("url", "allowed"), [
    ("https://hooks.slack.com/actions/T1/2/abc", True),
    ("https://HOOKS.slack.com:443/actions/T1/2/abc", True),
    ("http://hooks.slack.com/actions/T1/2/abc", False),
    ("https://hooks.slack.com:8443/actions/T1/2/abc", False),
    ("https://hooks.slack.com.evil.example/actions", False),
    ("https://hooks.slack.com@evil.example/actions", False),
    ("https://evil.example/#@hooks.slack.com", False),
    ("https://hooks.slack.com:99999/x", False),
    ("javascript:alert(1)", False),
    ("https://hooks.slack.com/actions/a b", False),
    ("https://hooks.slack.com/actions/a\r\nX-Injected: 1", False),
    ("https://hooks.slack.com/actions/\u00e9", False),
])
def test_only_https_urls_of_an_allowed_host_may_be_updated(url, allowed):
    assert capability.response_url_allowed(url, frozenset({("hooks.slack.com", 443)})) is allowed


def test_the_response_host_list_is_checked(tmp_path):
    approval = Approval()
    with taddons.context(approval) as tctx:
        tctx.configure(approval, exitguard_approval_slack_response_hosts="hooks.slack.com, LOCALHOST:8443")
        assert approval.settings.callback.response_hosts == {("hooks.slack.com", 443), ("localhost", 8443)}
        for bad in ("", " , ", "https://hooks.slack.com", "host:0", "a b"):
            with pytest.raises(exceptions.OptionsError, match="exitguard_approval_slack_response_hosts"):
                tctx.configure(approval, exitguard_approval_slack_response_hosts=bad)


def test_the_update_document_is_masked_and_has_no_buttons(installed):
    summary = {"requester": "agent-7", "method": "POST", "url": f"https://api.example/x?k={TOKEN}",
               "reasons": ["approval rule r"], "findings": []}
    update = notify.slack_update("abcd0123", f"Approved by {TOKEN}.", summary, replace=True)
    assert TOKEN not in json.dumps(update) and "[MASKED:test-api-token:" in update["blocks"][0]["text"]["text"]
    assert [b["type"] for b in update["blocks"]] == ["section", "section", "section"]
    assert update["blocks"][-1]["text"]["text"].startswith("Approved by [MASKED:test-api-token:")
    ephemeral = notify.slack_update("abcd0123", f"Not decided: {TOKEN}", None, replace=False)
    assert set(ephemeral) == {"response_type", "replace_original", "text"} and TOKEN not in ephemeral["text"]
    assert ephemeral["response_type"] == "ephemeral" and ephemeral["replace_original"] is False
