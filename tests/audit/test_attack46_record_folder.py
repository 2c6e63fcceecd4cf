"""attack46 (EVASION.md section 5, "record folder removed / renamed / a file replaced while recording"): an open file
outlives its name. Before the fix every write after the record folder was removed went into files nobody could
read, and succeeded, so guarded answers went out with no readable record until the next rotation (hourly: up to an
hour). Now each fdatasync round checks that both files are still the ones at their names and fails otherwise (the
Audit addon answers that round's guarded responses 503 and re-opens); the folder lock is taken anew in a folder
made again."""

from __future__ import annotations

import errno
import shutil
from pathlib import Path

import pytest
from mitmproxy.test import tflow

from addons.audit import index as auditlog
from addons.audit.recorder import Recorder, Rotation


def record(rec: Recorder) -> dict:
    flow = tflow.tflow(resp=True)
    return rec.record_flow(flow, lambda file, offset: {"event": "flow", "flow_id": flow.id, "file": file,
                                                       "offset": offset})


def opened(folder: Path) -> Recorder:
    rec = Recorder(folder, Rotation())
    rec.open()
    record(rec)
    return rec


def remove_folder(folder: Path) -> None:
    shutil.rmtree(folder)


def rename_folder(folder: Path) -> None:
    folder.rename(folder.with_name(folder.name + ".moved"))


def replace_index(folder: Path) -> None:
    """A copy put in the index's place (an editor's save, a restore): the proxy holds the old, unnamed file."""
    index = next(folder.glob("audit-*.jsonl"))
    copy = index.with_name("copy")
    shutil.copy(index, copy)
    copy.replace(index)


def remove_recording(folder: Path) -> None:
    next(folder.glob("audit-*.mitm")).unlink()


CHANGES = {"folder removed": remove_folder, "folder renamed": rename_folder, "index replaced": replace_index,
           "recording removed": remove_recording}


@pytest.mark.parametrize("change", CHANGES)
def test_a_record_whose_files_left_their_names_is_not_reported_written(tmp_path, change):
    folder = tmp_path / "records"
    rec = opened(folder)
    CHANGES[change](folder)
    with pytest.raises(OSError) as raised:
        record(rec)
    assert raised.value.errno == errno.ENOENT and "removed or replaced" in str(raised.value)
    rec.release()


@pytest.mark.parametrize("change", CHANGES)
def test_recording_starts_again_at_the_folders_name_and_verifies(tmp_path, change):
    folder = tmp_path / "records"
    rec = opened(folder)
    CHANGES[change](folder)
    with pytest.raises(OSError):
        record(rec)
    rec.open()  # the Audit addon's retry
    sealed = record(rec)
    rec.release()
    assert (folder / sealed["file"]).exists()
    assert auditlog.verify(auditlog.index_files(folder)) == []


def test_the_folder_lock_is_taken_again_in_a_folder_made_again(tmp_path):
    folder = tmp_path / "records"
    rec = opened(folder)
    remove_folder(folder)
    with pytest.raises(OSError):
        record(rec)
    rec.open()
    with pytest.raises(OSError, match="another exitguard process"):
        Recorder(folder, Rotation()).open()  # before the fix: the lock was on the removed file, this one recorded too
    rec.release()


def test_an_untouched_folder_keeps_recording_in_one_pair(tmp_path):
    folder = tmp_path / "records"
    rec = opened(folder)
    for _ in range(3):
        record(rec)
    rec.release()
    assert len(auditlog.index_files(folder)) == 1
    assert auditlog.verify(auditlog.index_files(folder)) == []
