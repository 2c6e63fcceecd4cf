"""attack21 through the real proxy: an agent's WebSocket messages to a guarded host (wsproto client, TLS, CONNECT;
a wsproto upstream recording what it got). Before: a key in UTF-16 or gzip'd in a binary message, and a value known
only by its JSON key (`aws_secret_access_key`, `db_password`) or a card written as a JSON number, reached the
upstream; an empty message ended the connection. Checked: the upstream, the client, every byte of the record folder,
the proxy's log. Also: the same message compressed by the WebSocket's own permessage-deflate (mitmproxy inflates
it before the hook: held before and after)."""

from __future__ import annotations

import gzip
import json
import time
import zlib

import pytest
from wsproto.extensions import PerMessageDeflate

from tests import fakes
from tests.stream.test_live_blind_spots import record_bytes
from tests.stream.test_live_websocket import WSUpstream, client_roundtrip, recording_proxy

pytestmark = pytest.mark.live

PAT = fakes.github_pat(73)
AWS_SECRET = fakes.aws_secret(74)
PASSWORD = "Tr0ub4dor&3xyz"
CARD = "4111111111111111"
SECRETS = (PAT, AWS_SECRET, PASSWORD, CARD)


class DeflateUpstream(WSUpstream):
    """Accepts permessage-deflate when the client offers it."""

    def extensions(self) -> list:
        return [PerMessageDeflate()]


@pytest.fixture(scope="module")
def ws_recorded(tmp_path_factory, upstream_certs):
    with recording_proxy(tmp_path_factory.mktemp("ws21"), DeflateUpstream(*upstream_certs)) as recorded:
        yield recorded


def readable(data: str | bytes, secret: str) -> bool:
    """The secret as written, in UTF-16, or inflated."""
    raw = data.encode() if isinstance(data, str) else data
    texts = [raw, raw.replace(b"\x00", b"")]
    for wbits in (31, 15):
        try:
            texts.append(zlib.decompress(raw, wbits))
        except zlib.error:
            pass
    return any(secret.encode() in t for t in texts)


def test_an_agents_message_is_read_as_a_body_is_and_empty_messages_pass(ws_recorded):
    up, proxy, records = ws_recorded
    keyed = json.dumps({"type": "session.update", "aws_secret_access_key": AWS_SECRET,
                        "env": [{"name": "DB_PASSWORD", "value": PASSWORD}]})
    card = '{"type": "conversation.item.create", "card": ' + CARD + '}'
    after = json.dumps({"type": "response.create"})

    up.received.clear()
    replies = client_roundtrip(proxy, [keyed, "", card, after])
    assert len(up.received) == 4 and "closed" not in replies, (up.received, replies)  # the empty one too
    assert up.received[1] == "" and up.received[3] == after
    for got in (up.received[0], up.received[2]):
        assert "[MASKED:" in got and not any(readable(got, s) for s in SECRETS), got
        json.loads(got)

    up.received.clear()
    deflated = client_roundtrip(proxy, [keyed, f"use {PAT} now"], deflate=True)  # compressed by the WebSocket itself
    assert len(up.received) == 2 and not any(readable(m, s) for m in up.received for s in SECRETS), up.received
    assert deflated and not any(readable(r, s) for r in deflated for s in SECRETS)

    up.received.clear()  # gzip'd: cannot be rewritten, the connection ends
    replies = client_roundtrip(proxy, [gzip.compress(f"key {PAT}".encode(), mtime=0)])
    assert up.received == [] and replies == ["closed"], (up.received, replies)

    # UTF-16 bytes, in a binary message or read as characters in a text frame (`k\x00e\x00y\x00...`): masked in
    # place, the placeholder in UTF-16 too (the text after it stays aligned)
    utf16 = f"key {PAT} end".encode("utf-16-le")
    for data in (utf16, utf16.decode()):
        up.received.clear()
        client_roundtrip(proxy, [data])
        assert len(up.received) == 1 and not readable(up.received[0], PAT), up.received
        got = up.received[0] if isinstance(up.received[0], bytes) else up.received[0].encode()
        assert got.decode("utf-16-le", "replace").startswith("key [MASKED:github-pat-classic:"), got
        if isinstance(data, bytes):  # (a text frame that is no JSON is one held stream: its last word waits)
            assert got.endswith(" end".encode("utf-16-le")), got

    proxy.stop()  # the records of the WebSockets are written at their end; the log is complete once the proxy is gone
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and not any(f.suffix == ".mitm" and f.stat().st_size
                                                  for f in records.glob("*")):
        time.sleep(0.1)
    recorded = record_bytes(records)
    assert recorded and not any(readable(recorded, s) for s in SECRETS)
    assert not any(readable(proxy.log, s) for s in SECRETS)
