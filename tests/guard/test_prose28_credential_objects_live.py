"""Live (prose28): a password in an Okta-style and a Keycloak-style JSON credential object, sent by httpx through a
real mitmdump with the bundle and the shipped rules to a guarded host (routed to a local HTTPS upstream). Before, both
went out as written: each value was scanned after its own key (`"value": "`) alone. Checked: the upstream got a
placeholder where each password was (the body still JSON), and no password is in what the client got or any byte the
proxy wrote (log, audit index, .mitm)."""

from __future__ import annotations

import json
import time

import pytest

from tests.live import harness
from tests.live.harness import run_client

pytestmark = pytest.mark.live

OKTA_PW, KEYCLOAK_PW = "quillmarten", "Kestrel#Dune40"

CLIENT = """
import json, os, httpx
okta = {"profile": {"login": "kolsen@corp.test"}, "credentials": {"password": {"value": os.environ["OKTA"]}}}
keycloak = {"username": "kolsen", "credentials": [{"type": "password", "value": os.environ["KC"], "temporary": False}]}
out = {}
with httpx.Client(timeout=20) as client:
    for name, body in (("okta", okta), ("keycloak", keycloak)):
        r = client.post("https://api.openai.com/v1/files", json=body)
        out[name] = [r.status_code, r.text]
print(json.dumps(out))
"""


def test_passwords_in_credential_objects_are_masked_and_never_recorded(tmp_path, upstream):
    proxy = harness.start_proxy(tmp_path, upstream, "--set", f"exitguard_record_dir={tmp_path / 'rec'}")
    try:
        out = run_client(CLIENT, proxy, OKTA=OKTA_PW, KC=KEYCLOAK_PW)
        assert out["okta"][0] == 200 and out["keycloak"][0] == 200, out
        okta, keycloak = (json.loads(r.body) for r in upstream.received if r.path.startswith("/v1/files"))
        assert okta["credentials"]["password"]["value"].startswith("[MASKED:")
        assert keycloak["credentials"][0]["value"].startswith("[MASKED:")
        seen = json.dumps([[r.path, r.header_list, r.body.decode("latin-1")] for r in upstream.received])
        for pw in (OKTA_PW, KEYCLOAK_PW):
            assert pw not in seen and pw not in json.dumps(out)
        time.sleep(0.5)
        assert proxy.stop() == 0
        written = harness.written(tmp_path / "rec").decode("latin-1") + proxy.log
        assert OKTA_PW not in written and KEYCLOAK_PW not in written
    finally:
        proxy.stop()
