"""attack64: wire63's new body readers, attacked for keys they still missed (in-process, HostPolicy and Guard with the
test rules). Each case here went out marked clean on main at 0175c94 (the fix's commit says so):

- a key split over two compressed streams written one after another (`gz("token: egtok_Q7w9") + gz("E2r4...")`):
  `gunzip`, `zstd -d` and `bunzip2` write them as one text, the guard read each member as a part of its own;
- a key split over two runs of an office document with something between them that the document does not show and
  the shown-text reading kept or mangled: a CDATA section holding one piece, a tracked deletion (`w:delText`), a
  field's instructions (`w:instrText`), an xlsx phonetic guide (`rPh`), an XML comment or processing instruction
  holding `>`, an attribute value holding `>` (all valid XML: python-docx, openpyxl and Word read the key whole);
- an event stream sent as a body whose first line starts with a BOM (the SSE parser drops it; the reader took
  `\\ufeffdata` for another field and left the first data line out of its joins).

Open (strict xfail, EVASION "Session 39: wire63's readers attacked (attack64)"): a key in a stream after
`MAX_PARTS` tiny ones: said skipped, and a skipped part does not refuse a body (`binary_bodies: pass`)."""

from __future__ import annotations

import base64
import bz2
import gzip
import lzma

import pytest
import zstandard

from tests.guard.support import OPENAI, TOKEN, Upstream, chat_body, exchange, posted_as, request_flow, zip_of
from tests.guard.test_wire63_containers import docx

HEAD, TAIL = TOKEN[:12], TOKEN[12:]
A, B = f"token: {HEAD}".encode(), f"{TAIL} ok\n".encode()


def gz(data: bytes) -> bytes:
    return gzip.compress(data, mtime=0)


def zs(data: bytes) -> bytes:
    return zstandard.ZstdCompressor().compress(data)


def paragraph(between: str) -> bytes:
    return docx(f'<w:p><w:r><w:t>{HEAD}</w:t></w:r>{between}<w:r><w:t>{TAIL}</w:t></w:r></w:p>')


SPLIT_STREAMS = {
    "gzip": gz(A) + gz(B),
    "gzip, an empty member between": gz(A) + gz(b"") + gz(B),
    "gzip, three pieces": gz(A[:-4]) + gz(A[-4:]) + gz(B),
    "zstd": zs(A) + zs(B),
    "bzip2": bz2.compress(A) + bz2.compress(B),
    "xz": lzma.compress(A) + lzma.compress(B),
    "gzip then zstd": gz(A) + zs(B),
}

SPLIT_RUNS = {
    "a CDATA piece": docx(f'<w:p><w:r><w:t><![CDATA[{HEAD}]]></w:t></w:r><w:r><w:t>{TAIL}</w:t></w:r></w:p>'),
    "a tracked deletion": paragraph('<w:del w:id="1"><w:r><w:delText>zz</w:delText></w:r></w:del>'),
    "a field's instructions": paragraph('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> QUOTE x '
                                        '</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'),
    "a comment with >": paragraph("<!-- a > b -->"),
    "a processing instruction with >": paragraph("<?x a>b?>"),
    "an attribute with >": docx(f'<w:p><w:r><w:t>{HEAD}</w:t></w:r><w:r w:rsidR="a>b"><w:t>{TAIL}</w:t></w:r></w:p>'),
    "xlsx: a phonetic guide": zip_of([("xl/sharedStrings.xml", f'<sst><si><r><t>{HEAD}</t></r><rPh sb="0" eb="1"><t>zz'
                                                             f'</t></rPh><r><t>{TAIL}</t></r></si></sst>'.encode())]),
}


async def _refused(chain, flow) -> None:
    upstream = Upstream()
    await exchange(chain, flow, upstream)
    assert upstream.received == [] and flow.response is not None and flow.response.status_code == 403


def _upload(body: bytes):
    return request_flow(*OPENAI, body, headers=((b"content-type", b"application/octet-stream"),))


@pytest.mark.parametrize("name", sorted(SPLIT_STREAMS))
async def test_a_key_split_over_two_concatenated_streams_refuses_the_upload(chain, name):
    await _refused(chain, _upload(SPLIT_STREAMS[name]))


@pytest.mark.parametrize("name", ["zstd", "bzip2", "gzip then zstd"])
async def test_a_key_split_over_two_concatenated_streams_base64d_refuses_the_message(chain, name):
    await _refused(chain, request_flow(*OPENAI, chat_body("unpack: " + base64.b64encode(SPLIT_STREAMS[name]).decode())))


@pytest.mark.parametrize("name", sorted(SPLIT_RUNS))
async def test_a_key_split_around_text_a_document_does_not_show_refuses_it(chain, name):
    await _refused(chain, _upload(SPLIT_RUNS[name]))


@pytest.mark.parametrize("name", sorted(SPLIT_RUNS))
async def test_the_same_documents_base64d_refuse_the_message(chain, name):
    await _refused(chain, request_flow(*OPENAI, chat_body("read: " + base64.b64encode(SPLIT_RUNS[name]).decode())))


async def test_an_event_stream_body_opening_with_a_bom_is_joined_from_its_first_line(chain):
    body = f"\ufeffdata: {HEAD}\ndata: {TAIL}\n\n".encode()
    flow, upstream = await posted_as(chain, "text/event-stream", body)
    assert upstream.received == [] and flow.response is not None and flow.response.status_code == 403


async def test_clean_bodies_of_the_same_shapes_go_as_they_are(chain):
    """No key: the joins find nothing a rule reads (a member's words glued to the next member's are no key)."""
    clean = [gz(b"notes: alpha") + gz(b"beta gamma\n"), zs(b"x" * 40) + zs(b"y" * 40),
             docx('<w:p><w:r><w:t><![CDATA[a < b]]></w:t></w:r><!-- c > d --><w:r w:x="e>f"><w:t>ok</w:t></w:r>'
                  '<w:del><w:r><w:delText>gone</w:delText></w:r></w:del></w:p>')]
    for body in clean:
        upstream = Upstream()
        await exchange(chain, _upload(body), upstream)
        assert [r.raw_content for r in upstream.received] == [body]
    body = b"\xef\xbb\xbfdata: hello\ndata: world\n\n"
    _, upstream = await posted_as(chain, "text/event-stream", body)
    assert [r.raw_content for r in upstream.received] == [body]


@pytest.mark.xfail(strict=True, reason="attack64, open: a stream after MAX_PARTS (256) tiny ones is said skipped, not "
                                       "read, and a skipped part does not refuse a body (binary_bodies: pass); EVASION")
@pytest.mark.parametrize("carried", ["upload", "base64"])
async def test_a_key_after_the_part_bound_of_tiny_members_refuses_the_body(chain, carried):
    body = gz(b"x") * 300 + gz(A + B)
    flow = _upload(body) if carried == "upload" else request_flow(
        *OPENAI, chat_body("unpack: " + base64.b64encode(body).decode()))
    await _refused(chain, flow)


@pytest.mark.xfail(strict=True, reason="attack64, open: a run of hidden text (`w:vanish`) between two pieces of a key "
                                       "stays in the shown text (Word hides it, python-docx reads it); EVASION")
async def test_a_key_split_around_hidden_text_refuses_it(chain):
    hidden = '<w:r><w:rPr><w:vanish/></w:rPr><w:t>zz</w:t></w:r>'
    await _refused(chain, _upload(paragraph(hidden)))


def _unlisted(method: int) -> bytes:
    """README listed; `.env` (the key) written with `method` before the directory, which lists README alone."""
    import io
    import struct
    import zipfile

    def archive(members):
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", method) as written:
            for name, data in members:
                written.writestr(name, data)
        return out.getvalue()

    both, alone = archive([("README", b"notes"), (".env", A + B)]), archive([("README", b"notes")])
    hidden = both[both.find(b"PK\x03\x04", 4):both.find(b"PK\x01\x02")]
    directory = alone.find(b"PK\x01\x02")
    body = alone[:directory] + hidden + alone[directory:]
    end = body.rfind(b"PK\x05\x06")
    return body[:end + 16] + struct.pack("<I", directory + len(hidden)) + body[end + 20:]


async def test_a_key_in_an_unlisted_bzip2_zip_member_refuses_it(chain):
    """attack64: only stored and deflated unlisted members were read; a bzip2 one (libarchive reads it) went unread,
    not even said skipped."""
    await _refused(chain, _upload(_unlisted(12)))


def test_an_unlisted_member_in_a_method_not_read_is_said_skipped():
    from addons.formats.compressed import inner_fields

    fields, skipped = inner_fields(_unlisted(14))  # LZMA
    assert not any(TOKEN in f.text for f in fields) and any("method 14" in reason for reason in skipped)
