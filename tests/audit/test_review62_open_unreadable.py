"""review62: `exitguard audit open` of a record whose flow does not read back (a hostile or damaged recording: a
tnetstring length of 12 digits, bytes that are no flow, an offset that is no number) ended in a traceback, one
quoting what it read (`Invalid flow: loaded=b'...'`); `audit show` of the same record already said so in one line,
status 1 (README, "Exit codes"). A recording that is gone was already one line naming it, status 2."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from addons.audit import index as auditlog
from addons.cli import main as cli

FLOW_ID = "5e1f0c62-0000-4000-8000-000000000062"


def _folder(tmp_path: Path, mitm: bytes | None, offset: object = 0) -> Path:
    folder = tmp_path / "rec"
    folder.mkdir(mode=0o700)
    stem = auditlog.file_stem(1, datetime(2026, 12, 7, 18, tzinfo=UTC))
    if mitm is not None:
        (folder / f"{stem}.mitm").write_bytes(mitm)
    line, _ = auditlog.Chain().seal({"event": "flow", "flow_id": FLOW_ID, "time": "2026-12-07T18:00:00.000Z",
                                     "host": "api.openai.com", "decision": "pass", "findings": [],
                                     "file": f"{stem}.mitm", "offset": offset, "flow_bytes": 10 ** 12})
    (folder / f"{stem}.jsonl").write_bytes(line)
    return folder


@pytest.mark.parametrize(("mitm", "offset"), [
    (b"999999999999:" + b"x" * 64, 0),  # a length no reader should try to hold
    (b"3:abc,", 0),  # not a flow
    (b"", "zz"),  # an offset that is no number
], ids=["huge-length", "not-a-flow", "bad-offset"])
def test_a_flow_that_does_not_read_back_is_one_line_not_a_traceback(tmp_path, capsys, mitm, offset):
    folder = _folder(tmp_path, mitm, offset)
    assert cli.main(["audit", "--dir", str(folder), "open", FLOW_ID[:8], "--print"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""  # no mitmweb command for a flow it could not extract
    [line] = captured.err.splitlines()
    assert line.startswith(f"exitguard audit: the recorded flow {FLOW_ID[:8]}") and "cannot be read" in line
    assert [p.name for p in folder.iterdir() if p.suffix == ".mitm" and p.name.startswith("flow-")] == []


def test_a_recording_that_is_gone_is_named_as_before(tmp_path, capsys):
    folder = _folder(tmp_path, None)
    assert cli.main(["audit", "--dir", str(folder), "open", FLOW_ID[:8], "--print"]) == 2
    [line] = capsys.readouterr().err.splitlines()
    assert line.endswith(".mitm: no such file or directory")
