"""attack21 (open, pinned): a fixed-shape key split over two values of one request's headers: the same header twice
(`X-Note: AKIA2RG6KE` and `X-Note: VDCBKKK26K`: a server reads them combined, `AKIA2RG6KE, VDCBKKK26K`), or a
header's name and its value (`X-AKIA2RG6KE: VDCBKKK26K`). Each part is scanned alone; the joined view that puts a
key split over a body's values back together (guard/joined.py) does not read header parts, so both halves are sent.
What held (pinned too): a key in a cookie after a comma, without a blank, quoted, or as a cookie's name; in
Accept-Language, User-Agent, Referer and TE; in a content-type parameter (403)."""

from __future__ import annotations

import pytest

from addons.core import runtime
from tests import fakes
from tests.guard.support import OPENAI, Upstream, chat_body, exchange, guard_chain, request_flow, shipped_rules_runtime

PAT = fakes.github_pat(91)
AWS = fakes.aws_key_id(92)


@pytest.fixture(scope="module")
def shipped(tmp_path_factory) -> runtime.Runtime:
    return shipped_rules_runtime(tmp_path_factory.mktemp("attack21-headers"))


@pytest.fixture
def chain(shipped):
    with guard_chain(shipped) as tctx:
        yield tctx


async def sent_headers(chain, headers) -> str | None:
    flow = request_flow(*OPENAI, chat_body("hello"), headers=((b"content-type", b"application/json"), *headers))
    upstream = Upstream()
    await exchange(chain, flow, upstream)
    if not upstream.received:
        return None
    return "\n".join(f"{k}: {v}" for k, v in upstream.received[0].headers.items(multi=True))


def halves_sent(text: str | None) -> bool:
    return text is not None and AWS[:10].lower() in text.lower() and AWS[10:] in text


@pytest.mark.xfail(strict=True, reason="open: header parts are not joined (EVASION.md, attack21)")
@pytest.mark.parametrize("headers", [
    ((b"x-note", AWS[:10].encode()), (b"x-note", AWS[10:].encode())),
    ((b"x-" + AWS[:10].lower().encode(), AWS[10:].encode()),),
], ids=["same_header_twice", "name_and_value"])
async def test_a_key_split_over_two_header_parts_is_not_sent_whole(chain, headers):
    assert not halves_sent(await sent_headers(chain, headers))


@pytest.mark.parametrize("headers", [
    ((b"cookie", b"a=x," + PAT.encode() + b";b=y"),),
    ((b"cookie", b"a=1;" + PAT.encode() + b"=1"),),
    ((b"cookie", b'a="' + PAT.encode() + b'"'),),
    ((b"accept-language", PAT.encode()),),
    ((b"user-agent", b"curl/8 " + PAT.encode()),),
    ((b"referer", b"https://x.example/" + PAT.encode()),),
    ((b"te", b"trailers, " + PAT.encode()),),
], ids=["cookie_comma", "cookie_name", "cookie_quoted", "accept_language", "user_agent", "referer", "te"])
async def test_held_a_key_in_an_ordinary_header_is_masked(chain, headers):
    text = await sent_headers(chain, headers)
    assert text is not None and PAT not in text and "[MASKED:github-pat-classic:" in text


async def test_held_a_key_in_a_content_type_parameter_refuses_the_request(chain):
    headers = ((b"content-type", b"application/json; x=" + PAT.encode()),)
    flow = request_flow(*OPENAI, chat_body("hello"), headers=headers)
    upstream = Upstream()
    await exchange(chain, flow, upstream)
    assert not upstream.received and flow.response is not None and flow.response.status_code == 403
