"""Attack (attack3): a value known only by its key, under a key the location does not show. A key that is not
safe to show in a location (one with a dot or a space, `db.password`, `aws secret access key`, or longer than 32
characters, `my-service-database-password-for-prod`) becomes `$.{3}` / `form.{2}[0]`, and the context a value is
scanned after was read from the location: none. The password under it was found by nothing, sent, the body marked
clean and recorded raw. Now the key comes from the key field the codec puts just before the value
(`inspection.context_of`), in the guard, the recording's scrub and the reviewers' preview alike."""

from __future__ import annotations

import json
from urllib.parse import urlencode

import pytest
from mitmproxy.proxy.layers import http as http_layer
from mitmproxy.test import taddons

from addons.approval import notify
from addons.audit import scrub
from addons.core import metakeys, runtime
from addons.stream.streaming import Streaming
from tests.guard.support import (
    OPENAI,
    Upstream,
    exchange,
    guard_chain,
    json_response,
    request_flow,
    shipped_rules_runtime,
)

PASSWORD = "Tr0ub4dor-3xq9"  # nothing a form percent-encodes
KEYS = ["db.password", "spring.datasource.password", "my-service-database-password-for-prod",
        "aws secret access key", "p\u0430ssword"]  # the last with a Cyrillic a


@pytest.fixture(scope="module")
def shipped(tmp_path_factory) -> dict[str, runtime.Runtime]:
    """The test policy with the shipped rules (the generic password and secret rules that go by a key)."""
    folder = tmp_path_factory.mktemp("hidden-keys")
    return {mode: shipped_rules_runtime(folder, mode) for mode in ("enforce", "report")}


@pytest.fixture(params=["enforce", "report"])
def chain(request, shipped):
    with guard_chain(shipped[request.param]) as tctx:
        yield tctx, request.param


def bodies(key: str) -> list[tuple[bytes, bytes]]:
    return [(b"application/json", json.dumps({"config": {key: PASSWORD}, "note": "deploy"}).encode()),
            (b"application/x-www-form-urlencoded", urlencode({key: PASSWORD, "note": "deploy"}).encode())]


@pytest.mark.parametrize("key", KEYS)
async def test_a_password_under_a_key_the_location_hides_is_found_sent_masked_and_never_recorded(chain, key):
    tctx, mode = chain
    for content_type, body in bodies(key):
        upstream = Upstream()
        flow = request_flow(*OPENAI, body, headers=((b"content-type", content_type),))
        await exchange(tctx, flow, upstream)
        assert flow.metadata["exitguard.findings"], (key, content_type)
        (sent,) = upstream.received
        assert (PASSWORD.encode() in sent.raw_content) == (mode == "report")  # report-only: sent as it was
        record = scrub.record_copy(flow, runtime.get())
        assert PASSWORD.encode() not in record.request.raw_content
        assert b"MASKED" in record.request.raw_content  # percent-encoded in a form
        preview = notify.request_preview(flow, runtime.get().inspector, 1 << 20)
        assert PASSWORD not in json.dumps(preview)


@pytest.mark.parametrize("key", KEYS)
async def test_a_password_in_a_query_or_header_under_such_a_key_is_found_too(chain, key):
    tctx, mode = chain
    upstream = Upstream()
    flow = request_flow(OPENAI[0], OPENAI[1] + "?" + urlencode({key: PASSWORD}), json.dumps({"a": 1}).encode())
    if " " not in key and key.isascii():
        flow.request.headers[f"x-{key}"] = PASSWORD
    await exchange(tctx, flow, upstream)
    (sent,) = upstream.received
    assert (PASSWORD.encode() in sent.url.encode() + bytes(sent.headers)) == (mode == "report")
    record = scrub.record_copy(flow, runtime.get())
    assert PASSWORD not in record.request.url and PASSWORD.encode() not in bytes(record.request.headers)


async def test_a_password_in_a_response_header_is_read_under_its_name(shipped):
    # The response headers were scanned with no name at all: `X-Db-Password: ...` reached the client raw (the
    # record's scrub, which scans them under their name, masked it).
    runtime.install(shipped["enforce"])
    try:
        with taddons.context(Streaming()) as tctx:
            flow = request_flow(*OPENAI, json.dumps({"a": 1}).encode())
            flow.metadata[metakeys.HOST_CLASS] = "guarded"
            flow.response = json_response({"ok": True})
            flow.response.headers["x-db-password"] = PASSWORD
            flow.response.headers["x-my-service-database-password-for-prod"] = PASSWORD
            for hook in (http_layer.HttpResponseHeadersHook, http_layer.HttpResponseHook):
                await tctx.master.addons.handle_lifecycle(hook(flow))
            assert PASSWORD.encode() not in bytes(flow.response.headers)
            assert flow.response.headers["x-db-password"].startswith("[MASKED:")
    finally:
        runtime.install(None)


@pytest.mark.parametrize("key", KEYS)
async def test_a_password_in_a_multipart_part_named_so_is_found_too(chain, key):
    tctx, mode = chain
    body = (f'--b\r\nContent-Disposition: form-data; name="note"\r\n\r\ndeploy\r\n'
            f'--b\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{PASSWORD}\r\n--b--\r\n').encode()
    upstream = Upstream()
    flow = request_flow(*OPENAI, body, headers=((b"content-type", b"multipart/form-data; boundary=b"),))
    await exchange(tctx, flow, upstream)
    (sent,) = upstream.received
    assert (PASSWORD.encode() in sent.raw_content) == (mode == "report")
    assert PASSWORD.encode() not in scrub.record_copy(flow, runtime.get()).request.raw_content
