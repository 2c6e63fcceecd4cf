"""Attack (attack10): a value in a part of the request line or header block that is a name or a token, not text:
the method (`AKIA... /v1 HTTP/1.1`: any token is a method), a header or trailer name (`ghp_...: 1`,
`X-AKIA...: 1`), the Host header of a flow whose names may disagree (an unlisted host), an HTTP/2 `:authority`.
The guard scanned header values, the path and the query only, so each of these went upstream under a policy that
blocks or masks that value, and the method and authority were recorded raw. None of them can be masked (a
placeholder is no token, and a name is no text): the request is refused, nothing is sent, the live flow keeps the
value hidden; report-only sends it and the recording masks it. Live: tests/proxy/test_live_attack_protocol.py."""

from __future__ import annotations

import json
import textwrap

import pytest
from mitmproxy import http
from mitmproxy.proxy.layers import http as http_layer
from mitmproxy.test import taddons

from addons.approval import notify
from addons.audit import scrub
from addons.core import clean_tokens, held, metakeys, runtime
from addons.guard.guard import Guard
from addons.guard.hostpolicy import HostPolicy
from addons.stream.streaming import Streaming
from tests.audit import fakes
from tests.flows import on_the_wire
from tests.guard.support import OPENAI, RULES, TOKEN, Upstream, chat_body, exchange, request_flow

UNLISTED = ("unlisted.example", "/upload")
# The test policy's guarded host, plus unlisted hosts observed with secrets masked: a name that disagrees with the
# connection's is no refusal there (only on guarded hosts), so the Host header is a free claim.
POLICY = textwrap.dedent("""\
    version: 1
    mode: enforce
    unlisted_hosts: {mode: observe, actions: {request: {secret: mask}}}
    guarded_hosts: [api.openai.com]
    actions:
      request: {secret: mask, pii: mask}
      response: {secret: mask, pii: allow}
    """)


@pytest.fixture(scope="module")
def runtimes(tmp_path_factory) -> dict[str, runtime.Runtime]:
    folder = tmp_path_factory.mktemp("protocol-parts")
    policy = folder / "policy.yaml"
    policy.write_text(POLICY)
    return {mode: runtime.build(str(policy), [str(RULES)], folder / "fingerprint.key", mode=mode)
            for mode in ("enforce", "report")}


@pytest.fixture(params=["enforce", "report"])
def chain(request, runtimes):
    runtime.install(runtimes[request.param])
    with taddons.context(HostPolicy(), Guard()) as tctx:
        yield tctx, request.param
    runtime.install(None)


def with_method(flow: http.HTTPFlow) -> None:
    flow.request.data.method = TOKEN.encode()  # as read off the wire (the setter would upper-case it)


def with_header_name(flow: http.HTTPFlow) -> None:
    flow.request.headers[f"x-{TOKEN}"] = "1"


def with_bare_header_name(flow: http.HTTPFlow) -> None:
    flow.request.headers.add(TOKEN, "1")


def with_trailer_name(flow: http.HTTPFlow) -> None:
    flow.request.trailers = http.Headers([(f"x-{TOKEN}".encode(), b"1")])


def with_host_header(flow: http.HTTPFlow) -> None:
    flow.request.headers["host"] = f"{TOKEN}.{flow.request.host}"


def with_authority(flow: http.HTTPFlow) -> None:
    flow.request.http_version = "HTTP/2.0"
    flow.request.authority = f"{TOKEN}.{flow.request.host}"


PLACES = {"method": with_method, "header name": with_header_name, "bare header name": with_bare_header_name,
          "trailer name": with_trailer_name, "host header": with_host_header, "authority": with_authority}


def sent_bytes(request: http.Request) -> bytes:
    """Everything of a request that leaves: the request line's parts, headers, trailers and body."""
    return b"\n".join([request.data.method, request.data.authority, request.data.path, bytes(request.headers),
                       bytes(request.trailers or http.Headers()), request.raw_content or b""])


def recorded_bytes(flow: http.HTTPFlow) -> bytes:
    record = scrub.record_copy(flow, runtime.get())
    return sent_bytes(record.request) + json.dumps(record.get_state(), default=repr).encode()


# On a guarded host a Host header or :authority naming another host is refused 421 by HostPolicy before the guard
# reads it (section 4a's tests): those two places are tried on the unlisted host only.
NAME_PLACES = [(place, where) for where in ("guarded", "unlisted") for place in PLACES
               if where == "unlisted" or place not in ("host header", "authority")]


@pytest.mark.parametrize("place, where", NAME_PLACES)
async def test_a_value_in_a_name_or_token_of_the_request_is_never_sent_nor_recorded(chain, place, where):
    tctx, mode = chain
    host, path = OPENAI if where == "guarded" else UNLISTED
    flow = request_flow(host, path, chat_body("hello"))
    PLACES[place](flow)
    upstream = Upstream()
    await exchange(tctx, flow, upstream)
    assert flow.metadata.get("exitguard.findings"), place
    if mode == "enforce":
        assert upstream.received == []
        assert flow.response is not None and flow.response.status_code == 403
        assert "cannot be masked" in flow.response.get_text()
        assert TOKEN.encode() not in sent_bytes(flow.request)  # the live flow (mitmweb, later addons) hides it
    else:  # report-only changes nothing on the wire
        (sent,) = upstream.received
        assert TOKEN.encode() in sent_bytes(sent)
    assert TOKEN.encode() not in recorded_bytes(flow)


ORDINARY_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "PROPFIND", "MKCOL", "M-SEARCH",
                    "PURGE", "REPORT", "QUERY"]
ORDINARY_NAMES = ["authorization", "x-api-key", "x-goog-api-key", "api-key", "openai-organization",
                  "openai-project", "anthropic-version", "anthropic-beta", "x-stainless-retry-count",
                  "x-stainless-package-version", "x-amz-security-token", "x-amz-content-sha256", "cookie",
                  "x-csrf-token", "x-request-id", "traceparent", "x-datadog-trace-id", "x-github-api-version",
                  "x-password-hint", "x-secret-name", "sec-websocket-key", "idempotency-key", "x-ms-client-request-id"]


async def test_ordinary_methods_and_header_names_pass_unchanged(chain):
    tctx, _mode = chain
    for method in ORDINARY_METHODS:
        flow = request_flow(*OPENAI, chat_body("hello"), method=method,
                            headers=tuple((n.encode(), b"v") for n in ORDINARY_NAMES))
        upstream = Upstream()
        await exchange(tctx, flow, upstream)
        assert not flow.metadata.get("exitguard.findings"), method
        (sent,) = upstream.received
        assert sent.method == method and [n for n in sent.headers][1:-1] == ORDINARY_NAMES


async def test_a_held_request_shows_its_names_masked_and_gets_them_back_when_approved(tmp_path):
    # A value whose action is `approve` in the method, a header name or a header value: the live flow shows the
    # placeholder while the request waits; approved, the request leaves as it came (core/held.py kept only the
    # body and path: header values went out with the placeholder in them).
    policy = tmp_path / "policy.yaml"
    policy.write_text(POLICY.replace("request: {secret: mask, pii: mask}", "request: {secret: approve}"))
    runtime.install(runtime.build(str(policy), [str(RULES)], tmp_path / "fingerprint.key"))
    try:
        with taddons.context(HostPolicy(), Guard()) as tctx:
            flow = request_flow(*OPENAI, chat_body("hello"))
            flow.request.data.method = TOKEN.encode()
            flow.request.headers[f"x-{TOKEN}"] = "1"
            flow.request.headers["x-note"] = f"see {TOKEN}"
            original = flow.request.copy()
            await exchange(tctx, flow, Upstream())
            assert flow.metadata["exitguard.approval"]["state"] == "required"
            assert TOKEN.encode() not in sent_bytes(flow.request)
            held.restore(flow)
            assert sent_bytes(on_the_wire(flow)) == sent_bytes(original)  # approved: the wire copy (wire40)
            assert TOKEN.encode() not in sent_bytes(flow.request)  # the live flow stays masked
    finally:
        runtime.install(None)


def test_the_recording_masks_a_reason_phrase_the_upstream_chose(runtimes):
    flow = request_flow(*OPENAI, chat_body("hello"))
    flow.response = http.Response.make(200, b"{}", {"content-type": "application/json"})
    flow.response.reason = f"OK {TOKEN}"
    record = scrub.record_copy(flow, runtimes["enforce"])
    assert TOKEN not in record.response.reason and record.response.reason.startswith("OK [MASKED:test-api-token:")


@pytest.mark.parametrize("streamed", [False, True])
async def test_a_value_in_a_response_header_name_or_reason_phrase_never_reaches_the_client(runtimes, streamed):
    # A guarded host's answer: `200 OK <key>` (the reason phrase is text: masked in place) and `X-<key>: 1` (a
    # name cannot be masked: the answer stops, and a streamed one's headers leave without that header).
    runtime.install(runtimes["enforce"])
    try:
        with taddons.context(Streaming()) as tctx:
            for place in ("reason", "name"):
                flow = request_flow(*OPENAI, chat_body("hello"))
                flow.metadata[metakeys.HOST_CLASS] = "guarded"
                kind = "text/event-stream" if streamed else "application/json"
                flow.response = http.Response.make(200, b"{}", {"content-type": kind})
                if place == "reason":
                    flow.response.reason = f"OK {TOKEN}"
                else:
                    flow.response.headers[f"X-{TOKEN}"] = "1"
                await tctx.master.addons.handle_lifecycle(http_layer.HttpResponseHeadersHook(flow))
                if not streamed:
                    await tctx.master.addons.handle_lifecycle(http_layer.HttpResponseHook(flow))
                assert flow.metadata.get("exitguard.findings"), place
                assert TOKEN not in flow.response.reason and TOKEN.encode() not in bytes(flow.response.headers)
                if place == "reason":
                    assert flow.response.reason.startswith("OK [MASKED:test-api-token:")
                elif streamed:
                    assert flow.response.stream.stop_first[0] == "exitguard_blocked"
                else:
                    assert flow.response.status_code == 403
    finally:
        runtime.install(None)


async def test_ordinary_response_header_names_and_reasons_pass(runtimes):
    runtime.install(runtimes["enforce"])
    try:
        with taddons.context(Streaming()) as tctx:
            flow = request_flow(*OPENAI, chat_body("hello"))
            flow.metadata[metakeys.HOST_CLASS] = "guarded"
            flow.response = http.Response.make(200, b"{}", [(n.encode(), b"v") for n in [
                *ORDINARY_NAMES, "content-type", "x-ratelimit-remaining-tokens", "openai-processing-ms", "cf-ray",
                "set-cookie"]])
            flow.response.reason = "OK"
            before = bytes(flow.response.headers)
            for hook in (http_layer.HttpResponseHeadersHook, http_layer.HttpResponseHook):
                await tctx.master.addons.handle_lifecycle(hook(flow))
            assert not flow.metadata.get("exitguard.findings")
            assert bytes(flow.response.headers) == before and flow.response.status_code == 200
    finally:
        runtime.install(None)


async def test_names_found_clean_are_remembered_but_one_with_a_value_is_scanned_every_time(runtimes):
    # guard/request_parts.py keeps the methods, names and hosts it found clean (core/clean_tokens.py: a scan each
    # cost ~150 us per SDK request); one holding a value is never kept, and a reload (a new inspector) starts afresh.
    runtime.install(runtimes["enforce"])
    try:
        with taddons.context(HostPolicy(), Guard()) as tctx:
            for _ in range(3):
                flow = request_flow(*OPENAI, chat_body("hello"), headers=((f"x-{TOKEN}".encode(), b"1"),))
                upstream = Upstream()
                await exchange(tctx, flow, upstream)
                assert upstream.received == [] and flow.response is not None and flow.response.status_code == 403
        kept = clean_tokens.clean_set(runtimes["enforce"].inspector, "request", "guarded", None)
        assert "POST" in kept and not any(TOKEN in text for text in kept)
        assert "POST" not in clean_tokens.clean_set(runtimes["report"].inspector, "request", "guarded", ["team-a"])
    finally:
        runtime.install(None)


def test_a_reviewers_preview_reads_the_host_header_upper_cased_too(tmp_path):
    # The preview's URL goes by the Host header (pretty_url): a key written lower-case there is no value to the
    # engine, and reached the reviewers' webhook / Slack message when something else in the request was held.
    rt = runtime.build(None, [str(runtime.DEFAULT_RULES_DIR)], tmp_path / "fingerprint.key")
    key = fakes.aws_key_id()
    flow = request_flow("unlisted.example", "/x", chat_body("hi"), host_header=f"{key.lower()}.unlisted.example")
    preview = json.dumps(notify.request_preview(flow, rt.inspector, 1 << 20))
    assert key.lower() not in preview and "[MASKED:aws-access-key-id:" in preview


async def test_the_clean_name_memo_keeps_no_long_text(runtimes):
    # Attack14: the memo kept any clean name whatever its length, up to 4096 per scope and for the life of the
    # policy: unique 60 KB header names (an HTTP/1 head may be 64 KiB, an HTTP/2 header block more) filled ~250 MB
    # per scope that nothing gave back. Real methods, header and host names are short; a long one is scanned again.
    runtime.install(runtimes["enforce"])
    try:
        with taddons.context(HostPolicy(), Guard()) as tctx:
            for i in range(3):
                name = f"x-{i}-" + "a" * 60_000
                flow = request_flow(*OPENAI, chat_body("hello"), headers=((name.encode(), b"1"),))
                upstream = Upstream()
                await exchange(tctx, flow, upstream)
                assert len(upstream.received) == 1
        kept = clean_tokens.clean_set(runtimes["enforce"].inspector, "request", "guarded", None)
        assert "POST" in kept and max(map(len, kept)) <= clean_tokens.MAX_TEXT
    finally:
        runtime.install(None)
