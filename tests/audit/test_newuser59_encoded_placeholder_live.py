"""newuser59, live: a key in a query (`requests.get(url, params={"token": ...})`) leaves masked and
percent-encoded; the upstream, the audit index and the `.mitm` record must all name the same placeholder tag as
the flow's finding. Before, the record's scrub read `token=%5BMASKED%3A...%5D` as a generic secret and masked it
again under another tag, so `exitguard audit show` named a value nobody sent."""

from __future__ import annotations

import json
import re
from urllib.parse import unquote

import pytest

from addons.audit import index as auditlog
from addons.audit.recorder import read_flow_at
from tests.audit import fakes
from tests.live.harness import Reply, run_client, written

pytestmark = pytest.mark.live

CLIENT = """
import json, os, requests
token = os.environ["EG_TOKEN"]
r = requests.get("https://api.openai.com/v1/files", params={"token": token, "page": "2"}, timeout=30)
print(json.dumps({"status": r.status_code, "body": r.text}))
"""


def test_a_key_masked_in_a_query_is_recorded_under_the_tag_the_upstream_got(proxy_factory, upstream, tmp_path):
    rec_dir = tmp_path / "rec"
    token = fakes.github_token()
    # An answer that does not echo the path: the engine reads an echoed encoded placeholder as a generic secret
    # (tests/detect/test_newuser59_encoded_placeholder_scan.py, a strict xfail).
    upstream.route("GET", "/v1/files", lambda req: Reply.json({"object": "list", "data": []}))
    proxy = proxy_factory("--set", f"exitguard_record_dir={rec_dir}")
    got = run_client(CLIENT, proxy, EG_TOKEN=token)
    assert proxy.stop() == 0

    [sent] = upstream.received  # what the upstream got: the key masked, the placeholder percent-encoded
    sent_tags = re.findall(r"\[MASKED:[a-z0-9-]+:([0-9a-f]{6})\]", unquote(sent.path))
    assert len(sent_tags) == 1 and token not in unquote(sent.path) and "%5BMASKED%3A" in sent.path
    assert (got["status"], json.loads(got["body"])) == (200, {"object": "list", "data": []})  # what the client got

    files = auditlog.index_files(rec_dir)
    assert auditlog.verify(files) == []
    [flow] = [r for _, _, r in auditlog.read_records(files) if r["event"] == "flow"]
    [finding] = flow["findings"]
    assert finding["fingerprint"][:6] == sent_tags[0]
    placeholder = f"[MASKED:{finding['rule']}:{sent_tags[0]}]"
    assert flow["path"] == f"/v1/files?token={placeholder}&page="  # the index (other query values dropped)
    recorded = read_flow_at(rec_dir / flow["file"], flow["offset"])
    assert recorded.request.path == f"/v1/files?token={placeholder}&page=2"  # the record
    blob = written(rec_dir)  # every byte the proxy wrote
    assert token.encode() not in blob and json.dumps(token).encode() not in blob
