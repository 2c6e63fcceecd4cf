"""attack49: who may write the policy and the rules folder? The reload watcher puts an edit in force within
seconds; before this, a policy or rule file another local user could write (its mode, its owner, a folder on the
way, a link to a file of theirs, a rules folder where they may add a file) was loaded as it was, so that user could
switch the running proxy to report mode or drop a rule. Now the start is refused and a reload keeps the last good
version."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest

from addons.core import config, policy_files, runtime
from addons.core.config import Settings
from tests.guard.support import RULES
from tests.owners import give_to_another_user

POLICY = textwrap.dedent("""\
    version: 1
    mode: enforce
    guarded_hosts: [api.openai.com]
    actions: {request: {secret: mask}}
    """)


@pytest.fixture
def setup(tmp_path) -> tuple[Path, Path, Path]:
    """A private folder holding a policy and a rules folder with one rule file, all 0644 / 0755 and ours."""
    home = tmp_path / "exitguard"
    rules = home / "rules"
    rules.mkdir(parents=True)
    (rules / "pack.yaml").write_text(RULES.read_text())
    policy = home / "policy.yaml"
    policy.write_text(POLICY)
    for path in (home, rules):
        path.chmod(0o755)
    for path in (policy, rules / "pack.yaml"):
        path.chmod(0o644)
    return home, policy, rules


def _problems(policy: Path, rules: Path) -> list[str]:
    return policy_files.problems(policy, [str(rules)], runtime.rule_files([str(rules)]), os.geteuid())


def _settings(policy: Path, rules: Path) -> Settings:
    return Settings(policy=policy, rules=(str(rules),), key_file=policy.parent / "fp.key", mode=None, reload=True)


def test_files_only_their_owner_may_write_are_read(setup):
    _, policy, rules = setup
    assert _problems(policy, rules) == []
    assert config._build(_settings(policy, rules)).policy.mode == "enforce"


def _loose_policy(home: Path, policy: Path, rules: Path, monkeypatch) -> None:
    policy.chmod(0o666)


def _loose_rule_file(home: Path, policy: Path, rules: Path, monkeypatch) -> None:
    (rules / "pack.yaml").chmod(0o666)


def _rules_folder_open_to_all(home: Path, policy: Path, rules: Path, monkeypatch) -> None:
    rules.chmod(0o1777)  # sticky: others cannot replace pack.yaml, but may add their own next to it


def _policy_folder_open_to_all(home: Path, policy: Path, rules: Path, monkeypatch) -> None:
    home.chmod(0o777)  # anyone may rename their own policy over this one


def _rule_file_linked_to_a_loose_file(home: Path, policy: Path, rules: Path, monkeypatch) -> None:
    theirs = home.parent / "shared-pack.yaml"
    theirs.write_text((rules / "pack.yaml").read_text())
    theirs.chmod(0o666)
    (rules / "pack.yaml").unlink()
    (rules / "pack.yaml").symlink_to(theirs)


def _policy_of_another_user(home: Path, policy: Path, rules: Path, monkeypatch) -> None:
    give_to_another_user(policy, monkeypatch)


@pytest.mark.parametrize("loosen", [_loose_policy, _loose_rule_file, _rules_folder_open_to_all,
                                    _policy_folder_open_to_all, _rule_file_linked_to_a_loose_file,
                                    _policy_of_another_user])
def test_a_policy_or_rule_another_user_could_change_is_not_loaded(setup, monkeypatch, loosen):
    home, policy, rules = setup
    loosen(home, policy, rules, monkeypatch)
    policy.write_text(POLICY.replace("mode: enforce", "mode: report"))  # what that user would write
    with pytest.raises(ValueError, match="another local user could change") as refused:
        config._build(_settings(policy, rules))
    assert "mode: report" not in str(refused.value)  # names files, modes and owners, never the content


def test_the_operator_may_say_no_other_user_is_there(setup, monkeypatch):
    home, policy, rules = setup
    home.chmod(0o777)
    monkeypatch.setenv("EXITGUARD_CONFDIR_UNSHARED", "1")
    assert _problems(policy, rules) == []
    policy.chmod(0o666)  # the files themselves are still judged
    assert _problems(policy, rules) != []
