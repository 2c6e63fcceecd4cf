"""Attack25 (the user's side of attack24's header fingerprint): a client that keeps cookies sends a new ``Cookie``
with every request once a vendor behind a load balancer or bot manager answered it.

Captured from the real SDKs against a local upstream that answers like Cloudflare (``Set-Cookie: __cf_bm=...`` and
``_cfuvid=...`` on every answer): openai 3.60 and anthropic 2.17 (their httpx client keeps a cookie jar), AutoGen's
OpenAIChatCompletionClient (the same) and a requests.Session all sent the newest pair on the next request and on
every automatic retry. With ``Cookie`` counted as it is, the approved request sent again after any other answer was
another request: ``approve --for 10m`` covered nothing, and a retry sent after another answer opened a second
approval. Cookies a load balancer or bot manager sets (``rules.VOLATILE_COOKIES``) no longer count; every other
cookie does (a session cookie says whose account a request acts for)."""

from __future__ import annotations

import pytest

from addons.approval.rules import request_fingerprint, significant_headers
from tests.approval.support import (
    approve_for_a_window,
    assert_rides_the_window,
    chat_flow,
    deny_the_pending,
    start_hold,
)


def sdk_call(cookie: str | None, retry: str = "0"):
    """The headers openai 3.60 sent (captured), with the cookie jar's current pair."""
    f = chat_flow(identity="agent-7")
    f.request.headers["authorization"] = "Bearer sk-exitguard-test-not-a-key"
    f.request.headers["x-stainless-retry-count"] = retry
    f.request.headers["x-stainless-read-timeout"] = "600"
    if cookie:
        f.request.headers["cookie"] = cookie
    return f


async def test_a_window_covers_the_approved_request_after_the_vendor_rotated_its_bot_cookie(ctx_approval):
    _, guard, approval = ctx_approval
    await approve_for_a_window(guard, approval, sdk_call("__cf_bm=9422e4547e91e8db; _cfuvid=b3c018f22cdbc8da"))
    again = sdk_call("__cf_bm=8a4937555b8f7732; _cfuvid=9391c6867764d015")  # another answer came in between
    await assert_rides_the_window(guard, approval, again, "the window did not cover the approved request sent again")


async def test_a_retry_with_a_rotated_bot_cookie_joins_the_pending_approval(ctx_approval):
    _, guard, approval = ctx_approval
    first = await start_hold(guard, approval, sdk_call("__cf_bm=aaaa; _cfuvid=bbbb"))
    second = await start_hold(guard, approval, sdk_call("_cfuvid=dddd; __cf_bm=cccc", retry="1"))
    assert len(approval.listing()) == 1, "the SDK's retry opened a second approval"
    await deny_the_pending(approval, first, second)


def fp(*cookies: str) -> str:
    return request_fingerprint("agent", "POST", "h", "/", b"", headers=significant_headers(
        [("content-type", "application/json"), *(("cookie", c) for c in cookies)]))


@pytest.mark.parametrize("volatile", ["__cf_bm=1", "_cfuvid=2", "cf_clearance=3", "__cflb=4", "AWSALB=5",
                                      "AWSALBCORS=6", "AWSALBTG=7", "GCLB=8", "ARRAffinity=9", "ak_bmsc=10"])
def test_load_balancer_and_bot_manager_cookies_do_not_count(volatile):
    assert fp(f"session=abc; {volatile}") == fp("session=abc") == fp("session=abc; " + volatile.replace("=", "=x"))


def test_every_other_cookie_counts_in_any_order_or_split():
    assert fp("session=acct_a") != fp("session=acct_b")
    assert fp("session=acct_a; org=o1") != fp("session=acct_a; org=o2")
    assert fp("session=acct_a; org=o1") == fp("org=o1; session=acct_a") == fp("org=o1", "session=acct_a")
    assert fp("session=acct_a") != fp()
    assert fp("__cf_bm=1") == fp() == request_fingerprint("agent", "POST", "h", "/", b"", headers=(
        ("content-type", "application/json"),))
