"""Live (attack21): a key split over two show-text operands of a PDF (`[(AKIA...)-20(...)] TJ`, FlateDecode), base64'd
into an Anthropic document part, and a key split over two parts of the request's headers (the same header twice; a
header's name and its value), through a real mitmdump with the bundle and the shipped rules and httpx to guarded hosts
(routed to a local HTTPS upstream). Before, each reached the upstream with both halves. Checked: what the upstream
received, what the client got, and every byte the proxy wrote (log, audit index, .mitm): neither half of the key, nor
the base64 carrying the PDF."""

from __future__ import annotations

import base64
import json
import time
import zlib

import pytest

from tests import fakes
from tests.live import harness
from tests.live.harness import run_client

pytestmark = pytest.mark.live

AWS = fakes.aws_key_id(2121)
CONTENT = b"BT /F1 12 Tf 72 712 Td [(aws key " + AWS[:9].encode() + b")-20(" + AWS[9:].encode() + b")] TJ ET"
STREAM = zlib.compress(CONTENT)
PDF = base64.b64encode(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n4 0 obj << /Filter /FlateDecode /Length "
                       + str(len(STREAM)).encode() + b" >>\nstream\n" + STREAM
                       + b"\nendstream\nendobj\n%%EOF\n").decode()
HALVES = (AWS[:9], AWS[9:], AWS[:10], AWS[10:])

CLIENT = """
import json, os, httpx
aws = os.environ["AWS"]
out = {}
with httpx.Client(timeout=20) as client:
    source = {"type": "base64", "media_type": "application/pdf", "data": os.environ["PDF"]}
    part = {"type": "document", "source": source}
    body = {"model": "claude-test", "max_tokens": 8, "messages": [{"role": "user", "content": [part]}]}
    r = client.post("https://api.anthropic.com/v1/messages", json=body, headers={"anthropic-version": "2023-06-01"})
    out["pdf"] = [r.status_code, r.text]
    twice = [("x-note", aws[:10]), ("x-note", aws[10:])]
    r = client.get("https://api.openai.com/v1/models", headers=twice)
    out["twice"] = [r.status_code, r.text]
    r = client.get("https://api.openai.com/v1/models", headers={"x-" + aws[:10].lower(): aws[10:]})
    out["name"] = [r.status_code, r.text]
print(json.dumps(out))
"""


def exposed(text: str) -> list[str]:
    return [h[:4] for h in HALVES if h.lower() in text.lower()] + (["pdf"] if PDF[40:200] in text else [])


def test_a_key_split_in_a_pdf_or_over_headers_reaches_neither_side_nor_any_record(tmp_path, upstream):
    proxy = harness.start_proxy(tmp_path, upstream, "--set", f"exitguard_record_dir={tmp_path / 'rec'}")
    try:
        assert AWS.encode() not in base64.b64decode(PDF) and exposed(PDF)  # the check reads the carrier
        out = run_client(CLIENT, proxy, PDF=PDF, AWS=AWS)
        assert out["pdf"][0] == 403 and "aws-access-key-id" in out["pdf"][1], out
        assert out["twice"][0] == 200, out
        assert out["name"][0] == 403 and "cannot be masked" in out["name"][1], out
        assert not [r for r in upstream.received if r.path.startswith("/v1/messages")]
        models = [r for r in upstream.received if r.path.startswith("/v1/models")]
        assert len(models) == 1  # the name-and-value request was refused
        notes = [v for k, v in models[0].header_list if k.lower() == "x-note"]
        assert len(notes) == 2 and all(n.startswith("[MASKED:aws-access-key-id:") for n in notes), notes
        assert exposed(json.dumps([[r.path, r.header_list, r.body.decode("latin-1")] for r in upstream.received])) == []
        assert exposed(json.dumps(out)) == []
        time.sleep(0.5)
        assert proxy.stop() == 0
        written = harness.written(tmp_path / "rec")
        assert written  # the three requests were recorded
        assert exposed(written.decode("latin-1") + proxy.log) == []
    finally:
        proxy.stop()
