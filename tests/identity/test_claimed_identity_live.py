"""Live: a 407's audit record names who tried (newuser53: it did not), only when that is no secret: a known token
entry's name. A token or an AWS key pasted as the Basic user name (people do) reaches neither the index, the
recordings, the proxy's log nor `exitguard audit`'s output."""

from __future__ import annotations

import base64
import json

import pytest
import yaml

from addons.cli import main as cli
from addons.core.policy import DEFAULT_POLICY_FILE
from addons.identity.tokens import TokenStore
from tests import fakes
from tests.live import harness

pytestmark = pytest.mark.live

AWS_KEY_ID = fakes.aws_key_id(53)
AWS_SECRET = fakes.aws_secret(53)


def test_a_407_record_names_a_known_entry_and_never_the_user_name_as_sent(tmp_path, upstream_session, capsys):
    store = TokenStore(tmp_path / "tokens.json")
    token = store.add("ci", ["platform"])
    store.save()
    entry_id = token.split("_")[1]
    mistyped = f"egt_{entry_id}_" + "B" * 43  # ci's token id, a wrong secret
    policy = yaml.safe_load(DEFAULT_POLICY_FILE.read_text())
    policy["identity"] = {"mode": "required"}
    (tmp_path / "policy.yaml").write_text(yaml.safe_dump(policy))
    proxy = harness.start_proxy(tmp_path, upstream_session, "--set", f"exitguard_policy={tmp_path / 'policy.yaml'}",
                                "--set", f"exitguard_tokens_file={tmp_path / 'tokens.json'}",
                                "--set", f"exitguard_record_dir={tmp_path / 'rec'}",
                                "--set", f"save_stream_file={tmp_path / 'save.mitm'}")
    tries = {"ci": f"ci:{mistyped}",  # a known id with a wrong secret
             "ci-by-name": "ci:egt_000000000000_" + "A" * 43,  # a Basic user name that is an entry's name
             "token-as-user": f"{token}:",  # the valid token pasted as the user name, no password
             "aws-as-user": f"{AWS_KEY_ID}:{AWS_SECRET}",  # an AWS key pair as user and password
             "stranger": "mallory:egt_000000000000_" + "A" * 43}
    outputs = []
    try:
        for user_password in tries.values():
            for url in ("http://api.openai.com/v1/models", "https://api.openai.com/v1/models"):  # flow, CONNECT
                res = harness.curl(proxy, "-i", "--proxy-user", user_password, url)
                assert b"407" in res.stdout + res.stderr, res
                outputs.append(res.stdout + res.stderr)
    finally:
        assert proxy.stop() == 0
    records = [json.loads(line) for p in sorted((tmp_path / "rec").glob("audit-*.jsonl"))
               for line in p.read_text().splitlines()]
    refused = [r for r in records if r.get("status") == 407]
    assert len(refused) == 2 * len(tries), records
    claimed = [r["claimed_identity"] for r in refused]
    assert claimed == ["ci"] * 6 + [None] * 4, claimed  # in the order tried: each try as a flow and a CONNECT
    assert {r["event"] for r in refused} == {"flow", "connect"} and all(r["identity"] is None for r in refused)

    assert cli.main(["audit", "--dir", str(tmp_path / "rec")]) == 0
    listed = capsys.readouterr().out
    assert listed.count("claimed: ci") == 6, listed
    flow_id = next(r["flow_id"] for r in refused if r["event"] == "flow")
    assert cli.main(["audit", "--dir", str(tmp_path / "rec"), "show", flow_id]) == 0
    shown = capsys.readouterr().out
    assert "claimed_identity" in shown and " ci" in shown
    outputs += [listed.encode(), shown.encode()]

    files = [p for p in (tmp_path / "rec").rglob("*") if p.is_file()] + [tmp_path / "save.mitm"]
    secrets = [token, mistyped, token.split("_", 2)[2], AWS_KEY_ID, AWS_SECRET, "mallory"]
    secrets += [base64.b64encode(pair.encode()).decode() for pair in tries.values()]
    for secret in secrets:
        for p in files:
            assert secret.encode() not in p.read_bytes(), f"{p.name} holds {secret[:6]}..."
        assert secret not in proxy.log, f"the proxy log holds {secret[:6]}..."
        assert not any(secret.encode() in out for out in outputs), f"an output holds {secret[:6]}..."
