"""attack55, live: the vendor's answer echoes the caller's own credential (a debug echo of the request's headers, a
redirect carrying the `?sig=` it got, an `Authorization` quoted in a streamed answer), a value no rule finds. Before
the change the `.mitm` record and mitmweb's view of the answer held it as it came (the record redacted the request's
fields by name, never their echo). Now: the upstream gets the key as sent, the client gets its own value back as it
came (DESIGN, "The caller's own credential in the answer"), and nothing the proxy wrote or served holds any form of
it: the log, the index, the record, mitmweb's `/flows` and the answer's content as mitmweb serves it."""

from __future__ import annotations

import base64
import json

import pytest

from tests import fakes
from tests.credentials.test_attack52_broker_names_live import own_key_console, post_held_then_resumed
from tests.live import harness
from tests.live.console import wait_until

pytestmark = pytest.mark.live

AKID = fakes.aws_key_id(5501)  # what holds the request for approval (so mitmweb's request view is redacted too)
OWN = "7c3e9a1f5b2d4e6f8091a2b3c4d5e6f7"  # the caller's own vendor key: 32 hex digits, no rule's shape
TOKEN = "own-Tq4Lz8Wm2Xc6Vb1Nk5Rj9Hd3"  # the caller's own bearer token: no rule's shape either
BROKERED = "brokered-FAKE-" + "Pz5Kx1Vw8Rn3Qs7Mt2Hb6Jc4"


def forms(value: str) -> list[bytes]:
    raw = value.encode()
    return [raw, raw.upper(), raw.lower(), base64.b64encode(raw)[4:-4], raw.hex().encode()]


def echo_headers(req: harness.Received) -> harness.Reply:
    """A debug endpoint: the request's headers back, in the body and one header."""
    headers = {k.lower(): v for k, v in req.headers.items()}
    return harness.Reply(200, {"content-type": "application/json", "x-echo-key": headers.get("x-service-key", "")},
                         json.dumps({"headers": headers}).encode())


def redirect_signed(req: harness.Received) -> harness.Reply:
    """A signed redirect: the `?sig=` the request had, carried on in `Location` and a JSON `url`."""
    query = req.path.partition("?")[2]
    target = f"https://cdn.vendor.example/blob/1?{query}"
    return harness.Reply(302, {"content-type": "application/json", "location": target},
                         json.dumps({"url": target}).encode())


def stream_authorization(req: harness.Received) -> harness.Reply:
    """A streamed answer quoting the Authorization header it got, one event at a time."""
    auth = {k.lower(): v for k, v in req.headers.items()}.get("authorization", "")
    events = [f"data: {json.dumps({'delta': 'you sent'})}\n\n", f"data: {json.dumps({'delta': auth})}\n\n",
              "data: [DONE]\n\n"]
    return harness.Reply(200, {"content-type": "text/event-stream"},
                         chunks=[(e.encode(), 0.05) for e in events])


def client_text(response) -> str:
    """What the client reads: a streamed answer's deltas joined (the stream masker may cut events anew)."""
    if not response.headers.get("content-type", "").startswith("text/event-stream"):
        return response.text
    lines = [line[6:] for line in response.text.splitlines() if line.startswith("data: {")]
    return "".join(json.loads(line)["delta"] for line in lines)


CASES = {  # where: (host, path, request extras, handler, what the client reads back)
    "header": ("api.openai.com", "/v1/attack55-header", {"headers": {"X-Service-Key": OWN}}, echo_headers, OWN),
    "query": ("api.anthropic.com", "/v1/attack55-query", {"params": {"sig": OWN}}, redirect_signed, OWN),
    "authorization": ("api.openai.com", "/v1/attack55-auth", {"headers": {"Authorization": f"Bearer {TOKEN}"}},
                      stream_authorization, TOKEN),
}


@pytest.fixture(scope="module")
def approving(tmp_path_factory, upstream_session):
    with own_key_console(tmp_path_factory.mktemp("attack55-caller-echo"), upstream_session, BROKERED) as started:
        yield started


@pytest.mark.parametrize("where", list(CASES))
def test_an_answer_echoing_the_callers_own_credential_is_shown_and_recorded_redacted(approving, upstream, where):
    proxy, console, record = approving
    host, path, extras, handler, own = CASES[where]
    upstream.route("POST", path, handler)
    response = post_held_then_resumed(proxy, console, path.rsplit("/", 1)[1], f"https://{host}{path}",
                                      json={"note": f"use {AKID}"}, **extras)
    (got,) = [r for r in upstream.received if path in r.path]
    assert own in (got.path if where == "query" else str(got.headers))  # the upstream got it as sent
    # The client gets its own value back as it came (DESIGN): the echo, the signed redirect it may follow.
    assert own in client_text(response), response.text[:300]
    if where == "query":
        assert response.status_code == 302 and own in response.headers["location"]
    if where == "header":
        assert response.headers["x-echo-key"] == OWN
    flow = wait_until(lambda: ((f := console.flow_with(path)) and f.get("response") and f) or None,
                      "the console shows the answer")
    console.get(f"/flows/{flow['id']}/response/content.data")
    console.get("/flows/dump")
    for text in console.seen:  # before: the answer's headers and body as they came
        for form in forms(own):
            assert form.decode() not in text, (form, text[:300])
    shown = console.get(f"/flows/{flow['id']}/response/content.data").text
    assert "[REDACTED:" in shown or "not shown" in shown, shown[:300]  # over events: not kept (the stream cut it)
    wait_until(lambda: (path.encode() in (w := harness.written(record)) and w.count(b"caller-credential-echo")
                        >= _ECHOED.get("count", 0) + 1) or None, "the flow and its finding are recorded")
    _ECHOED["count"] = harness.written(record).count(b"caller-credential-echo")  # the index says it passed
    written = harness.written(record) + proxy.log.encode()
    for form in forms(own):
        assert form not in written  # before: the recorded answer held it (the attack52 xfail)


_ECHOED: dict[str, int] = {}
