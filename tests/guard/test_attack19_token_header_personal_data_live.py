"""Live (attack19): a customer's e-mail in a sentence, and a list of e-mails, base64'd into a header the agent names
like a session one and into a cookie of its own, through a real mitmdump with the bundle and the shipped rules and
httpx to a guarded host (api.openai.com, routed to a local HTTPS upstream); a session cookie holding its user's
e-mail in state reaches the upstream as it was. Checked: what the upstream received, what the client got, and every
byte the proxy wrote (log, index, .mitm)."""

from __future__ import annotations

import base64
import json
import time

import pytest

from tests.live import harness
from tests.live.harness import run_client

pytestmark = pytest.mark.live

EMAIL = "dana.whitfield@northwind-traders.com"
OTHER = "li.wei@contoso-mail.org"
PROSE = base64.b64encode(f"send the quarterly report to {EMAIL} before friday".encode()).decode()
LIST = base64.b64encode(f"{EMAIL}, {OTHER}".encode()).decode()
SESSION = base64.b64encode(f"user={EMAIL}; role=admin".encode()).decode()

CLIENT = """
import json, os, httpx
with httpx.Client(timeout=20) as client:
    r = client.get("https://api.openai.com/v1/models", headers={
        "x-session-note": os.environ["PROSE"], "cookie": "agent_state=" + os.environ["LIST"] + "; session="
        + os.environ["SESSION"]})
print(json.dumps({"status": r.status_code, "body": r.text}))
"""


def test_personal_data_encoded_in_token_named_headers_never_leaves(tmp_path, upstream):
    proxy = harness.start_proxy(tmp_path, upstream, "--set", f"exitguard_record_dir={tmp_path / 'rec'}")
    try:
        out = run_client(CLIENT, proxy, PROSE=PROSE, LIST=LIST, SESSION=SESSION)
        assert out["status"] == 200, out
        (got,) = [r for r in upstream.received if r.headers.get("x-session-note") is not None
                  and r.path.startswith("/v1/models")][-1:]
        sent = json.dumps(got.headers)
        hidden = [PROSE[4:-8], LIST[4:-8], EMAIL, OTHER]
        assert [h[:10] for h in hidden if h in sent] == [], sent
        assert got.headers["x-session-note"].startswith("[MASKED:") and "agent_state=[MASKED:" in got.headers["cookie"]
        assert f"session={SESSION}" in got.headers["cookie"]  # a session's own user: the client's state
        assert [h[:10] for h in hidden if h in json.dumps(out)] == []
        time.sleep(0.5)
        assert proxy.stop() == 0
        written = harness.written(tmp_path / "rec")
        written_text = written.decode("utf-8", "replace") + proxy.log
        assert [h[:10] for h in hidden if h in written_text] == []
    finally:
        proxy.stop()
