"""Attack (attack3): a body labelled with a charset that reads its bytes as other text. `text/plain;
charset=utf-16` over UTF-8 bytes decodes without error into CJK letters, so the guard scanned those, found
nothing, marked the body clean (core/clean_bodies.py) and sent it on; a server that ignores the label (a paste
kept as bytes, a JSON parser that reads UTF-8) got the key, and the record kept it raw. The same with EBCDIC
(cp037) and UTF-7, and UTF-16 text under a UTF-8 label. A charset Python knows but cannot decode text with
(base64, rot13) raised from the codec in the guard and again in the recording's scrub."""

from __future__ import annotations

import pytest

from addons.audit import scrub
from addons.core import runtime
from addons.formats import open_body
from tests.guard.support import OPENAI, TOKEN, Upstream, exchange, request_flow

LABELS = ["text/plain; charset=utf-16", "text/plain; charset=UTF-16LE", "text/plain; charset=utf-16be",
          "text/plain; charset=cp037", "application/x-yaml; charset=utf-7", "text/plain; charset=utf-32",
          "application/x-www-form-urlencoded; charset=utf-16", "text/plain; charset=base64",
          "text/plain; charset=rot13", "application/json; charset=utf-16"]


def body_for(label: str) -> bytes:
    body = (f'{{"note": "use {TOKEN} now"}}' if "json" in label else f"note=use {TOKEN} now").encode()
    return body + b" " * (-len(body) % 4)  # whole UTF-16 / UTF-32 units: the label decodes without an error


@pytest.mark.parametrize("label", LABELS)
async def test_a_key_under_a_charset_label_that_reads_it_otherwise_is_neither_sent_nor_recorded(chain, label):
    upstream = Upstream()
    flow = request_flow(*OPENAI, body_for(label), headers=((b"content-type", label.encode()),))
    await exchange(chain, flow, upstream)
    assert not any(TOKEN.encode() in r.raw_content for r in upstream.received)
    assert flow.response.status_code in (400, 403)  # blocked: it cannot be masked in the declared charset
    record = scrub.record_copy(flow, runtime.get())
    assert TOKEN.encode() not in record.request.raw_content


async def test_utf16_text_under_a_utf8_label_is_read_too(chain):
    upstream = Upstream()
    body = f"note: use {TOKEN} now".encode("utf-16-le")
    flow = request_flow(*OPENAI, body, headers=((b"content-type", b"text/plain; charset=utf-8"),))
    await exchange(chain, flow, upstream)
    assert not upstream.received and flow.response.status_code == 403
    record = scrub.record_copy(flow, runtime.get())
    assert TOKEN.encode("utf-16-le") not in record.request.raw_content


@pytest.mark.parametrize("charset", ["utf-16", "utf-16-le", "utf-8", "latin-1", "cp1252", "utf-32"])
async def test_text_in_the_charset_it_declares_is_still_masked_in_place(chain, charset):
    upstream = Upstream()
    body = f"note: use {TOKEN} now, café".encode(charset)
    flow = request_flow(*OPENAI, body, headers=((b"content-type", f"text/plain; charset={charset}".encode()),))
    await exchange(chain, flow, upstream)
    (sent,) = upstream.received
    text = sent.raw_content.decode(charset)
    assert text.startswith("note: use [MASKED:test-api-token:") and text.endswith(" now, café")


def test_a_plain_utf8_body_gets_no_second_reading():
    doc = open_body("application/json; charset=utf-8", b'{"a": "hello there, a long enough run"}')
    assert [f.kind for f in doc.fields] == ["text"]


@pytest.mark.parametrize("bom", [b"\xff\xfe", b"\xfe\xff"])
@pytest.mark.parametrize("label", ["", "text/plain", "application/octet-stream"])
async def test_ascii_after_a_utf16_bom_is_read_as_ascii_too(chain, bom, label):
    upstream = Upstream()
    body = bom + f"note: use {TOKEN} now!!".encode()
    headers = ((b"content-type", label.encode()),) if label else ()
    flow = request_flow(*OPENAI, body, headers=headers)
    await exchange(chain, flow, upstream)
    assert not upstream.received and flow.response.status_code == 403
    assert TOKEN.encode() not in scrub.record_copy(flow, runtime.get()).request.raw_content
