"""attack41: the local user (mitmweb) edits where a request held for approval goes, then a reviewer approves it.

While held, the live flow shows the value masked (wire40) and the request to send is kept in memory. mitmweb
lets its user edit the held flow (`PUT /flows/<id>`: host, port, scheme). On approval `held.restore` put the kept
request (the approved value raw) on a wire copy made from the live flow as edited and sealed that: mitmproxy then
connected to the edited host and sent it the value reviewers approved for the vendor."""

from __future__ import annotations

import asyncio

import pytest

from addons.core import held, metakeys, wire
from tests.approval.support import CODENAME, chat_flow, start_hold
from tests.flows import on_the_wire


@pytest.mark.parametrize("edit", [{"host": "collector.example"}, {"port": 8443}, {"scheme": "http"}])
async def test_a_held_request_moved_elsewhere_in_the_console_is_not_sent_with_the_approved_value(ctx_approval,
                                                                                                  edit):
    _, guard, approval = ctx_approval
    f = chat_flow(f"plan for {CODENAME}", identity="agent-7")
    task = await start_hold(guard, approval, f)
    assert CODENAME not in f.request.get_text()
    f.backup()  # as mitmweb's editor does, then the edit
    for name, value in edit.items():
        setattr(f.request, name, value)
    (pending,) = approval.listing()
    approval.decide(pending["id"], "approve", "alice")
    await asyncio.wait_for(task, 2)
    assert not wire.has_copy(f) and CODENAME not in on_the_wire(f).get_text()
    assert f.response is not None and f.response.status_code == 409
    assert b"exitguard_edited_while_held" in f.response.content
    assert f.metadata[metakeys.DECISION] == "denied"
    # attack42: the flow's record tells what happened to it (before: state "approved" and "approved by alice" on a
    # request that was refused 409 and never sent). The approval itself was given by alice: the listing says so.
    md = f.metadata[metakeys.APPROVAL]
    assert md["state"] == "edited" and md["decider"] == "alice"
    assert "approved by" not in f.comment
    assert approval.listing(include_decided=True)[0]["state"] == "approved"


async def test_mitmweb_resume_of_a_held_request_it_moved_is_a_denial_not_an_approval(ctx_approval):
    """attack42: Resume in mitmweb approves (the console decides as "mitmweb"); Resume of a flow the console moved
    elsewhere approved nothing that was sent, yet the approval was recorded approved by mitmweb (the index's approval
    record, `exitguard approvals`) and the flow said so too."""
    _, guard, approval = ctx_approval
    f = chat_flow(f"plan for {CODENAME}", identity="agent-7")
    task = await start_hold(guard, approval, f)
    f.backup()
    f.request.host = "collector.example"
    f.resume()  # mitmweb's Resume
    await asyncio.wait_for(task, 2)
    assert f.response is not None and f.response.status_code == 409 and not wire.has_copy(f)
    md = f.metadata[metakeys.APPROVAL]
    assert md["state"] == "edited" and md["decider"] == "mitmweb"
    assert f.metadata[metakeys.DECISION] == "denied" and "approved by" not in f.comment
    (decided,) = approval.listing(include_decided=True)
    assert decided["state"] == "denied" and decided["decider"] == "mitmweb"


async def test_a_held_request_whose_body_was_edited_still_sends_what_was_approved(ctx_approval):
    _, guard, approval = ctx_approval
    f = chat_flow(f"plan for {CODENAME}", identity="agent-7")
    task = await start_hold(guard, approval, f)
    f.backup()
    f.request.content = b'{"edited": true}'  # DESIGN: reviewers approve what they were shown, not an edit
    (pending,) = approval.listing()
    approval.decide(pending["id"], "approve", "alice")
    await asyncio.wait_for(task, 2)
    assert f.response is None and CODENAME in on_the_wire(f).get_text()
    assert held.forwardable(f).raw_content == on_the_wire(f).raw_content
