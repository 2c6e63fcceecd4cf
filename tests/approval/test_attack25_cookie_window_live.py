"""Attack25, live: the real openai SDK, whose httpx client keeps cookies, through a real mitmdump with the bundle, to
an upstream that answers like a vendor behind Cloudflare (a new ``__cf_bm`` and ``_cfuvid`` on every answer). The
reviewer approves the held call ``--for 10m`` with the real CLI; the agent makes another call, then the approved one
again. Before attack25 the fingerprint counted the rotated cookie: the window covered nothing and the approved
call waited for a reviewer again (here: expired, 403)."""

from __future__ import annotations

import itertools

import pytest

from tests.approval.support import CODENAME
from tests.approval.test_live import approvers, start, statuses_with_the_first_hold_approved  # noqa: F401 (fixtures)
from tests.live import harness

pytestmark = pytest.mark.live

AGENT = """
import json, openai
client = openai.OpenAI(api_key="sk-exitguard-test-not-a-key", timeout=30, max_retries=0)
out = []
for text in ("hello", {held!r}, "hello again", {held!r}):
    try:
        client.chat.completions.create(model="gpt-test", messages=[{{"role": "user", "content": text}}])
        out.append(200)
    except openai.APIStatusError as e:
        out.append(e.status_code)
print(json.dumps(out))
"""


def test_a_window_covers_the_approved_call_after_the_vendor_rotated_its_bot_cookies(start, upstream,  # noqa: F811
                                                                                      approvers):  # noqa: F811
    serial = itertools.count()

    def like_cloudflare(req: harness.Received) -> harness.Reply:
        reply = harness.default_handler(req)
        n = next(serial)
        reply.headers["set-cookie"] = f"__cf_bm=bm{n:04d}; path=/; HttpOnly; Secure; SameSite=None"
        return reply

    upstream.route("POST", "/v1/chat/completions", like_cloudflare)
    proxy, control = start(timeout=4)
    statuses = statuses_with_the_first_hold_approved(proxy, control, approvers["alice"],
                                                     AGENT.format(held=f"plan for {CODENAME}"))
    assert statuses == [200, 200, 200, 200], proxy.log[-3000:]
    cookies = [sent.headers.get("cookie") for sent in upstream.received]
    assert cookies[1] != cookies[3] and cookies[3], cookies  # the jar did send a rotated cookie with the same call
