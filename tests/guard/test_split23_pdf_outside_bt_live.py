"""Live (split23): a PDF whose key is shown by text operators outside any `BT ... ET` block, split over two
operands (`[(AKIA...)-20(...)] TJ` with no `BT`), base64'd into an Anthropic document part and posted as a PDF body,
through a real mitmdump with the bundle and the shipped rules, httpx to a guarded host (routed to a local HTTPS
upstream). Before, both reached the upstream. Now 403 naming the rule; the upstream got neither, and no half of the
key (nor the base64 carrying the PDF) is in what the client got or any byte the proxy wrote (log, index, .mitm)."""

from __future__ import annotations

import base64
import json
import time

import pytest

from tests import fakes
from tests.guard.test_attack21_pdf_text_split import pdf
from tests.live import harness
from tests.live.harness import run_client

pytestmark = pytest.mark.live

AWS = fakes.aws_key_id(2326)
RAW = pdf(b"q /F1 12 Tf 72 712 Td [(aws key " + AWS[:9].encode() + b")-20(" + AWS[9:].encode() + b")] TJ Q", True)
PDF = base64.b64encode(RAW).decode()

CLIENT = """
import json, os, base64, httpx
out = {}
with httpx.Client(timeout=20) as client:
    source = {"type": "base64", "media_type": "application/pdf", "data": os.environ["PDF"]}
    body = {"model": "claude-test", "max_tokens": 8,
            "messages": [{"role": "user", "content": [{"type": "document", "source": source}]}]}
    r = client.post("https://api.anthropic.com/v1/messages", json=body, headers={"anthropic-version": "2023-06-01"})
    out["part"] = [r.status_code, r.text]
    r = client.post("https://api.openai.com/v1/files", content=base64.b64decode(os.environ["PDF"]),
                    headers={"content-type": "application/pdf"})
    out["body"] = [r.status_code, r.text]
print(json.dumps(out))
"""


def exposed(text: str) -> list[str]:
    return [h for h in (AWS[:9], AWS[9:]) if h in text] + (["pdf"] if PDF[40:200] in text else [])


def test_a_key_shown_outside_text_blocks_is_refused_and_never_recorded(tmp_path, upstream):
    proxy = harness.start_proxy(tmp_path, upstream, "--set", f"exitguard_record_dir={tmp_path / 'rec'}")
    try:
        out = run_client(CLIENT, proxy, PDF=PDF)
        for name in ("part", "body"):
            assert out[name][0] == 403 and "aws-access-key-id" in out[name][1], out
        assert upstream.received == []
        assert exposed(json.dumps(out)) == []
        time.sleep(0.5)
        assert proxy.stop() == 0
        written = harness.written(tmp_path / "rec")
        assert written
        assert exposed(written.decode("latin-1") + proxy.log) == []
    finally:
        proxy.stop()
