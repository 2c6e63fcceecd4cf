"""The parts of a guarded request around its body (guard/request_parts.py) in-process, behind HostPolicy:
header and trailer values, path segments, query keys, and what is left to the credential broker."""

from __future__ import annotations

import base64
import json

from mitmproxy import http

from addons.core import placeholders, runtime
from tests.guard.support import EMAIL, OPENAI, ROOT_KEY, TOKEN, Upstream, chat_body, exchange, request_flow


def masked(value: str, rule: str) -> str:
    return placeholders.masked(rule, runtime.get().fingerprinter.tag(value))


async def test_header_trailer_path_and_query_key_are_masked_and_the_request_stays_valid(chain):
    flow = request_flow(OPENAI[0], f"/v1/files/{TOKEN}/content?{TOKEN}&plain=1", chat_body("hello"))
    flow.request.headers["X-Note"] = f"see {TOKEN}"
    flow.request.headers["Cookie"] = f"a=1; b={TOKEN}"
    flow.request.trailers = http.Headers([(b"x-checksum", f"t {TOKEN}".encode())])
    upstream = Upstream()
    await exchange(chain, flow, upstream)
    (sent,) = upstream.received
    placeholder = masked(TOKEN, "test-api-token")
    assert sent.headers["x-note"] == f"see {placeholder}"
    assert sent.headers["cookie"] == f"a=1; b={placeholder}"
    assert sent.trailers["x-checksum"] == f"t {placeholder}"
    encoded = placeholder.replace("[", "%5B").replace("]", "%5D").replace(":", "%3A")
    assert sent.path.startswith(f"/v1/files/{encoded}/content?") and TOKEN not in sent.path
    assert sent.query.get(placeholder) == "" and sent.query["plain"] == "1"


async def test_the_hosts_own_credential_is_left_to_the_broker_a_foreign_secret_is_not(chain):
    # api.openai.com: only keys of OpenAI-compatible families are its credential; this test rule is not one.
    flow = request_flow(*OPENAI, chat_body("hello"))
    flow.request.headers["api-key"] = TOKEN
    upstream = Upstream()
    await exchange(chain, flow, upstream)
    (sent,) = upstream.received
    assert sent.headers["api-key"] == masked(TOKEN, "test-api-token")


def test_credential_header_filter_keeps_the_hosts_family_and_whole_values_on_unknown_hosts(installed):
    from addons.formats.providers import host_credential
    from addons.guard.request_parts import _without_host_credential

    rt = runtime.get()
    for host, value, kept in [("api.openai.com", f"Bearer {TOKEN}", True),      # not an OpenAI-family rule
                              ("api.example.com", f"Bearer {TOKEN}", False),    # unknown host: the whole value
                              ("api.example.com", f"Bearer x {TOKEN}", True)]:  # not the whole value
        result = rt.inspector.inspect_field(value, "request", "header.authorization")
        left = _without_host_credential(result, value, host_credential(host))
        assert bool(left.findings) is kept and (TOKEN not in left.text) is kept, (host, value)


async def test_a_blocked_secret_in_a_header_refuses_the_request(chain):
    flow = request_flow(*OPENAI, chat_body("hello"))
    flow.request.headers["X-Debug"] = ROOT_KEY
    upstream = Upstream()
    outcome = await exchange(chain, flow, upstream)
    assert upstream.received == [] and outcome.answered_in == "request" and flow.response.status_code == 403
    assert ROOT_KEY not in flow.response.get_text()


async def test_a_key_encoded_in_a_header_cookie_path_or_query_is_masked_whole_runs(chain):
    """attack16: the runs were read as written (the live test shows each spelling through mitmdump)."""
    b64, hexed = base64.b64encode(f"k={TOKEN}".encode()).decode(), TOKEN.encode().hex()
    flow = request_flow(OPENAI[0], f"/v1/files/{hexed}/content?note={b64}", chat_body("hello"))
    flow.request.headers["X-Note"] = f"see {b64} end"
    flow.request.headers["Cookie"] = f"a=1; b={base64.b32encode(TOKEN.encode()).decode()}"
    upstream = Upstream()
    await exchange(chain, flow, upstream)
    (sent,) = upstream.received
    placeholder = masked(TOKEN, "test-api-token")
    assert sent.headers["x-note"] == f"see {placeholder} end"
    assert sent.headers["cookie"] == f"a=1; b={placeholder}"
    assert sent.query["note"] == placeholder and hexed not in sent.path and "MASKED" in sent.path


async def test_a_blocked_key_encoded_in_a_header_refuses_and_leaves_nothing_on_the_live_flow(chain):
    flow = request_flow(*OPENAI, chat_body("hello"))
    b64 = base64.b64encode(ROOT_KEY.encode()).decode()
    flow.request.headers["X-Debug"] = b64
    upstream = Upstream()
    outcome = await exchange(chain, flow, upstream)
    assert upstream.received == [] and outcome.answered_in == "request" and flow.response.status_code == 403
    assert b64 not in str(flow.request.headers) and b64 not in flow.response.get_text()


async def test_encoded_data_that_is_no_key_is_left_alone(chain):
    """A session cookie or a JWT holding an e-mail: only fixed-shape keys count inside runs around the body."""
    jwt_payload = base64.urlsafe_b64encode(json.dumps({"email": EMAIL, "sub": "42"}).encode()).decode().rstrip("=")
    cookie = f"session=eyJhbGciOiJIUzI1NiJ9.{jwt_payload}.c2lnbmF0dXJlLW9mLXRoZS10b2tlbg"
    flow = request_flow(*OPENAI, chat_body("hello"))
    flow.request.headers["Cookie"] = cookie
    upstream = Upstream()
    await exchange(chain, flow, upstream)
    (sent,) = upstream.received
    assert sent.headers["cookie"] == cookie


async def test_a_key_as_the_multipart_boundary_refuses_the_request(chain):
    """attack16: the content-type header was masked, the body's delimiters still carried the key (sent), and the
    body no longer matched its header."""
    body = (f"--{TOKEN}\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nhello\r\n--{TOKEN}--\r\n").encode()
    flow = request_flow(*OPENAI, body)
    flow.request.headers["content-type"] = f"multipart/form-data; boundary={TOKEN}"
    upstream = Upstream()
    outcome = await exchange(chain, flow, upstream)
    assert upstream.received == [] and outcome.answered_in == "request" and flow.response.status_code == 403
    assert TOKEN not in flow.request.headers["content-type"] and TOKEN not in flow.response.get_text()
    assert TOKEN.encode() not in (flow.request.raw_content or b"")  # nothing of it stays on the live flow
