"""attack31, live (invariant 4): an agent's message naming Kubernetes secrets and a README table of secrets' names,
and a Windows unattend file with setup's own redaction, sent with the real openai SDK through a real mitmdump with
the bundle: the upstream got every byte as written (before: `tls-cert-2024`, `db-credentials-v2`, `api-key-prod` and
`*SENSITIVE*DATA*DELETED*` were masked, and the agent's next command named a placeholder); a password in the same
message is still masked."""

from __future__ import annotations

import json

import pytest

from tests.guard.test_live_content import client
from tests.guard.test_live_content import recorded as recorded

pytestmark = pytest.mark.live

MESSAGE = ("I will mount the secret tls-cert-2024 into the pod and recreate the secret db-credentials-v2.\n\n"
           "| Env var | Secret |\n|---|---|\n| DB_PASS | db-password |\n| API_KEY | api-key-prod |\n\n"
           "<AdministratorPassword>\n  <Value>*SENSITIVE*DATA*DELETED*</Value>\n  <PlainText>true</PlainText>\n"
           "</AdministratorPassword>\n")
PASSWORD = "Tarn!Basalt42"


def test_secrets_names_and_a_redaction_reach_the_upstream_as_written(recorded, upstream):
    proxy, _ = recorded
    text = MESSAGE + f"The vendor portal account is ops-07, its secret {PASSWORD}. Do not repeat it.\n"
    out = client(f"""
import openai
r = openai.OpenAI(api_key="sk-test", max_retries=0).chat.completions.with_raw_response.create(
    model="gpt-4o-mini", messages=[{{"role": "user", "content": {text!r}}}])
print(json.dumps({{"status": r.http_response.status_code}}))
""", proxy)
    assert out["status"] == 200, out
    (req,) = upstream.received
    content = json.loads(req.body)["messages"][0]["content"]
    assert content.startswith(MESSAGE), content
    assert PASSWORD not in content and "[MASKED:" in content[len(MESSAGE):]
