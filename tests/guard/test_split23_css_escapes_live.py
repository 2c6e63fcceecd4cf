"""Live (split23): an AWS key written with CSS escapes (`\\41 KIA...` in a chat message's CSS, `\\000041KIA...` in
a stylesheet posted as text/css) through a real mitmdump with the bundle and the shipped rules, httpx to a guarded
host (routed to a local HTTPS upstream). Before, both went out as written (a CSS parser reads the key). Checked:
the upstream got the placeholder in place (the stylesheet otherwise byte for byte), and neither the key nor its
escaped spellings are in what the client got or any byte the proxy wrote (log, audit index, .mitm)."""

from __future__ import annotations

import json
import re
import time

import pytest

from tests import fakes
from tests.live import harness
from tests.live.harness import run_client

pytestmark = pytest.mark.live

AWS = fakes.aws_key_id(2324)
SPACED = "\\41 " + AWS[1:]
SIX = "\\000041" + AWS[1:]
SHEET = '.note::before { content: "K"; color: red; }\n'

CLIENT = """
import json, os, httpx
out = {}
with httpx.Client(timeout=20) as client:
    body = {"model": "gpt-test", "messages": [{"role": "user", "content": os.environ["CHAT"]}]}
    r = client.post("https://api.openai.com/v1/chat/completions", json=body)
    out["chat"] = [r.status_code, r.text]
    r = client.post("https://api.openai.com/v1/files", content=os.environ["SHEET"].encode(),
                    headers={"content-type": "text/css"})
    out["sheet"] = [r.status_code, r.text]
print(json.dumps(out))
"""


def exposed(text: str) -> list[str]:
    return [s for s in (AWS[4:], json.dumps(SPACED)[1:-1], json.dumps(SIX)[1:-1]) if s in text]


def test_a_css_escaped_key_is_masked_in_place_and_never_recorded(tmp_path, upstream):
    proxy = harness.start_proxy(tmp_path, upstream, "--set", f"exitguard_record_dir={tmp_path / 'rec'}")
    try:
        chat = 'why is my css broken:\n.a::after { content: "' + SPACED + '"; }'
        out = run_client(CLIENT, proxy, CHAT=chat, SHEET=SHEET.replace("K", SIX))
        assert out["chat"][0] == 200 and out["sheet"][0] == 200, out
        (sent_chat,) = [r for r in upstream.received if r.path.startswith("/v1/chat")]
        (sent_sheet,) = [r for r in upstream.received if r.path.startswith("/v1/files")]
        content = json.loads(sent_chat.body)["messages"][0]["content"]
        assert re.sub(r"\[MASKED:aws-access-key-id:[0-9a-f]+\]", "K", content) == chat.replace(SPACED, "K")
        assert re.sub(r"\[MASKED:aws-access-key-id:[0-9a-f]+\]", "K", sent_sheet.body.decode()) == SHEET
        seen = json.dumps([[r.path, r.header_list, r.body.decode("latin-1")] for r in upstream.received])
        assert exposed(seen) == [] and exposed(json.dumps(out)) == []
        time.sleep(0.5)
        assert proxy.stop() == 0
        written = harness.written(tmp_path / "rec")
        assert written
        assert exposed(written.decode("latin-1") + proxy.log) == []
    finally:
        proxy.stop()
