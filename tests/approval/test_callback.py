"""The approval callback listener in-process: real sockets, the real addon, a real webhook receiver. Decision
links (single use, bound to id and verdict) and Slack interactivity (signed, fresh, not replayed)."""

from __future__ import annotations

import asyncio
import hashlib
import http.client
import json
import os
import time
from urllib.parse import quote, urlencode, urlsplit

import pytest
from mitmproxy import exceptions
from mitmproxy.test import taddons, tflow

from addons.approval import callback, capability
from addons.approval.approval import Approval
from addons.approval.seal import Seal
from addons.core import metakeys
from addons.core.state.memory import MemoryState
from addons.guard.guard import Guard
from tests.approval.support import chat_flow, start_hold
from tests.approval.webhook import Receiver

SEAL = Seal.of_key(bytes(range(32)))
SLACK_SECRET = b"8f742231b10e8888abcd99yyyzzz85a5"  # Slack's documented example shape, not a real secret


@pytest.fixture
def receiver():
    r = Receiver()
    yield r
    r.close()


@pytest.fixture
def secret_file(tmp_path):
    path = tmp_path / "slack-secret"
    path.write_bytes(SLACK_SECRET + b"\n")
    path.chmod(0o600)
    return path


@pytest.fixture
async def served(installed, receiver, secret_file):
    guard, approval = Guard(), Approval()
    with taddons.context(guard, approval) as tctx:
        tctx.configure(approval, exitguard_approval_timeout=10, exitguard_control_listen="off",
                       exitguard_approval_webhook=receiver.url, exitguard_approval_callback_listen="127.0.0.1:0",
                       exitguard_approval_slack_signing_secret_file=str(secret_file))
        await approval.running()
        yield guard, approval
        approval.done()


def post(approval: Approval, path: str, body: bytes = b"", headers: dict | None = None) -> tuple[int, dict]:
    assert approval.callback is not None and approval.callback.address is not None
    conn = http.client.HTTPConnection(*approval.callback.address, timeout=5)
    try:
        conn.request("POST", path, body, headers or {})
        response = conn.getresponse()
        return response.status, json.loads(response.read())
    finally:
        conn.close()


async def apost(approval: Approval, path: str, body: bytes = b"", headers: dict | None = None) -> tuple[int, dict]:
    return await asyncio.to_thread(post, approval, path, body, headers)


async def held_with_links(guard, approval, receiver, text: str) -> tuple[tflow.HTTPFlow, asyncio.Task, dict]:
    f = chat_flow(text, identity="agent-7")
    task = await start_hold(guard, approval, f)
    for _ in range(200):
        if receiver.received:
            break
        await asyncio.sleep(0.02)
    return f, task, receiver.received[-1]


def link_path(url: str) -> str:
    return urlsplit(url).path


async def test_an_approve_link_decides_once_and_is_recorded_as_the_webhook_link(served, receiver):
    guard, approval = served
    f, task, doc = await held_with_links(guard, approval, receiver, "plan for bluefalcon-2024")
    links = doc["callbacks"]
    assert links["method"] == "POST" and f"/v1/links/{doc['id']}/approve/egl_" in links["approve"]
    status, answer = await apost(approval, link_path(links["approve"]))
    assert status == 200 and answer["approval"] == {"id": doc["id"], "state": "approved", "decider": "webhook-link",
                                                    "window_s": None, "outcomes": {"sent": 1}, "unreported": 0}
    await asyncio.wait_for(task, 2)
    md = f.metadata[metakeys.APPROVAL]
    assert md["decider"] == "webhook-link" and "window_s" not in md
    assert (await apost(approval, link_path(links["approve"])))[0] == 403  # replayed: single use
    assert (await apost(approval, link_path(links["deny"])))[0] == 403  # its siblings went with it
    assert (await apost(approval, link_path(links["approve_window"])))[0] == 403


async def test_a_link_for_the_other_verdict_or_another_id_is_refused_and_stays_usable(served, receiver):
    guard, approval = served
    f, task, doc = await held_with_links(guard, approval, receiver, "plan for bluefalcon-2024")
    deny_token = link_path(doc["callbacks"]["deny"]).rsplit("/", 1)[1]
    status, answer = await apost(approval, f"/v1/links/{doc['id']}/approve/{deny_token}")  # wrong verdict
    assert status == 403 and answer == {"error": "invalid, used or expired link"}
    assert (await apost(approval, f"/v1/links/0badc0de/deny/{deny_token}"))[0] == 403  # unknown id
    assert (await apost(approval, f"/v1/links/{doc['id']}/deny/{'x' * 43}"))[0] == 403  # guessed token
    assert approval.listing()[0]["state"] == "held"
    status, answer = await apost(approval, link_path(doc["callbacks"]["deny"]))
    assert status == 200 and answer["approval"]["state"] == "denied"
    await asyncio.wait_for(task, 2)
    assert f.response.status_code == 403


async def test_only_hashes_of_the_tokens_are_kept(served, receiver):
    guard, approval = served
    _, task, doc = await held_with_links(guard, approval, receiver, "plan for bluefalcon-2024")
    from addons.core import state
    kept = json.dumps(getattr(state.current(), "_values", {}))
    for url in (doc["callbacks"]["approve"], doc["callbacks"]["deny"]):
        assert url.rsplit("/", 1)[1] not in kept
    approval.decide(doc["id"], "deny", "alice")
    await asyncio.wait_for(task, 2)


async def test_the_approve_for_link_opens_the_window_and_revokes_its_siblings(served, receiver):
    guard, approval = served
    f, task, doc = await held_with_links(guard, approval, receiver, "plan for bluefalcon-2024")
    links = doc["callbacks"]
    assert links["window_s"] == 900 and f"/v1/links/{doc['id']}/approve-window/" in links["approve_window"]
    window_token = link_path(links["approve_window"]).rsplit("/", 1)[1]
    assert (await apost(approval, f"/v1/links/{doc['id']}/approve/{window_token}"))[0] == 403  # kind is bound
    status, answer = await apost(approval, link_path(links["approve_window"]))
    assert status == 200 and answer["approval"] == {"id": doc["id"], "state": "approved",
                                                    "decider": "webhook-link", "window_s": 900,
                                                    "outcomes": {"sent": 1}, "unreported": 0}
    await asyncio.wait_for(task, 2)
    assert f.metadata[metakeys.APPROVAL]["window_s"] == 900
    for kind in ("approve_window", "approve", "deny"):  # used, and its siblings revoked
        assert (await apost(approval, link_path(links[kind])))[0] == 403
    retry = chat_flow("plan for bluefalcon-2024", identity="agent-7")  # identical: passes without asking
    await guard.request(retry)
    await approval.request(retry)
    md = retry.metadata[metakeys.APPROVAL]
    assert (md["via"], md["id"], md["decider"]) == ("window", doc["id"], "webhook-link") and md["window_left_s"] > 0
    assert not retry.intercepted and len(receiver.received) == 1  # nobody was asked again
    other = chat_flow("plan for bluefalcon-2025 instead", identity="agent-7")  # not identical: held again
    other_task = await start_hold(guard, approval, other)
    assert other.intercepted
    approval.decide(approval.listing()[0]["id"], "deny", "alice")
    await asyncio.wait_for(other_task, 2)


async def test_using_the_deny_link_revokes_the_approve_for_link(served, receiver):
    guard, approval = served
    f, task, doc = await held_with_links(guard, approval, receiver, "plan for bluefalcon-2024")
    assert (await apost(approval, link_path(doc["callbacks"]["deny"])))[0] == 200
    await asyncio.wait_for(task, 2)
    assert (await apost(approval, link_path(doc["callbacks"]["approve_window"])))[0] == 403
    assert f.response.status_code == 403


async def test_without_a_link_window_there_is_no_approve_for_link_or_button(installed, receiver, secret_file):
    guard, approval = Guard(), Approval()
    with taddons.context(guard, approval) as tctx:
        tctx.configure(approval, exitguard_approval_timeout=10, exitguard_control_listen="off",
                       exitguard_approval_webhook=receiver.url, exitguard_approval_callback_listen="127.0.0.1:0",
                       exitguard_approval_slack_signing_secret_file=str(secret_file),
                       exitguard_approval_link_window=0)
        await approval.running()
        try:
            _, task, doc = await held_with_links(guard, approval, receiver, "plan for bluefalcon-2024")
            assert set(doc["callbacks"]) == {"method", "expires_at", "approve", "deny"}
            status, answer = await apost(approval, "/v1/slack/actions", *slack_call(doc["id"], "approve-window"))
            assert status == 400 and "exitguard_approval_link_window=0" in answer["error"]
            assert approval.listing()[0]["state"] == "held"
            approval.decide(doc["id"], "deny", "alice")
            await asyncio.wait_for(task, 2)
        finally:
            approval.done()


def test_the_link_window_is_bounded_by_the_longest_window():
    approval = Approval()
    with taddons.context(approval) as tctx:
        with pytest.raises(exceptions.OptionsError, match="longer than exitguard_approval_max_window"):
            tctx.configure(approval, exitguard_approval_callback_listen="127.0.0.1:0",
                           exitguard_approval_max_window=600)
        with pytest.raises(exceptions.OptionsError, match="exitguard_approval_link_window must be >= 0"):
            tctx.configure(approval, exitguard_approval_callback_listen="127.0.0.1:0",
                           exitguard_approval_link_window=-1)
        tctx.configure(approval, exitguard_approval_callback_listen="127.0.0.1:0",
                       exitguard_approval_max_window=600, exitguard_approval_link_window=300)
        assert approval.settings.callback.link_window_s == 300


def slack_call(approval_id: str, verdict: str, user: str = "U0REVIEW1", ts: int | None = None,
               secret: bytes = SLACK_SECRET) -> tuple[bytes, dict]:
    action = {"action_id": "exitguard_" + verdict.replace("-", "_"), "value": f"{approval_id}:{verdict}"}
    payload = {"type": "block_actions", "user": {"id": user, "username": "rita"}, "actions": [action]}
    body = urlencode({"payload": json.dumps(payload)}).encode()
    stamp = str(ts if ts is not None else int(time.time()))
    return body, {"Content-Type": "application/x-www-form-urlencoded", "X-Slack-Request-Timestamp": stamp,
                  "X-Slack-Signature": capability.slack_signature(secret, stamp, body)}


async def test_a_signed_slack_button_decides_with_the_slack_user_recorded(served, receiver):
    guard, approval = served
    f, task, doc = await held_with_links(guard, approval, receiver, "plan for bluefalcon-2024")
    body, headers = slack_call(doc["id"], "approve")
    status, answer = await apost(approval, "/v1/slack/actions", body, headers)
    assert status == 200, answer
    await asyncio.wait_for(task, 2)
    assert f.metadata[metakeys.APPROVAL]["decider"] == "slack:U0REVIEW1 (rita)"
    status, answer = await apost(approval, "/v1/slack/actions", body, headers)  # the same call, replayed
    assert status == 409


@pytest.mark.parametrize("forgery", ["signature", "old", "future", "missing"])
async def test_forged_or_stale_slack_calls_decide_nothing(served, receiver, forgery):
    guard, approval = served
    _, task, doc = await held_with_links(guard, approval, receiver, "plan for bluefalcon-2024")
    if forgery == "signature":
        body, headers = slack_call(doc["id"], "approve", secret=b"not-the-secret")
    else:
        # "future" well past the 300 s bound: the check runs later than this line (by seconds on a loaded machine)
        body, headers = slack_call(doc["id"], "approve", ts=int(time.time()) + {"old": -301, "future": 360,
                                                                                  "missing": 0}[forgery])
        if forgery == "missing":
            del headers["X-Slack-Signature"]
    status, _ = await apost(approval, "/v1/slack/actions", body, headers)
    assert status == 401
    assert approval.listing()[0]["state"] == "held"
    approval.decide(doc["id"], "deny", "alice")
    await asyncio.wait_for(task, 2)


async def test_oversized_and_malformed_calls_get_clear_json_errors(served):
    _, approval = served
    status, answer = await apost(approval, "/v1/slack/actions", b"x" * (callback.MAX_BODY + 1))
    assert status == 413 and answer == {"error": "body too large"}
    assert (await apost(approval, "/v1/approvals"))[0] == 404
    body, headers = slack_call("0badc0de", "approve")
    status, answer = await apost(approval, "/v1/slack/actions", body, headers)  # signed, but no such approval
    assert status == 404 and "no approval" in answer["error"]


async def test_repeated_refusals_lock_the_address_out(served):
    _, approval = served
    for _ in range(callback.LOCKOUT_FAILURES):
        assert (await apost(approval, f"/v1/links/0badc0de/approve/{'y' * 43}"))[0] == 403
    assert (await apost(approval, f"/v1/links/0badc0de/approve/{'y' * 43}"))[0] == 429



async def test_a_link_masked_on_the_way_says_so_and_never_locks_the_reviewer_out(served, receiver):
    """A reviewer behind another exitguard (or any DLP) that guards the callback host gets the link with its token
    masked (rule exitguard-decision-link). Before, that was an "unknown endpoint" and counted as a refused proof:
    ten such clicks locked the reviewer's address (a whole office behind one NAT) out of every link."""
    guard, approval = served
    _, task, doc = await held_with_links(guard, approval, receiver, "plan for bluefalcon-2024")
    masked = quote("[MASKED:exitguard-decision-link:ab12cd]", safe="")
    for path in [f"/v1/links/{doc['id']}/approve/{masked}"] * (callback.LOCKOUT_FAILURES + 1) + \
                [f"/v1/links/{doc['id']}/deny/[MASKED:exitguard-decision-link:ab12cd]"]:
        status, answer = await apost(approval, path)
        assert status == 400 and "masked on its way" in answer["error"]
    assert approval.listing()[0]["state"] == "held"
    status, answer = await apost(approval, link_path(doc["callbacks"]["approve"]))  # the real link still works
    assert status == 200 and answer["approval"]["state"] == "approved"
    await asyncio.wait_for(task, 2)

async def test_signed_slack_calls_that_are_not_ours_never_lock_slack_out(served, receiver):
    """DoS: the Slack app may carry other interactions (another button, a modal), and behind a balancer every
    call has one address. Each signed call that was not an exitguard button counted as a refused proof, so ten
    of them in five minutes locked out every Slack button and decision link (429). A call Slack signed proved
    where it came from: it is answered 400 and counts for nothing."""
    guard, approval = served
    stamp = str(int(time.time()))
    for i in range(callback.LOCKOUT_FAILURES + 1):
        payload = {"type": "block_actions", "user": {"id": "U0REVIEW1"},
                   "actions": [{"action_id": "another_apps_button", "value": str(i)}]}
        body = urlencode({"payload": json.dumps(payload)}).encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded", "X-Slack-Request-Timestamp": stamp,
                   "X-Slack-Signature": capability.slack_signature(SLACK_SECRET, stamp, body)}
        assert (await apost(approval, "/v1/slack/actions", body, headers))[0] == 400
    _, task, doc = await held_with_links(guard, approval, receiver, "plan for bluefalcon-2024")
    body, headers = slack_call(doc["id"], "approve")
    status, answer = await apost(approval, "/v1/slack/actions", body, headers)
    assert status == 200, answer
    await asyncio.wait_for(task, 2)


async def test_slack_approvers_limit_who_may_approve(installed, receiver, secret_file):
    guard, approval = Guard(), Approval()
    with taddons.context(guard, approval) as tctx:
        tctx.configure(approval, exitguard_approval_timeout=10, exitguard_control_listen="off",
                       exitguard_approval_webhook=receiver.url, exitguard_approval_webhook_format="slack",
                       exitguard_approval_callback_listen="127.0.0.1:0",
                       exitguard_approval_slack_signing_secret_file=str(secret_file),
                       exitguard_approval_slack_approvers="U0BOSS")
        await approval.running()
        try:
            f = chat_flow("plan for bluefalcon-2024", identity="agent-7")
            task = await start_hold(guard, approval, f)
            for _ in range(200):
                if receiver.received:
                    break
                await asyncio.sleep(0.02)
            buttons = receiver.received[0]["blocks"][-1]
            assert buttons["type"] == "actions"
            approval_id = approval.listing()[0]["id"]
            assert [b["value"] for b in buttons["elements"]] == [f"{approval_id}:approve",
                                                                 f"{approval_id}:approve-window", f"{approval_id}:deny"]
            assert buttons["elements"][1]["text"]["text"] == "Approve for 15m"
            assert (await apost(approval, "/v1/slack/actions", *slack_call(approval_id, "approve")))[0] == 403
            status, answer = await apost(approval, "/v1/slack/actions", *slack_call(approval_id, "approve", "U0BOSS"))
            assert status == 200 and answer["approval"]["decider"] == "slack:U0BOSS (rita)"
            await asyncio.wait_for(task, 2)
        finally:
            approval.done()


async def test_the_proxy_refuses_connections_to_the_callback_listener(served):
    _, approval = served
    assert approval.callback is not None and approval.callback.port is not None
    for host in ("127.0.0.1", "localhost", "::ffff:127.0.0.1"):
        f = tflow.tflow()
        data = type("Data", (), {"server": f.server_conn})()
        f.server_conn.address = (host, approval.callback.port)
        await approval.server_connect(data)
        assert "approval callback listener" in (f.server_conn.error or "")
    other = tflow.tflow()
    other.server_conn.address = ("127.0.0.1", approval.callback.port + 1 if approval.callback.port < 65535 else 1)
    await approval.server_connect(type("Data", (), {"server": other.server_conn})())
    assert other.server_conn.error is None


def test_the_signing_secret_file_must_be_private_and_the_listener_set(tmp_path, secret_file):
    loose = tmp_path / "loose"
    loose.write_text("s3cret")
    os.chmod(loose, 0o644)
    approval = Approval()
    with taddons.context(approval) as tctx:
        with pytest.raises(exceptions.OptionsError, match="chmod 600"):
            tctx.configure(approval, exitguard_approval_callback_listen="127.0.0.1:0",
                           exitguard_approval_slack_signing_secret_file=str(loose))
        with pytest.raises(exceptions.OptionsError, match="exitguard_approval_callback_listen too"):
            tctx.configure(approval, exitguard_approval_callback_listen="off",
                           exitguard_approval_slack_signing_secret_file=str(secret_file))


# ---------------------------------------------------------------------------------------- pure checks


async def test_a_link_token_is_bound_single_use_and_expires():
    now = [0.0]
    store = MemoryState("t", clock=lambda: now[0])
    tokens = await capability.issue_links(store, "abcd0123", ttl_s=30, seal=SEAL)
    with pytest.raises(capability.Refused):
        await capability.redeem_link(store, "abcd0123", "deny", tokens["approve"], seal=SEAL)
    with pytest.raises(capability.Refused):
        await capability.redeem_link(store, "abcd0124", "approve", tokens["approve"], seal=SEAL)
    await capability.redeem_link(store, "abcd0123", "approve", tokens["approve"], seal=SEAL)
    with pytest.raises(capability.Refused):
        await capability.redeem_link(store, "abcd0123", "approve", tokens["approve"], seal=SEAL)
    later = await capability.issue_links(store, "abcd0125", ttl_s=30, seal=SEAL)
    now[0] = 31.0
    with pytest.raises(capability.Refused):
        await capability.redeem_link(store, "abcd0125", "approve", later["approve"], seal=SEAL)


async def test_an_approve_for_link_carries_its_window_from_the_store_and_shares_the_single_use():
    store = MemoryState("t")
    tokens = await capability.issue_links(store, "abcd0123", ttl_s=30, window_s=900, seal=SEAL)
    assert set(tokens) == {"approve", "approve-window", "deny"}
    assert await capability.redeem_link(store, "abcd0123", "approve-window", tokens["approve-window"], seal=SEAL) == 900
    for kind in ("approve", "deny", "approve-window"):
        with pytest.raises(capability.Refused):
            await capability.redeem_link(store, "abcd0123", kind, tokens[kind], seal=SEAL)
    plain = await capability.issue_links(store, "abcd0124", ttl_s=30, seal=SEAL)
    assert set(plain) == {"approve", "deny"}
    assert await capability.redeem_link(store, "abcd0124", "approve", plain["approve"], seal=SEAL) is None


async def test_a_link_record_without_a_seal_redeems_nothing():
    """What an older replica wrote, or anyone reaching the store without the fleet's key: refused, not consumed."""
    store = MemoryState("t")
    token = capability.new_link_token()
    key = f"approval:link:{hashlib.sha256(token.encode()).hexdigest()}"
    await store.put(key, json.dumps({"id": "abcd0123", "verdict": "approve", "siblings": []}), 30)
    with pytest.raises(capability.Refused):
        await capability.redeem_link(store, "abcd0123", "approve", token, seal=SEAL)
    other_key = Seal.of_key(b"another fleet's key, 32 bytes..")
    await store.put(key, other_key.dumps(key, {"id": "abcd0123", "verdict": "approve", "siblings": []}), 30)
    with pytest.raises(capability.Refused):
        await capability.redeem_link(store, "abcd0123", "approve", token, seal=SEAL)
    assert await store.get(key) is not None


def test_slack_signature_matches_slacks_documented_example():
    body = (b"token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&"
            b"channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&"
            b"response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&"
            b"trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c")
    expected = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"
    assert capability.slack_signature(SLACK_SECRET, "1531420618", body) == expected
    capability.verify_slack(SLACK_SECRET, "1531420618", expected, body, now=1531420618 + 299)
    with pytest.raises(capability.Refused):
        capability.verify_slack(SLACK_SECRET, "1531420618", expected, body + b"x", now=1531420618)


@pytest.mark.parametrize("payload", [
    {"type": "view_submission"},
    {"type": "block_actions", "user": {"id": "U1"}, "actions": []},
    {"type": "block_actions", "user": {"id": "u-lower"}, "actions": [{"action_id": "exitguard_approve",
                                                                       "value": "abcd:approve"}]},
    {"type": "block_actions", "user": {"id": "U1"}, "actions": [{"action_id": "exitguard_approve",
                                                                  "value": "abcd:deny"}]},
    {"type": "block_actions", "user": {"id": "U1"}, "actions": [{"action_id": "other", "value": "abcd:approve"}]},
])
def test_slack_payloads_that_are_not_one_exitguard_button_are_refused(payload):
    with pytest.raises(capability.Refused):
        capability.parse_slack_action(urlencode({"payload": json.dumps(payload)}).encode())


async def test_a_link_checked_while_the_store_is_unreachable_decides_nothing_and_says_so(served, monkeypatch):
    from addons.core import state
    from addons.core.state.redis_store import Connection, RedisState
    from tests.live.redis_server import free_port

    _, approval = served
    gone = RedisState(Connection(f"redis://:pw-never-shown@127.0.0.1:{free_port()}/0"), "t")
    monkeypatch.setattr(state, "current", lambda: gone)
    status, answer = await apost(approval, f"/v1/links/0badc0de/approve/{capability.new_link_token()}")
    assert status == 503 and "Redis at redis://***@127.0.0.1" in answer["error"]
    assert "pw-never-shown" not in answer["error"]
    await gone.close()


async def _idle_calls(approval: Approval, count: int, source: str = "127.0.0.1") -> list[asyncio.StreamWriter]:
    """Connections that send nothing (each would hold its slot until the 5 s read timeout)."""
    assert approval.callback is not None and approval.callback.address is not None
    writers = []
    for _ in range(count):
        _, writer = await asyncio.open_connection(*approval.callback.address, local_addr=(source, 0))
        writers.append(writer)
    await asyncio.sleep(0.2)  # accepted and waiting for their request line
    return writers


def _close(writers: list[asyncio.StreamWriter]) -> None:
    for writer in writers:
        writer.close()


async def test_idle_connections_from_one_address_cannot_fill_the_proxy(served):
    """Attack (network): the listener runs in the proxy's process. Before, every connection that sent nothing
    held a file descriptor for 5 s, uncounted, so one address could exhaust the proxy's descriptors (agents'
    connections refused) or keep reviewers' calls from being read. Now one address has a few calls open at once;
    beyond them it gets 503 at once, and other addresses are still served."""
    _, approval = served
    path = f"/v1/links/0badc0de/approve/{'z' * 43}"
    idle = await _idle_calls(approval, callback.MAX_OPEN_PER_PEER)
    try:
        status, doc = await apost(approval, path)
        assert status == 503 and "too many open calls" in doc["error"]
        # another address is served as usual (and nothing was locked out: the 503 is not a refused proof)
        other = await asyncio.to_thread(_post_from, approval, "127.0.0.2", path)
        assert other == 403
    finally:
        _close(idle)
    await asyncio.sleep(0.2)
    assert (await apost(approval, path))[0] == 403  # the slots are free again


@pytest.mark.slow  # opens and idles hundreds of connections
async def test_idle_connections_from_many_addresses_are_bounded_too(served):
    _, approval = served
    per_peer, path = callback.MAX_OPEN_PER_PEER, f"/v1/links/0badc0de/approve/{'z' * 43}"
    idle: list[asyncio.StreamWriter] = []
    try:
        for i in range(callback.MAX_OPEN // per_peer):
            idle += await _idle_calls(approval, per_peer, f"127.0.1.{i + 1}")
        assert await asyncio.to_thread(_post_from, approval, "127.0.2.1", path) == 503
    finally:
        _close(idle)


def _post_from(approval: Approval, source: str, path: str) -> int:
    assert approval.callback is not None and approval.callback.address is not None
    conn = http.client.HTTPConnection(*approval.callback.address, timeout=5, source_address=(source, 0))
    try:
        conn.request("POST", path, b"")
        return conn.getresponse().status
    finally:
        conn.close()
