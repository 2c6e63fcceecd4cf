"""newuser51: a request held for approval sat in mitmweb's flow list with its credential headers raw (the caller's
own `Authorization: Bearer sk-...`, a cookie) for as long as a reviewer took; README says a held request shows
masked. The live flow now shows them redacted as the record does while it waits, and the request to send keeps
them: approved, the upstream gets them (from the wire copy); denied, nothing leaves and nothing shows them."""

from __future__ import annotations

import asyncio

from addons.core import credential_headers, held
from tests.approval.support import CODENAME, chat_flow, start_hold
from tests.flows import on_the_wire

OWN_KEY = "sk-proj-newuser51Q8vT2mLx9RkWp4ZsNc7Yb3Hd6Jf1Ge5Ua"
COOKIE = "session=newuser51c00kie7Rw2Zp"


def with_credentials(f):
    f.request.headers["authorization"] = f"Bearer {OWN_KEY}"
    f.request.headers["cookie"] = COOKIE
    return f


def shown(f) -> str:
    return repr(f.request.headers.fields) + f.request.get_text()


async def test_a_request_held_for_a_finding_shows_no_credential_header_and_sends_them_when_approved(ctx_approval):
    _, guard, approval = ctx_approval
    f = with_credentials(chat_flow())
    task = await start_hold(guard, approval, f)
    assert f.intercepted
    assert OWN_KEY not in shown(f) and COOKIE not in shown(f) and CODENAME not in shown(f)  # failed before
    assert f.request.headers["authorization"].startswith("Bearer [REDACTED:authorization:")
    (pending,) = approval.listing()
    approval.decide(pending["id"], "approve", "alice")
    await asyncio.wait_for(task, 2)
    sent = on_the_wire(f)
    assert sent.headers["authorization"] == f"Bearer {OWN_KEY}" and sent.headers["cookie"] == COOKIE
    assert CODENAME in sent.get_text()
    assert OWN_KEY not in shown(f)  # the console keeps showing the flow as it was held


async def test_a_request_held_by_an_approval_rule_shows_no_credential_header_either(ctx_approval):
    _, guard, approval = ctx_approval
    f = with_credentials(chat_flow("no finding here", method="DELETE", host="api.github.com", path="/repos/x/y"))
    task = await start_hold(guard, approval, f)
    assert f.intercepted and held.holds(f)
    assert OWN_KEY not in shown(f) and COOKIE not in shown(f)  # failed before: nothing was hidden for a rule hold
    (pending,) = approval.listing()
    approval.decide(pending["id"], "approve", "alice")
    await asyncio.wait_for(task, 2)
    assert on_the_wire(f).headers["authorization"] == f"Bearer {OWN_KEY}"


async def test_a_denied_request_leaves_nothing_and_shows_nothing(ctx_approval):
    _, guard, approval = ctx_approval
    f = with_credentials(chat_flow())
    task = await start_hold(guard, approval, f)
    (pending,) = approval.listing()
    approval.decide(pending["id"], "deny", "alice")
    await asyncio.wait_for(task, 2)
    assert f.response is not None and f.response.status_code == 403
    assert not held.holds(f) and OWN_KEY not in shown(f)


def test_a_redacted_value_keeps_its_scheme_word_and_a_marker_stays_a_marker():
    assert credential_headers.redacted("Authorization", "Bearer abc", lambda s: "T" * 6) == (
        "Bearer [REDACTED:authorization:TTTTTT]")
    marker = "[REDACTED:x-api-key:abcdef]"
    assert credential_headers.redacted("x-api-key", marker, None) == marker
