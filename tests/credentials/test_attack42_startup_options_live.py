"""attack42, live: mitmproxy's request-changing options set at start-up beside a broker and an allowed value.

The operator's own configuration, not an attack; but it must give a working request or a clear start-up error, never
a request that leaves silently broken. Before: `modify_body`, `map_remote` and `stickycookie` (after the bundle at
`request`) sent a brokered request with `Authorization: Bearer [BROKERED:openai]` (a vendor answers 401) and the
allowed values masked, a warning in the log the only sign; now mitmdump refuses to start naming the option.
`modify_headers` (at `requestheaders`, before the bundle seals), `anticache` / `anticomp` (before the script loader)
and `stickyauth` (only where a request has no Authorization) give the vendor the key and the value (regression
guard: held before too)."""

from __future__ import annotations

import os
import subprocess

import httpx
import pytest

from tests import fakes
from tests.live import harness
from tests.live.console import policy_file

pytestmark = pytest.mark.live

KEY = "sk-attack42-FAKE-Vn3Kq8Lp2Rt7Wz5Xc1"
AKID = fakes.aws_key_id(4203)


def test_header_edits_at_start_up_keep_the_brokered_key_and_the_allowed_value(tmp_path, upstream_session, upstream):
    upstream.route("GET", "/v1/attack42-cookie", lambda r: harness.Reply(
        200, {"set-cookie": "sid=attack42; Path=/", "content-type": "application/json"}))
    policy = policy_file(tmp_path, actions={"secret/precise": "allow"}, broker=True)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("EXITGUARD_CRED_OPENAI", KEY)
        proxy = harness.start_proxy(tmp_path, upstream_session, "--set", f"exitguard_policy={policy}",
                                    "--set", f"exitguard_record_dir={tmp_path / 'rec'}",
                                    "--set", "modify_headers=/~d api.openai.com/X-Team/blue",
                                    "--set", "anticache=true", "--set", "anticomp=true",
                                    "--set", "stickyauth=~d api.openai.com")
    try:
        with httpx.Client(proxy=proxy.url, verify=str(proxy.ca), timeout=30) as client:
            client.get("https://api.openai.com/v1/attack42-cookie", headers={"Authorization": "Bearer exitguard"})
            answer = client.post("https://api.openai.com/v1/attack42-start", json={"note": f"use {AKID}"},
                                 headers={"Authorization": "Bearer exitguard"})
        assert answer.status_code == 200, answer.text
        (got,) = [r for r in upstream.received if r.path == "/v1/attack42-start"]
        assert got.headers["authorization"] == f"Bearer {KEY}" and got.headers["x-team"] == "blue"
        assert got.json() == {"note": f"use {AKID}"}
        assert KEY not in proxy.log and KEY.encode() not in harness.written(tmp_path / "rec")
        assert "changed after the bundle" not in proxy.log
    finally:
        proxy.stop()


@pytest.mark.parametrize("option", ["modify_body=/~d api.openai.com/hello/bye",
                                    "map_remote=|~d api.openai.com|/v1/|/v2/|", "stickycookie=~d api.openai.com"])
def test_a_request_edit_after_the_bundle_refuses_start_up_naming_it(tmp_path, option):
    """Before: it started (and the brokered request left with the marker, the allowed value masked)."""
    cmd = [str(harness.ROOT / ".venv" / "bin" / "mitmdump"), "--listen-host", "127.0.0.1", "--listen-port", "0",
           "--set", f"confdir={tmp_path / 'conf'}", "--set", option, "-s", str(harness.BUNDLE)]
    proc = subprocess.Popen(cmd, cwd=harness.ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        out, _ = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:  # it started and serves: the failure this test is for
        proc.kill()
        out, _ = proc.communicate()
    name = option.split("=", 1)[0]
    assert proc.returncode == 1, out[-2000:]
    assert f"exitguard: {name} changes requests after exitguard let them go" in out and "Refusing to start" in out
