"""`exitguard audit verify` catches any change to what was recorded: index or recording, keyed or not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from mitmproxy.test import tflow

from addons.audit import index as auditlog
from addons.audit.recorder import Recorder, Rotation
from addons.cli import main as cli


def write_flows(directory: Path, n: int = 3, key: bytes | None = None) -> list[dict]:
    rec = Recorder(directory, Rotation(), key=key)
    rec.open()
    sealed = []
    for i in range(n):
        flow = tflow.tflow(resp=True)
        flow.response.text = f"answer number {i}: the model said something"
        sealed.append(rec.record_flow(flow, lambda file, offset, f=flow: {"event": "flow", "flow_id": f.id,
                                                                           "file": file, "offset": offset}))
    rec.release()
    return sealed


def verify(directory: Path, *extra: str) -> tuple[int, list[tuple[str, int, str]]]:
    files = auditlog.index_files(directory)
    problems = auditlog.check_recordings(directory, files)
    code = cli.main(["audit", "--dir", str(directory), "verify", "--json", *extra])
    return code, [(p.file, p.line, p.kind) for p in problems]


def mitm_of(directory: Path) -> Path:
    [mitm] = directory.glob("audit-*.mitm")
    return mitm


def index_of(directory: Path) -> Path:
    [index] = auditlog.index_files(directory)
    return index


def test_an_intact_record_verifies(tmp_path, capsys):
    write_flows(tmp_path)
    assert verify(tmp_path) == (0, [])
    assert json.loads(capsys.readouterr().out)["ok"] is True


def test_a_same_length_edit_of_a_recorded_body_is_caught(tmp_path, capsys):
    write_flows(tmp_path)
    mitm = mitm_of(tmp_path)
    data = mitm.read_bytes()
    assert data.count(b"answer number 1") == 1
    mitm.write_bytes(data.replace(b"answer number 1", b"answer NUMBER 1"))
    code, problems = verify(tmp_path)
    assert code == 1 and problems == [(index_of(tmp_path).name, 2, "flow_edited")]


def test_a_deleted_flow_is_caught(tmp_path, capsys):
    sealed = write_flows(tmp_path)
    mitm = mitm_of(tmp_path)
    data = mitm.read_bytes()
    second = sealed[1]
    mitm.write_bytes(data[:second["offset"]] + data[second["offset"] + second["flow_bytes"]:])
    code, problems = verify(tmp_path)
    assert code == 1
    assert (index_of(tmp_path).name, 2, "flow_edited") in problems  # the third flow now sits where the second was
    assert (index_of(tmp_path).name, 3, "flow_missing") in problems


def test_a_swapped_pair_of_flows_is_caught(tmp_path, capsys):
    sealed = write_flows(tmp_path)
    mitm = mitm_of(tmp_path)
    data = mitm.read_bytes()
    pieces = [data[s["offset"]:s["offset"] + s["flow_bytes"]] for s in sealed]
    mitm.write_bytes(pieces[1] + pieces[0] + pieces[2])
    code, problems = verify(tmp_path)
    assert code == 1
    index = index_of(tmp_path).name
    assert {(index, 1, "flow_edited"), (index, 2, "flow_edited")} <= set(problems)


def test_a_swapped_pair_of_index_lines_is_caught(tmp_path, capsys):
    write_flows(tmp_path)
    index = index_of(tmp_path)
    lines = index.read_bytes().splitlines(keepends=True)
    index.write_bytes(lines[1] + lines[0] + lines[2])
    assert cli.main(["audit", "--dir", str(tmp_path), "verify"]) == 1
    assert "reordered" in capsys.readouterr().out


@pytest.mark.parametrize("which", ["recording", "index"])
def test_a_truncated_file_is_caught(tmp_path, capsys, which):
    sealed = write_flows(tmp_path)
    if which == "recording":
        mitm = mitm_of(tmp_path)
        mitm.write_bytes(mitm.read_bytes()[:sealed[2]["offset"] + 10])
        expected = (index_of(tmp_path).name, 3, "flow_missing")
    else:  # cut at a line boundary: the chain alone cannot tell, the recording can
        index = index_of(tmp_path)
        index.write_bytes(b"".join(index.read_bytes().splitlines(keepends=True)[:2]))
        expected = (mitm_of(tmp_path).name, 0, "unindexed")
    code, problems = verify(tmp_path)
    assert code == 1 and problems == [expected]


def test_a_truncated_chain_is_caught_by_the_exported_head(tmp_path, capsys):
    write_flows(tmp_path)
    assert cli.main(["audit", "--dir", str(tmp_path), "export"]) == 0
    head = json.loads(capsys.readouterr().out.splitlines()[-1])
    assert head["event"] == "chain_head" and head["seq"] == 3
    anchor = f"{head['seq']}:{head['hash']}"
    assert cli.main(["audit", "--dir", str(tmp_path), "verify", "--no-flows", "--anchor", anchor]) == 0
    index = index_of(tmp_path)
    index.write_bytes(b"".join(index.read_bytes().splitlines(keepends=True)[:2]))
    assert cli.main(["audit", "--dir", str(tmp_path), "verify", "--no-flows", "--anchor", anchor]) == 1
    assert "anchor_missing" in capsys.readouterr().out


def test_keyed_chain_catches_a_line_rehashed_without_the_key(tmp_path, capsys):
    key_file = tmp_path / "key"
    key_file.write_text("ab" * 32)
    records = tmp_path / "records"
    write_flows(records, key=auditlog.read_key(key_file))
    assert cli.main(["audit", "--dir", str(records), "verify", "--key-file", str(key_file)]) == 0
    index = index_of(records)
    lines = [json.loads(line) for line in index.read_bytes().splitlines()]
    forged = {k: v for k, v in lines[1].items() if k not in ("mac", "key_id")}
    forged["hash"] = auditlog.record_hash(forged)  # what anyone can compute
    lines[1] = forged
    lines[2]["prev"] = forged["hash"]
    lines[2]["hash"] = auditlog.record_hash(lines[2])  # ...and cannot with a key
    index.write_bytes(b"".join(auditlog.canonical(r) + b"\n" for r in lines))
    assert cli.main(["audit", "--dir", str(records), "verify", "--key-file", str(key_file)]) == 1
    out = capsys.readouterr().out
    assert f"{index.name}:2: unkeyed" in out and f"{index.name}:3: edited" in out
    # Without the key the forgery is not provable, and verify says it cannot vouch for the keyed records.
    assert cli.main(["audit", "--dir", str(records), "verify"]) == 1
    assert "key_needed" in capsys.readouterr().out


def test_records_without_a_flow_commitment_are_named(tmp_path, capsys):
    write_flows(tmp_path)
    index = index_of(tmp_path)
    chain = auditlog.Chain()
    old = []
    for line in index.read_bytes().splitlines():  # as format 1 wrote them
        rec = {k: v for k, v in json.loads(line).items()
               if k not in ("flow_bytes", "flow_sha256", "v", "seq", "prev", "hash")}
        _, sealed = chain.seal(rec)
        sealed["v"] = 1
        sealed["hash"] = auditlog.record_hash(sealed)
        chain.advance(sealed)
        old.append(auditlog.canonical(sealed) + b"\n")
    index.write_bytes(b"".join(old))
    code, problems = verify(tmp_path)
    assert code == 1 and [p[2] for p in problems] == ["uncommitted"] * 3
    assert "uncommitted" in capsys.readouterr().out


def test_a_flow_written_but_not_indexed_is_cut_at_start_up(tmp_path):
    write_flows(tmp_path, 2)
    mitm = mitm_of(tmp_path)
    with open(mitm, "ab") as f:  # the proxy died between the recording's fsync and the index line
        f.write(Recorder.serialize(tflow.tflow(resp=True)))
    rec = Recorder(tmp_path, Rotation())
    events = rec.open()
    rec.release()
    assert [(e["event"], e["what"]) for e in events] == [("recovered", "recording")]
    assert verify(tmp_path)[1] == []


def test_a_recording_without_its_index_is_named(tmp_path, capsys):
    write_flows(tmp_path)
    index_of(tmp_path).unlink()
    (tmp_path / "audit-000002-20260101T000000Z.jsonl").write_bytes(b"")  # a later, empty index remains
    code, problems = verify(tmp_path)
    assert code == 1 and problems == [(mitm_of(tmp_path).name, 0, "unindexed")]


def test_the_key_file_is_created_private_and_refused_inside_the_record_folder(tmp_path):
    from mitmproxy import exceptions

    from addons.audit.audit import chain_key

    key = chain_key(tmp_path / "keys" / "record.key", tmp_path / "rec")
    assert len(key) == 32 and (tmp_path / "keys" / "record.key").stat().st_mode & 0o777 == 0o600
    assert chain_key(tmp_path / "keys" / "record.key", tmp_path / "rec") == key  # read back, not replaced
    with pytest.raises(exceptions.OptionsError, match="outside exitguard_record_dir"):
        chain_key(tmp_path / "rec" / "record.key", tmp_path / "rec")
    (tmp_path / "short.key").write_text("abcd")
    (tmp_path / "short.key").chmod(0o600)
    with pytest.raises(exceptions.OptionsError, match="at least 16 bytes"):
        chain_key(tmp_path / "short.key", None)


def replica_folder(directory: Path, replica: str, key: bytes | None) -> Path:
    rec = Recorder(directory, Rotation(), key=key)
    rec.open()
    for _ in range(2):
        flow = tflow.tflow(resp=True)
        rec.record_flow(flow, lambda file, offset, f=flow: {"event": "flow", "flow_id": f.id, "file": file,
                                                             "offset": offset, "replica": replica})
    rec.release()
    return directory


@pytest.mark.parametrize("keyed", [False, True], ids=["unkeyed", "fleet_key"])
def test_one_replicas_folder_copied_over_anothers_is_caught(tmp_path, capsys, keyed):
    """A fleet's replicas share the chain key; each folder's chain verifies on its own, so a copy of rec-a put
    where rec-b was (rec-b's records gone) verified OK, and `audit list` showed rec-a's flows twice."""
    key = b"k" * 32 if keyed else None
    key_file = tmp_path / "chain.key"
    key_file.write_text((key or b"").hex())
    a = replica_folder(tmp_path / "rec-a", "a", key)
    b = replica_folder(tmp_path / "rec-b", "b", key)
    extra = ["--key-file", str(key_file)] if keyed else []
    assert cli.main(["audit", "--dir", str(a), "--dir", str(b), "verify", *extra]) == 0
    capsys.readouterr()
    for p in b.glob("audit-*"):
        p.unlink()
    for p in a.glob("audit-*"):
        (b / p.name).write_bytes(p.read_bytes())
    assert cli.main(["audit", "--dir", str(a), "--dir", str(b), "verify", *extra]) == 1
    out = capsys.readouterr().out
    assert f"PROBLEM {b.name}:0: copied_chain" in out and "rec-a" in out
    assert cli.main(["audit", "--dir", str(a), "--dir", str(b), "verify", "--json", *extra]) == 1
    assert cli.main(["audit", "--dir", str(a), "--dir", str(a), "verify", *extra]) == 0  # one folder named twice


def rotated_pairs(directory: Path) -> list[str]:
    """Three hourly pairs of two flows each; returns their stems, oldest first."""
    now = [1_796_292_000.0]  # 2026-12-03T10:00:00Z
    rec = Recorder(directory, Rotation(), clock=lambda: now[0])
    rec.open()
    for hour in range(3):
        now[0] = 1_796_292_000.0 + hour * 3600
        for _ in range(2):
            flow = tflow.tflow(resp=True)
            rec.record_flow(flow, lambda file, offset, f=flow: {"event": "flow", "flow_id": f.id, "file": file,
                                                                 "offset": offset})
    rec.release()
    return [p.stem for p in auditlog.index_files(directory)]


def _rename_pair(directory: Path, stem: str, new: str) -> None:
    for suffix in (".mitm", ".jsonl"):
        (directory / f"{stem}{suffix}").rename(directory / f"{new}{suffix}")


@pytest.mark.parametrize("attack", ["delete_middle_pair", "swap_two_pairs", "old_pair_copied_over_newest",
                                    "delete_newest_pair"])
def test_tampering_with_whole_rotated_files_is_caught(tmp_path, capsys, attack):
    """Held (attack7): whole files moved, removed or copied over others. Removing the newest pair leaves a
    consistent chain: only the exported anchor shows it (DESIGN.md, "Integrity")."""
    stems = rotated_pairs(tmp_path)
    assert len(stems) == 3 and verify(tmp_path)[0] == 0
    assert cli.main(["audit", "--dir", str(tmp_path), "export"]) == 0
    head = json.loads(capsys.readouterr().out.splitlines()[-1])
    anchor = f"{head['seq']}:{head['hash']}"
    if attack == "delete_middle_pair":
        for suffix in (".mitm", ".jsonl"):
            (tmp_path / f"{stems[1]}{suffix}").unlink()
    elif attack == "swap_two_pairs":
        _rename_pair(tmp_path, stems[1], "swap")
        _rename_pair(tmp_path, stems[2], stems[1])
        _rename_pair(tmp_path, "swap", stems[2])
    elif attack == "old_pair_copied_over_newest":
        for suffix in (".mitm", ".jsonl"):
            (tmp_path / f"{stems[2]}{suffix}").write_bytes((tmp_path / f"{stems[0]}{suffix}").read_bytes())
    else:
        for suffix in (".mitm", ".jsonl"):
            (tmp_path / f"{stems[2]}{suffix}").unlink()
        assert verify(tmp_path)[0] == 0  # consistent without it...
        capsys.readouterr()
    assert cli.main(["audit", "--dir", str(tmp_path), "verify", "--anchor", anchor]) == 1
    out = capsys.readouterr().out
    expected = {"delete_middle_pair": "removed", "swap_two_pairs": "reordered",
                "old_pair_copied_over_newest": "reordered", "delete_newest_pair": "anchor_missing"}[attack]
    assert f": {expected}: " in out, out


def test_flows_added_to_a_recording_whose_index_holds_no_flow_are_caught(tmp_path, capsys):
    """A pair whose index holds only events (a refused CONNECT, a restart's recovery): its recording is empty,
    and nothing checked it. A fabricated flow written there verified OK, and `exitguard replay` read it."""
    rec = Recorder(tmp_path, Rotation())
    rec.open()
    rec.record_event({"event": "connect", "host": "denied.example", "status": 403})
    rec.release()
    mitm = mitm_of(tmp_path)
    assert mitm.stat().st_size == 0 and verify(tmp_path) == (0, [])
    mitm.write_bytes(Recorder.serialize(tflow.tflow(resp=True)))
    code, problems = verify(tmp_path)
    assert code == 1 and problems == [(mitm.name, 0, "unindexed")]

def test_a_new_key_under_umask_000_has_private_folders_and_a_link_at_its_name_is_not_written_through(tmp_path):
    """attack8's open row: the key's new parent folders were made 0777 under umask 000 (whoever may write them may
    replace the key between runs), and a link planted at the name would have been followed by a plain open."""
    import os

    from mitmproxy import exceptions

    from addons.audit.audit import chain_key

    old = os.umask(0)
    try:
        chain_key(tmp_path / "a" / "b" / "record.key", None)
    finally:
        os.umask(old)
    assert [(tmp_path / p).stat().st_mode & 0o777 for p in ("a", "a/b", "a/b/record.key")] == [0o700, 0o700, 0o600]
    elsewhere = tmp_path / "theirs.key"
    (tmp_path / "keys").mkdir(mode=0o700)
    (tmp_path / "keys" / "record.key").symlink_to(elsewhere)  # dangling: a plain create would write there
    with pytest.raises(exceptions.OptionsError):
        chain_key(tmp_path / "keys" / "record.key", None)
    assert not elsewhere.exists()
