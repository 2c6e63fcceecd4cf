"""Live (leak33): a paired-key password (`"smtp_user": "mailer"`, then `"smtp_phrase": X`) as a JSON body and as a
JSON document in a chat message's content, sent by httpx through a real mitmdump with the bundle and the shipped
rules to a guarded host (routed to a local HTTPS upstream). Before, both went out as written: the codec scanned the
value after `"smtp_phrase": "` alone. Checked: the upstream got the rule's placeholder where the password was (the
body still JSON), and the password is in nothing the client got or the proxy wrote (log, audit index, .mitm)."""

from __future__ import annotations

import json
import time

import pytest

from tests.live import harness
from tests.live.harness import run_client

pytestmark = pytest.mark.live

PW = "Birch&Quay71"

CLIENT = """
import json, os, httpx
config = {"id": "mail", "smtp_user": "mailer", "smtp_phrase": os.environ["PW"]}
chat = {"model": "gpt-test", "messages": [{"role": "user", "content": json.dumps(config, indent=2)}]}
out = {}
with httpx.Client(timeout=20) as client:
    for name, body in (("body", config), ("chat", chat)):
        r = client.post("https://api.openai.com/v1/files", json=body)
        out[name] = [r.status_code, r.text]
print(json.dumps(out))
"""


def test_a_paired_key_password_in_json_is_masked_and_never_recorded(tmp_path, upstream):
    proxy = harness.start_proxy(tmp_path, upstream, "--set", f"exitguard_record_dir={tmp_path / 'rec'}")
    try:
        out = run_client(CLIENT, proxy, PW=PW)
        assert out["body"][0] == 200 and out["chat"][0] == 200, out
        body, chat = (json.loads(r.body) for r in upstream.received if r.path.startswith("/v1/files"))
        assert body["smtp_phrase"].startswith("[MASKED:generic-password-paired-key:")
        assert json.loads(chat["messages"][0]["content"])["smtp_phrase"].startswith("[MASKED:")
        seen = json.dumps([[r.path, r.header_list, r.body.decode("latin-1")] for r in upstream.received])
        assert PW not in seen and PW not in json.dumps(out)
        time.sleep(0.5)
        assert proxy.stop() == 0
        assert PW not in harness.written(tmp_path / "rec").decode("latin-1") + proxy.log
    finally:
        proxy.stop()
