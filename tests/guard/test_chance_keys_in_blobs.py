"""Open (found in session 14's CI, also on 54ead79): the base64 text of a large binary blob (a PDF or image a model
takes) is scanned as text as well as decoded, and in random base64 a fixed-shape rule whose pattern uses only
base64's alphabet and starts with a short literal (`cio...` crates.io, `EAA...` Facebook) matches by chance: about
one random 7 MB file in eight (seeds 0-7 here: seed 5, facebook-access-token; at 18 MB seeds 1 and 5 of 0-5). The
match is masked by its placeholder, so the file the provider gets is corrupted (invariant 4). Not fixed yet: the
raw text must still be read (an agent can write a key into the run as text), so the fix is to judge such a match by
its chance in a run that decodes to binary, not to stop reading it. EVASION.md "What stays open". Strict xfail:
this fails once the defect is fixed, so the test and the row get updated."""

from __future__ import annotations

import base64
import json
import random

import pytest

from addons.core import runtime
from tests.guard.support import ANTHROPIC, MAX_BODY_BYTES, POLICY, Upstream, exchange, guard_chain, request_flow


@pytest.mark.slow  # a 9 MB body through the guard
@pytest.mark.xfail(strict=True, raises=AssertionError,
                   reason="open: a fixed-shape key matched by chance in a large base64 blob is masked")
async def test_a_random_pdf_whose_base64_happens_to_hold_a_key_shape_is_sent_unchanged(tmp_path):
    policy = tmp_path / "policy.yaml"  # the test policy with the default body limit and the shipped rules
    policy.write_text(POLICY.split("rules:\n")[0].replace(f"max_body_bytes: {MAX_BODY_BYTES}",
                                                          "max_body_bytes: 10485760"))
    rt = runtime.build(str(policy), [str(runtime.DEFAULT_RULES_DIR)], tmp_path / "fingerprint.key")
    pdf = base64.b64encode(b"%PDF-1.7\n" + random.Random(5).randbytes(7 << 20)).decode()
    body = json.dumps({"model": "claude-test", "max_tokens": 64, "messages": [{"role": "user", "content": [
        {"type": "document", "source": {"type": "base64", "media_type": "application/pdf", "data": pdf}},
        {"type": "text", "text": "summarise this"}]}]}).encode()
    if len(body) >= 10485760:
        raise ValueError("the body must be within the default limit")  # not the AssertionError the xfail expects
    with guard_chain(rt) as tctx:
        flow = request_flow(*ANTHROPIC, body)
        upstream = Upstream()
        await exchange(tctx, flow, upstream)
    (sent,) = upstream.received  # a refusal is no pass either: ValueError, not the expected failure
    assert b"[MASKED:" not in sent.content
    assert sent.content == body
