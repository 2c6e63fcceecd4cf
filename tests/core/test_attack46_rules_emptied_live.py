"""attack46 (EVASION.md section 5, "rules folder emptied"): a real mitmdump whose rules folder is emptied while it
runs (a sync that removes before it copies; a folder replaced by a new one not yet filled). Before the fix, with a
policy that names no rule id, the reload built a scanner of zero rules and installed it: an AWS key went upstream in
clear from then on. Now no rules is refused like any invalid edit: the last good rules stay in force, the log says
so, and the refilled folder is loaded. Held: the policy file removed is refused the same way."""

from __future__ import annotations

import shutil

import pytest

from tests.hostile.test_live_faults import AKID, masked_upstream, wait_for_log
from tests.live.harness import ROOT

pytestmark = pytest.mark.live

POLICY = "version: 1\nmode: enforce\nguarded_hosts: [api.openai.com]\n"  # names no rule id: nothing else refuses


def test_a_rules_folder_emptied_while_running_keeps_the_last_rules(tmp_path, proxy_factory, upstream):
    rules = tmp_path / "rules"
    rules.mkdir()
    aws = ROOT / "rules" / "secrets" / "cloud-aws.yaml"  # one small file: each reload compiles it
    shutil.copy(aws, rules / aws.name)
    policy = tmp_path / "policy.yaml"
    policy.write_text(POLICY)
    proxy = proxy_factory("--set", f"exitguard_rules={rules}", "--set", f"exitguard_policy={policy}")
    assert "[MASKED:aws-access-key-id:" in masked_upstream(proxy, upstream, f"key {AKID}")
    mark = len(proxy.log)
    (rules / aws.name).unlink()
    wait_for_log(proxy, "INVALID, keeping the previous version in force", mark)  # before: "reloaded policy"
    assert "no detection rules in" in proxy.log[mark:]
    assert "[MASKED:aws-access-key-id:" in masked_upstream(proxy, upstream, f"key {AKID}")  # before: sent in clear
    mark = len(proxy.log)
    shutil.copy(aws, rules / aws.name)
    wait_for_log(proxy, "reloaded policy", mark)
    assert "[MASKED:aws-access-key-id:" in masked_upstream(proxy, upstream, f"key {AKID}")
    mark = len(proxy.log)
    policy.unlink()  # held: the policy file removed is an invalid edit too
    wait_for_log(proxy, "INVALID, keeping the previous version in force", mark)
    assert "[MASKED:aws-access-key-id:" in masked_upstream(proxy, upstream, f"key {AKID}")
    assert AKID not in proxy.log
