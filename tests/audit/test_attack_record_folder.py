"""The recorder under a local user who can reach its record folder: a symlink or a FIFO planted at the name of the
next recording, index or lock file, and a folder others may write to. The recorder refuses (an OSError: at
start-up the proxy does not run, later the recorder is broken and guarded traffic gets 503) instead of writing
through the link, blocking for ever, or keeping evidence in a folder anyone can rewrite."""

from __future__ import annotations

import os
import stat
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
from mitmproxy.test import tflow

from addons.audit import index as auditlog
from addons.audit.recorder import LOCK_NAME, Recorder, Rotation
from tests.owners import give_to_another_user

START = datetime(2026, 12, 3, 10, 0, 0, tzinfo=UTC).timestamp()


def at(seconds: float):
    return lambda: seconds


def record(rec: Recorder) -> dict:
    flow = tflow.tflow(resp=True)
    return rec.record_flow(flow, lambda file, offset: {"event": "flow", "flow_id": flow.id, "file": file,
                                                       "offset": offset})


def next_stem(seq: int, when: float) -> str:
    return auditlog.file_stem(seq, datetime.fromtimestamp(when, UTC))


def planted_target(tmp_path: Path) -> Path:
    """A file of the attacker's, readable by everyone: whatever the recorder writes through a link lands here."""
    elsewhere = tmp_path / "attacker"
    elsewhere.mkdir(exist_ok=True)
    target = elsewhere / "collected"
    target.write_bytes(b"")
    target.chmod(0o666)
    return target


def rotating_recorder(tmp_path: Path) -> tuple[Recorder, list[float]]:
    now = [START]
    rec = Recorder(tmp_path / "rec", Rotation(), clock=lambda: now[0])
    rec.open()
    record(rec)
    now[0] = START + 3600  # the next flow rotates to audit-000002-<this second>
    return rec, now


@pytest.mark.parametrize("suffix", [".mitm", ".jsonl"])
def test_a_symlink_at_the_name_the_next_rotation_takes_is_refused(tmp_path, suffix):
    """Names are predictable (sequence + the second of the first flow of the hour): one link per second of the
    next hour is 3,600 links."""
    rec, now = rotating_recorder(tmp_path)
    target = planted_target(tmp_path)
    (rec.directory / f"{next_stem(2, now[0])}{suffix}").symlink_to(target)
    with pytest.raises(OSError):
        record(rec)
    rec.release()
    assert target.read_bytes() == b""


@pytest.mark.parametrize("suffix", [".mitm", ".jsonl"])
def test_a_symlink_in_place_of_the_newest_pair_is_refused_at_start(tmp_path, suffix):
    """The newest pair is re-opened for appending when the proxy starts again within the hour."""
    folder = tmp_path / "rec"
    rec = Recorder(folder, Rotation(), clock=at(START))
    rec.open()
    record(rec)
    rec.release()
    [path] = folder.glob(f"audit-*{suffix}")
    target = planted_target(tmp_path)
    target.write_bytes(path.read_bytes())
    path.unlink()
    path.symlink_to(target)
    before = target.read_bytes()
    rec = Recorder(folder, Rotation(), clock=at(START + 60))
    with pytest.raises(OSError):
        rec.open()
        record(rec)
    rec.release()
    assert target.read_bytes() == before


def test_a_fifo_at_the_name_the_next_rotation_takes_is_refused_not_waited_on(tmp_path):
    """Opening a FIFO for writing blocks until someone reads it: the writing thread, and every guarded flow
    waiting on it, would hang with no error and no 503."""
    rec, now = rotating_recorder(tmp_path)
    fifo = rec.directory / f"{next_stem(2, now[0])}.mitm"
    os.mkfifo(fifo)
    outcome: list[object] = []

    def writing() -> None:
        try:
            record(rec)
            outcome.append("recorded")
        except OSError as e:
            outcome.append(e)

    writer = threading.Thread(target=writing, daemon=True)
    writer.start()
    writer.join(10)
    if writer.is_alive():
        with open(fifo, "rb"):  # unblocks the stuck open before failing
            pass
        pytest.fail("the recorder blocks for ever opening a FIFO planted at the next recording's name")
    rec.release()
    assert len(outcome) == 1 and isinstance(outcome[0], OSError)


def test_a_symlink_at_the_lock_files_name_is_refused(tmp_path):
    folder = tmp_path / "rec"
    folder.mkdir(mode=0o700)
    target = tmp_path / "attacker-chosen-place"
    (folder / LOCK_NAME).symlink_to(target)
    rec = Recorder(folder, Rotation(), clock=at(START))
    with pytest.raises(OSError):
        rec.open()
    rec.release()
    assert not target.exists()


@pytest.mark.parametrize("mode", [0o770, 0o707, 0o1777], ids=["group-writable", "other-writable", "sticky-tmp"])
def test_a_record_folder_others_can_write_is_refused(tmp_path, mode, monkeypatch):
    """Whoever can write the folder can plant links, delete a rotated pair or copy an old file over a new one;
    a sticky bit stops none of that for names the proxy has not created yet."""
    folder = tmp_path / "rec"
    folder.mkdir()
    folder.chmod(mode)
    if mode & 0o020:  # group-writable: refused when the group is not the proxy's own
        if os.geteuid() == 0:
            os.chown(folder, -1, 65534)  # given to another group for real
        else:  # a user cannot give a folder away: the proxy is made to run under another group instead
            group = folder.stat().st_gid
            monkeypatch.setattr(os, "getegid", lambda: group + 1)
    rec = Recorder(folder, Rotation(), clock=at(START))
    with pytest.raises(OSError, match="others can write"):
        rec.open()
    rec.release()
    assert not list(folder.glob("audit-*"))


def test_a_record_folder_another_user_owns_is_refused(tmp_path, monkeypatch):
    """Its owner may chmod it at any time (then plant links, delete or copy pairs), whatever its mode is now."""
    folder = tmp_path / "rec"
    folder.mkdir(mode=0o700)
    uid = give_to_another_user(folder, monkeypatch)
    rec = Recorder(folder, Rotation(), clock=at(START))
    with pytest.raises(OSError, match=f"owned by uid {uid}"):
        rec.open()
    rec.release()
    assert not list(folder.glob("audit-*"))


def test_a_private_folder_still_records(tmp_path):
    """What the checks must not cost: a 0700 or 0755 folder, created or existing, or one writable by the proxy's
    own group (Kubernetes' fsGroup: 2775), records as before."""
    for mode in (0o700, 0o755, 0o2775):
        folder = tmp_path / f"rec-{mode:o}"
        folder.mkdir()
        folder.chmod(mode)
        rec = Recorder(folder, Rotation(), clock=at(START))
        rec.open()
        record(rec)
        rec.release()
        assert auditlog.verify(auditlog.index_files(folder)) == []
    created = tmp_path / "new" / "rec"
    rec = Recorder(created, Rotation(), clock=at(START))
    rec.open()
    rec.release()
    assert stat.S_IMODE(created.stat().st_mode) == 0o700


def test_a_chain_key_others_may_read_or_replace_is_refused(tmp_path):
    """The keyed chain proves only that whoever wrote the index held the key. A key file others may read (an
    operator's `openssl rand -hex 32 > key`: 0644), or in a folder others may write (replace it between runs,
    then seal edited records with a key of one's own), was taken as it was."""
    from mitmproxy import exceptions

    from addons.audit.audit import chain_key

    readable = tmp_path / "keys" / "readable.key"
    readable.parent.mkdir(mode=0o700)
    readable.write_text("ab" * 32 + "\n")
    readable.chmod(0o644)
    with pytest.raises(exceptions.OptionsError, match="mode 0644"):
        chain_key(readable, tmp_path / "rec")
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    swapped = shared / "record.key"
    swapped.write_text("cd" * 32 + "\n")
    swapped.chmod(0o600)
    with pytest.raises(exceptions.OptionsError, match="group/others may replace"):
        chain_key(swapped, tmp_path / "rec")
    private = tmp_path / "keys" / "private.key"
    private.write_text("ef" * 32 + "\n")
    private.chmod(0o600)
    assert chain_key(private, tmp_path / "rec") == bytes.fromhex("ef" * 32)
