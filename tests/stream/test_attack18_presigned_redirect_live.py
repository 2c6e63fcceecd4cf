"""Live (attack18): api.github.com's 302 to an S3 presigned URL through a real mitmdump with the bundle and the shipped
rules, httpx not following the redirect: the Location the client gets is the one GitHub signed (before, its
X-Amz-Credential key id was masked and the URL no longer verified); the recording and the log hold no key id."""

from __future__ import annotations

import time

import pytest

from tests.live import harness
from tests.live.harness import Reply, run_client
from tests.stream.test_attack18_presigned_redirect import AKID, presigned

pytestmark = pytest.mark.live

CLIENT = """
import json, os, httpx
with httpx.Client(timeout=20, follow_redirects=False) as client:
    r = client.get("https://api.github.com/repos/o/r/releases/assets/1", headers={"accept": "application/octet-stream"})
print(json.dumps({"status": r.status_code, "location": r.headers.get("location")}))
"""


def test_a_release_asset_redirect_reaches_the_client_signed_and_is_recorded_masked(tmp_path, upstream):
    location = presigned()
    upstream.route("GET", "/repos/o/r/releases/assets/", lambda req: Reply(302, {"location": location}, b""))
    proxy = harness.start_proxy(tmp_path, upstream, "--set", f"exitguard_record_dir={tmp_path / 'rec'}")
    try:
        out = run_client(CLIENT, proxy)
        assert out == {"status": 302, "location": location}
        time.sleep(0.5)
        assert proxy.stop() == 0
        written = harness.written(tmp_path / "rec")
        assert AKID.encode() not in written and AKID not in proxy.log
    finally:
        proxy.stop()
