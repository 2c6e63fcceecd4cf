"""attack31, live: an LDAP bind password whose evidence (`bind_user:`) is the line before it, each line a content
part of one chat message, sent with the real openai SDK through a real mitmdump with the bundle (before: sent as
written, each part read alone). Checked: the upstream got it masked in its own part, the parts as they were; the
client's answer, the log and every byte the proxy recorded hold no password."""

from __future__ import annotations

import json

import pytest

from tests.guard.test_live_content import assert_nowhere, client
from tests.guard.test_live_content import recorded as recorded

pytestmark = pytest.mark.live

PASSWORD = "Quince7#Heath"
LINES = ["ldap:\n", "  bind_user: svc_ldap\n", f'  bind_word: "{PASSWORD}"\n']


def test_a_password_whose_evidence_is_the_part_before_is_masked_in_its_part(recorded, upstream):
    proxy, rec_dir = recorded
    out = client(f"""
import openai
parts = [{{"type": "text", "text": line}} for line in {LINES!r}]
r = openai.OpenAI(api_key="sk-test", max_retries=0).chat.completions.with_raw_response.create(
    model="gpt-4o-mini", messages=[{{"role": "user", "content": parts}}])
print(json.dumps({{"status": r.http_response.status_code, "body": r.http_response.text}}))
""", proxy)
    assert out["status"] == 200, out
    (req,) = upstream.received
    parts = json.loads(req.body)["messages"][0]["content"]
    assert [p["text"] for p in parts][:2] == LINES[:2] and len(parts) == 3
    assert PASSWORD not in parts[2]["text"] and "[MASKED:" in parts[2]["text"]
    assert PASSWORD not in json.dumps(out)
    assert_nowhere(rec_dir, [PASSWORD], 1)
    assert PASSWORD not in proxy.log
