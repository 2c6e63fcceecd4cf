"""attack23: a body labelled with a charset that reads printable ASCII as ASCII, but can take an ASCII byte into
another character. Under `charset=shift_jis` (cp932, GBK, GB18030, Big5, UHC) a lead byte before the key
(`\\x81egtok_...`) makes its first letter half of a two-byte character; under `iso-2022-jp` an escape (`ESC $ B`)
turns the key into kanji. The guard read the label's text, found no key, marked the body clean and sent it; a reader
that ignores the label (a JSON parser reading UTF-8, a file kept as bytes) got the key, and the record kept it.
The same under a form body (`%81` before the key), a multipart part's own label, and UTF-16 of the other byte order
than the label says (a BOM that disagrees, or big-endian bytes under a bare `utf-16` label)."""

from __future__ import annotations

import json

import pytest

from addons.audit import scrub
from addons.core import runtime
from addons.formats import open_body
from tests.guard.support import OPENAI, TOKEN, Upstream, exchange, guard_chain, request_flow, shipped_rules_runtime

KEY = TOKEN.encode()
LEADS = {"shift_jis": b"\x81", "cp932": b"\x81", "gbk": b"\x81", "gb18030": b"\x81", "big5": b"\xa4",
         "cp949": b"\x81"}
BOUNDARY = b"b23"


def multipart(part_headers: bytes, content: bytes) -> bytes:
    return (b"--" + BOUNDARY + b"\r\nContent-Disposition: form-data; name=\"note\"\r\n" + part_headers
            + b"\r\n\r\n" + content + b"\r\n--" + BOUNDARY + b"--\r\n")


ATTACKS = {
    **{f"text {cs}": (f"text/plain; charset={cs}", b"note: x" + lead + KEY + b" end") for cs, lead in LEADS.items()},
    **{f"json {cs}": (f"application/json; charset={cs}", b'{"note": "x' + lead + KEY + b'"}')
       for cs, lead in LEADS.items()},
    "form, lead byte percent-encoded": ("application/x-www-form-urlencoded; charset=shift_jis",
                                        b"note=%81" + KEY + b"&a=1"),
    "form, lead byte raw": ("application/x-www-form-urlencoded; charset=gbk", b"note=\x81" + KEY + b"&a=1"),
    "multipart part label": (f"multipart/form-data; boundary={BOUNDARY.decode()}",
                             multipart(b"Content-Type: text/plain; charset=shift_jis", b"x\x81" + KEY)),
    "utf-16be label, little-endian BOM": ("text/plain; charset=utf-16be",
                                         b"\xff\xfe" + f"note {TOKEN} end".encode("utf-16-le")),
    "utf-16le label, big-endian BOM": ("text/plain; charset=utf-16le",
                                      b"\xfe\xff" + f"note {TOKEN} end".encode("utf-16-be")),
    "bare utf-16 label, big-endian without BOM": ("text/plain; charset=utf-16",
                                                 f"note {TOKEN} end".encode("utf-16-be")),
}


@pytest.mark.parametrize("label", sorted(ATTACKS))
async def test_a_key_the_label_hides_in_another_character_is_neither_sent_nor_recorded(chain, label):
    content_type, body = ATTACKS[label]
    wide = "utf-16" in content_type
    upstream = Upstream()
    flow = request_flow(*OPENAI, body, headers=((b"content-type", content_type.encode()),))
    await exchange(chain, flow, upstream)
    spellings = [TOKEN.encode("utf-16-le"), TOKEN.encode("utf-16-be")] if wide else [KEY]
    assert not upstream.received and flow.response.status_code in (400, 403)  # 400: pairs that map to nothing
    record = scrub.record_copy(flow, runtime.get()).request.raw_content or b""
    assert not any(s in record for s in spellings)
    if flow.response.status_code == 403:  # blocked, not unparseable: the live flow keeps no raw value either
        assert not any(s in (flow.request.raw_content or b"") for s in spellings)


JAPANESE = "日本語のメモ: 鍵は {key} です。会議は明日、東京で。"


@pytest.mark.parametrize("charset", ["shift_jis", "cp932", "euc-jp", "iso-2022-jp"])
async def test_japanese_text_with_a_key_written_plainly_is_masked_in_its_charset(chain, charset):
    upstream = Upstream()
    body = JAPANESE.format(key=TOKEN).encode(charset)
    flow = request_flow(*OPENAI, body, headers=((b"content-type", f"text/plain; charset={charset}".encode()),))
    await exchange(chain, flow, upstream)
    (sent,) = upstream.received
    text = sent.raw_content.decode(charset)
    assert TOKEN not in text and "[MASKED:test-api-token:" in text and text.endswith("会議は明日、東京で。")


@pytest.mark.parametrize("charset", ["shift_jis", "cp932", "gbk", "gb18030", "big5", "cp949", "iso-2022-jp",
                                     "utf-16", "utf-16-be"])
async def test_text_in_these_charsets_without_a_key_goes_unchanged(chain, charset):
    text = "日本語のメモ: 会議は明日 10:30、東京で。資料 {\"id\": 42} を確認。" if charset not in (
        "gbk", "gb18030", "big5", "cp949") else {"cp949": "회의는 내일 10:30 서울에서. 자료 {\"id\": 42} 확인.",
                                                  "big5": "會議在明天 10:30 台北。資料 {\"id\": 42} 確認。"}.get(
        charset, "会议在明天 10:30 北京。资料 {\"id\": 42} 确认。")
    body = text.encode(charset)
    upstream = Upstream()
    flow = request_flow(*OPENAI, body, headers=((b"content-type", f"text/plain; charset={charset}".encode()),))
    await exchange(chain, flow, upstream)
    (sent,) = upstream.received
    assert sent.raw_content == body


def test_a_utf8_json_body_gets_no_hidden_reading():
    doc = open_body("application/json; charset=utf-8", json.dumps({"a": "x\u3042 " + TOKEN}).encode())
    assert [f.kind for f in doc.fields] == ["text"]


async def test_an_aws_key_written_as_iso_2022_jp_kanji_is_not_sent(tmp_path):
    """Every pair of `AKIA2HLYOSBOHAGKTYZU` is a JIS X 0208 character: the label decodes it without an error."""
    key = b"AKIA2HLYOSBOHAGKTYZU"
    body = b"note: \x1b$B" + key + b"\x1b(B end"
    assert key.decode("ascii") not in body.decode("iso-2022-jp")
    with guard_chain(shipped_rules_runtime(tmp_path)) as tctx:
        upstream = Upstream()
        flow = request_flow(*OPENAI, body, headers=((b"content-type", b"text/plain; charset=iso-2022-jp"),))
        await exchange(tctx, flow, upstream)
        assert not upstream.received and flow.response.status_code == 403
        assert key not in (scrub.record_copy(flow, runtime.get()).request.raw_content or b"")
