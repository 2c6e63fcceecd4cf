"""What `exitguard up` checks before it starts mitmproxy (addons/cli/preflight.py), on the command line it builds."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from addons.cli import preflight, up
from addons.cli.errors import UserError
from addons.cli.main import parser
from tests.fakes import github_pat

RULES = Path(__file__).resolve().parents[1] / "guard" / "rules.yaml"  # test-api-token, test-root-key, email-address


def up_argv(tmp_path: Path, *args: str) -> list[str]:
    parsed: argparse.Namespace = parser().parse_args(["up", "--confdir", str(tmp_path / "certs"), *args])
    return up.mitmproxy_argv(parsed)


def refused(tmp_path: Path, *args: str) -> str:
    with pytest.raises(UserError) as e:
        preflight.check(up_argv(tmp_path, *args))
    return str(e.value)


def policy_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "policy.yaml"
    path.write_text(text)
    return path


def test_the_built_in_policy_starts_and_says_what_it_guards(tmp_path):
    startup = preflight.check(up_argv(tmp_path, "--record", str(tmp_path / "rec")))
    lines = preflight.summary(startup).splitlines()
    listed = len(startup.policy.listed_guarded_hosts())
    known = len(set(startup.policy.guarded_hosts)) - listed
    assert lines == [
        f"exitguard: guarding {known + listed} host patterns: {known} known LLM providers and gateways, "
        f"{listed} from the built-in policy; unlisted hosts: observe",
        f"exitguard: mode enforce; {startup.rule_count} detection rules",
        f"exitguard: recording to {tmp_path / 'rec'} (exitguard audit reads it)",
    ]
    assert known > 10 and listed > 10 and startup.rule_count > 100


def test_a_policy_of_its_own_is_named_with_its_hosts(tmp_path):
    policy = policy_file(tmp_path, "version: 1\nmode: report\nguard_known_providers: false\n"
                                   "guarded_hosts: [api.github.com, '*.slack.com']\nunlisted_hosts: deny\n"
                                   "deny_hosts: [paste.example]\n")
    text = preflight.summary(preflight.check(up_argv(tmp_path, "--policy", str(policy), "--no-record")))
    assert text.splitlines()[:1] == [f"exitguard: guarding 2 host patterns: 2 from {policy}; "
                                     "unlisted hosts: deny; 1 denied"]
    assert "mode report (detect and record only: nothing is masked or blocked)" in text
    assert "not recording (--no-record)" in text


@pytest.mark.parametrize(("policy", "message"), [
    ("mode: enforcee\n", "{p}: mode: 'enforcee' is not one of enforce, report"),
    ("mdoe: enforce\n", "{p}: top level: unknown key(s) mdoe (did you mean mode?) (known: "),
    ("mode: [enforce\n", "{p}: line 2, column 1: not valid YAML: expected ',' or ']', but got '<stream end>'"),
    ("rules: {private-kye: {request: block}}\n",
     "{p}: rules.private-kye: no rule with this id in the loaded rule packs (did you mean private-key?)"),
])
def test_a_bad_policy_is_one_line_naming_file_and_key(tmp_path, policy, message):
    path = policy_file(tmp_path, policy)
    assert refused(tmp_path, "--policy", str(path)).startswith(message.format(p=path))


def test_rule_ids_come_from_the_rule_packs_that_are_loaded(tmp_path):
    policy = policy_file(tmp_path, "rules: {private-key: {request: block}}\n")
    assert preflight.check(up_argv(tmp_path, "--policy", str(policy)))  # private-key is a built-in rule
    message = refused(tmp_path, "--policy", str(policy), "--rules", str(RULES))  # a pack without it
    assert message == f"{policy}: rules.private-key: no rule with this id in the loaded rule packs"


def test_a_broken_rule_pack_is_refused(tmp_path):
    rules = tmp_path / "broken.yaml"
    rules.write_text("rules:\n  - id: x\n    surprise: 1\n")
    assert "x: unknown key(s): surprise" in refused(tmp_path, "--rules", str(rules))


@pytest.mark.parametrize(("option", "message"), [
    ("exitguard_retain_days=x", "--set exitguard_retain_days: expected an integer"),
    ("exitguard_block_loopback=maybe", "--set exitguard_block_loopback: expected true or false"),
    ("exitguard_retian_days=3", "--set exitguard_retian_days: no such option (did you mean exitguard_retain_days?)"),
    ("exitguard_mode=sometimes", "exitguard_mode: 'sometimes' is not one of enforce, report"),
    ("exitguard_auth=never", "exitguard_auth: 'never' is not one of auto, required, off"),
    ("exitguard_tokens_file=", "exitguard_tokens_file is empty"),
    ("exitguard_record_dir=/elsewhere",
     "exitguard_record_dir is given 2 times (--record, default recordings/, sets it too)"),
])
def test_bad_option_values_are_refused_before_mitmproxy_would_drop_the_bundle(tmp_path, option, message):
    assert refused(tmp_path, "--set", option).startswith(message)


def test_an_option_value_is_never_echoed(tmp_path):
    webhook = f"https://hooks.example/{github_pat(seed=7)}"
    message = refused(tmp_path, "--set", f"exitguard_approval_webhook={webhook}",
                      "--set", f"exitguard_approval_webhook={webhook}")
    assert "given 2 times" in message and webhook not in message


def test_the_options_up_passes_are_the_ones_checked(tmp_path):
    argv = up_argv(tmp_path, "--retain", "3", "--set", "exitguard_auth=off", "--set", "web_port=1")
    assert preflight.given_values(argv) == {
        "confdir": [str(tmp_path / "certs")],
        "exitguard_record_dir": [str(up.DEFAULT_RECORD_DIR.resolve())],
        "exitguard_retain_days": ["3"],
        "exitguard_auth": ["off"],
    }
