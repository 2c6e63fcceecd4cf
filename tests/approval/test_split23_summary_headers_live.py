"""Live (split23): a request held for approval through a real mitmdump, sent by the real openai SDK with headers of
its own (`x-amz-acl: public-read`, a key in `X-Debug`), decided with the real `exitguard approvals` CLI. Reviewers
now see the headers: the CLI's listing (table and --json) and the webhook show `x-amz-acl: public-read`, the key only
as its placeholder, Authorization as `<redacted>`; no raw key, client key or proxy password in the CLI output, the
webhook body, the log or the record (audit index and .mitm). Before, no header was shown at all."""

from __future__ import annotations

import json
import time

import pytest

from tests.approval.support import CODENAME, TOKEN
from tests.approval.test_live import approvers, exitguard, start, wait_for_pending  # noqa: F401  (fixtures)
from tests.approval.webhook import Receiver
from tests.live import harness

pytestmark = pytest.mark.live

CLIENT_KEY = "sk-exitguard-test-not-a-key"
CALL = f"""
import json, openai
client = openai.OpenAI(api_key={CLIENT_KEY!r}, timeout=30, max_retries=0,
                       default_headers={{"x-amz-acl": "public-read", "X-Debug": "trace {TOKEN}"}})
try:
    messages = [{{"role": "user", "content": "plan for {CODENAME}"}}]
    r = client.chat.completions.create(model="gpt-test", messages=messages)
    print(json.dumps({{"ok": True}}))
except openai.APIStatusError as e:
    print(json.dumps({{"status": e.status_code}}))
"""


def test_reviewers_see_the_headers_masked_and_nothing_sensitive_anywhere(start, upstream, tmp_path):  # noqa: F811
    receiver = Receiver()
    record_dir = tmp_path / "record"
    try:
        proxy, control = start("--set", f"exitguard_record_dir={record_dir}",
                               "--set", f"exitguard_approval_webhook={receiver.url}",
                               "--set", "exitguard_approval_webhook_format=json")
        client = harness.start_client(CALL, proxy)  # forked with the SDKs imported
        pending = wait_for_pending(control)
        table = exitguard("list", "--control", str(control))
        listed = exitguard("list", "--json", "--control", str(control))
        for _ in range(100):
            if receiver.raw:
                break
            time.sleep(0.05)
        r = exitguard("deny", pending["id"], "--reason", "test", "--control", str(control))
        assert r.returncode == 0, r.stderr
        out, err = client.communicate(timeout=30)
        assert json.loads(out.strip().splitlines()[-1]) == {"status": 403}, err[-2000:]
        proxy.stop()
        headers = json.loads(listed.stdout)[0]["preview"]["headers"]
        assert "x-amz-acl: public-read" in headers, headers
        assert {"authorization: <redacted>", "Authorization: <redacted>"} & set(headers), headers
        (debug,) = [h for h in headers if h.lower().startswith("x-debug: ")]
        assert "[MASKED:test-api-token:" in debug, headers
        assert "x-amz-acl: public-read" in table.stdout and "[MASKED:test-api-token:" in table.stdout, table.stdout
        assert receiver.received and receiver.received[0]["preview"]["headers"] == headers
        written = harness.written(record_dir).decode("latin-1")
        assert written
        everything = table.stdout + listed.stdout + receiver.raw[0].decode() + proxy.log + written
        for secret in (TOKEN, TOKEN[6:], CLIENT_KEY):
            assert secret not in everything, secret
    finally:
        receiver.close()
