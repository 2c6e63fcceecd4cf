"""Live (split23): an AWS key glued into a msgpack string nested under 20 arrays and a CBOR one under 30, posted as
binary bodies through a real mitmdump with the bundle and the shipped rules (httpx to a guarded host, routed to a
local HTTPS upstream); and a PNG-like body with long runs of `\\x91` and `\\x81` amid seeded random bytes. Before, the
readings stopped at 16 levels without a word and the keys went out. Now both are refused (403) and the image goes
out byte for byte; no piece of the key in what the upstream or client got, or any byte the proxy wrote."""

from __future__ import annotations

import base64
import json
import random
import time

import pytest

from tests import fakes
from tests.live import harness
from tests.live.harness import run_client

pytestmark = pytest.mark.live

AWS = fakes.aws_key_id(2327).encode()
VALUE = AWS + b" " + b"y" * 63  # 84 bytes: the length byte is `T`, glued before the key
MSGPACK = b"\x91" * 19 + b"\x92\xd9\x54" + VALUE + b"\x41"
CBOR = b"\x81" * 29 + b"\x82\x78\x54" + VALUE + b"\x61x"
_rng = random.Random(23)
IMAGE = b"\x89PNG\r\n\x1a\n" + _rng.randbytes(500) + b"\x91" * 300 + _rng.randbytes(500) + b"\x81" * 300

CLIENT = """
import json, os, base64, httpx
out = {}
with httpx.Client(timeout=20) as client:
    for name, kind in (("msgpack", "application/msgpack"), ("cbor", "application/cbor"),
                       ("image", "application/octet-stream")):
        r = client.post("https://api.openai.com/v1/files", content=base64.b64decode(os.environ[name.upper()]),
                        headers={"content-type": kind})
        out[name] = [r.status_code, r.text]
print(json.dumps(out))
"""


def exposed(text: str) -> list[str]:
    return [h for h in (AWS[:10].decode(), AWS[10:].decode()) if h in text]


def test_keys_under_deep_arrays_are_refused_and_an_image_passes(tmp_path, upstream):
    proxy = harness.start_proxy(tmp_path, upstream, "--set", f"exitguard_record_dir={tmp_path / 'rec'}")
    try:
        env = {k.upper(): base64.b64encode(v).decode() for k, v in
               (("msgpack", MSGPACK), ("cbor", CBOR), ("image", IMAGE))}
        out = run_client(CLIENT, proxy, **env)
        assert out["msgpack"][0] == 403 and out["cbor"][0] == 403, out
        assert out["image"][0] == 200, out
        (sent,) = upstream.received
        assert sent.body == IMAGE
        assert exposed(json.dumps(out)) == []
        time.sleep(0.5)
        assert proxy.stop() == 0
        written = harness.written(tmp_path / "rec")
        assert written
        assert exposed(written.decode("latin-1") + proxy.log) == []
    finally:
        proxy.stop()
