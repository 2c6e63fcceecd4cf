"""attack49: a policy made stricter while a request is under way (session 28 rebuilds the runtime beside the event
loop, flows go on meanwhile). A request's headers arrive under one version and its body under the next: which one
judges it, and which one does the index name?"""

from __future__ import annotations

import pytest
from mitmproxy.proxy.layers import http as http_layer
from mitmproxy.test import taddons

from addons.core import metakeys, runtime
from addons.guard.guard import Guard
from addons.guard.hostpolicy import HostPolicy
from tests.guard.support import POLICY, RULES, TOKEN, Upstream, chat_body, request_flow

VENDOR = "llm.newvendor.example"


@pytest.fixture(scope="module")
def before_and_after(tmp_path_factory) -> tuple[runtime.Runtime, runtime.Runtime]:
    """The test policy (unlisted hosts pass), and the same policy with VENDOR guarded or denied."""
    folder = tmp_path_factory.mktemp("attack49")
    key = folder / "fingerprint.key"
    built = {}
    for name, text in (("before", POLICY),
                       ("guarded", POLICY.replace("guarded_hosts: [", f"guarded_hosts: [{VENDOR}, ")),
                       ("denied", POLICY.replace("deny_hosts: [", f"deny_hosts: [{VENDOR}, "))):
        (folder / f"{name}.yaml").write_text(text)
        built[name] = runtime.build(str(folder / f"{name}.yaml"), [str(RULES)], key)
    return built


async def _headers_then_reload_then_body(before, after) -> tuple:
    upstream = Upstream()
    flow = request_flow(VENDOR, "/v1/chat/completions", chat_body(f"token {TOKEN}"))
    runtime.install(before)
    try:
        with taddons.context(HostPolicy(), Guard()) as tctx:
            await tctx.master.addons.handle_lifecycle(http_layer.HttpRequestHeadersHook(flow))
            runtime.install(after)  # the rebuild thread's new version lands while the body is still coming
            await tctx.master.addons.handle_lifecycle(http_layer.HttpRequestHook(flow))
            if flow.response is None:
                upstream(flow.request)
    finally:
        runtime.install(None)
    return flow, upstream


@pytest.mark.parametrize("after", ["guarded", "denied"])
async def test_a_body_that_arrives_after_a_stricter_reload_is_judged_by_it(before_and_after, after):
    flow, upstream = await _headers_then_reload_then_body(before_and_after["before"], before_and_after[after])
    sent = b"".join(r.raw_content or b"" for r in upstream.received)
    assert TOKEN.encode() not in sent, flow.metadata.get(metakeys.HOST_CLASS)
    assert flow.metadata[metakeys.POLICY_VERSION] == before_and_after[after].version
