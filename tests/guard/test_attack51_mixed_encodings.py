"""attack51: one body's encodings stacked or mislabelled, against a guarded host (shipped rules, default policy):
Content-Encoding given twice or as a list (`gzip, deflate`, `gzip, gzip`, two headers, `identity, gzip`), in
upper case or as `x-gzip`, gzip bytes undeclared or declared as zstd, a charset that lies (UTF-16 declared over
UTF-8 bytes, Latin-1 over UTF-16), UTF-7, UTF-16BE JSON without a BOM, UTF-32. Held (regression guards): each is
refused (400 / 403) or reaches the upstream with the key masked in every reading of its bytes. A body's invalid
UTF-8 between two pieces of a key is open (tests/stream/test_attack51_carriage_return_splits.py)."""

from __future__ import annotations

import gzip
import json
import zlib

import pytest
from mitmproxy.test import taddons

from addons.guard.guard import Guard
from addons.guard.hostpolicy import HostPolicy
from tests import fakes
from tests.guard.support import OPENAI, Upstream, exchange, request_flow
from tests.stream.test_attack_password_words import rt  # noqa: F401  (fixture)

AKID = fakes.aws_key_id(52)
CHAT = json.dumps({"model": "gpt-4o", "messages": [{"role": "user", "content": f"key {AKID} ok"}]}).encode()
TEXT = f"key {AKID} ok"
JSON_TYPE = (b"content-type", b"application/json")


def _overlong(text: str) -> bytes:
    return b"".join(bytes([0xC0 | ord(c) >> 6, 0x80 | ord(c) & 0x3F]) for c in text)


CASES = {
    "gzip, deflate": (zlib.compress(gzip.compress(CHAT)), [JSON_TYPE, (b"content-encoding", b"gzip, deflate")]),
    "gzip, gzip": (gzip.compress(gzip.compress(CHAT)), [JSON_TYPE, (b"content-encoding", b"gzip, gzip")]),
    "two gzip headers": (gzip.compress(gzip.compress(CHAT)),
                         [JSON_TYPE, (b"content-encoding", b"gzip"), (b"content-encoding", b"gzip")]),
    "identity, gzip": (gzip.compress(CHAT), [JSON_TYPE, (b"content-encoding", b"identity, gzip")]),
    "GZIP": (gzip.compress(CHAT), [JSON_TYPE, (b"content-encoding", b"GZIP")]),
    "x-gzip": (gzip.compress(CHAT), [JSON_TYPE, (b"content-encoding", b"x-gzip")]),
    "gzip undeclared": (gzip.compress(CHAT), [JSON_TYPE]),
    "zstd declared over gzip": (gzip.compress(TEXT.encode()),
                                [(b"content-type", b"text/plain"), (b"content-encoding", b"zstd")]),
    "utf-16 declared over utf-8": (TEXT.encode(), [(b"content-type", b"text/plain; charset=utf-16")]),
    "latin-1 declared over utf-16": (TEXT.encode("utf-16-le"), [(b"content-type", b"text/plain; charset=latin-1")]),
    "utf-7": (f"key +AEE-KIA{AKID[4:]} ok".encode(), [(b"content-type", b"text/plain; charset=utf-7")]),
    "utf-16be json, no BOM": (CHAT.decode().encode("utf-16-be"), [JSON_TYPE]),
    "utf-32": (TEXT.encode("utf-32"), [(b"content-type", b"text/plain")]),
    "over-long utf-8 key": (b"key " + _overlong(AKID) + b" ok", [(b"content-type", b"text/plain; charset=utf-8")]),
}


def _readings(raw: bytes) -> list[bytes]:
    out = [raw]
    for undo in (gzip.decompress, zlib.decompress):
        try:
            out.append(undo(raw))
        except (OSError, EOFError, zlib.error):  # not that encoding
            continue
    return out


@pytest.mark.parametrize("name", sorted(CASES))
async def test_a_body_whose_encodings_are_stacked_or_mislabelled_is_refused_or_masked(rt, name):  # noqa: F811
    body, headers = CASES[name]
    upstream = Upstream()
    flow = request_flow(*OPENAI, body, headers=tuple(headers))
    with taddons.context(HostPolicy(), Guard()) as tctx:
        await exchange(tctx, flow, upstream)
    if not upstream.received:
        assert flow.response is not None and flow.response.status_code in (400, 403), name
        assert AKID.encode() not in flow.response.content
        return
    (sent,) = upstream.received
    for reading in _readings(sent.raw_content or b""):
        for codec in ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le"):
            assert AKID[4:].encode(codec) not in reading, (name, codec)
