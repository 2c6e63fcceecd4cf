"""attack41: a request the guard refuses that also carries a value the policy lets through (an allowed address
beside a blocked key, or beside a value that cannot be masked where it stands). Nothing is sent; mitmweb shows the
live flow until it is gone. wire40 shows every finding of a request that is sent masked; the refused one showed
the allowed value as written (`render(HIDDEN)`: mask, block and approve findings only)."""

from __future__ import annotations

import base64
import gzip
import json

from addons.audit import scrub
from addons.core import runtime
from tests.guard.support import EMAIL, OPENAI, ROOT_KEY, TOKEN, Upstream, chat_body, exchange, request_flow
from tests.guard.test_wire40_allowed_shown_masked import allow_pii  # noqa: F401 (fixture)


def _shown(request) -> str:
    return request.path + json.dumps([[k, v] for k, v in request.headers.items(multi=True)]) + request.get_text()


async def test_a_blocked_request_shows_its_allowed_values_masked_too(allow_pii):  # noqa: F811
    flow = request_flow(*OPENAI, chat_body(f"mail {EMAIL}, root {ROOT_KEY}"))
    flow.request.path += f"?cc={EMAIL}"
    flow.request.headers["x-contact"] = EMAIL
    upstream = Upstream()
    await exchange(allow_pii, flow, upstream)
    assert upstream.received == [] and flow.response.status_code == 403
    assert ROOT_KEY not in _shown(flow.request)
    assert EMAIL not in _shown(flow.request), _shown(flow.request)
    assert EMAIL not in _shown(scrub.record_copy(flow, runtime.get()).request)


async def test_a_request_with_a_value_that_cannot_be_masked_shows_its_allowed_values_masked_too(allow_pii):  # noqa: F811
    hidden = base64.b64encode(gzip.compress(f"export TOKEN={TOKEN}\n".encode() * 3, mtime=1)).decode()
    flow = request_flow(*OPENAI, chat_body(f"mail {EMAIL}, attachment {hidden}"))
    flow.request.headers["x-contact"] = EMAIL
    upstream = Upstream()
    await exchange(allow_pii, flow, upstream)
    assert upstream.received == [] and "cannot be masked safely" in flow.response.get_text()
    assert EMAIL not in _shown(flow.request), _shown(flow.request)
