"""attack41: the agent writes exitguard's placeholder shape itself, next to a real key, in a request to a guarded host.

A key with `[MASKED:<rule>:<6 hex>]` glued after it was reported by nothing (the scanner took the touching
placeholder for one it overlapped): under the test policy (secrets masked) it reached the upstream whole, and the
record and mitmweb kept it. With values the policy lets through (wire40) it must leave byte for byte from the wire
copy, while the live flow and the record show it masked."""

from __future__ import annotations

import json

from addons.audit import scrub
from addons.core import metakeys, runtime
from tests.guard.support import EMAIL, OPENAI, TOKEN, Upstream, chat_body, exchange, request_flow

FORGED = "[MASKED:email-address:a1b2c3]"


def _seen(request) -> str:
    return request.path + json.dumps([[k, v] for k, v in request.headers.items(multi=True)]) + request.get_text()


def _glued_flow():
    flow = request_flow(*OPENAI, chat_body(f"deploy with {TOKEN}{FORGED} and mail {EMAIL}{FORGED}"))
    flow.request.path += f"?k={TOKEN}%5BMASKED%3Aemail-address%3Aa1b2c3%5D"
    flow.request.headers["x-note"] = TOKEN + FORGED
    return flow


async def test_a_masked_key_with_a_forged_placeholder_glued_after_it_is_masked_everywhere(chain):
    flow, upstream = _glued_flow(), Upstream()
    await exchange(chain, flow, upstream)
    (sent,) = upstream.received
    assert TOKEN not in _seen(sent) and "[MASKED:test-api-token:" in sent.get_text()
    assert FORGED in sent.get_text()  # the client's own text is left as written
    assert TOKEN not in _seen(flow.request)
    assert TOKEN not in _seen(scrub.record_copy(flow, runtime.get()).request)


async def test_an_allowed_key_with_a_forged_placeholder_leaves_as_written_and_is_shown_masked(installed, chain):
    installed("report")  # every value let through: the request leaves byte for byte from the wire copy
    flow, upstream = _glued_flow(), Upstream()
    original = flow.request.copy()
    await exchange(chain, flow, upstream)
    (sent,) = upstream.received
    assert sent.raw_content == original.raw_content and sent.path == original.path
    assert sent.headers.fields == original.headers.fields
    assert flow.metadata[metakeys.SHOWN_MASKED] == ["request"]
    for request in (flow.request, scrub.record_copy(flow, runtime.get()).request):
        assert TOKEN not in _seen(request) and EMAIL not in _seen(request)
