"""Live (walk17): a policy file of only per-rule overrides still guards the built-in vendor APIs. Before, GitHub,
Slack, Stripe, ... fell to unlisted (observe: recorded, nothing masked) without a word."""

from __future__ import annotations

import json

from tests import fakes
from tests.live import harness


def test_a_rules_only_policy_still_masks_a_key_sent_to_github(proxy_factory, upstream, tmp_path):
    policy = tmp_path / "policy.yaml"
    policy.write_text("rules:\n  aws-access-key-id: {request: block}\n")
    proxy = proxy_factory("--set", f"exitguard_policy={policy}")
    key = fakes.github_pat()
    r = harness.curl(proxy, "-H", "content-type: application/json", "-d", json.dumps({"body": f"token {key}"}),
                     "https://api.github.com/repos/acme/app/issues")
    assert r.returncode == 0, r.stderr
    (sent,) = [x for x in upstream.received if x.path == "/repos/acme/app/issues"]
    assert key.encode() not in sent.body and b"[MASKED:github-pat-classic:" in sent.body
