"""polish58 (newuser56's leftover): `exitguard approvals approve` printed "1 waiting request(s) released" of a request
the proxy then answered 409, because the policy changed while it was held: a reviewer believed the call went
through. A decision now answers with what became of each request it found waiting (outcomes.py), and the CLI says
that, with an exit code a script can rely on. In-process here (the real Guard and Approval addons); through a real
mitmdump and a real Redis fleet: test_polish58_outcomes_live.py. Each of these failed before: the decision's
answer had no ``outcomes``, and the CLI said "released" with exit 0."""

from __future__ import annotations

import asyncio
import json

import pytest
from mitmproxy.test import taddons

from addons.approval.approval import Approval
from addons.approval.callback import _answer, _outcome
from addons.cli import approvals as cli
from addons.core import runtime
from addons.guard.guard import Guard
from tests.approval.support import CODENAME, POLICY, RULES, chat_flow, start_hold


@pytest.fixture
def held(installed):
    guard, approval = Guard(), Approval()
    with taddons.context(guard, approval) as tctx:
        tctx.options.exitguard_approval_timeout = 5
        yield guard, approval


def stricter(tmp_path) -> runtime.Runtime:
    (tmp_path / "stricter.yaml").write_text(POLICY.format(mode="enforce").replace(
        "project-codename: {request: approve}", "project-codename: {request: block}"))
    (tmp_path / "rules.yaml").write_text(RULES)
    return runtime.build(str(tmp_path / "stricter.yaml"), [str(tmp_path / "rules.yaml")], tmp_path / "fp.key")


async def test_an_approval_answered_409_is_said_not_sent_with_why(held, tmp_path):
    guard, approval = held
    f = chat_flow(identity="agent-7")
    task = await start_hold(guard, approval, f)
    runtime.install(stricter(tmp_path))  # the policy watcher reloaded while the request waited
    (pending,) = approval.listing()
    done = await approval.decide_anywhere(pending["id"], "approve", "alice")
    await asyncio.wait_for(task, 2)
    assert f.response is not None and f.response.status_code == 409
    assert done["outcomes"] == {"policy_changed": 1} and done["unreported"] == 0
    said, code = cli.what_became(done, None)
    assert code == cli.NOT_SENT == 3
    assert "released" not in said and "sent on" not in said
    assert "1 not sent: the policy or rules changed while it was held" in said and "409" in said
    # the Slack message and the link's answer say the same, with counts only
    assert "not sent: the policy or rules changed" in _outcome(done, None)
    assert _answer(done, None)["approval"]["outcomes"] == {"policy_changed": 1}
    assert CODENAME not in json.dumps(_answer(done, None))


async def test_an_approval_that_sends_says_so_and_exits_0(held):
    guard, approval = held
    f = chat_flow(identity="agent-7")
    task = await start_hold(guard, approval, f)
    (pending,) = approval.listing()
    done = await approval.decide_anywhere(pending["id"], "approve", "alice", window=600)
    await asyncio.wait_for(task, 2)
    assert f.response is None and done["outcomes"] == {"sent": 1}
    assert cli.what_became(done, "10m") == ("1 request(s) sent on", 0)
    listed = approval.listing(include_decided=True)  # `list --all` keeps saying it
    assert listed[0]["outcomes"] == {"sent": 1}


async def test_a_denial_reports_the_refusal(held):
    guard, approval = held
    f = chat_flow(identity="agent-7")
    task = await start_hold(guard, approval, f)
    (pending,) = approval.listing()
    done = await approval.decide_anywhere(pending["id"], "deny", "bob (unverified)", "not today")
    await asyncio.wait_for(task, 2)
    assert f.response is not None and f.response.status_code == 403
    assert done["outcomes"] == {"denied": 1}


def test_a_decision_whose_holder_has_not_reported_is_not_known_yet():
    done = {"id": "ab12", "outcomes": {}, "unreported": 1, "waiting": 1, "replica": "a"}
    said, code = cli.what_became(done, None, "--proxy 127.0.0.1:8080")
    assert code == cli.NOT_KNOWN_YET == 4
    assert "1 not known yet" in said and "opened on replica a" in said
    assert "`exitguard approvals list --all --proxy 127.0.0.1:8080`" in said


def test_an_older_proxy_that_only_counts_waiting_requests_is_not_taken_for_sent():
    said, code = cli.what_became({"id": "ab12", "waiting": 2}, None)
    assert code == cli.NOT_KNOWN_YET and "2 not known yet" in said


def test_nothing_waiting_is_not_sent():
    said, code = cli.what_became({"id": "ab12", "waiting": 0, "outcomes": {}, "unreported": 0}, "10m")
    assert code == cli.NOT_SENT and said == "nothing sent: no request waits for it any more; its retry passes"


def test_some_sent_and_some_not_is_not_all_sent():
    said, code = cli.what_became({"outcomes": {"sent": 1, "abandoned": 1}, "unreported": 0}, None)
    assert code == cli.NOT_SENT
    assert said == "1 request(s) sent on; 1 not sent: its client left before the decision reached it"


async def test_mitmwebs_resume_after_the_policy_changed_shows_not_sent_on_the_flow(held, tmp_path):
    """mitmweb's approve action is Resume: the reviewer sees the flow itself, its 409 and its comment, never an
    "approved" mark on a request that did not leave; `list --all` says the same."""
    guard, approval = held
    f = chat_flow(identity="agent-7")
    task = await start_hold(guard, approval, f)
    runtime.install(stricter(tmp_path))
    f.resume()  # what mitmweb's Resume button does
    await asyncio.wait_for(task, 4)
    assert f.response is not None and f.response.status_code == 409
    assert "not sent" in f.comment and "policy or rules changed" in f.comment and f.marked == ":no_entry:"
    (listed,) = approval.listing(include_decided=True)
    assert listed["decider"] == "mitmweb" and listed["outcomes"] == {"policy_changed": 1}


def test_list_all_shows_what_each_decided_approval_did(capsys):
    decided = {"id": "ab12", "state": "approved", "decider": "alice", "requester": "agent-7", "method": "POST",
               "url": "https://api.openai.com/v1/chat/completions", "reasons": ["r"], "findings": [], "waiting": 0,
               "requests": 1, "expires_in_s": 0, "notified": {}, "outcomes": {"policy_changed": 1}}
    cli.print_table([decided])
    assert "approved by alice (1 policy changed)" in capsys.readouterr().out


def test_a_denial_says_whom_it_answered():
    assert cli.what_denial_did({"outcomes": {"denied": 2}, "unreported": 0}) == "; 2 waiting request(s) answered 403"
    assert cli.what_denial_did({"outcomes": {}, "unreported": 0}) == "; no request waits for it any more"
    assert "1 not answered yet" in cli.what_denial_did({"outcomes": {}, "unreported": 1})
