"""Attacks on what the guard marks clean (core/clean_bodies.py) and records without a second scan."""

from __future__ import annotations

import pytest

from addons.audit import scrub
from addons.core import runtime
from tests.guard.support import OPENAI, TOKEN, Upstream, exchange, request_flow

MULTIPART = ((b"content-type", b"multipart/form-data; boundary=XB"),)


def multipart(preamble: str = "", epilogue: str = "", disposition: str = 'form-data; name="a"') -> bytes:
    return (f"{preamble}\r\n--XB\r\nContent-Disposition: {disposition}\r\n\r\nhello\r\n--XB--\r\n{epilogue}").encode()


@pytest.mark.parametrize("body", [
    multipart(preamble=f"note {TOKEN}"),
    multipart(epilogue=f"note {TOKEN}"),
    multipart(disposition=f'form-data; name="a"; filename="{TOKEN}.txt"'),
    multipart(disposition=f'form-data; name="a"; x-note="{TOKEN}"'),
], ids=["preamble", "epilogue", "filename", "disposition-param"])
async def test_a_secret_outside_the_parts_of_a_multipart_body_is_not_sent_nor_recorded(chain, body):
    # The multipart codec listed only the parts' contents: the guard found nothing, marked the body clean, sent
    # the key upstream (a filename is stored by the server) and the record kept it.
    flow = request_flow(*OPENAI, body, headers=MULTIPART)
    upstream = Upstream()
    await exchange(chain, flow, upstream)
    sent = b"".join(r.raw_content or b"" for r in upstream.received)
    assert TOKEN.encode() not in sent
    record = scrub.record_copy(flow, runtime.get())
    assert TOKEN.encode() not in (record.request.raw_content or b"")
