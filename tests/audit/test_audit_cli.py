"""exitguard audit: the table, filters and verify's exit status (records written by the chain helpers)."""

from __future__ import annotations

import json
import os

import pytest

from addons.cli import main as cli
from tests.audit.test_auditlog import lines, write_chain


def test_list_table_and_json(tmp_path, capsys):
    write_chain(tmp_path, [3, 3])
    assert cli.main(["audit", "--dir", str(tmp_path), "--identity", "bob"]) == 0
    out = capsys.readouterr().out
    assert "flow-000" in out and "3 record(s)" in out
    assert cli.main(["audit", "--dir", str(tmp_path), "--json", "--rule", "github-pat-classic"]) == 0
    assert [json.loads(x)["flow_id"] for x in capsys.readouterr().out.splitlines()] == ["flow-0003", "flow-0006"]


def test_verify_exit_status(tmp_path, capsys):
    files = write_chain(tmp_path, [3, 3])
    assert cli.main(["audit", "--dir", str(tmp_path), "verify", "--no-flows"]) == 0
    assert "6 record(s): OK" in capsys.readouterr().out
    data = lines(files[1])
    del data[0]
    files[1].write_bytes(b"".join(data))
    assert cli.main(["audit", "--dir", str(tmp_path), "verify", "--no-flows"]) == 1
    out = capsys.readouterr().out
    assert f"PROBLEM {files[1].name}:1: removed" in out


def test_verify_checks_that_records_point_to_flows(tmp_path, capsys):
    write_chain(tmp_path, [2])  # flow records whose recordings do not exist
    assert cli.main(["audit", "--dir", str(tmp_path), "verify"]) == 1
    assert capsys.readouterr().out.count("missing_flow") == 2
    assert cli.main(["audit", "--dir", str(tmp_path / "missing")]) == 2


def test_an_approval_record_says_which_approval_how_it_ended_and_who_decided(tmp_path, capsys):
    """walk17: decisions are index records of their own; the table named them "approval" and nothing else."""
    from addons.audit.recorder import Recorder, Rotation

    recorder = Recorder(tmp_path, Rotation.parse("hourly"))
    recorder.open()
    recorder.record_event({"event": "approval", "time": "2026-12-04T15:00:00.000Z", "host": "api.github.com",
                           "decision": "approved", "approval": {"id": "3afaf6a8", "state": "approved",
                                                                "decider": "alice", "window_s": 600, "waiting": 0}})
    recorder.record_event({"event": "approval", "time": "2026-12-04T15:01:00.000Z", "host": "api.github.com",
                           "decision": "denied", "approval": {"id": "0badf00d", "state": "expired",
                                                              "decider": None, "waiting": 0}})
    recorder.release()
    assert cli.main(["audit", "--dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out  # piped: wide, one line per record
    assert "approval 3afaf6a8 approved by alice, identical requests pass for 600 s, 0 waiting" in out
    assert "approval 0badf00d expired, 0 waiting" in out


def test_folders_listed_together_are_in_time_order_though_a_chain_is_not(tmp_path, capsys):
    """A flow record carries its request's start and is written when the flow ends: after its own approval record
    (the decision) and after shorter flows. Merging the chains as if their times only grew left such a fleet
    listing out of order."""
    from addons.audit.recorder import Recorder, Rotation

    for name, times in {"a": ["15:00:03", "15:00:01"], "b": ["15:00:02"]}.items():
        recorder = Recorder(tmp_path / name, Rotation.parse("hourly"))
        recorder.open()
        for t in times:
            recorder.record_event({"event": "approval", "time": f"2026-12-04T{t}.000Z", "approval": {"id": t}})
        recorder.release()
    assert cli.main(["audit", "--dir", str(tmp_path / "a"), "--dir", str(tmp_path / "b"), "--json"]) == 0
    shown = [json.loads(line)["time"][11:19] for line in capsys.readouterr().out.splitlines()]
    assert shown == ["15:00:01", "15:00:02", "15:00:03"]


def test_audit_open_leaves_no_copy_of_the_flow_behind_once_mitmweb_is_closed(tmp_path, capsys, monkeypatch):
    """walk21: every `audit open` left its extracted flow in a /tmp/exitguard-audit-* folder for good."""
    import subprocess
    import tempfile

    from addons.audit.recorder import Recorder, Rotation
    from tests.audit.test_recorder import record

    rec_dir, scratch = tmp_path / "rec", tmp_path / "scratch"
    rec_dir.mkdir(mode=0o700)
    scratch.mkdir()
    recorder = Recorder(rec_dir, Rotation())
    recorder.open()
    flow, _ = record(recorder)
    recorder.release()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    opened: list[list[str]] = []

    def mitmweb(cmd):  # while it runs, the one-flow file is there for it to read
        path = cmd[cmd.index("-r") + 1]
        assert os.path.getsize(path) > 0
        opened.append(cmd)
        return 0

    monkeypatch.setattr(subprocess, "call", mitmweb)
    assert cli.main(["audit", "--dir", str(rec_dir), "open", flow.id[:8]]) == 0
    assert opened
    assert [p for p in scratch.rglob("*") if p.name.startswith("flow-")] == []
    # --print hands the file to the caller: it stays
    assert cli.main(["audit", "--dir", str(rec_dir), "open", flow.id[:8], "--print"]) == 0
    printed = capsys.readouterr().out.split()
    assert os.path.exists(printed[printed.index("-r") + 1])


def test_the_throwaway_key_of_the_output_gate_is_not_left_behind(tmp_path, monkeypatch):
    """walk21: without a readable fingerprint key in the default confdir, every audit command left a
    /tmp/exitguard-audit-*/throwaway.key behind (hundreds on a machine that runs the tests)."""
    import tempfile

    from addons.cli import audit

    monkeypatch.setattr(audit, "DEFAULT_CONFDIR", tmp_path / "no-confdir")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    audit._output_runtime.cache_clear()
    try:
        assert audit._safe({"note": "x"}) == {"note": "x"}
    finally:
        audit._output_runtime.cache_clear()
    assert [p.name for p in tmp_path.iterdir()] == []


def test_files_audit_writes_are_private_like_the_records_they_copy(tmp_path, capsys):
    """walk21: the record folder is 0700 and its files 0600, but `audit export -o` and `audit open -o` wrote their
    copies with the umask's mode (0644: every local user reads the records and the scrubbed flow)."""
    from addons.audit.recorder import Recorder, Rotation
    from tests.audit.test_recorder import record

    rec_dir = tmp_path / "rec"
    rec_dir.mkdir(mode=0o700)
    recorder = Recorder(rec_dir, Rotation())
    recorder.open()
    flow, _ = record(recorder)
    recorder.release()
    old = os.umask(0o022)
    try:
        assert cli.main(["audit", "--dir", str(rec_dir), "export", "-o", str(tmp_path / "index.jsonl")]) == 0
        assert cli.main(["audit", "--dir", str(rec_dir), "open", flow.id[:8], "--print",
                         "-o", str(tmp_path / "flow.mitm")]) == 0
    finally:
        os.umask(old)
    capsys.readouterr()
    assert (tmp_path / "index.jsonl").stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "flow.mitm").stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "index.jsonl").read_text().count("\n") == 2  # the record and the chain head


def test_a_fleets_export_says_whose_chain_each_head_anchors(tmp_path, capsys):
    """walk22: `audit export --dir rec-0 --dir rec-1` ended with two chain heads naming neither folder nor replica
    (and the CSV had no replica column): which head to pass to `verify --dir ... --anchor` was a guess."""
    import csv
    import io

    from addons.audit.recorder import Recorder, Rotation

    for name in ("r0", "r1"):
        recorder = Recorder(tmp_path / name, Rotation.parse("hourly"))
        recorder.open()
        recorder.record_event({"event": "approval", "time": "2026-12-04T15:00:01.000Z", "replica": name,
                               "approval": {"id": name}})
        recorder.release()
    dirs = ["--dir", str(tmp_path / "r0"), "--dir", str(tmp_path / "r1")]
    assert cli.main(["audit", *dirs, "export", "--format", "jsonl"]) == 0
    heads = [r for r in map(json.loads, capsys.readouterr().out.splitlines()) if r["event"] == "chain_head"]
    assert sorted(h["replica"] for h in heads) == ["r0", "r1"]
    assert cli.main(["audit", *dirs, "export", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert sorted((r["event"], r["replica"]) for r in rows) == [
        ("approval", "r0"), ("approval", "r1"), ("chain_head", "r0"), ("chain_head", "r1")]


def test_one_folder_is_listed_in_reading_order_and_exported_in_chain_order(tmp_path, capsys):
    """newuser53: `audit list` of one folder was in index order, where an approval record comes before the flow it
    released (a flow record is written when its flow ends) and a long flow after shorter ones. The listing reads by
    time, each approval right under the flow it decided; `--json`, export (and verify) keep the chain."""
    from addons.audit.recorder import Recorder, Rotation

    recorder = Recorder(tmp_path, Rotation.parse("hourly"))
    recorder.open()
    for record in ({"event": "flow", "time": "2026-12-04T15:00:05.000Z", "flow_id": "flow-short", "method": "GET"},
                   {"event": "approval", "time": "2026-12-04T15:00:09.000Z", "decision": "approved",
                    "approval": {"id": "a1b2c3d4", "state": "approved", "decider": "alice", "waiting": 1}},
                   {"event": "approval", "time": "2026-12-04T15:00:11.000Z", "decision": "denied",
                    "approval": {"id": "0badf00d", "state": "expired", "waiting": 0}},  # its flow is not listed
                   {"event": "flow", "time": "2026-12-04T15:00:01.000Z", "flow_id": "flow-held", "method": "POST",
                    "approval": {"id": "a1b2c3d4", "state": "approved"}}):
        recorder.record_event(record)
    recorder.release()
    assert cli.main(["audit", "--dir", str(tmp_path), "--json"]) == 0  # for programs: the index's order
    listed = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r.get("flow_id") or r["approval"]["id"] for r in listed] == [
        "flow-short", "a1b2c3d4", "0badf00d", "flow-held"]
    assert cli.main(["audit", "--dir", str(tmp_path)]) == 0
    table = capsys.readouterr().out
    assert table.index("flow-hel") < table.index("approval a1b2c3d4") < table.index("flow-sho")
    assert cli.main(["audit", "--dir", str(tmp_path), "export"]) == 0
    exported = [json.loads(line) for line in capsys.readouterr().out.splitlines()][:-1]  # the last: the chain head
    assert [r.get("flow_id") or r["approval"]["id"] for r in exported] == [
        "flow-short", "a1b2c3d4", "0badf00d", "flow-held"]
    with pytest.raises(SystemExit):
        cli.main(["audit", "--help"])
    assert "each approval record right under the first flow it decided" in " ".join(capsys.readouterr().out.split())
