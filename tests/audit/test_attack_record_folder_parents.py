"""(local21) The record folder is the proxy's and 0700, but a folder on the way to it is not: others may write the
folder that holds it (a shared `/srv` or `/data` 0777, or the parents `exitguard up --record /srv/eg/rec` made under
umask 000: 0777). They rename the record folder aside and put a link to a folder of theirs at its name; the
recorder opens every new pair by path, so the next rotation's prompts, answers and index land in their folder
(and the chain continues there, where they may edit or drop it). The recorder now judges the whole way to the
folder as every secret file's (core/secretfile.walk), and makes missing parents 0700."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from addons.audit import index as auditlog
from addons.audit.recorder import Recorder, Rotation
from tests.audit.test_attack_record_folder import START, record


def _swap_for_a_link(folder: Path, attacker: Path) -> None:
    """What a user who may write the folder's parent does: no permission on the record folder itself is needed."""
    folder.rename(folder.with_name("rec.moved"))
    folder.symlink_to(attacker, target_is_directory=True)


def test_a_record_folder_in_a_folder_others_may_write_is_refused(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)  # a shared, not sticky, folder
    folder = shared / "rec"
    folder.mkdir(mode=0o700)
    attacker = tmp_path / "attacker"
    attacker.mkdir()
    attacker.chmod(0o777)
    now = [START]
    rec = Recorder(folder, Rotation(), clock=lambda: now[0])
    try:
        rec.open()
    except OSError as e:  # refused at start: nothing to swap
        assert str(shared) in str(e) and "rec" in str(e)
        rec.release()
        return
    # the old build recorded: the swap then takes the next rotation's records
    record(rec)
    _swap_for_a_link(folder, attacker)
    now[0] = START + 3600
    record(rec)
    rec.release()
    taken = sorted(p.name for p in attacker.iterdir())
    assert taken == [], f"the next rotation's records went into the attacker's folder: {taken}"


def test_a_sticky_shared_folder_like_tmp_still_records(tmp_path):
    """/tmp (1777): others cannot rename or remove an entry the proxy's user owns there."""
    sticky = tmp_path / "tmp"
    sticky.mkdir()
    sticky.chmod(0o1777)
    rec = Recorder(sticky / "rec", Rotation(), clock=lambda: START)
    rec.open()
    record(rec)
    rec.release()
    assert auditlog.verify(auditlog.index_files(sticky / "rec")) == []


def test_the_parents_made_under_umask_000_are_private(tmp_path):
    old = os.umask(0)
    try:
        rec = Recorder(tmp_path / "srv" / "eg" / "rec", Rotation(), clock=lambda: START)
        rec.open()
        record(rec)
        rec.release()
    finally:
        os.umask(old)
    for folder in (tmp_path / "srv", tmp_path / "srv" / "eg", tmp_path / "srv" / "eg" / "rec"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
