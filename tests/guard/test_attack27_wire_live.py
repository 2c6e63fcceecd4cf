"""attack27, live: a gRPC body whose compressed frame inflates past the wire reader's bound, a key inside (it was
taken for 'not gRPC' and sent unread), through a real mitmdump with the bundle and a real client (httpx): refused,
nothing upstream, the key in no byte the proxy wrote (log, audit index, .mitm)."""

from __future__ import annotations

import pytest

from tests import fakes
from tests.guard.test_live_content import assert_nowhere, client
from tests.guard.test_live_content import recorded as recorded

pytestmark = pytest.mark.live

PAT = fakes.github_pat(71)


def test_a_key_in_a_compressed_grpc_frame_past_the_bound_is_refused_and_nowhere(recorded, upstream):
    proxy, rec_dir = recorded
    out = client(f"""
import gzip, httpx
message = b"\\x0a" + bytes([len({PAT!r})]) + {PAT!r}.encode() + b"\\x12\\x80\\x80\\x40" + b"z" * (1 << 20)
payload = gzip.compress(message, mtime=0)
frame = b"\\x01" + len(payload).to_bytes(4, "big") + payload
r = httpx.post("https://api.openai.com/google.ai.generativelanguage.v1.GenerativeService/GenerateContent",
               content=frame, headers={{"Content-Type": "application/grpc", "te": "trailers"}})
print(json.dumps({{"status": r.status_code, "body": r.text}}))
""", proxy)
    assert out["status"] == 403 and "exitguard_scan_incomplete" in out["body"], out
    assert PAT not in out["body"]
    assert upstream.received == []
    assert_nowhere(rec_dir, [PAT], 1)
    assert PAT not in proxy.log
