"""The parts of a guarded request around its body (guard/request_parts.py) in-process, behind HostPolicy:
header and trailer values, path segments, query keys, and what is left to the credential broker."""

from __future__ import annotations

from mitmproxy import http

from addons.core import placeholders, runtime
from tests.guard.support import OPENAI, ROOT_KEY, TOKEN, Upstream, chat_body, exchange, request_flow


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
