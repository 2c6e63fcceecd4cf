"""Live (attack20): a key in a `tar` of `.env`, base64'd into a chat message, and a PDF holding one in a
document-style string, through a real mitmdump with the bundle and the shipped rules and httpx to a guarded host
(api.openai.com, routed to a local HTTPS upstream). Before, the run decoded to binary was skipped and the request
reached the upstream with the key. Checked: what the upstream received, what the client got, and every byte the
proxy wrote (log, index, .mitm): neither the key nor the run that carries it."""

from __future__ import annotations

import base64
import io
import json
import random
import tarfile
import time

import pytest

from tests import fakes
from tests.live import harness
from tests.live.harness import run_client

pytestmark = pytest.mark.live

AKID = fakes.aws_key_id(20)


def _tar() -> bytes:
    data = f"AWS_ACCESS_KEY_ID={AKID}\nREGION=eu-west-1\n".encode()
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w") as tar:
        info = tarfile.TarInfo(".env")
        info.size = len(data)
        info.mtime = 1700000000
        tar.addfile(info, io.BytesIO(data))
    return out.getvalue()


TAR = base64.b64encode(_tar()).decode()
PDF = base64.b64encode(b"%PDF-1.7\n" + random.Random(20).randbytes(3000) + f"\nBT (key {AKID}) Tj ET\n".encode()
                       + random.Random(21).randbytes(3000)).decode()

CLIENT = """
import json, os, httpx
out = {}
with httpx.Client(timeout=20) as client:
    for name in ("TAR", "PDF"):
        body = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "unpack this: " + os.environ[name]}]}
        sent = client.post("https://api.openai.com/v1/chat/completions", json=body)
        out[name] = [sent.status_code, sent.text]
print(json.dumps(out))
"""


def exposed(text: str) -> bool:
    return AKID in text or TAR[40:200] in text or PDF[4000:4200] in text


def test_a_key_in_base64_of_a_binary_file_reaches_neither_side_nor_any_record(tmp_path, upstream):
    proxy = harness.start_proxy(tmp_path, upstream, "--set", f"exitguard_record_dir={tmp_path / 'rec'}")
    try:
        assert exposed(TAR) and exposed(PDF)  # the check reads the carriers
        out = run_client(CLIENT, proxy, TAR=TAR, PDF=PDF)
        assert out["TAR"][0] == 403 and out["PDF"][0] == 403, out
        assert not [r for r in upstream.received if r.path.startswith("/v1/chat/completions")]
        assert not exposed(json.dumps(out)), out
        time.sleep(0.5)
        assert proxy.stop() == 0
        written = harness.written(tmp_path / "rec")
        assert written  # the refusals were recorded
        assert not exposed(written.decode("latin-1") + proxy.log)
    finally:
        proxy.stop()
