"""attack17: the record of an answer nobody inspects keeps a beginning when the answer is past max_body_bytes or
the caller's share (streaming.PassThrough, attack16). The cut fell wherever the bytes ran out: inside a key, whose
beginning (35 of a GitHub token's 36 characters) no rule finds, so the record's
scrub kept it raw. An agent's own server chooses where that is."""

from __future__ import annotations

import pytest
from mitmproxy.test import tflow, tutils

from addons.audit import scrub
from addons.core import metakeys
from addons.stream.streaming import PassThrough, Streaming
from tests import fakes

VALUE = fakes.github_pat(1731)
SECRET = "the new one is " + VALUE
LIMIT = 4096


@pytest.mark.parametrize("cut", [1, 5, 20])
def test_a_copy_cut_inside_a_value_does_not_keep_its_beginning(rt, cut):
    flow = tflow.tflow(resp=True)
    flow.metadata[metakeys.HOST_CLASS] = "observe"
    flow.response = tutils.tresp(content=None)
    flow.response.headers["content-type"] = "text/plain"
    stream = PassThrough(LIMIT)
    flow.response.stream = stream
    head = ("log line\n" * 1000)[: LIMIT - len(SECRET) + cut]
    body = (head + SECRET + "\nmore\n").encode()
    sent = b"".join(b"".join(stream(body[i:i + 512])) for i in range(0, len(body), 512))
    assert sent == body  # everything was passed on
    Streaming()._record(flow)
    record = scrub.record_copy(flow, rt)
    kept = record.response.raw_content or b""
    assert VALUE[:12].encode() not in kept and VALUE[8:20].encode() not in kept
    assert kept.startswith(b"log line\n") and kept.endswith(b"\n")  # whole lines before the cut
