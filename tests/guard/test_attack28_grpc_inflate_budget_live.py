"""attack28, live: an ordinary gzip'd gRPC message of 1.5 MB (a picture's bytes, which hardly compress) through a real
mitmdump with the bundle and the default policy, httpx to a guarded host: relayed byte for byte (it was refused 403
as a scan that did not finish: attack27's budget was 1 MiB a body whatever its size). The same message with a key in
it is still read to its end: refused, nothing upstream, the key in no byte the proxy wrote."""

from __future__ import annotations

import pytest

from tests import fakes
from tests.guard.test_live_content import assert_nowhere, client
from tests.guard.test_live_content import recorded as recorded

pytestmark = pytest.mark.live

PAT = fakes.github_pat(2828)

SEND = """
import gzip, random, httpx
picture = random.Random(2828).randbytes(1_500_000)
def varint(n):
    out = bytearray()
    while True:
        byte, n = n & 0x7F, n >> 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)
name = os.environ["NAME"].encode()
message = b"\\x0a" + varint(len(name)) + name + b"\\x12" + varint(len(picture)) + picture
payload = gzip.compress(message, mtime=0)
frame = b"\\x01" + len(payload).to_bytes(4, "big") + payload
r = httpx.post("https://api.openai.com/google.ai.generativelanguage.v1.GenerativeService/GenerateContent",
               content=frame, headers={"Content-Type": "application/grpc", "te": "trailers"}, timeout=60)
print(json.dumps({"status": r.status_code, "body": r.text[:2000], "sent": base64.b64encode(frame[:64]).decode(),
                  "size": len(frame)}))
"""


def test_a_large_compressed_grpc_message_is_relayed_and_a_key_in_one_still_found(recorded, upstream):
    proxy, rec_dir = recorded
    out = client(SEND, proxy, NAME="holiday.jpg")
    assert out["status"] == 200, out
    (sent,) = upstream.received
    assert len(sent.body) == out["size"] and sent.body.startswith(__import__("base64").b64decode(out["sent"]))
    upstream.received.clear()
    out = client(SEND, proxy, NAME=PAT)
    assert out["status"] == 403 and PAT not in out["body"], out
    assert upstream.received == []
    assert_nowhere(rec_dir, [PAT], 1)
    assert PAT not in proxy.log
