"""Live (split23): a key split over two header values with other headers between (a known `Referer`, a value of
the agent's own with no key character at its edges), and over a name-value-name run of three, through a real
mitmdump with the bundle and the shipped rules and httpx to a guarded host (routed to a local HTTPS upstream).
Before, both (all three) pieces reached the upstream. Checked: what the upstream received, what the client got, and
every byte the proxy wrote (log, audit index, .mitm): no piece of the key."""

from __future__ import annotations

import json
import time

import pytest

from tests import fakes
from tests.live import harness
from tests.live.harness import run_client

pytestmark = pytest.mark.live

AWS = fakes.aws_key_id(2323)
PIECES = (AWS[:10], AWS[10:], AWS[6:13], AWS[13:])

CLIENT = """
import json, os, httpx
aws = os.environ["AWS"]
out = {}
with httpx.Client(timeout=20) as client:
    apart = [("x-a", aws[:10]), ("referer", "https://docs.example/"), ("x-c", "*/*"), ("x-b", aws[10:])]
    r = client.get("https://api.openai.com/v1/models", headers=apart)
    out["apart"] = [r.status_code, r.text]
    three = [("x-" + aws[:6].lower(), aws[6:13]), (aws[13:].lower(), "1")]
    r = client.get("https://api.openai.com/v1/models", headers=three)
    out["three"] = [r.status_code, r.text]
print(json.dumps(out))
"""


def exposed(text: str) -> list[str]:
    return [p for p in PIECES if p.lower() in text.lower()]


def test_a_key_split_over_headers_apart_or_in_three_reaches_neither_side_nor_any_record(tmp_path, upstream):
    proxy = harness.start_proxy(tmp_path, upstream, "--set", f"exitguard_record_dir={tmp_path / 'rec'}")
    try:
        out = run_client(CLIENT, proxy, AWS=AWS)
        assert out["apart"][0] == 200, out
        assert out["three"][0] == 403 and "cannot be masked" in out["three"][1], out
        (sent,) = [r for r in upstream.received if r.path.startswith("/v1/models")]
        masked = [v for k, v in sent.header_list if k.lower() in ("x-a", "x-b")]
        assert len(masked) == 2 and all(v.startswith("[MASKED:aws-access-key-id:") for v in masked), masked
        assert ("referer", "https://docs.example/") in [(k.lower(), v) for k, v in sent.header_list]
        assert exposed(json.dumps([[r.path, r.header_list] for r in upstream.received])) == []
        assert exposed(json.dumps(out)) == []
        time.sleep(0.5)
        assert proxy.stop() == 0
        written = harness.written(tmp_path / "rec")
        assert written
        assert exposed(written.decode("latin-1") + proxy.log) == []
    finally:
        proxy.stop()
