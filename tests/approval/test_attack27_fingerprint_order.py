"""attack27: the retry fingerprint sorted headers by name *and value*, and cookies likewise, so two values of one
name in the other order were the same request: `Stripe-Account: acct_A` then `acct_B` was approved (a server that
reads the first acts for A), and `acct_B` then `acct_A` rode the window (the server acts for B). The same with a
cookie given twice (`session=A; session=B`: most frameworks keep the first, some the last). The order among
values of one name now counts; the order of different names still does not (HTTP/2 and clients reorder them)."""

from __future__ import annotations

from addons.approval.rules import request_fingerprint, significant_headers
from tests.approval.support import approve_for_a_window, chat_flow, deny_the_pending, start_hold


def fp(headers: list[tuple[str, str]]) -> str:
    return request_fingerprint("agent", "POST", "api.stripe.com", "/v1/charges", b"amount=100",
                               headers=significant_headers(headers))


def test_two_values_of_one_header_in_the_other_order_are_another_request():
    first_a = [("stripe-account", "acct_A"), ("stripe-account", "acct_B")]
    first_b = [("stripe-account", "acct_B"), ("stripe-account", "acct_A")]
    assert fp(first_a) != fp(first_b)


def test_a_cookie_given_twice_in_the_other_order_is_another_request():
    assert fp([("cookie", "session=A; session=B")]) != fp([("cookie", "session=B; session=A")])
    assert fp([("cookie", "session=A"), ("cookie", "session=B")]) != fp([("cookie", "session=B; session=A")])


def test_the_order_of_different_names_still_does_not_count():
    assert fp([("a", "1"), ("b", "2")]) == fp([("b", "2"), ("a", "1")])
    assert fp([("cookie", "org=o1; session=A")]) == fp([("cookie", "session=A"), ("cookie", "org=o1")])


def _flow(*accounts: str):
    f = chat_flow(identity="agent-7")
    for account in accounts:
        f.request.headers.add("openai-project", account)
    return f


async def test_a_window_does_not_cover_the_values_swapped(ctx_approval):
    _, guard, approval = ctx_approval
    await approve_for_a_window(guard, approval, _flow("proj_A", "proj_B"))
    swapped = _flow("proj_B", "proj_A")
    task = await start_hold(guard, approval, swapped)
    assert len(approval.listing()) == 1, "the swapped request rode the window"
    await deny_the_pending(approval, task)
