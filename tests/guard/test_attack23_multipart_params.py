"""attack23: what a reader of a multipart part's header block makes of it, not the bytes as written.
- RFC 2231 continuations (`filename*0="egtok_Q7w9"; filename*1="E2r4..."`, also `filename*0*=UTF-8''...`): Go's
  `mime.ParseMediaType`, Python's `email` and Java's mail parsers join them; the guard scanned the block as written.
- RFC 2047 encoded words in a file name (`=?UTF-8?Q?=65=67...?=`), which Java's upload parsers decode.
- Content-Transfer-Encoding given twice (`7bit`, then `quoted-printable`), or folded onto its next line: the guard
  took the first or read none and scanned the quoted-printable text as written; a reader that takes the last or
  unfolds decodes the key. Content-Type given twice alike.
Each was sent and recorded with the key."""

from __future__ import annotations

import binascii

import pytest

from addons.audit import scrub
from addons.core import runtime
from tests.guard.support import OPENAI, TOKEN, Upstream, exchange, request_flow

KEY = TOKEN.encode()
BOUNDARY = "b23x"
QP_KEY = b"".join(b"=%02X" % c for c in KEY)  # every byte quoted-printable


def body(part_headers: bytes, content: bytes = b"hello") -> bytes:
    return (f"--{BOUNDARY}\r\n".encode() + part_headers + b"\r\n\r\n" + content
            + f"\r\n--{BOUNDARY}--\r\n".encode())


def send(raw: bytes):
    upstream = Upstream()
    content_type = f"multipart/form-data; boundary={BOUNDARY}".encode()
    flow = request_flow(*OPENAI, raw, headers=((b"content-type", content_type),))
    return flow, upstream


REFUSED = {
    "filename continuation": body(b'Content-Disposition: form-data; name="f"; filename*0="' + KEY[:10]
                                  + b'"; filename*1="' + KEY[10:] + b'.txt"'),
    "filename continuation, encoded": body(b"Content-Disposition: form-data; name=\"f\"; filename*0*=UTF-8''"
                                           + KEY[:10] + b"; filename*1*=" + KEY[10:]),
    "name continuation": body(b'Content-Disposition: form-data; name*0="' + KEY[:12] + b'"; name*1="' + KEY[12:]
                              + b'"'),
    "encoded word": body(b'Content-Disposition: form-data; name="f"; filename="=?UTF-8?Q?' + QP_KEY + b'?="'),
    "transfer encoding twice": body(b'Content-Disposition: form-data; name="f"\r\nContent-Transfer-Encoding: 7bit'
                                    b"\r\nContent-Transfer-Encoding: quoted-printable", QP_KEY),
    "content type twice": body(b'Content-Disposition: form-data; name="f"\r\nContent-Type: text/plain\r\n'
                               b"Content-Type: text/plain; charset=utf-16", KEY + b"  "),
}


@pytest.mark.parametrize("label", sorted(REFUSED))
async def test_a_key_a_reader_of_the_part_headers_puts_together_is_neither_sent_nor_recorded(chain, label):
    flow, upstream = send(REFUSED[label])
    await exchange(chain, flow, upstream)
    assert not upstream.received and flow.response.status_code in (400, 403)
    record = scrub.record_copy(flow, runtime.get()).request.raw_content or b""
    assert KEY not in record and QP_KEY not in record
    assert KEY[10:] not in record  # nor a piece of it


async def test_a_folded_transfer_encoding_is_unfolded_and_the_part_masked_in_it(chain):
    flow, upstream = send(body(b'Content-Disposition: form-data; name="f"\r\nContent-Transfer-Encoding:\r\n'
                               b" quoted-printable", QP_KEY))
    await exchange(chain, flow, upstream)
    (sent,) = upstream.received
    part = sent.raw_content.split(b"\r\n\r\n", 1)[1].rsplit(b"\r\n--", 1)[0]
    decoded = binascii.a2b_qp(part)
    assert KEY not in decoded and decoded.startswith(b"[MASKED:test-api-token:")
    assert QP_KEY not in (scrub.record_copy(flow, runtime.get()).request.raw_content or b"")


UNCHANGED = {
    "an SDK's file upload": (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n"
                             f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"batch.jsonl\""
                             f"\r\nContent-Type: application/jsonl\r\n\r\n"
                             '{"custom_id": "r1", "method": "POST", "url": "/v1/chat/completions", '
                             '"body": {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}]}}\n'
                             f"\r\n--{BOUNDARY}--\r\n").encode(),
    "a continued file name": body(b'Content-Disposition: form-data; name="f"; filename*0="quarterly-report"; '
                                  b'filename*1="-2024.txt"'),
    "an encoded file name": body(b"Content-Disposition: form-data; name=\"f\"; "
                                 b"filename*=UTF-8''na%C3%AFve%20notes.txt"),
    "an encoded word": body(b'Content-Disposition: form-data; name="f"; filename="=?UTF-8?Q?caf=C3=A9_menu?=.txt"'),
}


@pytest.mark.parametrize("label", sorted(UNCHANGED))
async def test_parts_without_a_key_go_unchanged(chain, label):
    flow, upstream = send(UNCHANGED[label])
    await exchange(chain, flow, upstream)
    (sent,) = upstream.received
    assert sent.raw_content == UNCHANGED[label]


async def test_a_boundary_given_also_in_rfc_2231_spelling_is_ambiguous(chain):
    """`boundary=b23x; boundary*=UTF-8''other`: Python's `email` takes the starred one. Split at `--other`, the
    text the guard read as a plain part is a part of its own whose quoted-printable content is the key."""
    inner = (b"--other\r\nContent-Disposition: form-data; name=\"g\"\r\nContent-Transfer-Encoding: quoted-printable"
             b"\r\n\r\n" + QP_KEY + b"\r\n--other--\r\n")
    raw = body(b'Content-Disposition: form-data; name="f"', b"see below\r\n" + inner)
    upstream = Upstream()
    for content_type in (f"multipart/form-data; boundary={BOUNDARY}; boundary*=UTF-8''other",
                         f"multipart/form-data; boundary*=UTF-8''other; boundary={BOUNDARY}"):
        flow = request_flow(*OPENAI, raw, headers=((b"content-type", content_type.encode()),))
        await exchange(chain, flow, upstream)
        assert flow.response.status_code == 400 and b"ambiguous" in flow.response.raw_content
    assert not upstream.received
