"""attack17: with `unparseable: pass` a body that does not parse as what it claims is read as its printable strings
(guard.Guard._open), but those strings had no run decoded: malformed JSON holding the base64 of a key was sent,
while the same text in a binary body is read decoded (attack16) and refused."""

from __future__ import annotations

import base64

import pytest
from mitmproxy.test import taddons

from addons.core import runtime
from addons.guard.guard import Guard
from addons.guard.hostpolicy import HostPolicy
from tests.guard.support import OPENAI, POLICY, RULES, TOKEN, Upstream, exchange, request_flow


@pytest.fixture(scope="module")
def passing(tmp_path_factory) -> runtime.Runtime:
    folder = tmp_path_factory.mktemp("attack17-unparseable")
    policy = folder / "policy.yaml"
    policy.write_text(POLICY.replace("unparseable: block", "unparseable: pass"))
    return runtime.build(str(policy), [str(RULES)], folder / "fingerprint.key")


@pytest.mark.parametrize("spelled", [base64.b64encode(TOKEN.encode()).decode(), TOKEN.encode().hex()])
async def test_an_encoded_key_in_an_unparseable_body_is_not_sent(passing, spelled):
    runtime.install(passing)
    try:
        flow = request_flow(*OPENAI, ('{"model": "m", "messages": [{"role": "user", "content": "see ' + spelled
                                      + '"}').encode())  # no closing bracket: not JSON
        upstream = Upstream()
        with taddons.context(HostPolicy(), Guard()) as tctx:
            await exchange(tctx, flow, upstream)
        assert upstream.received == [] and flow.response is not None and flow.response.status_code == 403
    finally:
        runtime.install(None)
