"""Group commit: concurrent records share one fdatasync round, and no waiter is answered before its round is durable
(or failed)."""

from __future__ import annotations

import asyncio
import errno
import os
import threading
import time
from concurrent.futures import Future

import pytest
from mitmproxy.test import taddons, tflow

from addons.audit import audit, groupcommit
from addons.audit import index as auditlog
from addons.audit.groupcommit import GroupCommit
from addons.audit.recorder import EventEntry, FlowEntry, Recorder, RecorderBroken, Rotation, read_flow_at
from addons.core import health, metakeys
from tests.audit.test_audit_addon import guarded_flow

WAIT = 10  # seconds: generous on a loaded machine; the tests never sleep for it


def flow_entry(flow=None) -> tuple[str, FlowEntry]:
    flow = flow or tflow.tflow(resp=True)
    return flow.id, FlowEntry(Recorder.serialize(flow),
                              lambda file, offset: {"event": "flow", "flow_id": flow.id, "file": file,
                                                    "offset": offset})


class Gate:
    """Holds the syncing thread inside its fdatasyncs until released (the first ``held`` of them, each by its own
    event), or the writing thread inside its first round's write; counts rounds and fdatasyncs."""

    def __init__(self, rec: Recorder, monkeypatch, held: int = 1, hold_write: bool = False) -> None:
        self.rounds: list[int] = []  # entries per pipelined round
        self.syncing = [threading.Event() for _ in range(held)]
        self.releases = [threading.Event() for _ in range(held)]
        self.writing = threading.Event()
        self.release_write = threading.Event()
        self.fdatasyncs = 0
        calls = [0]
        real_write, real_sync, real_fdatasync = rec.write, rec._sync_files, os.fdatasync

        def write(entries, tokens):
            self.rounds.append(len(entries))
            if hold_write and len(self.rounds) == 1:
                self.writing.set()
                assert self.release_write.wait(WAIT)
            return real_write(entries, tokens)

        def sync(mitm, index, flows):
            n, calls[0] = calls[0], calls[0] + 1
            if n < held:
                self.syncing[n].set()
                assert self.releases[n].wait(WAIT)
            return real_sync(mitm, index, flows)

        def fdatasync(fd):
            self.fdatasyncs += 1
            real_fdatasync(fd)

        monkeypatch.setattr(rec, "write", write)
        monkeypatch.setattr(rec, "_sync_files", sync)
        monkeypatch.setattr(os, "fdatasync", fdatasync)

    @property
    def release(self) -> threading.Event:
        return self.releases[0]


@pytest.fixture
def rec(tmp_path):
    r = Recorder(tmp_path, Rotation())
    r.open()
    yield r
    r.release()


def records(directory) -> list[dict]:
    return [r for _, _, r in auditlog.read_records(auditlog.index_files(directory))]


def wait_for_lines(directory, n: int) -> None:
    """Until the index holds ``n`` lines (written, whether or not synced)."""
    deadline = time.monotonic() + WAIT
    while sum(p.read_bytes().count(b"\n") for p in directory.glob("*.jsonl")) < n:
        assert time.monotonic() < deadline, "not written"
        time.sleep(0.001)


def test_flows_arriving_during_a_sync_are_written_meanwhile_and_share_the_next_fdatasyncs(rec, tmp_path,
                                                                                          monkeypatch):
    gate = Gate(rec, monkeypatch)
    commits = GroupCommit(rec)
    first_id, first = flow_entry()
    first_done = commits.submit(first)
    assert gate.syncing[0].wait(WAIT)  # the first round is in its sync
    later = [flow_entry() for _ in range(4)]
    later_done = [commits.submit(entry) for _, entry in later]
    wait_for_lines(tmp_path, 5)  # overlapping rounds: the next round is written while the first one syncs
    assert not first_done.done() and not any(f.done() for f in later_done)  # nobody answered before the sync
    assert gate.fdatasyncs == 0
    gate.release.set()
    sealed = [f.result(WAIT) for f in [first_done, *later_done]]
    commits.stop()
    assert gate.rounds[0] == 1 and sum(gate.rounds) == 5  # the others: written during the first round's sync
    assert gate.fdatasyncs == 4  # recording + index, once per round
    assert [s["flow_id"] for s in sealed] == [first_id] + [fid for fid, _ in later]
    assert [r["flow_id"] for r in records(tmp_path)] == [s["flow_id"] for s in sealed]
    for s in sealed:
        assert read_flow_at(tmp_path / s["file"], s["offset"]).id == s["flow_id"]


def test_an_fdatasync_in_flight_when_a_flow_was_written_does_not_release_it(rec, tmp_path, monkeypatch):
    """Attacker's view of overlapping rounds: a flow written while an fdatasync runs may be past what that
    fdatasync makes durable; only the next one, started after its bytes, may release it."""
    gate = Gate(rec, monkeypatch, held=2)
    commits = GroupCommit(rec)
    first = commits.submit(flow_entry()[1])
    assert gate.syncing[0].wait(WAIT)
    later = [commits.submit(flow_entry()[1]) for _ in range(3)]
    wait_for_lines(tmp_path, 4)  # written during the first fdatasync
    gate.releases[0].set()
    assert first.result(WAIT)["seq"] == 1
    assert gate.syncing[1].wait(WAIT)  # the next fdatasync, for them, has started and is held
    assert not any(f.done() for f in later)
    gate.releases[1].set()
    assert [f.result(WAIT)["seq"] for f in later] == [2, 3, 4]
    commits.stop()
    files = auditlog.index_files(tmp_path)
    assert auditlog.verify(files) == [] and auditlog.check_recordings(tmp_path, files) == []


def test_a_failed_fdatasync_fails_the_rounds_written_after_it_started_too(rec, tmp_path, monkeypatch):
    """Linux reports a failed writeback once: a later fdatasync may succeed over pages the failed one lost. So a
    failure fails every waiter not yet durable, whichever fdatasync it waited for, and cuts their bytes back."""
    durable = GroupCommit(rec).submit(flow_entry()[1]).result(WAIT)
    size = {p.suffix: p.stat().st_size for p in tmp_path.glob("audit-*")}
    gate = Gate(rec, monkeypatch)
    real_sync = rec._sync_files

    def first_fails(mitm, index, flows):
        real_sync(mitm, index, flows)  # the gate: holds it while the next rounds are written
        raise OSError(errno.EIO, "Input/output error")

    commits = GroupCommit(rec)
    monkeypatch.setattr(rec, "_sync_files", first_fails)
    covered = commits.submit(flow_entry()[1])
    later = [commits.submit(flow_entry()[1]) for _ in range(3)]
    wait_for_lines(tmp_path, 5)
    gate.release.set()
    for f in [covered, *later]:
        with pytest.raises(OSError) as e:
            f.result(WAIT)
        assert e.value.errno == errno.EIO
    commits.stop()
    assert [r["seq"] for r in records(tmp_path)] == [durable["seq"]]
    assert {p.suffix: p.stat().st_size for p in tmp_path.glob("audit-*")} == size
    files = auditlog.index_files(tmp_path)
    assert auditlog.verify(files) == [] and auditlog.check_recordings(tmp_path, files) == []


def test_a_failed_sync_fails_every_waiter_of_its_round_and_writes_nothing_of_it(rec, tmp_path, monkeypatch):
    _, ok = flow_entry()
    durable = GroupCommit(rec).submit(ok).result(WAIT)
    size = {p.suffix: p.stat().st_size for p in tmp_path.glob("audit-*")}
    gate = Gate(rec, monkeypatch)
    commits = GroupCommit(rec)
    blocker = commits.submit(EventEntry({"event": "marker"}))
    assert gate.syncing[0].wait(WAIT)
    failing = [commits.submit(flow_entry()[1]) for _ in range(3)]
    wait_for_lines(tmp_path, 5)  # written while the first round syncs: its sync must not release them

    def full(mitm, index, flows):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(rec, "_sync_files", full)
    gate.release.set()
    assert blocker.result(WAIT)["event"] == "marker"  # its round was durable before the disk filled
    for f in failing:
        with pytest.raises(OSError) as e:
            f.result(WAIT)
        assert e.value.errno == errno.ENOSPC
    assert gate.rounds[0] == 1 and sum(gate.rounds) == 4
    # The recorder stays closed until it is re-opened: later entries fail at once, nothing is half written.
    with pytest.raises(RecorderBroken):
        commits.submit(EventEntry({"event": "late"})).result(WAIT)
    commits.stop()
    assert [r["event"] for r in records(tmp_path)] == ["flow", "marker"]
    assert {p.suffix: p.stat().st_size for p in tmp_path.glob("audit-*")}[".mitm"] == size[".mitm"]
    assert auditlog.verify(auditlog.index_files(tmp_path)) == []
    assert auditlog.check_recordings(tmp_path, auditlog.index_files(tmp_path)) == []
    assert durable["seq"] == 1


def test_concurrent_submitters_index_lines_follow_the_chain_and_the_recording(rec, tmp_path):
    commits = GroupCommit(rec)
    results: list[Future] = []
    lock = threading.Lock()

    def client(n: int) -> None:
        for _ in range(n):
            f = commits.submit(flow_entry()[1])
            with lock:
                results.append(f)
            f.result(WAIT)  # like a client waiting for its answer before the next request

    threads = [threading.Thread(target=client, args=(15,)) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(WAIT)
    commits.stop()
    recs = records(tmp_path)
    assert len(recs) == 120 and sorted(f.result()["seq"] for f in results) == list(range(1, 121))
    assert [r["seq"] for r in recs] == list(range(1, 121))  # index order = chain order
    assert [r["offset"] for r in recs] == sorted(r["offset"] for r in recs)  # = recording order
    files = auditlog.index_files(tmp_path)
    assert auditlog.verify(files) == [] and auditlog.check_recordings(tmp_path, files) == []


def test_a_rotation_inside_a_round_commits_each_pair(tmp_path):
    rec = Recorder(tmp_path, Rotation(hourly=False, max_bytes=1))  # every flow fills a file
    rec.open()
    done = rec.commit([flow_entry()[1] for _ in range(3)])
    rec.release()
    assert done.error is None and len({s["file"] for s in done.sealed}) == 3
    files = auditlog.index_files(tmp_path)
    assert len(files) == 3 and auditlog.verify(files) == [] and auditlog.check_recordings(tmp_path, files) == []


def test_a_failure_after_a_rotation_keeps_what_the_old_pair_made_durable(tmp_path, monkeypatch):
    rec = Recorder(tmp_path, Rotation(hourly=False, max_bytes=1))
    rec.open()
    real_sync, calls = rec._sync_files, []

    def second_fails(mitm, index, flows):
        calls.append(flows)
        if len(calls) == 2:
            raise OSError(errno.EIO, "Input/output error")
        return real_sync(mitm, index, flows)

    monkeypatch.setattr(rec, "_sync_files", second_fails)
    done = rec.commit([flow_entry()[1] for _ in range(3)])
    assert len(done.sealed) == 1 and isinstance(done.error, OSError)
    monkeypatch.undo()
    rec.open()  # what the addon's retry does
    rec.record_event({"event": "recorder_resumed"})
    rec.release()
    files = auditlog.index_files(tmp_path)
    assert [r["event"] for r in records(tmp_path)] == ["flow", "recorder_resumed"]
    assert auditlog.verify(files) == [] and auditlog.check_recordings(tmp_path, files) == []


def test_a_new_pair_that_cannot_be_opened_keeps_the_old_pair_whole(tmp_path, monkeypatch):
    rec = Recorder(tmp_path, Rotation(hourly=False, max_bytes=1))
    rec.open()

    def no_new_pair(now):
        raise OSError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(rec, "_new_pair", no_new_pair)
    done = rec.commit([flow_entry()[1] for _ in range(2)])
    rec.release()
    assert len(done.sealed) == 1 and done.error.errno == errno.EACCES
    files = auditlog.index_files(tmp_path)
    assert [r["flow_id"] for r in records(tmp_path)] == [done.sealed[0]["flow_id"]]
    assert auditlog.verify(files) == [] and auditlog.check_recordings(tmp_path, files) == []


def test_a_cancelled_waiter_is_not_written(rec, tmp_path, monkeypatch):
    gate = Gate(rec, monkeypatch, held=0, hold_write=True)
    commits = GroupCommit(rec)
    commits.submit(EventEntry({"event": "first"}))
    assert gate.writing.wait(WAIT)
    gone = commits.submit(EventEntry({"event": "gone"}))
    kept = commits.submit(EventEntry({"event": "kept"}))
    assert gone.cancel()  # its hook ended before its round began
    gate.release_write.set()
    assert kept.result(WAIT)["event"] == "kept"
    commits.stop()
    assert [r["event"] for r in records(tmp_path)] == ["first", "kept"]


async def test_one_loop_pass_hands_over_together_and_one_callback_settles_the_round(rec, tmp_path, monkeypatch):
    """Each meeting of the loop and the thread is a GIL hand-off and a wake-up: one per pass and per round."""
    gate = Gate(rec, monkeypatch)
    gate.release.set()
    commits = GroupCommit(rec)
    wakeups, real = [], groupcommit._resolve_all
    monkeypatch.setattr(groupcommit, "_resolve_all", lambda outcomes: (wakeups.append(len(outcomes)), real(outcomes)))
    entries = [flow_entry() for _ in range(5)]
    sealed = await asyncio.gather(*(commits.write(entry) for _, entry in entries))
    commits.stop()
    assert gate.rounds == [5] and wakeups == [5]
    assert [s["flow_id"] for s in sealed] == [fid for fid, _ in entries]
    assert [s["seq"] for s in sealed] == [1, 2, 3, 4, 5]
    assert auditlog.verify(auditlog.index_files(tmp_path)) == []


async def test_a_write_after_stop_fails_closed(rec):
    commits = GroupCommit(rec)
    commits.stop()
    with pytest.raises(RecorderBroken):
        await asyncio.wait_for(commits.write(EventEntry({"event": "late"})), WAIT)


async def test_concurrent_guarded_flows_all_refused_when_their_round_fails(tmp_path, rt, monkeypatch):
    """Every flow waiting on a failed round is answered 503 (not recorded) and the recorder is marked broken."""
    monkeypatch.setattr(health, "_recorder_broken", False)  # put back as it was, whatever this test leaves
    a = audit.Audit()
    with taddons.context(a) as tctx:
        tctx.configure(a, exitguard_record_dir=str(tmp_path))
        assert a.recorder is not None

        def full(mitm, index, flows):
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(a.recorder, "_sync_files", full)
        flows = [guarded_flow({"n": i}) for i in range(6)]
        await asyncio.gather(*(a.response(f) for f in flows))
        assert [f.response.status_code for f in flows] == [503] * 6
        assert health.recorder_broken() and a.unrecorded == 6
        assert not any(metakeys.RECORD_FILE in f.metadata for f in flows)
    a.done()
    assert records(tmp_path) == []


async def test_concurrent_flows_are_answered_after_their_records_are_durable(tmp_path, rt):
    a = audit.Audit()
    with taddons.context(a) as tctx:
        tctx.configure(a, exitguard_record_dir=str(tmp_path))
        flows = [guarded_flow({"n": i}) for i in range(10)]
        await asyncio.gather(*(a.response(f) for f in flows))
        # Each hook returned only once its line was on disk: read it back now, before shutdown.
        on_disk = {r["flow_id"]: r for r in records(tmp_path)}
        for f in flows:
            assert f.response.status_code == 200
            assert on_disk[f.id]["file"] == f.metadata[metakeys.RECORD_FILE]
    a.done()


@pytest.mark.parametrize("failing", [".mitm", ".jsonl"])
def test_an_eio_from_fdatasync_itself_fails_what_it_covered_and_everything_after(rec, tmp_path, monkeypatch,
                                                                              failing):
    """The injected error at the true edge (``os.fdatasync`` on one of the files), under concurrent submitters:
    no waiter it covered, and none written after it, is answered; what was answered before stays, in step."""
    real, calls = os.fdatasync, []

    def fdatasync(fd):
        calls.append(fd)
        if len(calls) > 6 and os.readlink(f"/proc/self/fd/{fd}").endswith(failing):
            raise OSError(errno.EIO, "Input/output error")
        real(fd)

    monkeypatch.setattr(os, "fdatasync", fdatasync)
    commits = GroupCommit(rec)
    outcomes: list[dict | OSError] = []
    lock = threading.Lock()

    def client() -> None:
        for _ in range(10):
            try:
                sealed = commits.submit(flow_entry()[1]).result(WAIT)
            except OSError as e:
                with lock:
                    outcomes.append(e)
                return
            with lock:
                outcomes.append(sealed)

    threads = [threading.Thread(target=client) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(WAIT)
    commits.stop()
    answered = [o for o in outcomes if isinstance(o, dict)]
    failed = [o for o in outcomes if isinstance(o, OSError)]
    assert failed and all(isinstance(e, OSError) for e in failed)
    assert any(e.errno == errno.EIO for e in failed)
    recs = records(tmp_path)
    assert [r["seq"] for r in recs] == sorted(s["seq"] for s in answered)  # exactly the answered ones
    files = auditlog.index_files(tmp_path)
    assert auditlog.verify(files) == [] and auditlog.check_recordings(tmp_path, files) == []


def test_size_rotation_under_concurrent_submitters_while_fdatasyncs_overlap(tmp_path):
    """A rotation due in a pipelined round waits for the fdatasync in flight, makes the old pair durable, and only
    then closes it: every answered record is in a pair that verifies, in order."""
    rec = Recorder(tmp_path, Rotation(hourly=False, max_bytes=4096))
    rec.open()
    commits = GroupCommit(rec)
    sealed: list[dict] = []
    lock = threading.Lock()

    def client() -> None:
        for _ in range(10):
            done = commits.submit(flow_entry()[1]).result(WAIT)
            with lock:
                sealed.append(done)

    threads = [threading.Thread(target=client) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(WAIT)
    commits.stop()
    rec.release()
    files = auditlog.index_files(tmp_path)
    assert len(sealed) == 60 and len(files) > 3
    assert [r["seq"] for r in records(tmp_path)] == list(range(1, 61))
    assert auditlog.verify(files) == [] and auditlog.check_recordings(tmp_path, files) == []
    for s in sealed:
        assert read_flow_at(tmp_path / s["file"], s["offset"]).id == s["flow_id"]


def test_a_lone_flow_is_written_and_synced_by_one_thread(rec, tmp_path, monkeypatch):
    """rec52: no hand-over from a writing thread to a syncing one on the way (each wake-up waits for a core and the
    GIL); the second thread writes only what comes while an fdatasync runs."""
    threads: dict[str, list[str]] = {"write": [], "sync": []}
    write, sync = rec.write, rec.sync

    def writing(entries, tokens):
        threads["write"].append(threading.current_thread().name)
        return write(entries, tokens)

    def syncing():
        outcomes = sync()
        if outcomes:
            threads["sync"].append(threading.current_thread().name)
        return outcomes

    monkeypatch.setattr(rec, "write", writing)
    monkeypatch.setattr(rec, "sync", syncing)
    commits = GroupCommit(rec)
    for n in range(3):
        assert commits.submit(EventEntry({"event": f"lone {n}"})).result(WAIT)["event"] == f"lone {n}"
    commits.stop()
    assert len(threads["write"]) == len(threads["sync"]) == 3
    assert threads["write"] == threads["sync"]  # each round synced by the thread that wrote it
    assert [r["event"] for r in records(tmp_path)] == ["lone 0", "lone 1", "lone 2"]
    assert auditlog.verify(auditlog.index_files(tmp_path)) == []


def test_stop_ends_both_threads_when_one_waits_idle_while_the_other_writes(rec, monkeypatch):
    """A lost wake-up at shutdown (seen as a hang of the unit loop after rec52): stop() woke the idle thread while
    the other wrote a round, so it waited again; the writer then synced and ended without waking it, and stop()'s
    join waited for ever (the proxy would hang on exit). Fails before the fix."""
    gate = Gate(rec, monkeypatch, held=0, hold_write=True)
    commits = GroupCommit(rec)
    waits: list[str] = []
    real_wait = commits._wake.wait

    def wait(timeout=None):
        waits.append(threading.current_thread().name)
        return real_wait(timeout)

    monkeypatch.setattr(commits._wake, "wait", wait)
    done = commits.submit(EventEntry({"event": "last"}))
    assert gate.writing.wait(WAIT)  # one thread writes the round (held there)
    deadline = time.monotonic() + WAIT
    while not waits:  # the other thread waits idle
        assert time.monotonic() < deadline
        time.sleep(0.001)
    idle_waits = len(waits)
    stopper = threading.Thread(target=commits.stop, daemon=True)
    stopper.start()
    while len(waits) == idle_waits:  # stop() woke it; a round is still being written, so it waits again
        assert time.monotonic() < deadline
        time.sleep(0.001)
    gate.release_write.set()
    stopper.join(WAIT)
    assert not stopper.is_alive(), "stop() never returned: a recording thread waits for ever"
    assert done.result(WAIT)["event"] == "last"
    assert [r["event"] for r in records(rec.directory)] == ["last"]
