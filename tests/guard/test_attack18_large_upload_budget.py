"""attack18 (invariant 4): attack17 refuses a body whose encoded runs outrun the decoding budget (16 MiB of decoded
bytes) as an incomplete scan. A policy may allow bodies above that (`max_body_bytes: 33554432` for the PDFs and
images a model takes, up to 32 MB a request): a 24 MB base64 PDF decodes to 18 MB, and the whole upload was refused
(403 `exitguard_scan_incomplete`) though nothing was spent on purpose. The budget is now at least twice the body's
characters; runs read more often than that (glued stretches on purpose) are still refused."""

from __future__ import annotations

import base64
import json
import random

import pytest
from mitmproxy.test import taddons

from addons.core import runtime
from addons.formats import encoded
from addons.formats.model import Field
from addons.guard.guard import Guard
from addons.guard.hostpolicy import HostPolicy
from tests.guard.support import ANTHROPIC, MAX_BODY_BYTES, POLICY, Upstream, exchange, request_flow


@pytest.mark.slow  # 18 MB decoded, and read as a PDF: ~3 s of CPU
def test_a_large_upload_within_a_raised_body_limit_is_read_whole_not_cut():
    pdf = base64.b64encode(b"%PDF-1.7\n" + random.Random(0).randbytes(18 << 20)).decode()
    expansion = encoded.expand([Field("messages[0].content[1].source.data", pdf, "text")])
    assert not expansion.cut, expansion.skipped


@pytest.mark.slow  # megabytes of runs, ~0.9 s of CPU
def test_runs_read_more_than_twice_their_length_are_still_cut():
    # runs of 8 glued words of 120 characters, each run its own (a run that gave nothing is remembered): each
    # decodes to nothing whole and is read in up to 25 stretches, each as hex, base32 and base64
    text = " ".join("-".join(f"{i:012X}" + "ABCDEF234567" * 9 for _ in range(8)) for i in range(4000))
    expansion = encoded.expand([Field("messages[0].content", text, "text")])
    assert expansion.cut


@pytest.mark.slow  # a 25 MB body through the guard
async def test_a_large_pdf_to_a_model_under_a_raised_limit_is_sent(tmp_path):
    policy = tmp_path / "policy.yaml"
    policy.write_text(POLICY.split("rules:\n")[0].replace(f"max_body_bytes: {MAX_BODY_BYTES}",
                                                          "max_body_bytes: 33554432"))
    runtime.install(runtime.build(str(policy), [str(runtime.DEFAULT_RULES_DIR)], tmp_path / "fingerprint.key"))
    try:
        # Seeded: the base64 text of random bytes holds a fixed-shape key by chance in about one 7 MB file in eight
        # (test_chance_keys_in_blobs.py, open); this test is about the decoding budget, so it sends one without.
        pdf = base64.b64encode(b"%PDF-1.7\n" + random.Random(0).randbytes(18 << 20)).decode()
        body = json.dumps({"model": "claude-test", "max_tokens": 64, "messages": [{"role": "user", "content": [
            {"type": "document", "source": {"type": "base64", "media_type": "application/pdf", "data": pdf}},
            {"type": "text", "text": "summarise this"}]}]}).encode()
        with taddons.context(HostPolicy(), Guard()) as tctx:
            flow = request_flow(*ANTHROPIC, body)
            upstream = Upstream()
            await exchange(tctx, flow, upstream)
        (sent,) = upstream.received
        assert sent.content == body
    finally:
        runtime.install(None)
