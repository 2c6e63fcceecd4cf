"""Recorder: offsets that read back, rotation, crash repair, retention."""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime

import pytest
from mitmproxy import io
from mitmproxy.test import tflow

from addons.audit import index as auditlog
from addons.audit.recorder import Recorder, Rotation, end_of_flows, read_flow_at


def record(rec: Recorder, flow=None):
    flow = flow or tflow.tflow(resp=True)
    return flow, rec.record_flow(flow, lambda file, offset: {"event": "flow", "flow_id": flow.id, "file": file,
                                                             "offset": offset})


def all_flows(path):
    with open(path, "rb") as f:
        return list(io.FlowReader(f).stream())


def check_index_points_to_flows(directory):
    files = auditlog.index_files(directory)
    n = 0
    for _, _, r in auditlog.read_records(files):
        if r.get("event") == "flow":
            assert read_flow_at(directory / r["file"], r["offset"]).id == r["flow_id"]
            n += 1
    return n


def test_offsets_read_back_and_files_are_complete(tmp_path):
    rec = Recorder(tmp_path, Rotation())
    assert rec.open() == []
    ids = [record(rec)[0].id for _ in range(3)]
    rec.release()
    assert check_index_points_to_flows(tmp_path) == 3
    [mitm] = tmp_path.glob("*.mitm")
    assert [f.id for f in all_flows(mitm)] == ids
    assert auditlog.verify(auditlog.index_files(tmp_path)) == []


def test_size_rotation_anchors_the_chain(tmp_path):
    rec = Recorder(tmp_path, Rotation(hourly=False, max_bytes=1))  # every flow fills a file
    rec.open()
    for _ in range(3):
        record(rec)
    rec.release()
    files = auditlog.index_files(tmp_path)
    assert len(files) == 3 and len(list(tmp_path.glob("*.mitm"))) == 3
    assert auditlog.verify(files) == []
    assert check_index_points_to_flows(tmp_path) == 3


def test_hourly_rotation(tmp_path):
    now = [datetime(2026, 3, 1, 10, 59, 58, tzinfo=UTC).timestamp()]
    rec = Recorder(tmp_path, Rotation(), clock=lambda: now[0])
    rec.open()
    record(rec)
    record(rec)
    now[0] += 4  # 11:00:02
    record(rec)
    rec.release()
    files = auditlog.index_files(tmp_path)
    assert [len(list(auditlog.read_records([f]))) for f in files] == [2, 1]
    assert auditlog.verify(files) == []
    # A restart within the same hour appends to the current pair; an hour later starts a new one.
    rec = Recorder(tmp_path, Rotation(), clock=lambda: now[0])
    rec.open()
    assert rec.current_stem == files[-1].stem
    now[0] += 3600
    rec.open()
    assert rec.current_stem != files[-1].stem
    rec.release()


def test_rotation_option():
    assert Rotation.parse("hourly") == Rotation(True, 0)
    assert Rotation.parse("size:5m") == Rotation(False, 5 * 1024 * 1024)
    for bad in ("daily", "size:0m", "size:5", "size:-1m"):
        with pytest.raises(ValueError):
            Rotation.parse(bad)


def test_restart_after_a_crash_cuts_torn_tails_and_continues_the_chain(tmp_path):
    rec = Recorder(tmp_path, Rotation())
    rec.open()
    record(rec)
    _last_flow, last = record(rec)
    rec.release()
    [mitm] = tmp_path.glob("*.mitm")
    [index] = auditlog.index_files(tmp_path)
    good_size = mitm.stat().st_size
    # What SIGKILL can leave: half a flow in the recording, half a line in the index.
    with open(mitm, "ab") as f:
        f.write(mitm.read_bytes()[:700])
    with open(index, "ab") as f:
        f.write(b'{"event":"flow","flow_id":"x","fi')
    assert [p.kind for p in auditlog.verify([index])] == ["incomplete_tail"]
    assert end_of_flows(mitm) == (good_size, 2)

    rec = Recorder(tmp_path, Rotation())
    events = rec.open()
    assert sorted(e["what"] for e in events) == ["index", "recording"]
    assert mitm.stat().st_size == good_size
    for e in events:
        rec.record_event(e)
    record(rec)
    rec.release()
    assert auditlog.verify(auditlog.index_files(tmp_path)) == []
    assert check_index_points_to_flows(tmp_path) == 3
    assert len(all_flows(mitm)) == 3  # no FlowReadException anywhere in the file
    seqs = [r["seq"] for _, _, r in auditlog.read_records([index])]
    assert seqs == [1, 2, 3, 4, 5] and last["seq"] == 2


def test_retention_removes_old_files_and_records_it(tmp_path):
    rec = Recorder(tmp_path, Rotation(hourly=False, max_bytes=1))
    rec.open()
    record(rec)
    record(rec)
    old = auditlog.index_files(tmp_path)[0]
    ten_days_ago = time.time() - 10 * 86400
    for p in (old, old.with_suffix(".mitm")):
        os.utime(p, (ten_days_ago, ten_days_ago))
    assert rec.remove_expired(30) is None
    event = rec.remove_expired(7)
    assert sorted(event["removed"]) == sorted([old.name, old.with_suffix(".mitm").name])
    assert auditlog.parse_time(event["time"]).timestamp() > ten_days_ago  # every record has a time
    assert not old.exists()
    rec.release()
    remaining = auditlog.index_files(tmp_path)
    assert [r["event"] for _, _, r in auditlog.read_records(remaining)][-1] == "retention"
    assert auditlog.verify(remaining) == []  # the chain is still whole from the first kept file


def test_unserialisable_metadata_writes_nothing(tmp_path):
    rec = Recorder(tmp_path, Rotation())
    rec.open()
    record(rec)
    bad = tflow.tflow(resp=True)
    bad.metadata["live object"] = {1, 2}
    with pytest.raises(ValueError):
        record(rec, bad)
    record(rec)
    rec.release()
    assert check_index_points_to_flows(tmp_path) == 2
    assert auditlog.verify(auditlog.index_files(tmp_path)) == []


def test_one_recorder_per_folder(tmp_path):
    first = Recorder(tmp_path, Rotation())
    first.open()
    with pytest.raises(OSError, match="another exitguard process"):
        Recorder(tmp_path, Rotation()).open()
    first.open()  # re-opening its own folder (after a write failure) is fine
    first.release()
    second = Recorder(tmp_path, Rotation())
    second.open()
    second.release()


def test_recordings_are_private_to_the_proxy_user(tmp_path):
    folder = tmp_path / "rec"
    rec = Recorder(folder, Rotation())
    rec.open()
    record(rec)
    assert oct(folder.stat().st_mode & 0o777) == oct(0o700)
    for path in list(folder.glob("audit-*.mitm")) + list(folder.glob("audit-*.jsonl")):
        assert oct(path.stat().st_mode & 0o777) == oct(0o600), path.name


def test_the_hour_window_the_recorder_checks_is_the_hour_rotation_compares():
    rotation = Rotation()
    opened = datetime(2026, 3, 1, 10, 17, 5, tzinfo=UTC)
    start, end = rotation.hour_of(opened)
    for offset in (-3601, -3600, -1040, -1026, -1025, -1, 0, 1, 2574, 2575, 2576, 3600, 7200):
        t = opened.timestamp() + offset
        assert (not start <= t < end) == rotation.due(opened, 0, datetime.fromtimestamp(t, UTC)), offset
    assert Rotation(hourly=False, max_bytes=1).hour_of(opened) is None


@pytest.mark.parametrize("lost", [1, 700, "all"])
def test_restart_after_a_power_loss_cuts_index_lines_whose_flows_were_lost(tmp_path, lost):
    # A round syncs its recording and its index at once: a power loss can keep the index lines of the last round
    # and lose (part of) their flows. None of those clients had an answer; the lines go, and the cut is recorded.
    rec = Recorder(tmp_path, Rotation())
    rec.open()
    _, first = record(rec)
    record(rec)
    record(rec)
    rec.release()
    [mitm] = tmp_path.glob("*.mitm")
    [index] = auditlog.index_files(tmp_path)
    first_end = first["offset"] + first["flow_bytes"]
    size = mitm.stat().st_size
    with open(mitm, "r+b") as f:
        f.truncate(first_end if lost == "all" else size - lost)
    assert auditlog.check_recordings(tmp_path, [index])  # as it is, the chain's flows are not all there

    rec = Recorder(tmp_path, Rotation())
    events = rec.open()
    cut = [e for e in events if e["what"] == "index_without_flows"]
    assert [e["lines"] for e in cut] == [2 if lost == "all" else 1]
    for e in events:
        rec.record_event(e)
    record(rec)
    rec.release()
    assert auditlog.verify(auditlog.index_files(tmp_path)) == []
    assert auditlog.check_recordings(tmp_path, auditlog.index_files(tmp_path)) == []
    assert len(all_flows(mitm)) == (2 if lost == "all" else 3)


def test_a_round_of_flows_is_durable_in_both_files_before_it_returns(tmp_path, monkeypatch):
    synced: list[int] = []
    real = os.fdatasync
    monkeypatch.setattr(os, "fdatasync", lambda fd: (real(fd), synced.append(fd))[0])
    rec = Recorder(tmp_path, Rotation())
    rec.open()
    synced.clear()
    _, sealed = record(rec)
    assert sorted(synced) == sorted([rec._mitm.fileno(), rec._index.fileno()])
    index = auditlog.index_files(tmp_path)[0]
    assert index.read_bytes().endswith(b"\n") and sealed["hash"].encode() in index.read_bytes()
    rec.release()
