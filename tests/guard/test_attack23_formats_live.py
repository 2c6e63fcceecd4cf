"""Live (attack23): a key in a body a reader sees otherwise than the bytes as written, through a real mitmdump with
the bundle and the shipped rules and httpx to a guarded host (api.openai.com, routed to a local HTTPS upstream):
behind a Shift_JIS lead byte, as ISO-2022-JP kanji, over two RFC 2231 continuations of a part's file name, split by
a CDATA section in XML. Each was sent before. And the openai SDK's JSONL batch upload still reaches the vendor whole.
Checked: what the upstream received, what the client got, and every byte the proxy wrote (log, index, .mitm)."""

from __future__ import annotations

import json
import time

import pytest

from tests.live import harness
from tests.live.harness import run_client

pytestmark = pytest.mark.live

AKID = "AKIA2HLYOSBOHAGKTYZU"  # made up; every pair of it is a JIS X 0208 character
HEAD, TAIL = AKID[:9], AKID[9:]
BATCH = ('{"custom_id": "r1", "method": "POST", "url": "/v1/chat/completions", "body": {"model": "gpt-4o-mini", '
         '"messages": [{"role": "user", "content": "summarise the release notes"}]}}\n')

CLIENT = r"""
import json, os, httpx, openai
key, head, tail, batch = os.environ["AKID"], os.environ["HEAD"], os.environ["TAIL"], os.environ["BATCH"]
bodies = {
    "shift_jis": ("text/plain; charset=shift_jis", b"note: x\x81" + key.encode() + b" end"),
    "iso-2022-jp": ("text/plain; charset=iso-2022-jp", b"note: \x1b$B" + key.encode() + b"\x1b(B end"),
    "continuation": ("multipart/form-data; boundary=b23",
                     ('--b23\r\nContent-Disposition: form-data; name="file"; filename*0="' + head
                      + '"; filename*1="' + tail + '.txt"\r\n\r\nhello\r\n--b23--\r\n').encode()),
    "cdata": ("application/xml", ("<note><body>" + head + "<![CDATA[" + tail + "]]></body></note>").encode()),
}
out = {}
with httpx.Client(timeout=20) as client:
    for name, (ctype, body) in bodies.items():
        r = client.post("https://api.openai.com/v1/uploads/attack23", content=body, headers={"content-type": ctype})
        out[name] = [r.status_code, r.text]
c = openai.OpenAI(api_key="sk-test", base_url="https://api.openai.com/v1", max_retries=0)
try:
    c.files.create(file=("batch.jsonl", batch.encode(), "application/jsonl"), purpose="batch")
    out["sdk"] = [200, ""]
except openai.APIStatusError as e:
    out["sdk"] = [e.status_code, e.response.text]
print(json.dumps(out))
"""


def test_keys_a_reader_puts_together_reach_neither_side_nor_any_record_and_an_sdk_upload_passes(tmp_path, upstream):
    proxy = harness.start_proxy(tmp_path, upstream, "--set", f"exitguard_record_dir={tmp_path / 'rec'}")
    try:
        out = run_client(CLIENT, proxy, AKID=AKID, HEAD=HEAD, TAIL=TAIL, BATCH=BATCH)
        for name in ("shift_jis", "iso-2022-jp", "continuation", "cdata"):
            assert out[name][0] == 403, (name, out[name])
        assert out["sdk"][0] == 200, out["sdk"]
        received = b"".join(r.body for r in upstream.received)
        assert TAIL.encode() not in received and [r.path for r in upstream.received] == ["/v1/files"]
        assert BATCH.encode() in received  # the SDK's upload reached the vendor as written
        assert TAIL not in json.dumps(out)
        time.sleep(0.5)
        assert proxy.stop() == 0
        written = harness.written(tmp_path / "rec")
        assert written and TAIL.encode() not in written and TAIL not in proxy.log
    finally:
        proxy.stop()
