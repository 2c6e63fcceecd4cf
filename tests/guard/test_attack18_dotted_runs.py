"""attack18: attack17 reads an encoded run around the body (header, path segment, query value) for every rule unless it
is "a part of a dotted token" (a JWT), but took any dot beside the run for one: an agent wrote its e-mail's base64
with `.txt` after it (a file name), `v1.` before it, or `.x` after a query value, and it was read for fixed-shape keys
only and sent. A run is the client's state when it or a layer around it is JSON (a JWT's header and claims, an
itsdangerous payload, a claim's own base64); a JWT's signature decodes to no text. A JWT, signed or zlib'd session
value there is still left alone; a JWT's shape built around the run is not."""

from __future__ import annotations

import base64
import json
import zlib

import pytest

from tests.guard.support import EMAIL, OPENAI, Upstream, chat_body, exchange, request_flow

NOTE = f"send the report to {EMAIL} tonight"
RUN = base64.b64encode(NOTE.encode()).decode()
URLSAFE = base64.urlsafe_b64encode(NOTE.encode()).decode().rstrip("=")


def _segment(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def jwt(claims: dict) -> str:
    return ".".join((_segment(b'{"alg":"HS256","typ":"JWT"}'), _segment(json.dumps(claims).encode()),
                     _segment(bytes(range(7, 39)))))


def itsdangerous(payload: dict) -> str:
    """A Flask session value: `.` + base64 of zlib'd JSON, a timestamp, a signature."""
    return "." + ".".join((_segment(zlib.compress(json.dumps(payload).encode())), _segment(b"\x06\x5f\x11\x22"),
                           _segment(bytes(range(40, 60)))))


async def _send(chain, where: str, value: str):
    path = "/v1/chat/completions"
    if where == "path":
        path = f"/v1/files/{value}/content"
    elif where == "query":
        path += f"?ref={value}"
    flow = request_flow(OPENAI[0], path, chat_body("hello"))
    if where == "header":
        flow.request.headers["X-Note"] = value
    upstream = Upstream()
    await exchange(chain, flow, upstream)
    (sent,) = upstream.received
    return sent


DOTTED = {"file-name": RUN + ".txt", "version-before": "v1." + RUN, "dot-after": URLSAFE + ".x",
          "two-runs": URLSAFE + "." + URLSAFE,
          # a JWT's shape built around the run: a JSON header, the run as its second segment
          "jwt-shaped": _segment(b'{"alg":"none"}') + "." + URLSAFE + "."}


@pytest.mark.parametrize("label", sorted(DOTTED))
@pytest.mark.parametrize("where", ["header", "query", "path"])
async def test_an_encoded_email_beside_a_dot_is_masked(chain, where, label):
    sent = await _send(chain, where, DOTTED[label])
    shown = sent.path + json.dumps(dict(sent.headers))
    assert RUN[4:-4] not in shown and URLSAFE[4:-4] not in shown and "MASKED" in shown


SIGNED = {"jwt": jwt({"email": EMAIL, "note": NOTE, "sub": "42"}),
          # a claim that is itself base64 of text: read inside the JSON, the client's state too
          "jwt-encoded-claim": jwt({"ctx": base64.b64encode(f"user={EMAIL}; plan=team".encode()).decode()}),
          "flask-session": itsdangerous({"user": EMAIL, "note": NOTE})}


@pytest.mark.parametrize("label", sorted(SIGNED))
@pytest.mark.parametrize("where", ["header", "query", "path"])
async def test_a_signed_token_holding_an_email_is_left_alone(chain, where, label):
    sent = await _send(chain, where, SIGNED[label])
    shown = sent.path + json.dumps(dict(sent.headers))
    assert SIGNED[label] in shown and "MASKED" not in shown
