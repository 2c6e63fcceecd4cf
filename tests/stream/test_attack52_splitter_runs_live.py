"""Live (attack52): a key split by two NBSPs, NUL NUL, three U+FFFDs or a literal backslash-r in a chat request,
through a real mitmdump with the bundle and the shipped rules and httpx to a guarded host (routed to a local HTTPS
upstream). Before, each reached the upstream whole. Checked: what the upstream received, what the client got, and
every byte the proxy wrote (log, audit index, .mitm): neither piece of the key (unit:
test_attack52_splitter_runs.py)."""

from __future__ import annotations

import json
import time

import pytest

from tests import fakes
from tests.live import harness
from tests.live.harness import run_client

pytestmark = pytest.mark.live

AWS = fakes.aws_key_id(5252)
SPLITS = {"nbsp": "\u00a0\u00a0", "nul": "\x00\x00", "fffd": "\ufffd\ufffd\ufffd", "escaped-cr": "\\r"}
PIECES = (AWS[:10], AWS[10:])

CLIENT = """
import json, os, httpx
aws, splits = os.environ["AWS"], json.loads(os.environ["SPLITS"])
out = {}
with httpx.Client(timeout=20) as client:
    for name, split in splits.items():
        body = {"model": "gpt-4o", "messages": [{"role": "user", "content": f"key {aws[:10]}{split}{aws[10:]} ok"}]}
        r = client.post(f"https://api.openai.com/v1/chat/completions?case={name}", json=body)
        out[name] = [r.status_code, r.text]
print(json.dumps(out))
"""


def exposed(text: str) -> list[str]:
    return [p for p in PIECES if p.lower() in text.lower()]


def test_a_key_split_by_a_run_of_splitters_or_a_literal_backslash_r_reaches_no_side_nor_record(tmp_path, upstream):
    proxy = harness.start_proxy(tmp_path, upstream, "--set", f"exitguard_record_dir={tmp_path / 'rec'}")
    try:
        out = run_client(CLIENT, proxy, AWS=AWS, SPLITS=json.dumps(SPLITS))
        assert all(status == 200 for status, _ in out.values()), out
        chats = [r for r in upstream.received if r.path.startswith("/v1/chat/completions")]
        assert len(chats) == len(SPLITS)
        for r in chats:  # before: the content went up whole, both pieces
            content = json.loads(r.body)["messages"][0]["content"]
            assert content.startswith("key [MASKED:aws-access-key-id:") and content.endswith("] ok"), ascii(content)
        assert exposed(json.dumps([[r.path, r.header_list, r.body.decode("latin-1")] for r in upstream.received])) == []
        assert exposed(json.dumps(out)) == []
        time.sleep(0.5)
        assert proxy.stop() == 0
        written = harness.written(tmp_path / "rec")
        assert written
        assert exposed(written.decode("latin-1") + proxy.log) == []
    finally:
        proxy.stop()
