"""Live (attack18): what attack17 still let through around the body, through a real mitmdump with the bundle and the
shipped rules and httpx to a guarded host (api.openai.com, routed to a local HTTPS upstream): an e-mail's base64 beside
a dot (a file name in the path, `v1.` in a header, `.x` after a query value) and a password's base64 in a header or
cookie the agent named like a session or token one. Checked: what the upstream received, what the client got, and
every byte the proxy wrote (log, index, .mitm); a signed session value in the query reaches the upstream as it was."""

from __future__ import annotations

import base64
import json
import time
import zlib

import pytest

from tests.live import harness
from tests.live.harness import run_client

pytestmark = pytest.mark.live

EMAIL = "dana.whitfield@northwind-traders.com"
PASSWORD = "Kestrel#Dune40"
NOTE = base64.b64encode(f"send the report to {EMAIL} tonight".encode()).decode()
SECRET_NOTE = base64.b64encode(f"the prod database password is {PASSWORD}, rotate it friday".encode()).decode()


def _segment(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


# A Flask session value (`.` + zlib'd JSON, a timestamp, a signature) holding the user's e-mail: the client's state.
SESSION = "." + ".".join((_segment(zlib.compress(json.dumps({"user": EMAIL}).encode())), _segment(b"\x06\x5f\x11\x22"),
                          _segment(bytes(range(40, 60)))))

CASES = {"path-file-name": ("path", NOTE.rstrip("=") + ".txt"), "header-version": ("header", "v1." + NOTE),
         "query-dot": ("query", NOTE.rstrip("=") + ".x"), "session-header": ("x-session-note", SECRET_NOTE),
         "own-cookie": ("cookie", "agent_state=" + SECRET_NOTE)}

CLIENT = """
import json, os, httpx
out = {}
with httpx.Client(timeout=20) as client:
    for name, (where, value) in json.loads(os.environ["CASES"]).items():
        headers, path, params = {"x-case": name}, "/v1/models", {"state": os.environ["SESSION"]}
        if where == "path":
            path = "/v1/files/" + value
        elif where == "query":
            params["ref"] = value
        elif where == "header":
            headers["x-note"] = value
        else:
            headers[where] = value
        r = client.get("https://api.openai.com" + path, headers=headers, params=params)
        out[name] = {"status": r.status_code, "body": r.text}
print(json.dumps(out))
"""


def test_an_encoded_value_beside_a_dot_or_in_a_token_named_header_never_leaves(tmp_path, upstream):
    proxy = harness.start_proxy(tmp_path, upstream, "--set", f"exitguard_record_dir={tmp_path / 'rec'}")
    try:
        out = run_client(CLIENT, proxy, CASES=json.dumps(CASES), SESSION=SESSION)
        assert {name: r["status"] for name, r in out.items()} == dict.fromkeys(CASES, 200), out
        received = {r.headers.get("x-case"): r for r in upstream.received}
        assert set(received) == set(CASES)
        hidden = [NOTE[4:-8], SECRET_NOTE[4:-8], EMAIL, PASSWORD]
        for name, req in received.items():
            sent = json.dumps({"path": req.path, "headers": req.headers})
            assert [h[:10] for h in hidden if h in sent] == [], (name, sent)
            assert "MASKED" in sent, (name, sent)
            assert f"state={SESSION}" in req.path, (name, req.path)  # a signed value's e-mail: the client's state
        time.sleep(0.5)
        assert proxy.stop() == 0
        written = harness.written(tmp_path / "rec")
        written_text = written.decode("utf-8", "replace") + proxy.log
        assert [h[:10] for h in hidden if h in written_text] == []
    finally:
        proxy.stop()
