"""Shared by the Guard / HostPolicy unit tests: the test policy, made-up secrets, flow builders, and
`exchange`, which drives a flow through the addons in the order mitmproxy calls their hooks."""

from __future__ import annotations

import io
import json
import re
import textwrap
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from mitmproxy import http
from mitmproxy.proxy.layers import http as http_layer
from mitmproxy.proxy.mode_specs import ProxyMode
from mitmproxy.test import taddons, tflow, tutils

from addons.audit import scrub
from addons.core import runtime
from tests.flows import on_the_wire

RULES = Path(__file__).with_name("rules.yaml")

# Mirrors the default policy's actions (responses: secrets masked, PII allowed), with one rule blocked in requests,
# a deny list and a small body limit so the limit is cheap to cross.
MAX_BODY_BYTES = 4096
POLICY = textwrap.dedent(f"""\
    version: 1
    mode: enforce
    unlisted_hosts: pass
    max_body_bytes: {MAX_BODY_BYTES}
    unparseable: block
    guarded_hosts: [api.openai.com, api.anthropic.com]
    deny_hosts: [exfil.example.net, "*.paste.example.org"]
    actions:
      request: {{secret: mask, pii: mask}}
      response: {{secret: mask, pii: allow}}
    rules:
      test-root-key: {{request: block}}
    """)

# Made for these tests (tests/guard/rules.yaml); never credentials.
TOKEN = "egtok_" + "Q7w9E2r4T6y8U1i3O5p7A9s2"  # test-api-token: masked
ROOT_KEY = "egroot_" + "Z3x5C7v9B1n3M5k7J9h1G3f5"  # test-root-key: blocked in requests
SHORT_KEY = "egs_" + "Kq3Vt8Wz2N"  # test-short-key: masked
EMAIL = "dana.whitfield@northwind-traders.com"  # email-address: masked in requests, allowed in responses

OPENAI = ("api.openai.com", "/v1/chat/completions")
ANTHROPIC = ("api.anthropic.com", "/v1/messages")


def chat_body(text: str) -> bytes:
    return json.dumps({"model": "gpt-test", "temperature": 0.2,
                       "messages": [{"role": "system", "content": "be brief"},
                                    {"role": "user", "content": text}]}).encode()


def anthropic_body(text: str) -> bytes:
    return json.dumps({"model": "claude-test", "max_tokens": 64,
                       "messages": [{"role": "user", "content": text}]}).encode()


def request_flow(host: str, path: str, body: bytes = b"", method: str = "POST",
                 headers: tuple[tuple[bytes, bytes], ...] = ((b"content-type", b"application/json"),),
                 host_header: str | None = None) -> http.HTTPFlow:
    """A live HTTPS flow to `host` as the regular proxy mode sees it: the upstream address and SNI are the host,
    and the Host header names it too unless `host_header` says otherwise."""
    request = tutils.treq(host=host, port=443, scheme=b"https", method=method.encode(), path=path.encode(),
                          headers=http.Headers([(b"host", (host_header or host).encode()), *headers]),
                          content=b"")
    request.content = body  # sets content-length
    server = tflow.tserver_conn()
    server.address, server.sni = (host, 443), host
    client = tflow.tclient_conn()
    client.proxy_mode, client.sni, client.tls = ProxyMode.parse("regular"), host, True  # the CONNECT's TLS
    return tflow.tflow(req=request, server_conn=server, client_conn=client)


def connect_flow(host: str, port: int = 443) -> http.HTTPFlow:
    """The CONNECT request an explicit-proxy client sends before its TLS tunnel."""
    request = tutils.treq(host=host, port=port, scheme=b"", method=b"CONNECT", path=b"",
                          authority=f"{host}:{port}".encode(), headers=http.Headers(), content=b"")
    server = tflow.tserver_conn()
    server.address, server.sni = (host, port), None
    return tflow.tflow(req=request, server_conn=server)


def shipped_rules_runtime(folder: Path, mode: str | None = None) -> runtime.Runtime:
    """POLICY with the shipped rules instead of the test pack (its per-rule overrides, which name rules of the test
    pack, cut off)."""
    policy = folder / "policy.yaml"
    policy.write_text(POLICY.split("rules:\n")[0])
    return runtime.build(str(policy), [str(runtime.DEFAULT_RULES_DIR)], folder / "fingerprint.key", mode=mode)


@contextmanager
def guard_chain(rt: runtime.Runtime) -> Iterator[taddons.context]:
    """HostPolicy and Guard in a mitmproxy test context, with ``rt`` installed as the running configuration."""
    from addons.guard.guard import Guard
    from addons.guard.hostpolicy import HostPolicy

    runtime.install(rt)
    try:
        with taddons.context(HostPolicy(), Guard()) as tctx:
            yield tctx
    finally:
        runtime.install(None)


def json_response(payload: dict, status: int = 200) -> http.Response:
    return http.Response.make(status, json.dumps(payload).encode(), {"content-type": "application/json"})


@dataclass
class Upstream:
    """Stands in for the provider: answers every request it receives with `reply` and keeps a copy of each."""

    reply: http.Response = field(default_factory=lambda: json_response({"id": "chatcmpl-1", "choices": []}))
    received: list[http.Request] = field(default_factory=list)

    def __call__(self, request: http.Request) -> http.Response:
        self.received.append(request.copy())
        return self.reply.copy()


@dataclass
class Outcome:
    answered_in: str | None  # the hook after which an addon had answered the flow itself, or None (upstream did)


async def exchange(tctx: taddons.context, flow: http.HTTPFlow, upstream: Upstream) -> Outcome:
    """Run the request hooks on every addon of `tctx`, then ask `upstream` unless an addon answered, then the
    response hooks: the order of mitmproxy's HTTP layer (an addon's response also gets the response hooks)."""
    answered_in = None
    for hook in (http_layer.HttpRequestHeadersHook, http_layer.HttpRequestHook):
        await tctx.master.addons.handle_lifecycle(hook(flow))
        if flow.response is not None and answered_in is None:
            answered_in = hook.name
    if flow.response is None:
        flow.response = upstream(on_the_wire(flow))  # the guard's wire copy when it let a value through
    for hook in (http_layer.HttpResponseHeadersHook, http_layer.HttpResponseHook):
        await tctx.master.addons.handle_lifecycle(hook(flow))
    return Outcome(answered_in)


async def relayed_json(tctx: taddons.context, payload: dict) -> str:
    """``payload`` POSTed to OpenAI's chat endpoint through the addons of ``tctx``: the text the upstream received
    (an addon answering instead fails the unpacking)."""
    upstream = Upstream()
    await exchange(tctx, request_flow(*OPENAI, json.dumps(payload).encode()), upstream)
    (sent,) = upstream.received
    return sent.get_text()


async def posted_as(tctx: taddons.context, content_type: str, body: bytes) -> tuple[http.HTTPFlow, Upstream]:
    """``body`` POSTed to OpenAI's chat endpoint as ``content_type`` (no Content-Type header when it is empty) through
    the addons of ``tctx``: the flow, and the upstream with what it received."""
    upstream = Upstream()
    headers = ((b"content-type", content_type.encode()),) if content_type else ()
    flow = request_flow(*OPENAI, body, headers=headers)
    await exchange(tctx, flow, upstream)
    return flow, upstream


async def relayed_body(tctx: taddons.context, content_type: str, body: bytes) -> bytes:
    """``body`` posted as ``content_type`` (see ``posted_as``): the body the upstream received (an addon answering
    instead fails the unpacking)."""
    _, upstream = await posted_as(tctx, content_type, body)
    (sent,) = upstream.received
    return sent.raw_content or b""


async def assert_masked_in_place(tctx: taddons.context, content_type: str, template: str, written: str) -> None:
    """``template`` with its ``K`` written as ``written`` (``TOKEN`` behind some escape), posted as ``content_type``
    (a chat message when JSON) through the addons of ``tctx``: the upstream gets the template with the placeholder
    where ``K`` stood (its blanks too) and every other character as it was (JSON still valid), and the recording
    holds no 20 characters of the token's tail."""
    text = template.replace("K", written)
    body = chat_body(text) if content_type == "application/json" else text.encode()
    flow, upstream = await posted_as(tctx, content_type, body)
    (sent,) = upstream.received
    out = sent.raw_content.decode()
    if content_type == "application/json":
        out = json.loads(out)["messages"][1]["content"]
    assert re.sub(r"\[MASKED:test-api-token:[0-9a-f]+\]", "K", out) == template, out
    assert TOKEN[-20:].encode() not in recorded_request_body(flow)


def recorded_request_body(flow: http.HTTPFlow) -> bytes:
    """The request body a recording of ``flow`` keeps (the audit addon's scrubbed copy)."""
    return scrub.record_copy(flow, runtime.get()).request.raw_content or b""


async def relayed_with_header(tctx: taddons.context, name: str, value: str) -> http.Request:
    """A chat request to OpenAI carrying header ``name: value``, through the addons of ``tctx``: the request the
    upstream received (an addon answering instead fails the unpacking)."""
    flow = request_flow(*OPENAI, chat_body("hello"))
    flow.request.headers[name] = value
    upstream = Upstream()
    await exchange(tctx, flow, upstream)
    (sent,) = upstream.received
    return sent


def everything_recorded(flow: http.HTTPFlow) -> str:
    """The metadata, comment and both messages as one text: what a recording of the flow would hold."""
    parts = [json.dumps(flow.metadata), flow.comment, flow.request.url,
             flow.request.get_text(strict=False) or ""]
    if flow.response is not None:
        parts.append(flow.response.get_text(strict=False) or "")
    return "\n".join(parts)


def zip_of(members: list[tuple[str, bytes]]) -> bytes:
    """A deflated zip archive of (name, data) members, in order."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return out.getvalue()
