"""Live (attack19): base64 of a key written backwards, through a real mitmdump with the bundle and the shipped rules
and httpx to a guarded host (api.openai.com, routed to a local HTTPS upstream): in a chat message, a header and the
query, and in the vendor's answer. Before, every spelling reached the upstream and the agent as written. Checked:
what the upstream received, what the client got, and every byte the proxy wrote (log, index, .mitm)."""

from __future__ import annotations

import base64
import functools
import json
import time

import pytest

from tests import decodings, fakes
from tests.live import harness
from tests.live.harness import Reply, run_client

pytestmark = pytest.mark.live

AKID = fakes.aws_key_id(19)
BACKWARDS = base64.b64encode(f"aws_access_key_id={AKID} for the deploy job".encode()).decode()[::-1]

CLIENT = """
import json, os, httpx
spelled = os.environ["SPELLED"]
body = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "keep this: " + spelled + " thanks"}]}
with httpx.Client(timeout=20) as client:
    sent = client.post("https://api.openai.com/v1/chat/completions", json=body, headers={"x-note": spelled},
                       params={"ref": spelled})
    answer = client.post("https://api.openai.com/v1/attack19-answer", json={"q": "hello"})
print(json.dumps({"sent": [sent.status_code, sent.text], "answer": [answer.status_code, answer.text]}))
"""

exposed = functools.partial(decodings.exposed, key=AKID, backwards=True)


def test_a_keys_base64_written_backwards_reaches_neither_side_nor_any_record(tmp_path, upstream):
    upstream.route("POST", "/v1/attack19-answer",
                   lambda req: Reply.json({"choices": [{"message": {"content": f"here: {BACKWARDS} ok"}}]}))
    proxy = harness.start_proxy(tmp_path, upstream, "--set", f"exitguard_record_dir={tmp_path / 'rec'}")
    try:
        assert exposed(BACKWARDS)  # the check reads the spelling
        out = run_client(CLIENT, proxy, SPELLED=BACKWARDS)
        assert out["sent"][0] == 200 and out["answer"][0] == 200, out
        chat = [r for r in upstream.received if r.path.startswith("/v1/chat/completions")][-1]
        sent = json.dumps({"path": chat.path, "headers": chat.headers, "body": chat.body.decode()})
        assert not exposed(sent), sent
        assert not exposed(json.dumps([r.path for r in upstream.received]))
        assert "keep this: " in sent and "MASKED" in sent
        assert not exposed(json.dumps(out)), out
        time.sleep(0.5)
        assert proxy.stop() == 0
        written = harness.written(tmp_path / "rec")
        assert not exposed(written.decode("latin-1") + proxy.log)
    finally:
        proxy.stop()
