"""attack50, as a local user who wants in: session 29's CA fingerprint record (core/ca_record.py) and attack49's
policy / rule file owner check (core/policy_files.py). Held: a rules folder holding a link to another user's folder
(not entered: nothing of it is read), a rule file hard-linked to another user's file (refused: the owner is the
inode's), the record replaced by a link to a device (refused as unreadable, named). Fixed: a FIFO at the record's name
hung the start in configure with no word (open blocks until a writer comes)."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from addons.core import ca_record, policy_files, runtime
from tests.core.test_attack49_policy_files import _problems, setup  # noqa: F401  (fixture)
from tests.guard.support import RULES
from tests.owners import give_to_another_user

SERVING = bytes(range(32))


def _check_within(confdir: Path, seconds: float = 5.0) -> list:
    answer: list = []
    worker = threading.Thread(target=lambda: answer.append(ca_record.check(confdir, SERVING)), daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), "ca_record.check hangs on a FIFO at the record's name: the start never ends"
    return answer


def test_a_fifo_at_the_records_name_refuses_the_start_instead_of_hanging_it(tmp_path):
    os.mkfifo(tmp_path / ca_record.RECORD)
    (changed,) = _check_within(tmp_path)
    assert changed is not None and changed.recorded == "" and str(tmp_path / ca_record.RECORD) in changed.message()
    # a writer that comes later must not find a reader waiting (ENXIO: no reader has the FIFO open)
    with pytest.raises(OSError):
        os.close(os.open(tmp_path / ca_record.RECORD, os.O_WRONLY | os.O_NONBLOCK))


def test_a_link_to_a_device_at_the_records_name_is_refused_not_read(tmp_path):
    os.symlink("/dev/zero", tmp_path / ca_record.RECORD)
    (changed,) = _check_within(tmp_path)
    assert changed is not None and changed.recorded == ""
    assert SERVING.hex() not in changed.message()  # the fingerprint is named by its first 16 hex digits only


def test_a_link_to_another_users_folder_in_the_rules_folder_is_not_entered(setup, tmp_path, monkeypatch):  # noqa: F811
    _, policy, rules = setup
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    (theirs / "extra.yaml").write_text(RULES.read_text().replace("id: ", "id: x-", 1))
    give_to_another_user(theirs / "extra.yaml", monkeypatch)
    give_to_another_user(theirs, monkeypatch)
    (rules / "linked").symlink_to(theirs)
    assert not [f for f in runtime.rule_files([str(rules)]) if "linked" in str(f)]
    assert _problems(policy, rules) == []


def test_a_rule_file_hard_linked_to_another_users_file_is_refused(setup, tmp_path, monkeypatch):  # noqa: F811
    _, policy, rules = setup
    theirs = tmp_path / "theirs.yaml"
    theirs.write_text(RULES.read_text())
    theirs.chmod(0o644)
    uid = give_to_another_user(theirs, monkeypatch)
    os.link(theirs, rules / "zz.yaml")
    found = policy_files.problems(policy, [str(rules)], runtime.rule_files([str(rules)]), os.geteuid())
    assert any("zz.yaml" in why and f"uid {uid}" in why for why in found), found
