"""attack17: an e-mail (any value the policy masks, not only a fixed-shape key) base64- or hex-encoded in a request
header, a query value or a path segment to a guarded host. attack16 read these runs for fixed-shape keys only, so
that a JWT (a bearer token, a session cookie) or a cursor holding the user's e-mail is not masked and the session
not broken. Those are JSON inside (a JWT's parts, a cursor) or credential headers; a run that decodes to text that
is no JSON, outside the credential headers and not a part of a dotted token, is read for every rule."""

from __future__ import annotations

import base64
import json

import pytest

from tests.guard.support import EMAIL, OPENAI, Upstream, chat_body, exchange, request_flow

NOTE = f"send the report to {EMAIL} tonight"
SPELLED = {"base64": base64.b64encode(NOTE.encode()).decode(), "hex": NOTE.encode().hex(),
           "base64url": base64.urlsafe_b64encode(NOTE.encode()).decode().rstrip("=")}


@pytest.mark.parametrize("label", sorted(SPELLED))
@pytest.mark.parametrize("where", ["header", "query", "path"])
async def test_an_encoded_email_around_the_body_is_masked(chain, label, where):
    spelled = SPELLED[label]
    path = "/v1/chat/completions"
    if where == "path":
        path = f"/v1/files/{spelled}/content"
    elif where == "query":
        path += f"?note={spelled}"
    flow = request_flow(OPENAI[0], path, chat_body("hello"))
    if where == "header":
        flow.request.headers["X-Note"] = spelled
    upstream = Upstream()
    await exchange(chain, flow, upstream)
    (sent,) = upstream.received
    shown = sent.path + json.dumps(dict(sent.headers))
    assert spelled[4:-4] not in shown and "MASKED" in shown


def jwt_with(claims: dict) -> str:
    def part(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).decode().rstrip("=")
    return ".".join((part(b'{"alg":"RS256","typ":"JWT"}'), part(json.dumps(claims).encode()),
                     part(b"signature-bytes-of-the-token-here")))


@pytest.mark.parametrize(("header", "value"), [
    ("Authorization", "Bearer " + jwt_with({"email": EMAIL, "sub": "42"})),
    ("X-Id-Token", jwt_with({"email": EMAIL})),
    ("X-Session", jwt_with({"email": EMAIL})),  # a JWT in any header: its parts are dotted
    ("Cookie", "session=" + base64.b64encode(f"user={EMAIL}; role=admin".encode()).decode()),
    ("X-Cursor", base64.b64encode(json.dumps({"after": EMAIL, "n": 50}).encode()).decode()),
])
async def test_tokens_cookies_and_cursors_holding_an_email_are_left_alone(chain, header, value):
    flow = request_flow(OPENAI[0], "/v1/chat/completions?cursor=" + base64.b64encode(
        json.dumps({"after": EMAIL}).encode()).decode(), chat_body("hello"))
    flow.request.headers[header] = value
    upstream = Upstream()
    await exchange(chain, flow, upstream)
    (sent,) = upstream.received
    assert sent.headers[header] == value and "MASKED" not in sent.path
