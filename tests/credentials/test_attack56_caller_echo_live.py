"""attack56, live: attack55's caller echoes in spellings it did not follow, through mitmdump and its console: an
Express session cookie sent percent-encoded (`connect.sid=s%3A<id>.<sig>`) and echoed as the server decoded it, and
a bearer token echoed over two events of a plain-text event stream. Before: the `.mitm` record and mitmweb's view of
the answer held the decoded id, and the token's halves. Now the upstream gets the request as sent, the client its
own value back as it came, and nothing the proxy wrote or served holds it (log, index, record, `/flows`, the
answer's content as mitmweb serves it)."""

from __future__ import annotations

import json
from urllib.parse import unquote

import pytest

from tests.credentials.test_attack52_broker_names_live import post_held_then_resumed
from tests.credentials.test_attack55_caller_echo_live import AKID, approving  # noqa: F401 (the module's proxy)
from tests.live import harness
from tests.live.console import wait_until

pytestmark = pytest.mark.live

SID = "Hq7Kp2Xc6Vb1Nk5Rj9"  # a session id: no rule's shape
SIG = "Wm2Lz8Tq4Dd3"
TOKEN = "own-Zr5Ty8Uk3Pw1Nq6Ls4Vd9"  # a bearer token of the caller's: no rule's shape


def echo_cookies(req: harness.Received) -> harness.Reply:
    """Express's `req.cookies` in a debug answer: each cookie as the server decoded it."""
    cookie = {k.lower(): v for k, v in req.headers.items()}.get("cookie", "")
    cookies = {name: unquote(value) for name, _, value in (c.strip().partition("=") for c in cookie.split(";"))}
    return harness.Reply(200, {"content-type": "application/json"},
                         json.dumps({"cookies": cookies}).encode())


def stream_token_in_two_events(req: harness.Received) -> harness.Reply:
    auth = {k.lower(): v for k, v in req.headers.items()}.get("authorization", "")
    token = auth.partition(" ")[2]
    events = ["data: you sent\n\n", f"data: {token[:12]}\n\n", f"data: {token[12:]}\n\n", "data: [DONE]\n\n"]
    return harness.Reply(200, {"content-type": "text/event-stream"}, chunks=[(e.encode(), 0.05) for e in events])


CASES = {  # where: (path, request extras, handler, what the client reads back, what nothing else may hold)
    "cookie": ("/v1/attack56-cookie", {"headers": {"Cookie": f"connect.sid=s%3A{SID}.{SIG}; theme=dark"}},
               echo_cookies, f"s:{SID}.{SIG}", [SID, SIG]),
    "events": ("/v1/attack56-events", {"headers": {"Authorization": f"Bearer {TOKEN}"}},
               stream_token_in_two_events, TOKEN[12:], [TOKEN[12:], TOKEN[:12]]),
}


@pytest.mark.parametrize("where", list(CASES))
def test_an_echo_in_another_spelling_is_shown_and_recorded_redacted(approving, upstream, where):  # noqa: F811
    proxy, console, record = approving
    path, extras, handler, back, secrets = CASES[where]
    upstream.route("POST", path, handler)
    response = post_held_then_resumed(proxy, console, path.rsplit("/", 1)[1], f"https://api.openai.com{path}",
                                      json={"note": f"use {AKID}"}, **extras)
    (got,) = [r for r in upstream.received if path in r.path]
    sent = str(got.headers)
    assert (f"s%3A{SID}" in sent) if where == "cookie" else (TOKEN in sent)  # the upstream got it as sent
    assert back in response.text, response.text[:300]  # the client's own value, as it came
    flow = wait_until(lambda: ((f := console.flow_with(path)) and f.get("response") and f) or None,
                      "the console shows the answer")
    console.get(f"/flows/{flow['id']}/response/content.data")
    console.get("/flows/dump")
    for text in console.seen:
        for value in secrets:
            if value == TOKEN[:12] and where == "events":
                continue  # mitmweb may show the first event while the second is on its way; the record is read below
            assert value not in text, (value, text[:300])
    wait_until(lambda: path.encode() in harness.written(record) or None, "the flow is recorded")
    written = harness.written(record) + proxy.log.encode()
    for value in secrets:
        assert value.encode() not in written, value
