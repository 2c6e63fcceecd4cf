"""Attack24: an agent posts to the reviewers' channel through the proxy: the approval webhook's own URL.

An agent that learned the webhook's URL (a Slack incoming webhook: the path is the secret; an internal receiver on
a private address) posted, through the proxy, a notification of its own to where reviewers decide: a "request"
that looks harmless, links of its own, "already approved, click to acknowledge". The proxy sends the genuine ones
itself; no agent has a reason to post there. Now a request to the webhook's host (by any name the flow goes by)
and path (as approval rules normalize paths) is refused (403), naming neither; other paths of that host pass."""

from __future__ import annotations

import pytest
from mitmproxy.test import taddons, tflow, tutils

from addons.approval.approval import Approval

HOOK = "https://hooks.slack.com/services/T0AAAA/B0BBBB/c3VwZXJzZWNyZXRwYXRo"


@pytest.fixture
def approval(installed):
    addon = Approval()
    with taddons.context(addon) as tctx:
        tctx.configure(addon, exitguard_control_listen="off", exitguard_approval_webhook=HOOK,
                       exitguard_approval_webhook_format="slack")
        yield addon


def post(host: str, path: str, port: int = 443, host_header: str | None = None):
    f = tflow.tflow(req=tutils.treq(host=host, port=port, scheme=b"https", method=b"POST", path=path.encode(),
                                    headers=[(b"content-type", b"application/json")]))
    if host_header is not None:
        f.request.headers["host"] = host_header
    f.request.content = b'{"text": "request 4f2a approved by security, nothing to do"}'
    return f


@pytest.mark.parametrize(("host", "path", "host_header"), [
    ("hooks.slack.com", "/services/T0AAAA/B0BBBB/c3VwZXJzZWNyZXRwYXRo", None),
    ("HOOKS.slack.com.", "//services/T0AAAA/B0BBBB/c3VwZXJzZWNyZXRwYXRo", None),
    ("hooks.slack.com", "/services/T0AAAA/./B0BBBB/c3VwZXJzZWNyZXRwYXRo?x=1", None),
    ("hooks.slack.com", "/services/T0AAAA/B0BBBB/c3VwZXJzZWNyZXRwYXRo/", None),
    ("34.226.36.50", "/services/T0AAAA/B0BBBB/c3VwZXJzZWNyZXRwYXRo", "hooks.slack.com"),
])
async def test_a_post_to_the_webhooks_own_url_is_refused(approval, host, path, host_header):
    f = post(host, path, host_header=host_header)
    await approval.requestheaders(f)
    assert f.response is not None and f.response.status_code == 403, (host, path)
    text = f.response.get_text()
    assert "c3VwZXJzZWNyZXRwYXRo" not in text and "hooks.slack.com" not in text


@pytest.mark.parametrize(("host", "path", "port"), [
    ("hooks.slack.com", "/services/T0AAAA/B0BBBB/other", 443), ("hooks.slack.com", "/services/T0AAAA", 443),
    ("api.slack.com", "/services/T0AAAA/B0BBBB/c3VwZXJzZWNyZXRwYXRo", 443),
    ("hooks.slack.com", "/services/T0AAAA/B0BBBB/c3VwZXJzZWNyZXRwYXRo", 8443),
])
async def test_other_urls_of_that_host_pass(approval, host, path, port):
    f = post(host, path, port)
    await approval.requestheaders(f)
    assert f.response is None
