"""newuser50: a body that does not parse (`unparseable: pass`) holding a value the policy lets through (report mode,
or a rule allowed) was sent upstream EMPTY. The live flow, which mitmweb shows, could not mask the value in it and
was emptied; mitmproxy then sent the request head with end_stream, so the wire seam dropped the copy that held the
body as the client sent it (compat._on_the_wire, "changed after the bundle let it go (body)") and the live, empty
request left: a client's bytes lost, in report mode too, which changes nothing by definition."""

from __future__ import annotations

import pytest

from addons.core import runtime
from tests.guard.support import OPENAI, POLICY, RULES, TOKEN, Upstream, exchange, guard_chain, request_flow

BODY = ('{"model": "m", "messages": [{"role": "user", "content": "key ' + TOKEN + '"}').encode()  # not JSON


@pytest.fixture(scope="module", params=["report", "allowed"])
def passing(request, tmp_path_factory) -> runtime.Runtime:
    folder = tmp_path_factory.mktemp("newuser50-unparseable")
    text = POLICY.replace("unparseable: block", "unparseable: pass")
    if request.param == "report":
        text = text.replace("mode: enforce", "mode: report")
    else:
        text = text.replace("rules:\n", "rules:\n  test-api-token: {request: allow}\n")
    policy = folder / "policy.yaml"
    policy.write_text(text)
    return runtime.build(str(policy), [str(RULES)], folder / "fingerprint.key")


async def test_the_body_leaves_as_the_client_sent_it(passing):
    flow = request_flow(*OPENAI, BODY)
    upstream = Upstream()
    with guard_chain(passing) as tctx:
        await exchange(tctx, flow, upstream)
    (sent,) = upstream.received
    assert sent.raw_content == BODY
    assert TOKEN.encode() not in (flow.request.raw_content or b"")  # the live flow (mitmweb) never shows it
