"""Live (split23): an AWS key split by an XML comment inside a JSON string (`{"doc": "<a>AKIA...<!-- -->...</a>"}`)
and by an HTML comment in a chat message, through a real mitmdump with the bundle and the shipped rules, httpx to a
guarded host (routed to a local HTTPS upstream). Before, both went out. Now 403 naming the rule; neither half in what
the upstream got, the client got, or any byte the proxy wrote (log, audit index, .mitm)."""

from __future__ import annotations

import json
import time

import pytest

from tests import fakes
from tests.live import harness
from tests.live.harness import run_client

pytestmark = pytest.mark.live

AWS = fakes.aws_key_id(2325)

CLIENT = """
import json, os, httpx
aws = os.environ["AWS"]
out = {}
with httpx.Client(timeout=20) as client:
    r = client.post("https://api.openai.com/v1/chat/completions",
                    json={"model": "gpt-test", "doc": "<a>" + aws[:9] + "<!-- -->" + aws[9:] + "</a>"})
    out["doc"] = [r.status_code, r.text]
    chat = "my page is blank:\\n<p>" + aws[:12] + "<!-- k -->" + aws[12:] + "</p>"
    r = client.post("https://api.openai.com/v1/chat/completions",
                    json={"model": "gpt-test", "messages": [{"role": "user", "content": chat}]})
    out["chat"] = [r.status_code, r.text]
    r = client.post("https://api.openai.com/v1/chat/completions",
                    json={"model": "gpt-test", "messages": [{"role": "user", "content": "<p>hi<!-- x --></p>"}]})
    out["plain"] = [r.status_code, r.text]
print(json.dumps(out))
"""


def exposed(text: str) -> list[str]:
    return [h for h in (AWS[:9], AWS[9:], AWS[:12], AWS[12:]) if h in text]


def test_a_key_split_by_a_comment_inside_a_json_string_is_refused_and_never_recorded(tmp_path, upstream):
    proxy = harness.start_proxy(tmp_path, upstream, "--set", f"exitguard_record_dir={tmp_path / 'rec'}")
    try:
        out = run_client(CLIENT, proxy, AWS=AWS)
        for name in ("doc", "chat"):
            assert out[name][0] == 403 and "aws-access-key-id" in out[name][1], out
        assert out["plain"][0] == 200, out
        (sent,) = [r for r in upstream.received if r.path.startswith("/v1/chat")]
        assert json.loads(sent.body)["messages"][0]["content"] == "<p>hi<!-- x --></p>"
        seen = json.dumps([[r.path, r.header_list, r.body.decode("latin-1")] for r in upstream.received])
        assert exposed(seen) == [] and exposed(json.dumps(out)) == []
        time.sleep(0.5)
        assert proxy.stop() == 0
        written = harness.written(tmp_path / "rec")
        assert written
        assert exposed(written.decode("latin-1") + proxy.log) == []
    finally:
        proxy.stop()
